"""The PySide6 desktop app: presents the core in `microbiz` and calls it, nothing more."""
