"""The Clients page: the client dialog, rate cards and visit types, and their table models.
May import microbiz, Qt, ui.common and other ui folders' public (not _private) modules.
"""
