from __future__ import annotations

import pytest

from contrast.attribution import extract_claims
from contrast.ingest import from_text

# (article text, expected source, stance, cue, a verbatim piece of the claim text)
PATTERNS = [
    (
        "Deadspin reported, citing Forbes magazine, that he was paid just $11 million in the last year.",
        "Deadspin",
        "reports",
        "reported",
        "he was paid just $11 million in the last year",
    ),
    (
        "Prime Minister Jane Doe said the economy grew by three percent last year.",
        "Prime Minister Jane Doe",
        "asserts",
        "said",
        "the economy grew by three percent last year",
    ),
    (
        "The rebels claimed that they had captured the airport near the capital.",
        "rebels",
        "alleges",
        "claimed",
        "they had captured the airport",
    ),
    (
        "The state news agency reported that two bridges were destroyed overnight.",
        "state news agency",
        "reports",
        "reported",
        "two bridges were destroyed overnight",
    ),
    (
        "The company stated that no customer data had been lost in the breach.",
        "company",
        "asserts",
        "stated",
        "no customer data had been lost",
    ),
    (
        "Prosecutors alleged that the mayor had accepted bribes from a builder.",
        "Prosecutors",
        "alleges",
        "alleged",
        "the mayor had accepted bribes",
    ),
    (
        "The opposition accused the government of rigging the vote in the north.",
        "opposition",
        "alleges",
        "accused",
        "accused the government of rigging the vote",
    ),
    (
        "Police blamed the fire on faulty wiring in the basement of the building.",
        "Police",
        "alleges",
        "blamed",
        "blamed the fire on faulty wiring",
    ),
    (
        "The army denied that its soldiers had fired on protesters in the square.",
        "army",
        "denies",
        "denied",
        "its soldiers had fired on protesters",
    ),
    (
        "The coach insisted that the team was ready for the final on Sunday.",
        "coach",
        "asserts",
        "insisted",
        "the team was ready for the final",
    ),
    (
        "Doctors warned that hospitals were running out of oxygen across the region.",
        "Doctors",
        "asserts",
        "warned",
        "hospitals were running out of oxygen",
    ),
    (
        "The police confirmed that three people had been arrested after the march.",
        "police",
        "asserts",
        "confirmed",
        "three people had been arrested",
    ),
    (
        "According to local officials, the dam collapsed after three days of heavy rain.",
        "local officials",
        "reports",
        "according to",
        "the dam collapsed after three days of heavy rain",
    ),
    (
        "“We will not negotiate under fire,” the president said on Friday.",
        "president",
        "asserts",
        "said",
        "We will not negotiate under fire",
    ),
    (
        "The World Health Organization's statement said the outbreak had been contained.",
        "World Health Organization",
        "asserts",
        "said",
        "the outbreak had been contained",
    ),
    (
        "The vote sparked allegations from opposition leaders that the count was rigged.",
        "opposition leaders",
        "alleges",
        "allegations",
        "the count was rigged",
    ),
    (
        "The ministry said in a statement that no units had fired across the border.",
        "ministry",
        "asserts",
        "said",
        "no units had fired across the border",
    ),
    (
        "According to the regional governor, Vadym Filashkin, two civilians were killed overnight.",
        "regional governor Vadym Filashkin",
        "reports",
        "according to",
        "two civilians were killed overnight",
    ),
    (
        "Investigators found that the brakes had failed seconds before the crash.",
        "Investigators",
        "asserts",
        "found",
        "the brakes had failed seconds before the crash",
    ),
    (
        "The company countered that its drivers had followed every safety rule.",
        "company",
        "asserts",
        "countered",
        "its drivers had followed every safety rule",
    ),
    (
        "The explosion was reported by residents of the northern district on Monday.",
        "residents of the northern district",
        "reports",
        "reported",
        "The explosion was reported",
    ),
    (
        "Police estimated the crowd at 5,000 people on Saturday.",
        "Police",
        "asserts",
        "estimated",
        "estimated the crowd at 5,000 people",
    ),
    (
        "The national weather service reported no lightning in the area on Tuesday, a spokeswoman said.",
        "national weather service",
        "reports",
        "reported",
        "no lightning in the area on Tuesday",
    ),
]


