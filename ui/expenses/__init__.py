"""The Expenses page: expenses and journeys, their dialogs and table models.
May import microbiz, Qt, ui.common and other ui folders' public (not _private) modules.
"""
