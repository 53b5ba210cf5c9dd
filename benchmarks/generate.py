"""Seeded generator of realistic micro-credential proposals, for benchmarks and tests.

Each proposal is built from its own random stream (``seed`` and its index), so file
number 17 is the same whether 20 or 10,000 files are written. A proposal has 4-15
learning outcomes (some with unmeasurable verbs such as "understand", some bundling two
outcomes in one statement), 3-10 competencies, 2-6 assessments whose ``maps_to`` cover
them, employer and community partners, labour-market evidence, quality assurance and
approval, recognition and access details. A fraction carries faults that rules find
(an uncovered competency, a reference to nothing, missing quality assurance, ...);
all of them still pass the proposal model, so none is an input error.

``--malformed K`` makes K of the N files input errors on purpose (wrong types, YAML
syntax, duplicate keys, an unsupported schema version, bytes that are not UTF-8, ...).

    .venv/bin/python benchmarks/generate.py --n 100 --out benchmarks/_work/sample
    .venv/bin/python benchmarks/generate.py --n 100 --malformed 10 --verify --out /tmp/corpus
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass(frozen=True)
class Domain:
    title: str
    code: str
    sector: str
    noc: str
    cip: str
    tasks: tuple[str, ...]  # "Verb object": what learners will do (outcome statements)
    competencies: tuple[str, ...]  # competency labels
    employers: tuple[str, ...]
    assessments: tuple[str, ...]  # assessment titles


DOMAINS: tuple[Domain, ...] = (
    Domain(
        "Battery-Electric Vehicle Maintenance",
        "AUTO",
        "Automotive repair and maintenance",
        "72410",
        "47.0604",
        (
            "Apply high-voltage safety procedures before servicing a battery-electric vehicle",
            "Perform the manufacturer's isolation procedure on a high-voltage system",
            "Diagnose faults in thermal-management and charging systems from scan-tool data",
            "Document inspections and repairs in a format that meets warranty requirements",
            "Assess the condition of a traction battery using manufacturer diagnostics",
            "Prepare a service plan for a mixed fleet of electric and hybrid vehicles",
            "Troubleshoot charging-station faults reported by fleet drivers",
            "Inspect personal protective equipment for work on live systems",
        ),
        (
            "Work safely on high-voltage vehicle systems",
            "Diagnose battery-electric vehicle faults",
            "Record vehicle service work",
            "Maintain charging equipment",
            "Plan fleet maintenance",
            "Use OEM diagnostic software",
        ),
        ("Lakeshore Auto Group", "Durham Fleet Services", "Northway Dealerships", "Metro Transit Garage"),
        ("Supervised de-energisation practical", "Fault-diagnosis case", "Warranty-grade service record"),
    ),
    Domain(
        "Applied Data Analytics for Small Business",
        "DATA",
        "Professional, scientific and technical services",
        "21223",
        "30.7001",
        (
            "Analyse sales data from a point-of-sale system to find seasonal trends",
            "Build a dashboard that answers a manager's weekly questions",
            "Identify data quality problems in a customer spreadsheet",
            "Communicate the findings of an analysis to a non-specialist audience",
            "Produce a simple forecast of next quarter's demand",
            "Apply privacy obligations when handling customer records",
            "Implement a reproducible data-cleaning workflow",
            "Summarise survey results with appropriate summary statistics",
        ),
        (
            "Clean and prepare business data",
            "Build decision dashboards",
            "Communicate analytical findings",
            "Apply privacy law to data handling",
            "Forecast demand",
            "Use spreadsheet and BI tools",
            "Interpret descriptive statistics",
        ),
        ("Harbourfront Retail Co-op", "Prairie Analytics Ltd.", "Main Street BIA", "Northern Grocers"),
        ("Dashboard project for a partner business", "Data-cleaning portfolio", "Client presentation"),
    ),
    Domain(
        "Cybersecurity Incident Response",
        "CYB",
        "Information and communication technology",
        "22220",
        "11.1003",
        (
            "Manage a phishing incident from first report to closure",
            "Examine system logs to identify indicators of compromise",
            "Write an incident-response playbook for a small organisation",
            "Perform containment steps on an infected workstation",
            "Determine the severity of a vulnerability using CVSS",
            "Prepare a post-incident report for management",
            "Implement backup and recovery procedures after ransomware",
            "Investigate network traffic captures for suspicious activity",
        ),
        (
            "Triage security incidents",
            "Analyse logs and network traffic",
            "Contain and eradicate threats",
            "Write incident reports",
            "Assess vulnerabilities",
            "Restore systems from backup",
            "Follow chain-of-custody procedures",
        ),
        ("Maple Leaf Credit Union", "Bytewall Security", "City of Riverbend IT", "Atlantic Health Region"),
        ("Simulated incident exercise", "Log-analysis lab", "Incident report"),
    ),
    Domain(
        "Early Childhood Inclusive Practice",
        "ECE",
        "Health care and social assistance",
        "42202",
        "19.0709",
        (
            "Design daily routines that include children with diverse abilities",
            "Document observations of a child's development in a learning story",
            "Adapt a play-based activity adapted for a child with a sensory need",
            "Conduct family communication about a child's progress",
            "Apply behaviour guidance strategies in a group setting",
            "Conduct an inclusive learning environment audit",
            "Identify referral pathways to community support services",
            "Demonstrate culturally responsive practices with Indigenous families",
        ),
        (
            "Plan inclusive programming",
            "Document child development",
            "Communicate with families",
            "Guide behaviour positively",
            "Collaborate with support professionals",
            "Apply culturally safe practice",
        ),
        ("Sunrise Child Care Centres", "Riverside Family Services", "Little Steps Co-operative"),
        ("Workplace observation", "Learning-story portfolio", "Adapted activity plan"),
    ),
    Domain(
        "Welding Inspection Fundamentals",
        "WLD",
        "Construction and manufacturing",
        "72106",
        "48.0508",
        (
            "Perform visual inspection of fillet and groove welds against CSA W59",
            "Interpret weld procedure specifications for a fabrication job",
            "Classify discontinuities found with dye-penetrant testing",
            "Write an inspection report that a fabricator can act on",
            "Verify the calibration of inspection gauges",
            "Identify safety hazards in a fabrication shop",
            "Validate welder qualification records",
            "Apply acceptance criteria for structural steel welds",
        ),
        (
            "Inspect welds visually",
            "Interpret welding codes and standards",
            "Perform basic non-destructive testing",
            "Report inspection results",
            "Verify welder qualifications",
            "Work safely in fabrication shops",
        ),
        ("Northern Steel Fabricators", "Bayview Shipyards", "Prairie Pipe & Tank"),
        ("Weld inspection practical", "Code-interpretation test", "Inspection report"),
    ),
    Domain(
        "Personal Support in Home and Community Care",
        "PSW",
        "Health care and social assistance",
        "44101",
        "51.2602",
        (
            "Perform safe transfers and repositioning of a client",
            "Implement a client's care plan with the care team",
            "Communicate changes in a client's condition to the supervising nurse",
            "Apply infection prevention and control practices in a client's home",
            "Demonstrate respectful communication with clients living with dementia",
            "Manage medication reminders within the scope of practice",
            "Organise nutrition and hydration support for older adults",
            "Describe end-of-life comfort measures",
        ),
        (
            "Provide safe mobility support",
            "Follow care plans",
            "Observe and report client changes",
            "Apply infection control",
            "Communicate with clients and families",
            "Work within scope of practice",
        ),
        ("Caring Hands Home Care", "Lakeside Long-Term Care", "Valley Community Health"),
        ("Skills lab check-off", "Supervised placement", "Care-plan case study"),
    ),
    Domain(
        "Precision Agriculture Technology",
        "AGR",
        "Agriculture",
        "82030",
        "01.0308",
        (
            "Analyse yield-monitor data to build a variable-rate prescription map",
            "Prepare a drone flight plan for crop scouting under Transport Canada rules",
            "Interpret soil-sample results for a nutrient plan",
            "Calibrate GNSS guidance systems on a tractor",
            "Evaluate sensor readings from a grain-bin monitoring system",
            "Compute an economic comparison of two seeding rates",
            "Explain farm data-sharing agreements",
            "Communicate field trial results to a producer",
        ),
        (
            "Operate precision guidance systems",
            "Analyse agronomic data",
            "Plan variable-rate applications",
            "Fly remotely piloted aircraft",
            "Maintain farm sensor networks",
            "Advise producers on technology",
        ),
        ("Prairie Co-op Agronomy", "Red River Seed Growers", "AgriTech Solutions"),
        ("Field prescription project", "Drone practical", "Producer advisory report"),
    ),
    Domain(
        "Indigenous Language Revitalisation in the Classroom",
        "ILR",
        "Educational services",
        "42204",
        "16.1001",
        (
            "Design a lesson that uses land-based learning in the community language",
            "Select immersion techniques appropriate to beginning learners",
            "Create language resources with guidance from Elders and knowledge keepers",
            "Assess learner progress in speaking and listening",
            "Describe protocols for sharing cultural knowledge",
            "Develop a unit plan co-developed with the community",
            "Demonstrate oral storytelling in the language",
            "Produce digital recordings for a language archive",
        ),
        (
            "Design immersion lessons",
            "Work with Elders and knowledge keepers",
            "Assess language proficiency",
            "Follow community protocols",
            "Create language resources",
        ),
        ("Nation Education Authority", "Northern School Division", "Friendship Centre Learning Circle"),
        ("Teaching demonstration", "Unit plan", "Resource portfolio"),
    ),
    Domain(
        "Supply Chain Logistics Coordination",
        "LOG",
        "Transportation and warehousing",
        "13201",
        "52.0203",
        (
            "Prepare a shipment schedule that meets customer delivery windows",
            "Investigate inventory discrepancies in a warehouse management system",
            "Prepare customs documentation for a cross-border shipment",
            "Compare carrier options for cost and reliability",
            "Formulate a disruption response plan for a supplier failure",
            "Measure key performance indicators for a distribution centre",
            "Determine dangerous goods classifications for shipping",
            "Coordinate a continuous-improvement project on the warehouse floor",
        ),
        (
            "Coordinate shipments",
            "Manage inventory records",
            "Prepare customs documents",
            "Select carriers",
            "Respond to supply disruptions",
            "Track logistics KPIs",
            "Handle dangerous goods",
        ),
        ("Great Lakes Distribution", "Coastal Freight Inc.", "Northern Retail Logistics"),
        ("Shipment planning simulation", "WMS practical", "Improvement project"),
    ),
    Domain(
        "Construction Site Safety Supervision",
        "CSS",
        "Construction",
        "70010",
        "46.0412",
        (
            "Conduct a site-specific hazard assessment before work begins",
            "Deliver a toolbox talk on fall protection",
            "Conduct an incident investigation to its root causes",
            "Verify compliance of scaffolding with provincial regulations",
            "Organise a safety orientation for new workers",
            "Implement confined-space entry procedures",
            "Explain the supervisor's duties under the occupational health and safety act",
            "Recommend corrective actions after a site inspection",
        ),
        (
            "Assess site hazards",
            "Lead safety meetings",
            "Investigate incidents",
            "Inspect temporary structures",
            "Apply OHS legislation",
            "Control confined-space work",
        ),
        ("Summit Builders", "Riverbend Construction Association", "Northwest Civil Contractors"),
        ("Site inspection practical", "Incident investigation case", "Hazard assessment"),
    ),
)

VAGUE = (
    "Understand",
    "Know",
    "Become familiar with",
    "Gain an understanding of",
    "Appreciate",
    "Be aware of",
    "Develop an appreciation of",
)
CONTEXTS = (
    "",
    " in a supervised workplace setting",
    " to the standard set by the partner employers",
    " using industry-standard tools",
    " under realistic time constraints",
    ", following provincial regulations",
    " for a client in the partner organisation",
)
INSTITUTIONS = (
    ("Lakeshore Polytechnic College", "college", "ON"),
    ("Northern Lights College", "college", "BC"),
    ("Prairie Institute of Technology", "public_psi", "SK"),
    ("Université de la Vallée", "university", "QC"),
    ("Atlantic Coast Community College", "college", "NS"),
    ("Rocky Mountain University", "university", "AB"),
    ("Red River Polytechnic Institute", "public_psi", "MB"),
    ("Six Rivers Indigenous Institute", "indigenous_institute", "ON"),
    ("Coastal Career College", "career_college", "BC"),
    ("Great Lakes University", "university", "ON"),
)
COMMUNITY = (
    ("Regional Newcomer Employment Centre", "nonprofit"),
    ("Friendship Centre", "indigenous_community"),
    ("First Nation Education Department", "first_nation"),
    ("Community Learning Network", "community"),
)
TARGETS = ("cican", "ecampusontario", "peqab-omc", "bc", "good-practice", "on-osap")
FAULTS = (
    "uncovered_competency",
    "uncovered_outcome",
    "bad_reference",
    "missing_qa",
    "missing_evidence",
    "no_partners",
    "attendance_only",
    "unknown_field",
    "expired_waiver",
    "wrong_case_target",
    "duplicate_id",
    "no_outcomes_map",
)


def _date(rng: random.Random, year_from: int = 2024, year_to: int = 2026) -> str:
    return f"{rng.randint(year_from, year_to)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _statement(rng: random.Random, domain: Domain, used: set[str]) -> str:
    """A measurable outcome; about one in eight vague ("Understand ..."), one in ten
    bundling two outcomes in one statement ("Analyse ... and prepare ...")."""
    roll = rng.random()
    task = rng.choice(domain.tasks)
    if roll < 0.12:
        return f"{rng.choice(VAGUE)} {task.split(' ', 1)[1]}."
    if roll < 0.22:
        other = rng.choice([t for t in domain.tasks if t != task])
        return f"{task} and {other[0].lower()}{other[1:]}."
    text = ""
    for _ in range(5):
        text = f"{task}{rng.choice(CONTEXTS)}."
        if text not in used:
            break
        task = rng.choice(domain.tasks)
    return text


def _spread(ids: list[str], buckets: int, rng: random.Random) -> list[list[str]]:
    """Deal ``ids`` over ``buckets`` lists so every id lands in at least one."""
    shuffled = ids[:]
    rng.shuffle(shuffled)
    out: list[list[str]] = [[] for _ in range(buckets)]
    for i, item in enumerate(shuffled):
        out[i % buckets].append(item)
    for bucket in out:  # some assessments measure an item another one also covers
        if rng.random() < 0.3:
            extra = rng.choice(ids)
            if extra not in bucket:
                bucket.append(extra)
    return [sorted(b, key=lambda s: (len(s), s)) for b in out]


def make_proposal(seed: int, index: int, faulty_fraction: float = 0.3) -> dict[str, Any]:
    """One proposal as plain data; identical for the same (seed, index)."""
    rng = random.Random(f"qa-checker-bench:{seed}:{index}")
    domain = rng.choice(DOMAINS)
    inst, inst_type, province = rng.choice(INSTITUTIONS)
    hours = rng.choice((12, 18, 24, 30, 36, 40, 45, 60, 90, 120))
    weeks = max(1, hours // rng.choice((4, 6, 8)))
    n_out, n_comp, n_assess = rng.randint(4, 15), rng.randint(3, 10), rng.randint(2, 6)
    code = f"{domain.code}-MC-{100 + index % 900}"

    used: set[str] = set()
    outcomes = []
    for i in range(n_out):
        text = _statement(rng, domain, used)
        used.add(text)
        outcomes.append({"id": f"LO{i + 1}", "statement": text})
    labels = list(domain.competencies)
    competencies = []
    for i in range(n_comp):
        label = labels[i % len(labels)] + ("" if i < len(labels) else f" (level {i // len(labels) + 1})")
        framework = rng.choice(("ESCO", "NOC_OaSIS", "sector", "institutional"))
        ref = {
            "ESCO": f"http://data.europa.eu/esco/skill/S{rng.randint(1, 9)}.{rng.randint(1, 9)}.{rng.randint(1, 9)}",
            "NOC_OaSIS": f"{domain.noc}.{rng.randint(0, 9)}0",
            "sector": f"{domain.code}-{rng.randint(2020, 2026)}-{rng.randint(1, 40):02d}",
            "institutional": f"{inst.split()[0].upper()}-{domain.code}-C{i + 1}",
        }[framework]
        competencies.append(
            {
                "id": f"C{i + 1}",
                "label": label,
                "framework": framework,
                "framework_ref": ref,
                "source": rng.choice(("employer", "industry", "sector_framework", "institution")),
            }
        )
    comp_ids = [c["id"] for c in competencies]
    mapping = [
        {"outcome_id": o["id"], "competency_ids": sorted(rng.sample(comp_ids, rng.randint(1, min(2, n_comp))))}
        for o in outcomes
    ]

    lo_buckets = _spread([o["id"] for o in outcomes], n_assess, rng)
    c_buckets = _spread(comp_ids, n_assess, rng)
    types = ("practical", "performance", "project", "portfolio", "test", "other")
    assessments = []
    for i in range(n_assess):
        title = domain.assessments[i % len(domain.assessments)]
        item: dict[str, Any] = {
            "id": f"A{i + 1}",
            "title": title if i < len(domain.assessments) else f"{title} {i // len(domain.assessments) + 1}",
            "type": rng.choice(types),
            "summative": rng.random() < 0.8,
            "maps_to": lo_buckets[i] + c_buckets[i],
        }
        if rng.random() < 0.5:
            item["employer_involved"] = True
        item["evidence_visible"] = rng.random() < 0.8
        item["assessor_qualification"] = rng.choice(
            (
                "Faculty member with industry certification and five years' practice.",
                "Workplace supervisor, moderated by faculty.",
                "Licensed practitioner trained in competency-based assessment.",
            )
        )
        if rng.random() < 0.4:
            item["description"] = f"Learners complete the {title.lower()} and are assessed against a checklist."
        assessments.append(item)

    employers = rng.sample(domain.employers, rng.randint(1, len(domain.employers)))
    evidence: list[dict[str, Any]] = [
        {
            "id": "E1",
            "type": "qa_approval",
            "title": f"Program quality committee decision {code}",
            "issuer": inst,
            "date": _date(rng),
            "path": f"evidence/qa-{code.lower()}.pdf",
        },
        {
            "id": "E2",
            "type": "institutional_approval",
            "title": "Academic council approval",
            "issuer": inst,
            "date": _date(rng),
            "path": "evidence/approval.pdf",
        },
        {
            "id": "E3",
            "type": "lmi_report",
            "title": f"{domain.sector} workforce survey",
            "issuer": f"{inst}, Institutional Research",
            "date": _date(rng, 2023, 2025),
            "url": f"https://example.invalid/{domain.code.lower()}/lmi",
        },
    ]
    employer_partners = []
    for name in employers:
        eid = f"E{len(evidence) + 1}"
        evidence.append(
            {
                "id": eid,
                "type": "employer_letter",
                "title": f"Letter of support, {name}",
                "issuer": name,
                "date": _date(rng),
                "signed": rng.random() < 0.9,
                "path": f"evidence/{eid.lower()}-letter.pdf",
            }
        )
        roles = rng.sample(
            ["need_identification", "curriculum_input", "co_delivery", "assessment_role", "hiring_commitment"],
            rng.randint(1, 3),
        )
        employer_partners.append({"name": name, "sector": domain.sector, "roles": sorted(roles), "evidence": [eid]})
    if rng.random() < 0.5:
        evidence.append(
            {
                "id": f"E{len(evidence) + 1}",
                "type": "advisory_minutes",
                "title": "Program advisory committee minutes",
                "issuer": inst,
                "date": _date(rng),
                "path": "evidence/pac-minutes.pdf",
            }
        )

    proposal: dict[str, Any] = {
        "kind": "MicroCredentialProposal",
        "schema_version": 2,
        "title": f"{domain.title}" + ("" if rng.random() < 0.7 else f" {rng.choice(('I', 'II', 'Essentials'))}"),
        "code": code,
        "description": (
            f"A {hours}-hour micro-credential in {domain.title.lower()} for working adults in "
            f"{domain.sector.lower()}, developed with {', '.join(employers)}."
        ),
        "language": rng.choice(("en-CA", "en-CA", "fr-CA")),
        "provider": {
            "name": inst,
            "type": inst_type,
            "public": inst_type != "career_college",
            "jurisdiction": province,
            "country": "CA",
            "qa_status": "quality_assured" if inst_type != "career_college" else "regulated",
        },
        "developer": f"School of {domain.sector}",
        "credential_class": "micro_credential",
        "claims_omc_designation": province == "ON" and rng.random() < 0.3,
        "relationship_to_formal_credential": rng.choice(("standalone", "complement", "component")),
        "instructional_hours": hours,
        "notional_hours": hours + rng.choice((0, 6, 12, 18)),
        "training_weeks": weeks,
        "credit_status": rng.choice(("credit", "non_credit")),
        "learning_outcomes": outcomes,
        "competencies": competencies,
        "outcome_competency_map": mapping,
        "prerequisites": rng.choice(
            ("None.", "Secondary school diploma or equivalent.", "Work experience in the sector.")
        ),
        "recognition_of_prior_learning": {"available": rng.random() < 0.6, "method": "Challenge assessment."},
        "assessments": assessments,
        "assessment_supervision": rng.choice(("supervised_onsite_id", "supervised_online_id", "supervised_no_id")),
        "completion_criteria": {
            "basis": rng.choice(("competency_demonstrated", "grade_threshold")),
            "grading": rng.choice(("pass_fail", "graded")),
            "description": "Learners meet the standard on every summative assessment.",
        },
        "record_type": rng.choice(("transcript", "co_curricular_record", "badge_only")),
        "transcript_recorded": rng.random() < 0.6,
        "digital_credential": {
            "format": rng.choice(("OB2", "OB3", "CLR", "PDF")),
            "platform": rng.choice(("MyCreds", "Credly", "Badgr")),
            "verification_method": rng.choice(("hosted", "signed", "verifiable_credential")),
            "earner_owned": True,
            "earner_shareable": True,
        },
        "stackability": {"type": rng.choice(("standalone", "stackable"))},
        "labour_market_need": {
            "statement": (
                f"Employers in {domain.sector.lower()} report unfilled positions needing these skills; "
                "the partner survey found most staff lack formal training."
            ),
            "sector": domain.sector,
            "region": province,
            "sources": [f"{domain.sector} workforce survey", "Provincial labour-market outlook"],
            "evidence": ["E3"],
        },
        "employer_partners": employer_partners,
        "noc_codes": [domain.noc],
        "cip_code": domain.cip,
        "quality_assurance": {
            "type": rng.choice(("internal", "internal_and_external", "external")),
            "process": "New-program review by the quality committee, including an external industry reviewer.",
            "body": "Program Quality Committee",
            "approval_ref": f"PQC-{rng.randint(2024, 2026)}-{rng.randint(1, 60):02d}",
            "approval_date": _date(rng),
            "review_cycle_months": rng.choice((12, 24, 36)),
        },
        "institutional_approval": {
            "body": "Academic Council",
            "date": _date(rng),
            "reference": f"AC-{rng.randint(100, 999)}",
            "status": rng.choice(("approved", "approved", "pending")),
        },
        "evaluation_plan": "Track completion, learner satisfaction and employment outcomes for every intake.",
        "delivery_modes": [rng.choice(("online", "onsite", "blended", "work_based"))],
        "cost": {"tuition": rng.choice((0, 250, 450, 650, 900, 1200)), "currency": "CAD"},
        "public_info": {
            "url": f"https://example.invalid/{code.lower()}",
            "credit_status_disclosed": rng.random() < 0.8,
            "cost_disclosed": rng.random() < 0.8,
        },
        "learner_supports": "Tutoring, accessibility services and evening office hours.",
        "evidence": evidence,
    }
    if proposal["stackability"]["type"] == "stackable":
        proposal["stackability"]["stacks_into"] = [
            {"title": f"{domain.title} certificate", "provider": inst, "has_own_outcomes": True}
        ]
    if proposal["claims_omc_designation"]:
        proposal["omc_category"] = rng.choice(("technical", "professional", "foundational"))
    if rng.random() < 0.4:
        name, kind = rng.choice(COMMUNITY)
        proposal["community_partners"] = [{"name": name, "type": kind, "roles": ["recruitment", "learner_support"]}]
    if rng.random() < 0.3:
        proposal["indigenous_engagement"] = "The Indigenous Education Council reviewed the schedule and supports."
    if rng.random() < 0.25:
        program = "bc_micro_credential_initiative" if province == "BC" else rng.choice(("osap", "other"))
        proposal["funding"] = [{"program": program, "status": rng.choice(("planned", "applied"))}]
    if rng.random() < 0.5:
        proposal["targets"] = sorted(rng.sample(TARGETS, rng.randint(1, 4)))
    if rng.random() < 0.1:
        proposal["waivers"] = [
            {
                "rule": "GP-11.1",
                "reason": "Outcome wording is set by the sector standard.",
                "approved_by": "Dean, School of Trades",
                "expires": _date(rng, 2027, 2028),
            }
        ]

    if rng.random() < faulty_fraction:
        for fault in rng.sample(FAULTS, rng.randint(1, 3)):
            _inject(proposal, fault, rng)
    return proposal


def _inject(p: dict[str, Any], fault: str, rng: random.Random) -> None:
    """Make a proposal wrong in a way a rule (not the model) reports."""
    if fault == "uncovered_competency":
        victim = rng.choice(p["competencies"])["id"]
        for a in p["assessments"]:
            a["maps_to"] = [m for m in a["maps_to"] if m != victim]
    elif fault == "uncovered_outcome":
        victim = rng.choice(p["learning_outcomes"])["id"]
        for a in p["assessments"]:
            a["maps_to"] = [m for m in a["maps_to"] if m != victim]
    elif fault == "bad_reference":
        where = rng.choice(("maps_to", "map", "evidence"))
        if where == "maps_to" or (where == "map" and not p.get("outcome_competency_map")):
            rng.choice(p["assessments"])["maps_to"].append(rng.choice(("LO99", "C42", "L01")))
        elif where == "map" and p.get("outcome_competency_map"):
            p["outcome_competency_map"][0]["competency_ids"].append("C99")
        elif p.get("employer_partners"):
            p["employer_partners"][0]["evidence"] = ["E99"]
        else:
            p["labour_market_need"]["evidence"] = ["E99"]
    elif fault == "missing_qa":
        p.pop("quality_assurance", None)
        p.pop("institutional_approval", None)
        p["evidence"] = [e for e in p["evidence"] if e["type"] not in ("qa_approval", "institutional_approval")]
    elif fault == "missing_evidence":
        p["evidence"] = [e for e in p["evidence"] if e["type"] in ("qa_approval", "institutional_approval")]
        for partner in p.get("employer_partners", []):
            partner.pop("evidence", None)
        p["labour_market_need"].pop("evidence", None)
    elif fault == "no_partners":
        p.pop("employer_partners", None)
        p.pop("community_partners", None)
    elif fault == "attendance_only":
        p["completion_criteria"]["basis"] = "attendance_only"
    elif fault == "unknown_field":
        p[rng.choice(("instructional_hour", "learning_outcome", "deliverymode"))] = "typo"
    elif fault == "expired_waiver":
        p["waivers"] = [
            {"rule": "GP-1.2", "reason": "Interim approval.", "approved_by": "Registrar", "expires": "2020-06-30"}
        ]
    elif fault == "wrong_case_target":
        # IDs match ignoring case; an unknown one would be an input error (exit 2),
        # which the benchmark's check run must not have
        p["targets"] = [t.upper() for t in p.get("targets", [])] or ["CICAN"]
    elif fault == "duplicate_id":
        if len(p["learning_outcomes"]) > 1:
            p["learning_outcomes"][1]["id"] = p["learning_outcomes"][0]["id"]
    elif fault == "no_outcomes_map":
        p.pop("outcome_competency_map", None)


MALFORMED = (
    "wrong_type",
    "bad_enum",
    "syntax",
    "duplicate_key",
    "schema_version",
    "not_utf8",
    "tab_indent",
    "bad_date",
    "evidence_missing_type",
    "list_for_mapping",
)


def to_yaml(proposal: dict[str, Any], comment: str = "") -> str:
    head = f"# {comment}\n" if comment else ""
    return head + yaml.dump(proposal, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def make_malformed(seed: int, index: int) -> bytes:
    """A proposal that must be an input error (exit code 2), never a crash."""
    rng = random.Random(f"qa-checker-bench-bad:{seed}:{index}")
    p = make_proposal(seed, index, faulty_fraction=0.0)
    kind = MALFORMED[index % len(MALFORMED)]
    text: str | None = None
    if kind == "wrong_type":
        p["instructional_hours"] = rng.choice(("forty", "36 hours", [36]))
    elif kind == "bad_enum":
        p["delivery_modes"] = ["carrier pigeon"]
    elif kind == "schema_version":
        p["schema_version"] = 3
    elif kind == "bad_date":
        p["quality_assurance"]["approval_date"] = "22 April 2026"
    elif kind == "evidence_missing_type":
        del p["evidence"][0]["type"]
    elif kind == "list_for_mapping":
        p["provider"] = [p["provider"]["name"]]
    else:
        text = to_yaml(p)
        if kind == "syntax":
            text = text.replace("learning_outcomes:", "learning_outcomes: [", 1)
        elif kind == "duplicate_key":
            text = text.replace("\ncode:", "\ntitle: Again\ncode:", 1)
        elif kind == "tab_indent":
            text = text.replace("\n  name:", "\n\tname:", 1)
        elif kind == "not_utf8":
            return text.encode("utf-8").replace(b"micro-credential", b"micro\xff-credential", 1)
    return (text if text is not None else to_yaml(p)).encode("utf-8")


def write_corpus(
    out: Path, n: int, seed: int = 1, malformed: int = 0, faulty_fraction: float = 0.3, start: int = 0
) -> list[Path]:
    """Write ``n`` files (the last ``malformed`` of them input errors) into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    width = max(5, len(str(start + n)))
    paths = []
    bad_from = n - malformed
    for i in range(start, start + n):
        path = out / f"proposal-{i:0{width}d}.yaml"
        if i - start >= bad_from:
            path.write_bytes(make_malformed(seed, i))
        else:
            comment = f"generated by benchmarks/generate.py (seed {seed}, proposal {i})"
            path.write_text(to_yaml(make_proposal(seed, i, faulty_fraction), comment), encoding="utf-8")
        paths.append(path)
    return paths


