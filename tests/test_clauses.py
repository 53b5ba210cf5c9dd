"""The wording of the shipped rules: one voice per rule, and silence reported as silence."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from qa_checker.rulesets import Catalog, load_catalog

from conftest import HEADER, run_cli


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.mark.parametrize("part", ["message", "prompt", "title"])
def test_no_two_rules_print_the_same_words(catalog: Catalog, part: str) -> None:
    """Two rules printed word-for-word identical messages (issue #14): a reader could not
    tell which one spoke. A fix may repeat (the same remedy); what a rule says may not."""
    seen: dict[str, list[str]] = defaultdict(list)
    for rule in catalog.rules():
        text = getattr(rule, part)
        if text:
            seen[" ".join(text.split()).lower()].append(rule.id)
    repeated = {text: ids for text, ids in seen.items() if len(ids) > 1}
    assert not repeated, repeated


# Proposals that are silent about the field each rule reads, with whatever makes the
# rule (or its rule set) apply. Each message must say the file does not state it.
SILENT = {
    "ECO-F5": ("ecampusontario", ""),
    "CICAN-P6.1": ("cican", ""),
    "PEQAB-S1": ("peqab-omc", "claims_omc_designation: true\n"),
    "PEQAB-S4": ("peqab-omc", "claims_omc_designation: true\n"),
    "BC-F5.1": ("bc", "funding: [{program: bc_first_nations_micro_credential_initiative}]\n"),
    "BC-F2.3": ("bc", "funding: [{program: bc_micro_credential_initiative}]\n"),
    "BC-C6": ("bc", ""),
    "ECO-P4": ("ecampusontario", ""),
    "GP-3.1": ("good-practice", ""),
}


@pytest.mark.parametrize("rule_id", sorted(SILENT))
def test_a_silent_file_is_told_it_does_not_say(write, rule_id: str) -> None:
    framework, extra = SILENT[rule_id]
    path: Path = write("silent.yaml", HEADER + extra)
    result = run_cli("check", "--format", "json", "--framework", framework, str(path))
    findings = json.loads(result.stdout)["files"][0]["findings"]
    (finding,) = [f for f in findings if f["rule_id"] == rule_id]
    assert finding["status"] == "fail"
    assert "does not say" in finding["message"], finding["message"]


def test_transcript_message_no_longer_claims_a_fact_the_file_does_not_give(write) -> None:
    path = write("silent.yaml", HEADER)
    out = run_cli("check", "--framework", "ecampusontario", str(path)).stdout
    assert "is not recorded on the transcript" not in out
    assert "does not say the micro-credential is recorded on the transcript" in out
