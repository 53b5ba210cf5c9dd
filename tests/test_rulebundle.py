"""The shipped catalogue's bundle (``rulebundle``): the same catalogue, without the YAML
and jsonschema, and a bad entry only ever means "load from the files"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from qa_checker import rulebundle
from qa_checker.rulesets import load_catalog
from qa_checker.ruletypes import Catalog

from conftest import EXAMPLES, run_cli

SETTINGS = {"peqab-omc": {"omc_categories": ["a", "b"]}}


def _plain(catalog: Catalog) -> Any:
    """Everything in a catalogue but its check functions, comparable across processes."""
    rulesets = {
        rid: {**rulebundle._ruleset_data(rs), "has_when": rs.when is not None} for rid, rs in catalog.rulesets.items()
    }
    frameworks = [rulebundle._framework_data(fw) for fw in catalog.frameworks.values()]
    warnings = [rulebundle._notice_data(w) for w in catalog.warnings]
    aliases = sorted(getattr(catalog.rulesets, "aliases", {}).items())
    return json.dumps([rulesets, frameworks, warnings, aliases], sort_keys=True, default=repr)


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("catalogue-*.json"))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.delenv("QA_CHECKER_NO_CACHE", raising=False)
    monkeypatch.setenv("QA_CHECKER_CACHE_DIR", str(folder))
    return folder


@pytest.mark.parametrize(("lang", "settings"), [("en", None), ("fr", None), ("en", SETTINGS)])
def test_the_bundle_gives_the_catalogue_the_files_give(
    cache: Path, monkeypatch: pytest.MonkeyPatch, lang: str, settings: Any
) -> None:
    cold = load_catalog(settings=settings, lang=lang)
    assert len(_entries(cache)) == 1
    warm = load_catalog(settings=settings, lang=lang)
    monkeypatch.setenv("QA_CHECKER_NO_CACHE", "1")
    files = load_catalog(settings=settings, lang=lang)
    assert _plain(warm) == _plain(cold) == _plain(files)
    # and the checks behave alike (each rule's check rebuilt from its spec)
    proposal = json.loads(json.dumps(__import__("yaml").safe_load((EXAMPLES / "fails-bc.yaml").read_text())))
    for rid, ruleset in files.rulesets.items():
        for ours, theirs in zip(warm.rulesets[rid].rules, ruleset.rules, strict=True):
            assert ours.check(proposal) == theirs.check(proposal)


def test_one_entry_per_language_and_settings(cache: Path) -> None:
    load_catalog(lang="en")
    load_catalog(lang="fr")
    load_catalog(lang="en", settings=SETTINGS)
    load_catalog(lang="en")
    assert len(_entries(cache)) == 3


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b'{"key": "another", "catalogue": {}}',
        b"\x80\x04\x95",  # a pickle's opening bytes: never unpickled
    ],
)
def test_a_bad_entry_means_loading_the_files(cache: Path, content: bytes) -> None:
    expected = _plain(load_catalog(lang="en"))
    (entry,) = _entries(cache)
    entry.write_bytes(content)
    assert _plain(load_catalog(lang="en")) == expected
    assert json.loads(entry.read_bytes())["key"] == entry.stem.removeprefix("catalogue-"), "rewritten"


def test_a_planted_entry_with_the_right_key_but_broken_content_is_ignored(cache: Path) -> None:
    expected = _plain(load_catalog(lang="en"))
    (entry,) = _entries(cache)
    data = json.loads(entry.read_bytes())
    data["catalogue"]["rulesets"][0]["rules"][0]["spec"]["check"] = {"schema": {"$ref": "https://example.org/x"}}
    entry.write_text(json.dumps(data))
    assert _plain(load_catalog(lang="en")) == expected
    data["catalogue"]["rulesets"][0]["unexpected"] = 1
    entry.write_text(json.dumps(data))
    assert _plain(load_catalog(lang="en")) == expected


def test_a_link_or_fifo_in_place_of_an_entry_is_not_followed(cache: Path, tmp_path: Path) -> None:
    expected = _plain(load_catalog(lang="en"))
    (entry,) = _entries(cache)
    moved = tmp_path / "elsewhere.json"
    entry.rename(moved)
    entry.symlink_to(moved)
    assert _plain(load_catalog(lang="en")) == expected
    entry.unlink()
    os.mkfifo(entry)
    assert _plain(load_catalog(lang="en")) == expected


def test_no_cache_writes_no_bundle(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_CHECKER_NO_CACHE", "1")
    load_catalog(lang="en")
    assert not cache.exists() or not _entries(cache)


def test_an_institution_folder_loads_from_the_files(cache: Path) -> None:
    load_catalog(extra_dirs=(EXAMPLES / "custom-rules",), lang="en")
    assert not cache.exists() or not _entries(cache)


def test_a_warm_check_imports_neither_jsonschema_nor_yaml_rule_files(tmp_path: Path) -> None:
    env = {"QA_CHECKER_CACHE_DIR": str(tmp_path / "cache")}
    cold = run_cli("check", str(EXAMPLES / "complete.yaml"), env=env)
    code = (
        "import sys\n"
        "from qa_checker.cli import main\n"
        f"sys.argv = ['qa-checker', 'check', {str(EXAMPLES / 'complete.yaml')!r}]\n"
        "try:\n    main()\nexcept SystemExit as done:\n    print('CODE', done.code)\n"
        "print('LOADED', sorted(m for m in sys.modules if m.split('.')[0] in ('jsonschema', 'referencing')))\n"
    )
    full_env = {**os.environ, **env, "NO_COLOR": "1"}
    full_env.pop("QA_CHECKER_NO_CACHE", None)
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=full_env, check=False)
    assert "CODE 0" in warm.stdout and "LOADED []" in warm.stdout, warm.stdout + warm.stderr
    assert warm.stdout.startswith(cold.stdout)


def test_cold_warm_and_no_cache_give_the_same_bytes(tmp_path: Path) -> None:
    env = {"QA_CHECKER_CACHE_DIR": str(tmp_path / "cache")}
    args = ("check", str(EXAMPLES / "fails-bc.yaml"), "--format", "json")
    cold, warm = run_cli(*args, env=env), run_cli(*args, env=env)
    none = run_cli(*args, env={"QA_CHECKER_NO_CACHE": "1"})
    assert cold.stdout == warm.stdout == none.stdout and cold.returncode == warm.returncode == none.returncode == 1
