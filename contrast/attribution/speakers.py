"""Speakers: who a reporting verb's subject is, by the names, roles and countries the article has used.

"the ministry" after "the Armenian defense ministry", "he" after "Ghazaryan", "Lavrov" after "Sergey
Lavrov": a reader resolves each against what the article named before, and so does `Speakers`. Pronouns
inside a claim that stand for its speaker are replaced by the name, so NLI reads whose troops "its
troops" are.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import pairwise

from spacy.tokens import Span, Token

from contrast.attribution.cues import (
    AFFIRMATIVE,
    COUNTRY_WORDS,
    FIRST_PERSON,
    IRREGULAR_DEMONYMS,
    PRONOUNS,
    RELATIVE_PRONOUNS,
    ROLE_NOUNS,
    SPEAKER_PRONOUNS,
    STATEMENT_MODIFIERS,
    STATEMENT_NOUNS,
)
from contrast.attribution.quotations import quoted_tokens
from contrast.attribution.syntax import child_of, owner_of

NAME_PUNCTUATION = frozenset(',()"“”')


class Speakers:
    """The sources an article has named so far, so "she", "Lavrov" or "the ministry" resolve to one of them."""

    def __init__(self, demonyms: dict[str, str]) -> None:
        self.demonyms = demonyms
        self.countries = set(demonyms.values())
        self.sources: list[tuple[str, Token]] = []  # (canonical name, head token), most recent last
        self.previous_actor: str | None = None
        self.person_speaker: str | None = None  # the last person who said something, for "he said"

    def remember(self, sent: Span) -> None:
        """People and organisations named here are what a later "she", "Lavrov" or "the ministry" refers to."""
        heads = [e.root for e in sent.ents if e.label_ in ("PERSON", "ORG")]
        heads += [t for t in sent if t.lemma_.lower() in ROLE_NOUNS and t.pos_ in ("NOUN", "PROPN")]
        # A name inside a quotation is someone the speaker talks about, not a later "he" of the article.
        quoted = quoted_tokens(sent)
        heads = [t for t in heads if t.i not in quoted]
        for head in sorted({t.i: t for t in heads}.values(), key=lambda t: t.i):
            words = name_tokens(head)
            # "the agency" refers back to a name; it names no one itself.
            named = (len(words) > 1 and not bare(head, words)) or head.ent_type_ in ("PERSON", "ORG")
            name = name_text(words) if named else ""
            if name:  # garbled text can "name" with punctuation only
                self.sources.append((name, head))
        self.previous_actor = self.sentence_actor(sent, exclude=set()) or self.previous_actor

    def resolve(self, speaker: Token, sent: Span) -> str:
        """Canonical source name for a speaker token, reusing names the article already gave."""
        name = self._resolve(speaker, sent)
        if speaker.ent_type_ == "PERSON" or speaker.lower_ in ("he", "she"):
            self.person_speaker = name
        return name

    def _resolve(self, speaker: Token, sent: Span) -> str:
        head = speaker
        lemma = head.lemma_.lower()
        if lemma in STATEMENT_NOUNS:
            owner = owner_of(head)
            if owner is not None:
                return self.resolve(owner, sent)
            modifiers = [t for t in head.lefts if t.dep_ in ("compound", "amod", "nmod")]
            words = [w for t in modifiers for w in t.subtree if w.lower_ not in STATEMENT_MODIFIERS]
            if words:
                return self.qualified(words[-1], words, sent)
        if head.lower_ in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
            # "Jose Fernandez, who …, said": a relative pronoun speaks for the noun its clause hangs on.
            return self.resolve(head.head.head, sent)
        if head.lower_ in PRONOUNS:
            want_person = head.lower_ in ("he", "she")
            if want_person and self.person_speaker is not None:
                # "He added:" continues the last person who spoke, not the last person named in a quotation.
                return self.person_speaker
            for name, token in reversed(self.sources):
                if (token.ent_type_ == "PERSON") == want_person:
                    return name
            return head.text
        words = name_tokens(head)
        if (lemma in ROLE_NOUNS or head.pos_ == "NOUN") and bare(head, words):
            # "the presidency" after "the Karabakh presidency": the bare noun refers back.
            for name, token in reversed(self.sources):
                if token.lemma_.lower() == lemma:
                    return name
        if len(words) == 1 and head.pos_ == "PROPN":
            for name, _ in reversed(self.sources):
                if name.split()[-1] == head.text and name != head.text:
                    return name
        return self.qualified(head, words, sent)

    def qualified(self, head: Token, words: list[Token], sent: Span) -> str:
        """Names an organisation; one without a nationality takes that of the side the sentence is about."""
        name = name_text(words).removesuffix("'s")
        qualified = any(
            self.country(t) or t.i > head.i or (t.text[:1].isupper() and t.lemma_.lower() not in ROLE_NOUNS)
            for t in words
        )
        if head.lemma_.lower() in ROLE_NOUNS and not qualified:
            # Only a country: "in Marsk, the ministry said" is no ministry of Marsk.
            countries = self.countries | COUNTRY_WORDS
            here = self.sentence_actor(sent, exclude={t.i for t in words}, within=countries)
            actor = here or (self.previous_actor if self.previous_actor in countries else None)
            if actor:
                name = f"{actor}'s {name}"
        self.sources.append((name, head))
        return name

    def modifier_actor(self, noun: Token) -> str | None:
        for child in noun.lefts:
            country = self.country(child)
            if country:
                return country
        return None

    def side(self, source: str) -> str:
        """Sources of one country are one side: Azerbaijan and its defense ministry do not dispute."""
        for word in re.findall(r"[A-Z][\w-]+", source):
            if word in self.demonyms or word in self.countries:
                return self.demonyms.get(word, word)
        return source

    def sentence_actor(
        self, tokens: Iterable[Token], *, exclude: set[int], within: set[str] | None = None
    ) -> str | None:
        counts = Counter(
            country
            for t in tokens
            if t.i not in exclude and (country := self.country(t)) and (within is None or country in within)
        )
        return counts.most_common(1)[0][0] if counts else None

    def country(self, token: Token) -> str | None:
        if not token.text[:1].isupper():
            return None
        if token.text in self.demonyms:
            return self.demonyms[token.text]
        if token.ent_type_ == "GPE":
            return token.text
        return None


def demonym_map(body: str) -> dict[str, str]:
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


def name_tokens(head: Token) -> list[Token]:
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
        if child.dep_ != "prep" or child.lower_ != "of" or child_of(child, "pcomp") is not None:
            # "residents of the district" names them; "the agency of relying on data" does not.
            break
        clauses = {t.i for t in child.subtree if t.dep_ in ("acl", "relcl") for t in t.subtree}
        right.extend(t for t in child.subtree if t.i not in clauses)
    return sorted([*left, head, *right], key=lambda t: t.i)


def bare(head: Token, words: Sequence[Token]) -> bool:
    """A name that is only its head and an article: "the ministry"."""
    return all(t.dep_ == "det" or t.i == head.i for t in words)


def name_text(tokens: Sequence[Token]) -> str:
    """Tokens as written without the punctuation between them: "governor, Vadym Filashkin" loses its comma."""
    words = list(tokens)
    while words and words[0].dep_ == "det":
        words.pop(0)
    words = [t for t in words if t.text not in NAME_PUNCTUATION]
    if not words:
        return ""
    gaps = [bool(prev.whitespace_) or t.i != prev.i + 1 for prev, t in pairwise(words)]
    return "".join(t.text + (" " if gap else "") for t, gap in zip(words, [*gaps, False], strict=True))


def in_own_words(tokens: Sequence[Token], speaker: Token, source: str, *, denied: bool = False) -> str:
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
    rival = thing_reported_on(speaker) if not person and not plural else None
    name = source if source[:1].isupper() else f"the {source}"
    quoted = quoted_tokens(tokens[0].sent)
    out = []
    for token in tokens[0].doc[tokens[0].i : tokens[-1].i + 1]:
        lower = token.lower_
        # Inside a direct quotation, speakers say "I" or "we"; "she" there is someone else.
        stands_for_speaker = lower in first or (lower in third and token.i not in quoted)
        if lower == "it" and (token.dep_ not in ("nsubj", "nsubjpass") or token.head.lemma_ == "be"):
            stands_for_speaker = False
        if rival is not None and lower in third and not rival.left_edge.i <= token.i <= rival.right_edge.i:
            stands_for_speaker = False
        if stands_for_speaker:
            possessive = token.tag_ == "PRP$" or lower in ("its", "their", "his", "our", "my")
            out.append(name + ("'s" if possessive else "") + token.whitespace_)
        elif denied and (affirmative := affirmative_form(token)) is not None:
            out.append(affirmative + token.whitespace_ if affirmative else "")
        else:
            out.append(token.text_with_ws)
    return "".join(out).strip()


def thing_reported_on(speaker: Token) -> Token | None:
    """The singular thing the speaker's verb takes as object, which "it" could stand for."""
    return next(
        (c for c in speaker.head.children if c.dep_ == "dobj" and c.tag_ in ("NN", "NNP") and c.ent_type_ != "PERSON"),
        None,
    )


def affirmative_form(token: Token) -> str | None:
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
