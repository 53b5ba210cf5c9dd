#!/usr/bin/env bash
# Install everything qa-checker needs on a Debian/Ubuntu machine, then run the main job
# on the bundled example: check it and write its PDF compliance report.
#
#   bash scripts/setup.sh            # system packages + .venv + tool + example report
#   QA_SKIP_APT=1 bash scripts/setup.sh   # when the system packages are already there
set -euo pipefail
cd "$(dirname "$0")/.."

# WeasyPrint (PDF reports) needs Pango and HarfBuzz's subsetter; DejaVu is the report font.
# poppler-utils gives pdftoppm, used to refresh the report previews in docs/.
APT_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils python3-venv)

if [[ -z "${QA_SKIP_APT:-}" ]] && command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  [[ "$(id -u)" -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${APT_PACKAGES[@]}"
fi

PYTHON="${PYTHON:-python3}"
"$PYTHON" -m venv .venv
# The exact, hash-checked dependency set (requirements/lock.txt; refresh it with
# scripts/lock.sh), then qa-checker itself, editable, with no further resolution.
.venv/bin/python -m pip install --quiet --require-hashes -r requirements/lock.txt
.venv/bin/python -m pip install --quiet --no-deps --no-build-isolation --editable .
# pip byte-compiles what it installs, but not the editable source: compile it once, or
# every run (PYTHONDONTWRITEBYTECODE set) compiles qa-checker's modules again (issue 18).
.venv/bin/python -m compileall -q src/qa_checker > /dev/null

echo "== qa-checker $(.venv/bin/qa-checker --version)"
.venv/bin/qa-checker check examples/complete.yaml
# The main job's second half: the example's PDF compliance report (reports/ is git-ignored).
.venv/bin/qa-checker report examples/complete.yaml --format pdf --output reports/
