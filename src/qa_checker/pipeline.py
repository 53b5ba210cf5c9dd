"""The one way a file is checked: expand paths, then document → validated proposal → result.

Every command that checks proposals (check, report, summary, review, export) goes
through ``check_file``, which returns a ``Checked`` carrying the loaded ``Document``, the
validated ``Proposal`` and the ``FileResult``. So a report never reads a file twice and
nothing downstream re-derives what validation already established. One bad file never
stops the others: its errors are recorded in its own ``FileResult``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa_checker.config import Config
from qa_checker.errors import InputError, InputErrors, NotAProposal, QaError
from qa_checker.findings import Exclusion, FileResult
from qa_checker.limits import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from qa_checker.document import Document
    from qa_checker.model import Proposal
    from qa_checker.parallel import WorkerDied
    from qa_checker.rulesets import Catalog
    from qa_checker.validate import Validated

PROPOSAL_SUFFIXES = (".yaml", ".yml", ".json")
SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox"}


@dataclass(frozen=True)
class Target:
    path: Path
    explicit: bool
    # the pre-commit hook's named files that the configuration excludes: not checked,
    # but reported as excluded (and counted), never dropped without a word
    excluded_by: Exclusion | None = None
    # ``check -``: the proposal as read from standard input (``path`` is the name it
    # goes by, ``--stdin-filename`` or ``-``); read once, in the main process
    content: bytes | None = None


@dataclass(frozen=True)
class RunOptions:
    frameworks: Sequence[str] = ()
    use_waivers: bool = True
    # from the repository configuration: used when the proposal names no targets
    default_frameworks: Sequence[str] = ()
    # apply reviewers' decisions from <proposal>.review.yaml
    use_decisions: bool = True
    limits: Limits = DEFAULT_LIMITS
    # whose signed decisions count (review_state.Trust); None: nobody's
    trust: Any = None

    @classmethod
    def of(cls, config: Config, frameworks: Sequence[str] = (), **kw: Any) -> RunOptions:
        """Options for a run under ``config``: its frameworks are the default, its limits apply."""
        return cls(frameworks=tuple(frameworks), default_frameworks=config.frameworks, limits=config.limits, **kw)


@dataclass(frozen=True)
class CatalogSpec:
    """How to load the catalogue: extra rule folders and rule-set settings.

    Worker processes receive this small recipe rather than the compiled catalogue (which
    holds compiled validators that do not pickle), and rebuild it once each."""

    rule_dirs: tuple[str, ...] = ()
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The language of rule and framework texts, fixed when the spec is made so that
    # worker processes show the same language as the main one.
    lang: str = field(default_factory=lambda: _chosen_lang())

    def load(self) -> Catalog:
        """The catalogue, built once per process for each spec (and language)."""
        key = (self.rule_dirs, repr(sorted(self.settings.items())), self.lang)
        if key not in _LOADED:
            from qa_checker.rulesets import load_catalog

            _LOADED[key] = load_catalog(tuple(Path(d) for d in self.rule_dirs), self.settings, self.lang)
        return _LOADED[key]


def _chosen_lang() -> str:
    from qa_checker.rule_i18n import current_lang

    return current_lang()


_LOADED: dict[tuple[tuple[str, ...], str, str], Catalog] = {}


@dataclass
class Expansion:
    targets: list[Target] = field(default_factory=list)
    errors: list[QaError] = field(default_factory=list)


@dataclass(frozen=True)
class Checked:
    """A file's result; ``document`` and ``proposal`` are set only when it was checked.

    The typed ``proposal`` is built on first use (reports need it, a check does not)."""

    result: FileResult
    document: Document | None = None
    validated: Validated | None = None

    @property
    def proposal(self) -> Proposal | None:
        return self.validated.proposal if self.validated is not None else None


def is_sidecar(path: Path) -> bool:
    """Files that sit beside proposals but are not proposals (reviewer decisions)."""
    return path.name.endswith((".review.yaml", ".review.yml"))


STDIN = "-"


def expand(
    paths: Sequence[str],
    config: Config | None = None,
    only_proposals: bool = False,
    stdin: bytes | None = None,
    stdin_filename: str | None = None,
) -> Expansion:
    """Files named on the command line are checked; folders are searched for proposal
    files, and files without the proposal header are skipped silently.

    A file named on the command line is checked even when the configuration's
    ``exclude`` matches it (as ruff does): naming it is the more specific request.

    ``only_proposals`` (the pre-commit hook's mode) treats named files like scanned
    ones: a YAML or JSON file without the header is skipped before it is parsed, so
    unrelated (even broken) files in a repository never fail the hook. The hook is
    handed every staged file, so there ``exclude`` does apply to named files (ruff's
    ``--force-exclude``), but visibly: each one is reported and counted as excluded.

    ``-`` stands for ``stdin`` (the caller reads it), checked under the name
    ``stdin_filename`` when given: messages, evidence paths and the format (JSON for a
    ``.json`` name) follow that name, as ruff's ``--stdin-filename`` does.
    """
    config = config or Config()
    out = Expansion()
    for raw in paths:
        if raw == STDIN and stdin is not None:
            out.targets.append(Target(Path(stdin_filename or STDIN), True, content=stdin))
            continue
        path = Path(raw)
        try:
            path.stat()
        except FileNotFoundError:
            pass  # reported below, as every missing path is
        except OSError as exc:  # a name too long, a loop of links, no permission...
            out.errors.append(InputError(raw, "input.unreadable_path", {"reason": exc.strerror or str(exc)}))
            continue
        if path.is_dir():
            found = sorted(p for p in _scan(path) if config.included(p) and not config.excluded(p))
            if not found:
                out.errors.append(InputError(raw, "input.no_proposals", {"folder": raw}))
            out.targets.extend(Target(p, False) for p in found)
        elif path.exists():
            if not only_proposals:
                out.targets.append(Target(path, True))
                continue
            if is_sidecar(path) or not _has_header_mark(path):
                continue
            pattern = config.exclusion(path)
            excluded = Exclusion(_shown(config.path), pattern) if pattern is not None else None
            out.targets.append(Target(path, False, excluded))
        else:
            out.errors.append(InputError(raw, "input.not_found", {"path": raw}))
    return out


def _shown(path: Path | None) -> str:
    """A configuration file's name as the user would type it: relative when below the
    working folder, else as found."""
    if path is None:
        return ""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def _scan(folder: Path) -> Iterator[Path]:
    for path in folder.rglob("*"):
        if any(part in SKIP_DIRS for part in path.relative_to(folder).parts):
            continue
        if path.suffix.lower() in PROPOSAL_SUFFIXES and path.is_file() and not is_sidecar(path):
            if _has_header_mark(path):
                yield path


def _has_header_mark(path: Path) -> bool:
    """A cheap pre-filter so a repository full of unrelated YAML is not parsed at all.
    It lets through near misses of the header too (``header.may_be_proposal``), so a
    proposal with a typo in its header is reported rather than skipped."""
    from qa_checker.header import may_be_proposal
    from qa_checker.loader import open_regular

    try:
        with open_regular(path, str(path)) as handle:
            return may_be_proposal(handle.read(DEFAULT_LIMITS.max_bytes + 1))
    except (OSError, InputError):
        return True  # let the loader report why it cannot be read (a FIFO is never opened)


def check_file(target: Target, catalog: Catalog, options: RunOptions) -> Checked:
    """Load, validate and evaluate one file; its problems become its own errors.

    Whatever happens, the result is that file's: an input problem, a check that runs
    past ``check_seconds`` or one that runs out of memory becomes the file's error (exit
    code 2), and the rest of a batch is still checked."""
    from qa_checker.timelimit import CheckTimeout, time_limit

    _prepare()
    display = str(target.path)
    seconds = options.limits.check_seconds
    try:
        with time_limit(seconds):
            return _check_file(target, catalog, options)
    except CheckTimeout:
        key, params = "input.check_timeout", {"seconds": f"{seconds:g}"}
    except MemoryError:
        key, params = "input.out_of_memory", {}
    # Built after the handler, once the stopped check's memory has been released.
    return Checked(FileResult(file=display, errors=[InputError(display, key, params)]))


def _prepare() -> None:
    """Import what a check needs before its clock starts: the first import in a process
    builds the proposal model, which can take a second on a busy machine (a new worker
    of a batch, for one), and that is not the file's time."""
    import qa_checker.engine
    import qa_checker.loader
    import qa_checker.validate  # noqa: F401


