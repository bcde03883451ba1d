"""Cross-article disputes on FNC-1: does `check` pit a headline against a body that denies it, and not one that agrees?

    python bench/cross_article_bench.py --shared ../shared

Issue 17's acceptance check. From the FNC-1 competition test split it draws (seeded) 40 disagreeing and
40 agreeing (headline, body) pairs, one per body, writes the headline as a one-line article (a full stop
added: a line without one reads as a section label, not prose) and checks it together with the body, as
`contrast check headline.txt body.txt` does. It counts the pairs for which a dispute has claims of both
articles on its two sides; wanted: at least 70% of the disagreeing bodies and at most 20% of the agreeing
ones. Writes bench/results/cross-article.json.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from git_revision import short_commit

from contrast.errors import InputError
from contrast.ingest import from_text
from contrast.pipeline import check, load_models
from contrast.stance.fnc import StanceRow, read_fnc1

PER_CLASS = 40
SEED = 17
OUT = Path("bench/results/cross-article.json")


def sample_pairs(rows: list[StanceRow], stance: str, count: int, *, seed: int) -> list[StanceRow]:
    """`count` rows of one stance, each with its own body (never one used for another row)."""
    by_body: dict[int, list[StanceRow]] = {}
    for row in rows:
        if row.stance == stance:
            by_body.setdefault(row.body_id, []).append(row)
    rng = random.Random(seed)
    bodies = rng.sample(sorted(by_body), count)
    return [rng.choice(by_body[body]) for body in bodies]


def headline_article(headline: str) -> str:
    return headline if headline.rstrip()[-1:] in ".!?" else headline.rstrip() + "."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, required=True, help="the shared folder (../shared)")
    parser.add_argument("--per-class", type=int, default=PER_CLASS)
    parser.add_argument("--stance-model", help="stance model directory [default: the shipped one]")
    args = parser.parse_args()
    bodies, rows = read_fnc1(args.shared / "fnc1", "test")
    started = time.perf_counter()
    models = load_models(stance=args.stance_model)
    load_seconds = time.perf_counter() - started
    disagreeing = sample_pairs(rows, "disagree", args.per_class, seed=SEED)
    used = {row.body_id for row in disagreeing}
    agreeing = sample_pairs([row for row in rows if row.body_id not in used], "agree", args.per_class, seed=SEED)
    records = []
    started = time.perf_counter()
    for row in [*disagreeing, *agreeing]:
        record = {"stance": row.stance, "body_id": row.body_id, "headline": row.headline}
        try:
            claim_article = from_text(headline_article(row.headline), article_id="a1", path="headline.txt")
            body_article = from_text(bodies[row.body_id], article_id="a2", path="body.txt")
        except InputError as error:
            records.append(record | {"error": str(error), "cross_article_dispute": False})
            continue
        result = check([claim_article, body_article], models)
        by_claim = {claim.id: claim.article for claim in result.claims}
        across = [
            d
            for d in result.disputes
            if {by_claim[c] for c in d.sides[0].claims} ^ {by_claim[c] for c in d.sides[1].claims} >= {"a1", "a2"}
        ]
        record["cross_article_dispute"] = bool(across)
        record["relations"] = sorted({pair.relation for d in across for pair in d.pairs})
        records.append(record)
    seconds = time.perf_counter() - started
    rates = {
        stance: sum(r["cross_article_dispute"] for r in records if r["stance"] == stance)
        / sum(r["stance"] == stance for r in records)
        for stance in ("disagree", "agree")
    }
    results = {
        "command": "python bench/cross_article_bench.py --shared ../shared",
        "commit": short_commit(),
        "stance_model": Path(models.stance.name_or_path).name if models.stance else None,
        "pairs_per_class": args.per_class,
        "seed": SEED,
        "dispute_rate": rates,
        "passes": rates["disagree"] >= 0.7 and rates["agree"] <= 0.2,
        "load_seconds": round(load_seconds, 1),
        "seconds": round(seconds, 1),
        "seconds_per_pair": round(seconds / len(records), 2),
        "pairs": records,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({key: value for key, value in results.items() if key != "pairs"}, indent=1))


if __name__ == "__main__":
    main()
