"""Microbiz: the Qt-free core of a business app for self-employed care workers.
Imports no Qt and no ui, apart from `cli` starting the window when asked to."""

__version__ = "0.1.0"
