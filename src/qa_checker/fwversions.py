"""Framework versions: one rule set per version, and what changed between versions.

A framework file may list several published versions (NZQA's 2018 regime and its 2022
Rules). Its rule set is then loaded once per version, as ``nzqa@2018`` and
``nzqa@2022``, each with the rules that apply in that version (a rule's ``versions``;
none listed means every version). The bare ID names the current version, so a
proposal that targets ``nzqa`` is checked against the framework as it stands today and
its verdict says which version that was; a board that needs the old regime writes
``targets: [nzqa@2018]``. A framework with a single version keeps its plain ID, and
``cican@2021`` names it too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from qa_checker.ruletypes import Framework, Rule, RuleSet, RuleSetTable

SEPARATOR = "@"


def applies(rule: Rule, version: str) -> bool:
    """Whether ``rule`` is part of the framework's ``version``."""
    return not rule.versions or version.casefold() in {v.casefold() for v in rule.versions}


def expand(rulesets: dict[str, RuleSet]) -> RuleSetTable:
    """The catalogue's table of rule sets: every set of a versioned framework split into
    one set per version, with the aliases that let ``nzqa`` and ``cican@2021`` resolve."""
    table = RuleSetTable()
    for rid, ruleset in rulesets.items():
        framework = ruleset.framework
        if not framework.versions:
            table[rid] = ruleset
            table.aliases[f"{rid}{SEPARATOR}{framework.version}".lower()] = rid
            continue
        for entry in framework.versions:
            vid = f"{rid}{SEPARATOR}{entry.version}"
            current = entry.version.casefold() == framework.version.casefold()
            rules = [replace(rule, ruleset=vid) for rule in ruleset.rules if applies(rule, entry.version)]
            table[vid] = replace(
                ruleset, id=vid, rules=rules, framework_version=entry.version, current=current, base_id=rid
            )
            if current:
                table.aliases[rid.lower()] = vid
    return table


@dataclass(frozen=True)
class VersionChange:
    """One version of a framework as ``explain`` shows it: what its authors changed
    (from the framework file) and which rules only it, or only the one before, has."""

    version: str
    date: str
    status: str
    current: bool
    changes: tuple[str, ...]
    added: tuple[str, ...]
    dropped: tuple[str, ...]


def history(framework: Framework, rules: list[Rule]) -> list[VersionChange]:
    """Each version of ``framework``, oldest first, compared with the one before it."""
    out = []
    previous: set[str] | None = None
    for entry in framework.versions:
        ids = {rule.id for rule in rules if rule.framework == framework.id and applies(rule, entry.version)}
        added = sorted(ids - previous) if previous is not None else []
        dropped = sorted(previous - ids) if previous is not None else []
        out.append(
            VersionChange(
                version=entry.version,
                date=entry.date,
                status=entry.status,
                current=entry.version.casefold() == framework.version.casefold(),
                changes=entry.changes,
                added=tuple(added),
                dropped=tuple(dropped),
            )
        )
        previous = ids
    return out
