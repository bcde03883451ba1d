"""Dispute finding on the annotated examples: the shared scorer's figures plus end-to-end wall time.

    python bench/example_bench.py --shared ../shared

Runs `contrast check --format json` on every gold-annotated example (a fresh process each time, so
the time includes loading the models) and writes bench/results/example.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from contrast.nli.precision import Precision, resolve_precision

REPEATS = 3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, required=True, help="the shared folder (../shared)")
    args = parser.parse_args()
    examples = args.shared / "examples"
    command = f"{sys.executable} -m contrast.cli check --format json {{articles}}"
    scored = subprocess.run(
        [
            sys.executable,
            str(args.shared / "tools" / "score.py"),
            "--gold",
            str(examples),
            "--articles",
            str(examples),
            "--cmd",
            command,
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    summary = json.loads(scored.stdout.strip().splitlines()[-1])
    article = next(examples.glob("*.txt"))
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "contrast.cli", "check", "--format", "json", str(article)],
            capture_output=True,
            check=True,
        )
        times.append(time.perf_counter() - started)
    results = {
        "command": f"python bench/example_bench.py --shared {args.shared}",
        "score": summary,
        "score_table": scored.stdout.strip().splitlines()[:-1],
        "article": article.name,
        "words": len(article.read_text(encoding="utf-8").split()),
        "check_seconds_median": round(statistics.median(times), 2),
        "check_seconds_min": round(min(times), 2),
        "check_seconds_max": round(max(times), 2),
        "repeats": REPEATS,
        "precision": resolve_precision(Precision.auto, "cpu").value,
    }
    out = Path("bench/results/example.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
