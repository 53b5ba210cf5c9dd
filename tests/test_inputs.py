"""No silent skips in what is checked: every input that is not checked says so.

Near-miss proposal headers, unknown or wrong-case framework IDs, named files that the
configuration excludes, broken configuration files, file-level warnings in the summary
lines, and evidence files that are not there. Each test runs the real command line.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from conftest import EXAMPLES, HEADER, run_cli

SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


def proposal(folder: Path, name: str = "p.yaml", source: str = "incomplete.yaml", **swap: str) -> Path:
    """A copy of an example with ``old=new`` line prefixes replaced (``swap``)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (EXAMPLES / source).read_text(encoding="utf-8")
    for old, new in swap.items():
        pattern = re.compile(rf"^{re.escape(old)}.*$", re.MULTILINE)
        assert pattern.search(text), old
        text = pattern.sub(new, text, count=1)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(start))


# --- 1. near-miss headers -----------------------------------------------------------


NEAR_MISSES = {
    "typo.yaml": ({"kind:": "kind: MicroCredentialProposl"}, "header is `kind: MicroCredentialProposl`"),
    "case.yaml": ({"kind:": "kind: microcredentialproposal"}, "header is `kind: microcredentialproposal`"),
    "key.yaml": ({"kind:": "Kind: MicroCredentialProposal"}, "header key is `Kind`"),
    "nokind.yaml": ({"kind:": "# no header"}, "has `schema_version` and `title`"),
}


@pytest.mark.parametrize("hook", [False, True], ids=["folder-scan", "only-proposals"])
def test_near_miss_header_is_an_error_with_did_you_mean(tmp_path: Path, hook: bool) -> None:
    folder = tmp_path / "proposals"
    for name, (swap, _) in NEAR_MISSES.items():
        proposal(folder, name, **swap)
    (folder / "near.json").write_text('{"kind": "MicroCredentialProposl", "schema_version": 1, "title": "A"}\n')
    args = ["--only-proposals", *sorted(str(p) for p in folder.iterdir())] if hook else [str(folder)]
    result = run_cli("check", *args)
    assert result.returncode == 2, result.stdout
    for name, (_, words) in NEAR_MISSES.items():
        line = next(x for x in result.stdout.splitlines() if x.startswith(str(folder / name) + ":"))
        assert words in line and "did you mean" in line, line
        assert re.match(rf"{re.escape(str(folder / name))}:\d+:\d+: error ", line), line
    assert f"{folder / 'near.json'}:1:2: error looks like a proposal" in result.stdout
    assert "5 could not be checked" in result.stdout
    assert "Traceback" not in result.stderr


