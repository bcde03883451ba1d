"""Corpus scale: add rate and `check --against` latency with 100,000 stored claims, on CPU.

    python bench/corpus_bench.py --data ../shared/nli

The corpus is filled with 100,000 claims: 4,000 real sentences (MNLI/SNLI premises, really embedded,
so searches find true neighbours and NLI gets a realistic number of pairs) and random unit vectors
for the rest (search cost depends on count and dimension, not on meaning). Then it measures, with
models loaded once: adding pseudo-articles of real sentences through the full pipeline (parse, claims,
embed, store), and checking a 600-word article (the example wire story, topped up with corpus-style
sentences) against the corpus (median of repeats), with NLI in fp32 and, where the CPU has native
bf16, in bf16 (what `--precision auto` picks there).
Writes bench/results/corpus.json.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

from contrast.attribution import Claim
from contrast.corpus.index import EMBEDDING_DIMENSIONS
from contrast.corpus.store import Corpus
from contrast.disputes.candidates import embed_claims
from contrast.ingest import from_text
from contrast.nli.model import NLIModel
from contrast.nli.precision import Precision, native_bf16_cpu
from contrast.pipeline import Models, add_articles, check, load_models
from contrast.training.data import read_nli_file

CLAIMS = 100_000
REAL_CLAIMS = 4_000
CLAIMS_PER_ARTICLE = 25
ADD_ARTICLES = 30
CHECK_REPEATS = 5
PROBE_WORDS = 600
SOURCES = ("the ministry", "the army", "the rebels", "the governor", "the police", "witnesses", "the UN")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="folder of NLI JSONL files (../shared/nli)")
    parser.add_argument("--claims", type=int, default=CLAIMS)
    parser.add_argument(
        "--example",
        type=Path,
        default=Path("data/efe-2023-09-19-karabakh.txt"),
        help="the real article that `check --against` is timed on (topped up to 600 words)",
    )
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    rng = random.Random(0)
    sentences = _sentences(args.data)
    rng.shuffle(sentences)
    models = load_models(precision=Precision.fp32)

    with tempfile.TemporaryDirectory() as folder, Corpus(Path(folder) / "bench.db") as corpus:
        started = time.perf_counter()
        _fill(corpus, sentences[:REAL_CLAIMS], args.claims, models)
        fill_seconds = time.perf_counter() - started

        articles = [_article(sentences, REAL_CLAIMS + i * 20, 20, f"bench-{i}") for i in range(ADD_ARTICLES)]
        started = time.perf_counter()
        add_articles(articles, corpus, nlp=models.nlp, embedder=models.embedder)
        add_seconds = time.perf_counter() - started

        probe = _probe(args.example, sentences[REAL_CLAIMS + ADD_ARTICLES * 20 :])
        words = len(probe.body.split())
        precisions = [Precision.fp32, Precision.bf16] if native_bf16_cpu() else [Precision.fp32]
        checks = {}
        for precision in precisions:
            variant = Models(models.nlp, models.embedder, NLIModel(precision=precision), models.embedder_name)
            checks[precision.value] = _time_check(probe, variant, corpus)
        stats = corpus.stats()

    results = {
        "command": f"python bench/corpus_bench.py --data {args.data} --claims {args.claims} --threads {args.threads}"
        f" --example {args.example}",
        "claims_in_corpus": stats["claims"],
        "corpus_bytes": stats["bytes"],
        "fill_seconds": round(fill_seconds, 1),
        "add_articles": ADD_ARTICLES,
        "add_articles_per_minute": round(ADD_ARTICLES / add_seconds * 60, 1),
        "check_words": words,
        "check_repeats": CHECK_REPEATS,
        "check": checks,
        "threads": args.threads,
    }
    out = Path("bench/results/corpus.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=1))


def _time_check(probe, models: Models, corpus: Corpus) -> dict:
    check([probe], models, against=corpus)  # warm-up
    latencies = []
    for _ in range(CHECK_REPEATS):
        started = time.perf_counter()
        result = check([probe], models, against=corpus)
        latencies.append(time.perf_counter() - started)
    return {
        "seconds_median": round(statistics.median(latencies), 3),
        "seconds_min": round(min(latencies), 3),
        "seconds_max": round(max(latencies), 3),
        "disputes": len(result.disputes),
        "disputed_pairs": sum(len(d.pairs) for d in result.disputes),
    }


def _sentences(data: Path) -> list[str]:
    rows = read_nli_file(data / "mnli.dev_mismatched.jsonl") + read_nli_file(data / "snli.test.jsonl")
    unique = dict.fromkeys(r.premise.strip() for r in rows if 40 <= len(r.premise) <= 300)
    return [
        f"{SOURCES[i % len(SOURCES)].capitalize()} said {s[0].lower()}{s[1:].rstrip('.')}."
        for i, s in enumerate(unique)
    ]


def _article(sentences: list[str], start: int, count: int, name: str):
    text = f"Bench article {name}\n\n" + "\n\n".join(sentences[start : start + count])
    return from_text(text, path=f"{name}.txt")


def _probe(example: Path, extra: list[str]):
    """A real wire story topped up with corpus-style sentences to PROBE_WORDS words of article body."""
    text = example.read_text(encoding="utf-8").rstrip()
    extra = iter(extra)
    while len(from_text(text).body.split()) < PROBE_WORDS:
        text += "\n\n" + next(extra)
    return from_text(text, path="probe.txt")


def _fill(corpus: Corpus, real: list[str], total: int, models) -> None:
    """Store `total` claims in articles of 25: the first from real sentences, the rest random vectors."""
    claims_done = 0
    generator = np.random.default_rng(0)
    article_index = 0
    while claims_done < total:
        count = min(CLAIMS_PER_ARTICLE, total - claims_done)
        texts = real[claims_done : claims_done + count] if claims_done < len(real) else None
        if texts:
            article = from_text("\n\n".join(texts), path=f"fill-{article_index}.txt")
            claims = [_claim(article, i, text) for i, text in enumerate(texts)]
            vectors = embed_claims(claims, models.embedder)
        else:
            texts = [f"Synthetic claim {claims_done + i} said nothing in particular." for i in range(count)]
            article = from_text("\n\n".join(texts), path=f"fill-{article_index}.txt")
            claims = [_claim(article, i, text) for i, text in enumerate(texts)]
            raw = generator.standard_normal((count, EMBEDDING_DIMENSIONS)).astype(np.float32)
            vectors = torch.from_numpy(raw / np.linalg.norm(raw, axis=1, keepdims=True))
        corpus.add(article, claims, vectors)
        claims_done += count
        article_index += 1


def _claim(article, index: int, text: str) -> Claim:
    paragraph = article.paragraphs[index]
    return Claim(
        f"x{index}",
        article.id,
        text,
        text,
        paragraph.start,
        paragraph.end,
        SOURCES[index % len(SOURCES)],
        "said",
        "asserts",
        text,
        True,
        SOURCES[index % len(SOURCES)],
    )


if __name__ == "__main__":
    main()
