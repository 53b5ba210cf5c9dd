"""JSON output is written file by file (flat memory in a batch of any size); the bytes
must stay exactly those of dumping the whole document at once, in both layouts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa_checker.errors import InputError
from qa_checker.findings import FileResult
from qa_checker.output import Batch, CheckRun
from qa_checker.output import json as json_out
from qa_checker.pipeline import CatalogSpec, RunOptions, Target, check_file

from conftest import EXAMPLES


@pytest.fixture(scope="module")
def results() -> list[FileResult]:
    catalog = CatalogSpec().load()
    files = sorted(EXAMPLES.glob("*.yaml"))
    return [check_file(Target(path, True), catalog, RunOptions()).result for path in files]


def whole(results: list[FileResult], errors: list[InputError], code: int) -> str:
    """The document dumped in one piece, as the reporter did before it streamed."""
    indent = 2 if len(results) <= json_out.COMPACT_FROM else None
    separators = None if indent else (",", ":")
    body = json_out.document(results, errors, code)
    return json.dumps(body, indent=indent, separators=separators, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("copies", [0, 1, 3, 9])  # 9 copies of the examples: past COMPACT_FROM
@pytest.mark.parametrize("with_errors", [False, True])
def test_streamed_bytes_equal_the_whole_document(
    results: list[FileResult], copies: int, with_errors: bool, tmp_path: Path
) -> None:
    chosen = results * copies
    skipped = FileResult(file=str(tmp_path / "notes.yaml"), skipped=True)
    chosen = [*chosen[:1], skipped, *chosen[1:]] if chosen else [skipped]
    errors = [InputError("missing.yaml", "input.not_found", {"path": "missing.yaml"})] if with_errors else []
    written: list[str] = []
    json_out.stream(iter(chosen), Batch(errors, len(chosen), lambda: 1, CatalogSpec().load()), written.append)
    assert "".join(written) == whole(chosen, errors, 1)
    assert json_out.render(CheckRun(chosen, errors, 1, CatalogSpec().load())) == whole(chosen, errors, 1)
    if len(chosen) > 2:
        assert len(written) > 2  # one piece per file, not the document at the end


def test_the_exit_code_is_asked_after_the_last_file(results: list[FileResult]) -> None:
    seen: list[str] = []

    def files() -> object:
        for result in results:
            seen.append(result.file)
            yield result

    def code() -> int:
        assert len(seen) == len(results)
        return 2

    written: list[str] = []
    json_out.stream(files(), Batch([], len(results), code, CatalogSpec().load()), written.append)  # type: ignore[arg-type]
    assert json.loads("".join(written))["summary"]["exit_code"] == 2
