#!/usr/bin/env bash
# The offline deploy checks, over every synthesized template of dev, staging and prod:
#   cfn-lint     template errors and warnings (ignored rules, with reasons: .cfnlintrc.yaml)
#   iam-actions  every policy action against the IAM reference (scripts/checks/iam_actions.py)
#   checkov      security checks (reviewed skips: scripts/checks/checkov-skips.yaml)
#   asl          state machine definitions against the ASL schema (scripts/checks/asl-definitions.ts)
# Usage: scripts/deploy-checks.sh [-c KEY=VALUE ...] [CDK_OUT_FOLDER]
# Without a folder it synthesizes every environment into cdk.out.deploy-checks first, with the
# given context (e.g. -c contract=PATH to check the platform built for another contract). The
# checks run in parallel; each prints its findings and a summary, and any failure fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
context=()
out=
while [ $# -gt 0 ]; do
  case "$1" in
    -c) context+=(-c "$2"); shift 2 ;;
    *) out=$1; shift ;;
  esac
done
if [ -n "$out" ] && [ ${#context[@]} -gt 0 ]; then
  echo "deploy-checks: -c applies to the synth; give a folder or context, not both" >&2
  exit 2
fi
if [ -z "$out" ]; then
  out=cdk.out.deploy-checks
  rm -rf "$out"
  # The CLI synthesizes exactly what `cdk deploy` would (context, default region, bundled assets).
  npx cdk synth --quiet --no-notices --output "$out" "${context[@]}" >"$logs/synth.out" 2>&1 ||
    { cat "$logs/synth.out"; exit 1; }
  echo "deploy-checks: synthesized every environment${context[*]:+ (${context[*]})} into $out/ in $((SECONDS - started)) s"
fi
templates=("$out"/*.template.json)
[ -e "${templates[0]}" ] || { echo "deploy-checks: no *.template.json in $out" >&2; exit 1; }

# The default build has every resource the accepted lists name: an entry for a missing one is stale.
strict=()
[ ${#context[@]} -eq 0 ] && strict=(--all-present)
checks=(cfn-lint iam-actions checkov asl)
run_check() {
  case "$1" in
    cfn-lint)
      .venv/bin/cfn-lint --format parseable -- "${templates[@]}" &&
        echo "cfn-lint $(.venv/bin/cfn-lint --version | cut -d' ' -f2): ${#templates[@]} templates, 0 findings" ;;
    iam-actions)
      .venv/bin/python scripts/checks/iam_actions.py "${strict[@]}" --accepted scripts/checks/iam-actions-accepted.yaml "$out" ;;
    checkov)
      .venv/bin/python scripts/checks/checkov_gate.py "${strict[@]}" --skips scripts/checks/checkov-skips.yaml "$out" ;;
    asl)
      npx tsx scripts/checks/asl-definitions.ts "$out" ;;
  esac
}
declare -A pids
for check in "${checks[@]}"; do
  (
    check_started=$SECONDS
    status=0
    run_check "$check" >"$logs/$check.out" 2>&1 || status=$?
    echo "$status $((SECONDS - check_started))" >"$logs/$check.status"
  ) &
  pids[$check]=$!
done

failed=()
for check in "${checks[@]}"; do
  wait "${pids[$check]}"
  read -r status seconds <"$logs/$check.status"
  verdict=$([ "$status" -eq 0 ] && echo PASS || echo FAIL)
  echo "== $check: $verdict (${seconds} s)"
  cat "$logs/$check.out"
  [ "$status" -eq 0 ] || failed+=("$check")
done

echo "deploy-checks: ${#templates[@]} templates of $out/ in $((SECONDS - started)) s${failed:+; failed: ${failed[*]}}"
echo "deploy-checks: $((${#checks[@]} - ${#failed[@]})) passed, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
