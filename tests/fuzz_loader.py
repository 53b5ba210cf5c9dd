"""Fuzz target for the loader, the model and the engine (hypothesis-based).

    .venv/bin/python tests/fuzz_loader.py --examples 2000 [--seed N]

Feeds arbitrary bytes, and the proposals in examples/ after random mutations (bit
flips, inserted YAML syntax, anchors and aliases, tags, tabs, deep nesting, cut or
duplicated lines, swapped values), to ``load_bytes`` → ``validate`` → ``evaluate``.
The documented input errors (``InputError``, ``InputErrors``, ``NotAProposal``) are
expected; any other exception is a bug: the input and the traceback are printed and
the exit code is 1. Not collected by pytest (the file name does not start with
``test_``); ``.ci/run`` runs it with a bounded number of examples.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, seed, settings
from hypothesis import strategies as st

from qa_checker.engine import evaluate
from qa_checker.errors import InputError, InputErrors
from qa_checker.loader import load_bytes
from qa_checker.pipeline import RunOptions
from qa_checker.rulesets import load_catalog
from qa_checker.validate import validate

REPO = Path(__file__).resolve().parent.parent
YAML_SEEDS = [p.read_bytes() for p in sorted((REPO / "examples").glob("*.yaml"))]
# The same proposals as JSON, so JSON input gets past the syntax check too.
SEEDS = [(raw, "yaml") for raw in YAML_SEEDS] + [
    (json.dumps(yaml.safe_load(raw), indent=1, default=str).encode(), "json") for raw in YAML_SEEDS
]
CATALOG = load_catalog()
ALL = sorted(CATALOG.rulesets)

# Fragments that stress the parts of the loader that refuse things.
TOKENS = [
    b"&a ",
    b"*a",
    b"*b",
    b"!!python/object:os.system ",
    b"!!binary ",
    b"!custom ",
    b"!!str ",
    b"!!int ",
    b"!!float ",
    b"!!timestamp ",
    b"<<: *a\n",
    b"? ",
    b"- ",
    b": ",
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b"\t",
    b"\n",
    b"---\n",
    b"...\n",
    b"%YAML 1.1\n",
    b"%TAG ! tag:x,2000:\n",
    b"|\n  ",
    b">-\n  ",
    b'"\\x00"',
    b'"\\ud800"',
    b"'",
    b'"',
    b"#",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\x00",
    b".nan",
    b"-.inf",
    b"0x1F",
    b"1e400",
    b"9" * 400,
    b"2026-02-30",
    b"yes",
    b"null",
    b"~",
    b"[" * 80 + b"]" * 80,
    b"{a: " * 70 + b"1" + b"}" * 70,
]
BILLION_LAUGHS = (
    b"a: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefg", "bcdefgh", strict=True)).encode()
    + b"kind: MicroCredentialProposal\nschema_version: 1\ntitle: *h\n"
)


@st.composite
def mutated(draw: Any) -> tuple[bytes, str]:
    raw, fmt = draw(st.sampled_from(SEEDS))
    data = bytearray(raw)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "insert", "token", "delete", "truncate", "dupline", "swaplines", "value"]))
        pos = draw(st.integers(0, len(data)))
        if kind == "flip" and data:
            i = min(pos, len(data) - 1)
            data[i] ^= 1 << draw(st.integers(0, 7 if draw(st.integers(0, 9)) == 0 else 6))  # mostly stays ASCII
        elif kind == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=16) | st.text(min_size=1, max_size=16).map(str.encode))
        elif kind == "token":
            data[pos:pos] = draw(st.sampled_from(TOKENS))
        elif kind == "delete":
            del data[pos : pos + draw(st.integers(1, 64))]
        elif kind == "truncate":
            del data[pos:]
        elif kind in ("dupline", "swaplines", "value"):
            lines = bytes(data).split(b"\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            if kind == "dupline":
                lines.insert(j, lines[i])
            elif kind == "swaplines":
                lines[i], lines[j] = lines[j], lines[i]
            elif b": " in lines[i]:
                key = lines[i].split(b": ", 1)[0]
                value = draw(st.sampled_from(TOKENS) | st.binary(max_size=12) | st.sampled_from([b"[]", b"{}", b"1"]))
                lines[i] = key + b": " + value
            data = bytearray(b"\n".join(lines))
    return bytes(data), fmt


inputs = st.one_of(
    st.tuples(st.binary(max_size=512), st.sampled_from(["yaml", "json"])),
    mutated(),
    mutated(),
    mutated(),
    mutated(),
    st.just((BILLION_LAUGHS, "yaml")),
)
outcomes: Counter[str] = Counter()


def run_one(raw: bytes, fmt: str) -> None:
    """The pipeline of ``qa-checker check`` on one input; raises only on a bug."""
    try:
        doc = load_bytes(raw, "fuzz.yaml", fmt=fmt)
        validated = validate(doc)
    except InputErrors:
        outcomes["input errors (model)"] += 1
        return
    except InputError as exc:
        outcomes[f"input error: {exc.key}"] += 1
        return
    evaluate(doc, validated, CATALOG, RunOptions(frameworks=ALL))
    evaluate(doc, validated, CATALOG, RunOptions())
    outcomes["checked"] += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=500, help="inputs to try (default 500)")
    parser.add_argument("--seed", type=int, default=None, help="hypothesis seed, to replay a run")
    parser.add_argument("--verbose", action="store_true", help="print what the inputs turned into")
    args = parser.parse_args(argv)

    failure: dict[str, Any] = {}

    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )
    @given(inputs)
    @example((b'a: !!int ""\n', "yaml"))  # tagged scalars with no digits at all
    @example((b"a: !!float -\n", "yaml"))
    @example((b"kind: !!int\n", "yaml"))
    def fuzz(case: tuple[bytes, str]) -> None:
        raw, fmt = case
        try:
            run_one(raw, fmt)
        except Exception as exc:
            failure.update(raw=raw, fmt=fmt, trace=traceback.format_exc(), exc=exc)
            raise

    if args.seed is not None:
        fuzz = seed(args.seed)(fuzz)
    try:
        fuzz()
    except Exception:
        print("FUZZ FAILURE: an exception other than the documented input errors", file=sys.stderr)
        print(f"format: {failure.get('fmt')}; input ({len(failure.get('raw', b''))} bytes):", file=sys.stderr)
        print(repr(failure.get("raw", b""))[:4000], file=sys.stderr)
        print(failure.get("trace", ""), file=sys.stderr)
        return 1
    total = sum(outcomes.values())
    print(f"fuzz_loader: {args.examples} examples requested, {total} inputs run, no unexpected exception")
    if args.verbose:
        for key, count in outcomes.most_common():
            print(f"  {count:6d}  {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
