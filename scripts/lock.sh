#!/usr/bin/env bash
# Refresh the pinned, hash-checked dependency set that scripts/setup.sh and CI install.
#
#   bash scripts/lock.sh            # re-resolve from pyproject.toml's ranges
#   bash scripts/lock.sh --upgrade  # also move every pin to the newest allowed release
#
# pyproject.toml keeps library-style ranges (what a user's own environment may have);
# requirements/lock.txt is the one exact set the README's install and CI use, so a
# new release of a dependency cannot change a test result until someone re-locks.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
[[ -x "$PY" ]] || PY=python3
"$PY" -m pip install --quiet "uv>=0.4"
"$PY" -m uv pip compile pyproject.toml --extra test --generate-hashes \
  --python-version 3.11 --python-platform x86_64-manylinux_2_28 \
  --output-file requirements/lock.txt "$@"
