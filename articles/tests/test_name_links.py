"""Links across a collection's names: lone surnames and first names, acronyms, word order."""

from collections import Counter

from articles.enrich.entities.name_links import (
    KnownName,
    NameLink,
    acronym_introductions,
    find_links,
    stale_links,
)


def links_of(names, acronyms=None, outlets=frozenset()) -> dict[tuple[str, str], NameLink]:
    return {(link.name, link.kind): link for link in find_links(names, acronyms, outlets)}


def test_a_lone_surname_goes_to_the_full_name_that_dominates():
    links = links_of(
        [
            KnownName("Donald Trump", "person", 280),
            KnownName("Ivanka Trump", "person", 9),
            KnownName("Trump", "person", 60),
            KnownName("Theresa May", "person", 50),
            KnownName("Theresa", "person", 12),
        ]
    )
    assert links["Trump", "person"].target == "Donald Trump"
    assert links["Trump", "person"].reason == "surname"
    assert links["Theresa", "person"].target == "Theresa May"
    assert links["Theresa", "person"].reason == "first name"
    assert ("Donald Trump", "person") not in links


def test_a_lone_name_far_more_common_than_its_only_full_name_is_not_linked():
    links = links_of(
        [
            KnownName("Al Jazeera", "person", 195),
            KnownName("Zabihullah Mujahid-told Al Jazeera", "person", 1),
            KnownName("Lapshin", "person", 12),
            KnownName("Alexander Lapshin", "person", 5),
        ]
    )
    assert ("Al Jazeera", "person") not in links
    assert links["Lapshin", "person"].target == "Alexander Lapshin"


def test_an_ambiguous_surname_is_linked_to_no_one():
    links = links_of(
        [
            KnownName("John Smith", "person", 5),
            KnownName("Jane Smith", "person", 4),
            KnownName("Smith", "person", 7),
        ]
    )
    assert links["Smith", "person"].target is None
    assert links["Smith", "person"].reason == "ambiguous"


def test_a_lone_name_no_full_name_holds_and_nothing_else_reads_is_not_shown():
    # On news outlets such "people" were companies and words ("Daimler", "Don") more often
    # than people known by one name, who are not shown either.
    links = links_of(
        [
            KnownName("Daimler", "person", 4),
            KnownName("Madonna", "person", 3),
            KnownName("Elton John", "person", 2),
            KnownName("Washington", "person", 3),
            KnownName("Washington", "place", 30),
        ]
    )
    assert links["Daimler", "person"].target is None
    assert links["Madonna", "person"].target is None
    assert ("Elton John", "person") not in links
    assert ("Washington", "person") not in links  # people are named after places


def test_an_acronym_introduced_anywhere_is_its_expansion_everywhere():
    introductions = acronym_introductions("European Union", "org", ("EU", "Union"))
    assert introductions == [("EU", "European Union", "org")]
    acronyms = {"eu": Counter({("European Union", "org"): 3})}
    links = links_of(
        [
            KnownName("European Union", "org", 140),
            KnownName("EU", "org", 100),
            KnownName("EU", "place", 4),
        ],
        acronyms,
    )
    assert links["EU", "org"].target == "European Union"
    assert links["EU", "place"].target == "European Union"
    assert links["EU", "place"].target_kind == "org"


def test_disagreeing_introductions_link_nothing():
    acronyms = {"ap": Counter({("Associated Press", "org"): 2, ("Andhra Pradesh", "place"): 2})}
    assert links_of([KnownName("AP", "org", 70)], acronyms) == {}


def test_introductions_that_differ_only_by_a_plural_agree():
    """One article wrote "the United Nation (UN)", another "the United Nations (UN)"."""
    acronyms = {"un": Counter({("United Nation", "org"): 1, ("United Nations", "org"): 1})}
    names = [KnownName("United Nations", "org", 14), KnownName("UN", "org", 14)]
    assert links_of(names, acronyms)["UN", "org"].target == "United Nations"


def test_word_order_variants_of_a_body_are_one():
    acronyms = {"un": Counter({("United Nations", "org"): 5})}
    links = links_of(
        [
            KnownName("Justice Department", "org", 20),
            KnownName("Department of Justice", "org", 12),
            KnownName("United Nations Security Council", "org", 16),
            KnownName("UN Security Council", "org", 32),
            KnownName("UNSC", "org", 2),
        ],
        {**acronyms, "unsc": Counter({("United Nations Security Council", "org"): 1})},
    )
    assert links["Department of Justice", "org"].target == "Justice Department"
    assert links["United Nations Security Council", "org"].target == "UN Security Council"
    assert links["UNSC", "org"].target == "UN Security Council"  # through the chain


