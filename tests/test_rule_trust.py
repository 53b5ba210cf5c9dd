"""A rule set checks what its author meant, offline and in bounded time, or refuses to load.

Each test is a finding from the reliability review (U01-U11, C04, C12, C13, K01) turned
into the behaviour a user relies on: exit code 2 with file:line when a rule set cannot be
trusted, and the full rule set when it can.
"""

from __future__ import annotations

import http.server
import json
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import EXAMPLES, HEADER, run_cli

# Hostile-input runs get a hard limit: a hang must fail the test, not stall the suite.
LIMIT = 120

RULE = """\
  - id: {id}
    clause: CICAN-P1
    title: A rule of our own
    requirement: must
    kind: automatic
    check:
      schema: {schema}
    message: the title does not have the expected shape
    source: {{verified: true}}
    examples:
      pass: [{passing}]
      fail: [{failing}]
"""


def ruleset(ruleset_id: str, *rules: str, extra: str = "", framework: str = "cican") -> str:
    body = "".join(rules) if rules else " []\n"
    return f'ruleset: {ruleset_id}\nframework: {framework}\nversion: "1"\n{extra}rules:{chr(10) if rules else ""}{body}'


def rule(rule_id: str, schema: str, passing: str = "{}", failing: str = "{title: 7}") -> str:
    return RULE.format(id=rule_id, schema=schema, passing=passing, failing=failing)


def folder(tmp_path: Path, files: dict[str, str], name: str = "ours") -> Path:
    where = tmp_path / name
    for file_name, text in files.items():
        (where / file_name).parent.mkdir(parents=True, exist_ok=True)
        (where / file_name).write_text(text, encoding="utf-8")
    return where


