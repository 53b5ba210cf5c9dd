"""``qa-checker export``: proposal files → one CSV row each, the inverse of import.

The CSV has the generated columns in their fixed order, one row per proposal in the
order ``runner.expand`` finds them (folders sorted by path), UTF-8 with a byte-order
mark (so Excel reads accents correctly) and CRLF line ends (RFC 4180): the same
proposals always give the same bytes. A proposal that cannot be read or validated is
reported and left out (exit code 2); a value the CSV cannot carry exactly (an empty
list, empty text) is reported as a warning.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from qa_checker.errors import InputErrors, NotAProposal, QaError
from qa_checker.messages import msg
from qa_checker.spreadsheet.build import build_row
from qa_checker.spreadsheet.cells import neutralise
from qa_checker.spreadsheet.columns import columns
from qa_checker.spreadsheet.flatten import flatten, losses

BOM = "\ufeff"


@dataclass
class Export:
    text: str
    rows: int
    errors: list[QaError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def export_csv(paths: Sequence[str]) -> Export:
    from qa_checker.loader import load_document
    from qa_checker.pipeline import expand
    from qa_checker.validate import validate

    expansion = expand(paths)
    errors: list[QaError] = list(expansion.errors)
    warnings: list[str] = []
    rows: list[list[str]] = []
    names: set[str] = set()
    for target in expansion.targets:
        shown = str(target.path)
        try:
            doc = load_document(target.path, display=shown)
            unknown = validate(doc).unknown
        except NotAProposal as exc:
            if target.explicit:
                errors.append(exc)
            continue
        except InputErrors as exc:
            errors.extend(exc.errors)
            continue
        except QaError as exc:
            errors.append(exc)
            continue
        if unknown:
            fields = ", ".join(u.pointer.lstrip("/").replace("/", ".") for u in unknown)
            warnings.append(msg("csv.export_unknown", file=shown, fields=fields))
        name = _unique(target.path, names)
        row = flatten(doc.data, name)
        lost = losses(doc.data, build_row(dict(zip(_header(), row, strict=True))).data)
        if lost:
            warnings.append(msg("csv.export_lossy", file=shown, columns=", ".join(lost)))
        rows.append(row)
    return Export(render([_header(), *rows]), len(rows), errors, warnings)


def _header() -> list[str]:
    return [c.name for c in columns()]


def _unique(path: Path, names: set[str]) -> str:
    """The ``file`` cell: the proposal's file name (``.json`` becomes ``.yaml``, since
    import writes YAML), made unique (ignoring case) when two folders hold files of the
    same name, so that import writes them both."""
    suffix = path.suffix if path.suffix.lower() in (".yaml", ".yml") else ".yaml"  # import writes YAML
    name, n = path.stem + suffix, 1
    while name.lower() in names:
        n += 1
        name = f"{path.stem}-{n}{suffix}"
    names.add(name.lower())
    return name


def render(records: list[list[str]]) -> str:
    """The CSV text; every data cell is neutralised against formula injection."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    header, *rows = records
    writer.writerow(header)
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return BOM + buffer.getvalue()
