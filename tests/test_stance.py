from __future__ import annotations

import json

import pytest

from contrast.errors import ModelLoadError
from contrast.stance.evidence import sentence_spans, split_sentences
from contrast.stance.fnc import read_fnc1
from contrast.stance.model import UNCERTAIN, StanceModel

from .conftest import SHARED
from .test_nli import _tiny_model

BODY = "The city was shelled. The city was not shelled.\n\nThe shelled city was."
needs_shared = pytest.mark.skipif(not (SHARED / "fnc1").is_dir(), reason="needs ../shared/fnc1 (FNC-1 data)")


def _tiny_stance_model(path, decision: dict | None = None):
    model = _tiny_model(path, {0: "Unrelated", 1: "agree", 2: "DISCUSS", 3: "disagree"})
    if decision is not None:
        (path / "decision.json").write_text(json.dumps(decision), encoding="utf-8")
    return StanceModel(str(model), precision="fp32")


def test_stance_reads_label_order_from_config(tmp_path):
    assert _tiny_stance_model(tmp_path / "tiny").label_columns == [1, 3, 2, 0]


def test_stance_refuses_model_without_stance_labels(tmp_path):
    path = _tiny_model(tmp_path / "nli", {0: "entailment", 1: "neutral", 2: "contradiction"})
    with pytest.raises(
        ModelLoadError,
        match=r"is not a stance model: its labels are entailment, neutral, contradiction; pass a model whose "
        r"labels include agree, disagree, discuss and unrelated",
    ):
        StanceModel(str(path))


@pytest.mark.parametrize(
    ("decision", "stance", "abstained"),
    [
        ({"bias": [0, 50, 0, 0], "abstain_below": 0.5}, "disagree", False),
        ({"bias": [0, 0, 0, 50], "abstain_below": 0.5}, "unrelated", False),
        ({"bias": [0, 0, 0, 0], "abstain_below": 0.99}, UNCERTAIN, True),
    ],
    ids=["bias decides", "unrelated", "abstains"],
)
def test_stance_decision_biases_and_abstention(tmp_path, decision, stance, abstained):
    model = _tiny_stance_model(tmp_path / "tiny", decision)
    (found,) = model.predict("the city was shelled .", [BODY])
    assert (found.stance, found.abstained) == (stance, abstained)


def test_stance_evidence_points_into_the_body(tmp_path):
    model = _tiny_stance_model(tmp_path / "tiny", {"bias": [0, 50, 0, 0], "abstain_below": 0.0})
    (found,) = model.predict("the city was shelled .", [BODY])
    assert found.evidence and all(BODY[e.start : e.end] == e.text for e in found.evidence)
    assert [e.support for e in found.evidence] == sorted((e.support for e in found.evidence), reverse=True)


def test_stance_unrelated_body_has_no_evidence(tmp_path):
    model = _tiny_stance_model(tmp_path / "tiny", {"bias": [0, 0, 0, 50], "abstain_below": 0.0})
    assert model.predict("the city was shelled .", [BODY])[0].evidence == ()


def test_stance_refuses_bad_decision_file(tmp_path):
    with pytest.raises(ModelLoadError, match=r"decision.json: bias has 2 values; give one per stance"):
        _tiny_stance_model(tmp_path / "tiny", {"bias": [0, 1], "abstain_below": 0.5})


def test_stance_shipped_model_is_the_default():
    assert StanceModel.default_path().endswith("contrast-stance-minilm-l6")


@pytest.mark.parametrize(
    "text",
    ["One. Two? Three!", "A “quoted” end.” Next one.\n\nNew paragraph", "  padded.   \n\n  lines  "],
)
def test_stance_sentence_spans_match_split_sentences(text):
    assert [text[start:end] for start, end in sentence_spans(text)] == split_sentences(text)


@pytest.fixture(scope="session")
def stance_model():
    return StanceModel()


@pytest.fixture(scope="session")
def fnc1_test():
    bodies, rows = read_fnc1(SHARED / "fnc1", "test")
    return bodies, {(row.body_id, row.headline): row.stance for row in rows}


@pytest.mark.slow
@needs_shared
@pytest.mark.parametrize(
    ("body_id", "headline", "stance"),
    [
        (1033, "Raven Symone Files Molestation Charges Against Bill Cosby", "disagree"),
        (2011, "IBM to cut more than 111,000 jobs in largest corporate lay-off ever", "disagree"),
        (2493, "Justin Bieber ringtone saves Russian fisherman from bear attack", "agree"),
        (2011, "IBM denies layoff rumors", "agree"),
        (157, "Yemen’s Houthi rebels seize U.S. Marines’ weapons at airport", "unrelated"),
    ],
    ids=["debunk: 'did NOT file'", "debunk: 'denied rumors'", "agrees", "agrees with a denial", "unrelated"],
)
def test_stance_fnc1_clear_cut_rows(stance_model, fnc1_test, body_id, headline, stance):
    bodies, gold = fnc1_test
    assert gold[(body_id, headline)] == stance  # the row as FNC-1 labels it
    (found,) = stance_model.predict(headline, [bodies[body_id]])
    assert found.stance == stance


@pytest.mark.slow
@needs_shared
def test_stance_fnc1_debunk_evidence_is_the_denial(stance_model, fnc1_test):
    bodies, _ = fnc1_test
    (found,) = stance_model.predict("Raven Symone Files Molestation Charges Against Bill Cosby", [bodies[1033]])
    assert any(word in found.evidence[0].text for word in ("NOT", "false", "hoax"))
