"""Languages (issue #16): the gettext catalogues stay in sync with the English source,
every sentence the tool prints goes through them, plurals follow each language's rule,
and the language is chosen in the documented order.

Hard-coded English is found with the pseudo-locale ``qps``: built from the .pot by
scripts/compile_catalogues.py into a temporary folder (never shipped), it wraps every
catalogue text in ⟦ ⟧, so a line with English words outside the brackets was not
translated through the catalogue.
"""

from __future__ import annotations

import gettext
import io
import json
import re
import string
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from qa_checker import i18n, typography
from qa_checker.messages import catalogue, msg, plural

from conftest import EXAMPLES, HEADER, REPO, run_cli

LOCALE = REPO / "src" / "qa_checker" / "locale"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml")) + sorted((EXAMPLES / "world").glob("*.yaml"))


def script(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "scripts" / name), *args], capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def pseudo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment that makes ``--lang qps`` available: the pseudo-locale, built now."""
    folder = tmp_path_factory.mktemp("locale")
    done = script("compile_catalogues.py", "--pseudo", str(folder))
    assert done.returncode == 0, done.stderr
    return {i18n.EXTRA_DIR_ENV: str(folder)}


# --- catalogues in sync --------------------------------------------------------------


def test_pot_and_po_follow_the_english_catalogue() -> None:
    done = script("extract_messages.py", "--check")
    assert done.returncode == 0, done.stderr


def test_committed_mo_is_compiled_from_the_po() -> None:
    done = script("compile_catalogues.py", "--check")
    assert done.returncode == 0, done.stderr


def test_french_po_has_the_agreed_header_and_one_entry_per_key() -> None:
    po = (LOCALE / "fr" / "LC_MESSAGES" / "qa_checker.po").read_text(encoding="utf-8")
    assert '"Language: fr_CA\\n"' in po
    assert '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"' in po
    contexts = re.findall(r'^msgctxt "([^"]+)"', po, re.M)
    assert len(contexts) == len(set(contexts))
    english = catalogue()
    bases = {k.rsplit(".", 1)[0] for k in english if k.endswith(".one") and k[:-4] + ".other" in english}
    singles = {k for k in english if k.rsplit(".", 1)[0] not in bases}
    assert (bases | singles) <= set(contexts)


def test_a_changed_english_text_marks_the_translation_fuzzy(tmp_path: Path) -> None:
    """The merge keeps a translation but flags it when its English moved on; a fuzzy
    entry is not compiled, so the stale French is never shown."""
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import extract_messages
        from babel.messages.catalog import Catalog
    finally:
        sys.path.remove(str(REPO / "scripts"))
    old = Catalog(locale="fr_CA", domain="qa_checker")
    old.add("{count} error", "{count} erreur", context="kept")
    old.add("old English", "ancien français", context="changed")
    template = Catalog(domain="qa_checker")
    template.add("{count} error", context="kept")
    template.add("new English", context="changed")
    template.add("brand new", context="added")
    merged = extract_messages.merge(template, old)
    assert merged.get("{count} error", context="kept").string == "{count} erreur"
    changed = merged.get("new English", context="changed")
    assert changed.string == "ancien français" and changed.fuzzy
    assert merged.get("brand new", context="added").string == ""
    assert merged.get("old English", context="changed") is None


# --- plurals ----------------------------------------------------------------------


def test_no_english_message_says_s_in_brackets() -> None:
    assert [k for k, v in catalogue().items() if "(s)" in v] == []


def test_every_plural_message_has_both_forms_and_picks_by_count() -> None:
    english = catalogue()
    bases = sorted(k[:-4] for k in english if k.endswith(".one"))
    assert "text.errors" in bases and "report.summary" in bases
    for base in bases:
        assert f"{base}.other" in english, base
        fields = {f for _, f, _, _ in string.Formatter().parse(english[f"{base}.one"]) if f}
        params = {f: "x" for f in fields if f != "count"}
        assert plural(base, 1, **params) == english[f"{base}.one"].format(count=1, **params)
        assert plural(base, 2, **params) == english[f"{base}.other"].format(count=2, **params)


def test_english_output_reads_1_error_2_errors_1_proposal_checked(write) -> None:  # type: ignore[no-untyped-def]
    assert (plural("text.errors", 1), plural("text.errors", 2), plural("text.errors", 0)) == (
        "1 error",
        "2 errors",
        "0 errors",
    )
    one = run_cli("check", "--lang", "en", str(EXAMPLES / "complete.yaml"))
    assert "1 proposal checked" in one.stdout
    two = run_cli("check", "--lang", "en", str(EXAMPLES / "complete.yaml"), str(EXAMPLES / "fails-bc.yaml"))
    assert "2 proposals checked" in two.stdout
    assert not re.search(r"\b1 (errors|warnings|proposals)\b|\(s\)", one.stdout + two.stdout + two.stderr)


def test_french_plural_rule_counts_zero_as_singular(tmp_path: Path) -> None:
    """French says « 0 erreur »: npgettext with the French Plural-Forms picks form 0 for 0 and 1."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    catalog = Catalog(locale="fr_CA", domain="qa_checker")
    catalog._num_plurals, catalog._plural_expr = 2, "(n > 1)"
    catalog.add(("{count} error", "{count} errors"), ("{count} erreur", "{count} erreurs"), context="text.errors")
    out = io.BytesIO()
    write_mo(out, catalog)
    out.seek(0)
    french = gettext.GNUTranslations(out)
    forms = [french.npgettext("text.errors", "{count} error", "{count} errors", n).format(count=n) for n in (0, 1, 2)]
    assert forms == ["0 erreur", "1 erreur", "2 erreurs"]


