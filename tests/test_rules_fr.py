"""The French edition of rule and framework texts (issue 16): complete, faithful to the
English placeholders, strictly checked, and shown when the language is French."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path
from typing import Any

import pytest
import yaml

from qa_checker import rulecache
from qa_checker.errors import RuleSetError
from qa_checker.rule_i18n import normalise, overlay_path
from qa_checker.rulesets import load_catalog

from conftest import REPO, run_cli

RULE_FILES = sorted((REPO / "rules").glob("*.yaml"))
FRAMEWORK_FILES = sorted((REPO / "frameworks").glob("*.yaml"))
RULE_KEYS = ("title", "message", "fix", "prompt")
# Texts that are proper names and read the same in both languages.
SAME_IN_BOTH = {("ecampusontario", "issuer")}


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _placeholders(text: str) -> list[tuple[str, str, str]]:
    return sorted((n, c or "", s or "") for _, n, s, c in string.Formatter().parse(text) if n is not None)


def _outside_code(text: str) -> str:
    """The prose of a text: code in backticks and titles quoted in « » (an English
    report title keeps its own punctuation) left out."""
    return re.sub(r"`[^`]*`|«[^»]*»", "", text)


def test_ten_rule_sets_each_have_a_french_overlay() -> None:
    assert len(RULE_FILES) == 10
    for path in RULE_FILES + FRAMEWORK_FILES:
        assert overlay_path(path, "fr").is_file(), f"{path.name} has no French overlay"


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.stem)
def test_every_rule_has_french_for_every_english_text(path: Path) -> None:
    english = {rule["id"]: rule for rule in _load(path)["rules"]}
    french = _load(overlay_path(path, "fr"))
    assert set(french) == set(english), "the overlay names exactly the rules of the English file"
    for rule_id, rule in english.items():
        wanted = {key for key in RULE_KEYS if key in rule}
        assert set(french[rule_id]) == wanted, f"{rule_id}: French for {sorted(wanted)}"
        for key in wanted:
            assert _placeholders(french[rule_id][key]) == _placeholders(rule[key]), f"{rule_id} {key}"


@pytest.mark.parametrize("path", FRAMEWORK_FILES, ids=lambda p: p.stem)
def test_every_clause_has_a_french_heading_and_paraphrase(path: Path) -> None:
    english = _load(path)
    french = _load(overlay_path(path, "fr"))
    for key in ("title", "short_title", "issuer", "summary"):
        assert (key in french) == (key in english), key
    clauses = {clause["id"] for clause in english["clauses"]}
    assert set(french["clauses"]) == clauses
    for clause_id in clauses:
        assert set(french["clauses"][clause_id]) == {"heading", "paraphrase"}, clause_id


def test_french_typography_non_breaking_space_before_double_punctuation() -> None:
    """« : ; ? ! » take a non-breaking space in French; code in backticks is left alone."""
    for path in sorted((REPO / "rules" / "i18n" / "fr").glob("*.yaml")) + sorted(
        (REPO / "frameworks" / "i18n" / "fr").glob("*.yaml")
    ):
        text = path.read_text(encoding="utf-8")
        for line_no, line in enumerate(text.splitlines(), 1):
            if line.lstrip().startswith("#"):
                continue
            _, _, value = line.partition(": ")
            prose = _outside_code(value)
            assert not re.search(r"[^\s\u00a0\u202f][:;?!](\s|$)", prose), f"{path.name}:{line_no}: {value}"
            assert not re.search(r" [:;?!]", prose), f"{path.name}:{line_no}: plain space before punctuation"


def test_cican_framework_is_named_as_cican_names_it_in_french() -> None:
    catalog = load_catalog(lang="fr")
    assert catalog.frameworks["cican"].title == "Cadre national sur les microcertifications"
    assert "RAFEO" in catalog.frameworks["on-osap"].title


def test_french_catalogue_replaces_every_text_and_warns_of_nothing() -> None:
    english = load_catalog(lang="en")
    french = load_catalog(lang="fr-CA")
    assert french.warnings == []
    for ruleset_id, ruleset in french.rulesets.items():
        for en_rule, fr_rule in zip(english.rulesets[ruleset_id].rules, ruleset.rules, strict=True):
            for key in RULE_KEYS:
                if getattr(en_rule, key) is not None:
                    assert getattr(fr_rule, key) != getattr(en_rule, key), f"{fr_rule.id} {key} is English"
    for framework_id, framework in french.frameworks.items():
        en_fw = english.frameworks[framework_id]
        for key in ("title", "short_title", "issuer", "summary"):
            if (framework_id, key) not in SAME_IN_BOTH:
                assert getattr(framework, key) != getattr(en_fw, key), f"{framework_id} {key}"
        for clause_id, clause in framework.clauses.items():
            assert clause.heading != en_fw.clauses[clause_id].heading
            assert clause.paraphrase != en_fw.clauses[clause_id].paraphrase


def test_english_stays_the_source() -> None:
    catalog = load_catalog(lang="en")
    rule = next(r for r in catalog.rulesets["on-osap"].rules if r.id == "ONT-OSAP1")
    assert rule.title == "Between 5 and 300 hours"
    assert catalog.frameworks["cican"].title == "National Framework for Microcredentials"


def test_rules_json_shows_french_for_every_rule() -> None:
    env = {"QA_CHECKER_LANG": "fr"}
    french = json.loads(run_cli("rules", "--format", "json", env=env).stdout)["rules"]
    english = {r["id"]: r for r in json.loads(run_cli("rules", "--format", "json").stdout)["rules"]}
    assert len(french) == len(english) == sum(len(_load(p)["rules"]) for p in RULE_FILES)
    for rule in french:
        for key in RULE_KEYS:
            if english[rule["id"]][key] is not None:
                assert rule[key] and rule[key] != english[rule["id"]][key], f"{rule['id']} {key}"
        assert rule["clause_heading"] != english[rule["id"]]["clause_heading"]


def test_language_tags_reduce_to_their_primary_language() -> None:
    assert normalise("fr_CA.UTF-8") == normalise("fr-CA") == normalise("FR") == "fr"
    assert normalise("") == "en"


def test_rule_cache_keys_on_language() -> None:
    assert rulecache.key("abc", "x.yaml", b"ctx", "fr") != rulecache.key("abc", "x.yaml", b"ctx", "en")


# -- an institution's rule sets --------------------------------------------------------

OWN_RULESET = """\
ruleset: own-set
framework: cican
version: "1"
rules:
  - id: OWN-1
    clause: CICAN-P1
    title: Our rule
    requirement: should
    kind: automatic
    check: {schema: {required: [title]}}
    message: "{field} is missing"
    fix: "add a title"
    source: {url: "https://example.org", verified: false}
    examples: {pass: [{title: x}], fail: [{}]}
