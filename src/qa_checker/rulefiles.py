"""One framework or rule-set file: read it, check everything about it, then build it.

Everything is checked when the file loads, so a broken rule set stops the run with the
file, the line and what is wrong (exit code 2) instead of silently checking less: the
meta-schema, unknown built-ins and their parameters, clauses the framework does not
have, settings that do not exist, message templates, and every JSON Schema a rule runs
(see ``rule_schema``: offline references, RE2 patterns, enforced formats).

Checking and building are separate steps. The per-user cache (``rulecache``) only
decides whether the checks run; building never knows whether they did.
"""

from __future__ import annotations

import copy
import hashlib
import json
import string
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa_checker import rulecache
from qa_checker.builtins import MODULES
from qa_checker.builtins.result import Check
from qa_checker.document import Document, join
from qa_checker.errors import InputError, InputErrors, RuleSetError
from qa_checker.paths import package_path
from qa_checker.predicates import compile_predicate
from qa_checker.ruletypes import Clause, Framework, FrameworkVersion, Rule, RuleSet

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator


@cache
def _meta_validator(name: str, part: str | None = None) -> Draft202012Validator:
    """The meta-schema ``name``, or its ``$defs/<part>`` when one file holds several.
    (jsonschema is imported only when a file is checked: a catalogue from the bundle
    never needs it.)"""
    from jsonschema import Draft202012Validator

    schema = json.loads(package_path(f"schemas/{name}").read_text(encoding="utf-8"))
    if part is not None:
        schema = {**schema, "$ref": f"#/$defs/{part}"}
    return Draft202012Validator(schema)


def schema_errors(doc: Document, name: str, part: str | None = None) -> list[RuleSetError]:
    """Every meta-schema violation, each at its own line, most specific first."""
    errors = []
    for error in _meta_validator(name, part).iter_errors(doc.data):
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


def read(path: Path) -> Document:
    """The file, parsed (always: the cache never supplies content)."""
    from qa_checker.loader import load_document

    try:
        return load_document(path)
    except InputError as exc:
        raise RuleSetError(exc.file, exc.key, exc.params, exc.line, exc.column) from None


def _error(doc: Document, pointer: str, key: str, params: dict[str, Any]) -> RuleSetError:
    pos = doc.locate(pointer)
    return RuleSetError(doc.path, key, params, pos.line, pos.column)


def _checked(doc: Document, context: bytes, check: Callable[[], None]) -> None:
    """Run ``check`` unless these exact bytes passed it before in this context."""
    cache_key = rulecache.key(doc.sha256, doc.path, context)
    if rulecache.seen(cache_key):
        return
    check()
    rulecache.remember(cache_key)


def _check_meta(doc: Document, meta_schema: str) -> None:
    errors = schema_errors(doc, meta_schema)
    if errors:
        raise InputErrors(errors)


def _check_replaces(doc: Document, own_id: str) -> None:
    """``replaces`` takes the place of the shipped file with this file's own ID; naming
    another ID would be a rename in disguise."""
    replaces = doc.data.get("replaces")
    if replaces is not None and replaces["id"].lower() != own_id.lower():
        raise _error(doc, "/replaces/id", "rules.replaces_other", {"id": replaces["id"], "own": own_id})


# -- frameworks ---------------------------------------------------------------------------


def _check_framework(doc: Document) -> None:
    _check_meta(doc, "framework.schema.json")
    _check_replaces(doc, doc.data["id"])
    seen: set[str] = set()
    for index, raw in enumerate(doc.data["clauses"]):
        if raw["id"] in seen:
            raise _error(doc, f"/clauses/{index}/id", "rules.duplicate_clause", {"id": raw["id"]})
        seen.add(raw["id"])
    _check_versions(doc)


def _check_versions(doc: Document) -> None:
    """Versions are unique, and the current ``version`` is one of them, so ``id`` and
    ``id@version`` can never name different things."""
    versions = doc.data.get("versions")
    if versions is None:
        return
    names: list[str] = []
    for index, entry in enumerate(versions):
        if entry["version"].casefold() in names:
            raise _error(doc, f"/versions/{index}/version", "rules.duplicate_version", {"version": entry["version"]})
        names.append(entry["version"].casefold())
    current = str(doc.data["version"])
    if current.casefold() not in names:
        params = {"version": current, "known": ", ".join(v["version"] for v in versions)}
        raise _error(doc, "/version", "rules.current_not_listed", params)