@pytest.mark.parametrize(("text", "source", "stance", "cue", "piece"), PATTERNS)
def test_claims_reporting_patterns(nlp, text, source, stance, cue, piece):
    claims = [c for c in extract_claims(from_text(text), nlp) if c.attributed]
    assert len(claims) == 1, claims
    claim = claims[0]
    assert (claim.source, claim.stance, claim.cue) == (source, stance, cue)
    assert piece in claim.text


@pytest.mark.parametrize(
    ("text", "proposition"),
    [
        (
            "The ministry dismissed allegations that it had hidden the report from auditors.",
            "the ministry had hidden the report from auditors",
        ),
        ("The government rejected claims that the election in May was rigged.", "the election in May was rigged"),
        (
            "The Kremlin has denied targeting civilians in the city of Kharkiv.",
            "targeting civilians in the city of Kharkiv",
        ),
        (
            "The army denied that its soldiers had fired on protesters in the square.",
            "the army's soldiers had fired on protesters in the square",
        ),
        (
            "The mayor said the opposition keeps spreading false claims that the water is poisoned.",
            "the water is poisoned",
        ),
        # Negative-polarity words lose their negation with the denial.
        ("The company denied that any inspection had been cancelled.", "an inspection had been cancelled"),
        ("Police denied that anyone had ever been detained at the border.", "someone had been detained at the border"),
        ("The agency denied that any files were deleted.", "some files were deleted"),
        # Saying there is no evidence for P disputes P; a concession ("despite …") is not part of P.
        (
            "The regulator said there was no evidence that the drug causes heart attacks, despite a campaign.",
            "the drug causes heart attacks",
        ),
        (
            "Investigators said there was no indication that the pilot had been drinking.",
            "the pilot had been drinking",
        ),
    ],
)
def test_claims_denial_keeps_denied_proposition(nlp, text, proposition):
    (claim,) = [c for c in extract_claims(from_text(text), nlp) if c.attributed]
    assert claim.stance == "denies"
    assert claim.proposition == proposition


@pytest.mark.parametrize(
    ("text", "asserted", "denier"),
    [
        (
            "The energy ministry said rebels shelled the power station on Sunday, an accusation which the rebel "
            "command called a fabrication.",
            "rebels shelled the power station on Sunday",
            "rebel command",
        ),
        (
            "The governor said the river bridge was destroyed, a claim that the army rejected.",
            "the river bridge was destroyed",
            "army",
        ),
        (
            "Officials insisted the vote was fair, a statement the opposition dismissed as propaganda.",
            "the vote was fair",
            "opposition",
        ),
        (
            "The union said the strike had closed every port. The shipping company dismissed the claims as baseless.",
            "the strike had closed every port",
            "shipping company",
        ),
        (
            "A study by the university found that the drug raised the risk of stroke. The agency dismissed the study.",
            "the drug raised the risk of stroke",
            "agency",
        ),
    ],
)
def test_claims_rebuttal_of_a_reported_claim_denies_it(nlp, text, asserted, denier):
    claim, rebuttal = [c for c in extract_claims(from_text(text), nlp) if c.attributed]
    assert (claim.text, claim.stance) == (asserted, "asserts")
    assert (rebuttal.source, rebuttal.stance, rebuttal.proposition) == (denier, "denies", asserted)


def test_claims_contrastive_clause_is_not_part_of_the_claim(nlp):
    claims = extract_claims(from_text("Police said the protest was peaceful, though organizers disagreed."), nlp)
    assert [c.text for c in claims if c.attributed] == ["the protest was peaceful"]


