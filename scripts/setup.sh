#!/usr/bin/env bash
# Installs everything the project needs from its own pinned files: npm packages from
# package-lock.json, Python tools into a project-local .venv from requirements.txt, and checkov
# into .venv-checkov from requirements-checkov.txt.
# Re-running it is cheap: each part is skipped while its lock file is unchanged.
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

# install_venv DIR REQUIREMENTS: a venv at DIR with exactly the pinned REQUIREMENTS.
install_venv() {
  local hash
  hash=$(sha256sum "$2" | cut -d' ' -f1)
  if [ ! -x "$1/bin/python" ] || ! stamp_matches "$1/.setup-stamp" "$hash"; then
    python3 -m venv "$1"
    "$1/bin/pip" install --quiet --disable-pip-version-check -r "$2"
    echo "$hash" > "$1/.setup-stamp"
  fi
}
install_venv .venv requirements.txt
# checkov's own pins conflict with the tools above (see requirements-checkov.in).
install_venv .venv-checkov requirements-checkov.txt

command -v java >/dev/null || { echo "setup: Java 17 is required by local PySpark (java not on PATH)" >&2; exit 1; }

# The pre-bundled Lambda code and the CLI that tests and synth use (skipped while up to date).
npx tsx scripts/build.ts --if-stale handlers cli
