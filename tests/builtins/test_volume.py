"""``volume``: size within limits in the framework's own unit, every conversion shown."""

from __future__ import annotations

from qa_checker.builtins import volume

ECTS = {"ECTS": {"hours": [25, 30]}}
NZ = {"NZ_credits": {"hours": [10, 10]}}


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
