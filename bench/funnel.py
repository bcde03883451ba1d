"""The dispute funnel: for every gold dispute of the dev sets, the first stage of the engine that loses it.

    python bench/funnel.py --shared ../shared

Models load once; each article of fnc-dev, fnc-dev2, wire-dev and the example is checked in process, its
report scored by the shared scorer (`tools/score.py`, imported from `--shared`, so the figures are the
scorer's own), and every gold dispute pair is followed through the stages in order:

1. `claim missed`: no claim's text matches one of the two gold claims (the scorer's matching);
2. `wrong source`: no matching claims of both gold claims with the right, and different, sources;
3. `content cut short`: the claims' contents (`proposition`, the frame peeled off) keep under half of
   the gold text's words;
4. `not grouped`: no proposition holds a claim of each;
5. `wrong stance`: grouped, but never on opposite sides;
6. `below the cut`: on opposite sides of a proposition whose dispute is not reported;
7. `found`.

Writes bench/results/funnel.json (per set: the scorer's totals, the funnel counts, the lost pairs).
`--sets` picks dev sets; `--min-score` and the engine's other knobs are the defaults unless given.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from collections import Counter
from pathlib import Path
from types import ModuleType

from git_revision import short_commit

from contrast.pipeline import CheckResult, check, load_models
from contrast.report.render import as_json

STAGES = (
    "claim missed",
    "wrong source",
    "content cut short",
    "not grouped",
    "wrong stance",
    "below the cut",
    "found",
)
DEV_SETS = ("fnc-dev", "fnc-dev2", "wire-dev")
MIN_CONTENT = 0.5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, required=True, help="the shared folder (../shared)")
    parser.add_argument("--sets", nargs="+", default=[*DEV_SETS, "example"])
    parser.add_argument("--min-score", type=float, default=None)
    parser.add_argument("--out", type=Path, default=Path("bench/results/funnel.json"))
    args = parser.parse_args()
    scorer = _load_scorer(args.shared / "tools" / "score.py")
    models = load_models()
    results = {"command": "python bench/funnel.py --shared ../shared", "commit": short_commit(), "sets": {}}
    for name in args.sets:
        results["sets"][name] = run_set(name, args.shared / "examples", scorer, models, min_score=args.min_score)
        print(_line(name, results["sets"][name]), flush=True)
    print(table(results["sets"]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


def run_set(name: str, examples: Path, scorer: ModuleType, models: object, *, min_score: float | None) -> dict:
    """The scorer's totals and the funnel's counts for one dev set (or `example`)."""
    if name == "example":
        golds = sorted(examples.glob("*.gold.json"))
        articles = examples
    else:
        golds = sorted((examples / name / "gold").glob("*.json"))
        articles = examples / name
    totals: Counter[str] = Counter()
    funnel: Counter[str] = Counter()
    lost = []
    quiet_loud = 0
    for path in golds:
        gold = json.loads(path.read_text(encoding="utf-8"))
        result = check([str(articles / gold["article"])], models, min_score=min_score)  # type: ignore[arg-type]
        report = as_json(result)
        totals.update(scorer.score_one(gold, report))
        if not gold["disputes"] and any(d["attributed"] for d in report["disputes"]):
            quiet_loud += 1
        for dispute in gold["disputes"]:
            stage = first_loss(dispute, gold, result, scorer)
            funnel[stage] += 1
            if stage != "found":
                lost.append({"article": path.stem, "fact": dispute.get("fact", ""), "stage": stage})
    return {
        "score": _summary(totals),
        "quiet_bodies_with_named_disputes": quiet_loud,
        "funnel": {stage: funnel[stage] for stage in STAGES},
        "lost": lost,
    }


def first_loss(dispute: dict, gold: dict, result: CheckResult, scorer: ModuleType) -> str:
    """The first stage at which no pair of system claims for this gold pair survives."""
    by_gold = {g["id"]: g for g in gold["claims"]}
    ga, gb = by_gold[dispute["a"]], by_gold[dispute["b"]]
    matched = [[c for c in result.claims if scorer.claim_matches(g["text"], c.text)] for g in (ga, gb)]
    if not all(matched):
        return "claim missed"
    sourced = [
        (x, y)
        for x in matched[0]
        for y in matched[1]
        if scorer.source_ok(x.source, ga) and scorer.source_ok(y.source, gb) and x.source != y.source
    ]
    if not sourced:
        return "wrong source"
    whole = [
        (x, y)
        for x, y in sourced
        if min(scorer.containment(ga["text"], x.proposition), scorer.containment(gb["text"], y.proposition))
        >= MIN_CONTENT
    ]
    if not whole:
        return "content cut short"
    stance = {s.claim: (p.id, s.polarity) for p in result.propositions for s in p.stances}
    grouped = [(x, y) for x, y in whole if x.id in stance and y.id in stance and stance[x.id][0] == stance[y.id][0]]
    if not grouped:
        return "not grouped"
    opposed = [(x, y) for x, y in grouped if stance[x.id][1] != stance[y.id][1]]
    if not opposed:
        return "wrong stance"
    reported = {frozenset((p.a, p.b)) for d in result.disputes for p in d.pairs}
    if not any(frozenset((x.id, y.id)) in reported for x, y in opposed):
        return "below the cut"
    return "found"


def table(sets: dict) -> str:
    """The funnel as a markdown table, one column per set."""
    names = list(sets)
    lines = ["| stage | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for stage in STAGES:
        lines.append(f"| {stage} | " + " | ".join(str(sets[n]["funnel"][stage]) for n in names) + " |")
    return "\n".join(lines)


def _summary(totals: Counter[str]) -> dict:
    """The scorer's headline figures, computed as `score.py` computes them from its totals."""
    recall = totals["found"] / max(totals["gold_disputes"], 1)
    precision = totals["true_pairs"] / max(totals["pairs"], 1)
    return {
        "fact_recall": round(totals["facts_found"] / max(totals["facts"], 1), 3),
        "recall": round(recall, 3),
        "precision": round(precision, 3),
        "f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
        "hard_fp": totals["hard_fp"],
        "attribution": round(totals["attributed"] / max(totals["disputed_claims"], 1), 3),
        "found": f"{totals['found']}/{totals['gold_disputes']}",
        "facts_found": f"{totals['facts_found']}/{totals['facts']}",
    }


def _line(name: str, result: dict) -> str:
    return f"{name}: {json.dumps(result['score'])} quiet-loud {result['quiet_bodies_with_named_disputes']}"


def _load_scorer(path: Path) -> ModuleType:
    """The shared scorer as a module, so its claim matching and source check are exactly the ones scored."""
    spec = importlib.util.spec_from_file_location("shared_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"{path} is not the shared scorer; pass --shared pointing at the shared folder")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


if __name__ == "__main__":
    main()