# --- the pseudo-locale: nothing bypasses the catalogue ------------------------------

WRAPPED = re.compile(r"⟦[^⟦⟧]*⟧")
FIELD = re.compile(r"\{[^{}]*\}")


def rule_text_patterns() -> list[re.Pattern[str]]:
    """Rule and framework texts come from rule files, translated by their overlays
    (tests/test_rules_fr.py keeps those complete); here they are taken out by matching
    their English templates, so what is left is the tool's own words."""
    from qa_checker.rulesets import load_catalog

    with i18n.with_lang("en"):
        catalog = load_catalog()
    texts = {
        text
        for ruleset in catalog.rulesets.values()
        for rule in ruleset.rules
        for text in (rule.title, rule.message, rule.fix, rule.prompt)
        if text
    }
    patterns = []
    for text in sorted(texts, key=len, reverse=True):
        parts = FIELD.split(text.strip())
        patterns.append(re.compile(".+?".join(re.escape(p) for p in parts)))
    return patterns


def english_left(line: str, patterns: list[re.Pattern[str]], ids: set[str]) -> list[str]:
    """The words of ``line`` that are neither wrapped, nor a rule text, nor a name
    (file, rule or framework ID, field, number)."""
    previous = None
    while previous != line:  # wrapped texts nest when one message fills another
        previous, line = line, WRAPPED.sub(" ", line)
    for pattern in patterns:
        if len(pattern.pattern) > 12:
            line = pattern.sub(" ", line)
    line = re.sub(r"\S+\.(?:yaml|yml|json|pdf|csv)\b(?::\d+)*:?", " ", line)  # file names and places
    line = re.sub(r"`[^`]*`", " ", line)  # field names and values are quoted in backticks
    line = re.sub(r"\b[A-Z][A-Z0-9]*(?:-[A-Za-z0-9.]+)+\b", " ", line)  # rule IDs
    words = re.findall(r"[A-Za-z][A-Za-z0-9_.@-]*", line)
    return [w for w in words if w.split("@")[0].lower() not in ids and "_" not in w and "." not in w and len(w) > 1]


def test_the_english_detector_finds_hard_coded_words() -> None:
    ids = {"cican"}
    assert english_left("x.yaml:3:1: ⟦érrõr⟧ something hard-coded [CICAN-P1 ⟦érrõr⟧]", [], ids) == [
        "something",
        "hard-coded",
    ]
    assert english_left("x.yaml: cican: ⟦mééts⟧ (⟦3 õf 7⟧, `title`, 12)", [], ids) == []


@pytest.mark.parametrize("group", ["gap", "rule"])
def test_check_in_the_pseudo_locale_prints_only_wrapped_text(pseudo: dict[str, str], group: str) -> None:
    from qa_checker.rulesets import load_catalog

    with i18n.with_lang("en"):
        ids = {rid.split("@")[0] for rid in load_catalog().rulesets}
    result = run_cli(
        "check", "--lang", "qps", "--group", group, "--fail-on", "never", *map(str, EXAMPLE_FILES), env=pseudo
    )
    assert result.returncode == 0, result.stderr
    assert "⟦" in result.stdout
    patterns = rule_text_patterns()
    leaks = {
        line: left
        for line in (result.stdout + result.stderr).splitlines()
        if (left := english_left(line, patterns, ids))
    }
    assert leaks == {}