def test_a_body_with_a_word_for_its_sort_of_body_is_that_body():
    """A legal form: shown as most articles write it. A party, under its short name or its
    members': shown as the party, and only when the party is far commoner than any other body
    holding its short name ("Congress" of the "US Congress" is not India's "Congress Party"),
    however many rare names hold it."""
    links = links_of(
        [
            KnownName("Labour", "org", 40),
            KnownName("Labour Party", "org", 12),
            KnownName("International Labour Organisation", "org", 2),
            KnownName("Ex-Labour", "org", 3),
            KnownName("Veteran Labour", "org", 2),
            KnownName("Congress", "org", 14),
            KnownName("US Congress", "org", 10),
            KnownName("Congress Party", "org", 3),
            KnownName("Gazprom", "org", 3),
            KnownName("Gazprom PJSC", "org", 9),
            KnownName("Wagner Group", "org", 5),  # a group named after a man is no Wagner
            KnownName("Wagner", "org", 4),
            KnownName("Green Party", "org", 6),  # a person Green is no body
            KnownName("Green", "person", 8),
            KnownName("Greens", "org", 5),  # but its members are the party
            KnownName("Social Democratic Party", "org", 20),
            KnownName("Social Democrats", "org", 9),
        ]
    )
    assert links["Greens", "org"].target == "Green Party"
    assert links["Social Democrats", "org"].target == "Social Democratic Party"
    assert (links["Labour", "org"].target, links["Labour", "org"].reason) == (
        "Labour Party",
        "designator",
    )
    assert links["Gazprom", "org"].target == "Gazprom PJSC"
    assert not {("Congress", "org"), ("Congress Party", "org")} & set(links)
    assert not {("Wagner Group", "org"), ("Wagner", "org"), ("Green Party", "org")} & set(links)


def test_a_title_in_front_of_a_known_name_is_not_part_of_it():
    links = links_of(
        [
            KnownName("Enda Kenny", "person", 14),
            KnownName("Taoiseach Enda Kenny", "org", 20),
            KnownName("Taoiseach Leo Varadkar", "person", 3),
            KnownName("Leo Varadkar", "person", 6),
            KnownName("Taoiseach", "person", 14),
            KnownName("TD Clare Daly", "person", 3),
            KnownName("Clare Daly", "person", 5),
            KnownName("TD Catherine Connolly", "org", 1),
            KnownName("Catherine Connolly", "person", 2),
            KnownName("TD", "place", 13),
        ]
    )
    assert links["TD", "place"].target is None
    assert links["Taoiseach Enda Kenny", "org"].target == "Enda Kenny"
    assert links["Taoiseach Enda Kenny", "org"].target_kind == "person"
    assert links["Taoiseach", "person"].target is None
    assert links["Taoiseach", "person"].reason == "title"


def test_a_name_read_as_another_kind_follows_most_articles():
    links = links_of(
        [
            KnownName("Marine Le Pen", "person", 40),
            KnownName("Marine Le Pen", "org", 17),
            KnownName("Washington", "place", 140),
            KnownName("Washington", "person", 30),
        ]
    )
    assert links["Marine Le Pen", "org"].target_kind == "person"
    assert ("Washington", "person") not in links


def test_an_acronym_read_as_a_place_no_gazetteer_knows_follows_most_articles():
    links = links_of(
        [
            KnownName("ISIL", "org", 59),
            KnownName("ISIL", "place", 16),
            KnownName("UAE", "place", 10),
            KnownName("UAE", "org", 30),
        ]
    )
    assert links["ISIL", "place"].target_kind == "org"
    assert ("UAE", "place") not in links


def test_a_first_name_in_front_of_one_person_is_no_title():
    links = links_of(
        [
            KnownName("Marine Le Pen", "person", 11),
            KnownName("Jean-Marie Le Pen", "person", 2),
            KnownName("Le Pen", "person", 28),
        ]
    )
    assert ("Marine Le Pen", "person") not in links
    assert links["Le Pen", "person"].target == "Marine Le Pen"  # a surname of two words


def test_the_collections_outlets_are_organisations_whatever_the_model_read():
    names = [KnownName("Al Jazeera", "person", 190), KnownName("Donald Trump", "person", 100)]
    assert ("Al Jazeera", "person") not in links_of(names)
    link = links_of(names, outlets=frozenset({"Al Jazeera"}))["Al Jazeera", "person"]
    assert (link.target, link.target_kind) == ("Al Jazeera", "org")
    names = [KnownName("Deutsche Welle", "org", 7), KnownName("DW", "org", 100)]
    link = links_of(names, outlets=frozenset({"DW"}))["Deutsche Welle", "org"]
    assert (link.target, link.target_kind) == ("DW", "org")


