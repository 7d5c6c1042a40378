"""What every page shares: forms, buttons, tables, filters, files, messages, keys, looks, runner.
May import microbiz and Qt; never another ui folder.
"""
