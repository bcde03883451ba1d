"""Syntax helpers: the parts of a dependency parse that frames are read from (clauses, owners, spans)."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from contrast.attribution.cues import (
    CLAIM_NOUNS,
    CONTRAST_MARKS,
    DISMISSAL_WORDS,
    OBJECT_CLAIM_VERBS,
    REPORTING_VERBS,
    STATEMENT_NOUNS,
)


def child_of(token: Token | None, dep: str, lower: str | None = None) -> Token | None:
    if token is None:
        return None
    return next((c for c in token.children if c.dep_ == dep and (lower is None or c.lower_ == lower)), None)


def that_clause(noun: Token, *, skip: set[int] | None = None) -> Token | None:
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


def owner_of(noun: Token) -> Token | None:
    """Whose claim or statement a noun is: "the ministry's claim", "allegations from/by/of the rebels"."""
    possessor = next((c for c in noun.children if c.dep_ == "poss"), None)
    if possessor is not None:
        return possessor
    preposition = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "of")), None)
    return child_of(preposition, "pobj")


def dismissive(verb: Token) -> bool:
    """Whether what follows the verb labels its object false ("called it a fabrication")."""
    return any(t.lemma_.lower() in DISMISSAL_WORDS for child in verb.rights for t in child.subtree)


def asides(clause: Token) -> set[int]:
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


def coordinated_clauses(content: Token) -> list[Token]:
    """ "said that A and that B": each conjoined clause with its own subject is a claim of its own."""
    clauses = [content]
    for child in content.children:
        if child.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in child.children):
            clauses.extend(coordinated_clauses(child))
    return clauses


def with_conjunction(clause: Token) -> list[Token]:
    """A conjoined clause and the "and"/comma that joins it to the one before."""
    joiners = [t for t in clause.head.children if t.dep_ in ("cc", "punct") and t.i < clause.i]
    return [*joiners[-1:], *clause.subtree]


def claims_by_object(verb: Token) -> bool:
    """ "X estimated the crowd at 5,000": the object is the claim, unless it is a bare pronoun ("confirmed
    it") or the clause is someone else's report ("according to Y, workers reported a leak")."""
    target = child_of(verb, "dobj")
    return (
        verb.lemma_.lower() in OBJECT_CLAIM_VERBS
        and target is not None
        and target.pos_ != "PRON"
        and not any(c.lemma_.lower() == "accord" for c in verb.children)
    )


def gerund(target: Token) -> Token | None:
    """ "denied targeting civilians": the gerund phrase is what is denied."""
    return target if target.tag_ == "VBG" else None


def marks(clause: Token) -> set[int]:
    return {c.i for c in clause.children if c.dep_ == "mark" and c.i < clause.i}


def branches(head: Token) -> set[int]:
    """Coordinated clauses ("… and initiated a case") and trailing participles are separate statements."""
    out: set[int] = set()
    for child in head.children:
        if child.dep_ in ("conj", "cc", "advcl") and child.i > head.i:
            out.update(t.i for t in child.subtree)
    return out


def subtree(head: Token, *, exclude: set[int] | None = None) -> list[Token]:
    exclude = exclude or set()
    return contiguous([t for t in head.subtree if t.i not in exclude and not t.is_space], around=head)


def contiguous(tokens: list[Token], *, around: Token) -> list[Token]:
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


def trim(tokens: Sequence[Token]) -> list[Token]:
    """Drop edge punctuation, but keep a closing quotation mark whose opening mark is inside."""
    tokens = list(tokens)
    while tokens and (
        (tokens[0].is_punct and tokens[0].text not in '“"') or tokens[0].is_space or tokens[0].dep_ in ("cc", "mark")
    ):
        tokens.pop(0)
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        if tokens[-1].text in '”"' and span_text(tokens[:-1]).count(tokens[-1].text.replace("”", "“")) > 0:
            break
        tokens.pop()
    if tokens and tokens[0].text in '“"' and not any(t.text in '”"' for t in tokens[1:]):
        tokens.pop(0)
    return tokens


def span_text(tokens: Sequence[Token]) -> str:
    if not tokens:
        return ""
    doc: Doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text


def inner_holders(denied: Token, target: Token | None) -> list[tuple[Token, Token | None]]:
    """Who a denial says holds what it denies, with the frame that says so (None when it is the target).

    "denied the ISIS claims that P": the owner of the claims ("ISIS", as possessor, compound or "from/by
    X"); "denied that P, as claimed by websites": the agent of the "as"-clause inside P, whose words are
    then no part of P.
    """
    holders: list[tuple[Token, Token | None]] = []
    if target is not None and target.lemma_.lower() in CLAIM_NOUNS:
        owner = owner_of(target) or next(
            (c for c in target.lefts if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN"), None
        )
        if owner is not None:
            holders.append((owner, None))
    for token in denied.subtree:
        if token.dep_ == "advcl" and token.lemma_.lower() in REPORTING_VERBS and child_of(token, "mark", "as"):
            agent = child_of(child_of(token, "agent"), "pobj")
            if agent is not None:
                holders.append((agent, token))
    return holders
