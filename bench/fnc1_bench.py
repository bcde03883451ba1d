"""The stance model on the FNC-1 competition test split: official relative score, per-class F1, macro-F1, confusion.

    python bench/fnc1_bench.py --shared ../shared --sample 2000          # fixed stratified sample, minutes on a CPU
    python bench/fnc1_bench.py --shared ../shared                        # all 25,413 pairs (~30+ min on 2 cores)
    python bench/fnc1_bench.py --shared ../shared --logits test_logits.json   # score logits computed elsewhere (GPU)

Each (headline, body) pair is read as the product reads it: the body's evidence sentences
(`select_evidence`) against the headline, max 320 tokens, logits shifted by the model's `decision.json`.
FNC-1 has no "uncertain", so the scores count the top stance even where the product would abstain; the
abstention rate and the accuracy on the pairs it keeps are reported beside them. A `--logits` file is
JSON, `{"logits": [[agree, disagree, discuss, unrelated], …]}` (or the bare list), one row per line of
`test_stances.jsonl` in file order; `--write-logits` writes that file from a model run.
Writes bench/results/fnc1-test.json (or fnc1-test-sample.json).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import asdict
from pathlib import Path

import torch
from git_revision import short_commit

from contrast.stance.decision import Decision, read_decision
from contrast.stance.evidence import evidence_premise, split_sentences
from contrast.stance.fnc import STANCES, StanceRow, read_fnc1, stance_metrics
from contrast.stance.model import StanceModel

SEED = 0
RESULTS = Path("bench/results")


def stratified_sample(rows: list[StanceRow], size: int, *, seed: int = SEED) -> list[int]:
    """Row indices, each stance kept in its share of the split (at least one row), in file order."""
    by_stance: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        by_stance.setdefault(row.stance, []).append(index)
    rng = random.Random(seed)
    chosen = []
    for stance in STANCES:
        indices = by_stance.get(stance, [])
        chosen += rng.sample(indices, min(len(indices), max(1, round(size * len(indices) / len(rows)))))
    return sorted(chosen)


def premises(rows: list[StanceRow], bodies: dict[int, str]) -> list[tuple[str, str]]:
    """(evidence, headline) pairs, the bodies split into sentences once each."""
    sentences = {body_id: split_sentences(bodies[body_id]) for body_id in {row.body_id for row in rows}}
    return [(evidence_premise(row.headline, sentences[row.body_id]), row.headline) for row in rows]


def read_logits(path: Path) -> torch.Tensor:
    record = json.loads(path.read_text(encoding="utf-8"))
    return torch.tensor(record["logits"] if isinstance(record, dict) else record, dtype=torch.float32)


def decided(logits: torch.Tensor, decision: Decision) -> tuple[list[str], list[bool]]:
    """The top stance of each row after the biases, and whether the product would abstain on it."""
    top, best = decision.probabilities(logits).max(dim=-1)
    return [STANCES[i] for i in best.tolist()], [p < decision.abstain_below for p in top.tolist()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, required=True, help="the shared folder (../shared)")
    parser.add_argument("--model", default=None, help="stance model [default: the shipped one]")
    parser.add_argument("--sample", type=int, help="score a fixed stratified sample of this many pairs")
    parser.add_argument("--limit", type=int, help="score only the first N pairs of the split (a smoke test)")
    parser.add_argument("--logits", type=Path, help="score these logits instead of running the model")
    parser.add_argument("--write-logits", type=Path, help="also write the computed logits (full split only)")
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    began = time.perf_counter()
    bodies, rows = read_fnc1(args.shared / "fnc1", "test")
    chosen = list(range(len(rows)))
    if args.sample:
        chosen = stratified_sample(rows, args.sample)
    if args.limit:
        chosen = chosen[: args.limit]
    selected = [rows[i] for i in chosen]
    model_path = args.model or StanceModel.default_path()
    timing: dict[str, float] = {}
    started = time.perf_counter()
    if args.logits:
        logits = read_logits(args.logits)
        if len(logits) != len(rows):
            parser.error(f"{args.logits} has {len(logits)} rows; the test split has {len(rows)}")
        logits = logits[chosen]
        decision = read_decision(Path(model_path)) if Path(model_path).is_dir() else Decision()
    else:
        model = StanceModel(model_path)
        timing["load_seconds"] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        pairs = premises(selected, bodies)
        timing["evidence_seconds"] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        logits = model.logits(pairs, batch_size=args.batch_size, show_progress=True)
        timing["model_seconds"] = round(time.perf_counter() - started, 2)
        timing["pairs_per_second"] = round(len(pairs) / timing["model_seconds"], 1)
        decision = model.decision
        if args.write_logits and len(chosen) == len(rows):
            args.write_logits.write_text(json.dumps({"logits": logits.tolist()}), encoding="utf-8")
    predicted, abstained = decided(logits, decision)
    timing["total_seconds"] = round(time.perf_counter() - began, 1)
    gold = [row.stance for row in selected]
    kept = [i for i, a in enumerate(abstained) if not a]
    results = {
        "command": "python bench/fnc1_bench.py --shared ../shared"
        + (f" --sample {args.sample}" if args.sample else "")
        + (f" --limit {args.limit}" if args.limit else "")
        + (f" --logits {args.logits}" if args.logits else ""),
        "commit": short_commit(),
        "model": Path(model_path).name,  # the folder's name: no machine's path in the record
        "threads": torch.get_num_threads(),
        "split": "FNC-1 competition test",
        "rows": len(selected),
        "of_rows": len(rows),
        "decision": asdict(decision),
        "metrics": stance_metrics(gold, predicted),
        "abstained": round(sum(abstained) / len(abstained), 4),
        "accuracy_kept": round(sum(gold[i] == predicted[i] for i in kept) / len(kept), 4) if kept else None,
        "timing": timing,
    }
    out = RESULTS / ("fnc1-test-sample.json" if args.sample or args.limit else "fnc1-test.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
