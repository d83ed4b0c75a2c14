#!/usr/bin/env bash
# The main job: install, synthesize every environment, then run the local pipeline demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/synth-all.sh
