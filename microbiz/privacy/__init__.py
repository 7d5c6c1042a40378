"""A client's rights over their data: a copy of everything held (subject access) and erasure.
May import microbiz.foundations and the features: clients, hours, invoicing, tax.
"""
