"""The two recipes built on `distill.fit`: the distilled NLI model and the cross-article stance model.

Each recipe is a pure function of the data in `../shared` and a starting model, so that one command
reproduces the shipped weights on a CPU (hours) or a GPU (minutes).
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from contrast.distill import FitConfig, TrainingRow, fit, predict_logits, read_rows
from contrast.nli_data import LABELS, NLIExample, read_nli_file
from contrast.stance.evidence import evidence_premise, split_sentences
from contrast.stance.fnc import STANCES, read_fnc1

TEACHER_TRAIN = "distill/teacher.nli_train.tsv"
TEACHER_NEWS = "distill/teacher.fnc1_train_pairs.jsonl"
# Gold-only rows (no teacher probabilities): dev files of other datasets that the first recipe also trained on.
GOLD_ONLY_FILES = ("mnli.dev_matched.jsonl", "snli.dev.jsonl")
DEFAULT_GENERATED = {"unrelated": 15000, "compatible": 8000, "reported": 8000, "negated": 6000, "negated_neutral": 4000}
# The stance model keeps this share of the FNC-1 train bodies apart, to fit its decision biases on.
HELD_OUT_BODIES = 0.1


def distillation_rows(nli_dir: Path, *, generated: dict[str, int] | None = None, seed: int = 42) -> list[TrainingRow]:
    """Teacher-labelled train rows (soft + gold), teacher-labelled news pairs (soft), gold-only rows, and
    hard-labelled generated pairs where the teacher is weak (unrelated, compatible, reported speech, negation)."""
    rows: list[TrainingRow] = []
    lines: dict[str, list[str]] = {}
    with (nli_dir / TEACHER_TRAIN).open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle, delimiter="\t"):
            name = record["file"]
            if name not in lines:
                lines[name] = (nli_dir / name).read_text(encoding="utf-8").splitlines()
            source = json.loads(lines[name][int(record["line"])])
            probs = tuple(float(record[f"p_{label}"]) for label in LABELS)
            gold = LABELS.index(record["label"]) if record["label"] in LABELS else -1
            rows.append(TrainingRow(source["premise"], source["hypothesis"], gold, probs, name))
    with (nli_dir / TEACHER_NEWS).open(encoding="utf-8") as handle:
        for record in map(json.loads, handle):
            probs = tuple(record[f"p_{label}"] for label in LABELS)
            rows.append(TrainingRow(record["premise"], record["hypothesis"], -1, probs, "fnc1 train sentence pairs"))
    for name in GOLD_ONLY_FILES:
        rows += [TrainingRow(e.premise, e.hypothesis, e.label_id, None, name) for e in read_nli_file(nli_dir / name)]
    train_split = [
        NLIExample(source["premise"], source["hypothesis"], source["label"])
        for name, texts in lines.items()
        for source in map(json.loads, texts)
        if source["label"] in LABELS
    ]
    for set_name, examples in _generated(train_split, generated or DEFAULT_GENERATED, seed).items():
        rows += [TrainingRow(e.premise, e.hypothesis, e.label_id, None, set_name) for e in examples]
    return rows


def _generated(train_split: list[NLIExample], counts: dict[str, int], seed: int) -> dict[str, list[NLIExample]]:
    from contrast.claims import load_spacy
    from contrast.negation_augmentation import negated_pairs
    from contrast.neutral_pairs import compatible_pairs, unrelated_pairs, with_negated_hypotheses
    from contrast.report_augmentation import report_pairs

    nlp = load_spacy()
    pool = random.Random(seed).sample(train_split, min(len(train_split), 60000))
    out = {
        "unrelated pairs (generated)": unrelated_pairs(pool, count=counts["unrelated"], seed=seed),
        "compatible same-topic pairs (generated)": compatible_pairs(pool, count=counts["compatible"], seed=seed),
        "reported speech and denials (generated)": report_pairs(pool, nlp, count=counts["reported"], seed=seed),
        "negated hypotheses (generated)": negated_pairs(pool, nlp, count=counts["negated"], seed=seed),
    }
    neutral = unrelated_pairs(pool, count=counts["negated_neutral"], seed=seed + 1) + compatible_pairs(
        pool, count=counts["negated_neutral"], seed=seed + 1
    )
    random.Random(seed).shuffle(neutral)
    out["negated neutral pairs (generated)"] = with_negated_hypotheses(neutral, nlp)[: counts["negated_neutral"]]
    return out


def distill_nli(rows_file: Path, init: str, output: Path, config: FitConfig) -> list[dict]:
    """Fit the student in `init` to the rows and store it (fp16 safetensors) with its tokenizer in `output`."""
    tokenizer = AutoTokenizer.from_pretrained(init)
    model = AutoModelForSequenceClassification.from_pretrained(init, dtype=torch.float32)
    history = fit(model, tokenizer, read_rows(rows_file), config)
    _save(model, tokenizer, output)
    return history


def stance_rows(fnc1_dir: Path, split: str) -> tuple[list[TrainingRow], list[int]]:
    """(evidence, headline) rows labelled with the FNC-1 stance, and each row's body id."""
    bodies, stances = read_fnc1(fnc1_dir, split)
    sentences = {body_id: split_sentences(text) for body_id, text in bodies.items()}
    rows = []
    for row in stances:
        body = sentences[row.body_id]
        rows.append(
            TrainingRow(
                evidence_premise(row.headline, body), row.headline, STANCES.index(row.stance), None, f"fnc1 {split}"
            )
        )
    return rows, [row.body_id for row in stances]


