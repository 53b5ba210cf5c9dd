"""Write output files so that a run never leaves half a file behind, and never
replaces something that is not an ordinary file.

What is at the output path decides how it is written (docs/output.md, "Where output
goes"):

* nothing, or a regular file: a temporary file in the same folder, renamed into place
  only when complete, so an interrupted or failed run leaves the old file as it was;
* a symbolic link, a FIFO or a character device (``/dev/null``, ``/dev/stdout``, a
  shell's ``>(...)``): *written through*, opened for writing as a shell's ``>`` would,
  and never replaced or removed. Replacing them would turn ``/dev/null`` into a file
  for everyone, or leave a FIFO's reader waiting forever;
* a folder, a block device, a socket, a link that points nowhere, or a FIFO nobody is
  reading: refused (``OSError``), before anything is written.

Every failure is an ``OSError``; ``failure`` turns one into the plain per-file error
the commands print (exit code 2), never an "internal error".
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from qa_checker.errors import InputError

# The temporary file is ".<name>.<random>.tmp"; a long output name is shortened there so
# that a name the file system accepts never fails because of the temporary name.
_TMP_NAME_CHARS = 64


class Refused(OSError):
    """The output path holds something that must not be written or replaced."""

    def __init__(self, path: Path, key: str) -> None:
        from qa_checker.messages import msg

        super().__init__(errno.EINVAL, msg(key), str(path))
        self.key = key


def failure(path: str, exc: OSError) -> InputError:
    """The per-file error for an output that could not be written."""
    return InputError(path, "output.write_failed", {"path": path, "reason": reason(exc)})


def reason(exc: OSError) -> str:
    """The operating system's words for ``exc`` (``No space left on device``), without
    the temporary file's name, which means nothing to a user."""
    return exc.strerror or str(exc)


def _through(path: Path) -> bool:
    """True if ``path`` is to be written through, False if written by rename.

    Raises ``OSError`` for what is refused (see the module docstring)."""
    try:
        here = os.lstat(path)
    except FileNotFoundError:
        return False
    if stat.S_ISREG(here.st_mode):
        return False
    if stat.S_ISDIR(here.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if stat.S_ISLNK(here.st_mode):
        try:
            there = os.stat(path)
        except FileNotFoundError:
            raise Refused(path, "output.dangling_link") from None
        if stat.S_ISDIR(there.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        mode = there.st_mode
    else:
        mode = here.st_mode
    if stat.S_ISREG(mode) or stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return True
    raise Refused(path, "output.special_refused")


def _open_through(path: Path) -> int:
    """Open an existing link, FIFO or character device for writing, as ``>`` does.

    ``O_NONBLOCK`` makes opening a FIFO that no process reads fail at once (``ENXIO``)
    instead of waiting forever; blocking writes are switched back on after opening.
    No ``O_CREAT``: nothing is created through a link."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise Refused(path, "output.fifo_no_reader") from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
            raise Refused(path, "output.special_refused")  # it changed since it was looked at
        if stat.S_ISREG(mode):
            os.ftruncate(fd, 0)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _temporary(path: Path) -> tuple[int, str]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:_TMP_NAME_CHARS]}.", suffix=".tmp", dir=path.parent)
    # mkstemp creates the file private (0600); give it the mode a plain write would
    # (0666 less the umask), so a QA office's shared folder can read reports.
    os.fchmod(fd, 0o666 & ~_umask())
    return fd, tmp


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``: by rename for a new or regular file, else through."""
    if _through(path):
        with os.fdopen(_open_through(path), "wb") as handle:
            handle.write(data)
        return
    fd, tmp = _temporary(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


@contextmanager
def open_text(path: Path) -> Iterator[TextIO]:
    """A text file written as it goes. A new or regular file is renamed into place only
    when complete, so a long streamed run never leaves a half-written output file; a
    link, FIFO or device is written through as the text comes."""
    if _through(path):
        with os.fdopen(_open_through(path), "w", encoding="utf-8", newline="") as handle:
            yield handle
        return
    fd, tmp = _temporary(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
