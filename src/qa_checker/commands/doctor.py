"""``doctor``: what PDF reports need on this machine, and whether it is there."""

from __future__ import annotations

import click


@click.command("doctor")
def command() -> None:
    """Report what the PDF reports need (libraries, fonts, packages) and whether it is there.

    Exit code 0 when PDF reports can be made, 1 when something required is missing."""
    import sys

    from qa_checker.console import color_for, say
    from qa_checker.report.doctor import diagnose, render_text

    checks = diagnose()
    say(render_text(checks, color_for(sys.stdout)))
    raise SystemExit(0 if all(c.ok or not c.required for c in checks) else 1)
