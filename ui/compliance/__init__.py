"""The Insurance and checks page: policies, reminders, and the banner that points to them.
May import microbiz, Qt, ui.common and other ui folders' public (not _private) modules.
"""
