"""Invoices: drafts from hours, readiness, issuing, payments, credit notes, late claims, the PDF.
May import microbiz.foundations, microbiz.clients and microbiz.hours.
"""
