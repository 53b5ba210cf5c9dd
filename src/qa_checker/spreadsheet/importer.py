"""``qa-checker import``: a submissions spreadsheet (CSV) → one proposal file per row.

Every problem is named by the CSV file, the spreadsheet row (the header is row 1) and
the column (header name and letter). A bad row never stops the others; good rows are
written atomically; an existing file is only replaced with ``force``. The exit code is
2 when any row (or the file itself) could not be imported, else 0.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qa_checker.errors import InputError, InputErrors, QaError
from qa_checker.messages import msg
from qa_checker.spreadsheet import names
from qa_checker.spreadsheet.build import Problem, build_row
from qa_checker.spreadsheet.cells import restore
from qa_checker.spreadsheet.columns import FILE_COLUMN, HEADER_FIELDS, by_name, letter
from qa_checker.spreadsheet.parse import normalise, shown

SUFFIXES = (".yaml", ".yml")
_MAX_SLUG = 80
_FIELD_LIMIT = 16 * 1024 * 1024
_BAD_NAME = re.compile(r"[\x00-\x1f/\\:*?\"<>|]")


@dataclass
class Row:
    number: int  # spreadsheet row: the header is row 1
    cells: dict[str, str]
    file: str = ""


@dataclass
class Sheet:
    header: list[str]
    letters: dict[str, str]  # column name → spreadsheet letter
    rows: list[Row] = field(default_factory=list)
    errors: list[QaError] = field(default_factory=list)
    # rows that cannot be imported because a header problem hides their data
    blocked: dict[int, QaError] = field(default_factory=dict)


@dataclass
class Outcome:
    written: list[Path] = field(default_factory=list)
    errors: list[QaError] = field(default_factory=list)
    failed_rows: int = 0
    read: bool = False  # the sheet could be read (so rows were considered)


def import_csv(source: Path, output: Path, force: bool = False, shown_as: str | None = None) -> Outcome:
    name = shown_as if shown_as is not None else str(source)
    outcome = Outcome()
    try:
        sheet = read_sheet(source, name)
    except QaError as exc:
        outcome.errors.append(exc)
        return outcome
    outcome.errors.extend(sheet.errors)
    try:
        not_folder = output.exists() and not output.is_dir()
    except OSError as exc:  # a name too long, a loop of links: the folder cannot be used
        outcome.errors.append(InputError(str(output), "csv.unwritable", {"path": str(output), "reason": _why(exc)}))
        return outcome
    if not_folder:
        outcome.errors.append(InputError(str(output), "csv.output_not_folder"))
        return outcome
    outcome.read = True
    _name_files(sheet, name, outcome)
    from qa_checker.atomic import write_text

    for row in sheet.rows:
        # a row held back by a header or file-name problem is still read, so that all
        # of its problems are reported at once
        text = _proposal_text(row, sheet, name, outcome)
        if text is None or row.number in sheet.blocked or not row.file:
            outcome.failed_rows += 1
            continue
        target = output / row.file
        try:
            if target.exists() and not force:
                outcome.errors.append(_at(name, row.number, "csv.exists", {"path": str(target)}))
                outcome.failed_rows += 1
                continue
            write_text(target, text)
        except OSError as exc:
            outcome.errors.append(_at(name, row.number, "csv.unwritable", {"path": str(target), "reason": _why(exc)}))
            outcome.failed_rows += 1
            continue
        outcome.written.append(target)
    return outcome


# --- reading the sheet ------------------------------------------------------------


def read_sheet(source: Path, name: str) -> Sheet:
    from qa_checker.loader import open_regular

    try:
        with open_regular(source, name) as handle:  # a FIFO or device is refused unopened
            raw = handle.read()
    except IsADirectoryError:
        raise InputError(name, "loader.is_directory") from None
    except OSError as exc:
        raise InputError(name, "loader.unreadable", {"reason": _why(exc)}) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8-sig", errors="replace")
        raise InputError(name, "csv.not_utf8", {}, row_at(before)) from None
    if "\x00" in text:
        raise InputError(name, "csv.binary", {}, row_at(text[: text.index("\x00")]))
    if not text.strip():
        raise InputError(name, "csv.empty")
    records = _records(text, name)
    header = [normalise(h).strip() for h in records[0]]
    sheet = Sheet(header, {h: letter(i) for i, h in enumerate(header) if h})
    known = _check_header(sheet, records[1:], name)
    for index, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue  # a blank spreadsheet row
        row = Row(index, {})
        for position, cell in enumerate(record):
            if position < len(header) and header[position] in known:
                row.cells[header[position]] = restore(cell)
            elif position >= len(header) and cell.strip():
                sheet.errors.append(
                    _at(name, index, "csv.extra_cells", {"letter": letter(position), "columns": len(header)})
                )
                sheet.blocked[index] = sheet.errors[-1]
                break
        sheet.rows.append(row)
    return sheet


def row_at(before: str) -> int:
    """The spreadsheet row of the character that follows ``before`` (every other CSV
    error counts rows, and a cell may hold line breaks, so physical lines would
    disagree); the physical line when the text before it is not CSV."""
    reader = csv.reader(io.StringIO(before + "x", newline=""), delimiter=delimiter(before or ","))
    try:
        return max(1, sum(1 for _ in reader))
    except csv.Error:
        return before.count("\n") + 1


def delimiter(text: str) -> str:
    """Commas, unless the header line is separated by semicolons or tabs (Excel in a
    French locale saves "CSV" with semicolons). Column names contain none of them."""
    first = text.split("\n", 1)[0]
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _records(text: str, name: str) -> list[list[str]]:
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)  # a text field may hold 100,000 characters
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text), strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
    except csv.Error as exc:
        raise InputError(name, "csv.syntax", {"problem": str(exc)}, len(records) + 1) from None
    if not records or not any(h.strip() for h in records[0]):
        raise InputError(name, "csv.no_header", {}, 1)
    return records


def _check_header(sheet: Sheet, records: list[list[str]], name: str) -> set[str]:
    """The known column names in the header; unknown, reserved, unnamed and duplicate
    columns are errors, and a row with data in such a column is not imported (its data
    would be lost)."""
    columns = by_name()
    known: set[str] = set()
    seen: dict[str, str] = {}
    for position, header in enumerate(sheet.header):
        where = {"column": header, "letter": letter(position)}
        if header in seen:
            error = _at(name, 1, "csv.duplicate_column", {**where, "first": seen[header]})
        elif header in columns:
            known.add(header)
            seen[header] = letter(position)
            continue
        elif not header:
            error = _at(name, 1, "csv.unnamed_column", where)
        elif header in HEADER_FIELDS:
            error = _at(name, 1, "csv.reserved_column", where)
        else:
            match = difflib.get_close_matches(header, list(columns), n=1, cutoff=0.6)
            key = "csv.unknown_column_suggest" if match else "csv.unknown_column"
            error = _at(name, 1, key, {**where, "suggestion": match[0] if match else ""})
        used = [i + 2 for i, r in enumerate(records) if position < len(r) and r[position].strip()]
        if not header and not used:
            continue  # an empty, unnamed column: spreadsheets often add one
        sheet.errors.append(error)
        for number in used:
            if number not in sheet.blocked:
                sheet.blocked[number] = error
                params = {"column": header or "?", "letter": letter(position)}
                sheet.errors.append(_at(name, number, "csv.row_blocked", params))
    return known


# --- one row ----------------------------------------------------------------------


def _proposal_text(row: Row, sheet: Sheet, name: str, outcome: Outcome) -> str | None:
    from qa_checker.spreadsheet.yamlout import dump

    built = build_row(row.cells)
    if built.problems:
        outcome.errors.extend(_cell_error(name, row.number, p, sheet) for p in built.problems)
        return None
    comment = msg("csv.yaml_comment", source=Path(name).name, row=row.number)
    text = dump(built.data, comment)
    problem = _reread(text, built.data, row.file)
    if problem is not None:
        outcome.errors.append(_at(name, row.number, "csv.not_faithful", {"detail": problem}))
        return None
    return text


def _reread(text: str, data: dict[str, Any], file: str) -> str | None:
    """Load the YAML as ``check`` will and make sure it is the row's data, unchanged."""
    from qa_checker.loader import load_text
    from qa_checker.validate import validate

    try:
        doc = load_text(text, file)
        validate(doc)
    except InputErrors as exc:
        return "; ".join(e.message for e in exc.errors)
    except QaError as exc:
        return exc.message
    return None if doc.data == data else msg("csv.changed_on_reread")


