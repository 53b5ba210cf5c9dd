"""--output never replaces what is not an ordinary file, and a file that cannot be
written is a plain per-file error (exit 2), never "internal error".

Recipes: docs/../findings reliability.md §5 (B11a-d) and §18 (B08b-d, B09c/d/g, B12).
Device nodes are made with mknod in the test's own folder, never the real /dev: a
regression would otherwise replace the machine's /dev/null.
"""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_cli

COMPLETE = str(EXAMPLES / "complete.yaml")
FORMATS = ["json", "text", "sarif", "junit", "github"]  # every format is written file by file


def _no_temporary_files(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp")]


def _plain_error(result: subprocess.CompletedProcess[str], where: str, said: str = "could not be written: ") -> None:
    assert result.returncode == 2, result.stderr
    assert "internal error" not in result.stderr
    assert "Traceback" not in result.stderr
    assert f"{where}: error {said}" in result.stderr


@pytest.mark.parametrize("fmt", FORMATS)
def test_symlink_is_written_through_not_replaced(tmp_path: Path, fmt: str) -> None:
    real = tmp_path / "real.json"
    real.write_text("{}")
    link = tmp_path / "link.json"
    link.symlink_to("real.json")
    result = run_cli("check", COMPLETE, "--format", fmt, "--output", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == "real.json"
    assert "complete.yaml" in real.read_text()


def test_link_to_standard_output_reaches_standard_output(tmp_path: Path) -> None:
    """Like --output /dev/stdout: the output arrives on standard output."""
    link = tmp_path / "stdout-link"
    link.symlink_to("/proc/self/fd/1")
    if not Path("/proc/self/fd/1").exists():
        pytest.skip("no /proc on this system")
    result = run_cli("check", COMPLETE, "--format", "json", "--output", str(link))
    assert result.returncode == 0, result.stderr
    assert '"file":' in result.stdout and link.is_symlink()


@pytest.mark.parametrize("fmt", FORMATS)
def test_fifo_with_a_reader_gets_the_output(tmp_path: Path, fmt: str) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:  # blocks until the writer opens the FIFO
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    result = run_cli("check", COMPLETE, "--format", fmt, "--output", str(fifo))
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received and b"complete.yaml" in received[0]


def test_fifo_without_a_reader_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run_cli("check", COMPLETE, "--format", "json", "--output", str(fifo))  # run_cli has a time limit
    _plain_error(result, str(fifo))
    assert "FIFO that no process is reading" in result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def _device(tmp_path: Path, name: str, minor: int) -> Path:
    """A character device with the numbers of /dev/null (1,3) or /dev/full (1,7)."""
    node = tmp_path / name
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except PermissionError:
        pytest.skip("making a device node needs CAP_MKNOD")
    return node


@pytest.mark.parametrize("fmt", FORMATS)
def test_character_device_is_written_to_not_replaced(tmp_path: Path, fmt: str) -> None:
    null = _device(tmp_path, "null", 3)
    result = run_cli("check", COMPLETE, "--format", fmt, "--output", str(null))
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert _no_temporary_files(tmp_path)


@pytest.mark.parametrize(
    ("command", "fmt"), [*(("check", fmt) for fmt in ("json", "sarif", "junit", "github")), ("summary", "csv")]
)
def test_full_device_is_a_plain_error(tmp_path: Path, command: str, fmt: str) -> None:
    """/dev/full semantics: every write fails with ENOSPC (the streamed formats included:
    SARIF, JUnit and GitHub write from their spools at the end)."""
    full = _device(tmp_path, "full", 7)
    result = run_cli(command, COMPLETE, "--format", fmt, "--output", str(full))
    _plain_error(result, str(full))
    assert "No space left on device" in result.stderr
    assert stat.S_ISCHR(os.lstat(full).st_mode)


def test_dangling_link_and_folder_are_refused(tmp_path: Path) -> None:
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to("nowhere.json")
    result = run_cli("check", COMPLETE, "--format", "json", "--output", str(dangling))
    _plain_error(result, str(dangling))
    assert not (tmp_path / "nowhere.json").exists() and dangling.is_symlink()

    folder = tmp_path / "adir"
    folder.mkdir()
    result = run_cli("check", COMPLETE, "--format", "json", "--output", str(folder))
    _plain_error(result, str(folder))
    assert list(folder.iterdir()) == []


def test_name_too_long_is_a_plain_error(tmp_path: Path) -> None:
    target = tmp_path / ("a" * 300 + ".txt")
    result = run_cli("check", COMPLETE, "--output", str(target))
    _plain_error(result, str(target))
    assert "File name too long" in result.stderr


def test_long_name_the_file_system_accepts_is_written(tmp_path: Path) -> None:
    """The temporary name is shortened, so it cannot fail where the real name would not."""
    target = tmp_path / ("a" * 245 + ".txt")
    result = run_cli("check", COMPLETE, "--output", str(target))
    assert result.returncode == 0, result.stderr
    assert target.is_file()


def test_dash_writes_a_pdf_summary_to_standard_output(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "qa_checker", "summary", COMPLETE, "--format", "pdf", "--output", "-"],
        capture_output=True,
        cwd=tmp_path,
        timeout=300,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"%PDF-")
    assert not (tmp_path / "-").exists()


# --- failures of the file system, in a child process -----------------------------

# Runs the command line with one file-system call failing as a full disk or a read-only
# folder would make it fail, so the test needs neither root nor a real full disk.
_FAILING = """
import errno, os, sys, tempfile
from qa_checker import cli
kind = sys.argv.pop(1)
if kind == "full":
    def fsync(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    os.fsync = fsync
else:
    def mkstemp(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
    tempfile.mkstemp = mkstemp
sys.argv[0] = "qa-checker"
cli.main()
"""


def _run_failing(kind: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("QA_CHECKER_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-c", _FAILING, kind, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300
    )


@pytest.mark.parametrize(
    "args",
    [
        ("check", COMPLETE, "--format", "json", "--output", "out.json"),
        ("check", COMPLETE, "--output", "out.json"),
        ("summary", COMPLETE, "--format", "csv", "--output", "out.json"),
    ],
    ids=["check-json", "check-text", "summary"],
)
@pytest.mark.parametrize("kind", ["full", "read-only"])
def test_full_disk_and_read_only_folder_are_plain_errors(tmp_path: Path, kind: str, args: tuple[str, ...]) -> None:
    (tmp_path / "out.json").write_text("earlier output\n")
    result = _run_failing(kind, *args, cwd=tmp_path)
    _plain_error(result, "out.json")
    reason = "No space left on device" if kind == "full" else "Permission denied"
    assert reason in result.stderr
    assert (tmp_path / "out.json").read_text() == "earlier output\n"  # the earlier file is kept
    assert _no_temporary_files(tmp_path)


def test_review_into_a_read_only_folder_is_a_plain_error(tmp_path: Path) -> None:
    proposal = tmp_path / "p.yaml"
    proposal.write_text((EXAMPLES / "complete.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = _run_failing(
        "read-only",
        "review",
        str(proposal),
        "--decide",
        "CICAN-P2.2=confirmed",
        "--reviewer",
        "R",
        "--unsigned",
        cwd=tmp_path,
    )
    _plain_error(result, str(tmp_path / "p.review.yaml"), said="")  # reviews.py words it
    assert "Permission denied" in result.stderr
    assert not (tmp_path / "p.review.yaml").exists()


def test_file_size_limit_is_a_plain_error(tmp_path: Path) -> None:
    """A real kernel refusal mid-write (EFBIG under RLIMIT_FSIZE), like a quota."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("QA_CHECKER_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-m", "qa_checker", "check", COMPLETE, "--format", "json", "--output", "out.json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
        preexec_fn=limit,
    )
    _plain_error(result, "out.json")
    assert not (tmp_path / "out.json").exists()
    assert _no_temporary_files(tmp_path)
