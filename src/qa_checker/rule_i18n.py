"""Rule and framework texts in another language, as overlays keyed by ID.

English stays the source: a rule file ``rules/X.yaml`` is complete on its own. Its French
texts live beside it in ``rules/i18n/fr/X.yaml`` (rule ID -> title, message, fix,
prompt), a framework's in ``frameworks/i18n/fr/X.yaml`` (title, short_title, issuer,
summary, and clause ID -> heading, paraphrase). Keeping the checks in one file and the
words in another means a translator never touches a rule's logic, and a rule's logic
never has two copies that could drift apart.

An overlay is checked as strictly as a rule file, because a wrong overlay would show a
reader a message that does not match the check: its shape (``schemas/i18n.schema.json``),
every ID it names exists, it translates only texts the English has, and every message
keeps the English ``{placeholders}``. A rule set or framework with no overlay, or one
that leaves texts out, keeps its English texts and the catalogue says so once, as a
warning (an institution's own rule sets need not be translated; the shipped ones are
kept complete by ``tests/test_rules_fr.py``).
"""

from __future__ import annotations

import hashlib
import json
import string
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from qa_checker import rulecache, rulefiles
from qa_checker.document import Document, join
from qa_checker.errors import RuleSetError
from qa_checker.ruletypes import Framework, RuleSet

SOURCE_LANG = "en"
RULE_KEYS = ("title", "message", "fix", "prompt")
FRAMEWORK_KEYS = ("title", "short_title", "issuer", "summary")
CLAUSE_KEYS = ("heading", "paraphrase")
SCHEMA = "i18n.schema.json"
# How many untranslated IDs a notice names before it says "and N more".
_NAMED = 5


def current_lang() -> str:
    """The language rule and framework texts are shown in. The one place the catalogue
    asks; it follows the message catalogue's choice (``QA_CHECKER_LANG`` until the
    language option arrives), reduced to its primary tag (``fr-CA`` -> ``fr``)."""
    from qa_checker.messages import current_lang as chosen

    return normalise(chosen())


def normalise(lang: str) -> str:
    """``fr_CA.UTF-8``, ``fr-CA`` and ``FR`` all mean ``fr``; empty means English."""
    primary = lang.replace("_", "-").split(".")[0].split("-")[0].strip().lower()
    return primary or SOURCE_LANG


def overlay_path(path: str | Path, lang: str) -> Path:
    """Where the ``lang`` texts of the rule or framework file ``path`` live."""
    source = Path(path)
    return source.parent / "i18n" / lang / source.name


def _fields(text: str) -> Counter[tuple[str, str, str]]:
    """The placeholders of a message template, each with its conversion and format."""
    parts = string.Formatter().parse(text)
    return Counter((name, conv or "", spec or "") for _, name, spec, conv in parts if name is not None)


def _spelled(fields: Counter[tuple[str, str, str]]) -> str:
    return ", ".join(sorted("{" + field[0] + "}" for field in fields.elements())) or "-"


def _error(doc: Document, pointer: str, key: str, params: dict[str, Any]) -> RuleSetError:
    pos = doc.locate(pointer)
    return RuleSetError(doc.path, key, params, pos.line, pos.column)


def _check_text(doc: Document, pointer: str, key: str, english: str, translated: str) -> None:
    try:
        theirs = _fields(translated)
    except ValueError as exc:
        raise _error(doc, pointer, "rules.bad_template", {"field": key, "problem": str(exc)}) from None
    ours = _fields(english)
    if theirs != ours:
        params = {"field": key, "english": _spelled(ours), "translated": _spelled(theirs)}
        raise _error(doc, pointer, "rules.i18n_placeholders", params)


def _check_entries(
    doc: Document, base: str, kind: str, entries: dict[str, Any], english: dict[str, dict[str, str | None]]
) -> None:
    """Every ID exists in the English file and every text replaces one the English has."""
    for item_id, texts in entries.items():
        pointer = join(base, item_id)
        if item_id not in english:
            params = {"kind": kind, "id": item_id, "known": ", ".join(sorted(english)[:20])}
            raise _error(doc, pointer, "rules.i18n_unknown_id", params)
        for key, text in texts.items():
            source = english[item_id].get(key)
            if source is None:
                raise _error(
                    doc, join(pointer, key), "rules.i18n_extra_text", {"kind": kind, "id": item_id, "field": key}
                )
            _check_text(doc, join(pointer, key), key, source, text)


def _english_rules(ruleset: RuleSet) -> dict[str, dict[str, str | None]]:
    return {rule.id: {key: getattr(rule, key) for key in RULE_KEYS} for rule in ruleset.rules}


def _english_clauses(framework: Framework) -> dict[str, dict[str, str | None]]:
    return {cid: {key: getattr(clause, key) for key in CLAUSE_KEYS} for cid, clause in framework.clauses.items()}


