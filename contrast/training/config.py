"""What a training run is told: the data mix (with each file's licence), the held-out sets, the hyperparameters.

Kept apart from the loop so that the CLI, the record and the model card read one definition, and so that
`training_command` can give back the exact call that reproduces a run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

NEGATION_SET = "negated hypotheses (generated)"
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
