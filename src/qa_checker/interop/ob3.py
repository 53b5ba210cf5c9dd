"""Open Badges 3.0 ``Achievement`` (and OB 2.0 ``BadgeClass``) ↔ proposal.

Reading fills the proposal fields an achievement can state and lists every other key as
dropped. Writing builds an ``Achievement``, or a template ``OpenBadgeCredential`` whose
award-time fields are placeholders. Identifiers are never invented: the achievement
``id`` is the proposal's ``public_info.url`` or the configured base URI plus the
proposal's ``code``; a competency whose ``framework_ref`` is not a URL cannot be an OB3
alignment (``targetUrl`` is required) and is left out with a notice.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from qa_checker.interop.export import Built
from qa_checker.interop.mapped import Mapped, as_list, is_url

CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
CLASS_OF_TYPE = {"MicroCredential": "micro_credential", "Badge": "badge", "Certificate": "certificate"}
TYPE_OF_CLASS = {v: k for k, v in CLASS_OF_TYPE.items()}
# proposal pointers an achievement can hold (a finding on any other field is "not expressible")
EXPRESSIBLE = (
    "/title",
    "/description",
    "/code",
    "/languages",
    "/credential_class",
    "/completion_criteria/description",
    "/credits/value",
    "/provider/name",
    "/provider/country",
    "/provider/region",
    "/competencies",
    "/public_info/url",
)
OB2_EXPRESSIBLE = (
    "/title",
    "/description",
    "/completion_criteria/description",
    "/provider/name",
    "/competencies",
    "/public_info/url",
)
_READ = {"@context", "type", "id", "name", "description", "humanCode", "inLanguage", "achievementType", "criteria"}
_READ |= {"creditsAvailable", "creator", "alignment", "issuer"}
# Award-time fields of a credential wrapped around an achievement: the proposal describes the credential, not an award.
_AWARD = ("id", "issuer", "validFrom", "validUntil", "awardedDate", "proof", "credentialStatus", "evidence")


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _number(value: Any) -> float | int | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0 else None


def read(data: dict[str, Any], root: str, standard: str = "OB3") -> Mapped:
    """The proposal an OB3 achievement (or an OB 2.0 BadgeClass) states."""
    node: dict[str, Any] = data
    for token in [t for t in root.split("/") if t]:
        node = node[token]
    out = Mapped(standard, root)
    at = root
    for key, target in (("name", "/title"), ("description", "/description"), ("humanCode", "/code")):
        out.put(target, _str(node.get(key)), f"{at}/{key}")
    if _str(node.get("inLanguage")):
        out.put("/languages", [node["inLanguage"]], f"{at}/inLanguage")
        out.sources["/languages/0"] = f"{at}/inLanguage"
    kind = node.get("achievementType")
    if isinstance(kind, str):
        if kind in CLASS_OF_TYPE:
            out.put("/credential_class", CLASS_OF_TYPE[kind], f"{at}/achievementType")
        else:
            out.dropped.append(f"{at}/achievementType")
    criteria = node.get("criteria")
    if isinstance(criteria, dict) and _str(criteria.get("narrative")):
        out.put("/completion_criteria/description", criteria["narrative"], f"{at}/criteria/narrative")
        out.sources["/completion_criteria"] = f"{at}/criteria"
    if isinstance(criteria, dict) and "id" in criteria:
        out.dropped.append(f"{at}/criteria/id")
    elif isinstance(criteria, str):
        out.dropped.append(f"{at}/criteria")
    credits = _number(node.get("creditsAvailable"))
    out.put("/credits/value", credits, f"{at}/creditsAvailable")
    _read_profile(out, node, "creator" if standard == "OB3" else "issuer")
    if is_url(node.get("id")):
        out.put("/public_info/url", node["id"], f"{at}/id")
    _read_alignments(out, node)
    for key in sorted(node):
        if key not in _READ:
            out.dropped.append(f"{at}/{key}")
    if root:
        out.dropped.extend(f"/{key}" for key in _AWARD if key in data)
    return out


def _read_profile(out: Mapped, node: dict[str, Any], key: str) -> None:
    profile = node.get(key)
    at = f"{out.root}/{key}"
    if isinstance(profile, str):
        out.dropped.append(at)  # a reference only: the name is not in this document
        return
    if not isinstance(profile, dict):
        return
    out.put("/provider/name", _str(profile.get("name")), f"{at}/name")
    address = profile.get("address")
    if isinstance(address, dict):
        out.put("/provider/country", _str(address.get("addressCountryCode")), f"{at}/address/addressCountryCode")
        out.put("/provider/region", _str(address.get("addressRegion")), f"{at}/address/addressRegion")
    if "/provider/name" in out.sources:
        out.sources["/provider"] = at
    for extra in sorted(set(profile) - {"name", "address", "type"}):
        out.dropped.append(f"{at}/{extra}")


def _read_alignments(out: Mapped, node: dict[str, Any]) -> None:
    index = 0
    for position, alignment in enumerate(as_list(node.get("alignment"))):
        at = f"{out.root}/alignment/{position}"
        if not isinstance(alignment, dict):
            out.dropped.append(at)
            continue
        base = f"/competencies/{index}"
        out.put(f"{base}/label", _str(alignment.get("targetName")), f"{at}/targetName")
        out.put(f"{base}/framework_ref", _str(alignment.get("targetUrl")), f"{at}/targetUrl")
        out.put(f"{base}/id", _str(alignment.get("targetCode")), f"{at}/targetCode")
        framework = _str(alignment.get("targetFramework"))
        if framework is not None and "esco" in framework.lower():
            out.put(f"{base}/framework", "ESCO", f"{at}/targetFramework")
        elif framework is not None:
            out.dropped.append(f"{at}/targetFramework")
        for extra in sorted(set(alignment) - {"type", "targetName", "targetUrl", "targetCode", "targetFramework"}):
            out.dropped.append(f"{at}/{extra}")
        if any(p.startswith(base + "/") for p in out.sources):
            out.sources[base] = at
            index += 1
    if index:
        out.sources["/competencies"] = f"{out.root}/alignment"


def achievement(data: dict[str, Any], base_uri: str | None) -> Built:
    """An OB3 ``Achievement`` for proposal ``data`` (model data, nothing unset)."""
    built = Built("OB3")
    doc = built.doc
    doc["@context"] = list(CONTEXT)
    url = (data.get("public_info") or {}).get("url")
    code = data.get("code")
    if is_url(url):
        built.put("/id", url, "/public_info/url")
    elif base_uri and code:
        built.put("/id", f"{base_uri.rstrip('/')}/achievements/{quote(str(code), safe='')}", "/code")
    else:
        built.error("/public_info/url", "interop.no_achievement_id")
    doc["type"] = ["Achievement"]
    built.put("/name", data.get("title"), "/title")
    built.put("/description", data.get("description"), "/description")
    built.put("/humanCode", code, "/code")
    languages = data.get("languages") or []
    if languages:
        built.put("/inLanguage", languages[0], "/languages/0")
        for index in range(1, len(languages)):
            built.left_out(f"/languages/{index}", "interop.one_language")
    kind = data.get("credential_class")
    if kind in TYPE_OF_CLASS:
        built.put("/achievementType", TYPE_OF_CLASS[kind], "/credential_class")
    narrative = (data.get("completion_criteria") or {}).get("description")
    if narrative:
        built.put("/criteria", {"narrative": narrative}, "/completion_criteria/description")
    else:
        built.error("/completion_criteria/description", "interop.no_criteria")
    credits = (data.get("credits") or {}).get("value")
    built.put("/creditsAvailable", credits, "/credits/value")
    provider = data.get("provider") or {}
    if provider.get("name"):
        if base_uri:
            creator: dict[str, Any] = {"id": base_uri, "type": ["Profile"], "name": provider["name"]}
            address = {
                k: provider[f]
                for k, f in (("addressCountryCode", "country"), ("addressRegion", "region"))
                if provider.get(f)
            }
            if address:
                creator["address"] = {"type": ["Address"], **address}
            built.put("/creator", creator, "/provider")
        else:
            built.left_out("/provider", "interop.no_issuer_id")
    alignments: list[dict[str, Any]] = []
    for index, competency in enumerate(data.get("competencies") or []):
        ref = competency.get("framework_ref")
        if not is_url(ref):
            built.left_out(
                f"/competencies/{index}",
                "interop.alignment_needs_url",
                name=competency.get("label") or competency.get("id") or str(index + 1),
            )
            continue
        item: dict[str, Any] = {
            "type": ["Alignment"],
            "targetName": competency.get("label") or competency.get("id") or ref,
            "targetUrl": ref,
            "targetType": "ceasn:Competency",
        }
        if competency.get("id"):
            item["targetCode"] = competency["id"]
        if competency.get("framework") == "ESCO":
            item["targetFramework"] = "ESCO"
        built.sources[f"/alignment/{len(alignments)}"] = f"/competencies/{index}"
        alignments.append(item)
    if alignments:
        doc["alignment"] = alignments
    built.not_expressible(data, EXPRESSIBLE)
    return built


def credential(achievement_doc: dict[str, Any], data: dict[str, Any], base_uri: str | None) -> dict[str, Any]:
    """A template ``OpenBadgeCredential`` around ``achievement_doc``: the award-time values
    (credential id, learner, date of issue) are placeholders an issuing system fills in."""
    inner = {k: v for k, v in achievement_doc.items() if k != "@context"}
    issuer: dict[str, Any] = {"id": base_uri or "{{issuer_id}}", "type": ["Profile"]}
    name = (data.get("provider") or {}).get("name")
    if name:
        issuer["name"] = name
    return {
        "@context": list(CONTEXT),
        "id": "{{credential_id}}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": data.get("title", ""),
        "issuer": issuer,
        "validFrom": "{{valid_from}}",
        "credentialSubject": {"id": "{{learner_id}}", "type": ["AchievementSubject"], "achievement": inner},
    }
