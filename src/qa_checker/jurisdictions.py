"""Where a proposal is offered, as a code the frameworks' ``jurisdiction`` can match.

Frameworks declare an ISO 3166 code (``CA`` for Canada, ``CA-ON`` for Ontario); a
proposal's ``provider.jurisdiction`` is whatever its author wrote ("ON", "Ontario",
"CA-BC", "Colombie-Britannique"). Reading it here, once, lets the default selection
check a proposal against the national framework and its own province's, not every
province's. A value that cannot be read is reported, never guessed.
"""

from __future__ import annotations

import difflib
import unicodedata

from qa_checker.messages import msg

COUNTRY = "CA"

# Province and territory codes (ISO 3166-2:CA, without the country prefix).
PROVINCES = ("AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT")

# Names and common abbreviations authors write, in English and French (matched without
# case, accents or punctuation). Parsing data, not output: names shown to people come
# from the message catalogue (``jurisdiction.CA-ON``).
_NAMES = {
    "canada": "CA",
    "alberta": "AB",
    "alta": "AB",
    "british columbia": "BC",
    "colombie britannique": "BC",
    "manitoba": "MB",
    "man": "MB",
    "new brunswick": "NB",
    "nouveau brunswick": "NB",
    "newfoundland and labrador": "NL",
    "terre neuve et labrador": "NL",
    "newfoundland": "NL",
    "nova scotia": "NS",
    "nouvelle ecosse": "NS",
    "northwest territories": "NT",
    "territoires du nord ouest": "NT",
    "nunavut": "NU",
    "ontario": "ON",
    "ont": "ON",
    "prince edward island": "PE",
    "ile du prince edouard": "PE",
    "pei": "PE",
    "quebec": "QC",
    "que": "QC",
    "saskatchewan": "SK",
    "sask": "SK",
    "yukon": "YT",
}


def _plain(text: str) -> str:
    """Lower case, no accents, punctuation as spaces: "Île-du-Prince-Édouard" → "ile du prince edouard"."""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in letters.lower()).split())


def code_of(value: str | None) -> str | None:
    """The ISO code for what the author wrote (``CA`` or ``CA-XX``), or None if unknown."""
    if not isinstance(value, str) or not value.strip():
        return None
    plain = _plain(value)
    upper = plain.upper().replace(" ", "-")
    if upper == COUNTRY:
        return COUNTRY
    if upper.startswith(COUNTRY + "-") and upper[3:] in PROVINCES:
        return upper
    if upper in PROVINCES:
        return f"{COUNTRY}-{upper}"
    short = _NAMES.get(plain)
    if short is None:
        return None
    return COUNTRY if short == COUNTRY else f"{COUNTRY}-{short}"


def suggestion(value: str) -> str | None:
    """The closest known name or code, for a "did you mean" (e.g. "Ontaria" → "Ontario")."""
    plain = _plain(value)
    match = difflib.get_close_matches(plain, list(_NAMES), n=1, cutoff=0.75)
    return match[0].title() if match else None


def covers(framework: str, place: str) -> bool:
    """Whether a framework of ``framework``'s jurisdiction applies at ``place``: a
    framework without a jurisdiction applies everywhere, ``CA`` to every province,
    ``CA-ON`` only to Ontario."""
    return not framework or place == framework or place.startswith(framework + "-")


def display_name(code: str) -> str:
    """ "Ontario (CA-ON)" for a report; the bare code when the catalogue has no name."""
    key = f"jurisdiction.{code}"
    name = msg(key)
    return code if name == key else msg("jurisdiction.named", name=name, code=code)
