"""The shipped catalogue, once loaded and checked, kept as plain JSON in the user cache.

Even with every file already checked (``rulecache``), loading the shipped frameworks and
rule sets meant parsing each YAML file with positions and importing jsonschema, on every
run, to end with the same catalogue. This module stores that catalogue (frameworks and
rule sets after their translation overlays, before ``extends`` and framework versions
are resolved, plus the notices) as JSON, and rebuilds it from there: a rule's checks are
compiled again from its spec (``predicates``), and ``extends``, framework versions and
warnings go through the same code as a real load.

Only the shipped files are bundled; a catalogue with an institution's folders always
loads from the files. The entry is named by a SHA-256 over everything the catalogue
depends on: the tool's version and checking code, the loading code, every file under
the shipped ``rules/`` and ``frameworks/`` folders (overlays included), the repository's
settings and the language. What is read back is data, never code: it is parsed as
JSON, must hold its own key, and anything missing, unexpected or failing to rebuild
(a corrupt or planted entry) means "load from the files" and the entry is rewritten.
A rule file with a problem never gets an entry, so its error, with its line, always
comes from the real loader. ``QA_CHECKER_NO_CACHE=1`` switches this off too.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import fields
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from qa_checker import rulecache, schemacompile
from qa_checker.builtins.result import Check
from qa_checker.errors import RuleSetError
from qa_checker.paths import frameworks_dir, rules_dir
from qa_checker.predicates import compile_predicate
from qa_checker.ruletypes import Clause, Framework, FrameworkVersion, Rule, RuleSet

FORMAT = 1
# The code that turns files into a catalogue: a change to any of it invalidates the bundle.
_LOADING_MODULES = (
    "rulebundle.py",
    "rulefiles.py",
    "rulesets.py",
    "ruletypes.py",
    "fwversions.py",
    "predicates.py",
    "schemacompile.py",
    "loader.py",
    "document.py",
)
_MAX_BYTES = 32 * 1024 * 1024
_RULE_CODE = ("check", "when")  # rebuilt from ``spec``, never stored


Parts = tuple[dict[str, Framework], dict[str, RuleSet], list[RuleSetError]]


@cache
def _code_salt() -> bytes:
    digest = hashlib.sha256(rulecache.salt())
    package = resources.files("qa_checker")
    for name in _LOADING_MODULES:
        digest.update(name.encode() + b"\0")
        try:
            digest.update(package.joinpath(name).read_bytes())
        except OSError:  # a stripped install: still bound to the version
            continue
    return digest.digest()


def key(settings: dict[str, Any], lang: str) -> str:
    """The entry's name: a digest over everything the shipped catalogue depends on."""
    digest = hashlib.sha256(b"qa-checker catalogue bundle %d\0" % FORMAT)
    digest.update(_code_salt())
    for folder in (rules_dir(), frameworks_dir()):
        digest.update(str(folder.resolve()).encode() + b"\0")
        for path in sorted(folder.rglob("*.yaml")):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(json.dumps(settings, sort_keys=True, default=repr).encode() + b"\0")
    digest.update(lang.encode())
    return digest.hexdigest()


# -- to plain data ------------------------------------------------------------------------


def _framework_data(framework: Framework) -> dict[str, Any]:
    data = {f.name: getattr(framework, f.name) for f in fields(framework)}
    data["clauses"] = {cid: {f.name: getattr(c, f.name) for f in fields(c)} for cid, c in framework.clauses.items()}
    data["versions"] = [{f.name: list(v.changes) if f.name == "changes" else getattr(v, f.name) for f in fields(v)}
                        for v in framework.versions]  # fmt: skip
    return data


def _rule_data(rule: Rule) -> dict[str, Any]:
    data = {f.name: getattr(rule, f.name) for f in fields(rule) if f.name not in _RULE_CODE}
    data["versions"] = list(rule.versions)
    return data


def _ruleset_data(ruleset: RuleSet) -> dict[str, Any]:
    data = {f.name: getattr(ruleset, f.name) for f in fields(ruleset) if f.name != "when"}
    data["framework"] = ruleset.framework.id
    data["rules"] = [_rule_data(rule) for rule in ruleset.rules]
    return data


