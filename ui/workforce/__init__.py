"""The Workforce page: taking part, the answers, and a preview of what is sent.
May import microbiz, Qt, ui.common and other ui folders' public (not _private) modules.
"""
