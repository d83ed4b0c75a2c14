#!/usr/bin/env bash
# Every static check: types, ESLint, Prettier, ruff (lint + format), sqlfluff (redshift dialect;
# the example contracts' lake queries (examples/*/lake) also in the dialects of the two engines that run them), and the
# GitHub Actions workflows (actionlint, zizmor). The deploy checks over the synthesized templates
# are scripts/deploy-checks.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc --noEmit
npx eslint --max-warnings 0 .
npx prettier --check . --log-level warn
.venv/bin/ruff check glue-scripts scripts/checks
.venv/bin/ruff format --check glue-scripts scripts/checks
.venv/bin/sqlfluff lint sql examples --processes 2 --disable-progress-bar
bash scripts/lint-workflows.sh
# Lake queries run on Athena (engine v3, Trino) and on the local DuckDB twin: both must parse them.
for dialect in athena duckdb; do
  .venv/bin/sqlfluff lint examples/*/lake --dialect "$dialect" --processes 2 --disable-progress-bar
done
