"""The training record: what a run did, written beside the model as JSON; the model card is rendered from it.

No number on the card is typed by hand, so this file is the one place a run's facts are kept.
"""

from __future__ import annotations

import json
from pathlib import Path

RECORD_FILE = "training_record.json"
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


def earlier_stage(init_from: Path | None) -> dict | None:
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
