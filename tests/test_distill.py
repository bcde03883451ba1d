"""Distillation: the loss, the rows file and the `contrast model distill` command on real rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from typer.testing import CliRunner

from contrast.training.fit import TrainingRow, distillation_loss, read_rows, write_rows

from .conftest import ROOT, SHARED

NO_WEIGHT = torch.ones(3)


def test_loss_is_zero_where_the_student_already_matches_the_teacher():
    teacher = torch.tensor([[0.7, 0.2, 0.1]])
    logits = torch.log(teacher)
    loss = distillation_loss(
        logits, torch.tensor([-1]), teacher, torch.tensor([True]), temperature=2.0, alpha=0.7, class_weights=NO_WEIGHT
    )
    assert float(loss) == pytest.approx(0.0, abs=1e-5)


def test_a_row_without_teacher_takes_plain_cross_entropy():
    logits = torch.tensor([[2.0, 0.0, -1.0]])
    loss = distillation_loss(
        logits,
        torch.tensor([2]),
        torch.zeros(1, 3),
        torch.tensor([False]),
        temperature=2.0,
        alpha=0.7,
        class_weights=NO_WEIGHT,
    )
    assert float(loss) == pytest.approx(float(torch.nn.functional.cross_entropy(logits, torch.tensor([2]))))


def test_the_teacher_term_pulls_towards_the_teacher():
    logits = torch.zeros(1, 3, requires_grad=True)
    teacher = torch.tensor([[0.05, 0.05, 0.9]])
    distillation_loss(
        logits, torch.tensor([-1]), teacher, torch.tensor([True]), temperature=1.0, alpha=0.7, class_weights=NO_WEIGHT
    ).backward()
    assert logits.grad[0, 2] < 0 < logits.grad[0, 0]  # gradient descent raises the teacher's class


def test_rows_round_trip_through_xz(tmp_path: Path):
    rows = [
        TrainingRow("The army shelled the city.", "The city was not attacked.", 2, (0.01, 0.04, 0.95), "snli"),
        TrainingRow("A man sleeps.", "A frog was found in Peru.", 1, None, "unrelated pairs (generated)"),
    ]
    write_rows(tmp_path / "rows.jsonl.xz", rows)
    assert read_rows(tmp_path / "rows.jsonl.xz") == rows


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "nli" / "distill").is_dir(), reason="needs ../shared/nli/distill")
def test_distill_command_trains_calibrates_and_writes_a_card(tmp_path: Path):
    from contrast.cli import app

    lines = (SHARED / "nli" / "distill" / "teacher.fnc1_train_pairs.jsonl").read_text(encoding="utf-8").splitlines()
    rows = []
    for record in map(json.loads, lines[:24]):
        probs = (record["p_entailment"], record["p_neutral"], record["p_contradiction"])
        rows.append(TrainingRow(record["premise"], record["hypothesis"], -1, probs, "fnc1 train sentence pairs"))
    write_rows(tmp_path / "rows.jsonl", rows)
    output = tmp_path / "student"
    result = CliRunner().invoke(
        app,
        [
            "model",
            "distill",
            "--data",
            str(SHARED / "nli"),
            "--output",
            str(output),
            "--init",
            str(ROOT / "models" / "contrast-nli-minilm-l6"),
            "--rows",
            str(tmp_path / "rows.jsonl"),
            "--epochs",
            "1",
            "--batch-size",
            "8",
            "--eval-limit",
            "16",
            "--device",
            "cpu",
        ],
    )
    assert result.exit_code == 0, result.output
    record = json.loads((output / "training_record.json").read_text(encoding="utf-8"))
    assert record["steps"] == 3
    assert record["teacher"]["mnli_dev_mismatched"] == pytest.approx(0.818)
    assert record["train_data"] == [
        {
            "file": "fnc1 train sentence pairs",
            "licence": record["train_data"][0]["licence"],
            "rows": 24,
            "labels": {},
            "teacher": 24,
        }
    ]
    card = (output / "README.md").read_text(encoding="utf-8")
    assert "Distillation from a stronger teacher" in card
    assert (output / "calibration.json").is_file()


def test_distill_command_refuses_a_folder_without_teacher_labels(tmp_path: Path):
    from contrast.cli import app

    result = CliRunner().invoke(app, ["model", "distill", "--data", str(tmp_path), "--output", str(tmp_path / "m")])
    assert result.exit_code == 2
    assert "has no distill/ folder" in result.output


@pytest.mark.slow
def test_fit_checkpoints_and_a_rerun_resumes_where_it_stopped(tmp_path: Path):
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from contrast.training.fit import FitConfig, fit

    init = ROOT / "models" / "contrast-nli-minilm-l6"
    rows = [
        TrainingRow("The army shelled the city.", "The city was not attacked.", 2, (0.02, 0.08, 0.9), "test"),
        TrainingRow("A man is sleeping on a bench.", "A man is resting.", 0, None, "test"),
        TrainingRow("The talks ended on Friday.", "A frog was found in Peru.", 1, None, "test"),
        TrainingRow("The minister resigned.", "The minister left office.", -1, (0.9, 0.08, 0.02), "test"),
    ]
    config = FitConfig(epochs=2, batch_size=2, checkpoint_dir=tmp_path / "ckpt", checkpoint_every=2, log_every=1)
    tokenizer = AutoTokenizer.from_pretrained(init)
    first = fit(AutoModelForSequenceClassification.from_pretrained(init), tokenizer, rows, config)
    assert [point["step"] for point in first] == [1, 2, 3, 4]
    assert (tmp_path / "ckpt" / "checkpoint.safetensors").is_file()
    again = fit(AutoModelForSequenceClassification.from_pretrained(init), tokenizer, rows, config)
    assert again == first  # resumed at the last step: nothing left to train, the history comes back whole


def test_distill_command_names_a_rows_file_it_cannot_read(tmp_path: Path):
    from contrast.cli import app

    (tmp_path / "nli" / "distill").mkdir(parents=True)
    (tmp_path / "rows.jsonl").write_text("not json\n", encoding="utf-8")
    result = CliRunner().invoke(
        app,
        [
            "model",
            "distill",
            "--data",
            str(tmp_path / "nli"),
            "--output",
            str(tmp_path / "m"),
            "--rows",
            str(tmp_path / "rows.jsonl"),
            "--device",
            "cpu",
        ],
    )
    assert result.exit_code == 2
    assert "not a rows file written by `contrast model distill --rows`" in result.output


def test_train_stance_command_refuses_a_folder_without_fnc1_train_files(tmp_path: Path):
    from contrast.cli import app

    result = CliRunner().invoke(
        app, ["model", "train-stance", "--fnc1", str(tmp_path), "--output", str(tmp_path / "m")]
    )
    assert result.exit_code == 2
    assert "has no train_bodies.jsonl, train_stances.jsonl" in result.output
