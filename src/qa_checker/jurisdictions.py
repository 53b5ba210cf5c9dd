"""Where a proposal is offered, as a code the frameworks' ``jurisdiction`` can match.

Frameworks declare an ISO 3166 code (``CA`` for Canada, ``CA-ON`` for Ontario, ``NZ``,
``AU``, ``GB``) or ``EU`` for the European Union; a proposal's ``provider.jurisdiction``
is whatever its author wrote ("ON", "Ontario", "CA-BC", "Colombie-Britannique",
"New Zealand", "UK", "France"). Reading it here, once, lets the default selection check
a proposal against the frameworks of its own place, not every place's. A value that
cannot be read is reported, never guessed.

Canada is the tool's home: a bare two-letter code is read as a province first, so
``NL`` is Newfoundland and Labrador and ``SK`` Saskatchewan, never the Netherlands or
Slovakia (write their names, or ``EU``). A proposal that states no jurisdiction is
checked against the home country's defaults only (``home``).
"""

from __future__ import annotations

import difflib
import unicodedata

from qa_checker.messages import msg

COUNTRY = "CA"
EU = "EU"

# Member states of the European Union (ISO 3166-1), covered by an ``EU`` framework.
EU_MEMBERS = (
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
)  # fmt: skip

# Countries outside Canada whose codes a framework may declare (EU members included).
COUNTRIES = ("NZ", "AU", "GB", *EU_MEMBERS)

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

# Other countries and the EU, by name (English, and a few names authors often use).
_COUNTRY_NAMES = {
    "new zealand": "NZ",
    "aotearoa": "NZ",
    "aotearoa new zealand": "NZ",
    "australia": "AU",
    "united kingdom": "GB",
    "uk": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "european union": EU,
    "eu": EU,
    "austria": "AT",
    "belgium": "BE",
    "bulgaria": "BG",
    "cyprus": "CY",
    "czechia": "CZ",
    "czech republic": "CZ",
    "germany": "DE",
    "deutschland": "DE",
    "denmark": "DK",
    "estonia": "EE",
    "spain": "ES",
    "espana": "ES",
    "finland": "FI",
    "france": "FR",
    "greece": "GR",
    "croatia": "HR",
    "hungary": "HU",
    "ireland": "IE",
    "italy": "IT",
    "italia": "IT",
    "lithuania": "LT",
    "luxembourg": "LU",
    "latvia": "LV",
    "malta": "MT",
    "netherlands": "NL",
    "the netherlands": "NL",
    "nederland": "NL",
    "poland": "PL",
    "portugal": "PT",
    "romania": "RO",
    "sweden": "SE",
    "slovenia": "SI",
    "slovakia": "SK",
}


def _plain(text: str) -> str:
    """Lower case, no accents, punctuation as spaces: "Île-du-Prince-Édouard" → "ile du prince edouard"."""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in letters.lower()).split())


def code_of(value: str | None) -> str | None:
    """The ISO code for what the author wrote (``CA``, ``CA-XX``, ``NZ``, ``GB``, ``FR``
    or ``EU``), or None if unknown. Provinces win over countries for a bare code."""
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
    if short is not None:
        return COUNTRY if short == COUNTRY else f"{COUNTRY}-{short}"
    if upper in COUNTRIES or upper == EU:
        return upper
    return _COUNTRY_NAMES.get(plain)


def suggestion(value: str) -> str | None:
    """The closest known name or code, for a "did you mean" (e.g. "Ontaria" → "Ontario")."""
    plain = _plain(value)
    match = difflib.get_close_matches(plain, [*_NAMES, *_COUNTRY_NAMES], n=1, cutoff=0.75)
    return match[0].title() if match else None


def covers(framework: str, place: str) -> bool:
    """Whether a framework of ``framework``'s jurisdiction applies at ``place``: a
    framework without a jurisdiction applies everywhere, ``CA`` to every province,
    ``CA-ON`` only to Ontario, ``EU`` to every member state."""
    if framework == EU and place.split("-", 1)[0] in EU_MEMBERS:
        return True
    return not framework or place == framework or place.startswith(framework + "-")


def home(framework: str) -> bool:
    """Whether a framework of ``framework``'s jurisdiction is one of the home country's
    (or applies everywhere): the defaults of a proposal that does not say where it is."""
    return not framework or framework == COUNTRY or framework.startswith(COUNTRY + "-")


def display_name(code: str) -> str:
    """ "Ontario (CA-ON)" for a report; the bare code when the catalogue has no name."""
    key = f"jurisdiction.{code}"
    name = msg(key)
    return code if name == key else msg("jurisdiction.named", name=name, code=code)
