"""Batches: parallel workers give the same bytes as one process; bad files don't stop it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qa_checker.parallel import WorkerDied, map_files
from qa_checker.pipeline import CatalogSpec

from conftest import EXAMPLES, HEADER, run_cli


def make_batch(folder: Path, copies: int = 12) -> None:
    folder.mkdir()
    for index in range(copies):
        shutil.copy(EXAMPLES / ("complete.yaml" if index % 3 else "incomplete.yaml"), folder / f"p{index:02}.yaml")
    (folder / "p99-bad.yaml").write_text(HEADER + "instructional_hours: [forty\n", encoding="utf-8")


def test_jobs_do_not_change_the_output(tmp_path: Path) -> None:
    make_batch(tmp_path / "intake")
    one = run_cli("check", str(tmp_path / "intake"), "--format", "json", "--jobs", "1")
    two = run_cli("check", str(tmp_path / "intake"), "--format", "json", "--jobs", "2")
    assert one.returncode == two.returncode == 2
    assert one.stdout == two.stdout


def test_bad_file_in_a_batch_is_named_and_the_rest_checked(tmp_path: Path) -> None:
    make_batch(tmp_path / "intake")
    result = run_cli("check", str(tmp_path / "intake"), "--jobs", "2")
    assert result.returncode == 2
    assert f"{tmp_path / 'intake' / 'p99-bad.yaml'}:4:" in result.stdout  # the bracket that is never closed
    assert "12 proposals checked, 1 could not be checked" in result.stdout


# --- the parallel map itself -------------------------------------------------------


def _square_or_die(item: int, catalog: object) -> int:
    """Work for the map: item 3 kills its own worker, as the kernel's OOM killer would."""
    if item == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return item * item


def _raise_on_five(item: int, catalog: object) -> int:
    if item == 5:
        raise RuntimeError("boom")
    return item


def test_a_killed_worker_costs_only_its_item() -> None:
    out = list(map_files(_square_or_die, list(range(10)), CatalogSpec(), jobs=2))
    assert [o for o in out if not isinstance(o, WorkerDied)] == [i * i for i in range(10) if i != 3]
    died = [o for o in out if isinstance(o, WorkerDied)]
    assert len(died) == 1
    assert (died[0].item, died[0].signal) == (3, signal.SIGKILL)
    assert out.index(died[0]) == 3  # results stay in input order


def test_an_exception_in_a_worker_costs_only_its_item() -> None:
    out = list(map_files(_raise_on_five, list(range(8)), CatalogSpec(), jobs=2))
    assert [o for o in out if not isinstance(o, WorkerDied)] == [0, 1, 2, 3, 4, 6, 7]
    died = out[5]
    assert isinstance(died, WorkerDied) and died.error == "RuntimeError: boom"


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _capped() -> None:
    """In the child: at most 1 GiB of address space per process (workers inherit it), so
    a runaway batch fails the test instead of taking the machine."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def _alive(pids: list[int]) -> list[int]:
    """Pids still running (a zombie waiting for init to reap it has stopped)."""
    out = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            out.append(pid)
    return out


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc to find worker processes")
def test_workers_die_with_their_parent(tmp_path: Path) -> None:
    make_batch(tmp_path / "intake", copies=200)
    proc = subprocess.Popen(
        [sys.executable, "-m", "qa_checker", "check", str(tmp_path / "intake"), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=_capped,
    )
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
            workers = _children(proc.pid)
            time.sleep(0.05)
        assert len(workers) == 2, "the batch never started two workers"
        proc.kill()
        proc.wait(timeout=30)
        deadline = time.monotonic() + 10
        while _alive(workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _alive(workers) == [], "workers outlived the killed parent"
    finally:
        if proc.poll() is None:
            proc.kill()


def test_a_batch_survives_a_worker_killed_mid_run(tmp_path: Path) -> None:
    make_batch(tmp_path / "intake", copies=150)
    proc = subprocess.Popen(
        [sys.executable, "-m", "qa_checker", "check", str(tmp_path / "intake"), "--jobs", "2", "--no-fixes"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        preexec_fn=_capped,
    )
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while not workers and time.monotonic() < deadline and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.05)
    time.sleep(0.3)  # let the workers load the rule sets and take a file each
    for worker in workers[:1]:
        os.kill(worker, signal.SIGKILL)
    out, err = proc.communicate(timeout=300)
    assert "Traceback" not in out + err
    lost = [line for line in out.splitlines() if "worker process stopped (signal 9)" in line]
    assert len(lost) <= 1
    checked = 150 - len(lost)
    assert f"{checked} proposals checked, {1 + len(lost)} could not be checked" in out
    assert proc.returncode == 2  # p99-bad.yaml, and the lost file if the worker held one


KILLER = """
import os, signal, sys
import qa_checker.pipeline as pipeline
real = pipeline.check_file

def check_file(target, catalog, options):
    if target.path.name == "killer.yaml":  # as if the kernel's OOM killer chose this worker
        os.kill(os.getpid(), signal.SIGKILL)
    return real(target, catalog, options)

pipeline.check_file = check_file
from qa_checker.cli import main
sys.argv = ["qa-checker", *sys.argv[1:]]
main()
"""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_batch_with_a_fifo_a_long_name_and_a_killed_worker_checks_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "intake"
    folder.mkdir()
    good = []
    for index in range(10):
        path = folder / f"good{index:02}.yaml"
        shutil.copy(EXAMPLES / "complete.yaml", path)
        good.append(path)
    fifo = folder / "fifo.yaml"
    os.mkfifo(fifo)
    killer = folder / "killer.yaml"
    shutil.copy(EXAMPLES / "complete.yaml", killer)
    long_name = folder / ("x" * 300 + ".yaml")
    args = [*map(str, good), str(fifo), str(long_name), str(killer), "--jobs", "2", "--no-fixes"]
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, "check", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_COLOR": "1"},
        preexec_fn=_capped,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 2
    assert "Traceback" not in out
    for path in good:
        assert f"{path}: cican: " in proc.stdout, path.name
    for bad in (fifo, long_name, killer):
        assert any(line.startswith(str(bad)) and " error " in line for line in out.splitlines()), bad.name
    assert "signal 9" in out
    assert "10 proposals checked, 3 could not be checked" in proc.stdout