def test_the_hook_still_ignores_unrelated_yaml(tmp_path: Path) -> None:
    """Widening the pre-filter must not make the hook parse (or fail on) other files."""
    files = {
        ".pre-commit-config.yaml": "repos:\n  - repo: local\n    hooks: [{id: x, entry: x, language: system}]\n",
        "ci.yml": "on: push\njobs: {build: {runs-on: ubuntu-latest}}\n",
        "deploy.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n",
        "broken.yaml": "this: [is not: valid\n",
        "package.json": '{"name": "site", "version": "1.0.0"}\n',
        "mkdocs.yml": "site_name: Our micro-credentials\ntheme: {name: material}\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = run_cli("check", "--only-proposals", *sorted(str(tmp_path / n) for n in files))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("0 proposals checked, 0 could not be checked"), result.stdout


def test_a_named_file_that_is_not_a_proposal_keeps_its_message(write: Callable[..., Path]) -> None:
    path = write("other.yaml", "name: something else\nitems: [1, 2]\n")
    result = run_cli("check", str(path))
    assert result.returncode == 2
    assert "is not a proposal: it has no `kind: MicroCredentialProposal` header" in result.stdout


# --- 2. framework IDs: targets, --framework, configuration -------------------------


def test_misspelt_target_is_an_error_at_its_line(tmp_path: Path) -> None:
    path = proposal(tmp_path, **{"targets:": "targets: [cican, ecampusontaro]"})
    result = run_cli("check", str(path), "--format", "json")
    assert result.returncode == 2
    (error,) = json.loads(result.stdout)["files"][0]["errors"]
    assert error["code"] == "model.unknown_target_suggest"
    assert error["line"] == line_of(path, "targets:") and error["column"] == 18
    assert "did you mean `ecampusontario`?" in error["message"]
    text = run_cli("check", str(path)).stdout
    assert f"{path}:{error['line']}:18: error `targets` names `ecampusontaro`" in text
    assert "0 proposals checked, 1 could not be checked" in text


def test_unknown_target_without_a_close_match_names_the_known_ids(tmp_path: Path) -> None:
    path = proposal(tmp_path, **{"targets:": "targets: [cican, cican-lakeshore-2027]"})
    result = run_cli("check", str(path))
    assert result.returncode == 2
    assert "`cican-lakeshore-2027`, which is not a known framework (known: au-nmf, bc, cican," in result.stdout
    assert "--rules" in result.stdout, "says how an institution rule set is loaded"


def test_wrong_case_target_checks_that_framework_only(tmp_path: Path) -> None:
    path = proposal(tmp_path, **{"targets:": "targets: [CICan]"})
    result = run_cli("check", str(path), "--format", "json")
    assert result.returncode == 1, result.stdout
    report = json.loads(result.stdout)["files"][0]
    assert [v["framework"] for v in report["verdicts"]] == ["cican"]
    assert not any(f["rule_id"].startswith("QA-UNKNOWN") and "target" in f["message"] for f in report["findings"])


def test_unknown_framework_option_suggests_and_wrong_case_works(tmp_path: Path) -> None:
    path = proposal(tmp_path)
    result = run_cli("check", str(path), "--framework", "ecampusontaro")
    assert result.returncode == 2
    assert "--framework ecampusontaro names no known rule set: did you mean `ecampusontario`?" in result.stderr
    flagged = run_cli("check", str(path), "--framework", "ECampusOntario", "--format", "json")
    assert flagged.returncode == 1, flagged.stderr
    assert [v["framework"] for v in json.loads(flagged.stdout)["files"][0]["verdicts"]] == ["ecampusontario"]
    listed = run_cli("rules", "--framework", "BC")
    assert listed.returncode == 0 and "BC-" in listed.stdout


def test_unknown_framework_in_configuration_is_an_error_at_its_line(tmp_path: Path) -> None:
    (tmp_path / ".qa-checker.yaml").write_text("fail_on: error\nframeworks:\n  - CICan\n  - bx\n", encoding="utf-8")
    path = proposal(tmp_path / "p", **{"targets:": "# no targets"})
    result = run_cli("check", str(path))
    assert result.returncode == 2
    assert re.search(r"\.qa-checker\.yaml:4:5: error .*`bx` is not a known rule set", result.stderr), result.stderr
    (tmp_path / ".qa-checker.yaml").write_text("frameworks: [CICan]\n", encoding="utf-8")
    report = json.loads(run_cli("check", str(path), "--format", "json").stdout)
    assert [v["framework"] for v in report["files"][0]["verdicts"]] == ["cican"]


# --- 3. named files and the configuration's exclude ---------------------------------


def excluding_parent(tmp_path: Path) -> Path:
    (tmp_path / ".qa-checker.yaml").write_text('exclude: ["*"]\n', encoding="utf-8")
    return proposal(tmp_path / "a" / "b")


def test_named_file_is_checked_although_a_parent_config_excludes_it(tmp_path: Path) -> None:
    path = excluding_parent(tmp_path)
    result = run_cli("check", str(path), "--no-fixes")
    assert result.returncode == 1, result.stdout
    assert "1 proposal checked, 0 could not be checked" in result.stdout
    assert run_cli("check", str(tmp_path)).returncode == 2, "a folder scan honours exclude (nothing left)"


def test_hook_reports_and_counts_a_named_file_the_config_excludes(tmp_path: Path) -> None:
    path = excluding_parent(tmp_path)
    result = run_cli("check", "--only-proposals", "p.yaml", cwd=path.parent)
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].startswith(
        "p.yaml: notice not checked: excluded by `*` in " + str(tmp_path / ".qa-checker.yaml")
    ), result.stdout
    assert result.stdout.rstrip().endswith("1 named file not checked: excluded by the configuration")

    as_json = json.loads(run_cli("check", "--only-proposals", str(path), "--format", "json").stdout)
    (entry,) = as_json["files"]
    assert entry["status"] == "excluded" and entry["excluded_by"]["pattern"] == "*"
    assert as_json["summary"]["excluded"] == 1 and as_json["summary"]["checked"] == 0

    junit = run_cli("check", "--only-proposals", str(path), "--format", "junit").stdout
    assert 'name="input.excluded"' in junit and '<skipped message="not checked: excluded by' in junit
    github = run_cli("check", "--only-proposals", str(path), "--format", "github").stdout
    assert github.startswith("::notice file=") and "title=input.excluded::not checked" in github
    sarif = json.loads(run_cli("check", "--only-proposals", str(path), "--format", "sarif").stdout)
    (note,) = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "note" and note["descriptor"]["id"] == "input.excluded"
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert list(jsonschema.Draft7Validator(schema).iter_errors(sarif)) == []


