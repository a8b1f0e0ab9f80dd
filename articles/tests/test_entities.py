"""Entity extraction: rules, one name per entity, the curated registry, the seed articles and
the evaluation command."""

from pathlib import Path

import pytest
import spacy
from django.core.management import CommandError, call_command
from spacy.tokens import Span

from articles.enrich import ArticleText, Registry, enrich_articles
from articles.enrich.entities.canonical import normalise_name
from articles.enrich.entities.extract import extract_entities
from articles.enrich.entities.rules import split_at_line_breaks

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
CORPORA = REPO.parent / "shared" / "corpora"


def entities_of(title: str, body: str, registry: Registry | None = None) -> dict:
    """{(name, kind): FoundEntity} for one article."""
    found = extract_entities([ArticleText(title, body)], registry or Registry())[0]
    return {(entity.name, entity.kind): entity for entity in found}


def names_of(found: dict, kind: str) -> set[str]:
    return {name for name, k in found if k == kind}


def test_normalise_name_ignores_case_punctuation_and_spacing():
    assert normalise_name("U.S.") == normalise_name("US") == "us"
    assert normalise_name("Shin  Won-sik") == normalise_name("shin won sik")
    assert normalise_name("Seoul’s") == normalise_name("Seouls")
    assert normalise_name("The European Union") == normalise_name("European Union")


def test_title_is_not_part_of_the_name():
    found = entities_of(
        "Seoul accuses the North",
        "South Korean Defense Minister Shin Won-sik said on Monday that the talks had failed.",
    )
    assert "Shin Won-sik" in names_of(found, "person")
    assert not any("Minister" in name for name, _ in found)


def test_organisation_endings_complete_the_name():
    found = entities_of(
        "Mercenaries move",
        "Fighters from the Wagner Group crossed the border, and the Joint Chiefs of Staff "
        "said the Brightwater Holdings Ltd convoy was seen near the town.",
    )
    orgs = names_of(found, "org")
    assert {"Wagner Group", "Joint Chiefs of Staff"} <= orgs


def test_acronym_resolves_to_its_expansion():
    found = entities_of(
        "State media report",
        "The Korean Central News Agency (KCNA) said the test succeeded. "
        "Later the KCNA added that more tests would follow.",
    )
    entity = found["Korean Central News Agency", "org"]
    assert entity.count == 3
    assert "KCNA" in entity.variants
    assert "KCNA" not in names_of(found, "org")


@pytest.mark.parametrize(
    "body, full_name, short_name",
    [
        (
            "North Korean leader Kim Jong Un visited a factory on Friday. "
            "Kim said production must rise. Later, Kim inspected a missile.",
            "Kim Jong Un",
            "Kim",
        ),
        # A surname that is also a place's name is still the person once the article named them.
        (
            "Wildcard Alex O'Brien beat MaliVai Washington 6-3 6-4 on Thursday. "
            'Washington had saved one break point. "I got tight," Washington said.',
            "MaliVai Washington",
            "Washington",
        ),
    ],
)
def test_short_name_resolves_to_the_full_name(body, full_name, short_name):
    found = entities_of("News of the day", body)
    assert found[full_name, "person"].count == 3
    assert {name for name, _ in found if short_name in name} == {full_name}


def test_place_before_any_person_of_that_name_stays_a_place():
    found = entities_of(
        "Envoy visits",
        "The envoy flew to Jordan on Monday. Film director Neil Jordan was not there.",
    )
    assert "Jordan" in names_of(found, "place")
    assert "Neil Jordan" in names_of(found, "person")


def test_hyphenated_names_stay_whole():
    found = entities_of(
        "Talks in the Caucasus",
        "Officials of Saab-Scania and Mercedes-Benz met Sheikh Ali al-Sabah in Nagorno-Karabakh.",
    )
    names = {name for name, _ in found}
    assert {"Saab-Scania", "Mercedes-Benz", "Nagorno-Karabakh"} <= names
    assert not names & {"Saab", "Scania", "Mercedes", "Benz", "Nagorno", "Karabakh", "al"}


def test_word_hyphenated_onto_a_place_is_left_out():
    found = entities_of(
        "Bank deal",
        "The New York-based lender Acme Bank said on Monday it would buy a London-based broker.",
    )
    assert "New York" in names_of(found, "place")
    assert not any(name.endswith("-based") for name, _ in found)


