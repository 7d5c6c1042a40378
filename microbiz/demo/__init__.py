"""A realistic sample business to try or show Microbiz: clients, hours, invoices, expenses, checks.
May import microbiz.foundations and the features: clients, hours, invoicing, compliance, tax.
"""