# --- 4. broken configuration files --------------------------------------------------


def parent_says_never(tmp_path: Path) -> Path:
    (tmp_path / ".qa-checker.yaml").write_text("fail_on: never\n", encoding="utf-8")
    return proposal(tmp_path / "sub")


@pytest.mark.parametrize(
    ("toml", "where", "words"),
    [
        ('[project]\nname = "x"\n\n[tool.qa-checker]\nfail_on = "error\n', ":5:", "is not valid TOML"),
        ('[tool.qa-checker]\nframeworks = ["cican"]\nfail_on = "sometimes"\n', ":3:1:", "at /fail_on"),
        ('[tool.qa-checker]\nfail_n = "error"\n', ":2:1:", "`fail_n` is not a setting: did you mean `fail_on`?"),
        ("[tool]\nqa-checker = 3\n", ":2:1:", "must be a table"),
        ('[tool.qa_checker]\nfail_on = "error"\n', ":1:1:", "did you mean `[tool.qa-checker]`?"),
        ('[tool.qa-checker]\nframeworks = [\n  "cican",\n  "ecampusontaro",\n]\n', ":4:3:", "did you mean"),
    ],
    ids=["syntax", "bad-value", "unknown-key", "not-a-table", "near-miss-table", "unknown-framework"],
)
def test_broken_pyproject_is_exit_2_naming_the_file(tmp_path: Path, toml: str, where: str, words: str) -> None:
    path = parent_says_never(tmp_path)
    pyproject = tmp_path / "sub" / "pyproject.toml"
    pyproject.write_text(toml, encoding="utf-8")
    result = run_cli("check", str(path))
    assert result.returncode == 2, "never skipped in favour of the parent's fail_on: never"
    assert f"{pyproject}{where}" in result.stderr and words in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_pyproject_of_another_tool_is_not_a_configuration(tmp_path: Path) -> None:
    path = parent_says_never(tmp_path)
    pyproject = tmp_path / "sub" / "pyproject.toml"
    for text in ('[project]\nname = "x"\n', '[project\nname = "broken, but not ours"\n'):
        pyproject.write_text(text, encoding="utf-8")
        result = run_cli("check", str(path))
        assert result.returncode == 0, "the parent's fail_on: never applies"


