"""Expenses, journeys and mileage, tax years, and the Self Assessment and MTD quarter totals.
May import microbiz.foundations, clients, hours and invoicing.
"""
