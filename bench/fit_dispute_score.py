"""Fit the dispute score on fnc-dev with two-fold cross-validation, and record what it does.

Runs the pipeline up to NLI on each annotated article of `../shared/examples/fnc-dev`, labels every
scored pair by whether it matches a gold dispute (the scorer's own matching), then:

- fits the logistic dispute score on one half of the articles and scores `contrast check` on the
  other half, both ways round (the figures to trust); the annotated example joins the first half, as
  it is the one article whose disputes are all between named sources;
- fits on all articles and the example and writes `contrast/dispute_score.json` (what ships);
- records both halves, the pooled out-of-fold reliability table and the example article's figures in
  `bench/results/dispute_score.json`.

    python bench/fit_dispute_score.py [--write]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FNC_DEV = SHARED / "examples" / "fnc-dev"
EXAMPLE_GOLD = SHARED / "examples" / "efe-2023-09-19-karabakh.gold.json"
RESULT = ROOT / "bench" / "results" / "dispute_score.json"
RELIABILITY_BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.01)

sys.path.insert(0, str(SHARED / "tools"))
sys.path.insert(0, str(ROOT))

from score import claim_matches, score_one  # noqa: E402

from contrast.claims import extract_claims  # noqa: E402
from contrast.dispute_score import (  # noqa: E402
    DisputeScoreModel,
    fit_dispute_score,
    pair_features,
)
from contrast.disputes import find_disputes  # noqa: E402
from contrast.ingest import read_article  # noqa: E402
from contrast.nli.model import PairScore, score_pairs  # noqa: E402
from contrast.pairing import embed_claims, find_candidate_pairs  # noqa: E402
from contrast.pipeline import Models, load_models  # noqa: E402


def scored_article(gold_path: Path, articles_dir: Path, models: Models) -> dict:
    """Claims, scored pairs and each pair's gold label for one annotated article."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    article = read_article(str(articles_dir / gold["article"]))
    claims = extract_claims(article, models.nlp)
    scores: list[PairScore] = []
    if claims:
        pairs = find_candidate_pairs(claims, embed_claims(claims, models.embedder))
        scores = score_pairs(pairs, models.nli)
    matches = {g["id"]: {c.id for c in claims if claim_matches(g["text"], c.text)} for g in gold["claims"]}
    labels = [_is_gold_dispute(score, gold, matches) for score in scores]
    return {"name": gold_path.stem, "gold": gold, "claims": claims, "scores": scores, "labels": labels}


def _is_gold_dispute(score: PairScore, gold: dict, matches: dict[str, set[str]]) -> bool:
    a, b = score.pair.a.id, score.pair.b.id
    return any(
        (a in matches[d["a"]] and b in matches[d["b"]]) or (b in matches[d["a"]] and a in matches[d["b"]])
        for d in gold["disputes"]
    )


def figures(articles: list[dict], model: DisputeScoreModel) -> dict:
    """The scorer's totals for `contrast check` with this dispute score."""
    totals: dict[str, int] = {}
    per_article = {}
    for item in articles:
        disputes = find_disputes(item["scores"], model=model)
        report = {
            "claims": [asdict(claim) for claim in item["claims"]],
            "disputes": [asdict(dispute) for dispute in disputes],
        }
        row = score_one(item["gold"], report)
        per_article[item["name"]] = row
        for key, value in row.items():
            totals[key] = totals.get(key, 0) + value
    recall = totals["found"] / max(totals["gold_disputes"], 1)
    precision = totals["true_pairs"] / max(totals["pairs"], 1)
    return {
        "fact_recall": round(totals["facts_found"] / max(totals["facts"], 1), 3),
        "recall": round(recall, 3),
        "precision": round(precision, 3),
        "f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
        "hard_fp": totals["hard_fp"],
        "attribution": round(totals["attributed"] / max(totals["disputed_claims"], 1), 3),
        "pairs": totals["pairs"],
        "per_article": per_article,
    }


def fit(articles: list[dict]) -> DisputeScoreModel:
    rows = [pair_features(score) for item in articles for score in item["scores"]]
    labels = [label for item in articles for label in item["labels"]]
    return fit_dispute_score(rows, labels)


def reliability(articles: list[dict], model: DisputeScoreModel) -> list[dict]:
    """Out-of-fold: how often pairs scored in each band really are gold disputes."""
    table = []
    scored = [
        (model.probability(pair_features(score)), label)
        for item in articles
        for score, label in zip(item["scores"], item["labels"], strict=True)
    ]
    for low, high in itertools.pairwise(RELIABILITY_BINS):
        band = [label for p, label in scored if low <= p < high]
        table.append({"band": f"{low:.1f}-{min(high, 1.0):.1f}", "pairs": len(band), "disputes": sum(band)})
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write contrast/dispute_score.json and the results")
    args = parser.parse_args()
    if not FNC_DEV.is_dir():
        sys.exit(f"error: {FNC_DEV} not found; this benchmark needs the shared annotated articles")
    models = load_models()
    articles = [scored_article(path, FNC_DEV, models) for path in sorted((FNC_DEV / "gold").glob("*.json"))]
    example = scored_article(EXAMPLE_GOLD, EXAMPLE_GOLD.parent, models)
    halves = ([*articles[0::2], example], articles[1::2])
    folds = []
    for train, test in (halves, halves[::-1]):
        model = fit(train)
        folds.append(
            {
                "fit_on": [item["name"] for item in train],
                "threshold": model.threshold,
                "held_out": figures([item for item in test if item is not example], model),
                "example_held_out": figures([example], model) if example in test else None,
                "fitted_half": figures(train, model),
                "reliability_held_out": reliability(test, model),
            }
        )
    shipped = fit([*articles, example])
    result = {
        "folds": folds,
        "shipped": {**shipped.to_json(), "all_articles": figures(articles, shipped)},
        "example": figures([example], shipped),
        "reliability_out_of_fold": [
            {
                "band": a["band"],
                "pairs": a["pairs"] + b["pairs"],
                "disputes": a["disputes"] + b["disputes"],
            }
            for a, b in zip(folds[0]["reliability_held_out"], folds[1]["reliability_held_out"], strict=True)
        ],
    }
    summary = {
        "held_out": [{k: v for k, v in fold["held_out"].items() if k != "per_article"} for fold in folds],
        "all": {k: v for k, v in result["shipped"]["all_articles"].items() if k != "per_article"},
        "example": {k: v for k, v in result["example"].items() if k != "per_article"},
        "threshold": shipped.threshold,
    }
    print(json.dumps(summary, indent=1))
    if args.write:
        (ROOT / "contrast" / "dispute_score.json").write_text(
            json.dumps(shipped.to_json(), indent=1) + "\n", encoding="utf-8"
        )
        RESULT.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