def stance_model_from_nli(init: str) -> AutoModelForSequenceClassification:
    """The NLI model with a four-way head that starts where NLI points: agree from entailment, disagree from
    contradiction, discuss and unrelated from neutral."""
    model = AutoModelForSequenceClassification.from_pretrained(init, dtype=torch.float32)
    nli_labels = [model.config.id2label[i].lower() for i in range(model.config.num_labels)]
    source = [nli_labels.index(name) for name in ("entailment", "contradiction", "neutral", "neutral")]
    old = model.classifier
    head = torch.nn.Linear(old.in_features, len(STANCES))
    with torch.no_grad():
        head.weight.copy_(old.weight[source])
        head.bias.copy_(old.bias[source])
    model.classifier = head
    model.num_labels = len(STANCES)
    model.config.num_labels = len(STANCES)
    model.config.id2label = dict(enumerate(STANCES))
    model.config.label2id = {name: index for index, name in enumerate(STANCES)}
    return model


def train_stance(fnc1_dir: Path, init: str, output: Path, config: FitConfig) -> dict:
    """Fit on FNC-1 train bodies less a held-out tenth; store the model and the held-out logits (for calibration)."""
    rows, body_ids = stance_rows(fnc1_dir, "train")
    bodies = sorted(set(body_ids))
    held_out = set(random.Random(config.seed).sample(bodies, int(len(bodies) * HELD_OUT_BODIES)))
    train = [row for row, body in zip(rows, body_ids, strict=True) if body not in held_out]
    validation = [row for row, body in zip(rows, body_ids, strict=True) if body in held_out]
    tokenizer = AutoTokenizer.from_pretrained(init)
    model = stance_model_from_nli(init)
    history = fit(model, tokenizer, train, config)
    _save(model, tokenizer, output)
    logits = predict_logits(
        model,
        tokenizer,
        [(r.premise, r.hypothesis) for r in validation],
        max_length=config.max_length,
        device=config.device,
    )
    held = {"logits": logits.tolist(), "labels": [r.label for r in validation]}
    (output / "held_out_logits.json").write_text(json.dumps(held), encoding="utf-8")
    return {"history": history, "held_out_bodies": len(held_out), "train_rows": len(train)}


def _save(model, tokenizer, output: Path) -> None:
    output.mkdir(parents=True, exist_ok=True)
    model.half().save_pretrained(output, safe_serialization=True)
    tokenizer.save_pretrained(output)
    model.float()
