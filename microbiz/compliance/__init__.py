"""Insurance and checks: policies and their reminders, onboarding checklists, the evidence pack.
May import microbiz.foundations.
"""
