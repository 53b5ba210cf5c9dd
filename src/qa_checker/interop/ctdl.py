"""CTDL credential (``ceterms:MicroCredential`` and the other credential classes) ↔ proposal.

CTDL is JSON-LD: text may be a language map (``{"en": ...}``), organisations are
references or embedded objects. Reading takes English text first and keeps the pointer
of the exact string it used. Writing needs the CTID from the proposal
(``registry_listing`` entry with ``registry: CER``): the registry assigns it, so it is
never made up here. Learning outcomes and competencies both go to the required
condition's ``targetCompetency``; a competency carries its framework or URL, an
outcome only its statement, which is how reading tells them apart again.
"""

from __future__ import annotations

import re
from typing import Any

from qa_checker.interop.export import Built
from qa_checker.interop.mapped import Mapped, as_list, is_url, text

CONTEXT = "http://credreg.net/ctdl/schema/context/json"
REGISTRY = "https://credentialengineregistry.org/resources/"
CLASS_OF_TYPE = {
    "ceterms:MicroCredential": "micro_credential",
    "ceterms:DigitalBadge": "badge",
    "ceterms:Badge": "badge",
}
CLASS_OF_TYPE["ceterms:Certificate"] = "certificate"
TYPE_OF_CLASS = {
    "micro_credential": "ceterms:MicroCredential",
    "badge": "ceterms:DigitalBadge",
    "certificate": "ceterms:Certificate",
}
ALIGNMENT = "ceterms:CredentialAlignmentObject"
CTID = re.compile(r"^ce-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
WEEKS = re.compile(r"^P(\d+)W$")
EXPRESSIBLE = (
    "/title",
    "/description",
    "/code",
    "/languages",
    "/credential_class",
    "/completion_criteria/description",
    "/provider/name",
    "/competencies",
    "/learning_outcomes",
    "/noc_codes",
    "/training_weeks",
    "/public_info/url",
    "/registry_listing",
)
_READ = {"@context", "@type", "@id", "ceterms:name", "ceterms:description", "ceterms:ctid", "ceterms:codedNotation"}
_READ |= {"ceterms:inLanguage", "ceterms:subjectWebpage", "ceterms:ownedBy", "ceterms:requires"}
_READ |= {"ceterms:occupationType", "ceterms:estimatedDuration", "ceterms:credentialStatusType"}


def read(data: dict[str, Any], root: str) -> Mapped:
    """The proposal a CTDL credential states."""
    node: Any = data
    for token in [t for t in root.split("/") if t]:
        node = node[int(token)] if isinstance(node, list) else node[token]
    out = Mapped("CTDL", root)
    at = root
    for key, target in (("ceterms:name", "/title"), ("ceterms:description", "/description")):
        value, where = text(node.get(key))
        out.put(target, value, f"{at}/{key}" + (f"/{where}" if where else ""))
    kind = next((CLASS_OF_TYPE[t] for t in as_list(node.get("@type")) if t in CLASS_OF_TYPE), None)
    out.put("/credential_class", kind, f"{at}/@type")
    if isinstance(node.get("ceterms:ctid"), str):
        out.put("/registry_listing/0/registry", "CER", f"{at}/ceterms:ctid")
        out.put("/registry_listing/0/id", node["ceterms:ctid"], f"{at}/ceterms:ctid")
    if isinstance(node.get("ceterms:codedNotation"), str):
        out.put("/code", node["ceterms:codedNotation"], f"{at}/ceterms:codedNotation")
    languages = [v for v in as_list(node.get("ceterms:inLanguage")) if isinstance(v, str)]
    for index, language in enumerate(languages):
        out.put(f"/languages/{index}", language, f"{at}/ceterms:inLanguage/{index}")
    if is_url(node.get("ceterms:subjectWebpage")):
        out.put("/public_info/url", node["ceterms:subjectWebpage"], f"{at}/ceterms:subjectWebpage")
    for index, owner in enumerate(as_list(node.get("ceterms:ownedBy"))[:1]):
        name, where = text(owner.get("ceterms:name")) if isinstance(owner, dict) else (None, "")
        if name is None:
            out.dropped.append(f"{at}/ceterms:ownedBy/{index}")
        source = f"{at}/ceterms:ownedBy/{index}/ceterms:name" + (f"/{where}" if where else "")
        out.put("/provider/name", name, source)
    _read_requires(out, node)
    codes = [c.get("ceterms:codedNotation") for c in as_list(node.get("ceterms:occupationType")) if isinstance(c, dict)]
    for index, code in enumerate(codes):
        if isinstance(code, str):
            out.put(f"/noc_codes/{len(out.data.get('noc_codes', []))}", code, f"{at}/ceterms:occupationType/{index}")
    for index, duration in enumerate(as_list(node.get("ceterms:estimatedDuration"))[:1]):
        exact = duration.get("ceterms:exactDuration") if isinstance(duration, dict) else None
        match = WEEKS.match(exact) if isinstance(exact, str) else None
        if match:
            out.put(
                "/training_weeks", int(match.group(1)), f"{at}/ceterms:estimatedDuration/{index}/ceterms:exactDuration"
            )
        else:
            out.dropped.append(f"{at}/ceterms:estimatedDuration/{index}")
    out.dropped.extend(f"{at}/{key}" for key in sorted(node) if key not in _READ)
    return out


def _read_requires(out: Mapped, node: dict[str, Any]) -> None:
    at = out.root
    for index, condition in enumerate(as_list(node.get("ceterms:requires"))):
        here = f"{at}/ceterms:requires/{index}"
        if not isinstance(condition, dict):
            continue
        description, where = text(condition.get("ceterms:description"))
        if description is not None and "completion_criteria" not in out.data:
            out.put(
                "/completion_criteria/description",
                description,
                f"{here}/ceterms:description" + (f"/{where}" if where else ""),
            )
        for position, target in enumerate(as_list(condition.get("ceterms:targetCompetency"))):
            if not isinstance(target, dict):
                continue
            source = f"{here}/ceterms:targetCompetency/{position}"
            name, where = text(target.get("ceterms:targetNodeName"))
            node_url = target.get("ceterms:targetNode")
            framework, _ = text(target.get("ceterms:frameworkName"))
            if is_url(node_url) or framework is not None:
                base = f"/competencies/{len(out.data.get('competencies', []))}"
                out.put(f"{base}/label", name, f"{source}/ceterms:targetNodeName" + (f"/{where}" if where else ""))
                out.put(f"{base}/framework_ref", node_url if is_url(node_url) else None, f"{source}/ceterms:targetNode")
                if framework is not None and "esco" in framework.lower():
                    out.put(f"{base}/framework", "ESCO", f"{source}/ceterms:frameworkName")
                out.sources[base] = source
            elif name is not None:
                base = f"/learning_outcomes/{len(out.data.get('learning_outcomes', []))}"
                out.put(f"{base}/statement", name, f"{source}/ceterms:targetNodeName" + (f"/{where}" if where else ""))
                out.sources[base] = source


def credential(data: dict[str, Any], base_uri: str | None) -> Built:
    """A CTDL JSON-LD credential for proposal ``data`` (model data, nothing unset)."""
    built = Built("CTDL")
    doc = built.doc
    doc["@context"] = CONTEXT
    built.put(
        "/@type",
        TYPE_OF_CLASS.get(data.get("credential_class") or "micro_credential", "ceterms:MicroCredential"),
        "/credential_class",
    )
    listings = data.get("registry_listing") or []
    ctid = next(((i, e["id"]) for i, e in enumerate(listings) if e.get("registry") == "CER" and e.get("id")), None)
    if ctid is None or not CTID.match(ctid[1]):
        where = f"/registry_listing/{ctid[0]}/id" if ctid else "/registry_listing"
        built.error(where, "interop.no_ctid")
    else:
        index, value = ctid
        base = f"{base_uri.rstrip('/')}/" if base_uri else REGISTRY
        built.put("/@id", base + value, f"/registry_listing/{index}/id")
        built.put("/ceterms:ctid", value, f"/registry_listing/{index}/id")
    built.put("/ceterms:name", data.get("title"), "/title")
    built.put("/ceterms:description", data.get("description"), "/description")
    url = (data.get("public_info") or {}).get("url")
    if is_url(url):
        built.put("/ceterms:subjectWebpage", url, "/public_info/url")
    else:
        built.error("/public_info/url", "interop.no_webpage")
    status = {
        "@type": ALIGNMENT,
        "ceterms:targetNode": "credentialStat:Active",
        "ceterms:framework": "https://credreg.net/ctdl/terms/CredentialStatus",
    }
    doc["ceterms:credentialStatusType"] = status
    name = (data.get("provider") or {}).get("name")
    if name:
        built.put(
            "/ceterms:ownedBy", [{"@type": "ceterms:CredentialOrganization", "ceterms:name": name}], "/provider/name"
        )
    else:
        built.error("/provider/name", "interop.no_owner")
    built.put("/ceterms:codedNotation", data.get("code"), "/code")
    built.put("/ceterms:inLanguage", data.get("languages"), "/languages")
    codes = data.get("noc_codes") or []
    if codes:
        built.put(
            "/ceterms:occupationType",
            [{"@type": ALIGNMENT, "ceterms:codedNotation": c, "ceterms:frameworkName": "NOC"} for c in codes],
            "/noc_codes",
        )
    weeks = data.get("training_weeks")
    if isinstance(weeks, (int, float)) and float(weeks).is_integer() and weeks > 0:
        built.put(
            "/ceterms:estimatedDuration",
            [{"@type": "ceterms:DurationProfile", "ceterms:exactDuration": f"P{int(weeks)}W"}],
            "/training_weeks",
        )
    _requires(built, data)
    built.not_expressible(data, EXPRESSIBLE)
    return built


def _requires(built: Built, data: dict[str, Any]) -> None:
    targets: list[dict[str, Any]] = []
    for index, outcome in enumerate(data.get("learning_outcomes") or []):
        if outcome.get("statement"):
            built.sources[f"/ceterms:requires/0/ceterms:targetCompetency/{len(targets)}"] = (
                f"/learning_outcomes/{index}"
            )
            targets.append({"@type": ALIGNMENT, "ceterms:targetNodeName": outcome["statement"]})
    for index, competency in enumerate(data.get("competencies") or []):
        item: dict[str, Any] = {
            "@type": ALIGNMENT,
            "ceterms:targetNodeName": competency.get("label") or competency.get("id") or "",
        }
        if is_url(competency.get("framework_ref")):
            item["ceterms:targetNode"] = competency["framework_ref"]
        item["ceterms:frameworkName"] = (
            "ESCO" if competency.get("framework") == "ESCO" else (competency.get("framework") or "other")
        )
        built.sources[f"/ceterms:requires/0/ceterms:targetCompetency/{len(targets)}"] = f"/competencies/{index}"
        targets.append(item)
    description = (data.get("completion_criteria") or {}).get("description")
    if description is None:
        if targets:
            built.left_out("/completion_criteria/description", "interop.ctdl_needs_condition")
        return
    condition: dict[str, Any] = {"@type": "ceterms:ConditionProfile", "ceterms:description": description}
    if targets:
        condition["ceterms:targetCompetency"] = targets
    built.put("/ceterms:requires", [condition], "/completion_criteria/description")
