"""Check one proposal for a report and keep what the report needs beyond the findings.

``runner.check_file`` returns findings only; the appendix also needs the proposal's own
data (key facts, coverage grid). Rather than re-implementing how a file is checked, the
report reuses ``check_file`` and then reads the document once more, refusing to mix the
two if the file changed in between (the report states one SHA-256 for both).
"""

from __future__ import annotations

from dataclasses import dataclass

from qa_checker.document import Document
from qa_checker.errors import InputError
from qa_checker.findings import FileResult
from qa_checker.pipeline import RunOptions, Target, check_file
from qa_checker.rulesets import Catalog


@dataclass(frozen=True)
class Checked:
    """A file's result; ``document`` is set only when the file was checked."""

    result: FileResult
    document: Document | None


def check_for_report(target: Target, catalog: Catalog, options: RunOptions) -> Checked:
    from qa_checker.loader import load_document

    result = check_file(target, catalog, options)
    if result.errors or result.skipped:
        return Checked(result, None)
    try:
        document = load_document(target.path, options.limits, display=result.file)
    except InputError as exc:
        return Checked(FileResult(file=result.file, errors=[exc]), None)
    if document.sha256 != result.sha256:
        changed = InputError(result.file, "report.changed_while_reading")
        return Checked(FileResult(file=result.file, errors=[changed]), None)
    return Checked(result, document)
