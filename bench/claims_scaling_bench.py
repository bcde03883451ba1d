"""Claim extraction time against paragraph size: the work must grow linearly, never with the square.

    python bench/claims_scaling_bench.py

One paragraph per size (10, 20, 40 and 80 KB) of two kinds: reported speech with quotations in one
sentence that never ends (the case that was quadratic: every reporting verb re-scanned the sentence's
quotations), and many short reporting sentences. Each size is timed with spaCy loaded once, after a
warm-up, median of repeats; wall and CPU seconds (CPU time is steadier on a shared machine).
Writes bench/results/claims_scaling.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

from git_revision import short_commit

from contrast.attribution import extract_claims, load_spacy
from contrast.ingest import from_text

SIZES = (10_000, 20_000, 40_000, 80_000)
REPEATS = 3
KINDS = {
    "one long sentence with quotations": (
        'The minister said that "the talks had failed", and the army said that "the town was shelled", '
        "while officials insisted, "
    ),
    "many short sentences": (
        'The minister said that "the talks had failed." The army denied that the town was shelled. '
    ),
}


def paragraph(unit: str, size: int) -> str:
    """`unit` repeated to `size` characters, cut at a word and closed with a full stop."""
    return (unit * (size // len(unit) + 1))[:size].rsplit(" ", 1)[0] + "."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--out", type=Path, default=Path("bench/results/claims_scaling.json"))
    args = parser.parse_args()
    load = os.getloadavg()[0]  # other work on the machine stretches wall time, not CPU time
    nlp = load_spacy()
    extract_claims(from_text(paragraph(KINDS["many short sentences"], 2_000)), nlp)  # warm-up
    kinds = {}
    for kind, unit in KINDS.items():
        rows = []
        for size in SIZES:
            article = from_text(paragraph(unit, size))
            walls, cpus = [], []
            for _ in range(args.repeats):
                wall, cpu = time.perf_counter(), time.thread_time()
                claims = extract_claims(article, nlp)
                walls.append(time.perf_counter() - wall)
                cpus.append(time.thread_time() - cpu)
            rows.append(
                {
                    "chars": size,
                    "claims": len(claims),
                    "wall_seconds_median": round(statistics.median(walls), 3),
                    "wall_seconds_min": round(min(walls), 3),
                    "wall_seconds_max": round(max(walls), 3),
                    "cpu_seconds_median": round(statistics.median(cpus), 3),
                }
            )
            print(kind, rows[-1], flush=True)
        smallest, largest = rows[0], rows[-1]
        kinds[kind] = {
            "rows": rows,
            "ratio_80k_to_10k_cpu": round(largest["cpu_seconds_median"] / smallest["cpu_seconds_median"], 2),
        }
    result = {
        "command": "python bench/claims_scaling_bench.py",
        "commit": short_commit(),
        "machine": platform.machine(),
        "load_average_at_start": round(load, 1),
        "repeats": args.repeats,
        "kinds": kinds,
    }
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
