"""A report batch stopped midway leaves only complete PDFs behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import EXAMPLES

BATCH = 40


def start_batch(tmp_path: Path) -> tuple[subprocess.Popen[bytes], Path]:
    source = tmp_path / "intake"
    source.mkdir()
    # Enough files that the batch cannot finish in the moment between the first report
    # appearing and the signal, however fast a render is.
    for index in range(BATCH):
        shutil.copy(EXAMPLES / "complete.yaml", source / f"p{index}.yaml")
    out = tmp_path / "reports"
    proc = subprocess.Popen(
        [sys.executable, "-m", "qa_checker", "report", str(source), "--output", str(out), "--jobs", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, "NO_COLOR": "1"},
        # A test runner started in the background inherits SIGINT ignored, and so would
        # the batch: give it the disposition a terminal user's process has.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    return proc, out


def wait_for_first_report(proc: subprocess.Popen[bytes], out: Path) -> None:
    for _ in range(1200):
        if proc.poll() is not None:
            pytest.fail("the batch finished before it could be interrupted")
        if out.is_dir() and any(out.glob("*.pdf")):
            time.sleep(0.5)  # let the next render get under way
            return
        time.sleep(0.1)
    pytest.fail("no report appeared")


def assert_only_complete_pdfs(out: Path) -> None:
    pdfs = sorted(out.glob("*.pdf"))
    assert pdfs and len(pdfs) < BATCH
    for pdf in pdfs:
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF")
        assert len(PdfReader(pdf).pages) > 1


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_stopped_batch_leaves_no_partial_file(tmp_path: Path, sig: signal.Signals) -> None:
    proc, out = start_batch(tmp_path)
    wait_for_first_report(proc, out)
    os.killpg(proc.pid, sig)
    proc.wait(timeout=60)
    assert_only_complete_pdfs(out)
    assert not [p.name for p in out.iterdir() if not p.name.endswith(".pdf")], "temporary files were removed"


def test_killed_batch_never_leaves_a_partial_pdf(tmp_path: Path) -> None:
    proc, out = start_batch(tmp_path)
    wait_for_first_report(proc, out)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert_only_complete_pdfs(out)
