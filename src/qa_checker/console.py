"""The one place that prints: colour, error lines, the progress bar, and where output goes.

Every command reports problems the same way (``file:line:col: error message`` on
standard error), shows one kind of progress bar, and writes its main output either to
standard output or atomically to a file. Keeping that here means a command module only
decides *what* to say.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click

from qa_checker.errors import QaError

# A progress bar only helps on a terminal, and only for runs long enough to wait for:
# a report takes a second or more, a check a few milliseconds.
PROGRESS_FROM = 50

# The progress bar being drawn, if any: every line printed while it is up goes through
# ``_above_bar``, so a diagnostic never lands in the middle of the bar's line.
_BARS: list[Any] = []
CLEAR_LINE = "\r\033[K"


@contextmanager
def _above_bar() -> Iterator[None]:
    """Clear the bar's line, let the caller print, then draw the bar again below."""
    if not _BARS:
        yield
        return
    sys.stderr.write(CLEAR_LINE)
    sys.stderr.flush()
    try:
        yield
    finally:
        sys.stdout.flush()
        _BARS[-1].render_progress()


def color_for(stream: IO[Any]) -> bool:
    """Colour only on a terminal, and never when ``NO_COLOR`` is set (no-color.org)."""
    return "NO_COLOR" not in os.environ and hasattr(stream, "isatty") and stream.isatty()


def say(text: str, err: bool = False) -> None:
    """Print ``text`` as it is (it carries its own newlines and colour codes)."""
    with _above_bar():
        click.echo(text, nl=False, err=err, color=True)


def show_errors(errors: Iterable[QaError]) -> None:
    """Each error on standard error in the ``file:line:col: error message`` shape."""
    from qa_checker.output.text import error_line

    color = color_for(sys.stderr)
    for error in errors:
        with _above_bar():
            click.echo(error_line(error, color), err=True, color=True)


def show_warnings(problems: Iterable[QaError]) -> None:
    """Problems that do not stop the run but must be seen, as ``file:line:col: warning ...``."""
    from qa_checker.output.text import warning_line

    color = color_for(sys.stderr)
    for problem in problems:
        with _above_bar():
            click.echo(warning_line(problem, color), err=True, color=True)


def note(text: str) -> None:
    """A line for the person at the terminal (what was written, a summary), on standard error."""
    with _above_bar():
        click.echo(text, err=True)


def progress_shown(total: int, start_from: int = PROGRESS_FROM) -> bool:
    """Whether ``progress`` will draw a bar (a terminal, and a long enough run)."""
    return total >= start_from and sys.stderr.isatty()


@contextmanager
def progress(total: int, label: str, start_from: int = PROGRESS_FROM) -> Iterator[Callable[[], None]]:
    """A progress bar on standard error when it is a terminal and the run is long enough;
    otherwise a step function that does nothing. Output on standard output never mixes
    with it."""
    if not progress_shown(total, start_from):
        yield lambda: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        _BARS.append(bar)
        try:
            yield lambda: bar.update(1)
        finally:
            _BARS.remove(bar)


@contextmanager
def destination(output: str | None) -> Iterator[Callable[[str], Any]]:
    """Where a command's main output goes: standard output for None or ``-``, else a file
    that is renamed into place only once complete (an error never leaves half a file), or
    written through if it is a link, FIFO or device (``atomic.py``).

    A file that cannot be written (a read-only folder, a full disk, a name too long) is
    raised as that file's ``InputError`` (exit code 2), never as an internal error; an
    ``OSError`` from the caller's own work passes through unchanged."""
    if output is None or output == "-":
        yield lambda text: say(text)
        return
    from qa_checker.atomic import failure, open_text

    # The first write error, kept: closing the file then flushes what is still buffered,
    # fails the same way, and must not replace the plain error with a raw OSError.
    failed: list[Exception] = []

    def writer(handle: IO[str]) -> Callable[[str], Any]:
        def write(text: str) -> Any:
            try:
                return handle.write(text)
            except OSError as exc:
                failed.append(failure(output, exc))
                raise failed[-1] from None

        return write

    in_body = False
    try:
        with open_text(Path(output)) as handle:
            in_body = True
            yield writer(handle)
            in_body = False
    except OSError as exc:  # opening the file, or the final flush and rename
        if failed:
            raise failed[0] from None
        if in_body:
            raise
        raise failure(output, exc) from None


# Set once SIGTERM or SIGINT arrives, for batches to check between files (``stop_requested``).
_STOP: dict[str, bool] = {"requested": False}


def stop_cleanly_on_sigterm() -> None:
    """CI runners and batch schedulers stop jobs with SIGTERM; turning it into
    KeyboardInterrupt lets atomic writes remove their temporary file on the way out.

    Python swallows an exception raised while a finaliser runs ("Exception ignored in
    ... __del__"): a SIGTERM that lands while WeasyPrint frees a font configuration is
    lost that way, and the batch went on to the end. So the request is also recorded,
    and a batch asks ``stop_requested`` after each file."""
    import signal

    def interrupt(signum: int, frame: Any) -> None:
        _STOP["requested"] = True
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, interrupt)
        # Ctrl-C can be swallowed the same way; keep it ignored where it was ignored.
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            signal.signal(signal.SIGINT, interrupt)
    except (ValueError, OSError):  # not the main thread, or no such signal here
        pass


def stop_requested() -> bool:
    """Whether SIGTERM or SIGINT arrived, even if the KeyboardInterrupt it raised was swallowed."""
    return _STOP["requested"]
