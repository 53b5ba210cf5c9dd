#!/usr/bin/env bash
# Run Microsoft's SARIF multitool over the examples' SARIF with the ingestion rules of
# GitHub code scanning (Gh) and of GitHub Advanced Security for Azure DevOps (Ado), and
# with its default SARIF rules. The multitool is installed with npm into a temporary
# folder (never into the repository) and its packaged binary is run directly: the npm
# wrapper splits `--level "Error;Warning"` in a shell and breaks it.
#
#   bash scripts/conformance.sh            # exit 1 when a rule kind reports an error
#
# Needs node/npm and network access to the npm registry; everything else is local.
set -euo pipefail
cd "$(dirname "$0")/.."
QA=.venv/bin/qa-checker
[[ -x "$QA" ]] || QA=qa-checker
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== installing @microsoft/sarif-multitool into $work"
npm install --silent --prefix "$work" @microsoft/sarif-multitool >/dev/null
mt=$(find "$work/node_modules" -type f -name Sarif.Multitool -perm -u+x | head -n 1)
[[ -n "$mt" ]] || { echo "no Sarif.Multitool binary in the npm package" >&2; exit 2; }
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
echo "== $("$mt" --version 2>&1 | head -n 1 || true)"

# Three runs (exit 1 or 2 is expected: some examples fail on purpose): the examples; an
# example copied outside the repository, which must get a file:// URI; and a proposal
# with a syntax error, which must be a result. Each is made twice: as on any CI, and as
# inside Azure Pipelines, whose predefined variables (fake values here, in the shapes
# Azure uses) give the build identity GHAzDO requires in automationDetails.
mkdir -p "$work/outside"
cp examples/fails-bc.yaml "$work/outside/"
printf 'kind: MicroCredentialProposal\nschema_version: 1\ntitle: [unclosed\n' > "$work/outside/broken.yaml"
azure=(TF_BUILD=True SYSTEM_COLLECTIONURI=https://dev.azure.com/example-org/ SYSTEM_TEAMPROJECT=curriculum
  BUILD_DEFINITIONID=7 BUILD_DEFINITIONNAME=proposals SYSTEM_PHASEID=3c6c4d8e-6f1a-5c6b-9a55-2f4f8c0e1d2a
  SYSTEM_PHASENAME=check BUILD_SOURCEBRANCH=refs/heads/main BUILD_BUILDID=42)
sarif() {  # name, then the paths to check
  local name=$1; shift
  env -u TF_BUILD "$QA" check "$@" --format sarif --output "$work/$name.sarif" || true
  env "${azure[@]}" "$QA" check "$@" --format sarif --output "$work/$name-Ado.sarif" || true
}
sarif examples examples/*.yaml
sarif outside examples/complete.yaml "$work/outside/fails-bc.yaml"
sarif input-error examples/complete.yaml "$work/outside/broken.yaml"

status=0
for sarif in examples outside input-error; do
  for kind in Gh Ado default; do
    input="$work/$sarif.sarif"
    [[ "$kind" != Ado ]] || input="$work/$sarif-Ado.sarif"
    args=(validate "$input" --level "Error;Warning" --output "$work/$sarif-$kind.out.sarif")
    [[ "$kind" == default ]] || args+=(--rule-kind "$kind")
    out=$("$mt" "${args[@]}" 2>&1 || true)
    errors=$(python3 -c '
import json, sys
log = json.load(open(sys.argv[1]))
results = [r for run in log["runs"] for r in run.get("results", [])]
levels = [r.get("level", "warning") for r in results]
print(levels.count("error"), levels.count("warning"),
      " ".join(sorted({r["ruleId"] for r in results})) or "-")
' "$work/$sarif-$kind.out.sarif" 2>/dev/null || echo "? ? unreadable")
    read -r e w ids <<<"$errors"
    echo "$sarif.sarif  rule kind $kind: $e error(s), $w warning(s)  [$ids]"
    [[ "$e" == 0 ]] || { status=1; echo "$out" | grep -E 'error|warning' | head -n 20; }
  done
done
# A control, so a multitool that checks nothing cannot pass: the examples' SARIF with
# the first rule's fullDescription and help removed must get GH2012 errors.
python3 -c '
import json, sys
log = json.load(open(sys.argv[1]))
rule = log["runs"][0]["tool"]["driver"]["rules"][0]
rule.pop("fullDescription"); rule.pop("help")
json.dump(log, open(sys.argv[2], "w"))
' "$work/examples.sarif" "$work/control.sarif"
"$mt" validate "$work/control.sarif" --rule-kind Gh --level "Error;Warning" --output "$work/control.out.sarif" >/dev/null 2>&1 || true
if grep -q '"GH2012"' "$work/control.out.sarif"; then
  echo "control (rule without fullDescription/help) rule kind Gh: GH2012 reported, as it must be"
else
  echo "control: the multitool did not report the broken rule; its results above prove nothing" >&2
  status=1
fi
exit "$status"