def test_claims_rebuttal_needs_another_side(nlp):
    text = "The union said the strike had closed every port. The union later dismissed the claims as exaggerated."
    assert [c.stance for c in extract_claims(from_text(text), nlp) if c.attributed] == ["asserts"]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "Foreign Minister Sergey Lavrov met his counterpart in Geneva on Monday. "
            "Lavrov said the sanctions had failed to change anything.",
            "Foreign Minister Sergey Lavrov",
        ),
        (
            "The Ruritanian defense ministry said on Monday that its troops had withdrawn from Ruritania's border. "
            "The ministry said no soldiers had been killed during the withdrawal.",
            "Ruritanian defense ministry",
        ),
        (
            "The Ruritanian presidency said the talks had failed. The presidency said no new talks were planned.",
            "Ruritanian presidency",
        ),
        (
            "Health Minister Anna Berg visited the hospital on Tuesday morning. "
            "She said the new wing would open in the spring.",
            "Health Minister Anna Berg",
        ),
        (
            "“The armed forces of Azerbaijan hold all positions,” a defense ministry press statement said.",
            "Azerbaijan's defense ministry",
        ),
        # A place that is not a country does not qualify a bare ministry.
        (
            "An explosion at a block of flats in Marsk was caused by a gas leak, the emergency ministry said.",
            "emergency ministry",
        ),
        (
            "The Medicines Safety Agency said the drug was safe. Lawyers accused the agency of relying on company "
            "data. The agency said its review was independent.",
            "Medicines Safety Agency",
        ),
    ],
)
def test_claims_resolve_later_mentions(nlp, text, source):
    claims = [c for c in extract_claims(from_text(text), nlp) if c.attributed]
    assert claims[-1].source == source


def test_claims_offsets_slice_back(example_article, example_claims):
    assert example_claims
    for claim in example_claims:
        assert example_article.body[claim.start : claim.end] == claim.text
        assert claim.text in claim.sentence


def test_claims_ids_are_unique(example_claims):
    assert len({c.id for c in example_claims}) == len(example_claims)


@pytest.mark.parametrize(
    ("piece", "source", "stance"),
    [
        (
            "a “large-scale military offensive” was targeting civilians",
            "de-facto government of the disputed enclave",
            "alleges",
        ),
        ("Stepanakert and other cities and towns were under heavy artillery", "Karabakh foreign ministry", "reports"),
        ("Baku had been moving troops near the enclave", "Foreign Minister Sergey Ghazaryan", "alleges"),
        ("Azerbaijan has disseminated several “false” pieces", "Foreign Minister Sergey Ghazaryan", "denies"),
        (
            "dismissed Azerbaijani allegations that Yerevan had a military presence",
            "Armenian defense ministry",
            "denies",
        ),
        ("continue to disseminate false statements", "Armenian defense ministry", "denies"),
        ("Local anti-terrorist activities carried out by the armed forces", "Azerbaijan's defense ministry", "asserts"),
        (
            "residents of the Karabakh capital and other cities have sought refuge",
            "Armenian Telegram channels",
            "reports",
        ),
        ("peacekeeping forces deployed in the enclave", "Russian foreign ministry", "asserts"),
        (
            "Azerbaijan blamed “a sabotage group of illegal Armenian military formations” for the attacks",
            "Azerbaijan",
            "alleges",
        ),
        ("The Azerbaijani operation to target “only legitimate military installations”", "Azerbaijan", "asserts"),
    ],
)
def test_claims_example_article_attribution(example_claims, piece, source, stance):
    matches = [c for c in example_claims if piece in c.text]
    assert matches, piece
    assert (matches[0].source, matches[0].stance) == (source, stance)


def test_claims_outlet_voice_is_kept_unattributed(example_claims):
    outlet = [c for c in example_claims if not c.attributed]
    assert outlet and all(c.source == "EFE" and c.stance == "reports" for c in outlet)
    assert any(c.text.startswith("Nagorno-Karabakh, historically inhabited by Armenians") for c in outlet)


@pytest.mark.parametrize(
    "text",
    [
        "A company spokesman declined to comment on the lawsuit.",
        "The ministry did not immediately respond to a request for comment on Friday.",
        "Fire chief Anna Sorel declined to speculate on the cause of the blaze.",
    ],
)
def test_claims_a_declined_comment_is_no_claim(nlp, text):
    assert extract_claims(from_text(text), nlp) == []


