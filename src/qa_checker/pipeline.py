"""Run a check over many paths: expand folders, load, validate, evaluate.

One bad file never stops the others: its errors are recorded in its own
``FileResult`` and the run goes on.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from qa_checker.config import Config
from qa_checker.errors import InputError, InputErrors, NotAProposal, QaError
from qa_checker.findings import SEVERITY_RANK, FileResult, Severity, Status
from qa_checker.limits import DEFAULT_LIMITS, Limits
from qa_checker.rulesets import Catalog

PROPOSAL_SUFFIXES = (".yaml", ".yml", ".json")
HEADER_MARK = b"MicroCredentialProposal"
SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox"}


@dataclass
class Target:
    path: Path
    explicit: bool


@dataclass
class RunOptions:
    frameworks: Sequence[str] = ()
    use_waivers: bool = True
    # from the repository configuration: used when the proposal names no targets
    default_frameworks: Sequence[str] = ()
    # apply reviewers' decisions from <proposal>.review.yaml
    use_decisions: bool = True
    limits: Limits = DEFAULT_LIMITS


@dataclass
class Expansion:
    targets: list[Target] = field(default_factory=list)
    errors: list[QaError] = field(default_factory=list)


def is_sidecar(path: Path) -> bool:
    """Files that sit beside proposals but are not proposals (reviewer decisions)."""
    return path.name.endswith((".review.yaml", ".review.yml"))


def expand(paths: Sequence[str], config: Config | None = None, only_proposals: bool = False) -> Expansion:
    """Files named on the command line are checked; folders are searched for proposal
    files, and files without the proposal header are skipped silently.

    ``only_proposals`` (the pre-commit hook's mode) treats named files like scanned
    ones: a YAML or JSON file without the header is skipped before it is parsed, so
    unrelated (even broken) files in a repository never fail the hook.
    """
    config = config or Config()
    out = Expansion()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in _scan(path) if config.included(p) and not config.excluded(p))
            if not found:
                out.errors.append(InputError(raw, "input.no_proposals", {"folder": raw}))
            out.targets.extend(Target(p, False) for p in found)
        elif path.exists():
            if config.excluded(path):
                continue
            if only_proposals and (is_sidecar(path) or not _has_header_mark(path)):
                continue
            out.targets.append(Target(path, not only_proposals))
        else:
            out.errors.append(InputError(raw, "input.not_found", {"path": raw}))
    return out


def _scan(folder: Path) -> Iterator[Path]:
    for path in folder.rglob("*"):
        if any(part in SKIP_DIRS for part in path.relative_to(folder).parts):
            continue
        if path.suffix.lower() in PROPOSAL_SUFFIXES and path.is_file() and not is_sidecar(path):
            if _has_header_mark(path):
                yield path


def _has_header_mark(path: Path) -> bool:
    """A cheap pre-filter so a repository full of unrelated YAML is not parsed at all."""
    try:
        with path.open("rb") as handle:
            return HEADER_MARK in handle.read(DEFAULT_LIMITS.max_bytes + 1)
    except OSError:
        return True  # let the loader report why it cannot be read


def check_file(target: Target, catalog: Catalog, options: RunOptions) -> FileResult:
    from qa_checker import reviews
    from qa_checker.engine import evaluate
    from qa_checker.loader import load_document
    from qa_checker.validate import validate

    display = str(target.path)
    try:
        doc = load_document(target.path, options.limits, display=display)
        unknown = validate(doc)
        review = reviews.sidecar(target.path)
        recorded = reviews.load(review, options.limits, str(review)) if options.use_decisions else []
    except NotAProposal as exc:
        if not target.explicit:
            return FileResult(file=display, skipped=True)
        return FileResult(file=display, errors=[exc])
    except InputError as exc:
        return FileResult(file=display, errors=[exc])
    except InputErrors as exc:
        return FileResult(file=display, errors=list(exc.errors))
    return evaluate(
        doc, catalog, options.frameworks, unknown, options.use_waivers, options.default_frameworks, recorded
    )


FAIL_ON = ("error", "warning", "review", "never")


def crosses(result: FileResult, fail_on: str) -> bool:
    """Whether a file's findings reach the ``--fail-on`` threshold (exit code 1)."""
    if fail_on == "never":
        return False
    floor = Severity.ERROR if fail_on == "error" else Severity.WARNING
    for finding in result.findings:
        if finding.status is Status.FAIL and SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[floor]:
            return True
        if fail_on == "review" and finding.status is Status.NEEDS_REVIEW:
            return True
    return False


def exit_code(results: Sequence[FileResult], run_errors: Sequence[QaError], fail_on: str) -> int:
    if run_errors or any(r.errors for r in results):
        return 2
    return 1 if any(crosses(r, fail_on) for r in results) else 0
