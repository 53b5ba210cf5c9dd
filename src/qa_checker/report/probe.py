"""Probe the PDF path in a child process, because it can crash rather than fail.

With no usable fonts, Pango hands WeasyPrint a null font and the process dies with a
segmentation fault: no exception reaches Python, so neither ``doctor`` nor ``report``
could say anything. Running the probe as ``python -m qa_checker.report.probe`` in a
child turns that crash into a finding ("the renderer crashed: signal 11") that the
parent can explain and fix (install a font package), and exit 2 on.

The child asks fontconfig (through ctypes, as WeasyPrint itself does) how many fonts
it knows and how many are the report font; with ``--render`` it also renders one page
and looks for the font embedded in the PDF.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

FONT_FAMILY = "DejaVu Sans"
FONT_PACKAGE = "fonts-dejavu-core"
# How the font appears in the PDF's font dictionary (subset prefix, then the name).
EMBEDDED_FONT = re.compile(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?DejaVu-?Sans")
TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class Probe:
    """What the child found. ``crashed`` is the signal that killed it, if one did."""

    fonts: int | None = None  # fonts fontconfig knows (None: could not ask)
    family: int | None = None  # of which in the report's font family
    rendered: bool | None = None  # a page rendered (None: not tried)
    embedded: bool | None = None  # ... with the report font embedded
    error: str | None = None  # the child's own exception, or why it could not run
    crashed: int | None = None
    loaded_by: str | None = None  # how the render's ``import weasyprint`` loaded its libraries

    @property
    def fonts_ok(self) -> bool:
        return bool(self.fonts) and bool(self.family)


def run_probe(render: bool = False, timeout: float = TIMEOUT_SECONDS) -> Probe:
    """Run the probe in a child Python and read its one-line JSON answer."""
    command = [sys.executable, "-m", "qa_checker.report.probe", *(["--render"] if render else [])]
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return Probe(error=f"timeout after {timeout:g} s")
    except OSError as exc:
        return Probe(error=str(exc))
    if done.returncode < 0:
        return Probe(crashed=-done.returncode)
    lines = done.stdout.decode("utf-8", "replace").strip().splitlines()
    try:
        return Probe(**json.loads(lines[-1]))
    except (IndexError, ValueError, TypeError):
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return Probe(error=(tail[-1] if tail else f"exit code {done.returncode}")[:300])


def count_fonts(family: str | None = None) -> int:
    """Fonts fontconfig lists, all of them or those of ``family``."""
    try:  # the soname first: find_library runs ldconfig in a subprocess
        fc = ctypes.CDLL("libfontconfig.so.1")
    except OSError:
        fc = ctypes.CDLL(ctypes.util.find_library("fontconfig") or "libfontconfig.so.1")
    fc.FcInitLoadConfigAndFonts.restype = ctypes.c_void_p
    fc.FcNameParse.restype = ctypes.c_void_p
    fc.FcNameParse.argtypes = [ctypes.c_char_p]
    fc.FcObjectSetBuild.restype = ctypes.c_void_p
    fc.FcFontList.restype = ctypes.POINTER(ctypes.c_int)  # FcFontSet starts with int nfont
    fc.FcFontList.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    fc.FcFontSetDestroy.argtypes = [ctypes.c_void_p]
    config = fc.FcInitLoadConfigAndFonts()
    pattern = fc.FcNameParse(family.encode() if family else b"")
    objects = fc.FcObjectSetBuild(b"family", None)
    found = fc.FcFontList(ctypes.c_void_p(config), ctypes.c_void_p(pattern), ctypes.c_void_p(objects))
    if not found:
        return 0
    count = int(found[0])
    fc.FcFontSetDestroy(ctypes.cast(found, ctypes.c_void_p))
    return count


def _render_page() -> bytes:
    import contextlib
    import io

    from qa_checker.report.libs import plan, soname_loading

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        with soname_loading(plan()):  # the same way, by soname or by search, as ``report``
            import weasyprint
        html = f'<html lang="fr"><body style="font-family: \'{FONT_FAMILY}\'">Évaluée à l’œuvre : ç</body></html>'
        data: bytes = weasyprint.HTML(string=html).write_pdf(uncompressed_pdf=True)
    return data


def main(argv: list[str]) -> int:
    """The child: print one JSON line with what it found."""
    from qa_checker.report import libs

    found: dict[str, Any] = {}
    try:
        found["fonts"] = count_fonts()
        found["family"] = count_fonts(FONT_FAMILY)
        if "--render" in argv and found["fonts"]:
            found["rendered"] = False
            data = _render_page()
            found["rendered"] = True
            found["loaded_by"] = libs.taken
            found["embedded"] = bool(EMBEDDED_FONT.search(data))
    except Exception as exc:  # what went wrong is the answer
        found["error"] = f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:200]}"
    print(json.dumps(found))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
