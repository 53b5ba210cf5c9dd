"""The reproducibility block: what was checked, with what, and how to do it again.

A filed report must be re-creatable years later: it names the tool and renderer
versions, every rule set and framework version, the input's SHA-256 and the date.
``SOURCE_DATE_EPOCH`` (reproducible-builds.org) pins the date, which is what makes two
renders of the same input byte-identical.
"""

from __future__ import annotations

import hashlib
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from qa_checker import __version__, clock
from qa_checker.findings import FileResult
from qa_checker.rulesets import Catalog

if TYPE_CHECKING:
    from qa_checker.report.context import ReportSettings


@dataclass(frozen=True)
class Stamp:
    date: str  # 2026-06-10, for the cover
    iso: str  # 2026-06-10T00:00:00Z, for HTML/PDF metadata
    human: str  # 2026-06-10 00:00 UTC
    pinned: bool  # taken from SOURCE_DATE_EPOCH


@dataclass(frozen=True)
class RulesetVersion:
    ruleset: str
    ruleset_version: str
    framework: str
    framework_title: str
    framework_version: str
    framework_status: str


@dataclass(frozen=True)
class Repro:
    tool_version: str
    renderer: str
    file: str
    sha256: str
    stamp: Stamp
    rulesets: tuple[RulesetVersion, ...]
    command: str
    review_file: str | None = None  # reviewer decisions applied, if the proposal has them
    review_sha256: str | None = None
    config_file: str | None = None  # repository configuration in force (rules, settings)
    signers_file: str | None = None  # whose signed decisions were trusted, and its SHA-256
    signers_sha256: str | None = None


def stamp() -> Stamp:
    """Now, in UTC to the second, unless ``SOURCE_DATE_EPOCH`` says otherwise."""
    moment = clock.now()
    return Stamp(
        date=moment.date().isoformat(),
        iso=moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        human=moment.strftime("%Y-%m-%d %H:%M UTC"),
        pinned=clock.pinned() is not None,
    )


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def renderer(fmt: str) -> str:
    """Names and versions of what turned the data into this file (product names: not translated)."""
    engines = [f"Jinja2 {_version('jinja2')}"]
    if fmt == "pdf":
        engines += [f"WeasyPrint {_version('weasyprint')}", f"pydyf {_version('pydyf')}"]
    return ", ".join(engines)


def command_line(
    result: FileResult,
    fmt: str,
    paper: str,
    variant: str | None,
    rules: Sequence[str],
    signers: str | None = None,
    trust_unsigned: bool = False,
    full: bool = False,
    tags: bool = True,
) -> str:
    """The exact command that re-creates this report, naming every rule set checked, so a
    later change of the proposal's ``targets`` or of the defaults cannot change it."""
    args = ["qa-checker", "report", result.file, "--format", fmt, "--output", "DIR"]
    for verdict in result.verdicts:
        args += ["--framework", verdict.framework]
    for folder in rules:
        args += ["--rules", folder]
    args += ["--paper", paper]
    if fmt == "pdf" and variant:
        args += ["--pdf-variant", variant]
    if fmt == "pdf" and not tags:
        args.append("--no-pdf-tags")
    if signers:
        args += ["--allowed-signers", signers]
    if trust_unsigned:
        args.append("--trust-unsigned-decisions")
    if full:
        args.append("--full")
    return shlex.join(args)


def ruleset_versions(result: FileResult, catalog: Catalog) -> tuple[RulesetVersion, ...]:
    out = []
    for verdict in result.verdicts:
        ruleset = catalog.rulesets[verdict.framework]
        framework = ruleset.framework
        out.append(
            RulesetVersion(
                ruleset=ruleset.id,
                ruleset_version=ruleset.version,
                framework=framework.id,
                framework_title=framework.title,
                framework_version=framework.version,
                framework_status=framework.status,
            )
        )
    return tuple(out)


def review_file(proposal: str) -> tuple[str, str] | None:
    """The proposal's review file and its SHA-256: its decisions change the report too."""
    from qa_checker.sidecars import sidecar

    path = sidecar(Path(proposal))
    try:
        return str(path), hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def repro(result: FileResult, catalog: Catalog, when: Stamp, settings: ReportSettings) -> Repro:
    review = review_file(result.file)
    return Repro(
        tool_version=__version__,
        renderer=renderer(settings.fmt),
        file=result.file,
        sha256=result.sha256,
        stamp=when,
        rulesets=ruleset_versions(result, catalog),
        command=command_line(
            result,
            settings.fmt,
            settings.paper,
            settings.variant,
            settings.rules,
            settings.signers_file,
            settings.trust_unsigned,
            settings.full,
            settings.tags,
        ),
        review_file=review[0] if review else None,
        review_sha256=review[1] if review else None,
        config_file=settings.config_file,
        signers_file=settings.signers_file,
        signers_sha256=_sha256(settings.signers_file),
    )


def _sha256(path: str | None) -> str | None:
    if path is None:
        return None
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None
