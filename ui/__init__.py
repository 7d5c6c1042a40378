"""The PySide6 desktop app, a folder per page: presents the core in `microbiz` and calls it.
May import microbiz and Qt; the core never imports ui."""
