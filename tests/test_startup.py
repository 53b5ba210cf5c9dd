"""The lean start-up and exit of ``check`` (issue #18): nothing a user sees changes."""

from __future__ import annotations

import json
import subprocess
import sys

from qa_checker.cli import fast_exit

from conftest import EXAMPLES, run_cli


def test_check_without_a_review_file_never_builds_the_review_models() -> None:
    code = (
        "import sys\n"
        "from qa_checker.cli import main\n"
        f"sys.argv = ['qa-checker', 'check', {str(EXAMPLES / 'complete.yaml')!r}]\n"
        "try:\n    main()\nexcept SystemExit as done:\n    print('CODE', done.code)\n"
        "print('REVIEWS', 'qa_checker.reviews' in sys.modules)\n"
        "print('MODELS', sorted(m for m in ('pydantic', 'qa_checker.model') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert "CODE 0" in result.stdout and "REVIEWS False" in result.stdout, result.stdout + result.stderr
    # the proposal is validated by pydantic-core from the stored schema (coreschema):
    # neither pydantic nor the model classes are built for a check
    assert "MODELS []" in result.stdout, result.stdout + result.stderr


def test_a_report_still_gets_the_typed_proposal() -> None:
    from qa_checker.loader import load_document
    from qa_checker.model import Proposal
    from qa_checker.validate import validate

    validated = validate(load_document(EXAMPLES / "complete.yaml"))
    assert isinstance(validated.proposal, Proposal)
    assert validated.proposal.title == load_document(EXAMPLES / "complete.yaml").data["title"]


def test_the_quick_exit_keeps_exit_codes_and_flushes_all_output() -> None:
    failing = run_cli("check", str(EXAMPLES / "fails-bc.yaml"), "--format", "json")
    assert failing.returncode == 1
    assert json.loads(failing.stdout)["summary"]["exit_code"] == 1  # the whole document arrived
    missing = run_cli("check", "no-such-file.yaml")
    assert missing.returncode == 2 and "no-such-file.yaml" in missing.stdout


def test_an_exit_that_is_not_a_number_takes_the_ordinary_way() -> None:
    assert fast_exit("a message for standard error") is None  # returned: sys.exit prints it