def test_a_person_whose_initials_spell_an_outlet_stays_a_person():
    names = [
        KnownName("Recep Tayyip Erdogan", "person", 36),
        KnownName("Erdogan", "person", 20),
        KnownName("David Williams", "person", 3),
        KnownName("RTE", "org", 100),
        KnownName("DW", "org", 80),
    ]
    links = links_of(names, outlets=frozenset({"RTE", "DW"}))
    assert ("Recep Tayyip Erdogan", "person") not in links
    assert ("David Williams", "person") not in links
    assert links["Erdogan", "person"].target == "Recep Tayyip Erdogan"


def test_a_person_an_article_introduced_as_an_outlets_acronym_is_the_outlet():
    """A Q&A's interviewer label ("Deutsche Welle: The EU is discussing ...") read as a speaker;
    another article wrote "broadcaster Deutsche Welle (DW)"."""
    names = [
        KnownName("Deutsche Welle", "person", 5),
        KnownName("David Williams", "person", 3),
        KnownName("DW", "org", 80),
    ]
    acronyms = {"dw": Counter({("Deutsche Welle", "person"): 2})}
    links = links_of(names, acronyms, outlets=frozenset({"DW"}))
    link = links["Deutsche Welle", "person"]
    assert (link.target, link.target_kind) == ("DW", "org")
    assert ("David Williams", "person") not in links  # no article introduced DW with him
    assert ("Deutsche Welle", "person") not in links_of(names, outlets=frozenset({"DW"}))


def test_a_lone_person_no_article_names_in_full_is_the_body_other_articles_read():
    links = links_of(
        [
            KnownName("Facebook", "person", 9),
            KnownName("Facebook", "org", 5),
            KnownName("Garda", "person", 15),
            KnownName("Garda", "org", 30),
            KnownName("Garda Noirin O'Sullivan", "person", 1),
            KnownName("Jordan", "person", 6),
            KnownName("Jordan", "place", 40),
        ]
    )
    assert (links["Facebook", "person"].target, links["Facebook", "person"].target_kind) == (
        "Facebook",
        "org",
    )
    assert links["Garda", "person"].target_kind == "org"
    assert ("Jordan", "person") not in links  # people are named after places


def test_a_name_read_only_inside_one_longer_body_is_that_body():
    links = links_of(
        [
            KnownName("Interior Ministry", "org", 4),
            KnownName("Interior Ministry of the Russian Empire", "org", 5),
            KnownName("Security Council", "org", 8),
            KnownName("UN Security Council", "org", 15),
            KnownName("Supreme Court", "org", 10),
            KnownName("US Supreme Court", "org", 5),
            KnownName("Belarus Supreme Court", "org", 5),
            KnownName("Foreign Ministry", "org", 40),
            KnownName("Foreign Ministry Press Office", "org", 2),
            KnownName("European Commission", "org", 10),
            KnownName("European Commission Regulation", "org", 12),
        ]
    )
    nested = {name: link.target for (name, _), link in links.items() if link.reason == "nested"}
    # Two courts share "Supreme Court"; "Foreign Ministry" is far commoner than its one; a
    # regulation of the Commission is no Commission, nor the Empire's ministry Russia's.
    assert nested == {"Security Council": "UN Security Council"}


def test_a_nested_name_goes_where_the_longer_name_is_linked():
    links = links_of(
        [
            KnownName("Security Council", "org", 8),
            KnownName("UN Security Council", "org", 5),
            KnownName("United Nations Security Council", "org", 15),
        ],
        {"un": Counter({("United Nations", "org"): 3})},
    )
    assert links["Security Council", "org"].target == "United Nations Security Council"


def test_first_names_cut_from_the_surname_are_the_full_name():
    links = links_of(
        [
            KnownName("Abdel Fattah", "person", 7),
            KnownName("Abdel Fattah el-Sisi", "person", 8),
            KnownName("Kim Jong", "person", 3),
            KnownName("Kim Jong-un", "person", 16),
            KnownName("Kim Jong-nam", "person", 13),
        ]
    )
    assert links["Abdel Fattah", "person"].target == "Abdel Fattah el-Sisi"
    glued = links_of(
        [
            KnownName("Anne Shortall", "person", 6),
            KnownName("Anne Shortall Sgt O'Brien", "person", 1),
        ]
    )
    assert ("Anne Shortall", "person") not in glued
    assert ("Kim Jong", "person") not in links  # two people begin so