def _versions(data: dict[str, Any]) -> tuple[FrameworkVersion, ...]:
    return tuple(
        FrameworkVersion(
            version=entry["version"],
            date=str(entry.get("date", "")),
            status=entry["status"],
            summary=entry.get("summary", ""),
            changes=tuple(entry.get("changes", [])),
        )
        for entry in data.get("versions", [])
    )


def load_framework(path: Path) -> Framework:
    doc = read(path)
    _checked(doc, b"framework", lambda: _check_framework(doc))
    data = doc.data
    clauses = {
        raw["id"]: Clause(
            id=raw["id"],
            heading=raw["heading"],
            paraphrase=raw["paraphrase"],
            requirement=raw.get("requirement"),
            tag=raw.get("tag"),
            verified=raw.get("verified", True),
            check=raw.get("check"),
        )
        for raw in data["clauses"]
    }
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
        replaces=data["replaces"]["id"] if "replaces" in data else None,
        line=doc.locate("/id").line,
        versions=_versions(data),
    )


# -- rule sets ----------------------------------------------------------------------------


def context(frameworks: dict[str, Framework], settings: dict[str, Any]) -> bytes:
    """What a rule set's checks depend on besides its own bytes: the frameworks' clauses
    and settings, and the repository's settings. Part of the cache key."""
    summary = {
        fid: {
            "clauses": sorted(fw.clauses),
            "settings": fw.settings,
            "path": fw.path,
            "versions": [v.version for v in fw.versions],
        }
        for fid, fw in frameworks.items()
    }
    text = json.dumps([summary, settings], sort_keys=True, default=repr)
    return b"ruleset\0" + hashlib.sha256(text.encode()).digest()


def _substitute(value: Any, settings: dict[str, Any], doc: Document, pointer: str) -> Any:
    """Replace ``{"$setting": name}`` with the setting's value, so open lists (such as the
    six OMC categories nobody has published yet) stay configurable."""
    if isinstance(value, dict):
        if set(value) == {"$setting"}:
            name = value["$setting"]
            if name not in settings:
                raise _error(doc, pointer, "rules.unknown_setting", {"name": name})
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
            raise _error(doc, f"{base}/{key}", "rules.bad_template", {"field": key, "problem": str(exc)}) from None


def _check_schema(schema: Any, doc: Document, pointer: str) -> None:
    from qa_checker import rule_schema

    found = rule_schema.problems(schema)
    if found:
        problem = found[0]
        raise _error(doc, pointer + problem.pointer, problem.key, problem.params)


def _check_predicate(spec: dict[str, Any], doc: Document, pointer: str) -> None:
    if "schema" in spec:
        _check_schema(spec["schema"], doc, join(pointer, "schema"))
        return
    module = MODULES.get(spec["builtin"])
    if module is None:
        params = {"name": spec["builtin"], "known": ", ".join(sorted(MODULES))}
        raise _error(doc, join(pointer, "builtin"), "rules.unknown_builtin", params)
    given = spec.get("with", {})
    from jsonschema import Draft202012Validator

    problems = sorted(Draft202012Validator(module.PARAMS).iter_errors(given), key=str)
    if problems:
        params = {"name": spec["builtin"], "problem": problems[0].message[:300]}
        raise _error(doc, join(pointer, "builtin"), "rules.builtin_params", params)
    for name in getattr(module, "SCHEMA_PARAMS", ()):
        if name in given:
            _check_schema(given[name], doc, join(join(pointer, "with"), name))


def _settings_of(data: dict[str, Any], framework: Framework, settings: dict[str, Any]) -> dict[str, Any]:
    return {**framework.settings, **data.get("settings", {}), **settings.get(data["ruleset"], {})}


def _framework_of(doc: Document, frameworks: dict[str, Framework]) -> Framework:
    framework = frameworks.get(doc.data["framework"])
    if framework is None:
        params = {"id": doc.data["framework"], "known": ", ".join(sorted(frameworks))}
        raise _error(doc, "/framework", "rules.unknown_framework", params)
    return framework


