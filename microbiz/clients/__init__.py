"""The people supported: their details, who pays for them, and their agreed rates.
May import microbiz.foundations.
"""
