"""The rows a run trains on: the chosen files, an optional seeded sample, and the generated sets it asks for.

Generated sets come from train splits only (never from a dev file in the mix) and are cached in the work dir
per recipe, so a resumed run skips spaCy.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
from collections.abc import Callable
from dataclasses import asdict

from contrast.training.config import (
    COMPATIBLE_SET,
    NEGATED_NEUTRAL_SET,
    NEGATION_SET,
    REPORT_SET,
    UNRELATED_SET,
    TrainingConfig,
)
from contrast.training.data import NLIExample, read_nli_file


def generated_sets(train_sets: dict[str, list[NLIExample]], config: TrainingConfig) -> dict[str, list[NLIExample]]:
    """The generated pairs the config asks for; all but the negations come from train splits only."""
    from contrast.training.augment.neutral import compatible_pairs, unrelated_pairs

    originals = [example for rows in train_sets.values() for example in rows]
    # Dev files in the mix stay out of the generators, so no generated pair is built on an evaluation text.
    train_split = [example for name, rows in train_sets.items() if ".train" in name for example in rows]
    wanted = {
        NEGATION_SET: (config.negation_pairs, lambda n: negated_set(originals, n, config.seed)),
        UNRELATED_SET: (config.unrelated_pairs, lambda n: unrelated_pairs(train_split, count=n, seed=config.seed)),
        COMPATIBLE_SET: (config.compatible_pairs, lambda n: compatible_pairs(train_split, count=n, seed=config.seed)),
        REPORT_SET: (config.report_pairs, lambda n: reported_set(train_split, n, config.seed)),
        NEGATED_NEUTRAL_SET: (config.negated_neutral_pairs, lambda n: negated_neutral_set(train_split, n, config.seed)),
    }
    return {name: _cached(name, count, build, config) for name, (count, build) in wanted.items() if count}


def _cached(
    name: str, count: int, build: Callable[[int], list[NLIExample]], config: TrainingConfig
) -> list[NLIExample]:
    """Generated once per recipe and kept in the work dir: a resumed run skips spaCy."""
    recipe = hashlib.sha1("\n".join(config.train_files).encode()).hexdigest()[:10]
    slug = name.split()[0]
    cache = config.work_dir / f"{slug}-{count}-seed{config.seed}-{recipe}.jsonl"
    if cache.is_file():
        return read_nli_file(cache)
    pairs = build(count)
    partial = cache.with_suffix(".partial")
    partial.write_text("".join(json.dumps(asdict(pair)) + "\n" for pair in pairs), encoding="utf-8")
    os.replace(partial, cache)
    return pairs


def negated_set(examples: list[NLIExample], count: int, seed: int) -> list[NLIExample]:
    """Pairs with negated hypotheses and flipped labels."""
    from contrast.attribution import load_spacy
    from contrast.training.augment.negation import negated_pairs

    return negated_pairs(examples, load_spacy(), count=count, seed=seed)


def reported_set(examples: list[NLIExample], count: int, seed: int) -> list[NLIExample]:
    """Reported-speech pairs: "X said/denied/claimed that P", labelled by what the writer passes on."""
    from contrast.attribution import load_spacy
    from contrast.training.augment.reported_speech import report_pairs

    return report_pairs(examples, load_spacy(), count=count, seed=seed)


def negated_neutral_set(examples: list[NLIExample], count: int, seed: int) -> list[NLIExample]:
    """Unrelated and compatible pairs in equal shares (seeded apart from the plain sets), hypotheses negated."""
    from contrast.attribution import load_spacy
    from contrast.training.augment.neutral import compatible_pairs, unrelated_pairs, with_negated_hypotheses

    # About half the hypotheses cannot be negated safely, so twice the target is drawn.
    pool = unrelated_pairs(examples, count=count, seed=seed + 1) + compatible_pairs(
        examples, count=count, seed=seed + 1
    )
    random.Random(seed).shuffle(pool)
    return with_negated_hypotheses(pool, load_spacy())[:count]


def sample_rows(train_sets: dict[str, list[NLIExample]], size: int, seed: int) -> dict[str, list[NLIExample]]:
    """A seeded sample of `size` rows over all files, each file keeping its own share."""
    slots = [(name, index) for name, rows in train_sets.items() for index in range(len(rows))]
    kept = set(random.Random(seed).sample(slots, min(size, len(slots))))
    return {name: [row for index, row in enumerate(rows) if (name, index) in kept] for name, rows in train_sets.items()}
