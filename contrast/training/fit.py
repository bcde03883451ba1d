"""Fitting a small cross-encoder to soft and hard targets: distillation from a stronger teacher.

A 6-layer student learns most of a 12-layer teacher's judgement at no cost at inference, if it sees the
teacher's probabilities (which say how sure the teacher was, not only what it chose) and, where the teacher
is known to be weak, hard labels of its own. The same loop fits the cross-article stance model, whose rows
have gold labels only. It imports nothing but torch and transformers, so it runs on a bare GPU machine too.
"""

from __future__ import annotations

import json
import logging
import lzma
import math
import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import torch
from transformers import PreTrainedModel, PreTrainedTokenizerBase

from contrast.errors import InputError
from contrast.training.checkpoints import resume, save_checkpoint

logger = logging.getLogger(__name__)

DEFAULT_TEMPERATURE = 2.0
# Weight of the teacher's term where a row has both teacher probabilities and a gold label.
DEFAULT_ALPHA = 0.7


@dataclass(frozen=True, slots=True)
class TrainingRow:
    """One pair: `label` is the gold class (-1 if none), `probs` the teacher's probabilities (None if none)."""

    premise: str
    hypothesis: str
    label: int
    probs: tuple[float, ...] | None
    source: str


@dataclass(slots=True)
class FitConfig:
    epochs: float = 3.0
    batch_size: int = 32
    learning_rate: float = 5e-5
    warmup_ratio: float = 0.06
    weight_decay: float = 0.01
    max_length: int = 128
    temperature: float = DEFAULT_TEMPERATURE
    alpha: float = DEFAULT_ALPHA
    # Per-class weights of the hard-label term (rare classes such as FNC-1's `disagree` weigh more).
    class_weights: tuple[float, ...] | None = None
    # Stop early and shorten the schedule so that training ends within this many seconds (of one sitting: a
    # resumed run keeps the full schedule).
    time_budget_s: float | None = None
    # Frozen word embeddings: a third of a MiniLM's weights stay the starting model's, and small data cannot
    # move rare words' vectors well anyway.
    freeze_embeddings: bool = False
    seed: int = 42
    device: str = "cpu"
    precision: str = "fp32"
    log_every: int = 100
    # Checkpoints (safetensors + JSON) go only where the caller says: a rerun resumes from what it finds there.
    checkpoint_dir: Path | None = None
    checkpoint_every: int = 500


def write_rows(path: Path, rows: Iterable[TrainingRow]) -> None:
    """JSON lines, xz-compressed when the name ends in .xz (a distillation set travels as ~10 MB)."""
    opener = lzma.open if path.suffix == ".xz" else open
    partial = path.with_name(path.name + ".partial")
    with opener(partial, "wt", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps([row.premise, row.hypothesis, row.label, row.probs, row.source]) + "\n")
    partial.replace(path)


def read_rows(path: Path) -> list[TrainingRow]:
    opener = lzma.open if path.suffix == ".xz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            return [
                TrainingRow(p, h, label, tuple(probs) if probs is not None else None, source)
                for p, h, label, probs, source in map(json.loads, handle)
            ]
    except (ValueError, TypeError, EOFError, lzma.LZMAError) as error:
        raise InputError(
            f"{path}: not a rows file written by `contrast model distill --rows` ({type(error).__name__}); "
            "delete it and the command builds it again"
        ) from None