def test_a_word_in_front_of_one_whole_name_is_a_title():
    links = links_of(
        [
            KnownName("Filmmaker Michael Moore", "person", 7),
            KnownName("Michael Moore", "person", 9),
            KnownName("Recep Tayyip Erdogan", "person", 20),
            KnownName("Tayyip Erdogan", "person", 3),
            KnownName("Health Simon Harris", "org", 9),
            KnownName("Simon Harris", "person", 5),
        ]
    )
    assert links["Filmmaker Michael Moore", "person"].target == "Michael Moore"
    assert links["Health Simon Harris", "org"].target == "Simon Harris"
    # the longer form is the commoner: the shorter is part of it, not the other way round
    assert links["Tayyip Erdogan", "person"].target == "Recep Tayyip Erdogan"
    assert ("Recep Tayyip Erdogan", "person") not in links


def recorded(links):
    return [NameLink(*link) for link in links]


def test_a_recorded_link_whose_reason_is_gone_is_stale():
    surname = ("Trump", "person", "Donald Trump", "person", "surname")
    acronym = ("EU", "org", "European Union", "org", "acronym")
    links = recorded([surname, acronym])
    names = [KnownName("Donald Trump", "person", 40), KnownName("European Union", "org", 30)]
    introduced = {"eu": Counter({("European Union", "org"): 5})}
    assert stale_links(links, names, introduced) == []
    # The full name lost its articles (the furniture it came from was learned), and the
    # acronym's introductions now disagree.
    names = [KnownName("Melania Trump", "person", 3), KnownName("European Union", "org", 30)]
    introduced["eu"][("Emergency Unit", "org")] = 5
    assert stale_links(links, names, introduced) == links


def test_a_link_to_the_end_of_a_recorded_chain_still_holds():
    links = recorded(
        [
            ("UNSC", "org", "United Nations Security Council", "org", "acronym"),
            ("UN Security Council", "org", "United Nations Security Council", "org", "word order"),
        ]
    )
    names = [KnownName("United Nations Security Council", "org", 20)]
    introduced = {
        "unsc": Counter({("UN Security Council", "org"): 2}),
        "un": Counter({("United Nations", "org"): 4}),
    }
    assert stale_links(links, names, introduced) == []


def test_a_name_with_and_without_a_middle_initial_is_one_person():
    links = links_of(
        [
            KnownName("Donald Trump", "person", 50),
            KnownName("Donald J. Trump", "person", 7),
            KnownName("Michael D Higgins", "person", 9),
        ]
    )
    assert links["Donald J. Trump", "person"].target == "Donald Trump"
    assert ("Michael D Higgins", "person") not in links and len(links) == 1


def test_a_transliteration_or_plural_of_a_name_is_the_commoner_spelling():
    links = links_of(
        [
            KnownName("Sergey Lavrov", "person", 29),
            KnownName("Sergei Lavrov", "person", 4),
            KnownName("Abdel Fattah al-Sisi", "person", 3),
            KnownName("Abdel Fattah el-Sisi", "person", 8),
            KnownName("Russian Aerospace Forces", "org", 5),
            KnownName("Russian Aerospace Force", "org", 7),
            KnownName("Jimmy Carter", "person", 6),
            KnownName("Jimmy Carver", "person", 2),
        ]
    )
    assert links["Sergei Lavrov", "person"].target == "Sergey Lavrov"
    assert links["Abdel Fattah al-Sisi", "person"].target == "Abdel Fattah el-Sisi"
    assert links["Russian Aerospace Forces", "org"].target == "Russian Aerospace Force"
    assert ("Jimmy Carver", "person") not in links  # a hard letter changed: another name


def test_two_spellings_one_article_names_side_by_side_are_two_people():
    names = [KnownName("Natalia Petrova", "person", 9), KnownName("Natalie Petrova", "person", 3)]
    assert links_of(names)["Natalie Petrova", "person"].target == "Natalia Petrova"
    together = frozenset(
        {frozenset({("Natalia Petrova", "person"), ("Natalie Petrova", "person")})}
    )
    assert ("Natalie Petrova", "person") not in {
        (link.name, link.kind) for link in find_links(names, together=together)
    }


