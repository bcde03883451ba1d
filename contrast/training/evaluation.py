"""How good a model is on a labelled set: the figures the record and the model card report, and `bench/nli_eval.py` too.

Two-class sets (entailment vs not) are scored on their own terms: neutral and contradiction both count as not.
"""

from __future__ import annotations

import torch
from transformers import PreTrainedModel, PreTrainedTokenizerBase

from contrast.nli.calibration import expected_calibration_error
from contrast.nli.model import REQUIRED_LABELS, NLIModel
from contrast.training.config import TrainingConfig
from contrast.training.data import NLIExample


def classification_metrics(logits: torch.Tensor, targets: torch.Tensor, temperature: float) -> dict:
    """Accuracy, macro-F1, contradiction P/R/F1, confusion matrix and ECE; two-class targets use -1."""
    probabilities = torch.softmax(logits / temperature, dim=-1)
    predicted = probabilities.argmax(dim=-1)
    contradiction = REQUIRED_LABELS.index("contradiction")
    if (targets == -1).any():
        # Two-class sets: neutral and contradiction both count as not_entailment.
        gold = (targets != 0).long()
        guess = (predicted != 0).long()
        classes = (0, 1)
    else:
        gold, guess, classes = targets, predicted, tuple(range(len(REQUIRED_LABELS)))
    confusion = [[int(((gold == g) & (guess == p)).sum()) for p in classes] for g in classes]
    f1s = [_f1(confusion, c) for c in range(len(classes))]
    metrics = {
        "n": len(targets),
        "accuracy": float((gold == guess).float().mean()),
        "macro_f1": sum(f1s) / len(f1s),
        "confusion": confusion,
    }
    if len(classes) == len(REQUIRED_LABELS):
        precision, recall = _precision_recall(confusion, contradiction)
        metrics |= {
            "contradiction_precision": precision,
            "contradiction_recall": recall,
            "contradiction_f1": f1s[contradiction],
            "ece_contradiction": expected_calibration_error(probabilities[:, contradiction], targets == contradiction),
        }
    return metrics


def _f1(confusion: list[list[int]], c: int) -> float:
    precision, recall = _precision_recall(confusion, c)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _precision_recall(confusion: list[list[int]], c: int) -> tuple[float, float]:
    predicted = sum(row[c] for row in confusion)
    actual = sum(confusion[c])
    return (confusion[c][c] / predicted if predicted else 0.0, confusion[c][c] / actual if actual else 0.0)


def logits_and_targets(
    model: NLIModel, rows: list[NLIExample], config: TrainingConfig
) -> tuple[torch.Tensor, torch.Tensor]:
    logits = model.logits([(r.premise, r.hypothesis) for r in rows], max_length=config.max_length, batch_size=64)
    return logits, torch.tensor([r.label_id for r in rows])


def contradiction_ece(logits: torch.Tensor, targets: torch.Tensor, temperature: float) -> float:
    contradiction = REQUIRED_LABELS.index("contradiction")
    probabilities = torch.softmax(logits / temperature, dim=-1)[:, contradiction]
    return expected_calibration_error(probabilities, targets == contradiction)


def selection_accuracy(
    model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, rows: list[NLIExample], config: TrainingConfig
) -> float:
    model.eval()
    correct = 0
    with torch.inference_mode():
        for start in range(0, len(rows), 64):
            chunk = rows[start : start + 64]
            encoded = tokenizer(
                [r.premise for r in chunk],
                [r.hypothesis for r in chunk],
                padding=True,
                truncation=True,
                max_length=config.max_length,
                return_tensors="pt",
            ).to(config.device)
            predicted = model(**encoded).logits.argmax(dim=-1).cpu()
            correct += int((predicted == torch.tensor([r.label_id for r in chunk])).sum())
    return correct / len(rows)
