"""The one clock the core and the UI read for "today" and "now".

`MICROBIZ_NOW` (2027-03-01 or 2027-03-01T09:30) sets it, so tests and scripts give the
same answer on any day; unset, it is the computer's clock.
"""

from __future__ import annotations

import os
from datetime import date
from datetime import datetime

from microbiz.foundations.errors import UserError

VARIABLE = "MICROBIZ_NOW"


def now() -> datetime:
    """The local date and time, to the minute when set and to the microsecond when not."""
    given = os.environ.get(VARIABLE, "").strip()
    if not given:
        return datetime.now()
    try:
        return datetime.fromisoformat(given)
    except ValueError:
        raise UserError(
            f"{VARIABLE} '{given}' is not a date and time (use 2027-03-01 or 2027-03-01T09:30)"
        ) from None


def today() -> date:
    return now().date()
