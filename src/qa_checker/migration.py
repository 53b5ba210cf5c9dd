"""Format 1 → format 2: one pure mapping on parsed data, used by loading and ``migrate``.

Loading upgrades a ``schema_version: 1`` file in memory before the model and the rules
see it, so rules are written for format 2 only and a format 1 file gets exactly the
verdicts its upgraded text would get. ``qa-checker migrate`` writes the same mapping
out. The mapping only renames and reshapes; it never adds a fact the file did not
state, so verdicts cannot change:

* ``delivery_mode: X`` → ``delivery_modes: [X]`` and ``language: X`` → ``languages: [X]``
  (format 2 lists several);
* ``duration_weeks`` → ``training_weeks`` (format 1 had no placement weeks, so its one
  length was the training length);
* ``credits.system: NZQCF`` → ``NZ_credits`` (the credit systems are named for what is
  counted, see docs/fields.md).

``moved`` maps each new JSON pointer prefix to the old one, so findings on an upgraded
file still point at the line the designer wrote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qa_checker.document import Document

# old top-level key → new key, for values kept as they are
RENAMED = {"duration_weeks": "training_weeks"}
# old top-level key → new key, for a single value that becomes a one-item list
LISTED = {"delivery_mode": "delivery_modes", "language": "languages"}
CREDIT_SYSTEMS = {"NZQCF": "NZ_credits"}


@dataclass(frozen=True)
class Upgrade:
    """The format 2 data, and where each moved value was: new pointer → old pointer."""

    data: dict[str, Any]
    moved: dict[str, str] = field(default_factory=dict)


def upgrade(data: dict[str, Any]) -> Upgrade:
    """Format 2 data for a format 1 mapping. The input is not changed; unchanged values
    are shared with it, not copied, so a large file does not double in memory. Keys keep
    their order; a renamed key stays where it was."""
    out: dict[str, Any] = {}
    moved: dict[str, str] = {}
    for key, value in data.items():
        if key == "schema_version":
            out[key] = 2
        elif key in RENAMED and RENAMED[key] not in data:
            out[RENAMED[key]] = value
            moved[f"/{RENAMED[key]}"] = f"/{key}"
        elif key in LISTED and LISTED[key] not in data:
            new = LISTED[key]
            out[new] = [value] if value is not None else None
            moved[f"/{new}/0"] = f"/{key}"
            moved[f"/{new}"] = f"/{key}"
        else:
            out[key] = value
    credits = out.get("credits")
    if isinstance(credits, dict) and isinstance(credits.get("system"), str) and credits["system"] in CREDIT_SYSTEMS:
        out["credits"] = {**credits, "system": CREDIT_SYSTEMS[credits["system"]]}
    return Upgrade(out, moved)


def upgrade_document(doc: Document) -> dict[str, str] | None:
    """Upgrade a format 1 document in place (data, positions and text spans); the moved
    pointers (new → old) if it was format 1, else None. Positions of moved values are
    copied to their new pointers."""
    data = doc.data
    if not isinstance(data, dict) or data.get("schema_version") != 1 or isinstance(data.get("schema_version"), bool):
        return None
    result = upgrade(data)
    doc.data = result.data
    doc.positions = _moved(doc.positions, result.moved)
    doc.spans = _moved(doc.spans, result.moved)
    return result.moved


def origin(pointer: str, moved: dict[str, str]) -> str:
    """The pointer as the file wrote it: an error about ``/languages/0`` in an upgraded
    format 1 file names ``language``, the key the designer typed."""
    for new in sorted(moved, key=len, reverse=True):
        if pointer == new or pointer.startswith(new + "/"):
            return moved[new] + pointer[len(new) :]
    return pointer


def _moved(
    table: dict[str, Any],
    moved: dict[str, str],
) -> dict[str, Any]:
    """``table`` (positions or spans by pointer) with entries for the new pointers; a
    wrapped value (``/languages/0``) takes the position of the old scalar."""
    if not moved:
        return table
    out = dict(table)
    for new, old in moved.items():
        for pointer, where in table.items():
            if pointer == old:
                out.setdefault(new, where)
            elif pointer.startswith(old + "/"):
                out.setdefault(new + pointer[len(old) :], where)
    return out
