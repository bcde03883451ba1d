from __future__ import annotations

from collections import Counter

import pytest

from contrast.training.augment.reported_speech import DENYING, DISTANCING, PATTERNS, REPORTING, report_pairs
from contrast.training.data import NLIExample, read_nli_file

from .conftest import SHARED

NLI = SHARED / "nli"


def _pairs(nlp, statements: list[str]) -> list[NLIExample]:
    rows = [NLIExample("A premise.", statement, "entailment") for statement in statements]
    return report_pairs(rows, nlp, count=len(PATTERNS), seed=0)


def test_report_pairs_label_by_what_the_writer_passes_on(nlp):
    statements = [
        "The army shelled the city.",
        "The factory is closed.",
        "Two boys are playing football.",
        "The company raised its prices.",
        "The bridge was destroyed.",
        "A woman is selling fruit.",
        "The minister resigned last week.",
        "The border will be opened.",
    ]
    pairs = _pairs(nlp, statements)
    assert len(pairs) == len(PATTERNS)
    for pair, (verbs, hypothesis, label) in zip(pairs, PATTERNS, strict=True):
        report = pair.hypothesis if hypothesis == "report" else pair.premise
        assert any(f" {verb} " in report for verb in verbs), report
        assert pair.label == label
        if hypothesis == "not P":
            assert " not " in pair.hypothesis


def test_report_pairs_embed_the_statement_as_a_that_clause(nlp):
    (pair,) = report_pairs([NLIExample("p", "The army shelled the city.", "entailment")], nlp, count=1, seed=0)
    assert pair.premise.endswith(" that the army shelled the city.")
    assert pair.hypothesis == "The army shelled the city." and pair.label == "entailment"


def test_report_pairs_skip_first_and_second_person_statements(nlp):
    rows = [NLIExample("p", "I passed out at the party.", "entailment")]
    assert report_pairs(rows, nlp, count=1, seed=0) == []


@pytest.mark.skipif(not NLI.is_dir(), reason="needs ../shared/nli (the NLI training data)")
def test_report_pairs_on_real_rows_balance_the_labels(nlp):
    rows = read_nli_file(NLI / "snli.train_pieces.jsonl", limit=2000)
    pairs = report_pairs(rows, nlp, count=400, seed=0)
    assert len(pairs) == 400
    assert Counter(p.label for p in pairs) == {"neutral": 200, "entailment": 100, "contradiction": 100}
    verbs = Counter(
        group
        for p in pairs
        for group, words in (("report", REPORTING), ("deny", DENYING), ("distance", DISTANCING))
        if any(f" {w} " in p.premise + " " + p.hypothesis for w in words)
    )
    assert verbs == {"report": 150, "deny": 150, "distance": 100}