def test_claims_article_without_outlet_speaks_as_the_article(nlp):
    claims = extract_claims(from_text("Floods closed three roads near the river on Sunday evening."), nlp)
    assert [(c.source, c.attributed) for c in claims] == [("the article", False)]


def test_claims_participle_speaks_for_its_subject(nlp):
    text = "The Kremlin denied the report, insisting that its strikes hit only military infrastructure."
    claims = [c for c in extract_claims(from_text(text), nlp) if c.cue == "insisting"]
    assert [(c.source, c.text) for c in claims] == [("Kremlin", "its strikes hit only military infrastructure")]


def test_claims_participle_inside_a_denied_clause_speaks_for_the_denier(nlp):
    text = "Port authorities rejected claims that crews had arrived late, saying firefighters came within minutes."
    claims = [(c.source, c.stance, c.proposition) for c in extract_claims(from_text(text), nlp)]
    assert claims == [
        ("Port authorities", "denies", "crews had arrived late"),
        ("Port authorities", "asserts", "firefighters came within minutes"),
    ]


def test_claims_conjoined_clauses_are_claims_of_their_own(nlp):
    text = "The operator said that all inspections had been completed and that the fire was caused by lightning."
    claims = [(c.source, c.text) for c in extract_claims(from_text(text), nlp)]
    assert claims == [
        ("operator", "all inspections had been completed"),
        ("operator", "the fire was caused by lightning"),
    ]


def test_claims_subject_of_a_non_claim_stays_in_the_claim(nlp):
    text = "According to the union, workers had reported a fuel leak two days before the fire."
    (claim,) = extract_claims(from_text(text), nlp)
    assert (claim.source, claim.text) == ("union", "workers had reported a fuel leak two days before the fire")


def test_claims_quotation_misparsed_as_the_subject_keeps_its_speaker(nlp):
    text = (
        '"We have reviewed every reported case and found no causal link," the agency\'s chief scientist, '
        "Dr. Ruth Okafor, told a press briefing."
    )
    (claim,) = extract_claims(from_text(text), nlp)
    assert claim.source == "agency's chief scientist Dr. Ruth Okafor"
    assert claim.proposition == "We have reviewed every reported case and found no causal link"


def test_claims_quotation_of_several_sentences_belongs_to_the_speaker_named_at_its_end(nlp):
    text = '"The water is safe. We tested it twice. Nobody got sick," the mayor said. Rain fell all night long.'
    claims = [(c.source, c.cue, c.text) for c in extract_claims(from_text(text), nlp)]
    assert claims == [
        ("mayor", "quotation", "The water is safe"),
        ("mayor", "quotation", "We tested it twice"),
        ("mayor", "said", "Nobody got sick"),
        ("the article", "", "Rain fell all night long"),
    ]


def test_claims_quotation_runs_on_after_its_speaker(nlp):
    text = '"There were no fighters in that house," said Ahmed Khalil, a neighbour. "They were a family."'
    claims = extract_claims(from_text(text), nlp)
    assert [(c.source, c.text) for c in claims] == [
        ("Ahmed Khalil", "There were no fighters in that house"),
        ("Ahmed Khalil", '"They were a family."'),
    ]


def test_claims_country_of_a_bare_role_noun_comes_from_its_own_paragraph(nlp):
    text = (
        "The Ruritanian army said its troops had crossed the river into Ruritania at dawn.\n\n"
        "Police said the protest in the capital was peaceful."
    )
    sources = [c.source for c in extract_claims(from_text(text), nlp) if c.attributed]
    assert sources == ["Ruritanian army", "Police"]


