"""``explain``: whatever ID the tool prints, explained.

A user copies an ID from the output and asks about it. The tool prints four kinds:
rule IDs (``CICAN-P5.1``), clause IDs (``ECO-F2``, which several rules may encode),
its own codes (``QA-UNKNOWN-FIELD``) and input-error keys (``model.float_type``). Each
is looked up here, case ignored; anything else gets the closest known ID as a "did you
mean".
"""

from __future__ import annotations

from qa_checker.messages import catalogue, current_lang, msg
from qa_checker.rulesets import Catalog
from qa_checker.suggest import closest
from qa_checker.toolcodes import CODES, lookup

# Catalogue prefixes of the keys that input errors carry (``QaError.key``).
ERROR_PREFIXES = ("model.", "loader.", "input.", "config.", "csv.")


def explain(catalog: Catalog, wanted: str) -> str | None:
    """The explanation of ``wanted``, or None when no ID of any kind matches."""
    from qa_checker.listing import explain_text

    rule = catalog.rule(wanted) or next((r for r in catalog.rules() if r.id.casefold() == wanted.casefold()), None)
    if rule is not None:
        return explain_text(catalog, rule)
    code = lookup(wanted)
    if code is not None:
        return msg(
            "explain.tool_code",
            id=code.code,
            title=code.title,
            severity=code.severity.value,
            description=code.description,
            fix=code.help,
            url=code.help_uri,
        )
    clause = clause_text(catalog, wanted)
    if clause is not None:
        return clause
    return error_text(wanted)


def clause_text(catalog: Catalog, wanted: str) -> str | None:
    """A clause, and every rule that encodes it (what to run ``explain`` on next)."""
    folded = wanted.casefold()
    for fw in catalog.frameworks.values():
        for clause_id, clause in fw.clauses.items():
            if clause_id.casefold() != folded:
                continue
            rules = [r for r in catalog.rules() if r.framework == fw.id and r.clause == clause_id]
            lines = [
                msg(
                    "explain.clause_head",
                    id=clause_id,
                    heading=clause.heading,
                    framework=fw.title,
                    issuer=fw.issuer,
                    version=fw.version,
                    paraphrase=clause.paraphrase,
                )
            ]
            lines += [msg("explain.clause_rule", id=r.id, title=r.title, severity=r.severity.value) for r in rules]
            if not rules:
                lines.append(msg("explain.clause_no_rules"))
            return "\n".join(lines) + "\n"
    return None


def error_keys() -> list[str]:
    """Input-error keys, as ``explain`` accepts them (variants such as ``.fix`` left out)."""
    keys = {**catalogue(), **catalogue(current_lang())}
    return sorted(k for k in keys if k.startswith(ERROR_PREFIXES) and k.count(".") == 1)


def error_text(wanted: str) -> str | None:
    key = next((k for k in error_keys() if k.casefold() == wanted.casefold()), None)
    if key is None:
        return None
    return msg("explain.error_key", key=key, template=catalogue().get(key, msg(key)))


def known_ids(catalog: Catalog) -> list[str]:
    """Every ID ``explain`` answers for, for the "did you mean"."""
    clauses = [c for fw in catalog.frameworks.values() for c in fw.clauses]
    return [*(r.id for r in catalog.rules()), *clauses, *CODES, *error_keys(), *catalog.frameworks]


def unknown_message(catalog: Catalog, wanted: str) -> str:
    near = closest(wanted, known_ids(catalog))
    if near is not None:
        return msg("cli.unknown_id_suggest", id=wanted, suggestion=near)
    return msg("cli.unknown_id", id=wanted)
