"""The catalogue: the shipped frameworks and rule sets plus an institution's own folders.

Each file is checked on its own when it loads (``rulefiles``); here the files are
checked against each other, because a catalogue that silently checks less than its
author meant is worse than one that refuses to load:

- a ``--rules`` folder (or a configured one) that does not exist is an error;
- IDs are unique regardless of letter case (rule IDs across all sets, rule-set and
  framework IDs), since every lookup matches regardless of case;
- an institution's file with the ID of a shipped framework or rule set is an error
  unless it says ``replaces: {id: ..., reason: ...}``, and then it takes the shipped
  one's place;
- ``extends`` is resolved in dependency order (``extends.py``);
- a framework with several versions gets one rule set per version (``fwversions``);
- a rule set left with no active rules is a warning in ``Catalog.warnings``;
- in a language other than English, each file's translation overlay (``rule_i18n``)
  replaces its texts; a file without one keeps English, with a warning.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from qa_checker import extends, fwversions, rule_i18n, rulebundle, rulefiles
from qa_checker.document import Document
from qa_checker.errors import RuleSetError
from qa_checker.paths import frameworks_dir, rules_dir
from qa_checker.ruletypes import Catalog, Clause, Framework, Rule, RuleSet

__all__ = ["Catalog", "Clause", "Framework", "Rule", "RuleSet", "load_catalog", "rule_files"]


def rule_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.is_file())


def _folders(extra_dirs: Iterable[Path]) -> list[Path]:
    """The institution's folders, each once (by real path), the shipped one left out.
    A folder that does not exist is an error: a typo must not mean "fewer rules"."""
    seen = {rules_dir().resolve()}
    folders = []
    for folder in extra_dirs:
        if not folder.is_dir():
            key = "rules.not_a_folder" if folder.exists() else "rules.no_folder"
            raise RuleSetError(str(folder), key, {"path": str(folder)})
        real = folder.resolve()
        if real not in seen:
            seen.add(real)
            folders.append(folder)
    return folders


def _clash(new_id: str, new_path: str, line: int, shipped: dict[str, str], kind: str) -> RuleSetError:
    """The error for an institution's file that reuses a shipped ID without ``replaces``."""
    params = {"kind": kind, "id": new_id, "other": shipped[new_id.lower()]}
    return RuleSetError(new_path, "rules.clash_shipped", params, line, 1)


def _frameworks(folders: list[Path], lang: str, notices: list[RuleSetError]) -> dict[str, Framework]:
    frameworks: dict[str, Framework] = {}
    shipped: dict[str, str] = {}
    for path in rule_files(frameworks_dir()):
        framework = rulefiles.load_framework(path)
        frameworks[framework.id] = framework
        shipped[framework.id.lower()] = framework.path
    own: dict[str, str] = {}
    for path in (p for folder in folders for p in rule_files(folder / "frameworks")):
        framework = rulefiles.load_framework(path)
        key = framework.id.lower()
        if key in own:
            params = {"id": framework.id, "other": own[key]}
            raise RuleSetError(framework.path, "rules.duplicate_framework", params, framework.line, 1)
        if key in shipped and framework.replaces is None:
            raise _clash(framework.id, framework.path, framework.line, shipped, "framework")
        if framework.replaces is not None and key not in shipped:
            params = {"kind": "framework", "id": framework.replaces}
            raise RuleSetError(framework.path, "rules.replaces_nothing", params, framework.line, 1)
        for fid in [fid for fid in frameworks if fid.lower() == key]:
            del frameworks[fid]
        frameworks[framework.id] = framework
        own[key] = framework.path
    for framework in frameworks.values():
        notice = rule_i18n.translate_framework(framework, lang)
        if notice is not None:
            notices.append(notice)
    return frameworks


def _replaced_ids(docs: list[Document]) -> set[str]:
    """Shipped rule-set IDs an institution's file replaces (read before checking, so a
    replaced shipped set is not even compiled; the replacing file is checked in full)."""
    ids = set()
    for doc in docs:
        replaces = doc.data.get("replaces") if isinstance(doc.data, dict) else None
        if isinstance(replaces, dict) and isinstance(replaces.get("id"), str):
            ids.add(replaces["id"].lower())
    return ids


def _check_rule_ids(ruleset: RuleSet, seen: dict[str, tuple[str, str]]) -> None:
    """Rule IDs are unique across all loaded sets, regardless of letter case."""
    for rule in ruleset.rules:
        key = rule.id.lower()
        if key in seen:
            other_id, where = seen[key]
            message = "rules.duplicate_rule" if other_id == rule.id else "rules.duplicate_rule_case"
            raise RuleSetError(rule.file, message, {"id": rule.id, "other": where, "other_id": other_id}, rule.line, 1)
        seen[key] = (rule.id, f"{rule.file}:{rule.line}")


