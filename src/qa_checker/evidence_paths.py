"""Evidence files named by ``path:`` must exist beside the proposal.

A report lists evidence "to confirm"; listing a file that is not there reads as if
it were. So each ``evidence[].path`` is looked up relative to the proposal's folder,
and one that is missing is a warning at its line. Only existence is tested (one
``stat``): the file is never opened, whatever it is. A path that leaves the
proposal's folder (absolute, ``..``, a drive letter, or a symbolic link that leads
out) is not looked up at all and is a warning of its own, so a proposal cannot make
the checker probe the rest of the machine.
"""

from __future__ import annotations

import os
import posixpath
from functools import lru_cache
from pathlib import Path, PurePosixPath, PureWindowsPath

from qa_checker.document import Document
from qa_checker.engine import tool_finding
from qa_checker.findings import Finding

MISSING = "QA-EVIDENCE-MISSING"
OUTSIDE = "QA-EVIDENCE-OUTSIDE"
KINDS = {"missing": (MISSING, "engine.evidence_missing"), "outside": (OUTSIDE, "engine.evidence_outside")}


def evidence_findings(doc: Document, folder: Path) -> list[Finding]:
    """A warning for every evidence path that is missing or points outside ``folder``."""
    items = doc.data.get("evidence") if isinstance(doc.data, dict) else None
    found: list[Finding] = []
    for index, item in enumerate(items if isinstance(items, list) else []):
        raw = item.get("path") if isinstance(item, dict) else None
        if not isinstance(raw, str) or not raw.strip():
            continue
        evidence_id = item.get("id") if isinstance(item.get("id"), str) else str(index + 1)
        state = where(raw, folder)
        if state == "present":
            continue
        rule_id, key = (
            (OUTSIDE, "engine.evidence_outside") if state == "outside" else (MISSING, "engine.evidence_missing")
        )
        found.append(tool_finding(doc, rule_id, key, f"/evidence/{index}/path", id=evidence_id, path=raw))
    return found


def where(raw: str, folder: Path) -> str:
    """``present``, ``missing`` or ``outside`` (then it was not looked up)."""
    text = raw.strip().replace("\\", "/")  # a proposal written on Windows
    if "\x00" in text:
        return "missing"
    if PurePosixPath(text).is_absolute() or PureWindowsPath(raw.strip()).drive:
        return "outside"
    relative = posixpath.normpath(text)
    if relative == ".." or relative.startswith("../"):
        return "outside"
    candidate = os.path.join(folder, relative)
    try:
        base = _resolved(str(folder))
        real = os.path.realpath(candidate)
        if real != base and not real.startswith(base.rstrip(os.sep) + os.sep):
            return "outside"  # a symbolic link inside the folder that leads out of it
        return "present" if os.path.exists(candidate) else "missing"
    except (OSError, ValueError, RuntimeError):  # unreadable folder, name too long, link loop
        return "missing"


@lru_cache(maxsize=64)
def _resolved(folder: str) -> str:
    """The folder's real path, once per folder: a batch's proposals share few folders,
    and resolving it for every evidence path cost a batch 4 % of its time."""
    return os.path.realpath(folder)
