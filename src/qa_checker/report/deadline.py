"""A wall-clock limit on one render (``Limits.render_seconds``).

Layout time grows with the input, and proposal text is untrusted, so a render that
takes too long is stopped and reported as that file's error instead of hanging a
batch or a CI job. The limit is a ``SIGALRM`` timer: it interrupts Python code
wherever it is, which a thread-based timer cannot do.

``RenderTimeout`` derives from ``BaseException`` so that renderer code catching
``Exception`` (WeasyPrint does, around images and fonts) cannot swallow it, and the
timer repeats after expiring in case one signal lands somewhere it is lost. Where
``SIGALRM`` does not exist (Windows) or outside the main thread, no limit applies.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

REPEAT_SECONDS = 0.5


class RenderTimeout(BaseException):
    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds


def available() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise ``RenderTimeout`` in the block if it runs longer than ``seconds``."""
    if seconds <= 0 or not available():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise RenderTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    try:
        # Started inside the ``try``: a very short limit can expire before the next
        # line runs, and the timer must still be stopped. A timer left running after
        # the handler is put back kills the process with SIGALRM (seen with 1e-6 s).
        signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT_SECONDS)
        yield
    finally:
        _stop(previous)


def _stop(previous: Any) -> None:
    """Stop the timer, then put the previous handler back. A repeat of the timer can
    still land here, before the timer is stopped: it is caught and the stop retried."""
    while True:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
            break
        except RenderTimeout:
            continue
    signal.signal(signal.SIGALRM, previous)
