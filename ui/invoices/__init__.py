"""The Invoices page: drafts, month end, issuing, payments, credit notes, late claims, models.
May import microbiz, Qt, ui.common and other ui folders' public (not _private) modules.
"""
