"""Listings for ``frameworks``, ``rules`` and ``explain`` (text and JSON)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from qa_checker.framework_ids import resolve_all
from qa_checker.fwversions import history
from qa_checker.jurisdictions import display_name
from qa_checker.messages import msg
from qa_checker.rulesets import Catalog, Framework, Rule


def chosen_rules(catalog: Catalog, frameworks: Sequence[str]) -> list[Rule]:
    """The rules of the named sets (every set when none is named), each once: a rule
    shared by several versions of a framework is listed under the first."""
    ids = resolve_all(catalog.rulesets, frameworks)
    if not ids:
        return catalog.rules()
    seen: set[tuple[str, str]] = set()
    out = []
    for rid in ids:
        ruleset = catalog.rulesets[rid]
        for rule in ruleset.rules:
            key = ((ruleset.base_id or rid).lower(), rule.id.lower())
            if key not in seen:
                seen.add(key)
                out.append(rule)
    return out


def rule_dict(catalog: Catalog, rule: Rule) -> dict[str, Any]:
    ruleset = catalog.rulesets[rule.ruleset]
    framework = catalog.frameworks[rule.framework]
    clause = framework.clauses.get(rule.clause)
    return {
        "id": rule.id,
        "ruleset": rule.ruleset,
        "framework": rule.framework,
        "framework_status": framework.status,
        "clause": rule.clause,
        "clause_heading": clause.heading if clause else None,
        "title": rule.title,
        "requirement": rule.requirement,
        "severity": rule.severity.value,
        "kind": rule.kind,
        "message": rule.message,
        "fix": rule.fix,
        "prompt": rule.prompt,
        "source": {
            "url": rule.source.get("url"),
            "verified": rule.verified,
            "tag": rule.source.get("tag"),
            "note": rule.source.get("note"),
        },
        "ruleset_version": ruleset.version,
        "file": rule.file,
        "line": rule.line,
    }


def rules_json(catalog: Catalog, rules: list[Rule], with_codes: bool = False) -> str:
    body: dict[str, Any] = {"rules": [rule_dict(catalog, r) for r in rules]}
    if with_codes:
        from qa_checker.toolcodes import CODES

        body["tool_codes"] = [
            {"id": c.code, "severity": c.severity.value, "title": c.title, "description": c.description}
            for c in CODES.values()
        ]
    return json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def rules_text(catalog: Catalog, rules: list[Rule]) -> str:
    lines = []
    for rule in rules:
        flags = []
        if not rule.verified:
            flags.append(msg("text.unverified"))
        if catalog.frameworks[rule.framework].draft:
            flags.append(msg("text.draft"))
        extra = f"  ({'; '.join(flags)})" if flags else ""
        lines.append(f"{rule.id:<14} {rule.severity.value:<8} {rule.kind:<10} {rule.title}{extra}")
    return "\n".join(lines) + "\n"


def tool_codes_text() -> str:
    """The tool's own ``QA-*`` codes, after the rules, in the same columns."""
    from qa_checker.toolcodes import CODES

    lines = ["", msg("rules.tool_codes")]
    lines += [f"{c.code:<14} {c.severity.value:<8} {'tool':<10} {c.title}" for c in CODES.values()]
    return "\n".join(lines) + "\n"


def framework_dict(catalog: Catalog, fid: str) -> dict[str, Any]:
    """One rule set as ``frameworks`` lists it. For one version of a framework with
    several, ``version``, ``date`` and ``status`` are that version's (``superseded``)."""
    ruleset = catalog.rulesets[fid]
    fw = ruleset.framework
    entry = fw.version_entry(ruleset.framework_version) if fw.versions else None
    return {
        "id": fid,
        "framework": fw.id,
        "title": fw.title,
        "issuer": fw.issuer,
        "version": ruleset.framework_version or fw.version,
        "date": entry.date if entry is not None else fw.date,
        "status": entry.status if entry is not None else fw.status,
        "current": ruleset.current,
        "versions": [v.version for v in fw.versions] or [fw.version],
        "kind": fw.kind,
        "default": fw.default and ruleset.current,
        "jurisdiction": fw.jurisdiction,
        "ruleset_version": ruleset.version,
        "rules": len(ruleset.rules),
        "sources": [s.get("url") for s in fw.sources],
    }


