#!/usr/bin/env bash
# Regenerate the report previews in docs/ (docs/report-page-1.png, -2, ...): the PDF
# report of examples/complete.yaml, one PNG per page at 60 dpi (pdftoppm, from
# poppler-utils). Run it whenever report_templates/ changes, and commit the PNGs with
# the template change so the README always shows the report as it is.
#
#   bash scripts/render_previews.sh
#
# The date is pinned (SOURCE_DATE_EPOCH) so the images change only when the report does.
set -euo pipefail
cd "$(dirname "$0")/.."

export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1767225600}"  # 2026-01-01 00:00 UTC
QA="${QA:-.venv/bin/qa-checker}"
command -v pdftoppm >/dev/null || { echo "pdftoppm is missing: sudo apt-get install poppler-utils" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$QA" report examples/complete.yaml --format pdf --output "$work"
pdftoppm -png -r 60 "$work/complete.pdf" "$work/page"

mkdir -p docs
rm -f docs/report-page-*.png
n=0
for png in $(ls "$work"/page-*.png | sort -V); do
  n=$((n + 1))
  mv "$png" "docs/report-page-$n.png"
done
echo "wrote $n preview(s): docs/report-page-1.png ... docs/report-page-$n.png"
