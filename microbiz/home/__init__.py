"""Home: the week at a glance, the next tax date, income by month, first-run steps and search.
May import microbiz.foundations and the features: clients, compliance, hours, invoicing, tax.
"""
