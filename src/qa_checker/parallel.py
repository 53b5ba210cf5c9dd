"""Check many files, in worker processes when that pays.

Each worker loads the rule sets once (validators compiled once per process) and then
checks the files it is handed; only the results travel back, so memory stays flat
however large the intake. Results come back in input order, so output is the same
bytes whatever the number of jobs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa_checker.findings import FileResult
from qa_checker.pipeline import RunOptions, Target, check_file

# Below this many files, starting workers (each loads Python and the rule sets)
# costs more than it saves.
MIN_FILES_PER_WORKER = 8

# How a worker rebuilds the catalogue: extra rule folders and rule-set settings.
CatalogSource = tuple[tuple[str, ...], dict[str, dict[str, Any]]]

_catalog: Any = None
_options: RunOptions | None = None
_transform: Callable[[FileResult], Any] | None = None


@dataclass(frozen=True)
class Digest:
    """What a streamed text run keeps of a file once its lines are printed: enough for
    the exit code and the closing summary, not the findings (memory stays flat)."""

    text: str
    skipped: bool
    failed_to_check: bool
    crosses: bool


def digest(result: FileResult, fail_on: str, color: bool, show_fixes: bool) -> Digest:
    from qa_checker.output.text import file_block
    from qa_checker.pipeline import crosses

    return Digest(
        text=file_block(result, color, show_fixes),
        skipped=result.skipped,
        failed_to_check=bool(result.errors),
        crosses=crosses(result, fail_on),
    )


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def effective_jobs(requested: int | None, files: int) -> int:
    """``--jobs N`` is honoured as given (up to one per file); by default one worker per
    CPU, but only as many as keep each worker busy with a few files."""
    if requested is not None:
        return max(1, min(requested, files))
    return max(1, min(default_jobs(), files // MIN_FILES_PER_WORKER))


def _init(source: CatalogSource, options: RunOptions, transform: Callable[[FileResult], Any] | None) -> None:
    global _catalog, _options, _transform
    from qa_checker.rulesets import load_catalog

    rule_dirs, settings = source
    _catalog = load_catalog(tuple(Path(d) for d in rule_dirs), settings)
    _options = options
    _transform = transform


def _work(target: Target) -> Any:
    """Check one file in a worker; with a transform (e.g. ``digest``) only its small
    result travels back, which saves pickling every finding."""
    assert _options is not None
    result = check_file(target, _catalog, _options)
    return _transform(result) if _transform is not None else result


def check_all(
    targets: Sequence[Target],
    catalog: Any,
    source: CatalogSource,
    options: RunOptions,
    jobs: int | None = None,
    on_done: Callable[[], None] | None = None,
) -> list[FileResult]:
    return list(iter_results(targets, catalog, source, options, jobs, on_done))


def iter_results(
    targets: Sequence[Target],
    catalog: Any,
    source: CatalogSource,
    options: RunOptions,
    jobs: int | None = None,
    on_done: Callable[[], None] | None = None,
    transform: Callable[[FileResult], Any] | None = None,
) -> Iterator[Any]:
    """Results (or ``transform(result)``) in input order."""
    workers = effective_jobs(jobs, len(targets))
    if workers <= 1:
        for target in targets:
            result = check_file(target, catalog, options)
            yield transform(result) if transform is not None else result
            if on_done:
                on_done()
        return
    from concurrent.futures import ProcessPoolExecutor  # only when workers pay off

    chunk = max(1, min(64, len(targets) // (workers * 4)))
    with ProcessPoolExecutor(workers, initializer=_init, initargs=(source, options, transform)) as pool:
        for result in pool.map(_work, targets, chunksize=chunk):
            yield result
            if on_done:
                on_done()
