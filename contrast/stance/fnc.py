"""FNC-1, the public benchmark of headline/body stance: its data and its official relative score."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

STANCES = ("agree", "disagree", "discuss", "unrelated")
RELATED = frozenset(STANCES[:3])


@dataclass(frozen=True, slots=True)
class StanceRow:
    headline: str
    body_id: int
    stance: str


def read_fnc1(folder: Path, split: str) -> tuple[dict[int, str], list[StanceRow]]:
    """Bodies by id and the (headline, body, stance) rows of `split` ("train" or "test")."""
    bodies = {}
    with (folder / f"{split}_bodies.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            bodies[int(row["body_id"])] = row["body"]
    with (folder / f"{split}_stances.jsonl").open(encoding="utf-8") as handle:
        rows = [StanceRow(r["headline"], int(r["body_id"]), r["stance"]) for r in map(json.loads, handle)]
    return bodies, rows


def relative_score(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """FNC-1's weighted accuracy over its best possible value: 0.25 for related vs unrelated, 0.75 more for the
    right agree/disagree/discuss."""
    score = best = 0.0
    for g, p in zip(gold, predicted, strict=True):
        best += 1.0 if g in RELATED else 0.25
        if g == p:
            score += 0.25 + (0.5 if g in RELATED else 0.0)
        if g in RELATED and p in RELATED:
            score += 0.25
    return score / best if best else 0.0


def stance_metrics(gold: Sequence[str], predicted: Sequence[str]) -> dict:
    """Relative score, per-class F1, macro-F1 and the confusion matrix (rows gold, columns predicted)."""
    pairs = Counter(zip(gold, predicted, strict=True))
    confusion = [[pairs[(g, p)] for p in STANCES] for g in STANCES]
    f1 = {}
    for c, name in enumerate(STANCES):
        predicted_c = sum(row[c] for row in confusion)
        actual_c = sum(confusion[c])
        precision = confusion[c][c] / predicted_c if predicted_c else 0.0
        recall = confusion[c][c] / actual_c if actual_c else 0.0
        f1[name] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "n": len(gold),
        "relative_score": relative_score(gold, predicted),
        "f1": f1,
        "macro_f1": sum(f1.values()) / len(f1),
        "confusion": {"labels": list(STANCES), "rows_gold_columns_predicted": confusion},
    }
