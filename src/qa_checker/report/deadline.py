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
    signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
