"""The hostile-size benchmark: one proposal listing 20,000 competencies without ``source``.

CICAN-P3.1 (an ``each:`` rule over ``/competencies/*``) fails once per competency, and
the eCampusOntario rules over competencies add more, so one file yields about 80,000
findings. Before 0.2.0 every failure carried a copy of the whole competency list (6.1
GiB and 28 s for this file, reliability.md Q20000). Targets: under 60 s wall and under
1 GiB peak RSS for ``qa-checker check FILE`` (text output, as a user runs it). The
file is within every default limit (20,000 is ``max_items``).

``run.py`` calls ``bench_large`` for RESULTS.md; on its own this script prints the
figures:

    .venv/bin/python benchmarks/large.py [--n 20000]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

TARGET_SECONDS, TARGET_RSS_MB = 60.0, 1024.0
COUNT = 20_000


def write_proposal(path: Path, count: int = COUNT) -> Path:
    """The proposal: a header and ``count`` competencies with only an ``id``."""
    items = "".join(f"  - {{id: C{i}}}\n" for i in range(count))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"kind: MicroCredentialProposal\nschema_version: 1\ntitle: Large\ncompetencies:\n{items}", encoding="utf-8"
    )
    return path


def bench_large(res: Any, measure: Callable[..., Any], qa_checker: list[str], work: Path, count: int = COUNT) -> None:
    """Add row (e) and its details to ``res`` (run.py's ``Results``)."""
    path = write_proposal(work / "large" / f"competencies-{count}.yaml", count)
    print(f"(e) one proposal with {count:,} competencies without source ...", flush=True)
    run = measure([*qa_checker, "check", str(path)], "large")
    findings = 0
    if run.stdout:
        findings = sum(1 for line in run.stdout.read_text(encoding="utf-8").splitlines() if line.startswith(str(path)))
    ok = run.wall < TARGET_SECONDS and run.maxrss_mb < TARGET_RSS_MB and run.rc == 1
    print(f"    {run.wall:.1f} s, {run.maxrss_mb:.0f} MB (exit {run.rc})", flush=True)
    res.rows.append(
        (
            f"e. one proposal, {count:,} competencies without `source`: wall / peak RSS",
            f"{run.wall:.1f} s / {run.maxrss_mb:.0f} MB",
            f"< {TARGET_SECONDS:.0f} s / < {TARGET_RSS_MB / 1024:.0f} GiB",
            "met" if ok else "**missed**",
        )
    )
    if not ok:
        res.missed.append("e")
    res.details += [
        "### e. A hostile-size proposal",
        "",
        f"- File: `benchmarks/large.py` writes one proposal listing {count:,} competencies with only an `id` "
        f"({path.stat().st_size:,} bytes; {count:,} is the default `max_items`).",
        f"- `qa-checker check FILE` (text output): {run.wall:.2f} s wall, CPU {run.cpu:.1f} s, peak RSS "
        f"{run.maxrss_mb:.1f} MB, exit code {run.rc}, {findings:,} lines naming the file "
        f"({run.load_note()}).",
        "- Before 0.2.0: 6.1 GiB and 28 s (reliability.md Q20000); every failing finding of the `each:` rule "
        "held a copy of the whole competency list.",
        "",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=COUNT, help=f"competencies (default {COUNT})")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import run as bench  # the sibling module

    bench.WORK.mkdir(parents=True, exist_ok=True)
    res = bench.Results(1, [])
    bench_large(res, bench.measure, bench.qa_checker(), bench.WORK, args.n)
    print("\n".join(["| " + " | ".join(r) + " |" for r in res.rows] + ["", *res.details]))
    return 0 if not res.missed else 1


if __name__ == "__main__":
    sys.exit(main())
