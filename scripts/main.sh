#!/usr/bin/env bash
# The main job: install, synthesize every environment (with the cdk-nag gate), then run the
# whole platform locally on deterministic sample data and print its KPIs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/synth-all.sh
npm run --silent demo