def test_a_name_ends_in_a_capitalised_word():
    nlp = spacy.blank("en")
    doc = nlp.make_doc(
        "The Arctic island, the interior ministry, New York-based firms and Shin Won-sik."
    )
    words = [token.text for token in doc]

    def span(first: str, last: str, label: str) -> Span:
        start = words.index(first)
        return Span(doc, start, words.index(last, start) + 1, label=label)

    model_spans = [
        span("Arctic", "island", "LOC"),
        span("interior", "ministry", "ORG"),
        span("New", "based", "LOC"),
        span("Shin", "sik", "PER"),
    ]
    assert [(s.text, s.label_) for s in split_at_line_breaks(model_spans)] == [
        ("Arctic", "LOC"),
        ("New York", "LOC"),
        ("Shin Won-sik", "PER"),
    ]


def test_country_variants_share_one_name():
    found = entities_of(
        "Allies meet",
        "The US and Britain signed the pact. Officials in the U.S. said the United States "
        "and the United Kingdom would meet again; the UK agreed.",
    )
    places = names_of(found, "place")
    assert {"United States", "United Kingdom"} <= places
    assert not places & {"US", "U.S.", "UK", "Britain"}
    assert found["United States", "place"].count == 3


def test_registry_names_override_the_model():
    registry = Registry(
        names={
            normalise_name("Pyongyang"): ("North Korea", "place"),
            normalise_name("Acme Widgets"): ("Acme Widgets Inc", "org"),
            normalise_name("Jane Street"): ("Jane Street", "org"),
        }
    )
    found = entities_of(
        "Talks",
        "Officials in Pyongyang said North Korea would reply. Acme Widgets said nothing. "
        "Jane Street hired more traders.",
        registry,
    )
    assert found["North Korea", "place"].count == 2
    assert ("Acme Widgets Inc", "org") in found
    assert ("Jane Street", "org") in found
    assert ("Jane Street", "person") not in found


def test_blocked_names_are_never_returned():
    registry = Registry(blocked=frozenset({normalise_name("Reuters")}))
    found = entities_of(
        "Report", "Reuters reported that Angela Merkel met Emmanuel Macron.", registry
    )
    assert not any(name == "Reuters" for name, _ in found)
    assert {"Angela Merkel", "Emmanuel Macron"} <= names_of(found, "person")


def clean_seed_000() -> ArticleText:
    lines = (SEEDS / "000_aa2064fb3f84bf1d.txt").read_text(encoding="utf-8").splitlines()
    furniture = ("World News", "Back to top button")
    paragraphs = [
        line.strip()
        for line in lines
        if line.strip() and not line.startswith("Jannah Theme") and line.strip() not in furniture
    ]
    assert paragraphs[0] == (
        "Kim Jong Un inspects new missile system amid growing military ties with Russia"
    )
    return ArticleText(title=paragraphs[0], body="\n\n".join(paragraphs[1:]))


def clean_seed_001() -> ArticleText:
    lines = (SEEDS / "001_bd023858ab87aa8f.txt").read_text(encoding="utf-8").splitlines()
    paragraphs = [
        line.strip() for line in lines if line.strip() and line.strip() != "Breaking News"
    ]
    title, standfirst, *rest = paragraphs
    assert rest[:2] == ["Kim Jong Un", "Kim Jong Un"]  # photo captions
    assert rest[-1].startswith("Also read:")
    return ArticleText(title=title, body="\n\n".join([standfirst, *rest[2:-1]]))


def test_seed_articles():
    found = extract_entities([clean_seed_000(), clean_seed_001()], Registry())
    everything = {(e.name, e.kind) for article in found for e in article}
    names = {name for name, _ in everything}
    expected = {
        "person": {"Kim Jong Un", "Shin Won-sik", "Sergei Shoigu"},
        "place": {"North Korea", "South Korea", "Russia", "Ukraine", "Seoul"},
        "org": {"KCNA", "Joint Chiefs of Staff", "Wagner Group"},
    }
    for kind, wanted in expected.items():
        assert wanted <= {name for name, k in everything if k == kind}, kind
    assert not names & {"Kim", "Shoigu", "Sanjay Kumar Agarwal", "CBIC", "ICBM"}
    for article in found:
        assert len({e.name for e in article}) == len(article)  # one canonical value each


