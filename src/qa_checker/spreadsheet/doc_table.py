"""The column table of ``docs/csv.md``, generated from the columns (hence the model).

A test compares the table in ``docs/csv.md`` with ``columns_markdown()``; regenerate it
with ``python -m qa_checker.spreadsheet.doc_table`` after a model change.
"""

from __future__ import annotations

from qa_checker import messages
from qa_checker.messages import msg
from qa_checker.spreadsheet.columns import FILE_COLUMN, Column, ValueType, columns, letter


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def values_text(kind: ValueType) -> str:
    if kind.choices:
        return msg("csv.doc_choices", choices=", ".join(f"`{c}`" for c in kind.choices))
    if kind.text_or_number:
        return msg("csv.doc_text_or_number")
    for flag in ("boolean", "date", "integer", "number"):
        if getattr(kind, flag):
            return msg(f"csv.doc_{flag}")
    return msg("csv.doc_text")


def _values(column: Column) -> str:
    if column.shape != "items":
        assert column.value is not None
        return values_text(column.value)
    parts = []
    for key in column.keys:
        text = msg("csv.doc_key_list" if key.is_list else "csv.doc_key", key=key.name, values=values_text(key.value))
        parts.append(text + (f" ({msg('csv.doc_required')})" if key.required else ""))
    return "; ".join(parts)


def _description(column: Column) -> str:
    if column.name == FILE_COLUMN:
        return msg("csv.doc_file")
    words = messages.words()
    own = words.get(f"{column.model}.{column.field}")
    if own or len(column.path) < 2:
        return own or ""
    parent = words.get(f"Proposal.{column.path[0]}", "")
    return msg("csv.doc_part_of", parent=column.path[0], description=parent) if parent else ""


def columns_markdown() -> str:
    lines = [msg("csv.doc_table_head"), msg("csv.doc_table_rule")]
    for index, column in enumerate(columns()):
        shape = msg("csv.doc_shape_file") if column.name == FILE_COLUMN else msg(f"csv.doc_shape_{column.shape}")
        row = {
            "letter": letter(index),
            "column": column.name,
            "shape": shape,
            "values": _cell(_values(column)),
            "description": _cell(_description(column)),
        }
        lines.append(msg("csv.doc_row", **row))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(columns_markdown(), end="")
