"""The clause-to-rule table of ``docs/frameworks.md``, generated from the YAML files.

Every framework clause is listed with the rules that test it, their requirement and
kind, their source and whether that source was verified, so the documentation cannot
drift from what the checker does. The words come from the message catalogue
(``report_templates/messages/<lang>/docs.yaml``); the output depends only on the
framework and rule files, never on the date or the machine.
"""

from __future__ import annotations

from qa_checker.jurisdictions import display_name
from qa_checker.messages import msg
from qa_checker.rulesets import Catalog, Framework, Rule, load_catalog


def _cell(text: str) -> str:
    """Table cells are one line and must not end the cell early."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _source(rule: Rule) -> str:
    tag = rule.source.get("tag") or ""
    url = rule.source.get("url") or ""
    if url:
        return msg("docs.source_link", tag=tag or url, url=url)
    return tag


def _rule_cell(rule: Rule) -> str:
    cell = msg("docs.rule_cell", id=rule.id, title=rule.title)
    if rule.versions:
        cell = msg("docs.rule_versions", cell=cell, versions=", ".join(rule.versions))
    return cell


def _framework_lines(catalog: Catalog, framework: Framework) -> list[str]:
    rulesets = [rs for rs in catalog.rulesets.values() if rs.framework.id == framework.id]
    # A rule shared by several versions of the framework is one row.
    rules = list({(rule.ruleset.split("@")[0], rule.id): rule for rs in rulesets for rule in rs.rules}.values())
    facts = {
        "issuer": framework.issuer,
        "version": framework.version,
        "status": msg(f"docs.status_{framework.status}"),
        "kind": msg(f"docs.kind_{framework.kind}"),
        "jurisdiction": display_name(framework.jurisdiction) if framework.jurisdiction else "-",
        "ruleset": ", ".join(rs.id for rs in rulesets),
        "rules": len(rules),
    }
    meta = "docs.framework_meta" if rulesets else "docs.framework_meta_no_rules"
    lines = [msg("docs.framework_heading", title=framework.title, id=framework.id), "", msg(meta, **facts)]
    if not framework.default:
        lines += ["", msg("docs.default_off")]
    if framework.versions:
        lines += ["", msg("docs.versions_heading"), ""]
        for entry in framework.versions:
            current = msg("docs.version_current") if entry.version == framework.version else ""
            status = msg(f"docs.status_{entry.status}")
            lines.append(msg("docs.version", version=entry.version, date=entry.date, status=status, current=current))
            lines += [msg("docs.version_change", change=" ".join(c.split())) for c in entry.changes]
    if framework.notes:
        lines += ["", msg("docs.notes_heading"), ""]
        lines += [msg("docs.note", note=" ".join(note.split())) for note in framework.notes]
    lines += ["", msg("docs.table_head"), msg("docs.table_rule")]
    for clause in framework.clauses.values():
        clause_cell = _cell(msg("docs.clause_cell", id=clause.id, heading=clause.heading))
        clause_rules = [rule for rule in rules if rule.clause == clause.id]
        if not clause_rules:
            verified = msg("docs.verified_yes") if clause.verified else msg("docs.verified_no")
            row = {
                "clause": clause_cell,
                "rule": msg("docs.no_rule"),
                "requirement": clause.requirement or "",
                "kind": clause.check or "",
                "source": _cell(clause.tag or ""),
                "verified": verified,
            }
            lines.append(msg("docs.row", **row))
            continue
        for rule in clause_rules:
            row = {
                "clause": clause_cell,
                "rule": _cell(_rule_cell(rule)),
                "requirement": msg("docs.requirement_cell", requirement=rule.requirement, severity=rule.severity.value),
                "kind": rule.kind,
                "source": _cell(_source(rule)),
                "verified": msg("docs.verified_yes") if rule.verified else msg("docs.verified_no"),
            }
            lines.append(msg("docs.row", **row))
    return lines


def frameworks_markdown(catalog: Catalog | None = None) -> str:
    """The whole of ``docs/frameworks.md``: the same files always give the same text."""
    catalog = catalog or load_catalog()
    lines = [msg("docs.title"), "", msg("docs.intro")]
    for framework_id in sorted(catalog.frameworks):
        lines += ["", *_framework_lines(catalog, catalog.frameworks[framework_id])]
    return "\n".join(lines) + "\n"