CONLL_SAMPLE = """-DOCSTART- -X- -X- O

Kim NNP B-NP B-PER
visits VBZ B-VP O
Russia NNP B-NP B-LOC

President NNP B-NP O
Vladimir NNP I-NP B-PER
Putin NNP I-NP I-PER
met VBD B-VP O
officials NNS B-NP O
of IN B-PP O
the DT B-NP O
Wagner NNP I-NP B-ORG
Group NNP I-NP I-ORG
in IN B-PP O
Moscow NNP B-NP B-LOC
. . O O
"""


def test_evaluate_entities_scores_a_conll_file(tmp_path, capsys):
    path = tmp_path / "sample.txt"
    path.write_text(CONLL_SAMPLE, encoding="utf-8")
    call_command("evaluate_entities", str(path))
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("PER: precision=")
    assert lines[-1].startswith("overall f1=0.") or lines[-1] == "overall f1=1.000"
    assert float(lines[-1].split("=")[1]) >= 0.5


def test_evaluate_entities_rejects_a_missing_file(tmp_path):
    with pytest.raises(CommandError):
        call_command("evaluate_entities", str(tmp_path / "missing.txt.gz"))


@pytest.mark.corpus
@pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/corpora is absent")
def test_conll_validation_scores_stay_high(capsys):
    call_command("evaluate_entities", str(CORPORA / "conll2003" / "valid.txt.gz"))
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert float(last.removeprefix("overall f1=")) >= 0.90


def test_a_body_cut_at_a_lower_case_connector_is_one_name():
    found = entities_of(
        "Deaths in Aleppo",
        "The Syrian Observatory for Human Rights said 20 people died in Aleppo on Monday.",
    )
    assert "Syrian Observatory for Human Rights" in names_of(found, "org")
    assert not {"Syrian Observatory", "Human Rights"} & names_of(found, "org")


def test_events_and_holidays_are_not_people_bodies_or_places():
    found = entities_of(
        "Parade day",
        "Theresa May watched the St Patrick's Day parade in Dublin, and said the Paris "
        "Agreement would hold. Turkey ended Operation Euphrates Shield in March. The Munich "
        "Security Conference opened at 1200 UTC.",
    )
    shown = {name for name, _ in found}
    assert not shown & {"St Patrick", "Paris", "Paris Agreement", "Euphrates Shield"}
    assert not shown & {"Operation Euphrates Shield", "Munich Security Conference", "UTC"}
    assert "Dublin" in names_of(found, "place")


def test_a_body_introduced_with_its_acronym_in_its_own_language_is_one_entity():
    found = entities_of(
        "Dutch vote",
        "Geert Wilders (PVV) spoke first. His far-right Party for Freedom (PVV) leads the polls, "
        "and the PVV expects to win. Sky News (UK) reported it; so did the Dutch Broadcast "
        "Foundation (USA).",
    )
    party = found["Party for Freedom", "org"]
    assert party.count == 4 and party.introduced == ("PVV",)  # the name and each "PVV"
    assert "PVV" not in names_of(found, "org")
    assert "Geert Wilders" in names_of(found, "person")
    # Not a place's code, and not of two letters.
    assert "USA" not in found["Dutch Broadcast Foundation", "org"].variants


def test_a_body_begun_after_a_hyphen_begins_with_the_hyphened_word():
    """The model, or the rule for names ending in "Agency", starts a body inside a hyphenated
    word ("Doping Agency", the place "Russia" then "NATO Council"); the spelt-out name before
    an acronym reads across the hyphen ("World Anti-Doping Agency (WADA")."""
    found = entities_of(
        "Doping",
        "The Russian Anti-Doping Agency (RUSADA) was suspended. The World Anti-Doping Agency "
        "(WADA) said so. A Russia-NATO Council meeting was held, NATO said.",
    )
    orgs = names_of(found, "org")
    assert {"Anti-Doping Agency", "World Anti-Doping Agency", "Russia-NATO Council"} <= orgs
    assert not {"Doping Agency", "NATO Council"} & orgs
    assert found["NATO", "org"].count == 1


