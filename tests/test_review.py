"""Reviewer decisions: bound to the exact proposal version, applied to the verdict."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import EXAMPLES, run_cli


def verdict(path: Path, framework: str) -> tuple[str, list[dict]]:
    report = json.loads(run_cli("check", str(path), "--format", "json", "-f", framework).stdout)
    (file,) = report["files"]
    return file["verdicts"][0]["verdict"], file["findings"]


def pending_rules(findings: list[dict]) -> list[str]:
    return sorted({f["rule_id"] for f in findings if f["status"] == "needs_review"})


def test_confirmed_decisions_turn_pending_into_meets_and_go_stale(tmp_path: Path) -> None:
    proposal = Path(shutil.copy(EXAMPLES / "complete.yaml", tmp_path / "bev.yaml"))
    state, findings = verdict(proposal, "cican")
    assert state == "meets_pending_review"
    rules = pending_rules(findings)
    decide = [arg for rule in rules for arg in ("--decide", f"{rule}=confirmed")]
    result = run_cli("review", str(proposal), *decide, "--reviewer", "J. Tremblay", "--comment", "Seen", "-f", "cican")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "bev.review.yaml").exists()
    state, findings = verdict(proposal, "cican")
    assert state == "meets"
    confirmed = [f for f in findings if f["rule_id"] == rules[0]][0]
    assert confirmed["status"] == "pass" and confirmed["review"]["reviewer"] == "J. Tremblay"

    proposal.write_text(proposal.read_text(encoding="utf-8") + "# edited after review\n", encoding="utf-8")
    state, findings = verdict(proposal, "cican")
    assert state == "meets_pending_review", "decisions on the old version are not applied"
    stale = [f for f in findings if f["rule_id"] == "QA-REVIEW-STALE"]
    assert len(stale) == len(rules) and stale[0]["file"].endswith("bev.review.yaml") and stale[0]["line"] > 1


def test_rejected_decision_fails_the_framework(tmp_path: Path) -> None:
    proposal = Path(shutil.copy(EXAMPLES / "complete.yaml", tmp_path / "bev.yaml"))
    rule = pending_rules(verdict(proposal, "cican")[1])[0]
    run_cli("review", str(proposal), "--decide", f"{rule}=rejected", "--reviewer", "QA", "-f", "cican")
    state, findings = verdict(proposal, "cican")
    assert state == "does_not_meet"
    assert [f["status"] for f in findings if f["rule_id"] == rule] == ["fail"]
    text = run_cli("check", str(proposal), "-f", "cican").stdout
    assert "rejected by QA on" in text


def test_review_refuses_items_that_are_not_pending(tmp_path: Path) -> None:
    proposal = Path(shutil.copy(EXAMPLES / "complete.yaml", tmp_path / "bev.yaml"))
    result = run_cli("review", str(proposal), "--decide", "CICAN-P5.1=confirmed", "--reviewer", "QA", "-f", "cican")
    assert result.returncode == 2 and "does not need review" in result.stderr
    assert not (tmp_path / "bev.review.yaml").exists()


def test_malformed_review_file_is_an_input_error(tmp_path: Path) -> None:
    proposal = Path(shutil.copy(EXAMPLES / "complete.yaml", tmp_path / "bev.yaml"))
    (tmp_path / "bev.review.yaml").write_text(
        "kind: MicroCredentialReview\nschema_version: 1\ndecisions:\n  - {rule: CICAN-P2.2, decision: maybe}\n",
        encoding="utf-8",
    )
    result = run_cli("check", str(proposal))
    assert result.returncode == 2
    assert "bev.review.yaml:4:" in result.stdout + result.stderr
