"""Visits and shifts: logging, pricing, weekly schedules, bank holidays, billed or not, timesheets.
May import microbiz.foundations and microbiz.clients.
"""
