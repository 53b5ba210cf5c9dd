"""The shipped catalogue, checked once at build time and shipped as plain JSON.

Loading the shipped frameworks and rule sets meant parsing each YAML file with positions,
importing jsonschema and checking every rule, on every run, to end with the same
catalogue; on a first run (a new CI container) it cost a one-file check most of its
time. ``scripts/build_rule_bundle.py`` does that work once and writes the catalogue
(frameworks and rule sets after their translation overlays, before ``extends`` and
framework versions are resolved, plus the notices) to ``bundle/catalogue.<lang>.json``
in the package; this module rebuilds the catalogue from there: each rule's checks are
compiled again from its spec (``predicates``, on the compiled JSON Schema of
``schemacompile``), and ``extends``, framework versions and warnings go through the same
code as a load from the files.

The bundle is package data, as trusted as the rule files beside it, and it is used only
while it is current: it holds a digest over the checking and loading code and every
file under the shipped ``rules/`` and ``frameworks/`` folders, computed again at load.
Anything else (an edited rule file, a repository's ``settings``, an institution's rule
folders, another language, a bundle that does not rebuild) loads from the files, so a
rule file with a problem always gets its error, with its line, from the real loader.
Nothing is written at run time and nothing is read from the user's cache, so a planted
cache entry cannot change a verdict. ``tests/test_rulebundle.py`` fails while the
shipped bundle is stale.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from functools import cache
from typing import Any

from qa_checker import rulecache, schemacompile
from qa_checker.builtins.result import Check
from qa_checker.errors import RuleSetError
from qa_checker.paths import frameworks_dir, package_path, rules_dir
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
_RULE_CODE = ("check", "when")  # rebuilt from ``spec``, never stored


Parts = tuple[dict[str, Framework], dict[str, RuleSet], list[RuleSetError]]


@cache
def _code_salt() -> bytes:
    digest = hashlib.sha256(rulecache.salt())
    package = package_path("")
    for name in _LOADING_MODULES:
        digest.update(name.encode() + b"\0")
        try:
            digest.update((package / name).read_bytes())
        except OSError:  # a stripped install: still bound to the version
            continue
    return digest.digest()


def key(lang: str) -> str:
    """A digest over everything the shipped catalogue in ``lang`` depends on: the code
    and every shipped rule and framework file, by its place under its folder (not where
    the folder is, so the bundle built in the repository serves every install)."""
    digest = hashlib.sha256(b"qa-checker catalogue bundle %d\0" % FORMAT)
    digest.update(_code_salt())
    for folder in (rules_dir(), frameworks_dir()):
        digest.update(folder.name.encode() + b"\0")
        for path in sorted(folder.rglob("*.yaml")):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(lang.encode())
    return digest.hexdigest()


# Absolute file names in the catalogue (messages name rule files) are stored relative to
# these placeholders and made absolute again for the install that reads them.
def _roots() -> list[tuple[str, str]]:
    return [("<rules>", str(rules_dir())), ("<frameworks>", str(frameworks_dir()))]


def _relocated(node: Any, pairs: list[tuple[str, str]]) -> Any:
    if isinstance(node, str):
        for old, new in pairs:
            if node == old or node.startswith(old + "/"):
                return new + node[len(old) :]
        return node
    if isinstance(node, dict):
        return {k: _relocated(v, pairs) for k, v in node.items()}
    if isinstance(node, list):
        return [_relocated(v, pairs) for v in node]
    return node


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


# -- the shipped file ---------------------------------------------------------------------


def _resource(lang: str) -> Any:
    return package_path(f"bundle/catalogue.{lang}.json")


def load(settings: dict[str, Any], lang: str) -> Parts | None:
    """The shipped catalogue's parts from the bundle, or None: load from the files."""
    if settings:
        return None  # a repository's settings change rule schemas: not what was built
    try:
        raw = _resource(lang).read_bytes()
        cache_key = key(lang)
    except OSError:  # no bundle for this language (qps), or a stripped install
        return None
    try:
        entry = json.loads(raw)
        if not isinstance(entry, dict) or entry.get("key") != cache_key:
            return None  # stale: a rule file or the code changed since it was built
        pairs = [(marker, root) for marker, root in _roots()]
        return _parts(_relocated(entry["catalogue"], pairs))
    except Exception:
        return None


def build(parts: Parts, lang: str) -> str:
    """The bundle's text for the shipped catalogue's parts (``scripts/build_rule_bundle.py``).
    Raises ValueError when the parts do not survive the trip through JSON unchanged."""
    data = _data(parts)
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    if json.loads(text) != data:  # e.g. a mapping key that is not a string
        raise ValueError("the catalogue does not survive JSON unchanged")
    relative = _relocated(data, [(root, marker) for marker, root in _roots()])
    return json.dumps({"key": key(lang), "catalogue": relative}, ensure_ascii=False, indent=0, sort_keys=False) + "\n"
