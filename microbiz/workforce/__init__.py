"""The member side of the anonymous workforce return: taking part, answers, building, sending.
May import microbiz.foundations, microbiz.hours and the shared schema in microbiz.collector.
"""
