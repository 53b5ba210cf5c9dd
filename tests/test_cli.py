"""The command line as designers and CI use it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema

from qa_checker.loader import load_document

from conftest import EXAMPLES, HEADER, REPO, run_cli


def test_complete_example_exits_0_and_incomplete_exits_1() -> None:
    assert run_cli("check", str(EXAMPLES / "complete.yaml")).returncode == 0
    result = run_cli("check", str(EXAMPLES / "incomplete.yaml"))
    assert result.returncode == 1
    assert " error " in result.stdout


def test_findings_point_at_the_real_line() -> None:
    """Each located finding's line holds the field (or the item) it talks about."""
    path = EXAMPLES / "incomplete.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    report = json.loads(run_cli("check", str(path), "--format", "json").stdout)
    findings = report["files"][0]["findings"]
    located = [f for f in findings if f["status"] == "fail" and f["pointer"]]
    assert located
    doc = load_document(path)
    for finding in located:
        pointer = finding["pointer"]
        while doc.get(pointer) is None:  # a missing field: reported where it should go
            pointer = pointer.rsplit("/", 1)[0]
        line = lines[finding["line"] - 1]
        token = pointer.rsplit("/", 1)[-1]
        at = line[finding["column"] - 1 :]
        value = doc.get(pointer)
        if token.isdigit():  # a list item: the line is that item's own line
            assert (
                line[: finding["column"] - 1].rstrip().endswith("-")
                or at.startswith(("-", "{", "["))
                or (isinstance(value, str) and at.startswith(value[:10]))
            ), (finding["rule_id"], pointer, line)
        elif pointer:  # a key: the line names it
            assert f"{token}:" in line or (isinstance(value, str) and at.startswith(value[:10])), (
                finding["rule_id"],
                pointer,
                line,
            )


def test_reference_error_points_at_the_bad_id(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        HEADER
        + "learning_outcomes:\n  - {id: LO1, statement: Apply the procedure}\n"
        + "assessments:\n  - id: A1\n    summative: true\n    maps_to: [LO1, LO7]\n",
        encoding="utf-8",
    )
    result = run_cli("check", str(path), "--framework", "cican")
    line = next(line for line in result.stdout.splitlines() if "CICAN-P5.3" in line)
    assert line.startswith(f"{path}:9:20: error ") and line.endswith("[CICAN-P5.3 error]"), result.stdout
    by_rule = run_cli("check", str(path), "--framework", "cican", "--group", "rule").stdout
    assert f"{path}:9:20: CICAN-P5.3 error" in by_rule, by_rule


def test_text_format_shape_and_verdict_lines() -> None:
    out = run_cli("check", str(EXAMPLES / "incomplete.yaml"), "--framework", "cican").stdout
    first = out.splitlines()[0]
    path, line, col, rest = first.split(":", 3)
    assert path.endswith("incomplete.yaml") and line.isdigit() and col.isdigit()
    assert rest.split()[0] in ("error", "warning", "info", "review")
    assert re.search(r" \[(CICAN|QA)-[^\]]+ (error|warning|info|review)\]$", first), first
    assert any(line.endswith(")") and ": cican: does not meet" in line for line in out.splitlines())
    by_rule = run_cli("check", str(EXAMPLES / "incomplete.yaml"), "--framework", "cican", "--group", "rule").stdout
    assert by_rule.splitlines()[0].split(":", 3)[3].split()[0].startswith(("CICAN-", "QA-"))


def _on_a_terminal(env: dict[str, str]) -> str:
    """Run ``check`` with its standard output on a pseudo-terminal; what it printed."""
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    with subprocess.Popen(
        [sys.executable, "-m", "qa_checker", "check", str(EXAMPLES / "incomplete.yaml")],
        stdout=follower,
        stderr=subprocess.DEVNULL,
        env=env,
    ) as proc:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the process is done
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_colour_on_a_terminal_only() -> None:
    import os

    plain_env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    assert "\x1b[" in _on_a_terminal(plain_env)  # a terminal, nobody objects: colour
    assert "\x1b[" not in _on_a_terminal({**plain_env, "NO_COLOR": "1"})  # NO_COLOR wins on a terminal
    piped = subprocess.run(
        [sys.executable, "-m", "qa_checker", "check", str(EXAMPLES / "incomplete.yaml")],
        capture_output=True,
        text=True,
        env=plain_env,
        timeout=120,
    )
    assert "\x1b[" not in piped.stdout  # a pipe without NO_COLOR: still no colour


