"""EU Annex I elements (Council Recommendation 2022/C 243/02) in European Learning Model terms.

No SHACL engine is locked in this project, so the export is checked structurally: every
mandatory Annex I element that a proposal can commit to must be present. The learner's
identity and the date of issue are award-time elements and are left to the issuer. The
ELM term names follow ELM v3 (``LearningAchievementSpecification`` and its properties)
and are not checked against the Commission's SHACL shapes; docs/interop.md says so.
"""

from __future__ import annotations

from typing import Any

from qa_checker.interop.export import Built

CONTEXT = "http://data.europa.eu/snb/model/context/edc-ap"
# Annex I element → (ELM property, proposal field it comes from)
MANDATORY = (
    ("title", "title", "/title"),
    ("country of the issuer", "awardingBody", "/provider/country"),
    ("awarding body", "awardingBody", "/provider/name"),
    ("learning outcomes", "learningOutcome", "/learning_outcomes"),
    ("notional workload", "volumeOfLearning", "/notional_hours"),
    ("type of assessment", "assessment", "/assessments"),
    ("form of participation", "mode", "/delivery_modes"),
    ("type of quality assurance", "qualityAssurance", "/quality_assurance/type"),
)
EXPRESSIBLE = tuple(f for _, _, f in MANDATORY) + ("/description", "/level", "/credits", "/languages", "/prerequisites")


def specification(data: dict[str, Any]) -> Built:
    """A ``LearningAchievementSpecification`` with the Annex I elements the proposal states."""
    built = Built("ELM")
    doc = built.doc
    doc["@context"] = CONTEXT
    doc["type"] = "LearningAchievementSpecification"
    built.put("/title", {"en": data["title"]} if data.get("title") else None, "/title")
    built.put("/description", {"en": data["description"]} if data.get("description") else None, "/description")
    provider = data.get("provider") or {}
    if provider.get("name"):
        body: dict[str, Any] = {"type": "Organisation", "legalName": {"en": provider["name"]}}
        if provider.get("country"):
            body["location"] = {"type": "Location", "address": {"type": "Address", "countryCode": provider["country"]}}
            built.sources["/awardingBody/location"] = "/provider/country"
        built.put("/awardingBody", body, "/provider/name")
    outcomes = [o["statement"] for o in data.get("learning_outcomes") or [] if o.get("statement")]
    if outcomes:
        built.put(
            "/learningOutcome",
            [{"type": "LearningOutcome", "title": {"en": s}} for s in outcomes],
            "/learning_outcomes",
        )
    hours = data.get("notional_hours")
    if isinstance(hours, (int, float)):
        built.put("/volumeOfLearning", f"PT{hours:g}H", "/notional_hours")
    credits = data.get("credits") or {}
    if credits.get("value") is not None and credits.get("system") == "ECTS":
        built.put(
            "/creditPoint", [{"type": "CreditPoint", "framework": "ECTS", "point": f"{credits['value']:g}"}], "/credits"
        )
    level = data.get("level") or {}
    if level.get("framework") == "EQF" and level.get("value") is not None:
        built.put("/eqfLevel", str(level["value"]), "/level")
    kinds = sorted({a["type"] for a in data.get("assessments") or [] if a.get("type")})
    if kinds:
        built.put("/assessment", [{"type": "AssessmentSpecification", "dcType": k} for k in kinds], "/assessments")
    built.put("/mode", data.get("delivery_modes"), "/delivery_modes")
    qa_type = (data.get("quality_assurance") or {}).get("type")
    built.put("/qualityAssurance", qa_type, "/quality_assurance/type")
    built.put("/language", data.get("languages"), "/languages")
    built.put(
        "/entryRequirement", {"en": data["prerequisites"]} if data.get("prerequisites") else None, "/prerequisites"
    )
    built.not_expressible(data, EXPRESSIBLE)
    return built


def structural_problems(built: Built) -> list[tuple[str, str]]:
    """(proposal pointer, Annex I element) for each mandatory element the export lacks."""
    doc = built.doc
    out = []
    for element, prop, field in MANDATORY:
        present = prop in doc and (field != "/provider/country" or "location" in doc.get("awardingBody", {}))
        if not present:
            out.append((field, element))
    return out
