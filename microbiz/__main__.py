"""`python -m microbiz`, also the packaged app's entry point: the same as the `microbiz` command."""

from __future__ import annotations

from microbiz.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
