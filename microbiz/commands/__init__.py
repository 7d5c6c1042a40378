"""The `microbiz` commands, one module for each part of the business.
May import every core package below it; never Qt or ui."""
