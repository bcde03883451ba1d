"""Checkpoints a run can resume from, in formats that cannot carry code (safetensors and JSON).

An interrupted CPU run of several hours must not start over, and a checkpoint folder must not be a way to
run someone else's code: a pickled checkpoint left there is ignored, never loaded.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file
from transformers import PreTrainedModel

from contrast.errors import InputError

CHECKPOINT_TENSORS = "checkpoint.safetensors"
CHECKPOINT_STATE = "checkpoint.json"
LEGACY_CHECKPOINT = "checkpoint.pt"  # pickled: never loaded

logger = logging.getLogger(__name__)


def save_checkpoint(
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


def resume(
    folder: Path,
    model: PreTrainedModel,
    optimizer: torch.optim.Optimizer,
    scheduler: torch.optim.lr_scheduler.LRScheduler,
    history: list[dict],
) -> tuple[int, float]:
    """Resume from `save_checkpoint`'s files; anything else there is refused, never unpickled."""
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