def test_a_name_the_article_calls_a_town_is_a_place_throughout_it():
    """ "the town of Manbij": a town too small for the gazetteer, which the model reads as a
    body, is a place in every mention of the article; "the Bank of England" is no such phrase."""
    found = entities_of(
        "Syria",
        "Kurdish fighters left Manbij on Monday. Troops entered the town of Manbij, and Manbij "
        "residents fled. The Bank of England said nothing.",
    )
    assert found["Manbij", "place"].count == 3
    assert ("Manbij", "org") not in found
    assert "Bank of England" in names_of(found, "org")


def test_a_body_ending_in_executive_is_whole_and_a_chief_executive_is_no_body():
    found = entities_of(
        "Hospitals",
        "The minister met the Health Service Executive and the NTPF. The Chief Executive said "
        "profits rose, and Deputy Chief Executive Anne Heraty agreed.",
    )
    orgs = names_of(found, "org")
    assert "Health Service Executive" in orgs and "Health Service" not in orgs
    assert not {"Chief Executive", "Deputy Chief Executive"} & orgs


def test_a_name_cut_at_a_groups_possessive_runs_on_as_one_body():
    """The model reads "Donetsk People" as a person, "Lugansk" alone, "Kurdish People's"; a
    person's possessive stays the person's."""
    found = entities_of(
        "Ukraine",
        "Militias of the self-proclaimed Donetsk People's Republic shelled the town. The "
        "Lugansk People's Republic (LPR) said the LPR would reply. Attacks against ISIL by the "
        "Kurdish People's Protection Units went on. Trump's Administration said nothing.",
    )
    orgs = names_of(found, "org")
    assert {"Donetsk People's Republic", "Lugansk People's Republic"} <= orgs
    assert "People's Protection Units" in orgs
    assert found["Lugansk People's Republic", "org"].count == 3
    assert not {"Donetsk People", "Lugansk People", "LPR"} & {name for name, _ in found}
    assert "Trump" in names_of(found, "person")


def test_a_person_with_a_digit_in_the_name_is_no_person():
    found = entities_of("Helicopters", "Pilot Alexei Gorbunov flew a Kamov Ka-52 over the base.")
    assert "Kamov Ka-52" not in names_of(found, "person")


def test_a_name_spelt_out_before_its_acronym_is_one_body_with_both_acronyms():
    """The model reads "Islamic State of Iraq and the Levant" in pieces (or not at all); the
    capitalised stretch whose initials the bracketed acronym spells is the name."""
    found = entities_of(
        "Attack",
        "Fighters of the Islamic State of Iraq and the Levant (ISIL, also known as ISIS) group "
        "attacked the town. The Health Service Executive (HSE) said.",
    )
    group = found["Islamic State of Iraq and the Levant", "org"]
    assert {"ISIL", "ISIS"} <= set(group.variants)
    assert found["Health Service Executive", "org"].variants == ("HSE",)
    assert not {"Levant", "Iraq", "ISIL", "ISIS"} & {name for name, _ in found}


def test_an_acronym_a_bracket_glosses_with_the_name_it_stands_for_is_that_name():
    """ "ISIS (the former name of Islamic State, ...)": the acronym is the body the bracket
    names, past a few lower-case words; a bracket naming something its initials do not open
    ("ISIL (also known as Daesh)") is another name, and leaves the acronym as it is."""
    found = entities_of(
        "Syria",
        "Troops fought the ISIL [the former name of the Islamic State] near Homs. ISIL fled.",
    )
    assert found["Islamic State", "org"].count == 2 and "ISIL" not in names_of(found, "org")
    found = entities_of(
        "Syria",
        "Gunmen of ISIS [former name of the terrorist group Islamic State outlawed in Russia] "
        "were seen, said Kabulov. The WHO (short for World Health Organization) said.",
    )
    assert found["Islamic State", "org"].variants == ("ISIS",)
    assert found["World Health Organization", "org"].variants == ("WHO",)
    found = entities_of("Syria", "The group ISIL (also known as Daesh) attacked the town.")
    assert "ISIL" in names_of(found, "org")
    found = entities_of("Shares", "Its CEO (short for Chief Executive Officer) resigned.")
    assert not names_of(found, "org")  # a common acronym glosses a word, not a name


