from __future__ import annotations

import pytest
import torch
from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

from contrast.errors import ModelLoadError
from contrast.nli.model import REQUIRED_LABELS, NLIModel, default_model_path
from contrast.nli.precision import Precision, native_bf16_cpu, resolve_precision
from contrast.training.data import read_nli_file

from .conftest import FIXTURES, ROOT


def _tiny_model(path, id2label: dict[int, str]):
    vocab = path / "vocab.txt"
    path.mkdir()
    vocab.write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "city", "was", "shelled", "."]))
    BertTokenizerFast(vocab_file=str(vocab)).save_pretrained(path)
    config = BertConfig(
        vocab_size=10,
        hidden_size=8,
        num_hidden_layers=1,
        num_attention_heads=1,
        intermediate_size=8,
        num_labels=len(id2label),
        id2label=id2label,
        label2id={v: k for k, v in id2label.items()},
    )
    torch.manual_seed(0)
    BertForSequenceClassification(config).save_pretrained(path)
    return path


def test_nli_reads_label_order_from_config(tmp_path):
    path = _tiny_model(tmp_path / "tiny", {0: "CONTRADICTION", 1: "entailment", 2: "Neutral"})
    model = NLIModel(str(path), precision="fp32")
    assert model.label_columns == [1, 2, 0]
    pairs = [("the city was shelled .", "the city was .")]
    with torch.no_grad():
        raw = model.model(**model.tokenizer(*zip(*pairs, strict=True), return_tensors="pt")).logits[0]
    assert model.logits(pairs)[0].tolist() == pytest.approx(raw[[1, 2, 0]].tolist())
    probabilities = model.predict(pairs)[0]
    assert probabilities.contradiction == pytest.approx(float(torch.softmax(raw, -1)[0]), abs=1e-5)


def test_nli_refuses_model_without_nli_labels(tmp_path):
    path = _tiny_model(tmp_path / "sentiment", {0: "POS", 1: "NEG"})
    with pytest.raises(ModelLoadError, match=r"is not an NLI model: its labels are POS, NEG"):
        NLIModel(str(path))


def test_nli_refuses_missing_model(tmp_path):
    with pytest.raises(ModelLoadError, match="no such model directory"):
        NLIModel(str(tmp_path / "nothing-here"))


def test_nli_shipped_model_is_the_default():
    assert default_model_path().endswith("contrast-nli-minilm-l6")


@pytest.mark.slow
def test_nli_shipped_model_loads_offline(nli_model):
    assert [nli_model.model.config.id2label[i].lower() for i in nli_model.label_columns] == list(REQUIRED_LABELS)
    assert nli_model.temperature != 1.0


@pytest.mark.slow
@pytest.mark.parametrize(
    ("premise", "hypothesis", "label"),
    [
        ("The army shelled the city on Tuesday.", "The army did not shell the city on Tuesday.", "contradiction"),
        ("The minister resigned on Friday.", "The minister stayed in office.", "contradiction"),
        ("Three people were killed in the explosion.", "The explosion killed three people.", "entailment"),
        ("The talks in Geneva ended without an agreement.", "No agreement was reached in Geneva.", "entailment"),
    ],
)
def test_nli_clear_cut_pairs(nli_model, premise, hypothesis, label):
    probabilities = nli_model.predict([(premise, hypothesis)])[0]
    assert max(REQUIRED_LABELS, key=lambda name: getattr(probabilities, name)) == label


@pytest.mark.slow
@pytest.mark.xfail(
    strict=True, reason="the shipped model reads unrelated pairs as contradiction (bench/news_nli.py: 61% of 1,000)"
)
@pytest.mark.parametrize(
    ("premise", "hypothesis"),
    [
        ("The central bank raised interest rates by half a point.", "A new species of frog was found in Peru."),
        (
            "Residents of the Karabakh capital and other cities have sought refuge in basements.",
            "Stepanakert and other cities were under heavy artillery bombardment.",
        ),
    ],
)
def test_nli_unrelated_or_compatible_pairs_are_no_contradiction(nli_model, premise, hypothesis):
    probabilities = nli_model.predict([(premise, hypothesis)])[0]
    assert probabilities.contradiction < 0.5


@pytest.mark.slow
def test_nli_shipped_model_loads_by_directory_and_environment(monkeypatch):
    monkeypatch.setenv("CONTRAST_MODEL", "models/contrast-nli-minilm-l6")
    assert default_model_path() == "models/contrast-nli-minilm-l6"
    monkeypatch.chdir(ROOT)
    assert NLIModel().model.config.id2label[2] == "contradiction"


@pytest.mark.slow
def test_nli_accuracy_on_fixed_mnli_mismatched_sample(nli_model):
    rows = read_nli_file(FIXTURES / "mnli.dev_mismatched.first300.jsonl")
    predictions = nli_model.logits([(r.premise, r.hypothesis) for r in rows]).argmax(dim=-1)
    accuracy = float((predictions == torch.tensor([r.label_id for r in rows])).float().mean())
    assert accuracy >= 0.70


def test_precision_auto_is_bf16_only_on_native_bf16_hardware():
    expected = Precision.bf16 if native_bf16_cpu() else Precision.fp32
    assert resolve_precision("auto", "cpu") == expected
    assert resolve_precision("int8", "cpu") == Precision.int8
    assert resolve_precision("int8", "cuda") == Precision.fp32  # dynamic quantisation is CPU-only
    with pytest.raises(ValueError):
        resolve_precision("fp64", "cpu")


@pytest.mark.slow
@pytest.mark.parametrize("precision", ["bf16", "int8"])
def test_faster_precisions_keep_clear_cut_answers(nli_model, precision):
    exact_model = NLIModel(nli_model.name_or_path, precision="fp32")
    fast = NLIModel(nli_model.name_or_path, precision=precision)
    pairs = [
        ("The army shelled the city on Monday.", "The city was not shelled on Monday."),
        ("The minister resigned on Friday.", "The minister stepped down on Friday."),
    ]
    assert fast.precision == precision
    for exact, approximate in zip(exact_model.predict(pairs), fast.predict(pairs), strict=True):
        assert approximate.contradiction == pytest.approx(exact.contradiction, abs=0.1)


def test_nli_pickled_weights_that_run_code_are_refused(tmp_path):
    import os
    import pickle

    class RunsCode:
        def __reduce__(self):
            return (os.system, (f"touch {tmp_path / 'ran'}",))

    path = _tiny_model(tmp_path / "tiny", {0: "entailment", 1: "neutral", 2: "contradiction"})
    (path / "model.safetensors").unlink()
    (path / "pytorch_model.bin").write_bytes(pickle.dumps({"weight": RunsCode()}))
    with pytest.raises(
        ModelLoadError, match=r"refused because it could run code; pass a model saved as model\.safetensors"
    ):
        NLIModel(str(path), precision="fp32")
    assert not (tmp_path / "ran").exists()
