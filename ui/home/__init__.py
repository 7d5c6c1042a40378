"""The Home page: the week at a glance, money owed, what is due, tax, income, first steps, search.
May import microbiz, Qt, ui.common and other ui folders' public (not _private) modules.
"""
