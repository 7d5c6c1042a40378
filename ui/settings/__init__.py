"""The Settings page and the first-run dialog: the business's own details.
May import microbiz, Qt, ui.common and other ui folders' public (not _private) modules.
"""