"""


def _own_folder(tmp_path: Path, overlay: str | None = None) -> Path:
    folder = tmp_path / "own"
    folder.mkdir()
    (folder / "own.yaml").write_text(OWN_RULESET, encoding="utf-8")
    if overlay is not None:
        (folder / "i18n" / "fr").mkdir(parents=True)
        (folder / "i18n" / "fr" / "own.yaml").write_text(overlay, encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every check runs: a marker left by another test must not hide an error here.
    monkeypatch.setenv("QA_CHECKER_NO_CACHE", "1")


def test_institution_rule_set_without_french_keeps_english_with_one_notice(tmp_path: Path) -> None:
    catalog = load_catalog((_own_folder(tmp_path),), lang="fr")
    rule = catalog.rulesets["own-set"].rules[0]
    assert (rule.title, rule.message) == ("Our rule", "{field} is missing")
    notices = [w for w in catalog.warnings if w.key == "rules.i18n_none"]
    assert [n.params["id"] for n in notices] == ["own-set"]
    assert catalog.frameworks["cican"].title == "Cadre national sur les microcertifications"


def test_institution_overlay_is_applied(tmp_path: Path) -> None:
    overlay = 'OWN-1: {title: "Notre règle", message: "{field} est absent", fix: "ajoutez un titre"}\n'
    catalog = load_catalog((_own_folder(tmp_path, overlay),), lang="fr")
    rule = catalog.rulesets["own-set"].rules[0]
    assert (rule.title, rule.message, rule.fix) == ("Notre règle", "{field} est absent", "ajoutez un titre")
    assert catalog.warnings == []


def test_partly_translated_overlay_says_what_stays_english(tmp_path: Path) -> None:
    catalog = load_catalog((_own_folder(tmp_path, 'OWN-1: {title: "Notre règle"}\n'),), lang="fr")
    (notice,) = catalog.warnings
    assert notice.key == "rules.i18n_partial" and "OWN-1" in notice.params["items"]
    assert catalog.rulesets["own-set"].rules[0].message == "{field} is missing"


@pytest.mark.parametrize(
    ("overlay", "key", "line"),
    [
        ('OWN-1: {title: "Notre règle"}\nOWN-9: {title: "Inconnue"}\n', "rules.i18n_unknown_id", 2),
        ('OWN-1: {message: "{champ} est absent"}\n', "rules.i18n_placeholders", 1),
        ('OWN-1: {message: "est absent"}\n', "rules.i18n_placeholders", 1),
        ('OWN-1: {prompt: "Est-ce bien ?"}\n', "rules.i18n_extra_text", 1),
        ('OWN-1: {message: "{field est absent"}\n', "rules.bad_template", 1),
        ('OWN-1: {titre: "Notre règle"}\n', "rules.meta_schema", 1),
    ],
)
def test_a_wrong_overlay_is_a_load_error_at_its_line(tmp_path: Path, overlay: str, key: str, line: int) -> None:
    with pytest.raises(RuleSetError) as raised:
        load_catalog((_own_folder(tmp_path, overlay),), lang="fr")
    assert raised.value.key == key
    assert raised.value.file.endswith(str(Path("i18n") / "fr" / "own.yaml"))
    assert raised.value.line == line


def test_an_overlay_is_not_checked_in_english(tmp_path: Path) -> None:
    """English needs no overlay, so a broken French one does not stop an English run."""
    catalog = load_catalog((_own_folder(tmp_path, "OWN-9: {title: x}\n"),), lang="en")
    assert catalog.rulesets["own-set"].rules[0].title == "Our rule"


def test_wrong_overlay_stops_the_cli_with_file_and_line(tmp_path: Path) -> None:
    folder = _own_folder(tmp_path, 'OWN-1: {title: "Notre règle"}\nOWN-9: {title: "Inconnue"}\n')
    result = run_cli("rules", "--rules", str(folder), env={"QA_CHECKER_LANG": "fr", "QA_CHECKER_NO_CACHE": "1"})
    assert result.returncode == 2
    assert "i18n/fr/own.yaml:2" in result.stderr and "OWN-9" in result.stderr
    assert "Traceback" not in result.stderr
