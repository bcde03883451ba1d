"""Fit the disagree probability above which one article's stance makes a cross-article dispute.

    python bench/fit_stance_dispute_cut.py --shared ../shared

The stance model's decision rule is fitted for FNC-1's score over all four classes, where `disagree` is
rare and often lost to `agree`; a reported dispute wants a different operating point: most denials
found, few agreeing articles called disputes. This reads the FNC-1 train bodies the stance model was
not trained on (the held-out tenth of `contrast.recipes.train_stance`, same seed), scores their agreeing
and disagreeing rows as a multi-article check reads them (the headline as a sentence against the body),
and picks the lowest cut whose agreeing rows stay at or under `--max-agree` disputes. Writes
bench/results/stance-dispute-cut.json; the cut goes into `contrast/stance/cross.py` by hand.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from git_revision import short_commit

from contrast.recipes import HELD_OUT_BODIES
from contrast.stance.fnc import read_fnc1
from contrast.stance.model import StanceModel, predict_stance

TRAINING_SEED = 42  # FitConfig's default, which the shipped stance model was trained with
CUTS = [c / 100 for c in range(5, 96)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, required=True, help="the shared folder (../shared)")
    parser.add_argument("--max-agree", type=float, default=0.1, help="share of agreeing rows allowed as disputes")
    args = parser.parse_args()
    bodies, rows = read_fnc1(args.shared / "fnc1", "train")
    train_bodies = sorted({row.body_id for row in rows})
    held_out = set(random.Random(TRAINING_SEED).sample(train_bodies, int(len(train_bodies) * HELD_OUT_BODIES)))
    held_rows = [row for row in rows if row.body_id in held_out]
    scored = [row for row in held_rows if row.stance in ("agree", "disagree")]
    model = StanceModel()
    stances = predict_stance([(f"{row.headline}.", bodies[row.body_id]) for row in scored], model, evidence=0)
    rows_scored = list(zip(stances, scored, strict=True))
    disagree = {
        stance: [found.probabilities.disagree for found, row in rows_scored if row.stance == stance]
        for stance in ("agree", "disagree")
    }
    table = []
    for cut in CUTS:
        rates = {stance: round(sum(p >= cut for p in ps) / len(ps), 4) for stance, ps in disagree.items()}
        table.append({"cut": cut, "agree_disputed": rates["agree"], "disagree_disputed": rates["disagree"]})
    chosen = next(row for row in table if row["agree_disputed"] <= args.max_agree)
    results = {
        "command": f"python bench/fit_stance_dispute_cut.py --shared {args.shared} --max-agree {args.max_agree}",
        "commit": short_commit(),
        "held_out_bodies": len(held_out),
        "held_out_rows": len(held_rows),
        "rows": {stance: sum(r.stance == stance for r in scored) for stance in ("agree", "disagree")},
        "chosen": chosen,
        "table": table,
    }
    out = Path("bench/results/stance-dispute-cut.json")
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({key: value for key, value in results.items() if key != "table"}, indent=1))


if __name__ == "__main__":
    main()
