"""NLI pairs from JSONL files: the one reader that training, calibration and benchmarks share."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

LABELS = ("entailment", "neutral", "contradiction")
NOT_ENTAILMENT = "not_entailment"


@dataclass(frozen=True, slots=True)
class NLIExample:
    premise: str
    hypothesis: str
    label: str

    @property
    def label_id(self) -> int:
        """Index into LABELS, or -1 for a two-class `not_entailment` row (neutral or contradiction)."""
        return LABELS.index(self.label) if self.label in LABELS else -1


def read_nli_file(path: Path, *, limit: int | None = None) -> list[NLIExample]:
    """Rows with a label we know; `limit` keeps the first rows so evaluation subsets stay fixed."""
    examples = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["label"] not in (*LABELS, NOT_ENTAILMENT):
                continue
            examples.append(NLIExample(row["premise"], row["hypothesis"], row["label"]))
            if limit is not None and len(examples) >= limit:
                break
    return examples


def label_counts(examples: Iterable[NLIExample]) -> dict[str, int]:
    return dict(sorted(Counter(example.label for example in examples).items()))
