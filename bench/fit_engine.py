"""Fit the dispute engine's few thresholds on some dev sets and report them on the others, in every direction.

    python bench/fit_engine.py --shared ../shared

Claims, candidate pairs and NLI probabilities are computed once per article (they do not depend on the
thresholds); then every combination of the grid below is scored by the shared scorer. For each held-out
set, the combination with the best pair F1 on the two other sets, among those that report no dispute
between named sources on their quiet bodies, is chosen and its figures on the held-out
set are reported; then the combination that is best on all three pooled (what the defaults are set
to) and the figures of the shipped defaults everywhere. Writes bench/results/fit-engine.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections import Counter
from pathlib import Path

from funnel import DEV_SETS, _load_scorer, _summary
from git_revision import short_commit

from contrast.attribution import extract_claims
from contrast.disputes import find_disputes, group_propositions, link_claims, own_links
from contrast.disputes.candidates import embed_claims, find_candidate_pairs
from contrast.disputes.stance import (
    DEFAULT_MIN_CONTRADICTION,
    DEFAULT_MIN_ENTAILMENT,
    DEFAULT_MIN_SHARED,
    DEFAULT_OWN_SIMILARITY,
)
from contrast.ingest import read_article
from contrast.nli.model import NLIModel, NLIProbabilities
from contrast.pipeline import load_models

GRID = {
    "min_contradiction": (0.6, 0.7, 0.8, 0.9),
    "min_shared": (0.0, 0.2, 0.4),
    "min_entailment": (0.4, 0.5, 0.6),
    "own_similarity": (0.5, 0.6, 0.7, 0.8),
}
DEFAULTS = {
    "min_contradiction": DEFAULT_MIN_CONTRADICTION,
    "min_shared": DEFAULT_MIN_SHARED,
    "min_entailment": DEFAULT_MIN_ENTAILMENT,
    "own_similarity": DEFAULT_OWN_SIMILARITY,
}


class CachedNLI:
    """The NLI model behind a memo, so the grid asks each premise/hypothesis pair once."""

    def __init__(self, model: NLIModel) -> None:
        self.model = model
        self.memo: dict[tuple[str, str], NLIProbabilities] = {}

    def predict(self, pairs: list[tuple[str, str]], **_: object) -> list[NLIProbabilities]:
        missing = [pair for pair in dict.fromkeys(pairs) if pair not in self.memo]
        self.memo.update(zip(missing, self.model.predict(missing), strict=True))
        return [self.memo[pair] for pair in pairs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, required=True, help="the shared folder (../shared)")
    args = parser.parse_args()
    scorer = _load_scorer(args.shared / "tools" / "score.py")
    models = load_models()
    nli = CachedNLI(models.nli)
    prepared = {name: _prepare(args.shared / "examples" / name, models, nli) for name in DEV_SETS}
    combos = [dict(zip(GRID, values, strict=True)) for values in itertools.product(*GRID.values())]
    scores = {
        json.dumps(combo): {name: _score(prepared[name], combo, nli, scorer) for name in DEV_SETS} for combo in combos
    }
    results = {"command": "python bench/fit_engine.py --shared ../shared", "commit": short_commit(), "held_out": {}}
    for held_out in DEV_SETS:
        fitted_on = [name for name in DEV_SETS if name != held_out]
        best = max(scores, key=lambda key: _pooled_f1([scores[key][name] for name in fitted_on]))
        results["held_out"][held_out] = {"fitted_on": fitted_on, "params": json.loads(best), **scores[best][held_out]}
        print(held_out, "fitted on", fitted_on, best, scores[best][held_out], flush=True)
    pooled = max(scores, key=lambda key: _pooled_f1([scores[key][name] for name in DEV_SETS]))
    results["all_sets"] = {"params": json.loads(pooled), **scores[pooled]}
    print("fitted on all three (the candidates for the shipped defaults):", pooled, flush=True)
    defaults = {name: _score(prepared[name], DEFAULTS, nli, scorer) for name in DEV_SETS}
    results["defaults"] = {"params": DEFAULTS, **defaults}
    print("defaults", DEFAULTS, json.dumps(defaults))
    out = Path("bench/results/fit-engine.json")
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


def _prepare(folder: Path, models: object, nli: CachedNLI) -> list[tuple[dict, list, list, object]]:
    """Per article: its gold, claims and candidate pairs, and the NLI answers the grid will ask for."""
    prepared = []
    for path in sorted((folder / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        claims = extract_claims(read_article(str(folder / gold["article"])), models.nlp)  # type: ignore[attr-defined]
        embeddings = embed_claims(claims, models.embedder) if claims else None  # type: ignore[attr-defined]
        pairs = find_candidate_pairs(claims, embeddings) if claims else []
        link_claims(pairs, nli)  # type: ignore[arg-type]
        prepared.append((gold, claims, pairs, embeddings))
    return prepared


def _score(prepared: list[tuple[dict, list, list, object]], params: dict, nli: CachedNLI, scorer: object) -> dict:
    totals: Counter[str] = Counter()
    for gold, claims, pairs, embeddings in prepared:
        own = own_links(claims, embeddings, min_similarity=params["own_similarity"]) if claims else []
        nli_params = {k: v for k, v in params.items() if k != "own_similarity"}
        links = link_claims(pairs, nli, **nli_params) + own  # type: ignore[arg-type]
        disputes = find_disputes(group_propositions(links))
        report = {
            "claims": [{"id": c.id, "text": c.text, "source": c.source} for c in claims],
            "disputes": [{"pairs": [{"a": p.a, "b": p.b} for p in d.pairs]} for d in disputes],
        }
        totals.update(scorer.score_one(gold, report))  # type: ignore[attr-defined]
        totals["quiet_loud"] += not gold["disputes"] and any(d.attributed for d in disputes)
    return _summary(totals) | {"quiet_loud": totals["quiet_loud"], "_totals": dict(totals)}


def _pooled_f1(scores: list[dict]) -> tuple[bool, float]:
    """Quiet bodies kept quiet first, then pair F1 over the pooled counts of several sets (so a big set
    weighs as much as its pairs): a dispute between named sources on a quiet body is the worst error."""
    totals: Counter[str] = Counter()
    for score in scores:
        totals.update(score["_totals"])
    return totals["quiet_loud"] == 0, _summary(totals)["f1"]


if __name__ == "__main__":
    main()
