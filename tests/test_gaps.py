"""Gaps: one entry per thing to fix, however many rules and frameworks ask for it."""

from __future__ import annotations

from qa_checker.findings import Finding, Severity, Status
from qa_checker.gaps import group, key_of


def finding(rule: str, pointer: str, severity: Severity = Severity.ERROR, line: int = 1, gap: str = "") -> Finding:
    return Finding(
        rule_id=rule,
        framework=rule.split("-")[0].lower(),
        clause=rule,
        status=Status.FAIL,
        severity=severity,
        message=f"{rule} message",
        fix=None,
        pointer=pointer,
        file="p.yaml",
        line=line,
        column=1,
        gap=gap or key_of({}, rule, pointer),
    )


def test_the_same_missing_field_is_one_gap_led_by_its_most_severe_rule() -> None:
    gaps = group(
        [
            finding("GP-3.1", "/employer_partners", Severity.WARNING),
            finding("BC-C4.2", "/employer_partners"),
            finding("ECO-P1.2", "/employer_partners"),
            finding("BC-C5", "/assessments"),
        ]
    )
    assert [g.key for g in gaps] == ["field:/employer_partners", "field:/assessments"]
    assert gaps[0].lead.severity is Severity.ERROR
    assert [f.rule_id for f in gaps[0].rules] == ["BC-C4.2", "ECO-P1.2", "GP-3.1"]


def test_evidence_gaps_with_a_shared_document_type_are_one_gap() -> None:
    qa = key_of({"builtin": "evidence", "with": {"types": ["qa_approval"]}}, "CICAN-P2.2", "")
    both = key_of({"builtin": "evidence", "with": {"types": ["institutional_approval", "qa_approval"]}}, "BC-C8.2", "")
    letter = key_of({"builtin": "evidence", "with": {"types": ["employer_letter"]}}, "ECO-F6.2", "")
    gaps = group(
        [finding("CICAN-P2.2", "", gap=qa), finding("BC-C8.2", "", gap=both), finding("ECO-F6.2", "", gap=letter)]
    )
    assert sorted(len(g.rules) for g in gaps) == [1, 2]


def test_one_rule_failing_on_many_items_is_one_gap_listing_them_in_file_order() -> None:
    items = [finding("ECO-F3.2", f"/learning_outcomes/{i}/statement", line=20 + i) for i in (3, 0, 7)]
    (gap,) = group(items)
    assert gap.key == "items:/learning_outcomes/*/statement"
    assert [f.line for f in gap.items] == [20, 23, 27]
    assert len(gap.rules) == 1


def test_only_the_asked_status_is_grouped_and_wider_gaps_come_first() -> None:
    review = finding("CICAN-P3.1", "/competencies")
    review.status = Status.NEEDS_REVIEW
    gaps = group([review, finding("A-1", "/x", line=1), finding("B-1", "/y", line=9), finding("C-1", "/y", line=9)])
    assert [g.key for g in gaps] == ["field:/y", "field:/x"]


def test_root_level_findings_are_keyed_by_what_their_check_reads() -> None:
    stack = {"schema": {"anyOf": [{"required": ["stackability"]}, {"required": ["pathways"]}]}}
    record = {"schema": {"required": ["transcript_recorded"]}}
    assert key_of(stack, "CICAN-P4", "") == "field:/pathways+/stackability"
    assert key_of({"builtin": "nosuch"}, "X-1", "") == "rule:X-1"
    gaps = group(
        [
            finding("CICAN-P4", "", gap=key_of(stack, "CICAN-P4", "")),
            finding("CICAN-P6.1", "", gap=key_of(record, "CICAN-P6.1", "")),
            finding("GP-6", "/stackability", Severity.WARNING),
        ]
    )
    # the stacking rules are one gap; the transcript rule is not swept in with them
    assert sorted(sorted(f.rule_id for f in g.rules) for g in gaps) == [["CICAN-P4", "GP-6"], ["CICAN-P6.1"]]


def test_one_rule_at_two_fields_and_a_field_inside_another_are_one_gap() -> None:
    gaps = group(
        [
            finding("ECO-F5", "/transcript_recorded", Severity.WARNING),
            finding("ECO-F5", "/record_type", Severity.WARNING, line=40),
            finding("CICAN-P6.1", "/record_type", line=40),
            finding("GP-7.2", "/cost/financial_aid_eligible", Severity.WARNING),
            finding("BC-X", "/cost"),
        ]
    )
    assert sorted(sorted(f.rule_id for f in g.rules) for g in gaps) == [["BC-X", "GP-7.2"], ["CICAN-P6.1", "ECO-F5"]]


def test_a_chain_of_partly_shared_document_types_is_not_one_gap() -> None:
    def evidence(rule: str, *types: str) -> Finding:
        return finding(rule, "", gap=key_of({"builtin": "evidence", "with": {"types": list(types)}}, rule, ""))

    gaps = group([evidence("A-1", "a", "b"), evidence("B-1", "b", "c"), evidence("C-1", "c", "d")])
    assert len(gaps) == 2
    (joined,) = [g for g in gaps if len(g.rules) == 2]
    assert joined.evidence_types == ("b",) or joined.evidence_types == ("c",)


def test_items_of_two_rules_on_the_same_field_are_one_gap_listing_each_item_once() -> None:
    found = [finding("GP-11.1", f"/learning_outcomes/{i}/statement", Severity.WARNING, line=20 + i) for i in (0, 1)]
    found += [finding("ECO-F3.3", "/learning_outcomes/1/statement", line=21)]
    for f, item in zip(found, ("LO1", "LO2", "LO2"), strict=True):
        f.item = item
    (gap,) = group(found)
    assert [f.item for f in gap.items] == ["LO1", "LO2"]
    assert [f.rule_id for f in gap.rules] == ["ECO-F3.3", "GP-11.1"] and gap.lead.rule_id == "ECO-F3.3"


def test_a_lesser_rule_reading_two_fields_never_fuses_two_blocking_gaps() -> None:
    """UK-C2 (info) reads credits and hours; stating credits settles it. If it fused the
    credits gap with the hours gap, saying more would split them and add a blocking gap."""
    credits = finding("NZQA-R5.1", "/credits")
    hours = finding("EU-M7", "/notional_hours")
    bridge = finding("UK-C2", "", Severity.INFO, gap="field:/credits+/notional_hours")
    assert len(group([credits, hours, bridge])) == 2
    assert len(group([credits, hours])) == 2
    # A lesser rule still joins the one blocking gap it touches.
    joined = group([credits, finding("GP-9", "/credits/value", Severity.WARNING)])
    assert [len(g.rules) for g in joined] == [2]
