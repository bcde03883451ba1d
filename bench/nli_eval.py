"""Evaluate any NLI model on the benchmark sets and time it on CPU: fp32, bf16 (autocast) and int8 side by side.

    python bench/nli_eval.py --data ../shared/nli --model models/contrast-nli-minilm-l6

Writes bench/results/nli-<model>.json and, for a local model directory, <model>/benchmark.json (read
by the model card). `python bench/summarize.py` turns the results into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path

import torch
from git_revision import short_commit

from contrast.nli.model import NLIModel
from contrast.nli.precision import Precision, native_bf16_cpu
from contrast.training.card import BENCHMARK_FILE
from contrast.training.data import read_nli_file
from contrast.training.evaluation import classification_metrics

SETS = {
    "mnli.dev_matched (trained on)": "mnli.dev_matched.jsonl",
    "mnli.dev_mismatched": "mnli.dev_mismatched.jsonl",
    "snli.test": "snli.test.jsonl",
    "anli.r1.test": "anli.r1.test.jsonl",
    "anli.r2.test": "anli.r2.test.jsonl",
    "anli.r3.test": "anli.r3.test.jsonl",
    "fever_symmetric.test": "fever_symmetric.test.jsonl",
    "negation_nli.mnli.test": "negation_nli.mnli.test.jsonl",
    "negation_nli.snli.test": "negation_nli.snli.test.jsonl",
    "negation_nli.rte.test (2-class)": "negation_nli.rte.test.jsonl",
    "hans.test (2-class)": "hans.test.jsonl",
    "breaking_nli.test": "breaking_nli.test.jsonl",
}
MAX_ROWS = 5000
SPEED_PAIRS = 1024
SPEED_REPEATS = 3
BATCH_SIZE = 32


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="folder of NLI JSONL files (../shared/nli)")
    parser.add_argument("--model", default="models/contrast-nli-minilm-l6")
    parser.add_argument("--max-rows", type=int, default=MAX_ROWS, help="seeded sample per set above this size")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    variants = {p.value: NLIModel(args.model, precision=p) for p in (Precision.fp32, Precision.bf16, Precision.int8)}
    sets = {name: _sample(read_nli_file(args.data / file), args.max_rows) for name, file in SETS.items()}
    speed_rows = read_nli_file(args.data / "mnli.dev_mismatched.jsonl")[:SPEED_PAIRS]
    results: dict = {
        "model": args.model,
        "threads": args.threads,
        "max_rows": args.max_rows,
        "native_bf16": native_bf16_cpu(),
        "variants": {},
    }
    for variant, model in variants.items():
        evaluation = {}
        for name, rows in sets.items():
            logits = model.logits([(r.premise, r.hypothesis) for r in rows], batch_size=64)
            evaluation[name] = classification_metrics(
                logits, torch.tensor([r.label_id for r in rows]), model.temperature
            )
            print(f"{variant} {name}: {evaluation[name]['accuracy']:.4f}", flush=True)
        results["variants"][variant] = {"sets": evaluation, "speed": _speed(model, speed_rows)}
        print(f"{variant} speed: {results['variants'][variant]['speed']}", flush=True)

    results["command"] = (
        f"python bench/nli_eval.py --data {args.data} --model {args.model} "
        f"--max-rows {args.max_rows} --threads {args.threads}"
    )
    results["commit"] = short_commit()
    name = Path(args.model).name
    out = Path("bench/results") / f"nli-{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    if Path(args.model).is_dir():
        summary = {
            "command": results["command"],
            "sets": {k: v for k, v in results["variants"]["fp32"]["sets"].items() if "mnli.dev" not in k},
            "speed": {name: v["speed"]["median_pairs_per_second"] for name, v in results["variants"].items()},
        }
        (Path(args.model) / BENCHMARK_FILE).write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")


def _sample(rows: list, limit: int) -> list:
    if len(rows) <= limit:
        return rows
    return random.Random(0).sample(rows, limit)


def _speed(model: NLIModel, rows: list) -> dict:
    """Pairs per second, batch 32, real MNLI pair lengths: one warm-up, then the median of repeats."""
    pairs = [(r.premise, r.hypothesis) for r in rows]
    model.logits(pairs[: BATCH_SIZE * 2], batch_size=BATCH_SIZE)
    rates = []
    for _ in range(SPEED_REPEATS):
        started = time.perf_counter()
        model.logits(pairs, batch_size=BATCH_SIZE)
        rates.append(len(pairs) / (time.perf_counter() - started))
    return {
        "median_pairs_per_second": statistics.median(rates),
        "min": min(rates),
        "max": max(rates),
        "pairs": len(pairs),
        "repeats": SPEED_REPEATS,
    }


if __name__ == "__main__":
    main()
