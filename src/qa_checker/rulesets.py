"""Load, validate and compile framework descriptions and rule sets.

Everything is checked when it loads, so a broken rule set stops the run with the
file, the line and what is wrong (exit code 2) instead of silently checking less:
the meta-schema, unknown built-ins and their parameters, clauses that the framework
does not have, duplicate rule IDs, settings that do not exist, invalid JSON Schema.
"""

from __future__ import annotations

import copy
import json
import string
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from qa_checker.builtins import MODULES
from qa_checker.builtins.result import Check
from qa_checker.document import Document, join
from qa_checker.errors import InputError, InputErrors, RuleSetError
from qa_checker.findings import SEVERITY_OF_REQUIREMENT, Severity
from qa_checker.jurisdictions import covers
from qa_checker.paths import frameworks_dir, rules_dir
from qa_checker.predicates import compile_predicate


@dataclass(frozen=True)
class Clause:
    id: str
    heading: str
    paraphrase: str
    requirement: str | None = None
    tag: str | None = None
    verified: bool = True
    check: str | None = None


@dataclass
class Framework:
    id: str
    title: str
    issuer: str
    version: str
    status: str
    kind: str
    clauses: dict[str, Clause]
    path: str
    short_title: str = ""
    date: str = ""
    default: bool = True
    jurisdiction: str = ""
    summary: str = ""
    sources: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def draft(self) -> bool:
        return self.status == "draft"


@dataclass
class Rule:
    id: str
    ruleset: str
    framework: str
    clause: str
    title: str
    requirement: str
    kind: str
    check: Check
    message: str
    source: dict[str, Any]
    examples: dict[str, list[dict[str, Any]]]
    file: str
    line: int
    when: Check | None = None
    at: str | None = None
    surface: list[str] = field(default_factory=list)
    fix: str | None = None
    prompt: str | None = None
    spec: dict[str, Any] = field(default_factory=dict)
    example_lines: dict[str, list[int]] = field(default_factory=dict)
    # Why an extending rule set changed this rule's requirement (shown by explain).
    override_reason: str | None = None

    @property
    def severity(self) -> Severity:
        return SEVERITY_OF_REQUIREMENT[self.requirement]

    @property
    def verified(self) -> bool:
        return bool(self.source.get("verified", False))


@dataclass
class RuleSet:
    id: str
    framework: Framework
    version: str
    title: str
    rules: list[Rule]
    path: str
    when: Check | None = None
    verdict_if_not_applicable: str = "not_applicable"
    settings: dict[str, Any] = field(default_factory=dict)
    extends: str | None = None
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class Catalog:
    frameworks: dict[str, Framework]
    rulesets: dict[str, RuleSet]

    def rules(self) -> list[Rule]:
        return [rule for ruleset in self.rulesets.values() for rule in ruleset.rules]

    def rule(self, rule_id: str) -> Rule | None:
        for rule in self.rules():
            if rule.id.lower() == rule_id.lower():
                return rule
        return None

    def default_ids(self, place: str | None = None, data: Any = None) -> list[str]:
        """The rule sets a proposal is checked against when nothing names them.

        ``place`` (an ISO code such as ``CA-ON``, see ``jurisdictions``) keeps the
        frameworks of other provinces out; None (not stated) keeps every default set.
        An opt-in set (``default: false``) joins when its own ``when`` holds for
        ``data``: a proposal that names OSAP funding is checked against OSAP.
        """
        ids = []
        for rid, ruleset in self.rulesets.items():
            framework = ruleset.framework
            if place is not None and not covers(framework.jurisdiction, place):
                continue
            if framework.default:
                ids.append(rid)
            elif data is not None and ruleset.when is not None and not ruleset.when(data).violations:
                ids.append(rid)
        return ids


@cache
def _meta_validator(name: str) -> Draft202012Validator:
    text = resources.files("qa_checker.schemas").joinpath(name).read_text(encoding="utf-8")
    return Draft202012Validator(json.loads(text))


def _schema_errors(doc: Document, name: str) -> list[RuleSetError]:
    """Every meta-schema violation, each at its own line, most specific first."""
    errors = []
    for error in _meta_validator(name).iter_errors(doc.data):
        best = _deepest(error)
        pointer = "".join("/" + str(t) for t in best.absolute_path)
        if best.validator == "additionalProperties" and isinstance(best.instance, dict):
            # point at the unexpected key itself, not at the mapping holding it
            allowed = best.schema.get("properties", {})
            extra = [k for k in best.instance if k not in allowed]
            if extra:
                pointer = join(pointer, extra[0])
        pos = doc.locate(pointer)
        where = pointer or "/"
        errors.append(
            RuleSetError(
                doc.path,
                "rules.meta_schema",
                {"where": where, "problem": best.message[:300]},
                pos.line,
                pos.column,
            )
        )
    return sorted(errors, key=lambda e: (e.line or 0, e.column or 0))


def _deepest(error: Any) -> Any:
    """For oneOf/anyOf, the sub-error that went deepest is the one a person can act on."""
    while error.context:
        error = max(error.context, key=lambda e: len(e.absolute_path))
    return error


