"""getResolvedOptions as Glue implements it: every named option is required, others are ignored."""

from __future__ import annotations

import argparse


def getResolvedOptions(args: list[str], options: list[str]) -> dict[str, str]:
    parser = argparse.ArgumentParser(add_help=False)
    for option in options:
        parser.add_argument(f"--{option}", required=True)
    known, _ = parser.parse_known_args(args[1:])
    return vars(known)