def test_help_in_the_pseudo_locale_comes_from_the_catalogue(pseudo: dict[str, str]) -> None:
    result = run_cli("check", "--lang", "qps", "--help", env=pseudo)
    assert result.returncode == 0, result.stderr
    assert "⟦Chéck prõpõsàl fîlés" in result.stdout
    assert "⟦Rülé sét tõ chéck àgàînst" in result.stdout


def test_the_pseudo_locale_is_not_offered_to_users() -> None:
    result = run_cli("check", "--lang", "qps", str(EXAMPLES / "complete.yaml"))
    assert result.returncode == 2
    assert "qps" in result.stderr and "Traceback" not in result.stderr


# --- language selection -----------------------------------------------------------


def test_language_is_chosen_option_then_configuration_then_proposal_then_environment() -> None:
    env = {"LANG": "fr_CA.UTF-8"}
    proposal = {"languages": ["en-CA", "fr-CA"]}
    assert i18n.choose_lang("fr", "en", proposal, {}) == "fr"
    assert i18n.choose_lang(None, "fr", {"language": "en"}, {}) == "fr"
    assert i18n.choose_lang(None, None, {"languages": ["fr-CA"]}, {"LANG": "en_CA.UTF-8"}) == "fr"
    assert i18n.choose_lang(None, None, proposal, env) == "en"  # the first language listed
    assert i18n.choose_lang(None, None, {"language": "de"}, env) == "fr"  # a language we lack
    assert i18n.choose_lang(None, None, None, {"LC_ALL": "en_US.UTF-8", "LANG": "fr_CA.UTF-8"}) == "en"
    assert i18n.choose_lang(None, None, None, {"LC_MESSAGES": "fr_FR", "LANG": "C"}) == "fr"
    assert i18n.choose_lang(None, None, None, {"LANG": "C.UTF-8"}) == "en"


def test_configuration_lang_is_read_and_checked(write) -> None:  # type: ignore[no-untyped-def]
    from qa_checker import config

    good = write("a/.qa-checker.yaml", "lang: fr\n")
    assert config.load(explicit=good).lang == "fr"
    bad = write("b/.qa-checker.yaml", "lang: de\n")
    result = run_cli("check", "--config", str(bad), str(EXAMPLES / "complete.yaml"))
    assert result.returncode == 2 and f"{bad}:1:" in result.stderr


def test_the_proposal_language_chooses_the_tool_language_for_one_file(write, pseudo: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    text = (EXAMPLES / "complete.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^languages:.*$", "languages: [qps]", text)
    path = write("pseudo.yaml", text)
    result = run_cli("check", str(path), env={**pseudo, "LANG": "C.UTF-8", "LC_ALL": ""})
    assert "⟦" in result.stdout
    english = run_cli("check", "--lang", "en", str(path), env=pseudo)
    assert "⟦" not in english.stdout


# --- reports ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("editions")
    result = run_cli("report", "--lang", "en,fr", str(EXAMPLES / "complete.yaml"), "--output", str(folder))
    assert result.returncode == 0, result.stderr
    return folder


def test_report_en_fr_writes_both_editions(editions: Path) -> None:
    assert sorted(p.name for p in editions.iterdir()) == ["complete.en.pdf", "complete.fr.pdf"]


@pytest.mark.parametrize(("name", "tag"), [("complete.en.pdf", "en"), ("complete.fr.pdf", "fr-CA")])
def test_each_edition_states_its_language(editions: Path, name: str, tag: str) -> None:
    reader = pypdf.PdfReader(editions / name)
    assert reader.trailer["/Root"]["/Lang"] == tag


def test_report_html_lang_and_french_date(tmp_path: Path) -> None:
    result = run_cli(
        "report",
        "--lang",
        "fr",
        "--format",
        "html",
        str(EXAMPLES / "complete.yaml"),
        "--output",
        str(tmp_path),
        env={"SOURCE_DATE_EPOCH": "1796126400"},  # 2026-12-01
    )
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "complete.html").read_text(encoding="utf-8")
    assert '<html lang="fr-CA">' in html
    assert "1er décembre 2026" in html


