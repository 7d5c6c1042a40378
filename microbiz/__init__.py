"""Microbiz: the Qt-free core of a business app for self-employed care workers."""

__version__ = "0.1.0"