def test_a_members_title_is_no_part_of_a_name_and_no_name_alone():
    """ "Fine Gael TD": the party, never "Fine Gael TD" the body nor "TD" a place; the seat
    before a title is a place when the gazetteer knows it."""
    found = entities_of(
        "Confidence vote",
        "The rest of the party will follow, said one Fine Gael TD. Leo Varadkar told Fine Gael "
        "TDs that the party must be ready. Labour MP Jess Phillips and a Dublin TD agreed, and "
        "TD John Brady spoke.",
    )
    names = {name for name, _ in found}
    assert ("Fine Gael", "org") in found and not {"Fine Gael TD", "TD", "TDs"} & names
    assert "Labour MP" not in names and "Jess Phillips" in names_of(found, "person")
    assert "John Brady" in names_of(found, "person") and "Dublin" in names_of(found, "place")


def test_a_county_is_its_place_and_a_us_state_code_part_of_the_address():
    found = entities_of(
        "Storm",
        "Rescuers searched off Ballina, Co Mayo, and in County Cork. Mayo was worst hit. Orange "
        "County voted. Officials in Washington, DC, and in Austin, TX, said nothing. In Seoul, "
        "UN officials met.",
    )
    places = names_of(found, "place")
    assert {"Ballina", "Mayo", "Cork", "Washington", "Austin"} <= places
    assert found["Mayo", "place"].count == 2
    names = {name for name, _ in found}
    assert not {"Co Mayo", "Ballina, Co Mayo", "County Cork", "DC", "TX", "Orange"} & names
    assert "UN" in names_of(found, "org")


def test_a_one_word_body_listed_among_places_is_a_place():
    found = entities_of(
        "Faults",
        "Large faults were reported in counties Galway, Mayo, Sligo, Leitrim and Dublin. Russia, "
        "China and NATO met. Apple, Google and Microsoft fell.",
    )
    assert {"Sligo", "Leitrim"} <= names_of(found, "place")
    assert {"NATO", "Apple", "Google", "Microsoft"} <= names_of(found, "org")


def test_a_one_word_body_is_the_longer_body_the_article_named():
    found = entities_of(
        "Inquiry",
        "Adam Schiff said the US House of Representatives intelligence committee will look into "
        "it. The House voted on Tuesday.",
    )
    assert found["US House of Representatives", "org"].count == 2
    assert ("House", "org") not in found
    found = entities_of(
        "Drills",
        "The Russian Navy sent ships, and the Navy said they would return. Russia-EU talks went "
        "on; the EU said so. The Security Council met.",
    )
    assert found["Russian Navy", "org"].count == 2 and ("Navy", "org") not in found
    assert found["EU", "org"].count == 2  # an acronym is not a longer name's last word


def test_a_bodys_name_before_of_is_the_longer_body_the_article_named():
    """ "The Central Bank" of an article that named the "Central Bank of Russia", also when it
    wrote that one "Bank of Russia" and the collection links that to it; with two such banks
    named later the article does not say which."""
    body = "The Central Bank of Russia kept rates. Later the Central Bank said inflation slowed."
    found = entities_of("Rates", body)
    assert (
        found["Central Bank of Russia", "org"].count == 2 and ("Central Bank", "org") not in found
    )
    body = "Growth returned, the Central Bank reported, according to the Bank of Russia."
    assert ("Central Bank", "org") in entities_of("Growth", body)
    linked = Registry(linked={("bank of russia", "org"): ("Central Bank of Russia", "org")})
    found = entities_of("Growth", body, linked)
    assert (
        found["Central Bank of Russia", "org"].count == 2 and ("Central Bank", "org") not in found
    )
    body = (
        "The Central Bank said so. The Central Bank of Russia and the Central Bank of Ukraine "
        "disagreed."
    )
    assert entities_of("Banks", body)["Central Bank", "org"].count == 1
    body = (
        "She will notify the European Council of the UK's intention to leave. The European "
        "Council meets on Friday."
    )
    assert ("European Council", "org") in entities_of("Brexit", body)


def test_regions_are_places_whatever_the_model_read():
    found = entities_of(
        "Famine",
        "Crisis in the Horn of Africa deepened. Crimea voted, and migrants took the Balkan "
        "route to Europe.",
    )
    assert {"Horn of Africa", "Crimea", "Balkans", "Europe"} <= names_of(found, "place")
    assert not {"Horn of Africa", "Crimea"} & (names_of(found, "org") | names_of(found, "person"))


