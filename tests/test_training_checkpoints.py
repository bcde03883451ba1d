"""Checkpoints hold tensors and JSON only: resuming from a crafted file must never run its code."""

from __future__ import annotations

import os
import pickle

import pytest
import torch
from transformers import BertConfig, BertForSequenceClassification, get_linear_schedule_with_warmup

from contrast.errors import InputError
from contrast.training.checkpoints import (
    CHECKPOINT_STATE,
    CHECKPOINT_TENSORS,
    LEGACY_CHECKPOINT,
    resume,
    save_checkpoint,
)


class _RunsCode:
    """Unpickling this calls os.system, as the crafted checkpoint in the report did."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _state():
    torch.manual_seed(0)
    config = BertConfig(vocab_size=50, hidden_size=8, num_hidden_layers=1, num_attention_heads=2, intermediate_size=8)
    model = BertForSequenceClassification(config)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    scheduler = get_linear_schedule_with_warmup(optimizer, 1, 10)
    loss = model(input_ids=torch.tensor([[1, 2, 3]]), labels=torch.tensor([1])).loss
    loss.backward()
    optimizer.step()
    scheduler.step()
    return model, optimizer, scheduler


def test_training_checkpoint_round_trip_restores_weights_optimizer_and_schedule(tmp_path):
    model, optimizer, scheduler = _state()
    save_checkpoint(tmp_path, model, optimizer, scheduler, 7, [{"step": 5, "selection_accuracy": 0.5}], 12.5)
    fresh, fresh_optimizer, fresh_scheduler = _state()
    torch.nn.init.zeros_(fresh.classifier.weight)
    history: list[dict] = []
    assert resume(tmp_path, fresh, fresh_optimizer, fresh_scheduler, history) == (7, 12.5)
    assert history == [{"step": 5, "selection_accuracy": 0.5}]
    assert torch.equal(fresh.classifier.weight, model.classifier.weight)
    saved, restored = optimizer.state_dict(), fresh_optimizer.state_dict()
    assert restored["param_groups"] == [dict(g, betas=list(g["betas"])) for g in saved["param_groups"]]
    assert all(torch.equal(saved["state"][0][k], restored["state"][0][k]) for k in saved["state"][0])
    assert fresh_scheduler.state_dict() == scheduler.state_dict()


def test_training_pickled_checkpoint_is_never_loaded(tmp_path):
    marker = tmp_path / "ran"
    (tmp_path / LEGACY_CHECKPOINT).write_bytes(pickle.dumps({"model": _RunsCode(str(marker))}))
    model, optimizer, scheduler = _state()
    assert resume(tmp_path, model, optimizer, scheduler, []) == (0, 0.0)
    assert not marker.exists()


@pytest.mark.parametrize(
    ("pickled_tensors", "state"),
    [
        (True, b"{}"),  # a pickle renamed to .safetensors is no safetensors file
        (False, b"not json"),
        (False, b'{"step": 1}'),
    ],
    ids=["pickle-as-safetensors", "state-not-json", "state-missing-keys"],
)
def test_training_crafted_checkpoint_is_one_line_error(tmp_path, pickled_tensors, state):
    marker = tmp_path / "ran"
    model, optimizer, scheduler = _state()
    save_checkpoint(tmp_path, model, optimizer, scheduler, 1, [], 1.0)
    if pickled_tensors:
        (tmp_path / CHECKPOINT_TENSORS).write_bytes(pickle.dumps(_RunsCode(str(marker))))
    (tmp_path / CHECKPOINT_STATE).write_bytes(state)
    with pytest.raises(InputError, match=r"not a checkpoint this recipe can resume .*pass another --checkpoint-dir"):
        resume(tmp_path, model, optimizer, scheduler, [])
    assert not marker.exists()