def _notice_data(notice: RuleSetError) -> dict[str, Any]:
    return {
        "file": notice.file,
        "key": notice.key,
        "params": notice.params,
        "line": notice.line,
        "column": notice.column,
    }


def _data(parts: Parts) -> dict[str, Any]:
    frameworks, rulesets, notices = parts
    return {
        "frameworks": [_framework_data(fw) for fw in frameworks.values()],
        "rulesets": [_ruleset_data(rs) for rs in rulesets.values()],
        "notices": [_notice_data(n) for n in notices],
    }


# -- back from plain data -----------------------------------------------------------------


def _framework(data: dict[str, Any]) -> Framework:
    clauses = {cid: Clause(**raw) for cid, raw in data["clauses"].items()}
    versions = tuple(FrameworkVersion(**{**raw, "changes": tuple(raw["changes"])}) for raw in data["versions"])
    return Framework(**{**data, "clauses": clauses, "versions": versions})


def _predicate(spec: Any, compiled: dict[str, Check]) -> Check:
    """The check for ``spec``; one per distinct spec, as rules often share them. Bundled
    schemas must run compiled, so a bundle never gets jsonschema imported."""
    text = json.dumps(spec, sort_keys=True)
    if text not in compiled:
        if "schema" in spec and schemacompile.compile_schema(spec["schema"]) is None:
            # every shipped schema compiles: one that does not was not written by us
            raise ValueError("a bundled schema that does not compile")
        compiled[text] = compile_predicate(spec)
    return compiled[text]


def _rule(data: dict[str, Any], compiled: dict[str, Check]) -> Rule:
    spec = data["spec"]
    when = _predicate(spec["when"], compiled) if "when" in spec else None
    return Rule(**{**data, "versions": tuple(data["versions"])}, check=_predicate(spec["check"], compiled), when=when)


def _ruleset(data: dict[str, Any], frameworks: dict[str, Framework], compiled: dict[str, Check]) -> RuleSet:
    when_spec = data["when_spec"]
    return RuleSet(
        **{
            **data,
            "framework": frameworks[data["framework"]],
            "rules": [_rule(raw, compiled) for raw in data["rules"]],
            "when": _predicate(when_spec, compiled) if when_spec is not None else None,
        }
    )


def _parts(data: dict[str, Any]) -> Parts:
    frameworks = {raw["id"]: _framework(raw) for raw in data["frameworks"]}
    compiled: dict[str, Check] = {}
    rulesets = {raw["id"]: _ruleset(raw, frameworks, compiled) for raw in data["rulesets"]}
    notices = [RuleSetError(**raw) for raw in data["notices"]]
    return frameworks, rulesets, notices


# -- the cache entry ----------------------------------------------------------------------


def _path(cache_key: str) -> Path | None:
    folder = rulecache.folder()
    return None if folder is None else folder / f"catalogue-{cache_key}.json"


def _read(path: Path) -> bytes | None:
    # Not following links and not waiting on a FIFO: a planted entry cannot redirect
    # the read or hang the run.
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_BYTES:
            return None
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read(_MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def load(settings: dict[str, Any], lang: str) -> Parts | None:
    """The shipped catalogue's parts from the bundle, or None: rebuild from the files."""
    try:
        cache_key = key(settings, lang)
    except OSError:
        return None
    path = _path(cache_key)
    raw = _read(path) if path is not None else None
    if raw is None:
        return None
    try:
        entry = json.loads(raw)
        if not isinstance(entry, dict) or entry.get("key") != cache_key:
            return None
        return _parts(entry["catalogue"])
    except Exception:
        return None


def store(parts: Parts, settings: dict[str, Any], lang: str) -> None:
    """Record the shipped catalogue's parts, if they survive the trip through JSON unchanged."""
    try:
        cache_key = key(settings, lang)
    except OSError:
        return
    path = _path(cache_key)
    if path is None:
        return
    data = _data(parts)
    try:
        text = json.dumps({"key": cache_key, "catalogue": data}, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):  # a value JSON cannot hold (a date, NaN): no bundle
        return
    if json.loads(text)["catalogue"] != data:  # e.g. a mapping key that is not a string
        return
    try:
        from qa_checker.atomic import write_bytes

        write_bytes(path, text.encode("utf-8"))
    except OSError:  # read-only home, full disk: run without a bundle
        return