def test_a_town_read_as_a_body_is_the_place():
    links = links_of(
        [
            KnownName("Murmansk", "org", 5),
            KnownName("Murmansk", "place", 1),
            KnownName("Astana", "org", 9),
            KnownName("Gazprom", "org", 12),
            KnownName("UAE", "org", 3),
        ]
    )
    assert (links["Murmansk", "org"].target, links["Murmansk", "org"].target_kind) == (
        "Murmansk",
        "place",
    )
    assert links["Astana", "org"].target_kind == "place"  # the gazetteer knows it
    assert ("Gazprom", "org") not in links
    assert ("UAE", "org") not in links  # an acronym: the body as often as the place


def test_a_name_of_several_words_takes_the_kind_most_of_its_articles_give():
    links = links_of([KnownName("Fine Gael", "org", 13), KnownName("Fine Gael", "place", 9)])
    assert links["Fine Gael", "place"].target_kind == "org"


def test_a_person_named_after_a_place_the_collection_reads_alone_as_a_place_is_no_person():
    links = links_of(
        [
            KnownName("Hertha Berlin", "person", 7),
            KnownName("Berlin", "place", 60),
            KnownName("Eintracht Frankfurt", "person", 4),
            KnownName("Eintracht Frankfurt", "org", 3),
            KnownName("Frankfurt", "place", 20),
            KnownName("John Kerry", "person", 9),
            KnownName("John Bolton", "person", 9),
            KnownName("Kerry", "place", 12),
            KnownName("Nicola Sturgeon", "person", 7),
            KnownName("Elizabeth Warren", "person", 5),
            KnownName("Warren", "person", 6),
            KnownName("Warren", "place", 1),
            KnownName("— Berlin", "person", 1),  # one word once normalised: no first word
            KnownName("Co Kerry", "person", 4),
            KnownName("Co Cork", "person", 2),
            KnownName("Cork", "place", 20),
            KnownName("German Bundestag", "person", 4),
            KnownName("German Chancellor Merkel", "person", 2),
            KnownName("Bundestag", "org", 4),
        ]
    )
    assert links["German Bundestag", "person"].target is None
    assert links["Co Kerry", "person"].target is None  # "Co" begins only such names
    assert links["Hertha Berlin", "person"].target is None
    eintracht = links["Eintracht Frankfurt", "person"]
    assert (eintracht.target, eintracht.target_kind) == ("Eintracht Frankfurt", "org")
    assert ("John Kerry", "person") not in links  # "John" begins another person's name
    assert ("Nicola Sturgeon", "person") not in links
    assert ("Elizabeth Warren", "person") not in links  # "Warren" alone is mostly a person


def test_a_person_whose_name_opens_with_a_particle_is_the_body_of_that_name():
    links = links_of(
        [
            KnownName("al Qaeda", "person", 6),
            KnownName("al-Qaeda", "org", 3),
            KnownName("Staffan de Mistura", "person", 9),
            KnownName("de Mistura", "person", 5),
            KnownName("de Mistura", "org", 1),
        ]
    )
    assert links["al Qaeda", "person"].target_kind == "org"
    assert ("al-Qaeda", "org") not in links
    assert links["de Mistura", "person"].target == "Staffan de Mistura"  # a surname


def test_a_body_named_like_a_person_with_a_particle_is_that_person():
    links = links_of(
        [
            KnownName("Marine Le Pen", "org", 13),
            KnownName("Ursula von der Leyen", "org", 2),
            KnownName("Banque de France", "org", 4),
            KnownName("Party for Freedom", "org", 5),
        ]
    )
    assert links["Marine Le Pen", "org"].target_kind == "person"
    assert links["Ursula von der Leyen", "org"].target_kind == "person"
    assert ("Banque de France", "org") not in links
    assert ("Party for Freedom", "org") not in links


def test_a_body_named_with_a_persons_possessive_is_the_body():
    links = links_of(
        [
            KnownName("Geert Wilders", "person", 13),
            KnownName("Wilders' Party for Freedom", "org", 7),
            KnownName("Party for Freedom", "org", 5),
            KnownName("McDonald's Corporation", "org", 2),
            KnownName("Corporation", "org", 1),
        ]
    )
    assert links["Wilders' Party for Freedom", "org"].target == "Party for Freedom"
    assert ("McDonald's Corporation", "org") not in links  # no McDonald among the people