def test_names_used_in_events_names_or_with_a_lost_letter_are_kept_as_evidence_not_bodies():
    """Within the article too: "Euphrates Shield forces" after "Operation Euphrates Shield" is
    no body, nor "RT? News" after "RT?'s"; "Iraq" of "Iraq War" stays the place it is."""
    (enrichment,) = enrich_articles(
        [
            ArticleText(
                "Offensive",
                "Turkey launched Operation Euphrates Shield. Euphrates Shield forces took the "
                "town. Crowds marked St Patrick's Day. Speaking on RT? News and to RT?'s Morning "
                "Ireland, he said the European Union (Notification of Withdrawal) Bill passed. "
                "The Iraq War ended in Iraq. Is it the DRC? A man said so. NATO leaders met at "
                "the NATO Summit.",
            )
        ]
    )
    uses = {(use.name, use.use) for use in enrichment.name_uses if use.use != "opening"}
    assert uses == {
        ("Euphrates Shield", "event"),
        ("St Patrick", "event"),
        ("Notification of Withdrawal", "event"),
        ("Iraq", "event"),
        ("NATO", "event"),
        ("RT", "damaged"),
        ("Morning Ireland", "work"),  # a body's possessive before a name no gazetteer knows
    }
    names = {(entity.name, entity.kind) for entity in enrichment.entities}
    assert not {"Euphrates Shield", "St Patrick", "RT", "Notification of Withdrawal", "Bill"} & {
        name for name, _ in names
    }
    assert {("Iraq", "place"), ("European Union", "org"), ("NATO", "org")} <= names


def test_a_short_title_case_heading_keeps_only_what_the_body_names():
    """ "News in Brief": capitals in a heading of two words carry no signal either."""
    found = entities_of("News in Brief", "The Garda said the road was closed in Galway.")
    assert "Brief" not in {name for name, _ in found}
    assert "Galway" in names_of(found, "place")


def test_a_body_named_as_a_time_is_recorded_as_used_so():
    """ "a post-Brexit world", "after Brexit,": Brexit used as a time; "after Facebook said"
    is a body acting, and an acronym names a body whatever frame it is in."""
    (enrichment,) = enrich_articles(
        [
            ArticleText(
                "Trade",
                "The European Union planned for a post-Brexit world. Trade will suffer after "
                "Brexit, the minister said. Shares of Facebook fell after Facebook said profits "
                "were down. Talks went on since NATO.",
            )
        ]
    )
    periods = {use.name for use in enrichment.name_uses if use.use == "period"}
    assert periods == {"Brexit"}


def test_bodies_written_as_policies_and_places_given_a_bodys_possessive_are_recorded():
    """ "Trump's "America First" policy", "the RHI scheme": names used as a policy's; "the
    EU plan" is recorded too (the collection weighs it against the EU's other articles).
    "RTÉ's Morning Ireland" is a programme; "Syria's Idlib" and "Trump's Mar-a-Lago" are places
    (a country's and a person's possessive), and the Kremlin's statement was no policy."""
    (enrichment,) = enrich_articles(
        [
            ArticleText(
                "Trade",
                'Donald Trump\'s "America First" policy worried Berlin. The RHI scheme cost '
                "millions, the EU plan less. Speaking on RTE's Morning Ireland, Mr Kelleher "
                "agreed. Rebels held Syria's Idlib province. Donald Trump's Mar-a-Lago resort was "
                "busy. The Kremlin said so.",
            )
        ]
    )
    uses = {(use.name, use.use) for use in enrichment.name_uses}
    assert {("America First", "policy"), ("RHI", "policy"), ("EU", "policy")} <= uses
    assert ("Morning Ireland", "work") in uses
    assert not {name for name, _ in uses} & {"Idlib", "Mar-a-Lago", "Kremlin", "Syria"}


