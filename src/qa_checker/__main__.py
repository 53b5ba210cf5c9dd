"""Allow ``python -m qa_checker`` where the console script is not on PATH."""

from qa_checker.cli import run

run()
