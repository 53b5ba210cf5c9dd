"""The proposal model: the field set of ``reference/frameworks.md`` §7, as pydantic v2.

The model only decides whether each value has the right *type*; whether a field is
*there* is the rules' business, so every field except the header and ``title`` is
optional. Fields are grouped into mixins the way a curriculum designer thinks about a
proposal (identity, size, learning, ...), and the final ``Proposal`` keeps them flat so
that files stay short and JSON pointers stay readable.

Validation is strict: ``instructional_hours: "40"`` is a string, not a number, and a
``cip_code`` written as a bare number (which YAML would read as ``47.06``) is refused
with a hint to quote it, rather than silently losing its trailing zeros.

This is format 2 (``schema_version: 2``), shaped by what public listings state: several
delivery modes, hours split by kind, training and placement weeks apart, several
languages, partners' kinds and roles, funders and framework claims. Format 1 files are
upgraded on load by ``qa_checker.migration`` (one pure mapping, also used by
``qa-checker migrate``), so this model only ever sees format 2.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

# the header constants live with the pre-filter, which must not import pydantic
from qa_checker.header import KIND as KIND
from qa_checker.header import SCHEMA_VERSION as SCHEMA_VERSION
from qa_checker.header import SUPPORTED_VERSIONS as SUPPORTED_VERSIONS
from qa_checker.isodates import calendar_date as _calendar_date

Text = Annotated[str, StringConstraints(max_length=100_000)]
Id = Annotated[str, StringConstraints(min_length=1, max_length=200)]
IsoDate = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"), AfterValidator(_calendar_date)]
# Finite only: JSON's 1e400 and YAML's .inf read as infinity, which no hour count is.
Amount = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
EvidenceRefs = list[Id]


class Part(BaseModel):
    """Every part refuses unknown keys, so a typo is reported instead of ignored."""

    model_config = ConfigDict(extra="forbid", strict=True)


# --- Identity ---------------------------------------------------------------------

ProviderType = Literal[
    "college",
    "university",
    "indigenous_institute",
    "career_college",
    "public_psi",
    "psi_consortium",
    "first_nations_institute",
    "employer",
    "agency",
    "other",
]
QaStatus = Literal["quality_assured", "regulated", "unregulated", "unknown"]


class Provider(Part):
    name: Text | None = None
    type: ProviderType | None = None
    public: bool | None = None
    jurisdiction: Text | None = None
    country: Text | None = None
    region: Text | None = None
    qa_status: QaStatus | None = None


# What a partner does in the delivery of the micro-credential (partner_institutions);
# employer partners' roles (EmployerRole) include these too.
DeliveryRole = Literal["instructor", "placement_host", "co_delivery", "assessment_role", "recognition_role"]


class PartnerInstitution(Part):
    name: Text | None = None
    type: ProviderType | None = None
    qa_status: QaStatus | None = None
    role: Text | None = None
    roles: list[DeliveryRole] | None = None


class ParentCredential(Part):
    title: Text | None = None
    provider: Text | None = None
    uri: Text | None = None


class Identity(Part):
    provider: Provider | None = None
    partner_institutions: list[PartnerInstitution] | None = None
    developer: Text | None = None
    credential_class: Literal["micro_credential", "formal_qualification", "badge", "certificate"] | None = None
    claims_omc_designation: bool | None = None
    # The six OMC categories are not published yet; any name is accepted here and the
    # PEQAB rule set checks it against its configurable list.
    omc_category: Text | None = None
    relationship_to_formal_credential: Literal["standalone", "complement", "component", "alternate"] | None = None
    parent_credentials: list[ParentCredential] | None = None


# --- Size -------------------------------------------------------------------------


# The credit system a value is counted in. Format 1's ``NZQCF`` reads as ``NZ_credits``.
CreditSystem = Literal["ECTS", "NZ_credits", "UK_credits", "institutional", "none"]


class Credits(Part):
    value: Amount | None = None
    system: CreditSystem | None = None
    credit_bearing: bool | None = None


class Level(Part):
    framework: Literal["EQF", "QF-EHEA", "OQF", "NZQCF", "AQF", "FHEQ", "SCQF", "CQFW", "RQF", "none"] | None = None
    value: Text | int | None = None


class Size(Part):
    """Hours by kind, because frameworks count different parts: OSAP and PEQAB count
    instructional (contact) hours only, never self-study or placement hours."""

    instructional_hours: Amount | None = None
    self_study_hours: Amount | None = None
    work_integrated_hours: Amount | None = None
    notional_hours: Amount | None = None
    training_weeks: Amount | None = None
    placement_weeks: Amount | None = None
    credits: Credits | None = None
    credit_status: Literal["credit", "non_credit"] | None = None
    level: Level | None = None


# --- Learning ---------------------------------------------------------------------


class Outcome(Part):
    id: Id | None = None
    statement: Text | None = None


class Competency(Part):
    id: Id | None = None
    label: Text | None = None
    framework: Literal["ESCO", "NOC_OaSIS", "sector", "institutional", "other"] | None = None
    framework_ref: Text | None = None
    source: Literal["employer", "industry", "sector_framework", "regulator", "institution"] | None = None
    level: Text | None = None


class OutcomeMapping(Part):
    outcome_id: Id | None = None
    competency_ids: list[Id] | None = None


class PriorLearning(Part):
    available: bool | None = None
    method: Text | None = None


class Learning(Part):
    learning_outcomes: list[Outcome] | None = None
    competencies: list[Competency] | None = None
    outcome_competency_map: list[OutcomeMapping] | None = None
    prerequisites: Text | None = None
    recognition_of_prior_learning: PriorLearning | None = None


# --- Assessment -------------------------------------------------------------------


class AssessmentItem(Part):
    id: Id | None = None
    title: Text | None = None
    type: Literal["test", "performance", "project", "portfolio", "practical", "rpl", "other"] | None = None
    summative: bool | None = None
    maps_to: list[Id] | None = None
    employer_involved: bool | None = None
    evidence_visible: bool | None = None
    assessor_qualification: Text | None = None
    description: Text | None = None


class CompletionCriteria(Part):
    basis: Literal["competency_demonstrated", "grade_threshold", "attendance_only"] | None = None
    grading: Literal["pass_fail", "graded"] | None = None
    pass_mark_percent: Percent | None = None
    min_attendance_percent: Percent | None = None
    description: Text | None = None


class Assessment(Part):
    assessments: list[AssessmentItem] | None = None
    assessment_supervision: (
        Literal["unsupervised_no_id", "supervised_no_id", "supervised_online_id", "supervised_onsite_id"] | None
    ) = None
    completion_criteria: CompletionCriteria | None = None


# --- Recognition ------------------------------------------------------------------


class DigitalCredential(Part):
    """``issued`` says a digital credential is awarded even when the listing names no
    technical ``format`` (a badge "through Credly")."""

    issued: bool | None = None
    format: Literal["OB2", "OB3", "ELM_EDC", "CLR", "PDF", "none"] | None = None
    platform: Text | None = None
    verification_method: Literal["hosted", "signed", "verifiable_credential", "registrar_lookup", "none"] | None = None
    earner_owned: bool | None = None
    earner_shareable: bool | None = None
    embeds_evidence: bool | None = None


class StacksInto(Part):
    title: Text | None = None
    provider: Text | None = None
    has_own_outcomes: bool | None = None


class Stackability(Part):
    type: Literal["standalone", "stackable"] | None = None
    stacks_into: list[StacksInto] | None = None


class Pathway(Part):
    target_credential: Text | None = None
    kind: Literal["credit_transfer", "advanced_standing", "ladder", "employment"] | None = None
    description: Text | None = None


class TransferAgreement(Part):
    partner_institution: Text | None = None
    credit_value: Text | Amount | None = None


class IndustryRecognition(Part):
    body: Text | None = None
    standard: Text | None = None
    description: Text | None = None


class IssuanceTemplate(Part):
    has_learner_id: bool | None = None
    has_issue_date: bool | None = None
    has_grade: bool | None = None


class RegistryListing(Part):
    registry: Literal["EducationPlannerBC", "eCampusOntario_portal", "NZQCF", "CER", "other"] | None = None
    id: Id | None = None


class Recognition(Part):
    record_type: Literal["transcript", "co_curricular_record", "badge_only", "certificate_only"] | None = None
    transcript_recorded: bool | None = None
    digital_credential: DigitalCredential | None = None
    stackability: Stackability | None = None
    pathways: list[Pathway] | None = None
    transfer_agreements: list[TransferAgreement] | None = None
    industry_recognition: IndustryRecognition | None = None
    issuance_template: IssuanceTemplate | None = None
    registry_listing: list[RegistryListing] | None = None


# --- Relevance --------------------------------------------------------------------

EmployerRole = Literal[
    "need_identification",
    "instructor",
    "placement_host",
    "curriculum_input",
    "co_delivery",
    "assessment_role",
    "recognition_role",
    "endorsement",
    "hiring_commitment",
]


class LabourMarketNeed(Part):
    statement: Text | None = None
    sector: Text | None = None
    region: Text | None = None
    sources: list[Text] | None = None
    evidence: EvidenceRefs | None = None


class EmployerPartner(Part):
    name: Text | None = None
    kind: Literal["employer", "sector_association", "industry_body", "professional_body", "union"] | None = None
    sector: Text | None = None
    roles: list[EmployerRole] | None = None
    evidence: EvidenceRefs | None = None


class CommunityPartner(Part):
    name: Text | None = None
    type: Literal["community", "indigenous_community", "iwi", "first_nation", "nonprofit"] | None = None
    roles: list[Text] | None = None
    evidence: EvidenceRefs | None = None


class Endorsement(Part):
    endorser: Text | None = None
    scope: list[Literal["demand", "assessment_validity", "content"]] | None = None
    evidence: EvidenceRefs | None = None


class Relevance(Part):
    labour_market_need: LabourMarketNeed | None = None
    employer_partners: list[EmployerPartner] | None = None
    community_partners: list[CommunityPartner] | None = None
    endorsements: list[Endorsement] | None = None
    noc_codes: list[Text] | None = None
    cip_code: Text | None = None
    nzsced_code: Text | None = None
    indigenous_engagement: Text | None = None


# --- Quality assurance and approval -----------------------------------------------


class QualityAssuranceArrangements(Part):
    type: Literal["internal", "external", "internal_and_external", "professional_body", "industry_framework"] | None = (
        None
    )
    process: Text | None = None
    route: Text | None = None
    body: Text | None = None
    approval_ref: Text | None = None
    approval_date: IsoDate | None = None
    review_cycle_months: Annotated[int, Field(ge=0)] | None = None
    last_review: IsoDate | None = None


class InstitutionalApproval(Part):
    body: Text | None = None
    date: IsoDate | None = None
    reference: Text | None = None
    status: Literal["approved", "pending", "planned"] | None = None


class QualityAssurance(Part):
    quality_assurance: QualityAssuranceArrangements | None = None
    institutional_approval: InstitutionalApproval | None = None
    evaluation_plan: Text | None = None


# --- Access -----------------------------------------------------------------------


class Cost(Part):
    tuition: Amount | None = None
    currency: Text | None = None
    subsidy: bool | None = None
    financial_aid_eligible: bool | None = None


class PublicInfo(Part):
    url: Text | None = None
    credit_status_disclosed: bool | None = None
    cost_disclosed: bool | None = None
    fields_published: list[Text] | None = None


class Funder(Part):
    """Who paid for the micro-credential's development or seats, as a listing names them;
    unlike ``funding``, naming a funder makes no funding-eligibility rule apply."""

    name: Text | None = None
    program: Text | None = None


class Funding(Part):
    """A funding programme the proposal applies to; funding criteria (BC-F*, OSAP)
    apply only to proposals that name the programme here."""

    program: Literal["bc_micro_credential_initiative", "bc_first_nations_micro_credential_initiative", "osap", "other"]
    status: Literal["planned", "applied", "approved"] | None = None


DeliveryMode = Literal["online", "onsite", "blended", "work_based", "self_paced", "placement"]


class Access(Part):
    delivery_modes: list[DeliveryMode] | None = None
    cost: Cost | None = None
    public_info: PublicInfo | None = None
    learner_supports: Text | None = None
    accessibility: Text | None = None
    schedule: Text | None = None
    funding: list[Funding] | None = None
    funders: list[Funder] | None = None


# --- Evidence and workflow --------------------------------------------------------

EvidenceType = Literal[
    "qa_approval",
    "institutional_approval",
    "employer_letter",
    "community_letter",
    "endorsement",
    "lmi_report",
    "advisory_minutes",
    "assessment_sample",
    "partnership_agreement",
    "public_listing",
    "other",
]


class EvidenceItem(Part):
    id: Id
    type: EvidenceType
    title: Text | None = None
    path: Text | None = None
    url: Text | None = None
    issuer: Text | None = None
    date: IsoDate | None = None
    signed: bool | None = None
    description: Text | None = None


class EvidenceGroup(Part):
    evidence: list[EvidenceItem] | None = None


class Waiver(Part):
    rule: Id
    reason: Text
    approved_by: Text
    expires: IsoDate | None = None


class FrameworkClaim(Part):
    """A framework the provider says the micro-credential follows. It is a claim the
    listing makes, not a check: ``targets`` chooses what qa-checker checks."""

    framework: Text | None = None
    statement: Text | None = None


class Workflow(Part):
    targets: list[Id] | None = None
    framework_claims: list[FrameworkClaim] | None = None
    waivers: list[Waiver] | None = None


# --- Frameworks abroad -------------------------------------------------------------
# Fields only the frameworks outside Canada ask for (NZQA's listing details, Australia's
# quality-assurance statement). Kept in a block of their own so format changes elsewhere
# in the model do not touch them.


class QaStatement(Part):
    """Australia's National Microcredentials Framework asks providers outside a regulator
    for a quality-assurance statement with these three parts."""

    provider_profile: Text | None = None
    qa_process: Text | None = None
    review_process: Text | None = None


class Abroad(Part):
    # NZQA listing details: the purpose and outcome statement, and the standards used.
    purpose_statement: Text | None = None
    standards_used: list[Text] | None = None
    # Australia (AU-S5): the quality-assurance statement of a provider outside a regulator.
    qa_statement: QaStatement | None = None


class Proposal(
    Identity,
    Size,
    Learning,
    Assessment,
    Recognition,
    Relevance,
    QualityAssurance,
    Access,
    EvidenceGroup,
    Workflow,
    Abroad,
):
    kind: Literal["MicroCredentialProposal"]
    schema_version: Literal[2]
    title: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    code: Text | None = None
    description: Text | None = None
    languages: list[Text] | None = None
    further_information: Text | None = None
