"""The shipped catalogue's bundle (``rulebundle``): built at build time, the same
catalogue as the files, used only while current, never read from the user's cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from qa_checker import rulebundle
from qa_checker.rulesets import load_catalog
from qa_checker.ruletypes import Catalog

from conftest import EXAMPLES, REPO, run_cli

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


def test_the_shipped_bundles_are_current() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_rule_bundle.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_bundle_gives_the_catalogue_the_files_give(lang: str) -> None:
    assert rulebundle.load({}, lang) is not None, "the shipped bundle is used"
    bundled = load_catalog(lang=lang)
    files = load_catalog(lang=lang, use_bundle=False)
    assert _plain(bundled) == _plain(files)
    # file names in messages point into this install, not where the bundle was built
    assert all(Path(rs.path).is_file() for rs in bundled.rulesets.values())
    # and the checks behave alike (each rule's check rebuilt from its spec)
    for example in ("fails-bc.yaml", "complete.yaml", "incomplete.yaml"):
        proposal = yaml.safe_load((EXAMPLES / example).read_text(encoding="utf-8"))
        for rid, ruleset in files.rulesets.items():
            for ours, theirs in zip(bundled.rulesets[rid].rules, ruleset.rules, strict=True):
                assert ours.check(proposal) == theirs.check(proposal)


def test_settings_another_language_or_an_institution_folder_load_from_the_files() -> None:
    assert rulebundle.load(SETTINGS, "en") is None
    assert rulebundle.load({}, "qps") is None
    with_settings = load_catalog(settings=SETTINGS, lang="en")
    assert _plain(with_settings) == _plain(load_catalog(settings=SETTINGS, lang="en", use_bundle=False))
    custom = load_catalog(extra_dirs=(EXAMPLES / "custom-rules",), lang="en")
    assert set(load_catalog(lang="en").rulesets) < set(custom.rulesets)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b'{"key": "another", "catalogue": {}}',
        b"\x80\x04\x95",  # a pickle's opening bytes: never unpickled
    ],
)
def test_a_bad_or_stale_bundle_means_loading_the_files(monkeypatch: pytest.MonkeyPatch, content: bytes) -> None:
    expected = _plain(load_catalog(lang="en", use_bundle=False))

    class Planted:
        def read_bytes(self) -> bytes:
            return content

    monkeypatch.setattr(rulebundle, "_resource", lambda lang: Planted())
    assert rulebundle.load({}, "en") is None
    assert _plain(load_catalog(lang="en")) == expected


def test_a_bundle_with_the_right_key_but_content_that_does_not_rebuild_is_ignored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shipped = json.loads(rulebundle._resource("en").read_bytes())
    broken = json.loads(json.dumps(shipped))
    broken["catalogue"]["rulesets"][0]["rules"][0]["spec"]["check"] = {"schema": {"$ref": "https://example.org/x"}}
    unexpected = json.loads(json.dumps(shipped))
    unexpected["catalogue"]["rulesets"][0]["unexpected"] = 1
    for planted in (broken, unexpected):

        class Resource:
            def read_bytes(self, data: Any = planted) -> bytes:
                return json.dumps(data).encode()

        monkeypatch.setattr(rulebundle, "_resource", lambda lang: Resource())
        assert rulebundle.load({}, "en") is None


def test_an_edited_rule_file_makes_the_bundle_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from qa_checker import paths

    rules = tmp_path / "rules"
    shutil.copytree(paths.rules_dir(), rules)
    monkeypatch.setattr(rulebundle, "rules_dir", lambda: rules)
    assert rulebundle.load({}, "en") is not None  # same bytes: still current
    target = rules / "bc.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert rulebundle.load({}, "en") is None


def test_a_first_check_imports_no_jsonschema_and_writes_no_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    code = (
        "import sys\n"
        "from qa_checker.cli import main\n"
        f"sys.argv = ['qa-checker', 'check', {str(EXAMPLES / 'complete.yaml')!r}]\n"
        "try:\n    main()\nexcept SystemExit as done:\n    print('CODE', done.code)\n"
        "print('LOADED', sorted(m for m in sys.modules if m.split('.')[0] in ('jsonschema', 'referencing')))\n"
    )
    env = {**os.environ, "QA_CHECKER_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    env.pop("QA_CHECKER_NO_CACHE", None)
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert "CODE 0" in first.stdout and "LOADED []" in first.stdout, first.stdout + first.stderr
    assert not cache.exists() or not any(cache.iterdir())


def test_bundle_and_files_give_the_same_bytes(tmp_path: Path) -> None:
    args = ("check", str(EXAMPLES / "fails-bc.yaml"), "--format", "json")
    bundled = run_cli(*args, env={"QA_CHECKER_CACHE_DIR": str(tmp_path / "cache")})
    stale = tmp_path / "stale-rules"
    # an extra folder forces the files for every rule set (and adds nothing here)
    stale.mkdir()
    files = run_cli(*args, "--rules", str(stale), env={"QA_CHECKER_NO_CACHE": "1"})
    assert bundled.returncode == files.returncode == 1
    assert bundled.stdout == files.stdout
