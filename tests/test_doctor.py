"""``doctor`` and the PDF pre-flight: a machine without fonts gets a diagnosis, not a crash.

Without any font, Pango hands WeasyPrint a null font and the process dies with a
segmentation fault; these tests give fontconfig a configuration that lists no fonts
and check that both ``doctor`` and ``report`` survive it and say what to install.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLES, run_cli

NO_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>{empty}</dir><cachedir>{cache}</cachedir></fontconfig>
"""


@pytest.fixture
def no_fonts(tmp_path: Path) -> dict[str, str]:
    """Environment in which fontconfig knows no fonts at all."""
    (tmp_path / "empty").mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text(NO_FONTS.format(empty=tmp_path / "empty", cache=tmp_path / "cache"), encoding="utf-8")
    return {"FONTCONFIG_FILE": str(conf)}


def test_doctor_without_fonts_names_the_package_and_exits_non_zero(no_fonts: dict[str, str]) -> None:
    proc = run_cli("doctor", env=no_fonts)
    assert proc.returncode == 1  # not -11: the crash happened, if at all, in the probe's child
    assert "fontconfig finds no fonts" in proc.stdout
    assert "fonts-dejavu-core" in proc.stdout
    assert "PDF reports cannot be made" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_report_without_fonts_is_a_clear_error_and_writes_nothing(no_fonts: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "reports"
    proc = run_cli("report", str(EXAMPLES / "complete.yaml"), "--output", str(out), env=no_fonts)
    assert proc.returncode == 2
    assert "DejaVu Sans" in proc.stderr and "fonts-dejavu-core" in proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert not out.exists() or list(out.iterdir()) == []


def test_html_reports_need_no_fonts(no_fonts: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "reports"
    proc = run_cli("report", str(EXAMPLES / "complete.yaml"), "--format", "html", "--output", str(out), env=no_fonts)
    assert proc.returncode == 0, proc.stderr
    assert (out / "complete.html").is_file()


def test_doctor_on_this_machine_is_ready() -> None:
    proc = run_cli("doctor")
    assert proc.returncode == 0, proc.stdout
    for part in ("weasyprint", "Pango", "HarfBuzz subset", "fontconfig", "DejaVu Sans embedded"):
        assert part in proc.stdout
    assert "library loading: by soname" in proc.stdout  # what the test render's import did


def test_doctor_names_the_slow_library_loading_and_how_to_leave_it() -> None:
    proc = run_cli("doctor", env={"QA_CHECKER_LIBRARY_SEARCH": "1"})
    assert proc.returncode == 0, proc.stdout  # slower, not broken: optional
    assert "library loading: WeasyPrint's own search" in proc.stdout
    assert "unset QA_CHECKER_LIBRARY_SEARCH" in proc.stdout
