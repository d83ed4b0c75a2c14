#!/usr/bin/env bash
# Runs the integration test (test/integ/integ.data-platform.ts) against the account and Region
# of the current AWS credentials, as integ-runner would: deploys the platform in its dev
# configuration (stack dp-integ-data-platform) and the assertion stack (dp-integ-assertions),
# whose custom resources land the smoke batch, wait for its run to SUCCEED and check the
# warehouse row counts. A failed check fails the deploy. Both stacks are then destroyed, also
# after a failure, unless --no-clean is given. Takes 45-75 minutes; costs and cleanup: README.
set -euo pipefail
cd "$(dirname "$0")/.."

clean=true
case "${1:-}" in
  "") ;;
  --no-clean) clean=false ;;
  *) echo "usage: $0 [--no-clean]" >&2; exit 2 ;;
esac

# The app stages the pre-bundled handlers: build them first if a source changed since.
npx tsx scripts/build.ts --if-stale handlers
app='npx tsx test/integ/integ.data-platform.ts'
outputs=cdk.out/integ-outputs.json
destroy() { npx cdk destroy --app "$app" --all --force; }
if $clean; then trap destroy EXIT; fi

npx cdk deploy --app "$app" --all --require-approval never --outputs-file "$outputs"

# Every check waits for its assertion, so a deploy that succeeded has passed them all; the
# outputs say so explicitly, the way integ-runner reports them.
node -e '
const outputs = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
const results = Object.values(outputs).flatMap((stack) =>
  Object.entries(stack).filter(([name]) => name.startsWith("AssertionResults")));
const failed = results.filter(([, value]) => JSON.parse(value).status !== "success");
for (const [name, value] of results) console.log(`${name}: ${value}`);
if (results.length === 0 || failed.length > 0) process.exit(1);
' "$outputs"
