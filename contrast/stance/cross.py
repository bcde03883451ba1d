"""Cross-article disputes: one article disagrees with what another's lead asserts (a story against its debunk).

Pairing claims by their words cannot see that a body calling a story "a hoax", or saying someone "is alive
and well", denies a headline it shares few words with; the stance model reads each article's lead
sentences as claims against every other article's body, as FNC-1 reads a headline against a body. A
disagreement becomes a Dispute like any other: the lead on side A, the denying sentences on side B.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from contrast.attribution import Claim
from contrast.disputes.disputes import Dispute, DisputedPair, Side, fact_label
from contrast.ingest import Article
from contrast.stance.evidence import sentence_spans
from contrast.stance.model import Stance, StanceModel, predict_stance

# The lead states what an article asserts (a wire story's first sentences restate its headline).
LEAD_SENTENCES = 2
# A body this short (a headline read as an article) is outside what the model learned: FNC-1 bodies are
# articles, so a one-liner as the body gives noise; such an article still takes part as the claim side.
MIN_BODY_WORDS = 40
# The decision rule of the stance model is fitted for FNC-1's four-way score, where `disagree` is rare and
# often lost to `agree`; a dispute takes a lower cut on the disagree probability, the lowest that kept
# agreeing held-out FNC-1 train rows at 5% disputes or fewer (76% of disagreeing ones above it;
# bench/fit_stance_dispute_cut.py, bench/results/stance-dispute-cut.json).
MIN_DISAGREE = 0.12
# Denying sentences kept as side B's claims and the dispute's evidence.
DENYING_SENTENCES = 2
RELATION = "stance"


@dataclass(frozen=True, slots=True)
class CrossArticleDisputes:
    """The disputes found, and the claims they cite that no claim extraction produced (leads, denials)."""

    disputes: tuple[Dispute, ...]
    claims: tuple[Claim, ...]


def find_cross_article_disputes(
    articles: Sequence[Article],
    claims: Sequence[Claim],
    model: StanceModel,
    *,
    others: Sequence[Article] = (),
    disputed: Sequence[Dispute] = (),
    show_progress: bool = False,
) -> CrossArticleDisputes:
    """Each article's lead against each other article's body, and both ways against `others` (corpus articles).

    An article pair yields at most one dispute, its strongest disagreement, and none when `disputed`
    already has a dispute between the two articles. `claims` are the extracted claims of all articles,
    reused when one covers a lead or denying sentence, so that a named source keeps its name.
    """
    everyone = [*articles, *others]
    checked = {article.id for article in articles}
    queries = [
        (lead, reader)
        for teller in everyone
        for lead in _lead_claims(teller, claims)
        for reader in everyone
        if reader.id != teller.id
        and (teller.id in checked or reader.id in checked)
        and len(reader.body.split()) >= MIN_BODY_WORDS
    ]
    pairs = [(lead.sentence, reader.body) for lead, reader in queries]
    stances = predict_stance(pairs, model, evidence=0, show_progress=show_progress)
    article_of = {claim.id: claim.article for claim in claims}
    already = {frozenset(article_of[c] for side in d.sides for c in side.claims) for d in disputed}
    best: dict[frozenset[str], tuple[float, Claim, Article]] = {}
    for (lead, reader), stance in zip(queries, stances, strict=True):
        key = frozenset((lead.article, reader.id))
        score = stance.probabilities.disagree
        if score >= MIN_DISAGREE and key not in already and score > best.get(key, (0.0,))[0]:
            best[key] = (score, lead, reader)
    found = sorted(best.values(), key=lambda b: (-b[0], b[1].id, b[2].id))
    # The denying sentences, for the few disagreements found: ranked by how much each alone disagrees.
    denials = predict_stance(
        [(lead.sentence, reader.body) for _, lead, reader in found], model, evidence_for="disagree"
    )
    disputes, cited = [], {}
    for (score, lead, reader), denial in zip(found, denials, strict=True):
        deniers = _denying_claims(reader, denial, claims)
        disputes.append(_dispute(score, lead, deniers, reader))
        cited |= {claim.id: claim for claim in (lead, *deniers)}
    return CrossArticleDisputes(tuple(disputes), tuple(cited.values()))


def _lead_claims(article: Article, claims: Sequence[Claim]) -> list[Claim]:
    """The article's first sentences as claims of its outlet, or the extracted claims that they hold."""
    spans = sentence_spans(article.body)[:LEAD_SENTENCES]
    return [
        _claim_at(article, start, end, claims, "asserts", f"{article.id}-lead{n}")
        for n, (start, end) in enumerate(spans, 1)
    ]


def _denying_claims(reader: Article, stance: Stance, claims: Sequence[Claim]) -> list[Claim]:
    return [
        _claim_at(reader, sentence.start, sentence.end, claims, "denies", f"{reader.id}-deny{n}")
        for n, sentence in enumerate(stance.evidence[:DENYING_SENTENCES], 1)
    ]


def _claim_at(article: Article, start: int, end: int, claims: Sequence[Claim], stance: str, new_id: str) -> Claim:
    """An extracted claim inside this sentence (a denial first when the sentence denies), else the sentence
    itself as a claim of the outlet."""
    inside = [c for c in claims if c.article == article.id and start <= c.start and c.end <= end]
    inside.sort(key=lambda c: (c.stance != stance, c.start))
    if inside:
        return inside[0]
    sentence = article.body[start:end]
    source = article.outlet or "the article"
    cue = "lead" if stance == "asserts" else "disagrees"
    return Claim(new_id, article.id, sentence, sentence, start, end, source, cue, stance, sentence, False, source)


def _dispute(score: float, lead: Claim, deniers: list[Claim], reader: Article) -> Dispute:
    why = (f"article {reader.id} disagrees with article {lead.article}'s lead (stance model {score:.2f})",)
    return Dispute(
        id="",
        fact=fact_label(lead.sentence.rstrip(".!? ")),
        score=round(score, 4),
        attributed=lead.attributed and all(claim.attributed for claim in deniers),
        sides=(
            Side((lead.source,), "asserts", (lead.id,)),
            Side(tuple(dict.fromkeys(c.source for c in deniers)), "denies", tuple(c.id for c in deniers)),
        ),
        pairs=tuple(DisputedPair(lead.id, denier.id, round(score, 4), RELATION, why) for denier in deniers),
        evidence=tuple(dict.fromkeys((lead.sentence, *(denier.sentence for denier in deniers)))),
    )
