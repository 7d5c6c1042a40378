"""`python -m microbiz.collector`: the same as the `microbiz-collector` command."""

from __future__ import annotations

from microbiz.collector.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
