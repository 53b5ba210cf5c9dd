"""Today's date and the report's time stamp, pinned by ``SOURCE_DATE_EPOCH``.

Waivers expire against today's date and reports print when they were made; both read
the clock here, so one environment variable (reproducible-builds.org) makes a run
byte-identical, and the variable is parsed one way only.
"""

from __future__ import annotations

import datetime as dt
import os


def pinned() -> dt.datetime | None:
    """The instant ``SOURCE_DATE_EPOCH`` names, or None when it is unset or not a number."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return None


def now() -> dt.datetime:
    """Now in UTC, to the second, unless ``SOURCE_DATE_EPOCH`` says otherwise."""
    return pinned() or dt.datetime.now(dt.UTC).replace(microsecond=0)


def today() -> dt.date:
    """The date waivers expire against and decisions are recorded on."""
    when = pinned()
    return when.date() if when is not None else dt.date.today()
