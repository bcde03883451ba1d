"""Real shipped models, loaded once per session (they take seconds each)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "efe-2023-09-19-karabakh.txt"
SHARED = ROOT.parent / "shared"  # beside the checkout in CI only; tests that need it skip elsewhere
FIXTURES = ROOT / "tests" / "data"


@pytest.fixture(scope="session")
def nlp():
    from contrast.attribution import load_spacy

    return load_spacy()


@pytest.fixture(scope="session")
def embedder():
    from contrast.disputes.candidates import load_embedder

    return load_embedder()


@pytest.fixture(scope="session")
def nli_model():
    from contrast.nli.model import NLIModel

    return NLIModel()


@pytest.fixture(scope="session")
def models(nlp, embedder, nli_model):
    from contrast.pipeline import Models

    return Models(nlp=nlp, embedder=embedder, nli=nli_model, embedder_name="sentence-transformers/all-MiniLM-L6-v2")


@pytest.fixture(scope="session")
def example_article():
    from contrast.ingest import read_article

    return read_article(str(EXAMPLE))


@pytest.fixture(scope="session")
def example_claims(example_article, nlp):
    from contrast.attribution import extract_claims

    return extract_claims(example_article, nlp)


@pytest.fixture(scope="session")
def example_result(models):
    from contrast.pipeline import check

    return check([str(EXAMPLE)], models)
