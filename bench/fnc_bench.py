"""Disputes on unseen real articles: the shared scorer on fnc-dev, end to end through the CLI.

    python bench/fnc_bench.py --shared ../shared

Runs `contrast check --format json` on each of the 19 FNC-1 bodies in `fnc-dev` (a fresh process each,
as a user would) and writes the scorer's totals and per-article table to bench/results/fnc-dev.json.
The engine's thresholds are fitted on two dev sets and scored on the third by `bench/fit_engine.py`;
`bench/funnel.py` scores all three in one process and says where each gold dispute is lost.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, required=True, help="the shared folder (../shared)")
    args = parser.parse_args()
    fnc_dev = args.shared / "examples" / "fnc-dev"
    command = f"{sys.executable} -m contrast.cli check --format json {{articles}}"
    scorer = [sys.executable, str(args.shared / "tools" / "score.py"), "--gold", str(fnc_dev / "gold")]
    scored = subprocess.run(
        [*scorer, "--articles", str(fnc_dev), "--cmd", command, "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = scored.stdout.strip().splitlines()
    results = {
        "command": f"python bench/fnc_bench.py --shared {args.shared}",
        "score": json.loads(lines[-1]),
        "score_table": lines[:-1],
    }
    out = Path("bench/results/fnc-dev.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