def _english_framework(framework: Framework) -> dict[str, str | None]:
    return {key: getattr(framework, key) or None for key in FRAMEWORK_KEYS}


def _context(kind: str, lang: str, english: Any) -> bytes:
    """What an overlay's checks depend on besides its own bytes: the English texts."""
    text = json.dumps(english, sort_keys=True)
    return b"i18n\0" + kind.encode() + b"\0" + lang.encode() + b"\0" + hashlib.sha256(text.encode()).digest()


def _read(source: str, lang: str, kind: str, english: Any, check: Callable[[Document], None]) -> Document | None:
    """The overlay of ``source`` in ``lang``, checked (unless these bytes passed before,
    for this language and these English texts), or None when there is none."""
    path = overlay_path(source, lang)
    if not path.is_file():
        return None
    doc = rulefiles.read(path)
    cache_key = rulecache.key(doc.sha256, doc.path, _context(kind, lang, english), lang)
    if not rulecache.seen(cache_key):
        errors = rulefiles.schema_errors(doc, SCHEMA, kind)
        if errors:
            raise errors[0]
        check(doc)
        rulecache.remember(cache_key)
    return doc


def _missing_notice(
    what: str, item_id: str, source: str, lang: str, overlay: Document | None, missing: Iterable[str]
) -> RuleSetError | None:
    left = sorted(set(missing))
    if overlay is None:
        params = {"kind": what, "id": item_id, "lang": lang, "overlay": str(overlay_path(source, lang))}
        return RuleSetError(source, "rules.i18n_none", params, 1, 1)
    if not left:
        return None
    named = ", ".join(left[:_NAMED]) + (f" (+{len(left) - _NAMED})" if len(left) > _NAMED else "")
    params = {"kind": what, "id": item_id, "lang": lang, "items": named}
    return RuleSetError(overlay.path, "rules.i18n_partial", params, 1, 1)


def translate_ruleset(ruleset: RuleSet, lang: str) -> RuleSetError | None:
    """Put the ``lang`` texts of ``ruleset``'s own rules in place (rules inherited through
    ``extends`` come translated from their own set). Returns the notice to show when
    some or all of its texts stay English."""
    if lang == SOURCE_LANG:
        return None
    english = _english_rules(ruleset)

    def check(doc: Document) -> None:
        if not isinstance(doc.data, dict):  # the schema refuses it first; kept for mypy
            return
        _check_entries(doc, "", "rule", doc.data, english)

    overlay = _read(ruleset.path, lang, "rules", english, check)
    entries: dict[str, dict[str, str]] = overlay.data if overlay is not None else {}
    missing = []
    for rule in ruleset.rules:
        texts = entries.get(rule.id, {})
        for key in RULE_KEYS:
            if getattr(rule, key) is None:
                continue
            if key in texts:
                setattr(rule, key, texts[key])
            else:
                missing.append(rule.id)
    return _missing_notice("rule set", ruleset.id, ruleset.path, lang, overlay, missing)


def translate_framework(framework: Framework, lang: str) -> RuleSetError | None:
    """Put the ``lang`` texts of ``framework`` and its clauses in place; returns the
    notice to show when some or all of them stay English."""
    if lang == SOURCE_LANG:
        return None
    clauses = _english_clauses(framework)
    own = _english_framework(framework)

    def check(doc: Document) -> None:
        if not isinstance(doc.data, dict):
            return
        for key, text in doc.data.items():
            if key == "clauses":
                continue
            source = own.get(key)
            if source is None:
                params = {"kind": "framework", "id": framework.id, "field": key}
                raise _error(doc, join("", key), "rules.i18n_extra_text", params)
            _check_text(doc, join("", key), key, source, text)
        _check_entries(doc, "/clauses", "clause", doc.data.get("clauses", {}), clauses)

    overlay = _read(framework.path, lang, "framework", [own, clauses], check)
    data: dict[str, Any] = overlay.data if overlay is not None else {}
    missing = [framework.id for key in FRAMEWORK_KEYS if own[key] is not None and key not in data]
    if "title" in data and "short_title" not in data and framework.short_title == framework.title:
        framework.short_title = data["title"]  # the English file gave no short title either
    for key in FRAMEWORK_KEYS:
        if key in data:
            setattr(framework, key, data[key])
    translated = data.get("clauses", {})
    for cid, clause in list(framework.clauses.items()):
        texts = translated.get(cid, {})
        missing += [cid for key in CLAUSE_KEYS if key not in texts]
        framework.clauses[cid] = replace(clause, **{k: v for k, v in texts.items() if k in CLAUSE_KEYS})
    return _missing_notice("framework", framework.id, framework.path, lang, overlay, missing)