def fit(
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    rows: Sequence[TrainingRow],
    config: FitConfig,
) -> list[dict]:
    """Train `model` in place on `rows`; returns the loss history (one entry per `log_every` steps)."""
    random.seed(config.seed)
    torch.manual_seed(config.seed)
    # fp32 master weights whatever the stored dtype (our models ship as fp16); bf16 is only ever autocast.
    model.float().to(config.device).train()
    model.get_input_embeddings().weight.requires_grad_(not config.freeze_embeddings)
    encoded = tokenizer(
        [r.premise for r in rows], [r.hypothesis for r in rows], truncation=True, max_length=config.max_length
    )
    ids, types = encoded["input_ids"], encoded.get("token_type_ids")
    classes = model.config.num_labels
    labels = torch.tensor([r.label for r in rows])
    soft = torch.tensor([r.probs if r.probs is not None else [0.0] * classes for r in rows])
    has_soft = torch.tensor([r.probs is not None for r in rows])
    weights = torch.tensor(config.class_weights or [1.0] * classes, device=config.device)

    planned = int(math.ceil(len(rows) / config.batch_size) * config.epochs)
    batches = length_bucketed_batches(ids, config.batch_size, planned, config.seed)
    optimizer = torch.optim.AdamW(_parameter_groups(model, config.weight_decay), lr=config.learning_rate)
    total = [planned]
    warmup = int(config.warmup_ratio * planned)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: min((step + 1) / max(warmup, 1), max(0.0, (total[0] - step) / max(total[0] - warmup, 1))),
    )
    history: list[dict] = []
    step, elapsed_before = 0, 0.0
    if config.checkpoint_dir is not None:
        step, elapsed_before = resume(config.checkpoint_dir, model, optimizer, scheduler, history)
        if step:
            logger.info("resumed at step %d of %d", step, total[0])
    started = time.time() - elapsed_before
    window: list[float] = []
    pace_from = time.time()
    while step < total[0]:
        batch = batches[step]
        input_ids, attention, token_types = _pad([ids[i] for i in batch], types and [types[i] for i in batch])
        inputs = {"input_ids": input_ids, "attention_mask": attention}
        if token_types is not None:
            inputs["token_type_ids"] = token_types
        inputs = {k: v.to(config.device) for k, v in inputs.items()}
        with torch.autocast(device_type=config.device, dtype=torch.bfloat16, enabled=config.precision == "bf16"):
            logits = model(**inputs).logits.float()
        index = torch.tensor(batch)
        loss = distillation_loss(
            logits,
            labels[index].to(config.device),
            soft[index].to(config.device),
            has_soft[index].to(config.device),
            temperature=config.temperature,
            alpha=config.alpha,
            class_weights=weights,
        )
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad(set_to_none=True)
        step += 1
        window.append(float(loss.detach()))
        if step == 50:
            # The first steps pay for warm-up (kernels, allocator), so the pace is read from here on.
            pace_from = time.time()
        if step == 250 and config.time_budget_s is not None:
            # Shorten the schedule, not just the run: the learning rate still decays to zero in time.
            rate = 200 / (time.time() - pace_from)
            left = config.time_budget_s - (time.time() - started)
            total[0] = min(planned, max(step + 1, step + int(rate * left)))
            logger.info("%.1f steps/s: %d of %d planned steps fit the time budget", rate, total[0], planned)
        if step % config.log_every == 0 or step == total[0]:
            elapsed = time.time() - started
            history.append({"step": step, "loss": round(sum(window) / len(window), 4), "seconds": round(elapsed)})
            logger.info("step %d/%d loss %.4f %.0f s", step, total[0], history[-1]["loss"], elapsed)
            window.clear()
        if config.checkpoint_dir is not None and (step % config.checkpoint_every == 0 or step == total[0]):
            save_checkpoint(config.checkpoint_dir, model, optimizer, scheduler, step, history, time.time() - started)
    model.eval()
    return history