def verify(paths: list[Path], malformed: int) -> list[str]:
    """Problems: a well-formed file that is an input error, or a malformed one that is not."""
    from qa_checker.errors import InputError, InputErrors
    from qa_checker.loader import load_document
    from qa_checker.validate import validate

    problems = []
    for i, path in enumerate(paths):
        should_fail = i >= len(paths) - malformed
        try:
            validate(load_document(path))
            failed = None
        except (InputError, InputErrors) as exc:
            failed = exc
        if failed is not None and not should_fail:
            problems.append(f"{path}: unexpected input error: {failed}")
        elif failed is None and should_fail:
            problems.append(f"{path}: meant to be malformed but loads and validates")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100, help="number of files to write (default 100)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "_work" / "corpus", help="output folder")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--malformed", type=int, default=0, metavar="K", help="make K of the N files input errors")
    parser.add_argument("--faulty", type=float, default=0.3, help="fraction of proposals with rule faults (0.3)")
    parser.add_argument("--verify", action="store_true", help="load and validate every file written")
    args = parser.parse_args(argv)
    if not 0 <= args.malformed <= args.n:
        parser.error("--malformed must be between 0 and --n")
    paths = write_corpus(args.out, args.n, args.seed, args.malformed, args.faulty)
    print(f"wrote {len(paths)} files to {args.out} ({args.malformed} malformed)")
    if args.verify:
        problems = verify(paths, args.malformed)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            return 1
        print("verified: well-formed files validate, malformed ones are input errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