def _check_ruleset(doc: Document, frameworks: dict[str, Framework], settings: dict[str, Any]) -> None:
    _check_meta(doc, "ruleset.schema.json")
    data = doc.data
    _check_replaces(doc, data["ruleset"])
    framework = _framework_of(doc, frameworks)
    merged = _settings_of(data, framework, settings)
    for index, raw in enumerate(data["rules"]):
        base = f"/rules/{index}"
        if raw["clause"] not in framework.clauses:
            params = {"clause": raw["clause"], "framework": framework.id}
            raise _error(doc, base + "/clause", "rules.unknown_clause", params)
        _check_templates(raw, doc, base)
        _check_rule_versions(raw, framework, doc, base)
        spec = _substitute(raw, merged, doc, base)
        for part in ("when", "check"):
            if part in spec:
                _check_predicate(spec[part], doc, f"{base}/{part}")
    if "when" in data:
        _check_predicate(_substitute(data["when"], merged, doc, "/when"), doc, "/when")


def _check_rule_versions(raw: dict[str, Any], framework: Framework, doc: Document, base: str) -> None:
    """A rule's ``versions`` name versions its framework lists: a misspelt version would
    otherwise make the rule apply in none."""
    known = [v.version for v in framework.versions]
    for index, version in enumerate(raw.get("versions", [])):
        if framework.version_entry(version) is None:
            params = {"version": version, "framework": framework.id, "known": ", ".join(known) or framework.version}
            raise _error(doc, f"{base}/versions/{index}", "rules.unknown_version", params)


def _build_rule(raw: dict[str, Any], spec: dict[str, Any], doc: Document, base: str, ruleset: str) -> Rule:
    return Rule(
        id=raw["id"],
        ruleset=ruleset,
        framework=doc.data["framework"],
        clause=raw["clause"],
        title=raw["title"],
        requirement=raw["requirement"],
        kind=raw["kind"],
        check=compile_predicate(spec["check"]),
        when=compile_predicate(spec["when"]) if "when" in spec else None,
        message=raw["message"],
        source=raw["source"],
        examples=raw["examples"],
        file=doc.path,
        line=doc.locate(base).line,
        at=raw.get("at"),
        surface=raw.get("surface", []),
        fix=raw.get("fix"),
        prompt=raw.get("prompt"),
        versions=tuple(raw.get("versions", [])),
        spec=spec,
        example_lines={
            expect: [doc.locate(f"{base}/examples/{expect}/{i}").line for i in range(len(items))]
            for expect, items in raw["examples"].items()
        },
    )


def load_ruleset(
    doc: Document, frameworks: dict[str, Framework], settings: dict[str, Any], where: bytes | None = None
) -> RuleSet:
    """The rule set in ``doc`` (from ``read``), checked against ``frameworks`` and the
    repository's ``settings``; ``where`` is their ``context`` when already computed."""
    key_context = where if where is not None else context(frameworks, settings)
    _checked(doc, key_context, lambda: _check_ruleset(doc, frameworks, settings))
    data = doc.data
    framework = _framework_of(doc, frameworks)
    merged = _settings_of(data, framework, settings)
    rules = []
    for index, raw in enumerate(data["rules"]):
        base = f"/rules/{index}"
        rules.append(_build_rule(raw, _substitute(raw, merged, doc, base), doc, base, data["ruleset"]))
    when: Check | None = None
    when_spec = _substitute(data["when"], merged, doc, "/when") if "when" in data else None
    if when_spec is not None:
        when = compile_predicate(when_spec)
    overrides = data.get("overrides", {})
    return RuleSet(
        id=data["ruleset"],
        framework=framework,
        version=str(data["version"]),
        title=data.get("title", framework.title),
        rules=rules,
        path=doc.path,
        when=when,
        when_spec=when_spec,
        verdict_if_not_applicable=data.get("verdict_if_not_applicable", "not_applicable"),
        settings=merged,
        extends=data.get("extends"),
        overrides=overrides,
        extends_line=doc.locate("/extends").line,
        override_lines={rule_id: doc.locate(join("/overrides", rule_id)).line for rule_id in overrides},
        replaces=data["replaces"]["id"] if "replaces" in data else None,
        line=doc.locate("/ruleset").line,
        framework_version=framework.version,
        base_id=data["ruleset"],
    )
