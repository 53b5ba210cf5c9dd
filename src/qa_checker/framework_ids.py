"""Framework (rule-set) IDs as people type them: any case, sometimes misspelt.

An ID names a rule set wherever it appears (``--framework``, a proposal's ``targets:``,
the configuration's ``frameworks:``). It matches case-insensitively, so ``CICan`` is
``cican``; an ID that matches nothing is an error with the nearest known ID, because a
typo that quietly drops a framework (or falls back to every framework) says "meets"
about something that was never checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from qa_checker.document import Document
from qa_checker.errors import InputError, QaError
from qa_checker.messages import msg

if TYPE_CHECKING:
    from qa_checker.config import Config


def canonical(known: Iterable[str], wanted: str) -> str | None:
    """The known ID that ``wanted`` names (exactly, else ignoring case), or None.

    When ``known`` is the catalogue's table, its aliases count too: ``nzqa`` names the
    current version's set (``nzqa@2022``) and ``cican@2021`` names ``cican``."""
    aliases: dict[str, str] = getattr(known, "aliases", {})
    ids = list(known)
    if wanted in ids:
        return wanted
    folded = wanted.casefold()
    found = next((i for i in ids if i.casefold() == folded), None)
    if found is None and folded in aliases and aliases[folded] in ids:
        found = aliases[folded]
    return found


def suggestion(known: Iterable[str], wanted: str) -> str | None:
    """The closest known ID to a misspelt one (as for unknown fields), or None."""
    from qa_checker.suggest import closest

    return closest(wanted, known)


def resolve_all(known: Iterable[str], wanted: Sequence[str]) -> list[str]:
    """Canonical IDs of ``wanted``, in order, without repeats; unknown ones are dropped
    (callers report them first with ``unknown_params``)."""
    out = [c for c in (canonical(known, w) for w in wanted) if c is not None]
    return list(dict.fromkeys(out))


def unknown_params(known: Iterable[str], wanted: str, key: str) -> tuple[str, dict[str, Any]]:
    """Message key and parameters for an unknown ID: ``key``, or ``key_suggest`` with
    "did you mean" when a known ID is close. A versioned framework's bare ID is listed
    beside its versions' (``nzqa, nzqa@2018, nzqa@2022``)."""
    aliases: dict[str, str] = getattr(known, "aliases", {})
    ids = sorted({*known, *(a for a in aliases if "@" not in a)})
    near = suggestion(ids, wanted)
    params: dict[str, Any] = {"id": wanted, "known": ", ".join(ids)}
    if near is not None:
        return key + "_suggest", {**params, "suggestion": near}
    return key, params


def usage_message(known: Iterable[str], unknown: Sequence[str]) -> str:
    """One line per unknown ``--framework`` value (click shows it as a usage error)."""
    lines = []
    for wanted in unknown:
        key, params = unknown_params(known, wanted, "cli.unknown_framework")
        lines.append(msg(key, **params))
    return "\n".join(lines)


def target_errors(doc: Document, known: Iterable[str]) -> list[QaError]:
    """An error at the line of every ``targets:`` entry that names no known rule set."""
    targets = doc.data.get("targets") if isinstance(doc.data, dict) else None
    errors: list[QaError] = []
    for index, target in enumerate(targets if isinstance(targets, list) else []):
        if isinstance(target, str) and canonical(known, target) is None:
            key, params = unknown_params(known, target, "model.unknown_target")
            pos = doc.locate(f"/targets/{index}")
            errors.append(InputError(doc.path, key, params, pos.line, pos.column))
    return errors


def config_errors(config: Config, known: Iterable[str]) -> list[QaError]:
    """An error at its line for every ID in the configuration's ``frameworks:`` that
    names no known rule set (the configuration file, not the command, is at fault)."""
    errors: list[QaError] = []
    for index, wanted in enumerate(config.frameworks):
        if canonical(known, wanted) is None:
            key, params = unknown_params(known, wanted, "config.unknown_framework")
            line, column = config.framework_lines[index] if index < len(config.framework_lines) else (None, None)
            errors.append(QaError(str(config.path), key, params, line, column))
    return errors