def _load(path: Path) -> Document:
    from qa_checker.loader import load_document

    try:
        return load_document(path)
    except InputError as exc:
        raise RuleSetError(exc.file, exc.key, exc.params, exc.line, exc.column) from None


def _load_valid(path: Path, meta_schema: str) -> tuple[Document, str | None]:
    """The file, loaded and valid against its meta-schema; from the cache when these
    exact bytes were validated before. Returns the cache key to store under once the
    whole file has been compiled without error (None when it came from the cache)."""
    from qa_checker import rulecache

    try:
        raw = path.read_bytes()
    except OSError:
        raw = None
    cache_key = rulecache.key(raw, str(path)) if raw is not None else None
    if cache_key is not None:
        cached = rulecache.get(cache_key)
        if isinstance(cached, Document):
            return cached, None
    doc = _load(path)
    errors = _schema_errors(doc, meta_schema)
    if errors:
        raise InputErrors(errors)
    return doc, cache_key


def _remember(cache_key: str | None, doc: Document) -> None:
    if cache_key is not None:
        from qa_checker import rulecache

        rulecache.put(cache_key, doc)


def load_framework(path: Path) -> Framework:
    doc, cache_key = _load_valid(path, "framework.schema.json")
    data = doc.data
    clauses: dict[str, Clause] = {}
    for index, raw in enumerate(data["clauses"]):
        if raw["id"] in clauses:
            pos = doc.locate(f"/clauses/{index}/id")
            raise RuleSetError(doc.path, "rules.duplicate_clause", {"id": raw["id"]}, pos.line, pos.column)
        clauses[raw["id"]] = Clause(
            id=raw["id"],
            heading=raw["heading"],
            paraphrase=raw["paraphrase"],
            requirement=raw.get("requirement"),
            tag=raw.get("tag"),
            verified=raw.get("verified", True),
            check=raw.get("check"),
        )
    _remember(cache_key, doc)
    return Framework(
        id=data["id"],
        title=data["title"],
        issuer=data["issuer"],
        version=str(data["version"]),
        status=data["status"],
        kind=data["kind"],
        clauses=clauses,
        path=doc.path,
        short_title=data.get("short_title", data["title"]),
        date=str(data.get("date", "")),
        default=data.get("default", True),
        jurisdiction=data.get("jurisdiction", ""),
        summary=data.get("summary", ""),
        sources=data.get("sources", []),
        notes=data.get("notes", []),
        settings=data.get("settings", {}),
    )