def test_explicit_config_without_the_table_is_an_error(tmp_path: Path) -> None:
    path = proposal(tmp_path)
    (tmp_path / "settings.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    result = run_cli("check", str(path), "--config", str(tmp_path / "settings.toml"))
    assert result.returncode == 2 and "has no `[tool.qa-checker]` table" in result.stderr


# --- 5. file-level warnings in the summary lines ------------------------------------


def test_unknown_field_counts_in_every_summary_line_and_fail_on_warning(tmp_path: Path) -> None:
    path = proposal(tmp_path, source="complete.yaml", **{"title:": "instructonal_hours: 40\ntitle: A"})
    shutil.copytree(EXAMPLES / "evidence", tmp_path / "evidence")
    clean = proposal(tmp_path, "clean.yaml", source="complete.yaml")
    baseline = run_cli("check", str(clean), "--no-fixes", "--group", "rule").stdout
    by_gap = run_cli("check", str(path), "--no-fixes").stdout
    assert "warning unknown field `instructonal_hours`" in by_gap
    gap_verdicts = [line for line in by_gap.splitlines() if line.startswith(f"{path}: ")]
    with_clauses = [line for line in gap_verdicts if "clauses met" in line and ": advisory" not in line]
    assert with_clauses and all(line.endswith("; 1 finding about the file)") for line in with_clauses), gap_verdicts
    assert "1 proposal checked, 0 could not be checked; gaps: 0 errors, 1 warning, " in by_gap
    result = run_cli("check", str(path), "--no-fixes", "--group", "rule")
    assert result.returncode == 0, result.stdout
    assert "QA-UNKNOWN-FIELD warning unknown field `instructonal_hours`" in result.stdout
    verdicts = [line for line in result.stdout.splitlines() if line.startswith(f"{path}: ")]
    assert len(verdicts) == 5
    befores = [x for x in baseline.splitlines() if x.startswith(f"{clean}: ")]
    for line, before in zip(verdicts, befores, strict=True):
        if ": advisory: " in line:  # an advisory set counts its own suggestions only
            assert line.split(": ", 1)[1] == before.split(": ", 1)[1]
            continue
        assert warnings_in(line) == warnings_in(before) + 1, (line, before)
    assert sum(": advisory: " not in line for line in verdicts) == 4
    assert "1 proposal checked, 0 could not be checked; findings by rule: 0 errors, 1 warning, " in result.stdout
    assert run_cli("check", str(path), "--fail-on", "warning").returncode == 1
    assert run_cli("check", str(clean), "--fail-on", "warning").returncode == 0
    counts = json.loads(run_cli("check", str(path), "--format", "json").stdout)["files"][0]["verdicts"]
    assert all(v["counts"]["warnings"] >= 1 for v in counts if v["verdict"] != "advisory")


def warnings_in(line: str) -> int:
    match = re.search(r"(\d+) warnings?\b", line)
    assert match, line
    return int(match.group(1))


# --- 6. evidence paths ---------------------------------------------------------------

EVIDENCE = (
    HEADER
    + "evidence:\n"
    + "  - {id: E1, type: qa_approval, path: evidence/present.pdf}\n"
    + "  - {id: E2, type: qa_approval, path: evidence/missing.pdf}\n"
    + "  - {id: E3, type: qa_approval, path: ../outside.pdf}\n"
    + "  - {id: E4, type: qa_approval, path: /etc/passwd}\n"
    + "  - {id: E5, type: qa_approval, path: evidence/fifo.pdf}\n"
    + "  - {id: E6, type: qa_approval, path: evidence/link.pdf}\n"
    + "  - {id: E7, type: qa_approval, url: 'https://example.invalid/e7'}\n"
)


def test_evidence_paths_are_tested_for_existence_only(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    (folder / "evidence").mkdir(parents=True)
    (folder / "evidence" / "present.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "outside.pdf").write_bytes(b"x")
    os.mkfifo(folder / "evidence" / "fifo.pdf")  # reading it would block: only its existence is tested
    (folder / "evidence" / "link.pdf").symlink_to(tmp_path / "outside.pdf")
    path = folder / "p.yaml"
    path.write_text(EVIDENCE, encoding="utf-8")
    result = run_cli("check", str(path), "--format", "json", "--framework", "cican")
    findings = json.loads(result.stdout)["files"][0]["findings"]
    about = {f["pointer"]: f for f in findings if f["rule_id"].startswith("QA-EVIDENCE")}
    assert set(about) == {"/evidence/1/path", "/evidence/2/path", "/evidence/3/path", "/evidence/5/path"}
    assert about["/evidence/1/path"]["rule_id"] == "QA-EVIDENCE-MISSING"
    assert about["/evidence/1/path"]["line"] == 6 and about["/evidence/1/path"]["severity"] == "warning"
    assert "evidence E2: `evidence/missing.pdf` does not exist" in about["/evidence/1/path"]["message"]
    assert about["/evidence/1/path"]["fix"]
    for pointer in ("/evidence/2/path", "/evidence/3/path", "/evidence/5/path"):
        assert about[pointer]["rule_id"] == "QA-EVIDENCE-OUTSIDE", pointer
        assert "outside the proposal's folder" in about[pointer]["message"]
    text = run_cli("check", str(path), "--framework", "cican")
    assert f"{path}:6:" in text.stdout and "QA-EVIDENCE-MISSING warning" in text.stdout
    assert run_cli("check", str(path), "--framework", "cican", "--fail-on", "warning").returncode == 1


def test_bundled_examples_have_their_evidence() -> None:
    for name in ("complete.yaml", "omc-claim.yaml"):
        result = run_cli("check", str(EXAMPLES / name), "--format", "json")
        findings = json.loads(result.stdout)["files"][0]["findings"]
        assert not [f for f in findings if f["rule_id"].startswith("QA-EVIDENCE")], name


def test_a_symlink_loop_named_first_is_that_paths_error(tmp_path: Path) -> None:
    # F03: the configuration lookup resolved the first path and died on the loop.
    (tmp_path / "loopa.yaml").symlink_to(tmp_path / "loopb.yaml")
    (tmp_path / "loopb.yaml").symlink_to(tmp_path / "loopa.yaml")
    proc = run_cli("check", str(tmp_path / "loopa.yaml"), str(EXAMPLES / "complete.yaml"))
    assert proc.returncode == 2
    assert "internal error" not in proc.stdout + proc.stderr
    assert f"{tmp_path / 'loopa.yaml'}: error cannot be read" in proc.stdout
    assert "1 proposal checked" in proc.stdout