def run_limited(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    full_env.pop("QA_CHECKER_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "qa_checker", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=LIMIT,
    )


def shipped_count(ruleset_id: str) -> int:
    listed = run_cli("rules", "--framework", ruleset_id, "--format", "json")
    assert listed.returncode == 0, listed.stderr
    return len(json.loads(listed.stdout)["rules"])


# -- extends ----------------------------------------------------------------------------


@pytest.mark.parametrize(("top_file", "mid_file"), [("a-top.yaml", "b-mid.yaml"), ("z-top.yaml", "b-mid.yaml")])
def test_a_three_level_chain_gets_every_rule_in_any_file_order(tmp_path: Path, top_file: str, mid_file: str) -> None:
    rules = folder(
        tmp_path,
        {
            top_file: ruleset("top", rule("TOP-1", "{required: [title]}"), extra="extends: mid\n"),
            mid_file: ruleset("mid", extra="extends: cican\n"),
        },
    )
    listed = run_cli("rules", "--rules", str(rules), "--framework", "top", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    ids = [r["id"] for r in json.loads(listed.stdout)["rules"]]
    assert len(ids) == shipped_count("cican") + 1 and "CICAN-P5.1" in ids and "TOP-1" in ids

    checked = run_cli("check", "--rules", str(rules), "--framework", "top", str(EXAMPLES / "incomplete.yaml"))
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "top: does not meet" in checked.stdout


def test_an_extends_cycle_is_a_load_error_at_its_line(tmp_path: Path) -> None:
    rules = folder(
        tmp_path,
        {
            "cyc-a.yaml": ruleset("cyc-a", extra="extends: cyc-b\n"),
            "cyc-b.yaml": ruleset("cyc-b", extra="extends: cyc-a\n"),
        },
    )
    result = run_cli("check", "--rules", str(rules), "--framework", "cyc-a", str(EXAMPLES / "complete.yaml"))
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "cyc-a -> cyc-b -> cyc-a" in output
    assert "cyc-b.yaml:4:" in output and "Traceback" not in output


def test_a_rule_set_extending_itself_is_a_load_error(tmp_path: Path) -> None:
    text = ruleset("selfext", rule("X-SELF", "{required: [title]}"), extra="extends: selfext\n")
    rules = folder(tmp_path, {"selfext.yaml": text})
    result = run_cli("rules", "--rules", str(rules), "--framework", "selfext")
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "selfext.yaml:4:" in output and "extends itself" in output
    assert "X-SELF" not in result.stdout


def test_switching_off_every_inherited_rule_is_a_visible_warning(tmp_path: Path) -> None:
    ids = [r for r in json.loads(run_cli("rules", "--framework", "cican", "--format", "json").stdout)["rules"]]
    overrides = "".join(f"  {r['id']}: {{disabled: true, reason: not ours}}\n" for r in ids)
    rules = folder(tmp_path, {"off.yaml": ruleset("cican-off", extra=f"extends: cican\noverrides:\n{overrides}")})
    result = run_cli("check", "--rules", str(rules), "--framework", "cican-off", str(EXAMPLES / "incomplete.yaml"))
    assert "off.yaml:1:1: warning" in result.stderr and "cican-off" in result.stderr


def test_an_override_of_a_rule_the_parent_lacks_is_named_with_its_line(tmp_path: Path) -> None:
    extra = "extends: cican\noverrides:\n  CICAN-P99: {disabled: true, reason: typo}\n"
    rules = folder(tmp_path, {"ours.yaml": ruleset("cican-ours", extra=extra)})
    result = run_cli("rules", "--rules", str(rules))
    assert result.returncode == 2
    assert "ours.yaml:6:" in result.stderr and "CICAN-P99" in result.stderr


# -- offline $ref -----------------------------------------------------------------------


@pytest.fixture
def web_server() -> Iterator[tuple[str, list[str]]]:
    """A real HTTP server on 127.0.0.1 that records every request it receives."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            body = b'{"type": "string"}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "schema",
    [
        '{properties: {title: {$ref: "%s/schema.json"}}}',
        '{$id: "%s/base/", properties: {title: {$ref: "other.json"}}}',
        '{properties: {title: {$ref: "file:///etc/hostname"}}}',
        '{properties: {title: {$ref: "elsewhere.json#/x"}}}',
    ],
)
def test_a_reference_outside_the_rule_is_refused_and_nothing_is_requested(
    tmp_path: Path, web_server: tuple[str, list[str]], schema: str
) -> None:
    base, requests = web_server
    text = ruleset("refs", rule("REF-1", schema.replace("%s", base)))
    rules = folder(tmp_path, {"refs.yaml": text})
    result = run_limited("check", "--rules", str(rules), "--framework", "refs", str(EXAMPLES / "complete.yaml"))
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "refs.yaml:11:" in output and "Traceback" not in output
    assert requests == []


def test_a_repository_configuration_cannot_make_the_checker_send_requests(
    tmp_path: Path, web_server: tuple[str, list[str]]
) -> None:
    base, requests = web_server
    text = ruleset("refs", rule("REF-1", f'{{properties: {{title: {{$ref: "{base}/schema.json"}}}}}}'))
    folder(tmp_path, {"refs.yaml": text}, name="repo/qa-rules")
    (tmp_path / "repo" / ".qa-checker.yaml").write_text("rules: [qa-rules]\nframeworks: [refs]\n", encoding="utf-8")
    (tmp_path / "repo" / "p.yaml").write_text(HEADER, encoding="utf-8")
    result = run_limited("check", str(tmp_path / "repo" / "p.yaml"))
    assert result.returncode == 2, result.stdout + result.stderr
    assert requests == []


def test_a_reference_inside_the_rule_still_works(tmp_path: Path) -> None:
    schema = "{$defs: {short: {type: string, maxLength: 5}}, properties: {title: {$ref: '#/$defs/short'}}}"
    rules = folder(
        tmp_path, {"refs.yaml": ruleset("refs", rule("REF-1", schema, "{title: Short}", "{title: Far too long}"))}
    )
    assert run_cli("test-rules", str(rules)).returncode == 0


# -- format -----------------------------------------------------------------------------


def test_a_format_is_enforced(tmp_path: Path, write: Callable[..., Path]) -> None:
    schema = "{properties: {title: {format: email}}}"
    rules = folder(
        tmp_path, {"fmt.yaml": ruleset("fmt", rule("FMT-1", schema, "{title: a@b.example}", "{title: nobody}"))}
    )
    assert run_cli("test-rules", str(rules)).returncode == 0
    proposal = write("p.yaml", HEADER.replace("Test proposal", "not an address"))
    result = run_cli("check", "--rules", str(rules), "--framework", "fmt", str(proposal))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FMT-1" in result.stdout


def test_a_format_that_cannot_be_checked_is_refused(tmp_path: Path) -> None:
    rules = folder(tmp_path, {"fmt.yaml": ruleset("fmt", rule("FMT-1", "{properties: {title: {format: uri}}}"))})
    result = run_cli("rules", "--rules", str(rules))
    assert result.returncode == 2
    assert "fmt.yaml:11:" in result.stderr and "format: uri" in result.stderr


def test_a_property_called_format_is_not_mistaken_for_the_keyword(tmp_path: Path) -> None:
    schema = "{properties: {digital_credential: {properties: {format: {not: {const: none}}}}}}"
    passing, failing = "{digital_credential: {format: OB3}}", "{digital_credential: {format: none}}"
    rules = folder(tmp_path, {"fmt.yaml": ruleset("fmt", rule("FMT-1", schema, passing, failing))})
    assert run_cli("test-rules", str(rules)).returncode == 0


# -- linear-time patterns ---------------------------------------------------------------


def test_a_catastrophic_pattern_returns_a_normal_result(tmp_path: Path, write: Callable[..., Path]) -> None:
    schema = '{properties: {title: {pattern: "^(a+)+$"}}}'
    rules = folder(tmp_path, {"redos.yaml": ruleset("redos", rule("REDOS-1", schema, "{title: aaa}", "{title: ab}"))})
    proposal = write("p.yaml", HEADER.replace("Test proposal", "a" * 32 + "!"))
    result = run_limited("check", "--rules", str(rules), "--framework", "redos", str(proposal))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "REDOS-1" in result.stdout


def test_a_catastrophic_when_pattern_on_a_long_text_returns(tmp_path: Path, write: Callable[..., Path]) -> None:
    when = "{schema: {properties: {description: {pattern: '^(\\w+\\s?)*$'}}}}"
    text = ruleset("redos", rule("REDOS-1", "{required: [title]}", "{}", "{title: 7}"), extra=f"when: {when}\n")
    rules = folder(tmp_path, {"redos.yaml": text})
    proposal = write("p.yaml", HEADER + "description: " + "word " * 9000 + "!\n")
    result = run_limited("check", "--rules", str(rules), "--framework", "redos", str(proposal))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "redos: not applicable" in result.stdout or "redos:" in result.stdout


@pytest.mark.parametrize("pattern", ["(a)\\\\1", "(?=a)b", "(?<!a)b"])
def test_a_pattern_re2_cannot_run_is_refused_at_its_line(tmp_path: Path, pattern: str) -> None:
    rules = folder(
        tmp_path, {"re.yaml": ruleset("re", rule("RE-1", f'{{properties: {{title: {{pattern: "{pattern}"}}}}}}'))}
    )
    result = run_cli("rules", "--rules", str(rules))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "re.yaml:11:" in result.stderr and "RE2" in result.stderr


def test_pattern_properties_are_refused(tmp_path: Path) -> None:
    schema = '{properties: {provider: {patternProperties: {"^(a+)+$": {type: string}}}}}'
    rules = folder(tmp_path, {"pp.yaml": ruleset("pp", rule("PP-1", schema))})
    result = run_cli("rules", "--rules", str(rules))
    assert result.returncode == 2 and "patternProperties" in result.stderr


def test_text_of_only_no_break_spaces_is_still_not_text() -> None:
    from qa_checker import rule_schema

    shipped = rule_schema.validator({"pattern": "[^\\s\\p{Z}]"})
    assert not shipped.is_valid("\u00a0\u3000 ")
    assert shipped.is_valid(" x")


# -- IDs and folders --------------------------------------------------------------------


def test_rule_ids_differing_only_in_case_collide(tmp_path: Path) -> None:
    rules = folder(tmp_path, {"collide.yaml": ruleset("collide", rule("cican-p1", "{required: [title]}"))})
    result = run_cli("check", "--rules", str(rules), "--framework", "collide", str(EXAMPLES / "complete.yaml"))
    assert result.returncode == 2
    assert "collide.yaml:5:" in result.stderr and "cican.yaml:" in result.stderr and "CICAN-P1" in result.stderr


def test_rule_set_ids_differing_only_in_case_collide(tmp_path: Path) -> None:
    rules = folder(tmp_path, {"x.yaml": ruleset("CICAN", rule("OWN-1", "{required: [title]}"))})
    result = run_cli("rules", "--rules", str(rules))
    assert result.returncode == 2 and "x.yaml:1:" in result.stderr and "replaces" in result.stderr


def test_lookups_ignore_letter_case() -> None:
    from qa_checker.rulesets import load_catalog

    catalog = load_catalog()
    found = catalog.ruleset("CICAN")
    assert found is not None and found.id == "cican"
    rule = catalog.rule("cican-p1")
    assert rule is not None and rule.id == "CICAN-P1"
    assert catalog.rule("no-such-rule") is None


def test_a_missing_rules_folder_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "typo"
    result = run_cli("check", "--rules", str(missing), str(EXAMPLES / "complete.yaml"))
    assert result.returncode == 2
    assert str(missing) in result.stderr


def test_a_missing_configured_rules_folder_is_an_error_at_its_line(tmp_path: Path) -> None:
    (tmp_path / ".qa-checker.yaml").write_text("fail_on: error\nrules: [qa-rules]\n", encoding="utf-8")
    (tmp_path / "p.yaml").write_text(HEADER, encoding="utf-8")
    result = run_cli("check", str(tmp_path / "p.yaml"))
    assert result.returncode == 2
    assert ".qa-checker.yaml:2:" in result.stderr and "qa-rules" in result.stderr


FRAMEWORK = """\
id: cican
title: Our own reading of the CICan framework
issuer: Lakeshore College
version: "1"
status: final
kind: quality_framework
{replaces}clauses:
  - {{id: CICAN-P1, heading: HIJACKED, paraphrase: ours}}
"""


def test_a_framework_with_a_shipped_id_is_an_error(tmp_path: Path) -> None:
    rules = folder(tmp_path, {"frameworks/cican.yaml": FRAMEWORK.format(replaces="")})
    result = run_cli("explain", "CICAN-P1", "--rules", str(rules))
    assert result.returncode == 2
    assert "frameworks/cican.yaml:1:" in result.stderr and "replaces" in result.stderr
    assert "HIJACKED" not in result.stdout


def test_a_framework_may_replace_the_shipped_one_explicitly(tmp_path: Path) -> None:
    replaces = "replaces: {id: cican, reason: Our senate's reading}\n"
    own_set = ruleset("cican", rule("CICAN-P1", "{required: [title]}"), extra=replaces)
    rules = folder(tmp_path, {"frameworks/cican.yaml": FRAMEWORK.format(replaces=replaces), "cican.yaml": own_set})
    result = run_cli("explain", "CICAN-P1", "--rules", str(rules))
    assert result.returncode == 0, result.stderr
    assert "HIJACKED" in result.stdout


def test_replacing_what_is_not_shipped_is_an_error(tmp_path: Path) -> None:
    text = ruleset("ours", rule("OWN-1", "{required: [title]}"), extra="replaces: {id: ours, reason: x}\n")
    result = run_cli("rules", "--rules", str(folder(tmp_path, {"ours.yaml": text})))
    assert result.returncode == 2 and "ours.yaml:1:" in result.stderr


# -- test-rules on files ----------------------------------------------------------------


def test_test_rules_runs_the_named_files_examples(tmp_path: Path) -> None:
    good = ruleset("good", rule("GOOD-1", "{required: [description]}", "{description: set}", "{}"))
    bad = ruleset("bad", rule("BAD-1", "{required: [description]}", "{description: set}", "{description: set}"))
    rules = folder(tmp_path, {"good.yaml": good, "bad.yaml": bad})
    assert run_cli("test-rules", str(rules / "good.yaml")).returncode == 0
    result = run_cli("test-rules", str(rules / "bad.yaml"))
    assert result.returncode == 1 and "bad.yaml:" in result.stdout and "BAD-1" in result.stdout


def test_test_rules_refuses_a_file_it_would_not_load(tmp_path: Path) -> None:
    rules = folder(tmp_path, {"good.yml": ruleset("good", rule("GOOD-1", "{required: [title]}"))})
    result = run_cli("test-rules", str(rules / "good.yml"))
    assert result.returncode == 2 and "good.yml" in result.stderr


# -- the rule cache ---------------------------------------------------------------------


class _Planted:
    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self) -> tuple[object, ...]:
        return (os.system, (f"touch {self.target}",))


def test_a_planted_cache_file_runs_no_code(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {"QA_CHECKER_CACHE_DIR": str(cache)}
    # institution rules load from their files, with markers in the cache (the shipped
    # catalogue comes from the package's bundle and writes nothing there)
    custom = ("--rules", str(EXAMPLES / "custom-rules"))
    first = run_limited("check", str(EXAMPLES / "incomplete.yaml"), *custom, env=env)
    entries = sorted(cache.iterdir())
    assert entries, "the first run records what it checked"
    pwned = tmp_path / "PWNED"
    payload = pickle.dumps(_Planted(pwned))
    for entry in entries:
        entry.write_bytes(payload)
        entry.with_suffix(".pickle").write_bytes(payload)
    os.mkfifo(cache / "fifo.json")
    entries[0].unlink()
    os.mkfifo(entries[0])  # a FIFO where an entry should be must not hang the run

    second = run_limited("check", str(EXAMPLES / "incomplete.yaml"), *custom, env=env)
    assert not pwned.exists()
    assert (second.returncode, second.stdout) == (first.returncode, first.stdout)
    for entry in entries[1:]:
        assert entry.read_bytes().startswith(b'{"checked"'), "a corrupt entry is rewritten"


def test_a_planted_entry_for_a_broken_rule_file_cannot_supply_content(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {"QA_CHECKER_CACHE_DIR": str(cache)}
    rules = folder(tmp_path, {"own.yaml": ruleset("own", rule("OWN-1", "{required: [title]}"))})
    assert run_cli("rules", "--rules", str(rules), env=env).returncode == 0
    (rules / "own.yaml").write_text(ruleset("own", rule("OWN-1", '{properties: {title: {pattern: "(a)\\\\1"}}}')))
    for entry in cache.iterdir():  # whatever the entries say, the edited bytes are checked
        entry.write_text(json.dumps({"checked": entry.stem}))
    result = run_cli("rules", "--rules", str(rules), env=env)
    assert result.returncode == 2 and "own.yaml:11:" in result.stderr
