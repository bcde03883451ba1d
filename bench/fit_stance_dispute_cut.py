"""Fit the disagree probability above which one article's stance makes a cross-article dispute.

    python bench/fit_stance_dispute_cut.py --shared ../shared

The stance model's decision rule is fitted for FNC-1's score over all four classes, where `disagree` is
rare and often lost to `agree`; a reported dispute wants a different operating point: most denials
found, few agreeing articles called disputes. This reads the FNC-1 train bodies the stance model was
not trained on (`split_held_out` with the seed in its training record), scores their agreeing and
disagreeing rows as the product reads a claim against a body, and picks the lowest cut whose agreeing
rows stay at or under `--max-agree` disputes. Writes
bench/results/stance-dispute-cut.json; the cut goes into `contrast/stance/cross.py` by hand.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from git_revision import short_commit

from contrast.stance.fnc import STANCES
from contrast.stance.model import StanceModel
from contrast.training.stance import split_held_out

CUTS = [c / 100 for c in range(1, 100)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, required=True, help="the shared folder (../shared)")
    parser.add_argument(
        "--max-agree",
        type=float,
        default=0.05,
        help="share of agreeing rows allowed as disputes (the claim pairing already calls about one in ten "
        "agreeing FNC-1 article pairs a dispute, and a check should stay under one in five)",
    )
    args = parser.parse_args()
    model = StanceModel()
    record = json.loads((Path(model.name_or_path) / "training_record.json").read_text(encoding="utf-8"))
    _, held_out = split_held_out(args.shared / "fnc1", record["hyperparameters"]["seed"])
    scored = [row for row in held_out if STANCES[row.label] in ("agree", "disagree")]
    probabilities = model.probabilities(model.logits([(row.premise, row.hypothesis) for row in scored]))
    column = STANCES.index("disagree")
    pairs = list(zip(probabilities.tolist(), scored, strict=True))
    disagree = {
        stance: [p[column] for p, row in pairs if STANCES[row.label] == stance] for stance in ("agree", "disagree")
    }
    table = []
    for cut in CUTS:
        rates = {stance: round(sum(p >= cut for p in ps) / len(ps), 4) for stance, ps in disagree.items()}
        table.append({"cut": cut, "agree_disputed": rates["agree"], "disagree_disputed": rates["disagree"]})
    chosen = next(row for row in table if row["agree_disputed"] <= args.max_agree)
    results = {
        "command": f"python bench/fit_stance_dispute_cut.py --shared ../shared --max-agree {args.max_agree}",
        "commit": short_commit(),
        "held_out_rows": len(held_out),
        "rows": {stance: len(values) for stance, values in disagree.items()},
        "chosen": chosen,
        "table": table,
    }
    out = Path("bench/results/stance-dispute-cut.json")
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({key: value for key, value in results.items() if key != "table"}, indent=1))


if __name__ == "__main__":
    main()
