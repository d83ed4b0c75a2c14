#!/usr/bin/env bash
# Every benchmark, one after the other; each prints its own figures.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run --silent bench:validate
npm run --silent bench:synth
npm run --silent bench:etl
npm run --silent bench:stream
npm run --silent bench:pipeline
