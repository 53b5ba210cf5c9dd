"""Spreadsheet intake: CSV import and export (docs/csv.md)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from qa_checker.loader import load_document
from qa_checker.model import Proposal
from qa_checker.spreadsheet.build import build_row
from qa_checker.spreadsheet.columns import ValueType, by_path, columns, field_order, letter
from qa_checker.spreadsheet.doc_table import columns_markdown
from qa_checker.spreadsheet.exporter import export_csv
from qa_checker.spreadsheet.flatten import flatten
from qa_checker.spreadsheet.importer import import_csv, slug
from qa_checker.spreadsheet.parse import escape, read_items, read_list, split, unescape
from qa_checker.validate import validate

from conftest import EXAMPLES, REPO, run_cli

TEMPLATE = EXAMPLES / "intake" / "submissions-template.csv"


def header_letter(name: str) -> str:
    return letter([c.name for c in columns()].index(name))


def rows_of(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


# --- the template ------------------------------------------------------------------


def test_template_import_then_export_round_trips_byte_for_byte(tmp_path: Path) -> None:
    imported = run_cli("import", str(TEMPLATE), "--output", str(tmp_path / "intake"))
    assert imported.returncode == 0, imported.stderr
    assert sorted(p.name for p in (tmp_path / "intake").iterdir()) == ["complete.yaml", "ot-security.yaml"]
    exported = run_cli("export", str(tmp_path / "intake"), "--output", str(tmp_path / "back.csv"))
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "back.csv").read_bytes() == TEMPLATE.read_bytes()


def test_template_first_row_is_complete_yaml(tmp_path: Path) -> None:
    outcome = import_csv(TEMPLATE, tmp_path)
    assert outcome.errors == [] and len(outcome.written) == 2
    original = load_document(EXAMPLES / "complete.yaml").data
    assert load_document(tmp_path / "complete.yaml").data == original
    assert rows_of(TEMPLATE)[1] == flatten(original, "complete.yaml")
    assert rows_of(TEMPLATE)[0] == [c.name for c in columns()]


def test_imported_proposals_check_without_input_errors(tmp_path: Path) -> None:
    assert import_csv(TEMPLATE, tmp_path / "intake").errors == []
    result = run_cli("check", str(tmp_path / "intake"), "--fail-on", "never", "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert len(report["files"]) == 2
    assert all(not f.get("errors") for f in report["files"])


def test_written_yaml_keeps_ambiguous_text_as_text(tmp_path: Path) -> None:
    sheet = write_csv(
        tmp_path / "s.csv",
        [
            ["title", "code", "provider.jurisdiction", "cip_code", "noc_codes", "languages", "level.value"],
            ["2026-04-22", "yes", "ON", "47.0604", "072410; 1e3", "no", "'6"],
        ],
    )
    outcome = import_csv(sheet, tmp_path / "out")
    assert outcome.errors == []
    text = outcome.written[0].read_text(encoding="utf-8")
    assert "jurisdiction: 'ON'" in text and "cip_code: '47.0604'" in text and "code: 'yes'" in text
    doc = load_document(outcome.written[0])
    validate(doc)
    assert doc.data["title"] == "2026-04-22" and doc.data["languages"] == ["no"]
    assert doc.data["noc_codes"] == ["072410", "1e3"] and doc.data["level"] == {"value": "6"}
    assert list(doc.data)[:3] == ["kind", "schema_version", "title"]


# --- errors ------------------------------------------------------------------------


def test_bad_cells_are_reported_by_row_and_column_and_good_rows_written(tmp_path: Path) -> None:
    sheet = write_csv(
        tmp_path / "submissions.csv",
        [
            ["title", "code", "instructional_hours", "provider.type", "assessments", "intructional_hours"],
            ["Good", "G-1", "40", "college", "id: A1 | type: practical | maps_to: LO1; LO2", ""],
            ["Hours in words", "B-1", "forty", "", "", ""],
            ["Bad choice", "B-2", "10", "collage", "id: A1\nid: A2 | type: practicle | summative: maybe", ""],
            ["Typo column", "B-3", "", "", "", "12"],
            ["Also good", "G-2", "12.5", "university", "", ""],
        ],
    )
    out = tmp_path / "intake"
    result = run_cli("import", str(sheet), "--output", str(out))
    assert result.returncode == 2
    err = result.stderr
    assert "Traceback" not in err
    assert 'submissions.csv:3: error column instructional_hours (C): should be a number, not "forty"' in err
    assert 'submissions.csv:4: error column provider.type (D): "collage" is not one of the allowed values' in err
    assert 'did you mean "college"?' in err
    assert "submissions.csv:4: error column assessments (E), line 2 of the cell, key type:" in err
    assert "submissions.csv:4: error column assessments (E), line 2 of the cell, key summative:" in err
    unknown = 'column intructional_hours (F) is not a known column; did you mean "instructional_hours"?'
    assert f"submissions.csv:1: error {unknown}" in err
    assert "submissions.csv:5: error row not imported: it has a value in column intructional_hours (F)" in err
    assert "wrote 2 proposal files" in err and "3 rows not imported" in err
    assert sorted(p.name for p in out.iterdir()) == ["g-1.yaml", "g-2.yaml"]
    assert load_document(out / "g-2.yaml").data["instructional_hours"] == 12.5


def test_model_errors_map_back_to_the_column(tmp_path: Path) -> None:
    sheet = write_csv(
        tmp_path / "s.csv",
        [
            ["title", "institutional_approval.date", "cost.tuition", "funding", "evidence"],
            ["", "22/04/2026", "-5", "status: planned", "id: E1 | type: employer_letter\nid: E2 | tipe: lmi_report"],
        ],
    )
    outcome = import_csv(sheet, tmp_path / "out")
    assert outcome.written == [] and {e.line for e in outcome.errors} == {2}
    lines = [e.message for e in outcome.errors]
    assert "column title (A): `title` is required" in lines
    assert any(line.startswith("column institutional_approval.date (B): ") and "YYYY-MM-DD" in line for line in lines)
    assert any(line.startswith("column cost.tuition (C): ") and "0 or more" in line for line in lines)
    assert "column funding (D), line 1 of the cell, key program: `program` is required" in lines
    # the unknown key is reported once, not again as the missing `type` of item E2
    evidence = [line for line in lines if line.startswith("column evidence")]
    assert evidence == [
        'column evidence (E), line 2 of the cell: "tipe" is not a key of this column; did you mean "type"? '
        "Known keys: id, type, title, path, url, issuer, date, signed, description"
    ]


def test_existing_files_are_not_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "intake"
    assert run_cli("import", str(TEMPLATE), "--output", str(out)).returncode == 0
    (out / "complete.yaml").write_text("edited by hand\n", encoding="utf-8")
    again = run_cli("import", str(TEMPLATE), "--output", str(out))
    assert again.returncode == 2
    assert "complete.yaml exists; it was not overwritten (pass --force to replace it)" in again.stderr
    assert (out / "complete.yaml").read_text(encoding="utf-8") == "edited by hand\n"
    forced = run_cli("import", str(TEMPLATE), "--output", str(out), "--force")
    assert forced.returncode == 0, forced.stderr
    assert (out / "complete.yaml").read_text(encoding="utf-8").startswith("# Imported by qa-checker")
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "no temporary files left behind"


def test_export_does_not_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("keep\n", encoding="utf-8")
    result = run_cli("export", str(EXAMPLES / "complete.yaml"), "--output", str(target))
    assert result.returncode == 2 and "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"title,code\nCaf\xe9,X\n", "s.csv:2: error is not UTF-8 text"),
        (b"", "s.csv: error is empty"),
        (b"\xef\xbb\xbf\r\n", "s.csv: error is empty"),
        (b",,\nx,y,z\n", "s.csv:1: error has no header row"),
        (b'title,code\n"open quote,X\n', "s.csv:2: error cannot be read as CSV"),
        (b"PK\x03\x04\x00\x00", "this is not a CSV text file"),
        (b"title,code\nT,C,surplus\n", "s.csv:2: error row not imported: it has a value in column C, beyond the 2"),
        (b"title,title\nA,B\n", "s.csv:1: error column title (B) appears twice in the header (first in column A)"),
        (b"title,,code\nA,oops,C\n", "s.csv:1: error column B has values but no name in the header row"),
        (b"title,kind\nA,MicroCredentialProposal\n", "kind and schema_version are added by import"),
    ],
)
def test_awkward_files_are_reported_never_a_traceback(tmp_path: Path, content: bytes, expected: str) -> None:
    (tmp_path / "s.csv").write_bytes(content)
    result = run_cli("import", "s.csv", "--output", "out", cwd=tmp_path)
    assert result.returncode == 2
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_excel_bom_semicolons_ragged_rows_and_crlf_are_read(tmp_path: Path) -> None:
    content = (
        "\ufefftitle;code;noc_codes;;\r\n"
        'BOM and semicolons;S-1;"72410; 72411"\r\n'
        "\r\n"
        "Short row;S-2\r\n"
        '"Two\r\nlines";S-3;;;\r\n'
    )
    (tmp_path / "s.csv").write_bytes(content.encode("utf-8"))
    outcome = import_csv(tmp_path / "s.csv", tmp_path / "out")
    assert outcome.errors == []
    data = {p.name: load_document(p).data for p in outcome.written}
    assert data["s-1.yaml"]["noc_codes"] == ["72410", "72411"]
    assert data["s-2.yaml"]["title"] == "Short row"
    assert data["s-3.yaml"]["title"] == "Two\nlines"


# --- file names ----------------------------------------------------------------------


def test_file_names_default_to_slugs_and_stay_unique(tmp_path: Path) -> None:
    sheet = write_csv(
        tmp_path / "s.csv",
        [
            ["file", "title", "code"],
            ["", "Électricité de base", ""],
            ["", "Same code", "AB-1"],
            ["", "Same code again", "ab 1"],
            ["ab-1", "Named explicitly", ""],
            ["AB-1.yaml", "Named twice", ""],
            ["../escape.yaml", "Bad name", ""],
        ],
    )
    outcome = import_csv(sheet, tmp_path / "out")
    names = sorted(p.name for p in outcome.written)
    assert names == ["ab-1-2.yaml", "ab-1-3.yaml", "ab-1.yaml", "electricite-de-base.yaml"]
    assert load_document(tmp_path / "out" / "ab-1.yaml").data["title"] == "Named explicitly"
    messages = [str(e) for e in outcome.errors]
    assert any("s.csv:6: column file (A): another row already writes" in m for m in messages)
    assert any("s.csv:7: column file (A): " in m and "cannot be a file name" in m for m in messages)
    assert not (tmp_path / "escape.yaml").exists()
    assert slug("AUTO-MC-114") == "auto-mc-114"


# --- cell syntax and escaping ----------------------------------------------------------


def test_escapes_split_and_unescape() -> None:
    assert split(r"a\;b;c", ";") == [r"a\;b", "c"]
    assert unescape(r"a\;b \| c \\ d\ne \x") == "a;b | c \\ d\ne \\x"
    for text in ["a|b;c", "back\\slash\\n", "line\nbreak", "plain", "\\", "ends with \\"]:
        assert unescape(escape(text, "|;")) == text
    text = ValueType(text=True)
    assert read_list("72410; 72411\n72412;;", text) == ["72410", "72411", "72412"]
    assert read_items("id: A1 | url: https://x.org/a:b\n\nid: A2") == [
        (1, [("id", " A1 "), ("url", " https://x.org/a:b")]),
        (3, [("id", " A2")]),
    ]


def test_pipes_semicolons_newlines_and_backslashes_round_trip(tmp_path: Path) -> None:
    tricky = "detect | contain; report\nthen \\n review \\ done"
    proposal = {
        "kind": "MicroCredentialProposal",
        "schema_version": 2,
        "title": "Title with | and ; kept as is",
        "description": "Two\nlines; and a | pipe",
        "level": {"framework": "OQF", "value": "6"},
        "learning_outcomes": [{"id": "LO1", "statement": tricky}, {"id": "LO2", "statement": "'quoted'"}],
        "assessments": [{"id": "A1", "maps_to": ["LO;1", "LO|2", "back\\slash"], "summative": False}],
        "transfer_agreements": [{"partner_institution": "X", "credit_value": "3.0"}, {"credit_value": 3}],
        "noc_codes": ["72;410", "line\nbreak", "\\"],
        "evidence": [{"id": "E1", "type": "other", "path": "evidence\\letter.pdf"}],
    }
    validate_data(proposal)
    source = tmp_path / "src"
    source.mkdir()
    import yaml

    (source / "tricky.yaml").write_text(yaml.safe_dump(proposal, sort_keys=False), encoding="utf-8")
    exported = export_csv([str(source)])
    assert exported.errors == [] and exported.warnings == []
    (tmp_path / "t.csv").write_text(exported.text, encoding="utf-8", newline="")
    outcome = import_csv(tmp_path / "t.csv", tmp_path / "back")
    assert outcome.errors == []
    assert load_document(tmp_path / "back" / "tricky.yaml").data == proposal
    row = dict(zip(rows_of(tmp_path / "t.csv")[0], rows_of(tmp_path / "t.csv")[1], strict=True))
    assert row["learning_outcomes"] == (
        "id: LO1 | statement: detect \\| contain; report\\nthen \\\\n review \\\\ done\nid: LO2 | statement: 'quoted'"
    )
    assert row["level.value"] == "'6"
    assert row["transfer_agreements"] == "partner_institution: X | credit_value: '3.0\ncredit_value: 3"
    assert row["noc_codes"] == "72\\;410; line\\nbreak; \\\\"
    # and the export of the re-imported files is the same CSV again
    assert export_csv([str(tmp_path / "back")]).text == exported.text


def validate_data(data: dict) -> None:
    Proposal.model_validate(data)


def test_export_warns_about_values_a_cell_cannot_hold(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(
        "kind: MicroCredentialProposal\nschema_version: 1\ntitle: T\ndescription: ''\nnoc_codes: []\nx_extra: 1\n",
        encoding="utf-8",
    )
    result = export_csv([str(tmp_path)])
    assert result.errors == [] and result.rows == 1
    assert any("description, noc_codes" in w for w in result.warnings)
    assert any("x_extra" in w for w in result.warnings)


def test_export_is_deterministic_and_reports_bad_files(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "kind: MicroCredentialProposal\nschema_version: 1\ntitle: T\ninstructional_hours: forty\n", encoding="utf-8"
    )
    first = run_cli("export", str(EXAMPLES), str(tmp_path), "--output", "-")
    second = run_cli("export", str(EXAMPLES), str(tmp_path), "--output", "-")
    assert first.returncode == second.returncode == 2
    assert first.stdout == second.stdout and first.stdout.startswith("\ufefffile,title,")
    assert "bad.yaml:4:" in first.stderr


# --- columns and docs ------------------------------------------------------------------


def test_every_model_field_has_a_column() -> None:
    def leaves(model: type, prefix: tuple[str, ...]) -> set[tuple[str, ...]]:
        from qa_checker.spreadsheet.columns import sub_model

        out: set[tuple[str, ...]] = set()
        for name in field_order(model):
            sub = sub_model(model.model_fields[name].annotation)
            out |= leaves(sub, (*prefix, name)) if sub else {(*prefix, name)}
        return out

    assert leaves(Proposal, ()) - {("kind",), ("schema_version",)} == set(by_path())
    assert [c.name for c in columns()][:3] == ["file", "title", "code"]
    assert letter(0) == "A" and letter(25) == "Z" and letter(26) == "AA" and letter(701) == "ZZ"


def test_build_row_orders_fields_like_the_model() -> None:
    built = build_row({"credits.value": "1", "title": "T", "provider.name": "P", "code": "C"})
    assert built.problems == []
    assert list(built.data) == ["kind", "schema_version", "title", "code", "provider", "credits"]


def test_docs_column_table_matches_the_columns() -> None:
    text = (REPO / "docs" / "csv.md").read_text(encoding="utf-8")
    start = text.index("<!-- columns:start (generated) -->\n") + len("<!-- columns:start (generated) -->\n")
    end = text.index("<!-- columns:end -->")
    assert text[start:end] == columns_markdown(), "regenerate with: python -m qa_checker.spreadsheet.doc_table"
    for column in columns():
        assert f"`{column.name}`" in text


def test_any_text_survives_list_and_item_cells() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from qa_checker.spreadsheet.parse import normalise, read_item_value, write_item, write_list

    text = ValueType(text=True)
    # a cell cannot hold surrounding spaces or empty values (documented); anything else must survive
    values = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1).map(str.strip).filter(bool)

    @settings(max_examples=300, deadline=None)
    @given(st.lists(values, min_size=1, max_size=4), values)
    def check(items: list[str], one: str) -> None:
        # line breaks come back as LF whatever they were (as in YAML)
        expected = [v for v in (normalise(v).strip() for v in items) if v]
        assert read_list(normalise(write_list(items, text)), text) == expected
        line = write_item([("title", one, text, False), ("maps_to", items, text, True)])
        (number, pairs), *rest = read_items(normalise(line))
        assert rest == [] and number == 1
        assert [k for k, _ in pairs] == ["title", "maps_to"]
        assert read_item_value(pairs[0][1], text, False) == normalise(one).strip()
        assert read_item_value(pairs[1][1], text, True) == expected

    check()


def test_an_encoding_error_is_reported_at_its_spreadsheet_row(tmp_path: Path) -> None:
    """A cell with line breaks spans several physical lines; the error still names the
    spreadsheet row, as every other CSV error does (issue #19)."""
    from qa_checker.errors import InputError
    from qa_checker.spreadsheet.importer import read_sheet

    sheet = tmp_path / "s.csv"
    header = b"title,description\n"
    multi = b'First,"one\ntwo\nthree"\n'  # row 2, physical lines 2-4
    sheet.write_bytes(header + multi + b"Second,caf\xe9\n")  # Latin-1 byte on row 3, physical line 5
    with pytest.raises(InputError) as info:
        read_sheet(sheet, "s.csv")
    assert (info.value.key, info.value.line) == ("csv.not_utf8", 3)
