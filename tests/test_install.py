"""A normal (non-editable) install finds its rules, frameworks and templates.

The wheel is built from this checkout and installed into a new virtual environment;
the command then runs from an unrelated folder, so nothing can come from the checkout.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from conftest import EXAMPLES, REPO


def test_wheel_install_runs_from_another_directory(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(wheels.glob("qa_checker-*.whl"))
    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
    )
    # The dependencies come from the test environment; qa_checker itself only from the wheel.
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(site) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run(
        [str(python), "-c", "import qa_checker.paths as p; print(p.rules_dir())"],
        cwd=elsewhere,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert where.startswith(str(env_dir)), where
    # the rule bundle built in the checkout is current in the install, and so is used
    bundled = subprocess.run(
        [str(python), "-c", "from qa_checker import rulebundle; print(rulebundle.load({}, 'en') is not None)"],
        cwd=elsewhere,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert bundled.strip() == "True", bundled

    command = env_dir / "bin" / "qa-checker"
    good = subprocess.run(
        [str(command), "check", str(EXAMPLES / "complete.yaml")], cwd=elsewhere, capture_output=True, text=True
    )
    assert good.returncode == 0, good.stdout + good.stderr
    bad = subprocess.run(
        [str(command), "check", str(EXAMPLES / "incomplete.yaml")], cwd=elsewhere, capture_output=True, text=True
    )
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert run_ok(command, elsewhere, "test-rules")
    assert run_ok(command, elsewhere, "schema")


def run_ok(command: Path, cwd: Path, *args: str) -> bool:
    return subprocess.run([str(command), *args], cwd=cwd, capture_output=True).returncode == 0
