"""Every framework is encoded: each clause has a rule, strengths follow the wording,
unverified facts say so, and docs/frameworks.md matches the YAML it is generated from."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from qa_checker.cli import cli
from qa_checker.docs_table import frameworks_markdown
from qa_checker.messages import msg
from qa_checker.rulesets import Catalog, load_catalog

from conftest import REPO, run_cli

RULESETS = ("cican", "ecampusontario", "peqab-omc", "bc", "good-practice", "on-osap")

REQUIRED_CLAUSES = {
    "cican": [f"CICAN-P{i}" for i in range(1, 8)],
    "ecampusontario": [f"ECO-P{i}" for i in range(1, 5)] + [f"ECO-F{i}" for i in range(1, 7)],
    "peqab-omc": [f"PEQAB-S{i}" for i in range(1, 8)],
    "bc": [f"BC-C{i}" for i in range(1, 13)] + ["BC-F1", "BC-F2"],
    "good-practice": [f"GP-{i}" for i in range(1, 12)],
    "on-osap": ["ONT-OSAP1", "ONT-OSAP2", "ONT-OSAP3"],
}

# A digest tag whose first token is U (unverified) or V2 (secondary source only).
UNVERIFIED_TAG = re.compile(r"^\s*(U|V2)\b")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _framework_files() -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((REPO / "frameworks").glob("*.yaml"))]


def test_every_clause_of_every_framework_file_has_a_rule(catalog: Catalog) -> None:
    cited = {(rule.framework, rule.clause) for rule in catalog.rules()}
    for data in _framework_files():
        for clause in data["clauses"]:
            assert (data["id"], clause["id"]) in cited, f"{data['id']}: clause {clause['id']} has no rule"


@pytest.mark.parametrize("framework", sorted(REQUIRED_CLAUSES))
def test_required_clauses_are_present(catalog: Catalog, framework: str) -> None:
    assert framework in catalog.frameworks, framework
    clauses = catalog.frameworks[framework].clauses
    missing = [c for c in REQUIRED_CLAUSES[framework] if c not in clauses]
    assert not missing, f"{framework} lacks {missing}"


def test_rules_listing_covers_every_rule_set() -> None:
    result = run_cli("rules", "--format", "json")
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)["rules"]
    per_set = {rid: [r for r in listed if r["ruleset"] == rid] for rid in RULESETS}
    assert all(per_set.values()), {k: len(v) for k, v in per_set.items()}


def test_good_practice_never_produces_an_error(catalog: Catalog) -> None:
    rules = catalog.rulesets["good-practice"].rules
    assert rules
    assert all(rule.severity.value != "error" for rule in rules), [r.id for r in rules if r.requirement == "must"]
    assert catalog.frameworks["good-practice"].kind == "advisory"


def test_should_and_may_clauses_never_have_must_rules(catalog: Catalog) -> None:
    """'typically', 'where possible' and 'may' give warnings or information, never errors."""
    soft_words = ("typically", "where possible", "may", "can be", "intended")
    for data in _framework_files():
        for clause in data["clauses"]:
            wording = str(clause.get("wording", "")).lower()
            soft = clause.get("requirement") in ("should", "may") or any(w in wording for w in soft_words)
            if not soft:
                continue
            for rule in catalog.rules():
                if rule.framework == data["id"] and rule.clause == clause["id"]:
                    assert rule.requirement != "must", f"{rule.id} is must but clause {clause['id']} is soft"


def test_unverified_clauses_and_their_rules_say_so(catalog: Catalog) -> None:
    flagged = 0
    for framework in catalog.frameworks.values():
        for clause in framework.clauses.values():
            if not UNVERIFIED_TAG.match(clause.tag or ""):
                continue
            flagged += 1
            assert clause.verified is False, f"{clause.id} is tagged {clause.tag!r} but verified"
            for rule in catalog.rules():
                if rule.framework == framework.id and rule.clause == clause.id:
                    assert rule.verified is False, f"{rule.id} rests on {clause.tag!r} but is verified"
    assert flagged >= 9  # PEQAB S1-S4 and S7, BC-C7, ONT-OSAP1-3


def test_rules_with_unverified_tags_are_unverified(catalog: Catalog) -> None:
    for rule in catalog.rules():
        if UNVERIFIED_TAG.match(rule.source.get("tag") or ""):
            assert rule.verified is False, rule.id


def test_explain_says_a_rule_is_unverified(catalog: Catalog) -> None:
    unverified = [rule.id for rule in catalog.rules() if not rule.verified]
    assert {"PEQAB-S1", "BC-C7.1", "ONT-OSAP1"} <= set(unverified)
    runner = CliRunner()
    warning = msg("explain.verified_no")
    for rule_id in unverified:
        result = runner.invoke(cli, ["explain", rule_id])
        assert result.exit_code == 0, result.output
        assert warning in result.output, rule_id
    verified = next(rule.id for rule in catalog.rules() if rule.verified)
    assert warning not in runner.invoke(cli, ["explain", verified]).output


def test_peqab_is_a_draft_with_open_categories(catalog: Catalog) -> None:
    framework = catalog.frameworks["peqab-omc"]
    assert framework.status == "draft"
    assert framework.settings == {"omc_categories": []}
    assert any("six OMC category names are not known" in note for note in framework.notes)
    ruleset = catalog.rulesets["peqab-omc"]
    assert ruleset.verdict_if_not_applicable == "not_claimed"
    assert ruleset.when is not None
    assert ruleset.when({"claims_omc_designation": True}).violations == []
    assert ruleset.when({"claims_omc_designation": False}).violations


def test_osap_is_an_opt_in_funding_check(catalog: Catalog) -> None:
    framework = catalog.frameworks["on-osap"]
    assert framework.kind == "funding_eligibility"
    assert framework.default is False
    assert "funding-eligibility check, not a quality framework" in framework.title
    assert "on-osap" not in catalog.default_ids()


def test_bc_funding_rules_apply_only_to_named_programmes(catalog: Catalog) -> None:
    funding_rules = [r for r in catalog.rulesets["bc"].rules if r.clause.startswith("BC-F")]
    assert funding_rules
    for rule in funding_rules:
        assert rule.when is not None, rule.id
        assert rule.when({}).violations, f"{rule.id} applies without a funding programme"
        assert "funding" in json.dumps(rule.spec["when"]), rule.id


@pytest.mark.parametrize("dropped", ["pass", "fail"])
def test_a_rule_without_passing_or_failing_examples_does_not_load(tmp_path: Path, dropped: str) -> None:
    # Every rule proves itself with both kinds of example: the meta-schema refuses a rule
    # set in which one is missing, so no shipped rule can lack them.
    source = (REPO / "examples" / "custom-rules" / "lakeshore-cican.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(source)
    del data["rules"][0]["examples"][dropped]
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "lakeshore.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    proc = run_cli("rules", "--rules", str(tmp_path / "rules"))
    assert proc.returncode == 2
    assert "lakeshore.yaml:" in proc.stderr and "examples" in proc.stderr


def test_docs_frameworks_md_is_generated_from_the_yaml() -> None:
    path = REPO / "docs" / "frameworks.md"
    expected = frameworks_markdown()
    assert path.read_text(encoding="utf-8") == expected, (
        "docs/frameworks.md is stale: run `.venv/bin/python scripts/gen_frameworks_doc.py`"
    )
    assert expected == frameworks_markdown()  # deterministic


def test_docs_table_lists_every_rule(catalog: Catalog) -> None:
    text = frameworks_markdown(catalog)
    for rule in catalog.rules():
        assert f"`{rule.id}`" in text, rule.id
    for framework in catalog.frameworks.values():
        for clause_id in framework.clauses:
            assert f"| {clause_id} " in text, clause_id


def test_docs_script_check_mode(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = REPO / "scripts" / "gen_frameworks_doc.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
