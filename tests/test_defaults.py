"""With no --framework, targets or configured frameworks, the provider's jurisdiction
decides: the national framework, its own province's and good practice (issue #14)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa_checker.jurisdictions import code_of, covers, suggestion

from conftest import HEADER, run_cli

ONTARIO = {"cican", "ecampusontario", "peqab-omc", "good-practice"}
BC = {"bc", "cican", "good-practice"}
EVERY_DEFAULT = {"bc", "cican", "ecampusontario", "peqab-omc", "good-practice"}


def proposal(jurisdiction: str | None, extra: str = "") -> str:
    provider = "provider:\n  name: Test College\n  type: college\n"
    if jurisdiction is not None:
        provider += f'  jurisdiction: "{jurisdiction}"\n'
    return HEADER + provider + extra


def checked(path: Path, *args: str, cwd: Path | None = None) -> tuple[set[str], list[dict]]:
    result = run_cli("check", "--format", "json", "--fail-on", "never", *args, str(path), cwd=cwd)
    assert result.returncode == 0, result.stdout + result.stderr
    file = json.loads(result.stdout)["files"][0]
    return {v["framework"] for v in file["verdicts"]}, file["findings"]


@pytest.mark.parametrize(
    ("jurisdiction", "expected"),
    [
        ("ON", ONTARIO),
        ("Ontario", ONTARIO),
        ("CA-ON", ONTARIO),
        ("BC", BC),
        ("British Columbia", BC),
        ("Colombie-Britannique", BC),
        ("QC", {"cican", "good-practice"}),
        ("Canada", {"cican", "good-practice"}),
    ],
)
def test_defaults_follow_the_provider_jurisdiction(write, jurisdiction: str, expected: set[str]) -> None:
    sets, findings = checked(write("p.yaml", proposal(jurisdiction)))
    assert sets == expected
    assert not [f for f in findings if f["rule_id"] == "QA-UNKNOWN-JURISDICTION"]


def test_no_jurisdiction_checks_every_default_set_without_a_warning(write) -> None:
    sets, findings = checked(write("p.yaml", proposal(None)))
    assert sets == EVERY_DEFAULT
    assert not [f for f in findings if f["rule_id"].startswith("QA-")]


def test_an_unreadable_jurisdiction_checks_everything_and_says_so(write) -> None:
    path = write("p.yaml", proposal("Ontaria"))
    sets, findings = checked(path)
    assert sets == EVERY_DEFAULT
    (warning,) = [f for f in findings if f["rule_id"] == "QA-UNKNOWN-JURISDICTION"]
    assert (warning["severity"], warning["line"], warning["pointer"]) == ("warning", 7, "/provider/jurisdiction")
    assert "did you mean Ontario?" in warning["message"]
    assert "every default framework was checked" in warning["message"]
    assert run_cli("check", "--fail-on", "warning", str(path)).returncode == 1


def test_an_opt_in_set_joins_when_the_proposal_claims_it(write) -> None:
    osap = "funding: [{program: osap}]\n"
    assert checked(write("on.yaml", proposal("ON", osap)))[0] == ONTARIO | {"on-osap"}
    assert checked(write("bc.yaml", proposal("BC", osap)))[0] == BC
    assert "on-osap" not in checked(write("plain.yaml", proposal("ON")))[0]


def test_framework_option_targets_and_configuration_still_win(write, tmp_path: Path) -> None:
    path = write("p.yaml", proposal("ON"))
    assert checked(path, "--framework", "bc")[0] == {"bc"}
    targeted = write("t.yaml", proposal("ON", "targets: [bc]\n"))
    assert checked(targeted)[0] == {"bc"}
    (tmp_path / ".qa-checker.yaml").write_text("frameworks: [bc, cican]\n", encoding="utf-8")
    assert checked(path, cwd=tmp_path)[0] == {"bc", "cican"}
    assert checked(targeted, cwd=tmp_path)[0] == {"bc"}


def test_a_framework_jurisdiction_must_be_a_code(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    (folder / "frameworks").mkdir(parents=True)
    text = (Path(__file__).parent.parent / "frameworks" / "cican.yaml").read_text(encoding="utf-8")
    text = text.replace("id: cican\n", "id: cican-copy\n").replace("jurisdiction: CA\n", "jurisdiction: Canada\n")
    (folder / "frameworks" / "copy.yaml").write_text(text, encoding="utf-8")
    result = run_cli("frameworks", "--rules", str(folder))
    assert result.returncode == 2
    assert "copy.yaml:" in result.stderr and "jurisdiction" in result.stderr


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("ON", "CA-ON"),
        ("on", "CA-ON"),
        (" Ontario ", "CA-ON"),
        ("ca-bc", "CA-BC"),
        ("Québec", "CA-QC"),
        ("Île-du-Prince-Édouard", "CA-PE"),
        ("CA", "CA"),
        ("canada", "CA"),
        ("Ontaria", None),
        ("WA", None),
        ("", None),
        (None, None),
    ],
)
def test_jurisdiction_codes(written: str | None, code: str | None) -> None:
    assert code_of(written) == code


def test_coverage_and_suggestions() -> None:
    assert covers("CA", "CA-ON") and covers("CA-ON", "CA-ON") and covers("", "CA-BC")
    assert not covers("CA-BC", "CA-ON") and not covers("CA-ON", "CA")
    assert suggestion("Ontaria") == "Ontario"
    assert suggestion("Zzz") is None
