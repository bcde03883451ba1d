"""NLI distillation: the shipped 6-layer model learns a 12-layer teacher's probabilities.

The teacher (`../shared/nli/distill/`) is right more often but has weak spots of its own: it calls one
unrelated pair in five a contradiction and knows nothing about reported speech. So its soft labels are mixed
with hard-labelled generated pairs exactly where it is weak. One command reproduces the shipped weights on a
GPU in minutes; on two CPU cores the same recipe takes hours (`--time-budget` shortens the schedule).
"""

from __future__ import annotations

import csv
import json
import platform
import random
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import torch
import transformers
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from contrast.nli.model import NLIModel
from contrast.training.augment.neutral import compatible_pairs, unrelated_pairs
from contrast.training.config import (
    COMPATIBLE_SET,
    DATA_LICENCES,
    DEFAULT_CALIBRATION_FILE,
    DEFAULT_EVAL_FILES,
    NEGATED_NEUTRAL_SET,
    NEGATION_SET,
    REPORT_SET,
    UNRELATED_SET,
)
from contrast.training.data import LABELS, NLIExample, read_nli_file
from contrast.training.evaluation import calibrate_and_evaluate
from contrast.training.fit import FitConfig, TrainingRow, fit, read_rows, save_fp16, write_rows
from contrast.training.mix import negated_neutral_set, negated_set, reported_set
from contrast.training.record import RECORD_FILE, earlier_stage

TEACHER_TRAIN = "distill/teacher.nli_train.tsv"
TEACHER_NEWS = "distill/teacher.fnc1_train_pairs.jsonl"
# Gold-only rows (no teacher probabilities): dev files of other datasets that the first recipe also trained on.
GOLD_ONLY_FILES = ("mnli.dev_matched.jsonl", "snli.dev.jsonl")
TEACHER = {
    "model": "all-mpnet-base-v2 (110M, Apache-2.0) with a 3-way head, fine-tuned on the licence-clean train files",
    "mnli_dev_mismatched": 0.818,
    "unrelated_called_contradiction": 0.228,
    "soft_labels": "../shared/nli/distill/ (teacher.nli_train.tsv, teacher.fnc1_train_pairs.jsonl)",
}
TEACHER_NEWS_LICENCE = "FNC-1 train bodies (Emergent); generated pairs derive from the train rows above"
BASE_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
BASE_MODEL_LICENCE = "Apache-2.0"
DEFAULT_GENERATED = {"unrelated": 15000, "compatible": 8000, "reported": 8000, "negated": 6000, "negated_neutral": 4000}


def distillation_rows(nli_dir: Path, *, generated: dict[str, int] | None = None, seed: int = 42) -> list[TrainingRow]:
    """Teacher-labelled train rows (soft + gold), teacher-labelled news pairs (soft), gold-only rows, and
    hard-labelled generated pairs where the teacher is weak (unrelated, compatible, reported speech, negation)."""
    rows: list[TrainingRow] = []
    sources: dict[str, list[dict]] = {}
    with (nli_dir / TEACHER_TRAIN).open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle, delimiter="\t"):
            name = record["file"]
            if name not in sources:
                sources[name] = [json.loads(line) for line in (nli_dir / name).read_text(encoding="utf-8").splitlines()]
            source = sources[name][int(record["line"])]
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
        for rows_of_file in sources.values()
        for source in rows_of_file
        if source["label"] in LABELS
    ]
    for set_name, examples in _generated(train_split, generated or DEFAULT_GENERATED, seed).items():
        rows += [TrainingRow(e.premise, e.hypothesis, e.label_id, None, set_name) for e in examples]
    return rows