def test_a_name_after_a_works_noun_is_that_work_all_through_the_article():
    """ "the film Vera Drake", "the video game Halo 2": titles, recorded as such, and no entity
    wherever the article writes them; "film director Mike Leigh" has another word before the
    name, a name opening the next line follows no work's noun, and a known place after one is
    what follows' subject."""
    (enrichment,) = enrich_articles(
        [
            ArticleText(
                "Oscars",
                "Imelda Staunton, star of the film Vera Drake, won. Vera Drake took the prize, "
                "film director Mike Leigh said. Microsoft released the video game Halo 2 in "
                "London. The band wrote a song\n\nDepeche Mode released an album in Berlin. It "
                "was the best film Hollywood made. Oscar Smith won the best film Oscar.",
            )
        ],
        Registry(),
    )
    uses = {(use.name, use.use) for use in enrichment.name_uses}
    assert {("Vera Drake", "title"), ("Halo", "title")} <= uses
    assert not {"Depeche Mode", "Hollywood", "Oscar"} & {name for name, _ in uses}
    names = {(entity.name, entity.kind) for entity in enrichment.entities}
    assert not {name for name, _ in names} & {"Vera Drake", "Halo"}
    assert {("Mike Leigh", "person"), ("Microsoft", "org"), ("London", "place")} <= names


def test_a_name_spelling_an_acronym_the_article_writes_is_one_name():
    """ "Islamic State of Iraq and the Levant", unbracketed, in an article that writes "ISIL":
    one body, not the places "Iraq" and "Levant"; "Member of European Parliament" spells "MEP",
    a member's title, and leaves the European Parliament a body."""
    found = entities_of(
        "Raqqa",
        "Raqqa is the de facto capital of the Islamic State of Iraq and the Levant group. ISIL "
        "fighters left. Anna Smith, a Member of European Parliament, said the MEP vote failed. "
        "The attack was in Iraq.",
    )
    assert "Islamic State of Iraq and the Levant" in names_of(found, "org")
    assert "Levant" not in names_of(found, "place") and "Iraq" in names_of(found, "place")
    assert "European Parliament" in names_of(found, "org")
    assert "Member of European Parliament" not in {name for name, _ in found}


def test_names_whose_words_say_they_are_no_person():
    found = entities_of(
        "Lawsuit",
        "Engineers left to join Otto. An Uber spokeswoman told news agency AFP that it would "
        "appeal. However Downing Street has indicated that the prime minister will not. He was "
        "taken to Drogheda Garda Station. The report appeared in Die Welt on Sunday. Staff at "
        "Bray Stores were told. Fighters of Jabhat al-Nusra attacked, allied with Jabhat Fateh "
        "al-Sham. Fateh al-Sham Front denied it. Trump spoke at Trump Tower in New York.",
    )
    assert {"Jabhat al-Nusra", "Jabhat Fateh al-Sham", "Fateh al-Sham Front"} <= names_of(
        found, "org"
    )
    people = names_of(found, "person")
    assert not {"An Uber", "Downing Street", "Drogheda Garda Station", "Die Welt"} & people
    assert not {"Bray Stores"} & people and "Bray Stores" in names_of(found, "org")
    assert {"Downing Street", "Drogheda Garda Station", "Trump Tower"} <= names_of(found, "place")
    assert "Die Welt" in names_of(found, "org") and "Trump Tower" not in people


def test_a_judge_is_named_without_the_title():
    found = entities_of(
        "Tribunal",
        "The tribunal, chaired by Mr Justice Peter Charleton, sat. Mr Justice Charleton said "
        "it would report.",
    )
    assert found["Peter Charleton", "person"].count == 2
    assert not {"Justice Peter Charleton", "Mr Justice Charleton"} & names_of(found, "person")


def test_a_name_the_text_calls_a_party_is_a_body():
    found = entities_of(
        "Duma",
        "Members of the United Russia party met in Moscow. The United Russia faction voted, and "
        "the Republican party chose. Fans of the Republic of Ireland cheered in Ireland.",
    )
    assert "United Russia" in names_of(found, "org")
    assert "United Russia" not in names_of(found, "place")
    assert "Republican" not in names_of(found, "org")
    assert found["Ireland", "place"].count == 2


def test_a_nationalitys_people_are_no_body():
    """ "the Scots", "Britons": a nationality's people, which CoNLL calls MISC."""
    found = entities_of(
        "Rugby",
        "The Scots beat Wales in Cardiff on Saturday. Britons and Scots cheered in Edinburgh.",
    )
    assert not {"Scots", "Britons"} & {name for name, _ in found}
    assert {"Cardiff", "Edinburgh"} <= names_of(found, "place")


