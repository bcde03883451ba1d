"""How good a model is on a labelled set: the figures the record and the model card report, and `bench/nli_eval.py` too.

Two-class sets (entailment vs not) are scored on their own terms: neutral and contradiction both count as not.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import torch
from transformers import PreTrainedModel, PreTrainedTokenizerBase

from contrast.nli.calibration import CALIBRATION_FILE, expected_calibration_error, fit_temperature
from contrast.nli.model import REQUIRED_LABELS, NLIModel
from contrast.training.config import TrainingConfig
from contrast.training.data import NLIExample, read_nli_file

logger = logging.getLogger(__name__)


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
    model: NLIModel, rows: list[NLIExample], *, max_length: int
) -> tuple[torch.Tensor, torch.Tensor]:
    logits = model.logits([(r.premise, r.hypothesis) for r in rows], max_length=max_length, batch_size=64)
    return logits, torch.tensor([r.label_id for r in rows])


def calibrate_and_evaluate(
    stored: NLIModel,
    data_dir: Path,
    *,
    calibration_file: str,
    eval_files: tuple[str, ...],
    eval_limit: int | None,
    max_length: int,
) -> tuple[dict, dict]:
    """Fit the temperature on one dev file (written beside the weights), then evaluate the calibrated model on
    the others: the figures every model card of ours reports."""
    logits, targets = logits_and_targets(
        stored, read_nli_file(data_dir / calibration_file, limit=eval_limit), max_length=max_length
    )
    temperature = fit_temperature(logits, targets)
    calibration = {
        "method": "temperature scaling",
        "fitted_on": calibration_file,
        "temperature": temperature,
        "ece_contradiction_before": contradiction_ece(logits, targets, 1.0),
        "ece_contradiction_after": contradiction_ece(logits, targets, temperature),
    }
    model_dir = Path(stored.name_or_path)
    (model_dir / CALIBRATION_FILE).write_text(json.dumps(calibration, indent=1) + "\n", encoding="utf-8")
    stored.temperature = temperature
    evaluation = {}
    for name in eval_files:
        rows = read_nli_file(data_dir / name, limit=eval_limit)
        evaluation[name] = classification_metrics(*logits_and_targets(stored, rows, max_length=max_length), temperature)
        logger.info("eval %s: %s", name, evaluation[name]["accuracy"])
    return calibration, evaluation


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
