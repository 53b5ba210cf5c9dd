"""A wall-clock limit on checking one file (``Limits.check_seconds``).

Proposal files are untrusted: a named pipe, a pathological input or a rule that is
slow on it must not hang a pre-commit hook or a CI job. The limit is a ``SIGALRM``
timer, as for report renders (``report/deadline.py``): it interrupts Python code
wherever it is, which a thread-based timer cannot do. Workers of a process pool run
their work in their main thread, so the limit applies there too; where ``SIGALRM``
does not exist (Windows) or outside the main thread, no limit applies.

``CheckTimeout`` derives from ``BaseException`` so that library code catching
``Exception`` cannot swallow it, and the timer repeats after expiring in case one
signal lands somewhere it is lost. If a timer is already running (an outer limit),
that one governs and no second one is set, so the two never cancel each other.
"""

from __future__ import annotations

import math
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

REPEAT_SECONDS = 0.5


class CheckTimeout(BaseException):
    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds


def available() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``CheckTimeout`` in the block if it runs longer than ``seconds``."""
    if seconds <= 0 or not math.isfinite(seconds) or not available() or signal.getitimer(signal.ITIMER_REAL)[0]:
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise CheckTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