def test_things_of_technology_written_in_capitals_are_no_body():
    found = entities_of(
        "Gadgets",
        "Sony sold more DVD players and PCs in Tokyo. The DVD market grew, Sony said. Fans "
        "bought the DVD and CDs online, and R&B records.",
    )
    assert not {"DVD", "PCs", "CDs", "R&B"} & {name for name, _ in found}
    assert "Sony" in names_of(found, "org") and "Tokyo" in names_of(found, "place")


def test_an_article_longer_than_the_model_reads_is_read_from_its_start_and_its_batch_goes_on():
    """A page pasted whole past spaCy's million characters: its first MAX_READ_CHARS are read,
    and the other articles of the batch are enriched as ever."""
    huge = "Angela Merkel met Emmanuel Macron in Berlin on Monday. " * 22_000 + "Ohio voted."
    big, small = enrich_articles(
        [ArticleText("Talks", huge), ArticleText("Rally", "Donald Trump spoke in Ohio.")],
        Registry(),
    )
    assert {"Angela Merkel", "Emmanuel Macron", "Berlin"} <= {e.name for e in big.entities}
    assert "Ohio" not in {e.name for e in big.entities}  # past what the model reads
    assert {"Donald Trump", "Ohio"} <= {e.name for e in small.entities}


def test_a_weekday_and_a_time_of_day_open_a_programmes_title_not_a_persons_name():
    """ "Saturday Night Live": the model, which never saw a weekday in a name, reads "Night
    Live" as a person; a person right after a weekday stays one."""
    found = entities_of(
        "Comedy",
        "She hosted Saturday Night Live in New York. Viewers watched Monday Night Football on "
        "ESPN. On Saturday Tony Blair met Gordon Brown, and Trump said Tuesday Mike Pence would "
        "attend.",
    )
    names = {name for name, _ in found}
    assert not {"Night Live", "Night Football", "Saturday Night Live"} & names
    assert {"Tony Blair", "Gordon Brown", "Mike Pence"} <= names_of(found, "person")


def test_a_century_with_its_ordinal_is_a_time_not_a_body():
    found = entities_of(
        "History",
        "Britain in the 21st Century faces new threats, Blair said in London. It was the "
        "biggest change of the Nineteenth Century. Century Properties rose in Manila.",
    )
    assert not {"Century", "Nineteenth Century"} & {name for name, _ in found}
    assert {"Century Properties"} <= names_of(found, "org")
    assert {"London", "Manila"} <= names_of(found, "place")


def test_the_us_capital_named_by_its_district_is_washington():
    found = entities_of(
        "Rally",
        "Thousands marched in D.C. on Saturday. Officials in Washington, D.C., said the "
        "march was peaceful.",
    )
    assert names_of(found, "place") == {"Washington"}


def test_a_body_ends_before_the_title_its_members_name_follows():
    found = entities_of(
        "Ruling",
        "Supreme Court Justice Clarence Thomas wrote the opinion in Washington. The Department "
        "of Justice Tom Smith named was not involved.",
    )
    assert {"Supreme Court", "Department of Justice"} <= names_of(found, "org")
    assert "Supreme Court Justice" not in names_of(found, "org")
    assert "Clarence Thomas" in names_of(found, "person")


def test_a_lawmakers_party_and_state_is_no_place():
    found = entities_of(
        "Probe",
        "Rep. Adam Schiff, D-California, said the probe would go on in Washington. Sen. "
        "Lindsey Graham, R-S.C., agreed, and Sen. Bernie Sanders (I-Vt.) spoke in Ohio.",
    )
    assert names_of(found, "place") == {"Washington", "Ohio"}
    assert {"Adam Schiff", "Lindsey Graham", "Bernie Sanders"} <= names_of(found, "person")


def test_what_a_title_of_nobility_is_of_is_no_place_or_body_mentioned():
    found = entities_of(
        "Royal tour",
        "Meghan, the Duchess of Sussex, visited Sydney. The Prince of Wales stayed in London, "
        "and later toured Wales.",
    )
    assert not {"Sussex"} & {name for name, _ in found}
    assert {"Sydney", "London", "Wales"} <= names_of(found, "place")