def test_report_refuses_an_unknown_language(tmp_path: Path) -> None:
    result = run_cli("report", "--lang", "en,de", str(EXAMPLES / "complete.yaml"), "--output", str(tmp_path))
    assert result.returncode == 2 and "de" in result.stderr and "Traceback" not in result.stderr


# --- French typography ------------------------------------------------------------


@pytest.mark.parametrize(
    ("english_style", "french"),
    [
        ("Erreur : {x}", "Erreur\u00a0: {x}"),
        ("correctif: {fix}", "correctif\u00a0: {fix}"),
        ("Est-ce conforme ?", "Est-ce conforme\u202f?"),
        ("voir c; d", "voir c\u202f; d"),
        ('le champ "titre"', "le champ «\u00a0titre\u00a0»"),
        ("« déjà »", "«\u00a0déjà\u00a0»"),
        ("{file}:{line}: erreur", "{file}:{line}: erreur"),  # a location editors parse
        ("https://example.ca/a;b", "https://example.ca/a;b"),
    ],
)
def test_french_spacing(english_style: str, french: str) -> None:
    assert typography.french_text(english_style) == french


def test_french_numbers_and_dates() -> None:
    assert typography.number(12.5, "fr") == "12,5"
    assert typography.number(12.5, "en") == "12.5"
    assert typography.number(2026, "fr") == "2026"
    assert typography.number(12500, "fr") == "12\u202f500"
    assert typography.date("2026-12-01", "fr") == "1er décembre 2026"
    assert typography.date("2026-06-10", "fr") == "10 juin 2026"
    assert typography.date("2026-06-10", "en") == "2026-06-10"


def test_french_typography_applies_to_catalogue_text_only() -> None:
    with i18n.with_lang("fr"):
        shown = msg("text.fix", fix="a : b")  # untranslated key: the value keeps its spaces
    assert shown.endswith("a : b")


# --- init --------------------------------------------------------------------------


def french_template() -> str:
    result = run_cli("init", "--lang", "fr", "-")
    assert result.returncode == 0, result.stderr
    return result.stdout


def keys(text: str) -> list[str]:
    return re.findall(r"^#?\s*(?:- )?\{?([a-z_]+):", text, re.M)


def test_init_fr_writes_the_french_template_with_the_english_keys() -> None:
    text = french_template()
    assert "microcertification" in text
    english = (REPO / "report_templates" / "init" / "proposal.yaml").read_text(encoding="utf-8")
    assert keys(text) == keys(english)
    assert text.splitlines()[0] == english.splitlines()[0]


def test_filled_french_template_meets_cican_pending_review(tmp_path: Path) -> None:
    from test_fields_and_template import filled

    path = tmp_path / "proposition.yaml"
    path.write_text(filled(french_template()), encoding="utf-8")
    import yaml

    for item in yaml.safe_load(path.read_text(encoding="utf-8"))["evidence"]:
        (tmp_path / item["path"]).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / item["path"]).write_bytes(b"%PDF-1.4\n")
    result = run_cli("check", "--lang", "en", "--format", "json", "--framework", "cican", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    [file] = json.loads(result.stdout)["files"]
    assert [v["verdict"] for v in file["verdicts"]] == ["meets_pending_review"]


def test_the_environment_chooses_the_language_last(write, pseudo: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    env = {**pseudo, "LC_ALL": "", "LANG": "qps"}
    path = write("no-language.yaml", HEADER)  # no `languages:`: the environment decides
    assert "⟦" in run_cli("check", str(path), env=env).stdout
    config = write(".qa-checker.yaml", "lang: en\n")
    assert "⟦" not in run_cli("check", "--config", str(config), str(path), env=env).stdout


def test_french_report_title_page_names_the_cadre_national(tmp_path: Path) -> None:
    """Issue #16: the French report's first page names CICan's framework by its French name."""
    done = run_cli(
        "report", "--lang", "fr", str(EXAMPLES / "complete.yaml"), "--format", "pdf", "--output", str(tmp_path)
    )
    assert done.returncode == 0, done.stderr
    reader = pypdf.PdfReader(tmp_path / "complete.pdf")
    first = " ".join((reader.pages[0].extract_text() or "").split())
    assert "Cadre national sur les microcertifications" in first
    assert "/Lang" in reader.trailer["/Root"] and str(reader.trailer["/Root"]["/Lang"]) == "fr-CA"