def test_a_body_glued_to_a_surname_before_it_is_the_body_the_collection_names_alone():
    """A heading ending in a surname glued to a story's first words ("... eroding public
    confidence in gardai -- Howlin" + "Labour Party leader Brendan Howlin has said"): one article
    reads "Howlin Labour Party", four others the "Labour Party" alone."""
    links = links_of(
        [
            KnownName("Brendan Howlin", "person", 6),
            KnownName("Howlin Labour Party", "org", 1),
            KnownName("Labour Party", "org", 4),
            KnownName("John F. Kennedy", "person", 9),
            KnownName("Kennedy Space Center", "org", 5),
            KnownName("Space Center", "org", 1),
            KnownName("Donald Trump US", "person", 1),  # a page's glue makes "US" a surname
            KnownName("US Senate", "org", 3),
            KnownName("Senate", "org", 8),
        ]
    )
    assert links["Howlin Labour Party", "org"].target == "Labour Party"
    assert ("Labour Party", "org") not in links  # not the glued name's
    assert ("Kennedy Space Center", "org") not in links  # its own name, more often written
    assert ("US Senate", "org") not in links  # a place's


def test_an_acronym_of_a_body_in_its_own_language_is_introduced_too():
    """Initials in another order or another language's words: the letters are still the name's
    initials ("International Ski Federation (FIS)", "Kurdistan Workers' Party (PKK)")."""
    for acronym, name in (
        ("FIS", "International Ski Federation"),
        ("SPD", "Social Democratic Party"),
        ("PKK", "Kurdistan Workers' Party"),
    ):
        assert acronym_introductions(name, "org", (acronym,)) == [(acronym, name, "org")]


def test_an_acronym_whose_letters_the_name_does_not_spell_wants_two_introductions():
    """ "Party for Freedom (PVV)" (Partij voor de Vrijheid): a body's acronym in its own language
    is taken from its brackets, but one article's brackets are not enough to link every "PVV"
    of the collection; a person's or a place's brackets never are ("Geert Wilders (PVV)")."""
    assert acronym_introductions("Party for Freedom", "org", ("PVV",), ("PVV",)) == [
        ("PVV", "Party for Freedom", "org")
    ]
    assert acronym_introductions("Party for Freedom", "org", ("PVV",)) == []  # not bracketed
    assert acronym_introductions("NATO Council", "org", ("NATO",)) == []
    assert acronym_introductions("Geert Wilders", "person", ("PVV",), ("PVV",)) == []
    assert acronym_introductions("Party for Freedom", "org", ("VV",), ("VV",)) == []
    names = [KnownName("Party for Freedom", "org", 7), KnownName("PVV", "org", 8)]
    once = {"pvv": Counter({("Party for Freedom", "org"): 1})}
    twice = {"pvv": Counter({("Party for Freedom", "org"): 2})}
    assert ("PVV", "org") not in links_of(names, once)
    assert links_of(names, twice)["PVV", "org"].target == "Party for Freedom"
    # One introduction is enough when the initials spell it.
    eu = [KnownName("European Union", "org", 9), KnownName("EU", "org", 8)]
    assert links_of(eu, {"eu": Counter({("European Union", "org"): 1})})["EU", "org"].target == (
        "European Union"
    )


def test_a_shouted_person_nobody_writes_in_mixed_case_is_not_shown():
    links = links_of(
        [
            KnownName("KUZNETSOV AIRCRAFT CARRIER", "person", 5),
            KnownName("KUZNETSOV AIRCRAFT CARRIER", "org", 2),
            KnownName("Kuznetsov", "person", 3),
            KnownName("DONALD TRUMP", "person", 2),
            KnownName("Donald Trump", "person", 90),
        ]
    )
    assert links["KUZNETSOV AIRCRAFT CARRIER", "person"].target is None
    assert links["Kuznetsov", "person"].target is None  # not the surname of a caption
    assert links["DONALD TRUMP", "person"].target == "Donald Trump"
    assert ("Donald Trump", "person") not in links


def test_singular_and_plural_spellings_of_a_body_are_one():
    links = links_of(
        [
            KnownName("Russian Aerospace Force", "org", 7),
            KnownName("Russian Aerospace Forces", "org", 5),
            KnownName("United Nations", "org", 30),
            KnownName("Business Council", "org", 3),
            KnownName("Busines Council", "org", 1),
        ]
    )
    assert links["Russian Aerospace Forces", "org"].target == "Russian Aerospace Force"
    assert ("United Nations", "org") not in links
    assert ("Business Council", "org") not in links  # "business" is no plural


def test_a_body_named_with_an_adjective_or_its_noun_is_one():
    links = links_of(
        [
            KnownName("Social Democratic Party", "org", 10),
            KnownName("Social Democrat Party", "org", 12),
            KnownName("Federal Council", "org", 3),
            KnownName("Federation Council", "org", 9),
        ]
    )
    assert links["Social Democratic Party", "org"].target == "Social Democrat Party"
    assert ("Federal Council", "org") not in links  # Switzerland's, not Russia's


