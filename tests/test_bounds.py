"""The input limits one by one, in both formats, and the value checks that go with them
(items per list, JSON positions without YAML, finite numbers, real dates, the deadline).

The end-to-end cases under a memory cap and a time limit are in test_hostile_input.py.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from qa_checker.document import Position
from qa_checker.errors import InputError
from qa_checker.limits import DEFAULT_LIMITS, Limits
from qa_checker.loader import load_document, load_text
from qa_checker.timelimit import CheckTimeout, available, time_limit

from conftest import EXAMPLES, HEADER, run_cli

SMALL = Limits(max_items=3)


def error_of(text: str, fmt: str, limits: Limits = DEFAULT_LIMITS) -> InputError:
    with pytest.raises(InputError) as info:
        load_text(text, f"p.{fmt}", limits, fmt)
    return info.value


@pytest.mark.parametrize(
    ("text", "fmt", "line"),
    [
        ("a: 1\nlist:\n  - 1\n  - 2\n  - 3\n  - 4\n", "yaml", 6),
        ('{"a": 1,\n "list": [1,\n 2,\n 3,\n 4]}', "json", 5),
    ],
)
def test_a_list_longer_than_max_items_is_refused_at_the_first_item_over(text: str, fmt: str, line: int) -> None:
    error = error_of(text, fmt, SMALL)
    assert (error.key, error.line) == ("loader.too_many_items", line)
    assert error.message == "the list `list` has more than 3 items; a proposal never needs that many (limit: max_items)"


def test_a_list_at_max_items_is_accepted() -> None:
    assert load_text("list: [1, 2, 3]\n", "p.yaml", SMALL).data == {"list": [1, 2, 3]}
    assert load_text('{"list": [1, 2, 3]}', "p.json", SMALL, "json").data == {"list": [1, 2, 3]}


def test_an_alias_cannot_smuggle_items_past_the_limit() -> None:
    error = error_of("a: &a 1\nlist: [*a, *a, *a, *a]\n", "yaml", SMALL)
    assert (error.key, error.line) == ("loader.too_many_items", 2)


LONG_KEY = "k" * 1100  # YAML reads no simple key longer than 1,024 characters


def test_json_positions_do_not_depend_on_yaml() -> None:
    text = '{"' + LONG_KEY + '": 1,\n "b": ["x",\n   "y"], "c": {"d": "caf\\u00e9"}}'
    doc = load_text(text, "p.json", fmt="json")
    assert doc.data["c"] == {"d": "café"}
    assert doc.locate("/b") == Position(2, 2)
    assert doc.locate("/b/1") == Position(3, 4)
    assert doc.locate("/c/d") == Position(3, 16)
    assert doc.locate(f"/{LONG_KEY}") == Position(1, 2)


@pytest.mark.parametrize(
    ("body", "limits", "key", "line"),
    [
        ('"x":\n' + "[" * 10 + "]" * 10, Limits(max_depth=5), "loader.too_deep", 2),
        ('"x":\n[' + "[1, 2], " * 10 + "1]", Limits(max_nodes=20), "loader.too_many_nodes", 2),
        ('"x":\n"' + "y" * 2001 + '"', Limits(max_string=2000), "loader.string_too_long", 2),
        ('"x":\n"' + "\\u0079" * 2001 + '"', Limits(max_string=2000), "loader.string_too_long", 2),
        ('"x": 1,\n"x": 2', Limits(), "loader.duplicate_key", 2),
        ('"x":\n NaN', Limits(), "loader.json_constant", 2),
    ],
    ids=["depth", "nodes", "string", "escaped-string", "duplicate", "nan"],
)
def test_json_limits_with_a_key_yaml_cannot_read(body: str, limits: Limits, key: str, line: int) -> None:
    error = error_of('{"' + LONG_KEY + '": 1, ' + body + "}", "json", limits)
    assert (error.key, error.line) == (key, line)


def test_an_escaped_string_within_the_limit_is_accepted() -> None:
    # the raw token is longer than the limit, the text is not
    assert load_text('{"x": "\\u0079\\u0079"}', "p.json", Limits(max_string=2), "json").data == {"x": "yy"}


def test_malformed_json_is_still_a_syntax_error_with_its_line() -> None:
    for text in ('{"a": 1,\n "b": [1, 2,]}', '{"a": "\\x"}', '{"a": 1} []', "{1: 2}", '{"a": "b\n"}'):
        error = error_of(text, "json")
        assert error.key == "loader.json_syntax", text
        assert error.line is not None


def test_deep_json_error_names_a_line() -> None:
    # L18: 100,000-deep JSON was refused with no position at all
    error = error_of('{"a": 1,\n"x": ' + "[" * 100_000 + "]" * 100_000 + "}", "json")
    assert (error.key, error.line, error.column) == ("loader.too_deep", 2, 69)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")
def test_named_pipe_and_device_are_refused_before_opening(tmp_path: Path) -> None:
    fifo = tmp_path / "p.yaml"
    os.mkfifo(fifo)  # opening it for reading would block: no writer ever comes
    for path in (fifo, Path("/dev/null")):
        with pytest.raises(InputError) as info:
            load_document(path)
        assert info.value.key == "loader.not_regular"


def test_a_symlink_to_a_regular_file_is_read(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(real)
    assert load_document(tmp_path / "link.yaml").data == {"a": 1}


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("instructional_hours: .inf", "inf"),  # L20
        ("instructional_hours: -.inf", "-inf"),
        ("instructional_hours: .nan", "nan"),
        ("cost: {tuition: .inf}", "inf"),
    ],
)
def test_hours_and_amounts_must_be_finite(write: Callable[..., Path], line: str, value: str) -> None:
    path = write("p.yaml", HEADER + line + "\n")
    result = run_cli("check", str(path))
    assert result.returncode == 2
    assert f"{path}:4:" in result.stdout
    assert "must be a finite number" in result.stdout


def test_json_1e400_hours_are_refused_with_the_fields_line(write: Callable[..., Path]) -> None:
    # L19: 1e400 was accepted as instructional_hours = inf, exit 1
    data = json.dumps({"kind": "MicroCredentialProposal", "schema_version": 1, "title": "t"})
    path = write("p.json", data[:-1] + ',\n "instructional_hours": 1e400}')
    result = run_cli("check", str(path))
    assert result.returncode == 2
    assert f"{path}:2:2: error `instructional_hours` must be a finite number" in result.stdout


@pytest.mark.parametrize(
    "text",
    [
        "institutional_approval:\n  date: 2026-13-45\n",  # L50
        "institutional_approval:\n  date: !!timestamp 2026-02-30\n",
        "waivers:\n  - {rule: CICAN-P1, reason: r, approved_by: me, expires: 9999-99-99}\n",  # W01
    ],
)
def test_dates_must_be_real_calendar_dates(write: Callable[..., Path], text: str) -> None:
    path = write("p.yaml", HEADER + text)
    result = run_cli("check", str(path))
    assert result.returncode == 2
    assert f"{path}:5:" in result.stdout
    assert "should be a real calendar date written YYYY-MM-DD" in result.stdout


def test_a_leap_day_is_a_date(write: Callable[..., Path]) -> None:
    path = write("p.yaml", HEADER + "institutional_approval:\n  date: 2028-02-29\n")
    assert run_cli("check", str(path)).returncode in (0, 1)


def test_new_limits_are_configurable_and_validated(write: Callable[..., Path], tmp_path: Path) -> None:
    write(".qa-checker.yaml", "limits:\n  max_items: 2\n  check_seconds: 30\n")
    path = write("p.yaml", HEADER + "noc_codes: ['1', '2', '3']\n")
    result = run_cli("check", str(path), cwd=tmp_path)
    assert result.returncode == 2
    assert "has more than 2 items" in result.stdout
    for bad in ("max_items: 0", "check_seconds: 0", "max_depth: 100000"):
        write(".qa-checker.yaml", f"limits:\n  {bad}\n")
        result = run_cli("check", str(path), cwd=tmp_path)
        assert result.returncode == 2
        assert ".qa-checker.yaml:2:" in result.stderr + result.stdout, bad


@pytest.mark.skipif(not available(), reason="needs SIGALRM in the main thread")
def test_time_limit_stops_a_block_and_leaves_no_timer_behind() -> None:
    with pytest.raises(CheckTimeout), time_limit(0.05):
        while True:
            pass
    with time_limit(5):
        pass
    time.sleep(0.1)  # an alarm left running would end the test process here


@pytest.mark.skipif(not available(), reason="needs SIGALRM in the main thread")
def test_an_inner_time_limit_does_not_cancel_an_outer_one() -> None:
    with pytest.raises(CheckTimeout) as info, time_limit(0.2):
        with time_limit(10):
            pass
        while True:
            pass
    assert info.value.seconds == 0.2


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("p.yaml", HEADER + "instructional_hours: " + "9" * 5000 + "\n", ":4:22:"),
        ("p.json", '{"kind": "MicroCredentialProposal",\n "instructional_hours": ' + "9" * 5000 + "}", ":2:25:"),
    ],
)
def test_a_number_too_long_to_read_is_named_at_its_line(
    write: Callable[..., Path], name: str, text: str, where: str
) -> None:
    # L15, L33: the whole 5,000-digit value was echoed as "not a valid int", or
    # Python's own int-conversion message was shown as "not a JSON number"
    path = write(name, text)
    result = run_cli("check", str(path))
    assert result.returncode == 2
    assert f"{path}{where} error a number with 5000 digits is longer than the 4300 digits" in result.stdout
    assert "9" * 100 not in result.stdout


def test_a_huge_configured_byte_limit_does_not_reserve_memory(write: Callable[..., Path], tmp_path: Path) -> None:
    # C06: max_bytes 2^62 made every file "internal error (MemoryError)"
    write(".qa-checker.yaml", "limits:\n  max_bytes: 4611686018427387904\n")
    path = write("p.yaml", (EXAMPLES / "complete.yaml").read_text(encoding="utf-8"))
    result = run_cli("check", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 proposal checked, 0 could not be checked" in result.stdout
