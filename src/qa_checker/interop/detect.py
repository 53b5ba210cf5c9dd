"""Which standard a JSON document is, told by its ``@context`` and ``type`` alone.

Recognising is cheap and never guesses from field names: a file is only read as OB3,
OB 2.0 or CTDL when it says so, so a proposal written in JSON is never mistaken.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qa_checker.interop.mapped import as_list

OB3_CONTEXT = "purl.imsglobal.org/spec/ob/v3p0"
OB2_CONTEXT = "w3id.org/openbadges/v2"
CTDL_CONTEXT = "credreg.net/ctdl"
OB3_CREDENTIALS = {"AchievementCredential", "OpenBadgeCredential"}
# The CTDL credential classes (ceterms:Credential subclasses, as the CTDL validation schema lists them).
CTDL_CLASSES = {
    f"ceterms:{name}"
    for name in (
        "ApprenticeshipCertificate AssociateDegree BachelorDegree Badge Certificate Certification Credential "
        "Degree DigitalBadge Diploma DoctoralDegree GeneralEducationDevelopment JourneymanCertificate License "
        "MasterCertificate MasterDegree MicroCredential OpenBadge ProfessionalDoctorate QualityAssuranceCredential "
        "ResearchDoctorate SecondarySchoolDiploma CertificateOfCompletion AcademicCertificate "
        "BasicTechnicalCertificate "
        "AssociateOfAppliedArtsDegree AssociateOfAppliedScienceDegree AssociateOfArtsDegree AssociateOfScienceDegree "
        "BachelorOfArtsDegree BachelorOfScienceDegree CertificateOfParticipation"
    ).split()
}


@dataclass(frozen=True)
class Detected:
    """``standard`` is "OB3", "OB 2.0" or "CTDL"; ``root`` the pointer of the object that
    describes the credential (an OB3 credential's achievement, a CTDL graph's node)."""

    standard: str
    root: str


def _contexts(data: dict[str, Any]) -> str:
    return " ".join(c for c in as_list(data.get("@context")) if isinstance(c, str))


def _types(node: Any, key: str) -> set[str]:
    return {t for t in as_list(node.get(key)) if isinstance(t, str)} if isinstance(node, dict) else set()


def detect(data: Any) -> Detected | None:
    """The standard of ``data``, or None when it is not one this tool reads."""
    if not isinstance(data, dict):
        return None
    contexts = _contexts(data)
    kinds = _types(data, "type")
    if OB3_CONTEXT in contexts:
        if "Achievement" in kinds:
            return Detected("OB3", "")
        if kinds & OB3_CREDENTIALS:
            subject = data.get("credentialSubject")
            if isinstance(subject, dict) and isinstance(subject.get("achievement"), dict):
                return Detected("OB3", "/credentialSubject/achievement")
    if OB2_CONTEXT in contexts and "BadgeClass" in kinds:
        return Detected("OB 2.0", "")
    if _types(data, "@type") & CTDL_CLASSES:
        return Detected("CTDL", "")
    if CTDL_CONTEXT in contexts and isinstance(data.get("@graph"), list):
        for index, node in enumerate(data["@graph"]):
            if _types(node, "@type") & CTDL_CLASSES:
                return Detected("CTDL", f"/@graph/{index}")
    return None


def claimed(data: Any) -> str | None:
    """The standard whose ``@context`` a document names, even when ``detect`` finds no
    object of it to read: such a file is a broken badge, not a proposal in JSON."""
    if not isinstance(data, dict):
        return None
    contexts = _contexts(data)
    for marker, standard in ((OB3_CONTEXT, "OB3"), (OB2_CONTEXT, "OB 2.0"), (CTDL_CONTEXT, "CTDL")):
        if marker in contexts:
            return standard
    return None
