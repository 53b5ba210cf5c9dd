"""Load WeasyPrint's system libraries by their sonames instead of its slow search.

WeasyPrint 70 (``weasyprint/text/ffi.py``) tries several names per library, Windows
and macOS names first. cffi hands each name that does not load to
``ctypes.util.find_library``, which on Linux runs ``ldconfig``, then ``gcc`` and ``ld``:
22 look-ups and 54 subprocesses, about 0.2 s of every ``report`` command on Debian,
before the library that finally loads is the soname anyway (``libpango-1.0.so.0``).

So, on Linux, when every required library loads by its soname, ``import weasyprint``
runs with cffi's ``dlopen`` answering WeasyPrint's names from the table below: the
first name asked for a library loads its soname directly (the same file the search
ends on), and an optional library whose soname does not load is absent at once
instead of after six searches. Otherwise (another platform, a library missing, a
WeasyPrint that asks for other names, or ``QA_CHECKER_LIBRARY_SEARCH=1``) WeasyPrint
imports unchanged. Either way what was done is recorded in ``taken`` and shown by
``qa-checker doctor``, with the Debian packages that give the fast path.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

SEARCH_ENV = "QA_CHECKER_LIBRARY_SEARCH"


@dataclass(frozen=True)
class Library:
    """One library WeasyPrint loads: its soname, the names WeasyPrint 70 asks for, its package."""

    what: str
    soname: str
    names: tuple[str, ...]
    package: str
    required: bool = True


LIBRARIES: tuple[Library, ...] = (
    Library(
        "GLib/GObject",
        "libgobject-2.0.so.0",
        (
            "libgobject-2.0-0",
            "gobject-2.0-0",
            "gobject-2.0",
            "libgobject-2.0.so.0",
            "libgobject-2.0.0.dylib",
            "libgobject-2.0-0.dll",
        ),
        "libglib2.0-0",
    ),
    Library(
        "Pango",
        "libpango-1.0.so.0",
        ("libpango-1.0-0", "pango-1.0-0", "pango-1.0", "libpango-1.0.so.0", "libpango-1.0.dylib", "libpango-1.0-0.dll"),
        "libpango-1.0-0",
    ),
    Library(
        "HarfBuzz",
        "libharfbuzz.so.0",
        ("libharfbuzz-0", "harfbuzz", "harfbuzz-0.0", "libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll"),
        "libharfbuzz0b",
    ),
    Library(
        "HarfBuzz subset",
        "libharfbuzz-subset.so.0",
        (
            "libharfbuzz-subset-0",
            "harfbuzz-subset",
            "harfbuzz-subset-0.0",
            "libharfbuzz-subset.so.0",
            "libharfbuzz-subset.0.dylib",
            "libharfbuzz-subset-0.dll",
        ),
        "libharfbuzz-subset0",
        required=False,
    ),
    Library(
        "HarfBuzz vector",
        "libharfbuzz-vector.so.0",
        (
            "libharfbuzz-vector-0",
            "harfbuzz-vector",
            "harfbuzz-vector-0.0",
            "libharfbuzz-vector.so.0",
            "libharfbuzz-vector.0.dylib",
            "libharfbuzz-vector-0.dll",
        ),
        "libharfbuzz-vector0",
        required=False,
    ),
    Library(
        "fontconfig",
        "libfontconfig.so.1",
        (
            "libfontconfig-1",
            "fontconfig-1",
            "fontconfig",
            "libfontconfig.so.1",
            "libfontconfig.1.dylib",
            "libfontconfig-1.dll",
        ),
        "libfontconfig1",
    ),
    Library(
        "PangoFT2",
        "libpangoft2-1.0.so.0",
        (
            "libpangoft2-1.0-0",
            "pangoft2-1.0-0",
            "pangoft2-1.0",
            "libpangoft2-1.0.so.0",
            "libpangoft2-1.0.dylib",
            "libpangoft2-1.0-0.dll",
        ),
        "libpangoft2-1.0-0",
    ),
)

# Why the fast path was not taken (catalogue keys, ``doctor.preload_*``).
PLATFORM = "platform"
DISABLED = "disabled"
MISSING = "missing"


@dataclass(frozen=True)
class Plan:
    """Whether ``import weasyprint`` can load by soname, and if not why.

    ``loads`` maps each library's soname to whether it loaded; ``reason`` is None on the
    fast path, else ``PLATFORM``, ``DISABLED`` or ``MISSING`` (``missing`` names the
    required libraries that did not load)."""

    loads: dict[str, bool]
    reason: str | None = None
    missing: tuple[Library, ...] = ()

    @property
    def fast(self) -> bool:
        return self.reason is None


def _loadable(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def plan(platform: str | None = None, loadable: Any = _loadable) -> Plan:
    """Decide the way ``import weasyprint`` will load its libraries, without importing it."""
    if os.environ.get(SEARCH_ENV):
        return Plan({}, DISABLED)
    if not (platform or sys.platform).startswith("linux"):
        return Plan({}, PLATFORM)
    loads = {lib.soname: bool(loadable(lib.soname)) for lib in LIBRARIES}
    missing = tuple(lib for lib in LIBRARIES if lib.required and not loads[lib.soname])
    return Plan(loads, MISSING if missing else None, missing)


# How the last ``import weasyprint`` in this process loaded its libraries: None (not yet),
# "soname" or "search". Read by tests and by the probe child for ``doctor``.
taken: str | None = None


def answers(chosen: Plan) -> dict[str, str | None]:
    """WeasyPrint's names → the soname to load instead (None: absent, fail at once)."""
    table: dict[str, str | None] = {}
    for lib in LIBRARIES:
        target = lib.soname if chosen.loads.get(lib.soname) else None
        for name in lib.names:
            table[name] = target
    return table


@contextlib.contextmanager
def soname_loading(chosen: Plan) -> Iterator[None]:
    """While importing WeasyPrint, let cffi's ``FFI.dlopen`` answer its names by soname.

    A name not in the table (a future WeasyPrint asking for something else) goes to cffi
    unchanged, so the worst case is the normal search, never a different library."""
    global taken
    if not chosen.fast:
        taken = "search"
        yield
        return
    import cffi

    table = answers(chosen)
    original = cffi.FFI.dlopen

    def dlopen(self: Any, name: Any, flags: int = 0) -> Any:
        if not isinstance(name, str) or name not in table:
            return original(self, name, flags)
        target = table[name]
        if target is None:
            raise OSError(f"{name}: not loadable by soname (optional library absent)")
        return original(self, target, flags)

    cffi.FFI.dlopen = dlopen
    taken = "soname"
    try:
        yield
    finally:
        cffi.FFI.dlopen = original