@pytest.mark.parametrize(
    ("text", "source", "proposition"),
    [
        (
            "Azerbaijan's defence ministry described the operation as local anti-terrorist activities.",
            "Azerbaijan's defence ministry",
            "the operation is local anti-terrorist activities",
        ),
        ("Human Rights Watch labelled the strikes a war crime.", "Human Rights Watch", "the strikes are a war crime"),
        (
            "The Ruritanian army called its strike a response.",
            "Ruritanian army",
            "Ruritanian army's strike is a response",
        ),
    ],
)
def test_claims_labelling_is_a_claim_about_its_object(nlp, text, source, proposition):
    (claim,) = [c for c in extract_claims(from_text(text), nlp) if c.attributed]
    assert (claim.source, claim.stance, claim.proposition) == (source, "asserts", proposition)
    assert claim.text in text


@pytest.mark.parametrize(
    "text",
    [
        "The president called for calm in the capital.",
        "Officials described the scene.",
        "The minister confirmed it on Monday.",
    ],
)
def test_claims_verbs_without_content_make_no_claim(nlp, text):
    assert not [c for c in extract_claims(from_text(text), nlp) if c.attributed]


@pytest.mark.parametrize(
    ("text", "proposition"),
    [
        (
            "The Ruritanian army said its troops withdrew from the town of Elm on Monday.",
            "Ruritanian army's troops withdrew from the town of Elm on Monday",
        ),
        ('"We did not fire a single shot," the army said.', "the army did not fire a single shot"),
        (
            "Prime Minister Jane Doe said she had never met the businessman.",
            "Prime Minister Jane Doe had never met the businessman",
        ),
        ("The rebels denied that they had shelled the hospital.", "the rebels had shelled the hospital"),
        # An expletive "it" and a pronoun that cannot be the speaker stay as written.
        ("The ministry said it was clear that the talks had failed.", "it was clear that the talks had failed"),
        ("The ministry said their leaders had fled the country.", "their leaders had fled the country"),
        # "it" may be what the speaker's verb is about rather than the speaker.
        (
            "The agency dismissed the study, arguing that it ignored the patients' age.",
            "it ignored the patients' age",
        ),
        # A person's "we" is their organisation, not them.
        ('"Our safety record is spotless," chief executive Maria Lentz said.', "Our safety record is spotless"),
    ],
)
def test_claims_pronouns_for_the_speaker_are_named_for_nli(nlp, text, proposition):
    (claim,) = [c for c in extract_claims(from_text(text), nlp) if c.attributed]
    assert claim.proposition == proposition
    assert claim.text in text


@pytest.mark.parametrize(
    ("text", "source", "stance", "proposition"),
    [
        (
            "A Mirror report noted that Kurdish resistance had denied the ISIS claims that the town had fallen.",
            "Kurdish resistance",
            "denies",
            "the town had fallen",
        ),
        (
            "The newspaper reported that the ministry denied that troops had crossed the border.",
            "ministry",
            "denies",
            "troops had crossed the border",
        ),
    ],
)
def test_claims_nested_attribution_is_read_from_the_inside_out(nlp, text, source, stance, proposition):
    (claim,) = extract_claims(from_text(text), nlp)
    assert (claim.source, claim.stance, claim.proposition) == (source, stance, proposition)


@pytest.mark.parametrize(
    "text",
    [
        "Did the ministry really say that the troops had left the city on Monday?",
        "Fans said the actress was there on Monday. #Cosby #RavenSymone #hoax #fake #news @TMZ @BET.",
        "The band said the singer performed in New York last year. © Depositphotos.com/ Jean_Nelson shows him.",
    ],
)
def test_claims_questions_tags_and_credits_are_no_claims(nlp, text):
    claims = extract_claims(from_text(text), nlp)
    assert [c for c in claims if "?" in c.sentence or "#" in c.sentence or "©" in c.sentence] == []


def test_claims_quoted_we_belongs_to_the_speaker_quoted_before(nlp):
    text = (
        "Coast guard commander James Fitzgerald said the ship was near the coast of Florida. "
        '"We are going to find that ship and we are going to sink it!"'
    )
    claims = extract_claims(from_text(text), nlp)
    assert claims[-1].source == "Coast guard commander James Fitzgerald"
