"""Parts of a streamed output set aside until the run is over.

SARIF, JUnit and GitHub annotations cannot be written in the order files arrive: JUnit's
totals and SARIF's exit code and rule list come before the per-file parts they count,
and GitHub sorts annotations across files. Holding every result until the end cost
~117 KB per proposal (1.2 GB for 10,000); a spool holds only each part's finished text,
in memory while it is small and in an anonymous temporary file past that, so memory
stays flat however many files a batch holds. The temporary file has no name on disk
once created and is gone when the spool closes or the process dies: an interrupted run
leaves nothing behind.

A spool that cannot be written (a full temporary folder) raises ``SpoolError``, which
the command reports as the output's plain could-not-be-written error.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from types import TracebackType
from typing import IO

IN_MEMORY = 1 << 20  # characters kept in memory before the spool moves to a temporary file
CHUNK = 1 << 20
MARK = "\0"  # brackets a name to fill in when copied out (JSON and XML text never hold a raw NUL)


class SpoolError(OSError):
    """The temporary file behind a spool could not be written or read back."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error.errno, error.strerror or str(error))
        self.error = error


class Spool:
    """Items of text, written in order and copied out once, each after a separator."""

    def __init__(self, separator: str = "") -> None:
        self.separator = separator
        self.count = 0  # items written
        self._handle: IO[str] = tempfile.SpooledTemporaryFile(
            max_size=IN_MEMORY, mode="w+", encoding="utf-8", newline=""
        )

    def __enter__(self) -> Spool:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._handle.close()

    def add(self, text: str) -> None:
        """One item; every item but the first is preceded by the separator."""
        try:
            self._handle.write(self.separator + text if self.count else text)
        except OSError as exc:
            raise SpoolError(exc) from None
        self.count += 1

    def copy(self, write: Callable[[str], object], fill: Callable[[str], str] | None = None) -> None:
        """Write everything added, in order. With ``fill``, each ``MARK name MARK`` is
        replaced by ``fill(name)``, called in the order the marks were written (for
        values known only at the end, such as a SARIF rule index)."""
        self._seek()
        carry = ""
        while chunk := self._read():
            if fill is None:
                write(chunk)
                continue
            parts = (carry + chunk).split(MARK)
            carry = MARK + parts.pop() if len(parts) % 2 == 0 else ""  # a mark cut by the chunk's end
            parts[1::2] = [fill(name) for name in parts[1::2]]
            write("".join(parts))

    def _seek(self) -> None:
        try:
            self._handle.seek(0)
        except OSError as exc:
            raise SpoolError(exc) from None

    def _read(self) -> str:
        # Only the spool's own reads are wrapped: an error of ``write`` (the output's
        # own) must reach the caller as it is.
        try:
            return self._handle.read(CHUNK)
        except OSError as exc:
            raise SpoolError(exc) from None
