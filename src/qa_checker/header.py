"""Tell "not a proposal" from "a proposal with a mistake in its header".

Folder scans and the pre-commit hook skip YAML and JSON that is not a proposal, and
that must stay silent: a CI configuration is none of our business. But a proposal whose
header has a typo (``kind: MicroCredentialProposl``, ``Kind:``) is a proposal, and
skipping it would let a failing proposal through with "0 proposal(s) checked". So a
file that *looks like* a proposal is an error with a "did you mean", never a skip.

Two steps: ``may_be_proposal`` is a cheap test on the raw bytes (most files in a
repository are never parsed); ``lookalike`` decides on the parsed data.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

KIND = "MicroCredentialProposal"  # model.KIND, kept here so the pre-filter needs no pydantic
# The format a file may declare; older ones are upgraded on load (qa_checker.migration).
SCHEMA_VERSION = 2
SUPPORTED_VERSIONS = (1, 2)
KIND_BYTES = KIND.encode()
SIMILAR = 0.8  # difflib ratio from which a ``kind`` value is taken for a misspelt header
SIMILAR_KEY = 0.75  # from which a top-level key is taken for a misspelt ``kind``
SCAN_KINDS = 50  # ``kind:`` lines looked at by the pre-filter

# ``kind: X`` / ``"kind": "X"`` anywhere (YAML or JSON, any case of the key)
_KIND_LINE = re.compile(r"""(?i)(?:^|[\s{,])["']?kind["']?[ \t]*:[ \t]*["']?([^"'\r\n,}#]{1,80})""")
# top-level ``schema_version:`` and ``title:`` (YAML at column 1, JSON any indent)
_SCHEMA = re.compile(r"""(?m)^(?:schema_version[ \t]*:|[ \t]*"schema_version"[ \t]*:)""")
_TITLE = re.compile(r"""(?m)^(?:title[ \t]*:|[ \t]*"title"[ \t]*:)""")


def near_kind(value: str) -> bool:
    """Whether ``value`` is a near miss of the proposal kind (any case, a typo)."""
    folded = value.strip().casefold()
    target = KIND.casefold()
    if folded == target or "microcredential" in re.sub(r"[-_ ]", "", folded):
        return True
    return difflib.SequenceMatcher(None, folded, target).ratio() >= SIMILAR


def may_be_proposal(raw: bytes) -> bool:
    """The pre-filter: the exact header, a ``kind:`` that is a near miss of it, or both
    ``schema_version:`` and ``title:`` at the top level. Anything else is not parsed."""
    if KIND_BYTES in raw:
        return True
    text = raw.decode("utf-8", errors="replace")
    for index, match in enumerate(_KIND_LINE.finditer(text)):
        if index >= SCAN_KINDS:
            break
        if near_kind(match.group(1)):
            return True
    return _SCHEMA.search(text) is not None and _TITLE.search(text) is not None


@dataclass(frozen=True)
class Lookalike:
    """Why a file that is not a valid proposal still looks like one."""

    pointer: str  # where the mistake is ("" for the whole file)
    key: str  # message key
    found: str


def lookalike(data: Any) -> Lookalike | None:
    """The header mistake of a mapping that looks like a proposal, else None."""
    if not isinstance(data, dict):
        return None
    shaped = "schema_version" in data and "title" in data
    if "kind" in data:
        value = data["kind"]
        if value == KIND:
            return None
        if (isinstance(value, str) and near_kind(value)) or shaped:
            return Lookalike("/kind", "model.header_kind", _show(value))
        return None
    for key, value in data.items():
        if not isinstance(key, str):
            continue
        folded = key.strip().casefold()
        close = folded == "kind" or difflib.SequenceMatcher(None, folded, "kind").ratio() >= SIMILAR_KEY
        if close and ((isinstance(value, str) and near_kind(value)) or shaped):
            return Lookalike(_pointer(key), "model.header_key", key)
    if shaped:
        return Lookalike("", "model.header_missing", "")
    return None


def _pointer(key: str) -> str:
    return "/" + key.replace("~", "~0").replace("/", "~1")


def _show(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
