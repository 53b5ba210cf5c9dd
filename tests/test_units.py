"""Units of learning volume (issue #15): credits convert to hours with the framework's own
factor, a range factor gives a range, a limit inside the range is reported as such, and
every finding shows the conversion it made."""

from __future__ import annotations

import json

from qa_checker import units
from qa_checker.builtins import volume

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


def test_the_volume_check_reports_the_conversion_it_made() -> None:
    check = volume.compile({"factors": ECTS, "min": 1})
    passed = check({"credits": {"value": 5, "system": "ECTS"}})
    assert not passed.violations and passed.detail == "5 ECTS = 125–150 hours"
    stated = check({"notional_hours": 40})
    assert not stated.violations and stated.detail is None


def test_a_limit_that_falls_inside_the_range_fails_saying_so() -> None:
    check = volume.compile({"factors": ECTS, "max": 140})
    (violation,) = check({"credits": {"value": 5, "system": "ECTS"}}).violations
    assert violation.pointer == "/credits/value"
    assert "5 ECTS = 125–150 hours" in violation.params["volume"]
    assert "spans the limit" in violation.params["volume"]


def test_stated_hours_win_over_converted_credits() -> None:
    check = volume.compile({"factors": ECTS, "max": 140})
    outcome = check({"notional_hours": 130, "credits": {"value": 5, "system": "ECTS"}})
    assert not outcome.violations and outcome.found == ["/notional_hours"]


def test_credits_in_the_framework_unit_are_used_as_stated() -> None:
    check = volume.compile({"factors": {**NZ, **ECTS}, "unit": "NZ_credits", "max": 40})
    assert check({"credits": {"value": 40, "system": "NZQCF"}, "notional_hours": 900}).violations == []
    (over,) = check({"credits": {"value": 20, "system": "ECTS"}}).violations
    assert over.params["volume"] == "20 ECTS = 500–600 hours = 50–60 NZ credits"


def test_nothing_to_convert_is_a_failure_that_says_why() -> None:
    check = volume.compile({"factors": ECTS, "hours": ["/notional_hours"]})
    (missing,) = check({}).violations
    assert missing.pointer == "/notional_hours" and "no hours" in missing.params["volume"]
    (unknown,) = check({"credits": {"value": 3, "system": "institutional"}}).violations
    assert "3 institutional credits" in unknown.params["volume"]


def test_an_unverified_factor_is_flagged_in_the_conversion() -> None:
    check = volume.compile({"factors": {"UK_credits": {"hours": [10, 10], "verified": False}}})
    outcome = check({"credits": {"value": 15, "system": "UK_credits"}})
    assert outcome.detail == "15 UK credits = 150 hours; conversion factor unverified"


def test_a_failing_finding_shows_the_conversion(write) -> None:
    path = write("p.yaml", HEADER + "credits: {value: 20, system: ECTS}\n")
    result = run_cli("check", "--format", "json", "--framework", "nzqa", str(path))
    findings = json.loads(result.stdout)["files"][0]["findings"]
    (size,) = [f for f in findings if f["rule_id"] == "NZQA-R1-2022"]
    assert size["status"] == "fail"
    assert "20 ECTS = 500–600 hours = 50–60 NZ credits" in size["message"]