def _translate(ruleset: RuleSet, lang: str, notices: list[RuleSetError]) -> None:
    notice = rule_i18n.translate_ruleset(ruleset, lang)
    if notice is not None:
        notices.append(notice)


def load_catalog(
    extra_dirs: tuple[Path, ...] = (),
    settings: dict[str, dict[str, Any]] | None = None,
    lang: str | None = None,
    use_bundle: bool = True,
) -> Catalog:
    """Load the packaged frameworks and rule sets plus any institution's own folders.

    A folder given with ``--rules`` holds rule sets; a ``frameworks/`` folder inside it
    holds the frameworks they cite. Texts are in ``lang`` (by default the chosen
    language, ``rule_i18n.current_lang``). ``use_bundle=False`` reads the shipped files
    even when the bundle is current (``scripts/build_rule_bundle.py`` builds from them).
    """
    settings = settings or {}
    lang = rule_i18n.normalise(lang) if lang is not None else rule_i18n.current_lang()
    folders = _folders(extra_dirs)
    if folders:
        return _assemble(*_from_files(folders, settings, lang))
    # The shipped catalogue alone: from the bundle built with it, while it is current.
    parts = rulebundle.load(settings, lang) if use_bundle else None
    return _assemble(*(parts or _from_files(folders, settings, lang)))


def _from_files(
    folders: list[Path], settings: dict[str, dict[str, Any]], lang: str
) -> tuple[dict[str, Framework], dict[str, RuleSet], list[RuleSetError]]:
    """Frameworks and rule sets read, checked and translated, before ``extends`` and
    framework versions are resolved (what ``rulebundle`` keeps), plus the notices."""
    notices: list[RuleSetError] = []
    frameworks = _frameworks(folders, lang, notices)
    where = rulefiles.context(frameworks, settings)
    extra_docs = [rulefiles.read(p) for folder in folders for p in rule_files(folder)]
    replaced = _replaced_ids(extra_docs)
    shipped_docs = [rulefiles.read(p) for p in rule_files(rules_dir())]
    rulesets: dict[str, RuleSet] = {}
    shipped: dict[str, str] = {}
    seen_rules: dict[str, tuple[str, str]] = {}
    for doc in shipped_docs:
        ruleset_id = doc.data.get("ruleset") if isinstance(doc.data, dict) else None
        if isinstance(ruleset_id, str) and ruleset_id.lower() in replaced:
            shipped[ruleset_id.lower()] = doc.path
            continue
        ruleset = rulefiles.load_ruleset(doc, frameworks, settings, where)
        _check_rule_ids(ruleset, seen_rules)
        _translate(ruleset, lang, notices)
        rulesets[ruleset.id] = ruleset
        shipped[ruleset.id.lower()] = ruleset.path
    for doc in extra_docs:
        ruleset = rulefiles.load_ruleset(doc, frameworks, settings, where)
        key = ruleset.id.lower()
        same = [rs for rid, rs in rulesets.items() if rid.lower() == key]
        if key in shipped and ruleset.replaces is None:
            raise _clash(ruleset.id, ruleset.path, ruleset.line, shipped, "rule set")
        if ruleset.replaces is not None and key not in shipped:
            params = {"kind": "rule set", "id": ruleset.replaces}
            raise RuleSetError(ruleset.path, "rules.replaces_nothing", params, ruleset.line, 1)
        if same:
            params = {"id": ruleset.id, "other": same[0].path}
            raise RuleSetError(ruleset.path, "rules.duplicate_ruleset", params, ruleset.line, 1)
        _check_rule_ids(ruleset, seen_rules)
        _translate(ruleset, lang, notices)
        rulesets[ruleset.id] = ruleset
    return frameworks, rulesets, notices


def _assemble(frameworks: dict[str, Framework], rulesets: dict[str, RuleSet], notices: list[RuleSetError]) -> Catalog:
    """The catalogue from its parts: ``extends`` resolved, one set per framework version."""
    extends.resolve(rulesets)
    warnings = notices + [
        RuleSetError(rs.path, "rules.no_active_rules", {"id": rs.id}, rs.line, 1)
        for rs in rulesets.values()
        if not rs.rules
    ]
    return Catalog(frameworks=frameworks, rulesets=fwversions.expand(rulesets), warnings=warnings)
