"""What a loaded catalogue is made of: frameworks, their clauses, rule sets and rules.

Plain data with case-insensitive lookups; loading and checking live in ``rulefiles``
(one file) and ``rulesets`` (the whole catalogue).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qa_checker.builtins.result import Check
from qa_checker.errors import RuleSetError
from qa_checker.findings import SEVERITY_OF_REQUIREMENT, Severity
from qa_checker.jurisdictions import covers, home


@dataclass(frozen=True)
class Clause:
    id: str
    heading: str
    paraphrase: str
    requirement: str | None = None
    tag: str | None = None
    verified: bool = True
    check: str | None = None


@dataclass(frozen=True)
class FrameworkVersion:
    """One published version of a framework (NZQA 2018, NZQA 2022): a rule set citing a
    framework with versions is checked against one of them, named ``id@version``."""

    version: str
    date: str = ""
    status: str = "final"
    summary: str = ""
    # What this version changed from the one before it, in our words (shown by explain).
    changes: tuple[str, ...] = ()


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
    # The shipped framework this institution's file knowingly takes the place of.
    replaces: str | None = None
    line: int = 1  # of the ``id:`` key, for load errors about the file as a whole
    # Published versions, oldest first; empty for a framework with one version only.
    # The current one is the version named by ``version``.
    versions: tuple[FrameworkVersion, ...] = ()

    @property
    def draft(self) -> bool:
        return self.status == "draft"

    def version_entry(self, version: str) -> FrameworkVersion | None:
        """The published version named ``version`` (ignoring case), or None."""
        wanted = version.casefold()
        return next((v for v in self.versions if v.version.casefold() == wanted), None)


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
    # Framework versions the rule applies in; empty means every version.
    versions: tuple[str, ...] = ()

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
    # The ``when`` as written, settings substituted (``when`` is built from it).
    when_spec: dict[str, Any] | None = None
    verdict_if_not_applicable: str = "not_applicable"
    settings: dict[str, Any] = field(default_factory=dict)
    extends: str | None = None
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Lines of ``extends:`` and of each ``overrides:`` entry, for load errors.
    extends_line: int = 1
    override_lines: dict[str, int] = field(default_factory=dict)
    # The shipped rule set this institution's file knowingly takes the place of.
    replaces: str | None = None
    line: int = 1  # of the ``ruleset:`` key, for load errors about the file as a whole
    # The framework version this set checks against (``2022``), and whether it is the
    # current one; a set for an older version (``nzqa@2018``) is never a default.
    framework_version: str = ""
    current: bool = True
    # The rule set's ID as written in its file (``nzqa`` for ``nzqa@2018``).
    base_id: str = ""

    @property
    def versioned(self) -> bool:
        """Whether the set is one version of a framework with several (ID ``id@version``)."""
        return bool(self.framework.versions)


class RuleSetTable(dict[str, "RuleSet"]):
    """The catalogue's rule sets by ID, plus ``aliases``: the bare ID of a versioned
    framework's rule set (``nzqa``) names its current version (``nzqa@2022``), and
    ``id@version`` of a framework with one version names the set itself (``cican@2021``).
    Keys are IDs as written; aliases are keyed in lower case."""

    aliases: dict[str, str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.aliases = {}


@dataclass
class Catalog:
    """Every loaded framework and rule set, keyed by their IDs as written.

    IDs are unique regardless of case (checked when the catalogue loads), so
    ``ruleset`` and ``rule`` can match the way people type them: ``explain cican-p1``,
    a waiver for ``CICAN-P1`` and ``--framework CICAN`` each find exactly one thing.
    ``warnings`` are problems that do not stop a run but must be seen (a rule set left
    with no active rules).
    """

    frameworks: dict[str, Framework]
    rulesets: dict[str, RuleSet]
    warnings: list[RuleSetError] = field(default_factory=list)

    def rules(self) -> list[Rule]:
        """Every rule once: a rule shared by several versions of a framework
        (``nzqa@2018``, ``nzqa@2022``) is listed under the first version that has it."""
        seen: set[tuple[str, str]] = set()
        out = []
        for ruleset in self.rulesets.values():
            base = (ruleset.base_id or ruleset.id).lower()
            for rule in ruleset.rules:
                key = (base, rule.id.lower())
                if ruleset.versioned and key in seen:
                    continue
                seen.add(key)
                out.append(rule)
        return out

    def ruleset(self, ruleset_id: str) -> RuleSet | None:
        """The rule set with this ID, matched case-insensitively."""
        wanted = ruleset_id.lower()
        aliases = getattr(self.rulesets, "aliases", {})
        wanted = aliases.get(wanted, wanted).lower()
        return next((rs for rid, rs in self.rulesets.items() if rid.lower() == wanted), None)

    def rule(self, rule_id: str) -> Rule | None:
        """The rule with this ID, matched case-insensitively. A rule inherited through
        ``extends`` has the same ID in several rule sets: the one in the file that
        defines it is returned."""
        wanted = rule_id.lower()
        matches = [rule for rule in self.rules() if rule.id.lower() == wanted]
        own = (rule for rule in matches if self.rulesets[rule.ruleset].path == rule.file)
        return next(own, matches[0] if matches else None)

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
            if not ruleset.current:
                continue
            if place is None and not home(framework.jurisdiction):
                # Not stated: the tool's home country's defaults, not every country's.
                continue
            if place is not None and not covers(framework.jurisdiction, place):
                continue
            if framework.default:
                ids.append(rid)
            elif data is not None and ruleset.when is not None and not ruleset.when(data).violations:
                ids.append(rid)
        return ids
