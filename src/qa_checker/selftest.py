"""``test-rules``: every rule proves itself on its own examples.

A rule whose failing example passes would let a whole class of bad proposals through
unnoticed (Kyverno and Spectral users were bitten by exactly this), so a mismatch is
reported with the rule, the example and its line, and the run exits 1.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa_checker.document import Document
from qa_checker.engine import evaluate_rule
from qa_checker.errors import InputError, InputErrors, RuleSetError
from qa_checker.findings import Status
from qa_checker.model import KIND, SCHEMA_VERSION
from qa_checker.rulesets import Catalog, Rule, rule_files

# Rule examples are fragments of a current-format proposal: a format 1 header would
# upgrade them on load and hide an example still written with a format 1 field.
HEADER = {"kind": KIND, "schema_version": SCHEMA_VERSION, "title": "Example"}


@dataclass
class SelfTestReport:
    rules: int
    examples: int
    problems: list[RuleSetError]


def expected_statuses(rule: Rule, expect: str) -> str:
    if expect == "pass":
        return Status.PASS.value if rule.kind == "automatic" else Status.NEEDS_REVIEW.value
    return expect


def _outcome(rule: Rule, catalog: Catalog, fragment: dict[str, Any]) -> set[Status]:
    from qa_checker.validate import validate

    data = {**HEADER, **fragment}
    doc = Document(path=rule.file, data=data)
    validate(doc)
    ruleset = catalog.rulesets[rule.ruleset]
    applicable = ruleset.when is None or not ruleset.when(data).violations
    return {f.status for f in evaluate_rule(rule, ruleset, doc, applicable)}


def _behaves(rule: Rule, expect: str, statuses: set[Status]) -> bool:
    if expect == "fail":
        return Status.FAIL in statuses
    if expect == "not_applicable":
        return statuses == {Status.NOT_APPLICABLE}
    return statuses == {Status(expected_statuses(rule, "pass"))}


def targets(paths: Sequence[Path], configured: Sequence[Path] = ()) -> tuple[list[Path], list[Path] | None]:
    """The rule folders to load and the rule-set files whose examples to run.

    A folder stands for its rule sets; a rule-set file for itself (its folder is loaded
    too, for the frameworks and parents it needs); a file in a ``frameworks/`` folder
    for every rule set beside that folder, since they all cite it. The configured
    folders are loaded as well, so ``extends`` across folders resolves. Without
    ``paths``: the configured folders (all their rule sets), else (``None``) every rule.
    A named file that is not a ``.yaml`` rule file is an error, not a silent skip.
    """
    folders = list(configured)
    only: list[Path] = []
    for path in paths:
        if path.is_dir():
            folders.append(path)
            only += rule_files(path)
        elif path.suffix != ".yaml":
            raise RuleSetError(str(path), "rules.not_rule_file", {"path": str(path)})
        elif path.parent.name == "frameworks":
            folders.append(path.parent.parent)
            only += rule_files(path.parent.parent)
        else:
            folders.append(path.parent)
            only.append(path)
    if not paths:
        return folders, [p for folder in configured for p in rule_files(folder)] if configured else None
    return folders, only


def run(catalog: Catalog, only: Iterable[Path] | None = None) -> SelfTestReport:
    """Run the examples of every rule, or only of the rules defined in the files ``only``."""
    wanted = None if only is None else {p.resolve() for p in only}
    seen: set[tuple[str, str, int]] = set()
    problems: list[RuleSetError] = []
    rules = examples = 0
    for rule in catalog.rules():
        key = (rule.id, rule.file, rule.line)
        if key in seen or (wanted is not None and Path(rule.file).resolve() not in wanted):
            continue
        seen.add(key)
        rules += 1
        for expect, fragments in sorted(rule.examples.items()):
            for index, fragment in enumerate(fragments):
                examples += 1
                line = rule.example_lines.get(expect, [rule.line] * (index + 1))[index]
                params = {"rule": rule.id, "expect": expect, "index": index + 1}
                try:
                    statuses = _outcome(rule, catalog, fragment)
                except (InputError, InputErrors) as exc:
                    errors = exc.errors if isinstance(exc, InputErrors) else [exc]
                    problem = "; ".join(e.message for e in errors)
                    problems.append(
                        RuleSetError(rule.file, "rules.example_invalid", {**params, "problem": problem}, line)
                    )
                    continue
                if not _behaves(rule, expect, statuses):
                    got = ", ".join(sorted(s.value for s in statuses))
                    problems.append(RuleSetError(rule.file, "rules.example_mismatch", {**params, "got": got}, line))
    return SelfTestReport(rules=rules, examples=examples, problems=problems)
