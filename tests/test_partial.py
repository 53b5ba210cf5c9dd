"""Partial results (issue #19 item 4): a wrong type is an input error for that field
alone; the field is treated as absent and every other rule still runs and reports,
with the type error listed first and exit code 2 kept."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EXAMPLES, run_cli


def check_json(path: Path, *args: str) -> tuple[int, dict]:
    result = run_cli("check", str(path), "--format", "json", "--framework", "cican", *args)
    return result.returncode, json.loads(result.stdout)["files"][0]


def findings_of(entry: dict) -> list[tuple[str, str, int]]:
    return sorted((f["rule_id"], f["status"], f["line"]) for f in entry["findings"])


def test_one_wrong_type_and_three_failures_are_all_reported(tmp_path: Path) -> None:
    source = (EXAMPLES / "incomplete.yaml").read_text(encoding="utf-8")
    assert "\ninstructional_hours: 24\n" in source
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(source.replace("\ninstructional_hours: 24\n", "\ninstructional_hours: forty\n"), encoding="utf-8")
    absent = tmp_path / "absent.yaml"
    absent.write_text(source.replace("\ninstructional_hours: 24\n", "\ninstructional_hours:\n"), encoding="utf-8")

    code, entry = check_json(wrong)
    assert code == 2
    assert [e["code"] for e in entry["errors"]] == ["model.float_type"]
    failures = [f for f in entry["findings"] if f["status"] == "fail"]
    assert len(failures) >= 3, "the rule failures are reported beside the type error"
    # exactly what the rules say when the field is absent
    _, without = check_json(absent)
    assert findings_of(entry) == findings_of(without)

    text = run_cli("check", str(wrong), "--framework", "cican", "--no-fixes", "--group", "rule")
    lines = text.stdout.splitlines()
    assert text.returncode == 2
    assert "instructional_hours" in lines[0] and " error " in lines[0], "the type error is listed first"
    assert sum(1 for line in lines if " CICAN-" in line) >= 3


def test_a_wrong_list_item_leaves_out_that_list_only(tmp_path: Path) -> None:
    source = (EXAMPLES / "incomplete.yaml").read_text(encoding="utf-8")
    path = tmp_path / "item.yaml"
    path.write_text(source + "noc_codes: [[1, 2]]\n", encoding="utf-8")
    code, entry = check_json(path)
    assert code == 2 and entry["errors"] and entry["findings"]


def test_several_type_errors_are_all_listed_before_the_findings(tmp_path: Path) -> None:
    source = (EXAMPLES / "incomplete.yaml").read_text(encoding="utf-8")
    path = tmp_path / "two.yaml"
    path.write_text(
        source.replace("\ninstructional_hours: 24\n", "\ninstructional_hours: forty\n") + "training_weeks: many\n",
        encoding="utf-8",
    )
    result = run_cli("check", str(path), "--framework", "cican", "--no-fixes", "--group", "rule")
    lines = result.stdout.splitlines()
    assert result.returncode == 2
    assert "instructional_hours" in lines[0] and "training_weeks" in lines[1]
    assert any(" CICAN-" in line for line in lines[2:])
