"""The French message catalogue is complete, faithful to its English source and typeset in French.

A French user must never meet an English sentence because a key was forgotten, a
``{placeholder}`` the code fills in must never be lost (the sentence would lose its file
name or count) nor invented (``str.format`` would fail and the key be shown instead), and
the text must follow French typography (issue #16). English is the source
(report_templates/messages/en/*.yaml); the French lives in the gettext catalogue
src/qa_checker/locale/fr/LC_MESSAGES/qa_checker.po, ``msgctxt`` = key, ``msgid`` = English.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
import yaml
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = ROOT / "report_templates" / "messages" / "en"
PO = ROOT / "src" / "qa_checker" / "locale" / "fr" / "LC_MESSAGES" / "qa_checker.po"

NBSP, NNBSP = "\u00a0", "\u202f"

# Keys whose French is rightly the same as the English: names, codes and words French
# shares with English. Anything else left in English is an untranslated message.
SAME_IN_FRENCH = {
    "doctor.ok",  # a status word shown beside technical checks
    "csv.doc_boolean",  # the YAML values true / false
    "jurisdiction.CA",
    "jurisdiction.CA-AB",
    "jurisdiction.CA-MB",
    "jurisdiction.CA-NU",
    "jurisdiction.CA-ON",
    "jurisdiction.CA-SK",
    "jurisdiction.CA-YT",
    "report.page.before",  # "Page "
    "report.cover.code",
    "report.fact.code",
    "report.cover.verdict",
    "report.framework.verdict",
    "report.framework.version",
    "report.framework.ruleset_value",  # "{id}, version {version}"
    "report.coverage.formative",
    "report.framework.sources",
    "report.findings.source",
    "report.signoff.signature",
    "report.signoff.date",
    "report.evidence.documents",
    "report.evidence.cited",
    "report.matrix.clauses",
    "report.clauses.clause",
    "summary.filter_verdict",
    "units.ECTS_one",
    "units.ECTS_many",
}

FIELD = re.compile(r"\{([^{}]*)\}")
BACKTICKED = re.compile(r"`[^`]*`")


def english() -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted(ENGLISH.glob("*.yaml")):
        merged.update(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    return merged


def english_entries() -> dict[str, tuple[str, ...]]:
    """Key (base key for a plural) -> its English text(s): (text,) or (one, other)."""
    texts = english()
    entries: dict[str, tuple[str, ...]] = {}
    for key, text in texts.items():
        base, _, form = key.rpartition(".")
        if form in ("one", "other") and f"{base}.one" in texts and f"{base}.other" in texts:
            entries[base] = (texts[f"{base}.one"], texts[f"{base}.other"])
        else:
            entries[key] = (text,)
    # Command-line help is declared with each command, not in the YAML; the extraction
    # script reads it from there, and so does this test.
    for context, text, _file, _line in _help_entries():
        entries[context] = (text,)
    return entries


def _help_entries() -> list[tuple[str, str, str, int]]:
    import importlib.util

    spec = importlib.util.spec_from_file_location("extract_messages", ROOT / "scripts" / "extract_messages.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.help_entries())


@pytest.fixture(scope="module")
def catalogue() -> Catalog:
    with PO.open("rb") as handle:
        return read_po(handle, locale="fr_CA", domain="qa_checker")


@pytest.fixture(scope="module")
def french(catalogue: Catalog) -> dict[str, Message]:
    return {message.context: message for message in catalogue if message.id and message.context}


def strings(message: Message) -> tuple[str, ...]:
    return tuple(message.string) if isinstance(message.string, tuple | list) else (message.string,)


def fields(text: str) -> set[str]:
    """The names ``str.format`` fills in (``{{`` and ``}}`` are literal braces, not fields)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_po_parses_as_french_canadian_with_two_plural_forms(catalogue: Catalog) -> None:
    assert str(catalogue.locale) == "fr_CA"
    assert catalogue.num_plurals == 2
    assert catalogue.plural_expr == "(n > 1)"
    assert catalogue.charset.lower() == "utf-8"


