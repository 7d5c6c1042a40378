"""Dialogs, one per file, built in code."""
