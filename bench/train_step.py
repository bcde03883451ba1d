"""Seconds per training step of NLI cross-encoders on this CPU, and what a training session of given length buys.

    python bench/train_step.py --data ../shared/nli --model models/contrast-nli-minilm-l6 \
        --model runs/all-mpnet-base-v2 --threads 1

Every model trains on the same batches (real MNLI dev mismatched pairs, batch 32, max length 128) under
fp32 and bf16 autocast; one warm-up step, then the median of the repeats. Writes bench/results/train-step.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from contrast.training.data import read_nli_file

BATCH_SIZE = 32
MAX_LENGTH = 128
REPEATS = 5
SESSION_MINUTES = 180


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="folder of NLI JSONL files (../shared/nli)")
    parser.add_argument("--model", action="append", required=True, help="model directory (repeatable)")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=REPEATS)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    rows = read_nli_file(args.data / "mnli.dev_mismatched.jsonl", limit=BATCH_SIZE * (args.repeats + 1))
    batches = [rows[i : i + BATCH_SIZE] for i in range(0, len(rows), BATCH_SIZE)]
    results: dict = {
        "batch_size": BATCH_SIZE,
        "max_length": MAX_LENGTH,
        "threads": args.threads,
        "session_minutes": SESSION_MINUTES,
        "models": {},
    }
    for path in args.model:
        timings = {precision: _step_seconds(path, batches, precision) for precision in ("fp32", "bf16")}
        results["models"][path] = {
            precision: {
                "median_seconds_per_step": seconds,
                "steps_per_session": int(SESSION_MINUTES * 60 / seconds),
                "pairs_per_session": int(SESSION_MINUTES * 60 / seconds) * BATCH_SIZE,
            }
            for precision, seconds in timings.items()
        }
        print(path, json.dumps(results["models"][path]), flush=True)
    results["command"] = (
        f"python bench/train_step.py --data {args.data} "
        + " ".join(f"--model {m}" for m in args.model)
        + f" --threads {args.threads} --repeats {args.repeats}"
    )
    out = Path("bench/results/train-step.json")
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")


def _step_seconds(path: str, batches: list, precision: str) -> float:
    """Forward, backward and AdamW update of a fresh 3-way head; the first batch warms up."""
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModelForSequenceClassification.from_pretrained(
        path, num_labels=3, ignore_mismatched_sizes=True, dtype=torch.float32
    )
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-5)
    model.train()
    seconds = []
    for batch in batches:
        encoded = tokenizer(
            [r.premise for r in batch],
            [r.hypothesis for r in batch],
            padding=True,
            truncation=True,
            max_length=MAX_LENGTH,
            return_tensors="pt",
        )
        labels = torch.tensor([max(r.label_id, 0) for r in batch])
        started = time.perf_counter()
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision == "bf16"):
            logits = model(**encoded).logits
        loss = torch.nn.functional.cross_entropy(logits.float(), labels)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds[1:])


if __name__ == "__main__":
    main()
