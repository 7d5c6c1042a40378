"""The Hours page: week view, visits, cancellations, schedules, timesheets, and their models.
May import microbiz, Qt, ui.common and other ui folders' public (not _private) modules.
"""
