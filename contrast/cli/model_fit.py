"""`contrast model distill` and `contrast model train-stance`: the two recipes built on one soft/hard-target loop."""

from __future__ import annotations

import logging
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from contrast.cli import terminal
from contrast.cli.main import user_errors
from contrast.cli.model import TrainingDevice, model_app, training_device
from contrast.errors import InputError

if TYPE_CHECKING:
    from contrast.training.fit import FitConfig

Device = Annotated[TrainingDevice, typer.Option(help="Where to train; auto takes a CUDA GPU when there is one.")]
Epochs = Annotated[float, typer.Option(min=0.01, help="Passes over the rows.")]
TimeBudget = Annotated[
    float | None,
    typer.Option(min=1, help="Seconds to train at most: the schedule is shortened so the learning rate still decays."),
]
BF16 = Annotated[bool, typer.Option("--bf16/--fp32", help="bf16 mixed precision (GPU or a CPU with native bf16).")]
Init = Annotated[Path, typer.Option(help="The NLI model to start from.", exists=True, file_okay=False)]
CheckpointDir = Annotated[
    Path | None,
    typer.Option(help="Save checkpoints (safetensors + JSON) here; a rerun resumes from them.", file_okay=False),
]


@model_app.command("distill")
@user_errors
def distill_cli(
    data: Annotated[Path, typer.Option(help="../shared/nli (with distill/ inside).", exists=True, file_okay=False)],
    output: Annotated[Path, typer.Option(help="Model directory to write.")],
    init: Init = Path("models/contrast-nli-minilm-l6"),
    rows: Annotated[
        Path | None,
        typer.Option(help="Rows file (.jsonl or .jsonl.xz): read if it exists, else built (spaCy, ~3 min) and saved."),
    ] = None,
    epochs: Epochs = 1.8,
    batch_size: Annotated[int, typer.Option(min=1)] = 64,
    learning_rate: Annotated[float, typer.Option()] = 6e-5,
    temperature: Annotated[float, typer.Option(min=0.1, help="Softening of teacher and student.")] = 2.0,
    alpha: Annotated[
        float, typer.Option(min=0, max=1, help="Weight of the teacher where there is a gold label.")
    ] = 0.7,
    freeze_embeddings: Annotated[bool, typer.Option(help="Keep the word embeddings of --init.")] = True,
    time_budget: TimeBudget = None,
    checkpoint_dir: CheckpointDir = None,
    bf16: BF16 = False,
    device: Device = TrainingDevice.auto,
    seed: Annotated[int, typer.Option()] = 42,
    eval_limit: Annotated[
        int | None, typer.Option(min=1, help="Evaluate on the first N rows of each dev set [default: all].")
    ] = None,
) -> None:
    """Distil the NLI teacher's soft labels (plus hard generated pairs) into the 6-layer model, then calibrate,
    evaluate and render its model card. A GPU takes ~5 minutes; two CPU cores take many hours.

    Example: contrast model distill --data ../shared/nli --output runs/distilled --rows runs/distill-rows.jsonl.xz
    """
    from contrast.training.card import write_model_card
    from contrast.training.distill import distill

    if not (data / "distill").is_dir():
        raise InputError(f"{data} has no distill/ folder of teacher probabilities; pass ../shared/nli as --data")
    config = _config(
        device=device,
        bf16=bf16,
        time_budget=time_budget,
        checkpoint_dir=checkpoint_dir,
        epochs=epochs,
        batch_size=batch_size,
        learning_rate=learning_rate,
        max_length=128,
        temperature=temperature,
        alpha=alpha,
        freeze_embeddings=freeze_embeddings,
        seed=seed,
    )
    _log_progress()
    distill(
        nli_dir=data,
        init=init,
        output=output,
        config=config,
        rows_file=rows,
        eval_limit=eval_limit,
        command=_command(),
    )
    print(write_model_card(output))


@model_app.command("train-stance")
@user_errors
def train_stance_cli(
    fnc1: Annotated[Path, typer.Option(help="../shared/fnc1 (train files).", exists=True, file_okay=False)],
    output: Annotated[Path, typer.Option(help="Model directory to write.")] = Path("models/contrast-stance-minilm-l6"),
    init: Init = Path("models/contrast-nli-minilm-l6"),
    epochs: Epochs = 3.4,
    batch_size: Annotated[int, typer.Option(min=1)] = 32,
    learning_rate: Annotated[float, typer.Option()] = 4e-5,
    time_budget: TimeBudget = None,
    checkpoint_dir: CheckpointDir = None,
    bf16: BF16 = False,
    device: Device = TrainingDevice.auto,
    seed: Annotated[int, typer.Option()] = 42,
) -> None:
    """Fine-tune the FNC-1 stance model (agree, disagree, discuss, unrelated) from the NLI model, and fit its
    decision biases on held-out train bodies. A GPU takes ~4 minutes; two CPU cores take many hours.

    Example: contrast model train-stance --fnc1 ../shared/fnc1 --output runs/stance
    """
    missing = [name for name in ("train_bodies.jsonl", "train_stances.jsonl") if not (fnc1 / name).is_file()]
    if missing:
        raise InputError(f"{fnc1} has no {', '.join(missing)}; pass ../shared/fnc1 as --fnc1")
    from contrast.training.stance import DEFAULT_CLASS_WEIGHTS, DEFAULT_MAX_LENGTH, train_stance

    config = _config(
        device=device,
        bf16=bf16,
        time_budget=time_budget,
        checkpoint_dir=checkpoint_dir,
        epochs=epochs,
        batch_size=batch_size,
        learning_rate=learning_rate,
        max_length=DEFAULT_MAX_LENGTH,
        class_weights=DEFAULT_CLASS_WEIGHTS,
        freeze_embeddings=True,
        seed=seed,
    )
    _log_progress()
    summary = train_stance(fnc1, str(init), output, config)
    terminal.stderr.print(f"trained on {summary['train_rows']:,} rows; decision fitted on {summary['held_out_rows']:,}")
    print(output)


def _config(
    *, device: TrainingDevice, bf16: bool, time_budget: float | None, checkpoint_dir: Path | None, **recipe: object
) -> FitConfig:
    """The options both recipes share, then each recipe's own (epochs, lengths, loss weights)."""
    from contrast.training.fit import FitConfig

    return FitConfig(
        time_budget_s=time_budget,
        checkpoint_dir=checkpoint_dir,
        device=training_device(device),
        precision="bf16" if bf16 else "fp32",
        **recipe,
    )


def _log_progress() -> None:
    """The loop logs every 100 steps; on stderr, so stdout keeps only the result."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(asctime)s %(message)s")
    logging.getLogger("contrast.training").setLevel(logging.INFO)


def _command() -> str:
    return "contrast model " + " ".join(shlex.quote(arg) for arg in sys.argv[2:])
