"""Units of learning volume (issue #15): credits convert to hours with the framework's own
factor, a range factor gives a range, a limit inside the range is reported as such, and
every finding shows the conversion it made."""

from __future__ import annotations

import json

from qa_checker import units

from conftest import HEADER, run_cli

ECTS = {"ECTS": {"hours": [25, 30]}}
NZ = {"NZ_credits": {"hours": [10, 10]}}


def test_ects_converts_to_a_range_of_hours() -> None:
    hours = units.to_hours(5, "ECTS", units.factors_of(ECTS))
    assert hours == units.Amount(125, 150, "hours")
    assert units.show(hours) == "125–150 hours"
    assert units.show(units.Amount(1, 1, "hours")) == "1 hour"
    assert units.show(units.Amount(12.5, 15, "NZ_credits")) == "12.5–15 NZ credits"


def test_nz_credits_are_ten_hours_and_nzqcf_is_their_format_1_name() -> None:
    factors = units.factors_of(NZ)
    assert units.to_hours(40, "NZQCF", factors) == units.Amount(400, 400, "hours")
    assert units.to_hours(40, "NZ_credits", factors) == units.Amount(400, 400, "hours")
    assert units.from_hours(units.Amount(125, 150, "hours"), "NZQCF", factors) == units.Amount(12.5, 15, "NZ_credits")


def test_no_factor_means_no_conversion() -> None:
    assert units.to_hours(3, "institutional", units.factors_of(ECTS)) is None


def test_a_limit_inside_a_converted_range_is_neither_pass_nor_fail() -> None:
    assert units.compare(units.Amount(125, 150, "hours"), None, 160) == "ok"
    assert units.compare(units.Amount(125, 150, "hours"), None, 100) == "out"
    assert units.compare(units.Amount(125, 150, "hours"), None, 140) == "between"
    assert units.compare(units.Amount(125, 150, "hours"), 130, None) == "between"


def test_a_failing_finding_shows_the_conversion(write) -> None:
    path = write("p.yaml", HEADER + "credits: {value: 20, system: ECTS}\n")
    result = run_cli("check", "--format", "json", "--framework", "nzqa", str(path))
    findings = json.loads(result.stdout)["files"][0]["findings"]
    (size,) = [f for f in findings if f["rule_id"] == "NZQA-R1-2022"]
    assert size["status"] == "fail"
    assert "20 ECTS = 500–600 hours = 50–60 NZ credits" in size["message"]