def _substitute(value: Any, settings: dict[str, Any], doc: Document, pointer: str) -> Any:
    """Replace ``{"$setting": name}`` with the setting's value, so open lists (such as the
    six OMC categories nobody has published yet) stay configurable."""
    if isinstance(value, dict):
        if set(value) == {"$setting"}:
            name = value["$setting"]
            if name not in settings:
                pos = doc.locate(pointer)
                raise RuleSetError(doc.path, "rules.unknown_setting", {"name": name}, pos.line, pos.column)
            return copy.deepcopy(settings[name])
        return {k: _substitute(v, settings, doc, join(pointer, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, settings, doc, join(pointer, i)) for i, v in enumerate(value)]
    return value


def _check_templates(raw: dict[str, Any], doc: Document, base: str) -> None:
    """A message with an unbalanced ``{`` would fail on the first proposal it meets;
    refuse it when the rule set loads instead (write ``{{`` for a literal brace)."""
    for key in ("message", "fix", "prompt"):
        text = raw.get(key)
        if not isinstance(text, str):
            continue
        try:
            list(string.Formatter().parse(text))
        except ValueError as exc:
            pos = doc.locate(f"{base}/{key}")
            raise RuleSetError(
                doc.path, "rules.bad_template", {"field": key, "problem": str(exc)}, pos.line, pos.column
            ) from None


def _compile(spec: dict[str, Any], doc: Document, pointer: str, trusted: bool = False) -> Check:
    pos = doc.locate(pointer)
    if "builtin" in spec:
        pos = doc.locate(join(pointer, "builtin"))
        module = MODULES.get(spec["builtin"])
        if module is None:
            params = {"name": spec["builtin"], "known": ", ".join(sorted(MODULES))}
            raise RuleSetError(doc.path, "rules.unknown_builtin", params, pos.line, pos.column)
        problems = sorted(Draft202012Validator(module.PARAMS).iter_errors(spec.get("with", {})), key=str)
        if problems:
            params = {"name": spec["builtin"], "problem": problems[0].message[:300]}
            raise RuleSetError(doc.path, "rules.builtin_params", params, pos.line, pos.column)
    elif not trusted:  # a cached file's schemas were checked when it was cached
        try:
            Draft202012Validator.check_schema(spec["schema"])
        except SchemaError as exc:
            params = {"problem": exc.message[:300]}
            raise RuleSetError(doc.path, "rules.bad_schema", params, pos.line, pos.column) from None
    return compile_predicate(spec)


def load_ruleset(path: Path, frameworks: dict[str, Framework], settings: dict[str, Any]) -> RuleSet:
    doc, cache_key = _load_valid(path, "ruleset.schema.json")
    trusted = cache_key is None
    data = doc.data
    framework = frameworks.get(data["framework"])
    if framework is None:
        pos = doc.locate("/framework")
        params = {"id": data["framework"], "known": ", ".join(sorted(frameworks))}
        raise RuleSetError(doc.path, "rules.unknown_framework", params, pos.line, pos.column)
    merged = {**framework.settings, **data.get("settings", {}), **settings.get(data["ruleset"], {})}
    rules: list[Rule] = []
    for index, raw in enumerate(data["rules"]):
        base = f"/rules/{index}"
        if raw["clause"] not in framework.clauses:
            pos = doc.locate(base + "/clause")
            params = {"clause": raw["clause"], "framework": framework.id}
            raise RuleSetError(doc.path, "rules.unknown_clause", params, pos.line, pos.column)
        _check_templates(raw, doc, base)
        spec = _substitute(raw, merged, doc, base)
        # A $setting may have changed the schema since it was cached: check it again then.
        same = trusted and spec == raw
        when = _compile(spec["when"], doc, base + "/when", same) if "when" in spec else None
        rules.append(
            Rule(
                id=raw["id"],
                ruleset=data["ruleset"],
                framework=framework.id,
                clause=raw["clause"],
                title=raw["title"],
                requirement=raw["requirement"],
                kind=raw["kind"],
                check=_compile(spec["check"], doc, base + "/check", same),
                when=when,
                message=raw["message"],
                source=raw["source"],
                examples=raw["examples"],
                file=doc.path,
                line=doc.locate(base).line,
                at=raw.get("at"),
                surface=raw.get("surface", []),
                fix=raw.get("fix"),
                prompt=raw.get("prompt"),
                spec=spec,
                example_lines={
                    expect: [doc.locate(f"{base}/examples/{expect}/{i}").line for i in range(len(items))]
                    for expect, items in raw["examples"].items()
                },
            )
        )
    ruleset_when = None
    if "when" in data:
        ruleset_when = _compile(_substitute(data["when"], merged, doc, "/when"), doc, "/when")
    _remember(cache_key, doc)
    return RuleSet(
        id=data["ruleset"],
        framework=framework,
        version=str(data["version"]),
        title=data.get("title", framework.title),
        rules=rules,
        path=doc.path,
        when=ruleset_when,
        verdict_if_not_applicable=data.get("verdict_if_not_applicable", "not_applicable"),
        settings=merged,
        extends=data.get("extends"),
        overrides=data.get("overrides", {}),
    )


def _apply_extends(rulesets: dict[str, RuleSet]) -> None:
    """Give an extending rule set its parent's rules, changed as its ``overrides`` say."""
    for ruleset in rulesets.values():
        if not ruleset.extends:
            continue
        parent = rulesets.get(ruleset.extends)
        if parent is None:
            raise RuleSetError(ruleset.path, "rules.unknown_extends", {"id": ruleset.extends})
        changes = ruleset.overrides
        inherited = []
        for rule in parent.rules:
            change = changes.get(rule.id, {})
            if change.get("disabled"):
                continue
            requirement = change.get("requirement", rule.requirement)
            inherited.append(
                replace(rule, ruleset=ruleset.id, requirement=requirement, override_reason=change.get("reason"))
            )
        known = {rule.id for rule in parent.rules}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise RuleSetError(ruleset.path, "rules.unknown_override", {"ids": ", ".join(unknown)})
        ruleset.rules = inherited + ruleset.rules


def rule_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.is_file())


def load_catalog(
    extra_dirs: tuple[Path, ...] = (),
    settings: dict[str, dict[str, Any]] | None = None,
) -> Catalog:
    """Load the packaged frameworks and rule sets plus any institution's own folders.

    A folder given with ``--rules`` holds rule sets; a ``frameworks/`` folder inside it
    holds the frameworks they cite.
    """
    settings = settings or {}
    framework_paths = rule_files(frameworks_dir())
    for folder in extra_dirs:
        framework_paths += rule_files(folder / "frameworks")
    frameworks: dict[str, Framework] = {}
    for path in framework_paths:
        framework = load_framework(path)
        frameworks[framework.id] = framework
    rulesets: dict[str, RuleSet] = {}
    seen_rules: dict[str, str] = {}
    for path in [*rule_files(rules_dir()), *(p for d in extra_dirs for p in rule_files(d))]:
        ruleset = load_ruleset(path, frameworks, settings)
        if ruleset.id in rulesets:
            params = {"id": ruleset.id, "other": rulesets[ruleset.id].path}
            raise RuleSetError(ruleset.path, "rules.duplicate_ruleset", params, 1, 1)
        for rule in ruleset.rules:
            if rule.id in seen_rules:
                params = {"id": rule.id, "other": seen_rules[rule.id]}
                raise RuleSetError(rule.file, "rules.duplicate_rule", params, rule.line, 1)
            seen_rules[rule.id] = f"{rule.file}:{rule.line}"
        rulesets[ruleset.id] = ruleset
    _apply_extends(rulesets)
    return Catalog(frameworks=frameworks, rulesets=rulesets)