def test_an_acronym_nobody_introduced_is_the_one_body_whose_initials_it_spells():
    links = links_of(
        [
            KnownName("HSE", "org", 24),
            KnownName("Health Service Executive", "org", 14),
            KnownName("CIA", "org", 9),
            KnownName("Central Intelligence Agency", "org", 8),
            KnownName("Culinary Institute of America", "org", 2),
            KnownName("PSNI", "org", 6),
            KnownName("Police Service of Northern Ireland", "org", 1),  # one article: too little
            KnownName("RTE", "org", 5),
            KnownName("Recep Tayyip Erdogan", "person", 40),
        ]
    )
    assert links["HSE", "org"].target == "Health Service Executive"
    assert links["HSE", "org"].reason == "acronym"
    assert ("CIA", "org") not in links  # two bodies spell it
    assert ("PSNI", "org") not in links
    assert ("RTE", "org") not in links  # a person's initials say nothing


def test_a_body_used_in_events_names_half_as_often_as_read_alone_is_none():
    names = [
        KnownName("Euphrates Shield", "org", 7),
        KnownName("Schengen", "org", 9),
        KnownName("G20", "org", 4),
        KnownName("Iraq", "place", 60),
        KnownName("Paris", "org", 30),
        KnownName("RT", "org", 29),
        KnownName("Brexit", "org", 20),
        KnownName("Congress", "org", 28),
    ]
    uses = {
        "brexit": Counter(period=3),  # "post-Brexit", "after Brexit,": a time, in 3 of 20
        "congress": Counter(period=1),  # "testified before Congress."
        "euphrates shield": Counter(event=10),
        "schengen": Counter(event=4),  # fewer than half of 9
        "g20": Counter(event=4),  # "G20 Summit": an acronym names a body
        "iraq": Counter(event=50),  # "Iraq War": a place stays a place
        "paris": Counter(event=1),  # one "Paris Agreement" is not enough
        "rt": Counter(damaged=50, event=1),
    }
    links = {(link.name, link.kind): link for link in find_links(names, uses=uses)}
    assert links["Euphrates Shield", "org"] == NameLink(
        "Euphrates Shield", "org", None, "org", "event"
    )
    assert links["RT", "org"].reason == "damaged" and links["RT", "org"].target is None
    assert links["Brexit", "org"] == NameLink("Brexit", "org", None, "org", "event")
    assert not {("Schengen", "org"), ("G20", "org"), ("Iraq", "place"), ("Congress", "org")} & set(
        links
    )
    assert links.get(("Paris", "org"), NameLink("", "", "", "", "")).target is not None
    # The recorded link still holds when the name has lost its articles to it.
    recorded = [links["Euphrates Shield", "org"], links["RT", "org"]]
    rest = [known for known in names if known.name not in ("Euphrates Shield", "RT")]
    assert stale_links(recorded, rest, uses=uses) == []


def test_a_name_most_articles_write_as_a_policy_or_give_a_bodys_possessive_is_none():
    """ "America First" before "policy" in 4 of its 6 articles, "RHI" before "scheme" in 6 of 8
    (acronyms too): policies, not bodies; "EU plan" in 3 of 60 leaves the EU a body. "RTÉ's
    Morning Ireland" in 20 of 24 is a programme, not a place; a body's possessive weighs
    nothing for a body ("RTÉ's Garda sources")."""
    names = [
        KnownName("America First", "org", 6),
        KnownName("RHI", "org", 8),
        KnownName("EU", "org", 60),
        KnownName("Morning Ireland", "place", 24),
        KnownName("Cork", "place", 30),
        KnownName("Garda", "org", 30),
    ]
    uses = {
        "america first": Counter(policy=4),
        "rhi": Counter(policy=6),
        "eu": Counter(policy=3),
        "morning ireland": Counter(work=20),
        "cork": Counter(work=1),
        "garda": Counter(work=20),
    }
    links = {(link.name, link.kind): link for link in find_links(names, uses=uses)}
    assert links["America First", "org"] == NameLink("America First", "org", None, "org", "policy")
    assert links["RHI", "org"] == NameLink("RHI", "org", None, "org", "policy")
    assert links["Morning Ireland", "place"].reason == "work"
    assert links["Morning Ireland", "place"].target is None
    assert not {("EU", "org"), ("Cork", "place"), ("Garda", "org")} & set(links)
    # Articles that spell the scheme out and go on with "the RHI scheme" weigh for the name.
    spelt = [KnownName("Renewable Heat Incentive", "org", 7)]
    acronyms = {"rhi": Counter({("Renewable Heat Incentive", "org"): 3})}
    (link,) = find_links(spelt, acronyms, uses={"rhi": Counter(policy=4)})
    assert (link.target, link.reason) == (None, "policy")
    assert find_links(spelt, acronyms, uses={"rhi": Counter(policy=2)}) == []


