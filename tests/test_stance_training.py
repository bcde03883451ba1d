"""The stance recipe's pieces on real FNC-1 rows: evidence, the head started from NLI, the official score."""

from __future__ import annotations

import pytest
import torch

from contrast.stance.decision import Decision, fit_decision
from contrast.stance.evidence import select_evidence, split_sentences
from contrast.stance.fnc import STANCES, relative_score, stance_metrics

from .conftest import ROOT, SHARED

BODY = (
    "A video of a priest singing at a wedding went viral this week.\n\n"
    "The clip shows Father Ray Kelly performing Leonard Cohen's Hallelujah in Ireland. "
    "Some sites claimed that the singer was an impostor. A church spokesman denied the story, saying it was a hoax. "
    "The couple said they were surprised."
)


def test_sentences_end_at_stops_and_paragraph_breaks():
    assert split_sentences(BODY) == [
        "A video of a priest singing at a wedding went viral this week.",
        "The clip shows Father Ray Kelly performing Leonard Cohen's Hallelujah in Ireland.",
        "Some sites claimed that the singer was an impostor.",
        "A church spokesman denied the story, saying it was a hoax.",
        "The couple said they were surprised.",
    ]


def test_evidence_keeps_the_lead_the_claims_words_and_the_debunk():
    sentences = split_sentences(BODY)
    chosen = select_evidence("Wedding singer priest was an impostor", sentences, max_sentences=3)
    assert chosen == [0, 2, 3]


def test_relative_score_follows_the_official_weights():
    # agree right: 1.0; disagree called discuss: 0.25; unrelated right: 0.25; discuss called unrelated: 0.
    gold = ["agree", "disagree", "unrelated", "discuss"]
    assert relative_score(gold, ["agree", "discuss", "unrelated", "unrelated"]) == pytest.approx(1.5 / 3.25)
    assert relative_score(gold, gold) == 1.0


def test_metrics_count_every_row_once():
    metrics = stance_metrics(["agree", "disagree"], ["agree", "agree"])
    assert sum(map(sum, metrics["confusion"]["rows_gold_columns_predicted"])) == 2
    assert metrics["f1"]["disagree"] == 0.0


def test_decision_biases_rescue_an_under_called_class():
    # The raw model never says disagree (index 1) although the rows say it a third of the time.
    labels = torch.tensor([0, 1, 3] * 20)
    logits = torch.zeros(60, 4)
    logits[labels == 0, 0] = 2.0
    logits[labels == 1, 0] = 0.5
    logits[labels == 1, 1] = 0.2
    logits[labels == 3, 3] = 2.0
    decision = fit_decision(logits, labels, fitted_on="test rows")
    predicted = decision.probabilities(logits).argmax(-1)
    assert bool((predicted == labels).all())
    assert Decision().probabilities(logits).argmax(-1)[1] == 0


@pytest.mark.slow
def test_the_stance_head_starts_where_nli_points():
    from transformers import AutoTokenizer

    from contrast.training.stance import stance_model_from_nli

    init = str(ROOT / "models" / "contrast-nli-minilm-l6")
    model = stance_model_from_nli(init).eval()
    tokenizer = AutoTokenizer.from_pretrained(init)
    pairs = [
        ("The minister resigned on Monday.", "The minister did not resign."),
        ("The minister resigned.", "The minister left office."),
    ]
    with torch.inference_mode():
        logits = model(
            **tokenizer([p for p, _ in pairs], [h for _, h in pairs], padding=True, return_tensors="pt")
        ).logits
    assert [STANCES[i] for i in logits.argmax(-1).tolist()] == ["disagree", "agree"]


@pytest.mark.skipif(not (SHARED / "fnc1").is_dir(), reason="needs ../shared/fnc1")
def test_stance_rows_pair_evidence_with_headlines():
    from contrast.training.stance import stance_rows

    rows, body_ids = stance_rows(SHARED / "fnc1", "test")
    assert len(rows) == len(body_ids) == 25413
    assert {STANCES[row.label] for row in rows} == set(STANCES)
    assert all(row.premise and row.hypothesis for row in rows[:100])
