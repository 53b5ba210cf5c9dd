"""Write (or compare) the reference outputs that pin qa-checker's bytes.

Issue 18 speeds up the check path (compiled predicates, a leaner validator, streamed
SARIF/JUnit/GitHub output). None of that may change a byte a user or a CI system sees,
so the outputs of every format, for a corpus that covers meeting, failing, older-format,
imported and broken proposals, were recorded once before the optimisations, and
``tests/test_golden_outputs.py`` compares the current outputs with them.

Run ``python scripts/golden_outputs.py`` to compare, ``--write`` to record again (only
when a change of output is intended, and say so in the commit).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "data" / "golden"

# Every proposal in these is checked in one batch per format (batch code path), plus
# single-file runs of a few (the one-file path).
CORPUS = [
    "examples/complete.yaml",
    "examples/incomplete.yaml",
    "examples/fails-bc.yaml",
    "examples/fails-cican.yaml",
    "examples/fails-ecampusontario.yaml",
    "examples/fails-peqab-omc.yaml",
    "examples/omc-claim.yaml",
    "examples/world",
    "tests/data/listings",
    "tests/data/v1",
    "tests/data/interop",
    "tests/data/golden/inputs",
]
FORMATS = ("text", "json", "sarif", "junit", "github")

# name -> (arguments after `qa-checker`); outputs go to standard output.
CASES: dict[str, list[str]] = {}
for fmt in FORMATS:
    CASES[f"batch.{fmt}"] = ["check", "--jobs", "1", "--format", fmt, *CORPUS]
    CASES[f"complete.{fmt}"] = ["check", "--format", fmt, "examples/complete.yaml"]
    CASES[f"incomplete.{fmt}"] = ["check", "--format", fmt, "examples/incomplete.yaml"]
CASES["batch.fr.text"] = ["check", "--jobs", "1", "--lang", "fr", *CORPUS]
CASES["batch.fr.json"] = ["check", "--jobs", "1", "--lang", "fr", "--format", "json", *CORPUS]
CASES["batch.jobs2.json"] = ["check", "--jobs", "2", "--format", "json", *CORPUS]
CASES["batch.rule.text"] = ["check", "--jobs", "1", "--group", "rule", *CORPUS]
CASES["batch.world.text"] = [
    "check",
    "--jobs",
    "1",
    "-f",
    "eu-2022",
    "-f",
    "nzqa@2018",
    "-f",
    "au-nmf",
    "-f",
    "uk-qaa",
    "examples/world",
]


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QA_CHECKER", "LC_", "LANG"))}
    # a fixed "today" and report time stamp: date rules and report metadata stay put
    env.update(LC_ALL="C.UTF-8", COLUMNS="100", NO_COLOR="1", TERM="dumb", SOURCE_DATE_EPOCH="1796083200")
    # no user configuration (allowed signers, language) of whoever runs it
    env.update(XDG_CONFIG_HOME=str(ROOT / "tests" / "data" / "no-user-config"), GIT_CONFIG_GLOBAL=os.devnull)
    return env


def run(args: list[str]) -> bytes:
    """The case's standard output, standard error and exit code, as recorded."""
    exe = Path(sys.executable).with_name("qa-checker")
    done = subprocess.run([str(exe), *args], cwd=ROOT, capture_output=True, env=environment(), check=False)
    return done.stdout + b"\n--- stderr ---\n" + done.stderr + f"\n--- exit {done.returncode} ---\n".encode()


def report_digests() -> bytes:
    """SHA-256 of the HTML and PDF reports of the complete example, English and French."""
    exe = Path(sys.executable).with_name("qa-checker")
    lines = []
    with tempfile.TemporaryDirectory() as out:
        for fmt in ("html", "pdf"):
            args = [str(exe), "report", "--format", fmt, "--lang", "en,fr", "-o", out, "examples/complete.yaml"]
            subprocess.run(args, cwd=ROOT, capture_output=True, env=environment(), check=True)
        for path in sorted(Path(out).iterdir()):
            lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}")
    return ("\n".join(lines) + "\n").encode()


def outputs() -> dict[str, bytes]:
    found = {f"{name}.out": run(args) for name, args in CASES.items()}
    found["reports.sha256"] = report_digests()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="record the current outputs")
    ns = parser.parse_args()
    current = outputs()
    if ns.write:
        for name, data in current.items():
            (GOLDEN / name).write_bytes(data)
        print(f"wrote {len(current)} reference outputs to {GOLDEN.relative_to(ROOT)}")
        return 0
    differ = [name for name, data in current.items() if (GOLDEN / name).read_bytes() != data]
    for name in differ:
        print(f"differs: {name}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