def _cell_error(name: str, row: int, problem: Problem, sheet: Sheet) -> QaError:
    detail = msg(problem.message, **problem.params)
    column = problem.column
    if column not in sheet.letters:
        return _at(name, row, "csv.at_absent_column", {"column": column, "problem": detail})
    where = {"column": column, "letter": sheet.letters[column], "problem": detail}
    if problem.line is None:
        return _at(name, row, "csv.at_column", where)
    if problem.key is None:
        return _at(name, row, "csv.at_item", {**where, "line": problem.line})
    return _at(name, row, "csv.at_item_key", {**where, "line": problem.line, "key": problem.key})


def _at(name: str, row: int, key: str, params: dict[str, Any]) -> QaError:
    return InputError(name, key, params, row)


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


# --- file names -------------------------------------------------------------------


def _name_files(sheet: Sheet, name: str, outcome: Outcome) -> None:
    """Each row's output file: the ``file`` column, else a slug of ``code`` or
    ``title``; names are unique within the import (ignoring case, as Windows and
    macOS do), and a named file wins over a generated one."""
    taken: set[str] = set()
    named: dict[int, str] = {}
    for row in sheet.rows:
        raw = normalise(row.cells.get(FILE_COLUMN, "")).strip()
        if not raw:
            continue
        chosen, problem = _explicit_name(raw)
        if problem is None and chosen.lower() in taken:
            problem = ("csv.duplicate_file", {"file": chosen})
        if problem is not None:
            key, params = problem
            outcome.errors.append(_cell_error(name, row.number, Problem(FILE_COLUMN, key, params), sheet))
            sheet.blocked.setdefault(row.number, outcome.errors[-1])
            continue
        taken.add(chosen.lower())
        named[row.number] = chosen
    for row in sheet.rows:
        if row.number in named:
            row.file = named[row.number]
            continue
        if normalise(row.cells.get(FILE_COLUMN, "")).strip():
            continue  # a bad name, already reported
        stem = slug(row.cells.get("code", "")) or slug(row.cells.get("title", "")) or "proposal"
        candidate, n = f"{stem}.yaml", 1
        while candidate.lower() in taken:
            n += 1
            candidate = f"{stem}-{n}.yaml"
        taken.add(candidate.lower())
        row.file = candidate


def _explicit_name(raw: str) -> tuple[str, tuple[str, dict[str, Any]] | None]:
    if _BAD_NAME.search(raw) or raw.startswith(".") or raw.endswith((" ", ".")):
        return raw, ("csv.bad_file_name", {"file": shown(raw)})
    suffix = Path(raw).suffix
    if suffix.lower() not in SUFFIXES:
        if suffix and suffix.lower() in (".json", ".csv", ".txt"):
            return raw, ("csv.bad_file_suffix", {"file": shown(raw)})
        raw += ".yaml"
    refused = names.problem(raw)
    if refused is not None:
        return raw, (refused, {"file": shown(raw), "limit": names.MAX_NAME_CHARS})
    return raw, None


def slug(text: str) -> str:
    """``AUTO-MC-114`` → ``auto-mc-114``; accents dropped, anything else a hyphen."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return out[:_MAX_SLUG].rstrip("-")
