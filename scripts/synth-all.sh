#!/usr/bin/env bash
# Synthesizes every environment (or the one given with -c env=NAME) with the cdk-nag
# AwsSolutions gate; findings are written to cdk.out/validation-report.json. The platform is
# built for the sales example unless -c contract=PATH names another contract; with
# -c contractBaseline=PATH (the deployed contract) breaking changes fail the synth.
set -euo pipefail
cd "$(dirname "$0")/.."
npx cdk synth --quiet "$@"
echo "synth: templates and the cdk-nag report are in cdk.out/"
ls cdk.out/*.template.json