def test_a_word_fronting_peoples_names_and_no_bodys_is_a_title_not_a_body():
    """ "Taoiseach Enda Kenny", "Taoiseach Brian Cowen" (read as a person or a body): the
    Taoiseach alone is a title. "Garda" fronts people and its own bodies ("Garda Press Office"):
    a body; so does an acronym ("NATO Secretary General ...")."""
    names = [
        KnownName("Taoiseach", "org", 9),
        KnownName("Taoiseach Enda Kenny", "org", 2),
        KnownName("Taoiseach Brian Cowen", "person", 1),
        KnownName("Enda Kenny", "person", 40),
        KnownName("Garda", "org", 36),
        KnownName("Garda Kevin Heffernan", "person", 1),
        KnownName("Garda Mary Byrne", "person", 1),
        KnownName("Garda Press Office", "org", 1),
        KnownName("NATO", "org", 20),
        KnownName("NATO Jens Stoltenberg", "person", 1),
        KnownName("NATO Anders Rasmussen", "person", 1),
    ]
    links = links_of(names)
    assert links["Taoiseach", "org"] == NameLink("Taoiseach", "org", None, "org", "title")
    assert not {("Garda", "org"), ("NATO", "org")} & set(links)
    assert ("Taoiseach", "org") not in links_of(names[:2] + names[3:])  # one person only


def test_a_surname_far_commoner_than_any_of_several_full_names_is_not_shown():
    """First names lost to broken letters leave "O'Sullivan" alone in 11 articles; five people
    of that name are each named in one or two: one of them, the collection cannot tell which.
    With one full name only it is left alone, as "Al Jazeera" is (the test further up)."""
    names = [KnownName("O'Sullivan", "person", 11)] + [
        KnownName(f"{first} O'Sullivan", "person", count)
        for first, count in [("Jan", 2), ("Noirin", 1), ("Colman", 1), ("Michael", 1)]
    ]
    links = links_of(names)
    assert links["O'Sullivan", "person"] == NameLink(
        "O'Sullivan", "person", None, "person", "ambiguous"
    )
    assert ("O'Sullivan", "person") not in links_of(names[:2])


def test_another_newspapers_title_is_not_the_outlet_its_initials_spell():
    names = [
        KnownName("DW", "org", 120),
        KnownName("Deutsche Welle", "org", 4),
        KnownName("Die Welt", "org", 5),
    ]
    links = links_of(names, outlets=frozenset({"DW"}))
    assert links["Deutsche Welle", "org"].target == "DW"
    assert ("Die Welt", "org") not in links


def test_a_group_opened_by_an_arabic_word_for_front_is_no_titled_person():
    names = [
        KnownName("Jabhat Fateh al-Sham", "org", 6),
        KnownName("Fateh al-Sham", "person", 2),
        KnownName("Health Simon Harris", "org", 2),
        KnownName("Simon Harris", "person", 12),
    ]
    links = links_of(names)
    assert ("Jabhat Fateh al-Sham", "org") not in links
    assert links["Health Simon Harris", "org"].target == "Simon Harris"


def test_a_one_word_body_heading_several_bodies_none_dominant_is_not_shown():
    """ "House" of stories naming the House of Representatives, of Commons, of Lords: one of
    them, and the collection cannot tell which. With one such body, or one far commoner than
    the rest, or far commoner itself than all of them, it is left as it is."""
    houses = [
        KnownName("House of Representatives", "org", 6),
        KnownName("House of Commons", "org", 1),
        KnownName("US House of Lords", "org", 2),
    ]
    links = links_of([KnownName("House", "org", 5), *houses])
    assert links["House", "org"] == NameLink("House", "org", None, "org", "ambiguous")
    assert ("House of Commons", "org") not in links
    for names in (
        [KnownName("House", "org", 5), houses[0]],
        [KnownName("House", "org", 5), houses[0], houses[1]],  # 6 of 7 dominates
        [KnownName("House", "org", 40), *houses],
        [KnownName("Senate", "org", 5), KnownName("US Senate", "org", 3), *houses],
    ):
        assert (names[0].name, "org") not in links_of(names)
