"""The ``qa-checker`` command line: a thin click shell over ``qa_checker.commands``.

Each command lives in its own module and is imported only when it runs, so
``qa-checker check`` never pays for Jinja2 or WeasyPrint (the pre-commit hook runs it
on every commit). This module only names the commands and draws the boundary where
bad input becomes a message and exit code 2, never a traceback.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys

import click

from qa_checker import __version__

# command name → (module, attribute): the whole command registry.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("qa_checker.commands.check", "command"),
    "report": ("qa_checker.commands.report", "command"),
    "review": ("qa_checker.commands.review", "command"),
    "summary": ("qa_checker.commands.summary", "command"),
    "import": ("qa_checker.commands.importer", "command"),
    "export": ("qa_checker.commands.export", "command"),
    "frameworks": ("qa_checker.commands.listing", "frameworks_command"),
    "rules": ("qa_checker.commands.listing", "rules_command"),
    "explain": ("qa_checker.commands.listing", "explain_command"),
    "schema": ("qa_checker.commands.scaffold", "schema_command"),
    "init": ("qa_checker.commands.scaffold", "init_command"),
    "migrate": ("qa_checker.commands.migrate", "command"),
    "test-rules": ("qa_checker.commands.rule_examples", "command"),
    "doctor": ("qa_checker.commands.doctor", "command"),
}


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attribute = COMMANDS[cmd_name]
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command)
        from qa_checker import helptext

        helptext.add_lang_option(command)
        helptext.translate(command, cmd_name)
        return command

    def get_help(self, ctx: click.Context) -> str:
        from qa_checker import helptext

        helptext.translate(self, "qa-checker")
        return super().get_help(ctx)


def _global_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """``qa-checker --lang fr CMD``: the same as ``CMD --lang fr``."""
    from qa_checker import helptext

    helptext.lang_option().process_value(ctx, value)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="qa-checker")
@click.option(
    "--lang",
    is_eager=True,
    expose_value=False,
    callback=_global_lang,
    metavar="en|fr",
    help="Language of the output: en or fr (the same as --lang after the command).",
)
def cli() -> None:
    """Check micro-credential proposals against Canadian quality frameworks."""


# Generation-0 collections every 700 allocations walked a batch's growing results and
# cost a fifth of its time (findings/performance.md), so collect less often. Not far
# less: a check does leave cyclic garbage, and it waits for the next collection (peak
# RSS of a 2,000-file text batch: 48 MB at 700, 55 MB at 10,000, 81 MB at 50,000).
GC_THRESHOLDS = (10_000, 50, 100)

# Commands that may end with ``os._exit`` once their output is written: tearing the
# interpreter down cost a one-file check about 15 % of its time, and ``check`` leaves
# nothing for exit handlers (no temporary files; its worker pool is joined before).
FAST_EXIT = frozenset({"check"})


def run() -> None:
    """The ``qa-checker`` program (console script and ``python -m qa_checker``): ``main``,
    then, for the commands in ``FAST_EXIT``, the quick exit. Code that calls ``main`` in
    its own process keeps the ordinary ``SystemExit``."""
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        main()
    except SystemExit as done:
        if sys.argv[1:2] and sys.argv[1] in FAST_EXIT:
            fast_exit(done.code)
        raise


def fast_exit(code: object) -> None:
    """Flush and leave without interpreter teardown, with the same exit code ``sys.exit``
    would give. Returns (and so falls back to the ordinary exit) when that is not safe:
    an exit code that is not a number, output that cannot be flushed (a closed pipe is
    then reported as before), or a child process still running."""
    if code is None:
        code = 0
    if not isinstance(code, int) or isinstance(code, bool):
        return
    children = sys.modules.get("multiprocessing")
    if children is not None and children.active_children():
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(code)


def main() -> None:
    """Entry point: bad input ends with a message and exit code 2, never a traceback."""
    from qa_checker.console import stop_cleanly_on_sigterm
    from qa_checker.errors import InputErrors, QaError

    stop_cleanly_on_sigterm()
    from qa_checker import i18n

    # The environment's language until --lang or a configuration says otherwise.
    i18n.set_lang(i18n.choose_lang())
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        from qa_checker.messages import msg

        click.echo(msg("cli.aborted"), err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except (QaError, InputErrors) as exc:  # a broken configuration, rule set or input
        from qa_checker.console import show_errors

        show_errors(exc.errors if isinstance(exc, InputErrors) else [exc])
        sys.exit(2)
    except BrokenPipeError:
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug of ours: say so plainly, keep the trace for debugging
        if os.environ.get("QA_CHECKER_DEBUG"):
            raise
        from qa_checker.messages import msg

        click.echo(msg("cli.internal_error", error=f"{type(exc).__name__}: {exc}"), err=True)
        sys.exit(2)