def frameworks_json(catalog: Catalog) -> str:
    body = {"frameworks": [framework_dict(catalog, fid) for fid in catalog.rulesets]}
    return json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def frameworks_text(catalog: Catalog) -> str:
    lines = []
    for fid in catalog.rulesets:
        d = framework_dict(catalog, fid)
        ruleset = catalog.rulesets[fid]
        status = msg("text.draft") if d["status"] == "draft" else d["status"]
        if ruleset.versioned and ruleset.current:
            status = msg("text.current_version", status=status, id=ruleset.base_id)
        where = display_name(d["jurisdiction"]) if d["jurisdiction"] else msg("text.everywhere")
        note = ""
        if not ruleset.current:
            note = "  " + msg("cli.older_version", id=fid, base=ruleset.base_id)
        elif not d["default"]:
            note = "  " + msg("cli.opt_in")
        lines.append(
            f"{fid:<16} {d['title']} ({d['issuer']}, {d['version']}; {status}; {d['rules']} rules; {where}){note}"
        )
    return "\n".join(lines) + "\n"


def explain_text(catalog: Catalog, rule: Rule) -> str:
    fw = catalog.frameworks[rule.framework]
    clause = fw.clauses.get(rule.clause)
    verified = msg("explain.verified_yes") if rule.verified else msg("explain.verified_no")
    status = msg("explain.status_draft") if fw.draft else msg("explain.status_final")
    if fw.kind != "quality_framework":
        status = msg(f"explain.status_{fw.kind}")
    fields = {
        "id": rule.id,
        "title": rule.title,
        "framework": fw.title,
        "issuer": fw.issuer,
        "version": fw.version,
        "status": status,
        "clause": rule.clause,
        "heading": clause.heading if clause else "",
        "paraphrase": clause.paraphrase if clause else "",
        "requirement": rule.requirement,
        "severity": rule.severity.value,
        "kind": msg(f"explain.kind_{rule.kind}"),
        "url": rule.source.get("url") or "",
        "verified": verified,
        "note": rule.source.get("note") or "",
        "message": rule.message,
        "fix": rule.fix or "",
        "prompt": rule.prompt or "",
        "override": rule.override_reason or "",
        "ruleset": rule.ruleset,
        "file": rule.file,
        "line": rule.line,
    }
    lines = [msg("explain.head", **fields)]
    for key in ("clause", "requirement", "kind", "source", "verified", "status"):
        if key == "source" and not fields["url"]:
            lines.append(msg("explain.no_source", **fields))
            continue
        lines.append(msg(f"explain.{key}", **fields))
    extra = ("note", "prompt", "fix", "override")
    for key, value in ((k, fields[k]) for k in extra):
        if value:
            lines.append(msg(f"explain.{key}", **fields))
    if rule.versions:
        every = ", ".join(v.version for v in fw.versions)
        lines.append(msg("explain.versions", versions=", ".join(rule.versions), all=every))
    lines.append(msg("explain.defined", **fields))
    return "\n".join(lines) + "\n"


def framework_explain_text(catalog: Catalog, framework: Framework) -> str:
    """``explain nzqa``: the framework, its versions, and what changed between them,
    in the framework authors' words (its ``changes``) and in rules added or dropped."""
    where = display_name(framework.jurisdiction) if framework.jurisdiction else msg("text.everywhere")
    status = "" if framework.status == "final" else f" ({msg(f'explain.status_{framework.status}')})"
    lines = [
        msg("explain.framework_head", id=framework.id, title=framework.title, issuer=framework.issuer),
        msg("explain.framework_version", version=framework.version, status=status),
        msg("explain.framework_where", where=where),
    ]
    if not framework.versions:
        lines.append(msg("explain.history_none", version=framework.version, id=framework.id))
        return "\n".join(lines) + "\n"
    lines.append(msg("explain.history_head", id=framework.id))
    for change in history(framework, catalog.rules()):
        current = msg("explain.history_current") if change.current else ""
        words = msg(f"explain.status_{change.status}")
        fields = {"version": change.version, "date": change.date, "status": words, "current": current}
        lines.append(msg("explain.history_version", **fields))
        lines += [msg("explain.history_change", change=" ".join(text.split())) for text in change.changes]
        if change.added:
            lines.append(msg("explain.history_added", ids=", ".join(change.added)))
        if change.dropped:
            lines.append(msg("explain.history_dropped", ids=", ".join(change.dropped)))
    return "\n".join(lines) + "\n"


def framework_of(catalog: Catalog, wanted: str) -> Framework | None:
    """The framework ``wanted`` names: a framework ID, or a rule-set ID (``nzqa@2018``)."""
    for fid, framework in catalog.frameworks.items():
        if fid.casefold() == wanted.casefold():
            return framework
    ruleset = catalog.ruleset(wanted)
    return ruleset.framework if ruleset is not None else None
