"""``qa-checker doctor``: what the PDF path needs, and whether this machine has it.

``check`` needs nothing beyond Python packages; PDF reports need WeasyPrint and,
through it, system libraries (Pango, HarfBuzz, fontconfig) and a font with full Latin
coverage (DejaVu Sans). When one is missing WeasyPrint fails at import with a
low-level message, so this command looks for each piece separately, names the
Debian/Ubuntu package that provides it, and finally tries a one-page render that
must embed DejaVu Sans, which proves the whole path end to end.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata

import click

from qa_checker.messages import msg
from qa_checker.report.libs import DISABLED, MISSING, Plan, plan
from qa_checker.report.probe import FONT_FAMILY, FONT_PACKAGE, Probe, run_probe

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


def font_check(probe: Probe) -> Check:
    """The report font, as fontconfig sees it (asked in a child process)."""
    name = msg("doctor.fonts", family=FONT_FAMILY)
    fix = msg("doctor.fix_apt", package=FONT_PACKAGE)
    if probe.crashed is not None:
        return Check(name, False, True, msg("doctor.crashed", signal=probe.crashed), fix)
    if probe.fonts is None:
        return Check(name, False, True, probe.error or msg("doctor.not_found"), fix)
    if not probe.fonts:
        return Check(name, False, True, msg("doctor.no_fonts"), fix)
    if not probe.family:
        return Check(name, False, True, msg("doctor.family_missing", family=FONT_FAMILY, fonts=probe.fonts), fix)
    return Check(name, True, True, msg("doctor.fonts_found", family=FONT_FAMILY, count=probe.family))


def render_check(probe: Probe) -> Check:
    """One page with French accents in DejaVu Sans, rendered in the child process."""
    name = msg("doctor.render", family=FONT_FAMILY)
    if probe.crashed is not None:
        return Check(name, False, True, msg("doctor.crashed", signal=probe.crashed), msg("doctor.fix_render"))
    if not probe.rendered:
        return Check(name, False, True, probe.error or msg("doctor.render_skipped"), msg("doctor.fix_render"))
    if not probe.embedded:
        detail = msg("doctor.font_missing", family=FONT_FAMILY)
        return Check(name, False, True, detail, msg("doctor.fix_apt", package=FONT_PACKAGE))
    return Check(name, True, True, msg("doctor.font_embedded", family=FONT_FAMILY))


def loading_check(chosen: Plan, probe: Probe | None = None) -> Check:
    """How ``import weasyprint`` loads its libraries: by soname (fast) or by its own search.

    Optional: the search works, it only costs time. The test render's child says which
    way it actually took; without a render, the plan for this machine is shown."""
    name = msg("doctor.loading")
    taken = probe.loaded_by if probe is not None and probe.loaded_by else ("soname" if chosen.fast else "search")
    if taken == "soname":
        return Check(name, True, False, msg("doctor.loading_soname"))
    if chosen.reason == MISSING:
        reason = msg("doctor.preload_missing", names=", ".join(lib.soname for lib in chosen.missing))
        fix = msg("doctor.fix_apt", package=" ".join(lib.package for lib in chosen.missing))
    elif chosen.reason == DISABLED:
        reason, fix = msg("doctor.preload_disabled"), msg("doctor.fix_preload_disabled")
    else:
        reason, fix = msg("doctor.preload_platform"), ""
    return Check(name, False, False, msg("doctor.loading_search", reason=reason), fix)


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
    """Every check; anything that could crash (fonts, the test render) runs in a child."""
    checks = package_checks() + library_checks()
    if all(c.ok for c in checks if c.required):
        probe = run_probe(render=True)
        checks += [font_check(probe), render_check(probe), loading_check(plan(), probe)]
    else:
        checks.append(Check(msg("doctor.render", family=FONT_FAMILY), False, True, msg("doctor.render_skipped")))
        checks.append(loading_check(plan()))
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
