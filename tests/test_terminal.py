"""At the terminal (issue #19 item 6): stdin, filters that never change the exit code,
diagnostics that stay off the progress bar's line, `explain` for every ID the tool
prints, `rules` listing the tool's codes, and "did you mean" for enum values,
framework IDs and configuration keys."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from qa_checker.toolcodes import CODES

from conftest import EXAMPLES, HEADER, REPO, run_cli


def run_stdin(data: str, *args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "XDG_CONFIG_HOME": str(REPO / "tests" / "data" / "no-user-config")}
    return subprocess.run(
        [sys.executable, "-m", "qa_checker", "check", *args],
        input=data, capture_output=True, text=True, cwd=cwd, env=env, timeout=300,
    )  # fmt: skip


def test_check_dash_reads_standard_input() -> None:
    source = (EXAMPLES / "incomplete.yaml").read_text(encoding="utf-8")
    piped = run_stdin(source, "-", "--no-fixes")
    named = run_cli("check", "examples/incomplete.yaml", "--no-fixes", cwd=REPO)
    assert piped.returncode == named.returncode == 1
    assert piped.stdout.replace("-:", "examples/incomplete.yaml:") == named.stdout
    renamed = run_stdin(source, "-", "--stdin-filename", "examples/incomplete.yaml", "--no-fixes")
    assert renamed.stdout == named.stdout
    as_json = run_stdin(
        '{"kind": "MicroCredentialProposal", "schema_version": 1, "title": "T"}', "-", "--stdin-filename", "p.json"
    )
    assert as_json.returncode == 1 and as_json.stdout.startswith("p.json:")
    broken = run_stdin(HEADER + "description: [oops\n", "-")
    assert broken.returncode == 2 and broken.stdout.startswith("-:4:")


def test_quiet_and_severity_filter_the_output_not_the_exit_code() -> None:
    args = ("check", "examples/incomplete.yaml", "--no-fixes", "--group", "rule")  # one line per finding
    full = run_cli(*args)
    quiet = run_cli(*args, "--quiet")
    warn = run_cli(*args, "--severity", "warning")
    findings = re.compile(r"^\S+:\d+:\d+: \S+ (error|warning|info|review) ")

    def levels(out: str) -> set[str]:
        return {m.group(1) for line in out.splitlines() if (m := findings.match(line))}

    assert levels(full.stdout) >= {"error", "warning", "review"}
    assert levels(quiet.stdout) == {"error"} and levels(warn.stdout) == {"error", "warning"}
    assert full.returncode == quiet.returncode == warn.returncode == 1
    # the closing line still counts everything
    assert full.stdout.splitlines()[-1] == quiet.stdout.splitlines()[-1]
    # warnings only: nothing printed at --severity error, but --fail-on warning still fails
    only_warnings = run_cli(
        "check", "examples/incomplete.yaml", "--severity", "error", "--fail-on", "warning", "-f", "good-practice"
    )
    assert only_warnings.returncode == 1


def test_diagnostics_never_land_on_the_progress_bar_line(tmp_path: Path) -> None:
    import pty

    for index in range(55):  # above console.PROGRESS_FROM, so the bar is drawn
        shutil.copy(EXAMPLES / "complete.yaml", tmp_path / f"p{index:02}.yaml")
    (tmp_path / "p30-broken.yaml").write_text(HEADER + "description: [oops\n", encoding="utf-8")
    master, slave = pty.openpty()
    env = {**os.environ, "NO_COLOR": "1", "XDG_CONFIG_HOME": str(REPO / "tests" / "data" / "no-user-config")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "qa_checker", "check", str(tmp_path), "--no-fixes", "--jobs", "1"],
        stdout=slave, stderr=slave, env=env,
    )  # fmt: skip
    os.close(slave)
    output = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    assert proc.wait(timeout=300) == 2
    os.close(master)
    text = output.decode()
    assert "p30-broken.yaml:4:" in text and "%" in text, "the bar was drawn and the error printed"
    # on no physical line does a diagnostic follow the bar's percentage
    for line in re.split(r"[\r\n]", text):
        assert not re.search(r"\d+%.*\.yaml:\d+", line), line


def test_explain_answers_for_every_kind_of_id() -> None:
    code = run_cli("explain", "QA-UNKNOWN-FIELD")
    assert code.returncode == 0 and "Unknown field" in code.stdout and "/docs/" in code.stdout
    clause = run_cli("explain", "ECO-F2")
    assert clause.returncode == 0 and "ECO-F2.1" in clause.stdout and "ECO-F2.2" in clause.stdout
    key = run_cli("explain", "model.float_type")
    assert key.returncode == 0 and "should be a number" in key.stdout
    assert run_cli("explain", "qa-review-stale").returncode == 0
    near = run_cli("explain", "QA-UNKOWN-FIELD")
    assert near.returncode == 2 and "did you mean QA-UNKNOWN-FIELD?" in near.stderr
    assert "did you mean" not in run_cli("explain", "zzzz").stderr


def test_rules_lists_the_tool_codes_and_has_its_own_help() -> None:
    listing = run_cli("rules")
    assert all(re.search(rf"^{re.escape(code)}\s", listing.stdout, re.M) for code in CODES)
    assert "QA-" not in run_cli("rules", "-f", "cican").stdout
    # Its own description, not check's (the shared --lang option may mention proposals).
    description = run_cli("rules", "--help").stdout.lower().split("options:")[0]
    assert "proposal" not in description


def test_every_tool_code_the_source_emits_is_registered() -> None:
    emitted: set[str] = set()
    for path in (REPO / "src" / "qa_checker").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if re.fullmatch(r"QA-[A-Z]+(-[A-Z]+)*", node.value):
                    emitted.add(node.value)
    assert emitted and emitted <= set(CODES), emitted - set(CODES)


def test_did_you_mean_for_enum_values(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(HEADER + "provider:\n  name: X\n  type: colege\nassessments:\n  - {id: a1, type: tst}\n")
    result = run_cli("check", str(path))
    assert result.returncode == 2
    assert "`provider.type` is `colege`: did you mean `college`?" in result.stdout
    assert "`assessments[0].type` is `tst`: did you mean `test`?" in result.stdout


def test_did_you_mean_for_frameworks_and_configuration_keys(tmp_path: Path) -> None:
    framework = run_cli("check", "examples/complete.yaml", "--framework", "cicann")
    assert framework.returncode == 2 and "cican" in framework.stderr and "did you mean" in framework.stderr
    (tmp_path / ".git").mkdir()
    (tmp_path / ".qa-checker.yaml").write_text("framework: [cican]\n", encoding="utf-8")
    shutil.copy(EXAMPLES / "complete.yaml", tmp_path / "p.yaml")
    config = run_cli("check", "p.yaml", cwd=tmp_path)
    assert config.returncode == 2 and "`framework` is not a setting: did you mean `frameworks`?" in config.stderr
