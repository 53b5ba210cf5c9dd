"""``qa-checker doctor``: what the PDF path needs, and whether this machine has it.

``check`` needs nothing beyond Python packages; PDF reports need WeasyPrint and,
through it, system libraries (Pango, HarfBuzz, fontconfig) and a font with full Latin
coverage (DejaVu Sans). When one is missing WeasyPrint fails at import with a
low-level message, so this command looks for each piece separately, names the
Debian/Ubuntu package that provides it, and finally tries a one-page render that
must embed DejaVu Sans, which proves the whole path end to end.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import io
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata

import click

from qa_checker.messages import msg

FONT_FAMILY = "DejaVu Sans"
FONT_PACKAGE = "fonts-dejavu-core"
# How the font appears in the PDF's font dictionary (subset prefix, then the name).
EMBEDDED_FONT = re.compile(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?DejaVu-?Sans")

# (what, file names to try, generic name for find_library, Debian package, required)
LIBRARIES: tuple[tuple[str, tuple[str, ...], str, str, bool], ...] = (
    (
        "GLib/GObject",
        ("libgobject-2.0.so.0", "libgobject-2.0.0.dylib", "libgobject-2.0-0.dll"),
        "gobject-2.0",
        "libglib2.0-0",
        True,
    ),
    ("Pango", ("libpango-1.0.so.0", "libpango-1.0.dylib", "libpango-1.0-0.dll"), "pango-1.0", "libpango-1.0-0", True),
    (
        "PangoFT2",
        ("libpangoft2-1.0.so.0", "libpangoft2-1.0.dylib", "libpangoft2-1.0-0.dll"),
        "pangoft2-1.0",
        "libpangoft2-1.0-0",
        True,
    ),
    ("HarfBuzz", ("libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll"), "harfbuzz", "libharfbuzz0b", True),
    (
        "HarfBuzz subset",
        ("libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib", "libharfbuzz-subset-0.dll"),
        "harfbuzz-subset",
        "libharfbuzz-subset0",
        True,
    ),
    (
        "fontconfig",
        ("libfontconfig.so.1", "libfontconfig.1.dylib", "libfontconfig-1.dll"),
        "fontconfig",
        "libfontconfig1",
        True,
    ),
)

# (distribution, minimum major version or 0, required)
PACKAGES: tuple[tuple[str, int, bool], ...] = (("weasyprint", 70, True), ("jinja2", 3, True), ("pydyf", 0, True))


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    required: bool
    detail: str
    fix: str = ""


def _loads(names: Sequence[str], generic: str) -> str | None:
    """The library file that loads, trying WeasyPrint's own names first."""
    found = ctypes.util.find_library(generic)
    for name in (*names, *([found] if found else [])):
        try:
            ctypes.CDLL(name)
        except OSError:
            continue
        return name
    return None


def library_checks() -> list[Check]:
    checks = []
    for what, names, generic, package, required in LIBRARIES:
        found = _loads(names, generic)
        fix = msg("doctor.fix_apt", package=package)
        checks.append(Check(what, found is not None, required, found or msg("doctor.not_found"), "" if found else fix))
    return checks


def package_checks() -> list[Check]:
    checks = []
    for dist, minimum, required in PACKAGES:
        try:
            version = metadata.version(dist)
        except metadata.PackageNotFoundError:
            fix = msg("doctor.fix_pip", package=dist)
            checks.append(Check(dist, False, required, msg("doctor.not_installed"), fix))
            continue
        head = version.split(".", 1)[0]
        ok = not minimum or (head.isdigit() and int(head) >= minimum)
        fix = "" if ok else msg("doctor.fix_pip_min", package=dist, minimum=minimum)
        checks.append(Check(dist, ok, required, version, fix))
    return checks


def render_check() -> Check:
    """Render one page with French accents in DejaVu Sans and look for the embedded font."""
    name = msg("doctor.render", family=FONT_FAMILY)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            import weasyprint
        html = f'<html lang="fr"><body style="font-family: \'{FONT_FAMILY}\'">Évaluée à l’œuvre : ç</body></html>'
        data = weasyprint.HTML(string=html).write_pdf(uncompressed_pdf=True)
    except Exception as exc:  # any failure here is the finding doctor reports
        first = (str(exc).splitlines() or [""])[0][:200]
        return Check(name, False, True, f"{type(exc).__name__}: {first}", msg("doctor.fix_render"))
    if not EMBEDDED_FONT.search(data):
        return Check(
            name,
            False,
            True,
            msg("doctor.font_missing", family=FONT_FAMILY),
            msg("doctor.fix_apt", package=FONT_PACKAGE),
        )
    return Check(name, True, True, msg("doctor.font_embedded", family=FONT_FAMILY))


def tool_checks() -> list[Check]:
    """Optional helpers: only needed to refresh the report previews in docs/."""
    found = shutil.which("pdftoppm")
    return [
        Check(
            "pdftoppm",
            found is not None,
            False,
            found or msg("doctor.not_found"),
            "" if found else msg("doctor.fix_apt", package="poppler-utils"),
        )
    ]


def diagnose() -> list[Check]:
    checks = package_checks() + library_checks()
    if all(c.ok for c in checks if c.required):
        checks.append(render_check())
    else:
        checks.append(Check(msg("doctor.render", family=FONT_FAMILY), False, True, msg("doctor.render_skipped")))
    return checks + tool_checks()


def render_text(checks: Sequence[Check], color: bool) -> str:
    lines = [msg("doctor.heading")]
    for check in checks:
        word = msg("doctor.ok") if check.ok else msg("doctor.missing" if check.required else "doctor.optional")
        colour = "green" if check.ok else ("red" if check.required else "yellow")
        label = click.style(f"{word:<9}", fg=colour) if color else f"{word:<9}"
        lines.append(f"  {label} {check.name}: {check.detail}")
        if check.fix:
            lines.append(f"            {check.fix}")
    ready = all(c.ok or not c.required for c in checks)
    lines.append(msg("doctor.ready" if ready else "doctor.not_ready"))
    return "\n".join(lines) + "\n"
