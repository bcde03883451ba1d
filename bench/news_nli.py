"""News-domain NLI figures: does the model call contradiction only where statements truly conflict?

    python bench/news_nli.py --model models/contrast-nli-minilm-l6 --data ../shared/nli --examples ../shared/examples

- gold disputes against compatible pairs (claim texts of the example's and the dev sets' gold files, both
  directions, mean contradiction probability): ROC AUC overall and per set, and the share of compatible pairs
  called contradiction (p >= 0.5);
- unrelated pairs: premise and hypothesis from different rows of MNLI dev mismatched and SNLI dev, the share
  called contradiction (p >= 0.5);
- probes: pairs from the issue tracker that must not read as contradiction.

Writes bench/results/news-nli-<label>.json and, for a local model directory, <model>/news_benchmark.json
(read by the model card).
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import asdict
from pathlib import Path

import torch
from git_revision import short_commit

from contrast.nli.model import NLIModel
from contrast.training.card import NEWS_BENCHMARK_FILE
from contrast.training.data import read_nli_file

DEV_SETS = ("fnc-dev", "fnc-dev2", "wire-dev")
UNRELATED_FILES = ("mnli.dev_mismatched.jsonl", "snli.dev.jsonl")
UNRELATED_PAIRS = 1000
THRESHOLD = 0.5
PROBES = (
    ("The central bank raised interest rates by half a point.", "A new species of frog was found in Peru."),
    ("We wanted to finish the process", "We don't want to build up anybody's expectations"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="models/contrast-nli-minilm-l6")
    parser.add_argument("--data", type=Path, required=True, help="folder of NLI JSONL files (../shared/nli)")
    parser.add_argument("--examples", type=Path, required=True, help="folder with gold files (../shared/examples)")
    parser.add_argument("--label", help="name in the results file [default: the model directory's name]")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    label = args.label or Path(args.model).name
    model = NLIModel(args.model, device="cpu", precision="fp32")

    per_set = {}
    for name in ("example", *DEV_SETS):
        files = _gold_files(args.examples, name)
        disputes, compatible = gold_pairs(files)
        per_set[name] = {
            "gold_files": len(files),
            "disputes": _mean_contradiction(model, disputes),
            "compatible": _mean_contradiction(model, compatible),
        }
    dispute_scores = [score for figures in per_set.values() for score in figures["disputes"]]
    compatible_scores = [score for figures in per_set.values() for score in figures["compatible"]]
    unrelated = unrelated_pairs(args.data, UNRELATED_PAIRS)
    unrelated_scores = [p.contradiction for p in model.predict(unrelated)]
    results = {
        "model": args.model,
        "label": label,
        "news": {
            "gold_files": sum(figures["gold_files"] for figures in per_set.values()),
            "disputes": len(dispute_scores),
            "compatible": len(compatible_scores),
            "roc_auc": roc_auc(dispute_scores, compatible_scores),
            "compatible_contradiction_rate": _rate(compatible_scores),
            "dispute_contradiction_rate": _rate(dispute_scores),
        },
        "news_by_set": {
            name: {
                "gold_files": figures["gold_files"],
                "disputes": len(figures["disputes"]),
                "compatible": len(figures["compatible"]),
                "roc_auc": roc_auc(figures["disputes"], figures["compatible"]) if figures["compatible"] else None,
            }
            for name, figures in per_set.items()
        },
        "unrelated": {
            "files": list(UNRELATED_FILES),
            "pairs": len(unrelated),
            "contradiction_rate": _rate(unrelated_scores),
            "mean_contradiction": sum(unrelated_scores) / len(unrelated_scores),
        },
        "probes": [
            {"premise": a, "hypothesis": b} | {k: round(v, 4) for k, v in asdict(p).items()}
            for (a, b), p in zip(PROBES, model.predict(list(PROBES)), strict=True)
        ],
        "threshold": THRESHOLD,
        "command": (
            f"python bench/news_nli.py --model {args.model} --data {args.data} --examples {args.examples}"
            + (f" --label {args.label}" if args.label else "")
        ),
        "commit": short_commit(),
    }
    out = Path("bench/results") / f"news-nli-{label}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    if Path(args.model).is_dir():
        (Path(args.model) / NEWS_BENCHMARK_FILE).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: results[k] for k in ("news", "unrelated", "probes")}, indent=1))
    print(f"wrote {out}")


def gold_pairs(files: list[Path]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(claim text, claim text) of every gold dispute and every gold compatible pair."""
    disputes, compatible = [], []
    for path in files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = {claim["id"]: claim["text"] for claim in gold["claims"]}
        disputes += [(text[d["a"]], text[d["b"]]) for d in gold["disputes"]]
        compatible += [(text[a], text[b]) for a, b in gold.get("compatible", [])]
    return disputes, compatible


def unrelated_pairs(data: Path, count: int) -> list[tuple[str, str]]:
    """Seeded cross-row pairs: each file gives an equal share, premise and hypothesis from different premises."""
    rng = random.Random(0)
    pairs = []
    for name in UNRELATED_FILES:
        rows = read_nli_file(data / name)
        while len(pairs) < count * (UNRELATED_FILES.index(name) + 1) // len(UNRELATED_FILES):
            a, b = rng.sample(rows, 2)
            if a.premise != b.premise:
                pairs.append((a.premise, b.hypothesis))
    return pairs


def roc_auc(positives: list[float], negatives: list[float]) -> float:
    """Probability that a random dispute outscores a random compatible pair (ties count half)."""
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def _gold_files(examples: Path, name: str) -> list[Path]:
    if name == "example":
        return sorted(examples.glob("*.gold.json"))
    return sorted((examples / name / "gold").glob("*.json"))


def _mean_contradiction(model: NLIModel, pairs: list[tuple[str, str]]) -> list[float]:
    both = model.predict([*pairs, *((b, a) for a, b in pairs)])
    return [(both[i].contradiction + both[i + len(pairs)].contradiction) / 2 for i in range(len(pairs))]


def _rate(scores: list[float]) -> float:
    return sum(score >= THRESHOLD for score in scores) / len(scores)


if __name__ == "__main__":
    main()