def _generated(train_split: list[NLIExample], counts: dict[str, int], seed: int) -> dict[str, list[NLIExample]]:
    """The same generators as `contrast model train`'s second stage, drawn from a seeded pool of the train rows."""
    pool = random.Random(seed).sample(train_split, min(len(train_split), 60000))
    return {
        UNRELATED_SET: unrelated_pairs(pool, count=counts["unrelated"], seed=seed),
        COMPATIBLE_SET: compatible_pairs(pool, count=counts["compatible"], seed=seed),
        REPORT_SET: reported_set(pool, counts["reported"], seed),
        NEGATION_SET: negated_set(pool, counts["negated"], seed),
        NEGATED_NEUTRAL_SET: negated_neutral_set(pool, counts["negated_neutral"], seed),
    }


def distill(
    *,
    nli_dir: Path,
    init: Path,
    output: Path,
    config: FitConfig,
    rows_file: Path | None = None,
    generated: dict[str, int] | None = None,
    eval_limit: int | None = None,
    command: str,
) -> dict:
    """The whole recipe: build (or read) the rows, fit, store, calibrate, evaluate and write the record."""
    started = time.time()
    if rows_file is None or not rows_file.is_file():
        rows = distillation_rows(nli_dir, generated=generated, seed=config.seed)
        if rows_file is not None:
            write_rows(rows_file, rows)
    else:
        rows = read_rows(rows_file)
    tokenizer = AutoTokenizer.from_pretrained(init)
    model = AutoModelForSequenceClassification.from_pretrained(init, dtype=torch.float32)
    history = fit(model, tokenizer, rows, config)
    save_fp16(model, tokenizer, output)
    hardware = torch.cuda.get_device_name() if config.device == "cuda" else f"{platform.machine()} CPU"
    return write_distillation_record(
        output,
        nli_dir=nli_dir,
        init=init,
        rows=rows,
        history=history,
        config=config,
        wall_seconds=time.time() - started,
        hardware=hardware,
        command=command,
        eval_limit=eval_limit,
    )


def write_distillation_record(
    output: Path,
    *,
    nli_dir: Path,
    init: Path,
    rows: list[TrainingRow],
    history: list[dict],
    config: FitConfig,
    wall_seconds: float,
    hardware: str,
    command: str,
    eval_limit: int | None = None,
) -> dict:
    """Calibrate and evaluate the stored student (fp32, as on any machine) and write the record its card renders."""
    stored = NLIModel(str(output), device="cpu", precision="fp32")
    calibration, evaluation = calibrate_and_evaluate(
        stored,
        nli_dir,
        calibration_file=DEFAULT_CALIBRATION_FILE,
        eval_files=DEFAULT_EVAL_FILES,
        eval_limit=eval_limit,
        max_length=config.max_length,
    )
    by_source: dict[str, list[TrainingRow]] = {}
    for row in rows:
        by_source.setdefault(row.source, []).append(row)
    record = {
        "model_name": output.name,
        "initialised_from": earlier_stage(init),
        "base_model": {"name": BASE_MODEL_NAME, "licence": BASE_MODEL_LICENCE},
        "teacher": TEACHER,
        "loss": (
            f"{config.alpha}·T²·KL(teacher at T ‖ student at T) + {1 - config.alpha:.1f}·cross-entropy on the gold "
            f"label, T = {config.temperature}; a row with only one of the two takes that term alone"
        ),
        "labels": list(LABELS),
        "max_length": config.max_length,
        "parameters": sum(p.numel() for p in stored.model.parameters()),
        "storage_dtype": "float16",
        "train_data": [
            {
                "file": source,
                "licence": DATA_LICENCES.get(source, TEACHER_NEWS_LICENCE),
                "rows": len(members),
                "labels": dict(sorted(Counter(LABELS[r.label] for r in members if r.label >= 0).items())),
                "teacher": sum(r.probs is not None for r in members),
            }
            for source, members in by_source.items()
        ],
        "command": command,
        "hyperparameters": {k: v for k, v in asdict(config).items() if k not in ("device", "log_every")},
        "steps": history[-1]["step"] if history else 0,
        "history": history,
        "calibration": calibration,
        "evaluation": evaluation,
        "wall_time_seconds": round(wall_seconds),
        "hardware": hardware,
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__},
    }
    (output / RECORD_FILE).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return record
