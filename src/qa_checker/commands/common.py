"""What every command shares: the options that mean the same everywhere, and the set-up
(repository configuration → catalogue → run options) that they all start with.

The set-up raises ``QaError``/``InputErrors`` for a broken configuration or rule set;
the command-line boundary (``cli.main``) prints them as ``file:line:col: error`` and
exits with 2, so no command has its own error printer.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from qa_checker.messages import msg

if TYPE_CHECKING:
    from qa_checker.config import Config
    from qa_checker.pipeline import CatalogSpec, RunOptions
    from qa_checker.review_state import Trust
    from qa_checker.rulesets import Catalog

rules_option = click.option(
    "--rules",
    "rules",
    multiple=True,
    type=click.Path(file_okay=False),
    help="Extra folder of rule sets (repeatable).",
)
framework_option = click.option(
    "--framework",
    "-f",
    "frameworks",
    multiple=True,
    metavar="ID",
    help=(
        "Rule set to check against (repeatable); ID@VERSION picks a framework version "
        "(nzqa@2018), a bare ID the current one. Default: the proposal's targets, else the "
        "configuration's frameworks, else those of the provider's jurisdiction."
    ),
)
jobs_option = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for a batch. Default: one per CPU for large batches, else 1.",
)
signers_option = click.option(
    "--allowed-signers",
    "allowed_signers",
    type=click.Path(dir_okay=False),
    default=None,
    help="The board's allowed-signers file (OpenSSH format): whose signed review decisions are applied. "
    "Default: allowed_signers in the user configuration ($XDG_CONFIG_HOME/qa-checker/config.yaml).",
)
trust_unsigned_option = click.option(
    "--trust-unsigned-decisions",
    "trust_unsigned",
    is_flag=True,
    help="Apply unsigned review decisions and unknown keys too (personal drafts only; every output says so).",
)
config_option = click.option(
    "--config", "config_file", type=click.Path(dir_okay=False, exists=True), help="Configuration file."
)


@dataclass(frozen=True)
class Setup:
    """The configuration in force, the catalogue, and how workers rebuild it."""

    config: Config
    catalog: Catalog
    spec: CatalogSpec

    def options(self, frameworks: Sequence[str] = (), **kw: Any) -> RunOptions:
        from qa_checker.pipeline import RunOptions

        return RunOptions.of(self.config, frameworks, **kw)


def load_config(paths: Sequence[str], explicit: str | None = None) -> Config:
    """The repository configuration that applies to the first path."""
    from qa_checker import config

    return config.load(Path(paths[0]) if paths else None, Path(explicit) if explicit else None)


def setup(
    paths: Sequence[str],
    rules: Sequence[str] = (),
    frameworks: Sequence[str] = (),
    config_file: str | None = None,
) -> Setup:
    """Configuration, catalogue (configured rule folders plus ``--rules``) and a check that
    every framework asked for, on the command line or in the configuration, exists."""
    from qa_checker.pipeline import CatalogSpec

    config = load_config(paths, config_file)
    choose_lang(config, paths)
    # The configured folders and --rules may name the same folder: load it once.
    folders = {str(Path(d).resolve()): d for d in (*map(str, config.rules), *rules)}
    spec = CatalogSpec(tuple(folders.values()), config.settings)
    catalog = spec.load()
    from qa_checker.console import show_warnings

    show_warnings(catalog.warnings)
    require_frameworks(catalog, frameworks, config)
    # What start-up built (modules, configuration, the catalogue) lives until the end of
    # the run: move it out of the collector's sight so collections scan only new objects.
    gc.freeze()
    return Setup(config, catalog, spec)


def choose_lang(config: Config, paths: Sequence[str]) -> str:
    """Settle the run's language: ``--lang``, then the configuration's ``lang``, then,
    when one proposal file is named, its language, then the environment."""
    from qa_checker import i18n

    if i18n.option() or config.lang:
        return i18n.resolve(config.lang)
    return i18n.resolve(None, proposal_data(paths[0], config) if len(paths) == 1 else None)


def proposal_data(path: str, config: Config) -> Any:
    """The parsed file, or None when it cannot be read (``check`` then says why)."""
    from qa_checker.errors import InputErrors, QaError
    from qa_checker.loader import load_document

    try:
        return load_document(path, config.limits).data if Path(path).is_file() else None
    except (QaError, InputErrors, OSError, ValueError):
        return None


def trust(paths: Sequence[str], allowed_signers: str | None = None, trust_unsigned: bool = False) -> Trust:
    """Whose review decisions count; a broken allowed-signers file raises ``QaError``
    (exit 2). Says so on standard error when the list sits inside a checked folder, and
    whenever unsigned decisions are trusted."""
    from qa_checker import console, review_state

    chosen = review_state.load_trust(allowed_signers, trust_unsigned)
    inside = review_state.signers_inside(chosen, paths)
    if inside is not None:
        console.note(msg("review.signers_in_intake", signers=chosen.signers.path, folder=inside))
    if trust_unsigned:
        console.note(msg("review.trust_banner"))
    return chosen


def require_frameworks(catalog: Catalog, frameworks: Sequence[str], config: Config | None = None) -> None:
    """IDs match ignoring case. An unknown ``--framework`` is a usage error; an unknown ID
    in the configuration's ``frameworks:`` an error at that file's line. Both say "did
    you mean" when a known ID is close, and both exit 2."""
    from qa_checker import framework_ids

    unknown = [f for f in frameworks if framework_ids.canonical(catalog.rulesets, f) is None]
    if unknown:
        raise click.UsageError(framework_ids.usage_message(catalog.rulesets, unknown))
    if config is not None:
        errors = framework_ids.config_errors(config, catalog.rulesets)
        if errors:
            from qa_checker.errors import InputErrors

            raise InputErrors(errors)
