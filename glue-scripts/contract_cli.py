"""The normalized contract from the project's CLI, for local tools: tests, the bench, fixtures.

The job itself never resolves a contract: it is given the normalized one (--contract_path, or
the copy packaged with star_schema in Glue).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SALES_CONTRACT = REPO / "examples" / "sales" / "contract.json"


def normalized_contract(path: Path = SALES_CONTRACT) -> str:
    """`cli contract normalize PATH`: the self-contained JSON a deployment ships."""
    return _tsx(["bin/cli.ts", "contract", "normalize", str(path)])


def data_quality_rulesets(path: Path = SALES_CONTRACT) -> str:
    """The job's --dq_rulesets argument for the contract at PATH, from the one DQDL generator
    (contract/data-quality-rules.ts)."""
    script = (
        "import { loadContract } from './contract';"
        " import { dataQualityRulesetsArgument } from './contract/data-quality-rules';"
        f" process.stdout.write(dataQualityRulesetsArgument(loadContract({json.dumps(str(path))})));"
    )
    return _tsx(["-e", script])


def _tsx(args: list[str]) -> str:
    tsx = str(REPO / "node_modules" / ".bin" / "tsx")
    return subprocess.run(
        [tsx, *args], cwd=REPO, capture_output=True, text=True, check=True, timeout=120
    ).stdout
