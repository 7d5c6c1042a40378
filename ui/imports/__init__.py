"""Importing from a spreadsheet: the preview dialog with each row's problems, and its model.
May import microbiz, Qt, ui.common and other ui folders' public (not _private) modules.
"""
