"""The cross-article stance model: FNC-1 headline/body stance, fine-tuned from our NLI model.

Starting from NLI, the head already knows that a body which entails a headline agrees with it and one that
contradicts it disagrees; FNC-1 teaches it the rest (discusses, unrelated) and the news register. A tenth of
the train bodies is kept out of training so that the decision biases are fitted on text the model never saw.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer, PreTrainedModel

from contrast.stance.decision import fit_decision, write_decision
from contrast.stance.evidence import evidence_premise, split_sentences
from contrast.stance.fnc import STANCES, read_fnc1
from contrast.training.card import CARD_FILE, render_card
from contrast.training.fit import FitConfig, TrainingRow, fit, predict_logits, save_fp16
from contrast.training.record import RECORD_FILE

HELD_OUT_BODIES = 0.1
STANCE_TEMPLATE = "stance_card.md.j2"
DEFAULT_MAX_LENGTH = 320
# Hard-label weights: FNC-1 train is 73% unrelated and 1.5% disagree, the class that matters most here.
DEFAULT_CLASS_WEIGHTS = (1.5, 3.0, 1.0, 1.0)


def stance_rows(fnc1_dir: Path, split: str) -> tuple[list[TrainingRow], list[int]]:
    """(evidence, headline) rows labelled with the FNC-1 stance, and each row's body id."""
    bodies, stances = read_fnc1(fnc1_dir, split)
    sentences = {body_id: split_sentences(text) for body_id, text in bodies.items()}
    rows = []
    for row in stances:
        body = sentences[row.body_id]
        label = STANCES.index(row.stance)
        rows.append(TrainingRow(evidence_premise(row.headline, body), row.headline, label, None, f"fnc1 {split}"))
    return rows, [row.body_id for row in stances]


def stance_model_from_nli(init: str) -> PreTrainedModel:
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


def split_held_out(fnc1_dir: Path, seed: int) -> tuple[list[TrainingRow], list[TrainingRow]]:
    """FNC-1 train rows for fitting and those of a seeded tenth of the bodies, for the decision."""
    rows, body_ids = stance_rows(fnc1_dir, "train")
    bodies = sorted(set(body_ids))
    held_out = set(random.Random(seed).sample(bodies, int(len(bodies) * HELD_OUT_BODIES)))
    train = [row for row, body in zip(rows, body_ids, strict=True) if body not in held_out]
    validation = [row for row, body in zip(rows, body_ids, strict=True) if body in held_out]
    return train, validation


def train_stance(fnc1_dir: Path, init: str, output: Path, config: FitConfig) -> dict:
    """Fit on FNC-1 train less the held-out bodies, store the model, and fit its decision on those bodies."""
    train, validation = split_held_out(fnc1_dir, config.seed)
    tokenizer = AutoTokenizer.from_pretrained(init)
    model = stance_model_from_nli(init)
    history = fit(model, tokenizer, train, config)
    save_fp16(model, tokenizer, output)
    logits = predict_logits(
        model,
        tokenizer,
        [(r.premise, r.hypothesis) for r in validation],
        max_length=config.max_length,
        device=config.device,
    )
    fit_and_write_decision(output, logits, [r.label for r in validation])
    return {"history": history, "train_rows": len(train), "held_out_rows": len(validation)}


def write_stance_card(output: Path, record: dict) -> Path:
    """The record beside the weights, and README.md (the model card) rendered from it."""
    (output / RECORD_FILE).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    card = output / CARD_FILE
    card.write_text(render_card(STANCE_TEMPLATE, record=record), encoding="utf-8")
    return card


def fit_and_write_decision(output: Path, logits: torch.Tensor, labels: list[int]) -> None:
    decision = fit_decision(
        logits,
        torch.tensor(labels),
        fitted_on=f"FNC-1 train: {HELD_OUT_BODIES:.0%} of the bodies held out of training ({len(labels):,} rows)",
    )
    write_decision(output, decision)
    (output / "held_out_logits.json").write_text(
        json.dumps({"logits": logits.tolist(), "labels": labels}), encoding="utf-8"
    )