def _check_file(target: Target, catalog: Catalog, options: RunOptions) -> Checked:
    from qa_checker.engine import evaluate
    from qa_checker.evidence_paths import evidence_findings
    from qa_checker.framework_ids import target_errors
    from qa_checker.loader import load_bytes, load_document
    from qa_checker.sidecars import decisions
    from qa_checker.validate import validate

    display = str(target.path)
    if target.excluded_by is not None:
        return Checked(FileResult(file=display, excluded=target.excluded_by))
    try:
        if target.content is not None:
            fmt = "json" if target.path.suffix.lower() == ".json" else "yaml"
            doc = load_bytes(target.content, display, options.limits, fmt)
        else:
            doc = load_document(target.path, options.limits, display=display)
        badge = None
        if doc.fmt == "json":  # an OB3, OB 2.0 or CTDL document is read as the proposal it states
            from qa_checker.interop.source import as_proposal

            doc, badge = as_proposal(doc, target.path, options.limits)
        validated = validate(doc, partial=True)
        if validated.errors:
            # wrong types: the rules read the document without those fields
            doc = replace(doc, data=validated.data)
        targets = target_errors(doc, catalog.rulesets)
        if targets:
            return Checked(FileResult(file=display, errors=targets))
        about_file = evidence_findings(doc, target.path.parent)
        if badge is not None:  # required properties the badge's own object lacks
            about_file = [*about_file, *badge.findings]
        recorded = decisions(target.path, options.limits) if options.use_decisions else []
    except NotAProposal as exc:
        if not target.explicit:
            return Checked(FileResult(file=display, skipped=True))
        return Checked(FileResult(file=display, errors=[exc]))
    except InputError as exc:
        return Checked(FileResult(file=display, errors=[exc]))
    except InputErrors as exc:
        return Checked(FileResult(file=display, errors=list(exc.errors)))
    result = evaluate(doc, validated, catalog, options, recorded, about_file)
    if badge is not None:
        from qa_checker.interop.source import gather

        result = gather(result, badge, catalog)
    if validated.errors:
        # partial results: every other finding, with the type errors listed first and
        # the file still counted as not fully checked (exit code 2)
        result.errors = list(validated.errors)
    return Checked(result, doc, validated)


def lost(died: WorkerDied) -> FileResult:
    """A file whose worker process stopped while holding it: that file's own error."""
    path = str(died.item.path)
    if died.error is not None:
        return FileResult(file=path, errors=[InputError(path, "cli.worker_error", {"error": died.error})])
    if died.signal is not None:
        return FileResult(file=path, errors=[InputError(path, "cli.worker_signal", {"signal": died.signal})])
    return FileResult(file=path, errors=[InputError(path, "cli.worker_exit", {"code": died.exitcode})])