def test_json_is_deterministic_and_documented_shape() -> None:
    args = ("check", str(EXAMPLES / "incomplete.yaml"), str(EXAMPLES / "complete.yaml"), "--format", "json")
    first, second = run_cli(*args).stdout, run_cli(*args).stdout
    assert first == second
    report = json.loads(first)
    assert report["output_version"] == 1
    assert {"tool", "files", "summary", "errors"} <= set(report)
    finding = report["files"][0]["findings"][0]
    assert {
        "rule_id",
        "framework",
        "clause",
        "status",
        "severity",
        "message",
        "fix",
        "pointer",
        "file",
        "line",
        "column",
    } <= set(finding)


def test_fail_on_thresholds() -> None:
    incomplete = str(EXAMPLES / "incomplete.yaml")
    assert run_cli("check", incomplete, "--fail-on", "never").returncode == 0
    complete = str(EXAMPLES / "complete.yaml")
    assert run_cli("check", complete, "--fail-on", "error").returncode == 0
    assert run_cli("check", complete, "--fail-on", "review").returncode == 1


def test_output_file_is_written(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    result = run_cli("check", str(EXAMPLES / "complete.yaml"), "--format", "json", "--output", str(out))
    assert result.returncode == 0
    assert json.loads(out.read_text())["files"][0]["file"].endswith("complete.yaml")


def test_check_imports_neither_weasyprint_nor_jinja2() -> None:
    code = (
        "import sys\n"
        "from qa_checker.cli import main\n"
        f"sys.argv = ['qa-checker', 'check', {str(EXAMPLES / 'complete.yaml')!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('weasyprint', 'jinja2'))\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert "HEAVY []" in result.stdout, result.stdout + result.stderr


def test_schema_validates_examples_and_init_template(tmp_path: Path) -> None:
    schema = json.loads(run_cli("schema").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for name in ("complete.yaml",):
        errors = list(validator.iter_errors(load_document(EXAMPLES / name).data))
        assert errors == [], [e.message for e in errors]
    result = run_cli("init", "new.yaml", cwd=tmp_path)
    assert result.returncode == 0
    created = tmp_path / "new.yaml"
    assert list(validator.iter_errors(load_document(created).data)) == []
    assert run_cli("check", str(created), "--fail-on", "never").returncode == 0
    # never overwrite silently
    created.write_text("mine\n")
    assert run_cli("init", "new.yaml", cwd=tmp_path).returncode == 2
    assert created.read_text() == "mine\n"


def test_listing_commands() -> None:
    frameworks = run_cli("frameworks")
    assert frameworks.returncode == 0 and "cican" in frameworks.stdout
    rules = json.loads(run_cli("rules", "--format", "json").stdout)
    assert any(r["id"] == "CICAN-P5.1" for r in rules["rules"])
    explain = run_cli("explain", "cican-p5.1")
    assert explain.returncode == 0 and "CICAN-P5" in explain.stdout and "must" in explain.stdout
    assert run_cli("explain", "NOPE-1").returncode == 2
    version = run_cli("--version")
    assert version.returncode == 0 and version.stdout.strip()


def test_waivers_show_as_waived_and_expired_ones_count(tmp_path: Path) -> None:
    base = HEADER + "relationship_to_formal_credential: standalone\n"
    waiver = "waivers:\n  - {rule: CICAN-P2.1, reason: Reviewed by senate, approved_by: Dean, expires: '%s'}\n"
    path = tmp_path / "p.yaml"
    path.write_text(base + waiver % "2999-01-01", encoding="utf-8")
    report = json.loads(run_cli("check", str(path), "--format", "json", "--framework", "cican").stdout)
    statuses = {f["rule_id"]: f["status"] for f in report["files"][0]["findings"]}
    assert statuses["CICAN-P2.1"] == "waived"
    path.write_text(base + waiver % "2000-01-01", encoding="utf-8")
    report = json.loads(run_cli("check", str(path), "--format", "json", "--framework", "cican").stdout)
    statuses = {f["rule_id"]: f["status"] for f in report["files"][0]["findings"]}
    assert statuses["CICAN-P2.1"] == "fail" and "QA-WAIVER-EXPIRED" in statuses


def test_runs_from_module_in_repo() -> None:
    assert run_cli("check", "examples/complete.yaml", cwd=REPO).returncode == 0