def test_every_english_key_has_a_confirmed_french_text(french: dict[str, Message]) -> None:
    missing = []
    for key, texts in english_entries().items():
        message = french.get(key)
        if message is None or message.fuzzy or not all(s.strip() for s in strings(message)):
            missing.append(key)
            continue
        assert (message.id if isinstance(message.id, tuple) else (message.id,)) == texts, (
            f"{key}: the .po's English differs from report_templates (run scripts/extract_messages.py)"
        )
    assert not missing, f"{len(missing)} keys have no (or only a fuzzy) French text: {missing[:20]}"


def test_no_key_is_translated_that_english_no_longer_has(french: dict[str, Message]) -> None:
    assert set(french) <= set(english_entries())


def test_french_fills_in_the_same_placeholders(french: dict[str, Message]) -> None:
    wrong = []
    for key, texts in english_entries().items():
        message = french.get(key)
        if message is None:
            continue
        translated = strings(message)
        if len(texts) == 1:
            if fields(translated[0]) != fields(texts[0]):
                wrong.append(key)
            continue
        # French msgstr[0] serves 0 and 1, so it may name {count} where English "one" spells 1.
        one, other = (fields(text) for text in texts)
        if fields(translated[0]) not in (one, other) or fields(translated[1]) != other:
            wrong.append(key)
    assert not wrong, f"placeholders differ from the English in: {wrong}"


def test_french_is_not_english_left_untranslated(french: dict[str, Message]) -> None:
    untranslated = []
    for key, texts in english_entries().items():
        message = french.get(key)
        if message is None or key in SAME_IN_FRENCH:
            continue
        for source, translated in zip(texts, strings(message), strict=False):
            words = re.search(r"[A-Za-z]{2,}", BACKTICKED.sub("", FIELD.sub("", source)))
            if translated == source and words:
                untranslated.append(key)
    assert not untranslated, f"French identical to English (add to SAME_IN_FRENCH only for names/codes): {untranslated}"


def test_code_and_markup_are_kept_verbatim(french: dict[str, Message]) -> None:
    """Backticked field names and commands, markdown table pipes and HTML tags are the format, not prose."""
    changed = []
    for key, texts in english_entries().items():
        message = french.get(key)
        if message is None:
            continue
        for source, translated in zip(texts, strings(message), strict=False):
            for pattern in (BACKTICKED, re.compile(r"</?[a-z][^>]*>"), re.compile(r"\|")):
                if sorted(pattern.findall(source)) != sorted(pattern.findall(translated)):
                    changed.append(key)
    assert not changed, f"code or markup differs from the English in: {sorted(set(changed))}"


def test_french_typography(french: dict[str, Message]) -> None:
    """A non-breaking space before : ; ! ? and inside « », never an ordinary space or none."""
    bad = []
    for key, message in french.items():
        for text in strings(message):
            prose = BACKTICKED.sub("X", FIELD.sub("X", text))
            if re.search(r" [:;!?]", prose) or re.search(r"« |«[^\u00a0]| »|[^\u00a0]»", prose):
                bad.append(key)
            if re.search(rf"[^\s{NBSP}{NNBSP}]; ", prose) or re.search(r"\w[!?](\s|$)", prose):
                bad.append(key)
            if re.search(r"\w: ", prose):
                bad.append(key)
    assert not bad, f"French typography (space before : ; ! ?, guillemets) is wrong in: {sorted(set(bad))}"


def test_plural_forms_say_what_french_says(french: dict[str, Message]) -> None:
    """French counts 0 as singular: msgstr[0] is used for 0 and 1, msgstr[1] from 2 on."""
    errors = french["text.errors"]
    assert strings(errors) == ("{count} erreur", "{count} erreurs")
    assert errors.string[0].format(count=0) == "0 erreur"
