#!/usr/bin/env bash
# The test command: install, lint, every TypeScript and Python test, then the deploy checks over
# the synthesized templates of every environment.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/lint.sh
npx jest --ci  # every TypeScript test, the integration test's snapshot check (test/integ) included
if [ -d glue-scripts/tests ]; then
  .venv/bin/python -m pytest -q glue-scripts/tests
fi
.venv/bin/python -m pytest -q scripts/checks
bash scripts/deploy-checks.sh
