"""Links across a collection's names: lone surnames and first names, acronyms, word order."""

from collections import Counter

from articles.enrich.entities.name_links import (
    KnownName,
    NameLink,
    acronym_introductions,
    find_links,
)


def links_of(names, acronyms=None) -> dict[tuple[str, str], NameLink]:
    return {(link.name, link.kind): link for link in find_links(names, acronyms)}


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


def test_a_lone_name_no_full_name_holds_stays_itself():
    assert links_of([KnownName("Madonna", "person", 3), KnownName("Elton John", "person", 2)]) == {}


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


def test_a_title_in_front_of_a_known_name_is_not_part_of_it():
    links = links_of(
        [
            KnownName("Enda Kenny", "person", 14),
            KnownName("Taoiseach Enda Kenny", "org", 20),
            KnownName("Taoiseach Leo Varadkar", "person", 3),
            KnownName("Leo Varadkar", "person", 6),
            KnownName("Taoiseach", "person", 14),
        ]
    )
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
