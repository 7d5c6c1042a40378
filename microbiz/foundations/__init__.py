"""What every feature stands on: database, models, money, dates, validation, files, the clock.
May import the standard library and third-party libraries only, no other microbiz package.
"""