def distillation_loss(
    logits: torch.Tensor,
    labels: torch.Tensor,
    teacher: torch.Tensor,
    has_teacher: torch.Tensor,
    *,
    temperature: float,
    alpha: float,
    class_weights: torch.Tensor,
) -> torch.Tensor:
    """alpha·T²·KL(teacher ‖ student at T) + (1−alpha)·weighted cross-entropy; a term a row lacks is left out.

    A row with only a teacher takes the whole KL term; a row with only a gold label the whole cross-entropy.
    """
    log_student = torch.log_softmax(logits / temperature, dim=-1)
    sharpened = torch.softmax(torch.log(teacher.clamp_min(1e-6)) / temperature, dim=-1)
    kl = (sharpened * (torch.log(sharpened.clamp_min(1e-9)) - log_student)).sum(-1) * temperature**2
    has_gold = labels >= 0
    ce = torch.zeros_like(kl)
    gold = labels.clamp_min(0)
    ce[has_gold] = (
        torch.nn.functional.cross_entropy(logits[has_gold], gold[has_gold], reduction="none")
        * (class_weights[gold[has_gold]])
    )
    both = has_teacher & has_gold
    kl_weight = torch.where(both, alpha, has_teacher.float())
    ce_weight = torch.where(both, 1 - alpha, has_gold.float())
    return (kl_weight * kl + ce_weight * ce).sum() / len(logits)


@torch.inference_mode()
def predict_logits(
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    pairs: Sequence[tuple[str, str]],
    *,
    max_length: int,
    batch_size: int = 128,
    device: str = "cpu",
) -> torch.Tensor:
    """Logits for many pairs, longest first so that each batch pads little."""
    model.to(device).eval()
    order = sorted(range(len(pairs)), key=lambda i: -len(pairs[i][0]) - len(pairs[i][1]))
    out = torch.empty(len(pairs), model.config.num_labels)
    for start in range(0, len(order), batch_size):
        chunk = order[start : start + batch_size]
        encoded = tokenizer(
            [pairs[i][0] for i in chunk],
            [pairs[i][1] for i in chunk],
            padding=True,
            truncation=True,
            max_length=max_length,
            return_tensors="pt",
        ).to(device)
        out[chunk] = model(**encoded).logits.float().cpu()
    return out


def save_fp16(model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, output: Path) -> None:
    """fp16 safetensors halve the download; contrast loads them as float32."""
    output.mkdir(parents=True, exist_ok=True)
    model.half().save_pretrained(output, safe_serialization=True)
    tokenizer.save_pretrained(output)
    model.float()


def _parameter_groups(model: PreTrainedModel, weight_decay: float) -> list[dict]:
    no_decay = ("bias", "LayerNorm.weight")
    named = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    return [
        {"params": [p for n, p in named if not any(k in n for k in no_decay)], "weight_decay": weight_decay},
        {"params": [p for n, p in named if any(k in n for k in no_decay)], "weight_decay": 0.0},
    ]


def length_bucketed_batches(ids: list[list[int]], batch_size: int, steps: int, seed: int) -> list[list[int]]:
    """Seeded batches of rows of similar length (little padding), fixed up front so a resumed run sees the same
    order."""
    rng = random.Random(seed)
    batches: list[list[int]] = []
    while len(batches) < steps:
        order = list(range(len(ids)))
        rng.shuffle(order)
        chunk = batch_size * 64
        epoch = []
        for start in range(0, len(order), chunk):
            block = sorted(order[start : start + chunk], key=lambda i: len(ids[i]))
            epoch += [block[i : i + batch_size] for i in range(0, len(block), batch_size)]
        rng.shuffle(epoch)
        batches += epoch
    return batches[:steps]


def _pad(ids: list[list[int]], types: list[list[int]] | None) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]:
    width = max(map(len, ids))
    input_ids = torch.zeros(len(ids), width, dtype=torch.long)
    attention = torch.zeros(len(ids), width, dtype=torch.long)
    token_types = torch.zeros(len(ids), width, dtype=torch.long) if types is not None else None
    for row, sequence in enumerate(ids):
        input_ids[row, : len(sequence)] = torch.tensor(sequence)
        attention[row, : len(sequence)] = 1
        if token_types is not None:
            token_types[row, : len(sequence)] = torch.tensor(types[row])
    return input_ids, attention, token_types
