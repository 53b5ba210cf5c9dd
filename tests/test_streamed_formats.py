"""SARIF, JUnit and GitHub output are written file by file (issue 18): each file's part
is set aside as its result arrives and the result is dropped, so a batch runs in flat
memory. The bytes must stay those of the reporters that built the whole document at
once (``legacy_outputs``), in every case, not only those the golden outputs hold."""

from __future__ import annotations

import copy
import errno
import gc
import os
import weakref
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import legacy_outputs
import pytest

from qa_checker import console
from qa_checker.errors import InputError, QaError
from qa_checker.findings import Exclusion, FileResult, Finding, Status, Waiver
from qa_checker.output import Batch, CheckRun, joined, spool, stream
from qa_checker.pipeline import CatalogSpec, RunOptions, Target, check_file
from qa_checker.rulesets import Catalog

from conftest import EXAMPLES

STREAMED = ("sarif", "junit", "github")
LEGACY: dict[str, Callable[[CheckRun], str]] = {
    "sarif": legacy_outputs.sarif,
    "junit": legacy_outputs.junit,
    "github": legacy_outputs.github,
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return CatalogSpec().load()


@pytest.fixture(scope="module")
def results(catalog: Catalog) -> list[FileResult]:
    files = sorted(EXAMPLES.glob("*.yaml"))
    return [check_file(Target(path, True), catalog, RunOptions()).result for path in files]


def _waived(result: FileResult) -> FileResult:
    """``result`` with its first two failures waived (no example proposal has a waiver)."""
    findings: list[Finding] = []
    for finding in result.findings:
        if finding.status is Status.FAIL and len([f for f in findings if f.status is Status.WAIVED]) < 2:
            waiver = Waiver(finding.rule_id, "Agreed with the board", "Dean", None, finding.pointer)
            finding = replace(finding, status=Status.WAIVED, waiver=waiver)
        findings.append(finding)
    return replace(result, findings=findings)


def _cases(results: list[FileResult], tmp: Path) -> dict[str, tuple[list[FileResult], list[QaError]]]:
    bad = str(tmp / "broken.yaml")
    broken = FileResult(file=bad, errors=[InputError(bad, "input.unreadable_path", {"reason": "Permission denied"})])
    excluded = FileResult(file=str(tmp / "draft.yaml"), excluded=Exclusion("qa-checker.toml", "drafts/*"))
    skipped = FileResult(file=str(tmp / "notes.yaml"), skipped=True)
    missing: list[QaError] = [InputError("missing.yaml", "input.not_found", {"path": "missing.yaml"})]
    return {
        "nothing": ([], []),
        "only a run error": ([], missing),
        "examples": (results, []),
        "one file": (results[:1], []),
        # the same path twice: fingerprint ordinals run on across files
        "named twice": ([*results, *results], []),
        # other proposals whose findings point into the same files (as into a shared base)
        "shared files": ([results[0], *(replace(r, file=r.file + ".copy") for r in results), results[0]], []),
        "everything": ([results[0], broken, skipped, excluded, _waived(results[1]), *results[2:], broken], missing),
        "only an exclusion": ([excluded], []),
        "errors and skips": ([skipped, broken, skipped], missing * 2),
    }


@pytest.mark.parametrize("fmt", STREAMED)
def test_streamed_bytes_equal_the_whole_document(
    results: list[FileResult], catalog: Catalog, fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    for name, (chosen, errors) in _cases(results, tmp_path).items():
        run = CheckRun(chosen, errors, 1, catalog, fail_on="warning")
        assert joined(fmt, run) == LEGACY[fmt](run), name


def test_github_step_summary_is_unchanged(
    results: list[FileResult], catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, (chosen, errors) in _cases(results, tmp_path).items():
        run = CheckRun(chosen, errors, 0, catalog)
        for label, writer in (("streamed", lambda r: joined("github", r)), ("legacy", legacy_outputs.github)):
            monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / f"{label}.md"))
            writer(run)
        assert (tmp_path / "streamed.md").read_text() == (tmp_path / "legacy.md").read_text(), name


@pytest.mark.parametrize("fmt", STREAMED)
def test_spooled_to_disk_in_small_chunks(
    results: list[FileResult], catalog: Catalog, fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past its memory allowance a spool is a temporary file, read back in chunks that can
    cut a SARIF rule-index mark in two; nothing is left in the temporary folder."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    monkeypatch.setattr(spool, "IN_MEMORY", 10)
    monkeypatch.setattr(spool, "CHUNK", 7)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    chosen, errors = _cases(results, tmp_path)["everything"]
    run = CheckRun(chosen, errors, 2, catalog)
    assert joined(fmt, run) == LEGACY[fmt](run)
    assert list(temp.iterdir()) == []


def _fresh(results: list[FileResult], copies: int, alive: list[weakref.ref[FileResult]]) -> Iterator[FileResult]:
    """Results made one at a time (as workers send them), each watched by a weak reference."""
    for n in range(copies):
        for result in results:
            made = copy.deepcopy(replace(result, file=f"{result.file}.{n}"))
            alive.append(weakref.ref(made))
            yield made
            del made


@pytest.mark.parametrize("fmt", [*STREAMED, "json"])
def test_results_are_dropped_once_written(
    results: list[FileResult], catalog: Catalog, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer takes results one at a time and keeps none: when it asks for the next,
    at most the one it is finishing is still alive (it held every one before)."""
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    watched: list[weakref.ref[FileResult]] = []
    most = 0

    def watching() -> Iterator[FileResult]:
        nonlocal most
        for result in _fresh(results, 3, watched):
            gc.collect()
            most = max(most, sum(1 for ref in watched[:-1] if ref() is not None))
            yield result

    count = len(results) * 3
    stream(fmt, watching(), Batch([], count, lambda: 0, catalog), lambda text: None)
    assert len(watched) == count
    assert most <= 1


@pytest.mark.parametrize("fmt", STREAMED)
def test_the_exit_code_is_asked_after_the_last_file(results: list[FileResult], catalog: Catalog, fmt: str) -> None:
    taken: list[str] = []

    def files() -> Iterator[FileResult]:
        for result in results:
            taken.append(result.file)
            yield result

    def code() -> int:
        asked.append(len(taken))
        return 1

    asked: list[int] = []
    stream(fmt, files(), Batch([], len(results), code, catalog), lambda text: None)
    assert asked in ([], [len(results)])  # JUnit and GitHub carry no exit code


@pytest.mark.parametrize("fmt", STREAMED)
def test_interrupted_run_leaves_nothing(
    results: list[FileResult], catalog: Catalog, fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stopped part way (Ctrl-C, SIGTERM), the output file is not created and the spools'
    temporary files are gone."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    monkeypatch.setattr(spool, "IN_MEMORY", 10)

    def stopped() -> Iterator[FileResult]:
        yield from results[:2]
        raise KeyboardInterrupt

    out = tmp_path / "out.txt"
    with pytest.raises(KeyboardInterrupt), console.destination(str(out)) as write:
        stream(fmt, stopped(), Batch([], 4, lambda: 0, catalog), write)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tmp"]
    assert list(temp.iterdir()) == []


@pytest.mark.parametrize("fmt", STREAMED)
def test_full_temporary_folder_is_the_plain_error(fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A spool that cannot be written gives the output's could-not-be-written error, and
    no output file. (GitHub annotations of a clean file set nothing aside but the step
    summary's rows.)"""
    from qa_checker.commands.check import run

    def full(self: object, text: str) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("tempfile.SpooledTemporaryFile.write", full)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    out = tmp_path / "out.txt"
    with pytest.raises(QaError) as raised:
        run([str(EXAMPLES / "complete.yaml")], fmt=fmt, output=str(out))
    assert raised.value.key == "output.write_failed"
    assert "No space left on device" in str(raised.value)
    assert not out.exists()
