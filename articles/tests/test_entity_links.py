"""Links across the collection: one facet value per real-world entity, recorded as automatic,
undone by a curator in one click, and never over a curator's own decision."""

import pytest

from articles import search
from articles.models import Article, Entity, EntityLink
from articles.search import SearchParams
from articles.store import curation
from articles.store.enrichment import enrich_and_store
from articles.store.entity_links import link_entities, store_links, undo_link
from articles.tests.factories import make_article

pytestmark = pytest.mark.django_db


def facet(group: str) -> dict[str, int]:
    search.close_index()
    return {v.label: v.count for v in search.search(SearchParams()).facets[group]}


def enriched(committed, *texts: tuple[str, str]) -> list[Article]:
    with committed():
        articles = [make_article(title, body) for title, body in texts]
        enrich_and_store(articles)
    return articles


def re_extract(committed) -> None:
    with committed():
        enrich_and_store(list(Article.objects.all()))


TRUMPS = [
    ("Summit in Washington", "Donald Trump met the visiting leaders on Monday."),
    ("Trade talks", "Donald Trump spoke about trade in Ohio."),
    ("Health bill", "Donald Trump urged Congress to vote."),
    ("Speech", "On Friday, President Trump said the economy was strong."),
]


def test_a_lone_surname_counts_for_the_full_name_and_stays_so_after_re_extraction(committed):
    enriched(committed, *TRUMPS)
    assert facet("person").get("Trump") == 1
    with committed():
        links = link_entities()
    assert [(link.name, link.target.name, link.reason) for link in links] == [
        ("Trump", "Donald Trump", "surname")
    ]
    people = facet("person")
    assert people["Donald Trump"] == 4 and "Trump" not in people
    re_extract(committed)
    people = facet("person")
    assert people["Donald Trump"] == 4 and "Trump" not in people


def test_an_ambiguous_surname_is_left_to_no_one_and_not_shown_alone(committed):
    enriched(
        committed,
        ("Council vote", "John Smith voted against the plan in Leeds."),
        ("Council row", "John Smith resigned from the council in Leeds."),
        ("School report", "Jane Smith praised the teachers in York."),
        ("School fees", "Jane Smith opposed the fees in York."),
        ("Letters", "Yesterday Mr Smith wrote to the newspaper."),
    )
    with committed():
        links = {link.name: link for link in link_entities()}
    link = links["Smith"]  # ("Leeds", read as a body here, is also linked: to the town)
    assert (link.target, link.reason) == (None, "ambiguous")
    people = facet("person")
    assert people["John Smith"] == 2 and people["Jane Smith"] == 2
    assert "Smith" not in people
    assert facet("place")["Leeds"] == 2 and "Leeds" not in facet("org")  # made as a place


def test_an_acronym_introduced_in_one_article_is_its_expansion_in_the_others(committed):
    enriched(
        committed,
        ("Budget deal", "The European Union (EU) agreed a budget. The EU said it was fair."),
        ("Farm talks", "Ministers of the EU met farmers in Brussels on Tuesday."),
    )
    assert facet("org").get("EU") == 1
    with committed():
        links = link_entities()
    assert [(link.name, link.target.name, link.reason) for link in links] == [
        ("EU", "European Union", "acronym")
    ]
    orgs = facet("org")
    assert orgs["European Union"] == 2 and "EU" not in orgs


def test_an_acronym_glossed_as_a_former_name_is_that_body_in_the_other_articles(committed):
    enriched(
        committed,
        ("Afghanistan", "Some 1,000 gunmen of ISIS (the former name of Islamic State) were seen."),
        ("Syria", "Troops fought ISIS [former name of the terrorist group Islamic State]."),
        ("Iraq", "ISIS fighters attacked the town on Monday."),
    )
    with committed():
        links = link_entities()
    assert [(link.name, link.target.name, link.reason) for link in links] == [
        ("ISIS", "Islamic State", "acronym")
    ]
    orgs = facet("org")
    assert orgs["Islamic State"] == 3 and "ISIS" not in orgs


def test_a_curators_merge_wins_over_a_link_and_survives_re_extraction(committed):
    enriched(
        committed,
        *TRUMPS[:3],
        ("Jobs", "Donald Trump visited a factory in Detroit."),
        ("Fashion week", "Melania Trump visited a school in New York."),
    )
    curator_merged = enriched(committed, TRUMPS[3])[0]
    with committed():
        links = {link.name: link for link in link_entities()}
    link = links["Trump"]  # (the headline "Jobs", read as a person, is not shown either)
    assert link.target.name == "Donald Trump"
    # The curator knows better: this lone "Trump" is Melania Trump.
    with committed():
        curation.merge_entities(
            Entity.objects.get(name="Melania Trump"), [Entity.objects.get(name="Trump")]
        )
    re_extract(committed)
    with committed():
        assert link_entities() == []
    people = facet("person")
    assert people["Melania Trump"] == 2 and people["Donald Trump"] == 4
    assert curator_merged.mentions.get().entity.name == "Melania Trump"


def test_undoing_a_link_gives_the_name_back_and_it_is_not_made_again(committed):
    enriched(committed, *TRUMPS)
    with committed():
        (link,) = link_entities()
        message = undo_link(link)
    assert message == "Undid the link from 'Trump' to 'Donald Trump'; 4 articles extracted again"
    assert facet("person")["Trump"] == 1
    with committed():
        assert link_entities() == []
    assert EntityLink.objects.get().undone


def test_curators_undo_a_link_in_one_click(committed, curator_client):
    enriched(committed, *TRUMPS)
    with committed():
        (link,) = link_entities()
    listing = curator_client.get("/admin/articles/entitylink/")
    assert listing.status_code == 200 and b"Donald Trump" in listing.content
    with committed():
        response = curator_client.post(f"/admin/articles/entitylink/{link.pk}/undo/")
    assert response.status_code == 302
    assert EntityLink.objects.get().undone
    assert facet("person")["Trump"] == 1


def test_a_link_whose_reason_is_gone_is_removed_and_the_name_weighed_again(committed):
    articles = enriched(committed, *TRUMPS)
    with committed():
        (link,) = link_entities()
    assert link.target.name == "Donald Trump"
    # The full names turn out to be another Trump's (say, corrected at the source).
    with committed():
        for article in articles[:3]:
            article.body = article.body.replace("Donald Trump", "Melania Trump")
            article.save()
        enrich_and_store(articles[:3])
        (link,) = link_entities()
    assert (link.name, link.target.name) == ("Trump", "Melania Trump")
    people = facet("person")
    assert people["Melania Trump"] == 4 and "Donald Trump" not in people


def test_a_link_a_curator_undid_is_not_revisited(committed):
    articles = enriched(committed, *TRUMPS)
    with committed():
        (link,) = link_entities()
        undo_link(link)
        for article in articles[:3]:
            article.body = article.body.replace("Donald Trump", "Melania Trump")
            article.save()
        enrich_and_store(articles[:3])
        assert link_entities() == []
    assert EntityLink.objects.get().undone
    assert facet("person")["Trump"] == 1


def test_an_outlets_name_read_as_a_person_counts_as_the_outlet(committed):
    with committed():
        articles = [
            make_article("Ceasefire", "A commander told Al Jazeera that the truce held.", source=s)
            for s in ("Al Jazeera", "Al Jazeera", "Example News")
        ]
        enrich_and_store(articles)
    assert facet("person").get("Al Jazeera") == 3
    with committed():
        link_entities()
    assert "Al Jazeera" not in facet("person")
    assert facet("org")["Al Jazeera"] == 3


def test_a_transliteration_is_linked_unless_one_article_names_both(committed):
    enriched(
        committed,
        ("Talks", "Sergey Lavrov met the envoy in Geneva."),
        ("Visit", "Sergey Lavrov flew to Ankara on Monday."),
        ("Press", "Sergei Lavrov told reporters the talks went well."),
        ("Court", "Natalia Petrova and her sister Natalie Petrova sued the firm."),
        ("Ruling", "Natalia Petrova won the case."),
    )
    with committed():
        links = {link.name: link for link in link_entities()}
    assert links["Sergei Lavrov"].target.name == "Sergey Lavrov"
    assert "Natalie Petrova" not in links
    people = facet("person")
    assert people["Sergey Lavrov"] == 3 and "Sergei Lavrov" not in people


def test_links_are_made_until_the_collection_makes_no_more(committed):
    # Only once the lone "Sisi"s count for el-Sisi is his full name commoner than his first
    # names alone, which then are plainly his.
    enriched(
        committed,
        ("Cairo", "Egypt's leader Abdel Fattah el-Sisi met the envoy in Cairo."),
        ("Reforms", "On Monday Sisi told parliament the reforms would go on."),
        ("Critics", "Critics of Sisi were jailed in Cairo."),
        ("Speech", "On Friday Abdel Fattah said the economy was strong."),
        ("Budget", "In a speech Abdel Fattah praised the budget."),
    )
    with committed():
        links = {link.name: link for link in link_entities()}
    assert links["Sisi"].target.name == "Abdel Fattah el-Sisi"
    assert links["Abdel Fattah"].target.name == "Abdel Fattah el-Sisi"
    assert facet("person") == {"Abdel Fattah el-Sisi": 5}


def test_a_link_another_pass_stored_meanwhile_is_taken_not_a_failure():
    # Two imports ending together compute the same new link; the second insert must not fail
    # the import (it failed one job of four with two queue workers).
    trump = Entity.objects.create(name="Donald Trump", kind="person", slug="donald-trump")
    stored = EntityLink.objects.create(name="Trump", kind="person", target=trump, reason="surname")
    links = store_links(
        [
            EntityLink(name="Trump", kind="person", target=trump, reason="surname"),
            EntityLink(name="Donald J. Trump", kind="person", target=trump, reason="surname"),
        ]
    )
    assert [link.pk for link in links][0] == stored.pk
    assert all(link.pk for link in links)
    assert EntityLink.objects.count() == 2


def test_a_name_articles_use_in_an_events_name_is_no_body_in_the_others(committed):
    """ "Operation Euphrates Shield" in two stories: "Euphrates Shield fighters" in a third is
    no organisation; "Iraq" of "Iraq War" stays the place."""
    enriched(
        committed,
        ("Offensive", "Turkey launched Operation Euphrates Shield in August."),
        ("Town taken", "Operation Euphrates Shield took the town. The Iraq War ended in 2011."),
        ("Advance", "Euphrates Shield fighters entered al-Bab on Monday, officials said."),
        ("Withdrawal", "The Iraq War ended. Troops left Iraq."),
    )
    assert facet("org").get("Euphrates Shield") == 1
    with committed():
        links = {link.name: link for link in link_entities()}
    assert (links["Euphrates Shield"].target, links["Euphrates Shield"].reason) == (None, "event")
    assert "Euphrates Shield" not in facet("org") and facet("place")["Iraq"] == 1
    re_extract(committed)
    assert "Euphrates Shield" not in facet("org")


def test_a_policy_and_a_programme_the_collection_names_are_no_body_and_no_place(committed):
    """ "America First" read as a body, written before "policy" in three of its four stories,
    and "Morning Ireland" read as a place, after RTÉ's possessive in both of its: neither is
    shown; "Berlin", and the EU of "the EU plan", are."""
    enriched(
        committed,
        ("Trade", 'Donald Trump\'s "America First" policy worried Berlin on Monday.'),
        ("Tariffs", 'Critics of the "America First" policy met in Berlin, the EU plan aside.'),
        ("Summit", 'Leaders challenged his "America First" agenda. The EU said so in Berlin.'),
        ("Rally", "Crowds chanted America First in Ohio as Donald Trump spoke."),
        ("Health", "Speaking on RTE's Morning Ireland, Mr Kelleher said RTE was right."),
        ("Housing", "In an interview with RTE's Morning Ireland, the minister agreed."),
    )
    with committed():
        links = {link.name: link for link in link_entities()}
    assert (links["America First"].target, links["America First"].reason) == (None, "policy")
    assert (links["Morning Ireland"].target, links["Morning Ireland"].reason) == (None, "work")
    assert "America First" not in facet("org") and "Morning Ireland" not in facet("place")
    assert facet("place")["Berlin"] == 3 and facet("org")["EU"] == 2
    re_extract(committed)
    assert "America First" not in facet("org") and "Morning Ireland" not in facet("place")


def test_a_title_the_collection_writes_after_a_works_noun_is_no_body_or_person(committed):
    """ "the film Vera Drake" and "comedy Sideways" in two stories each: in a third, where the
    model reads the bare title as a body or a person, neither is shown; "film director Mike
    Leigh" has another word before the name and stays a person, and Microsoft a body."""
    enriched(
        committed,
        ("Baftas", "Imelda Staunton, star of the film Vera Drake, won. Vera Drake took three."),
        ("Oscars", "The abortion drama Vera Drake and the wine comedy Sideways were nominated."),
        ("Box office", "The comedy Sideways entered the top ten in Los Angeles."),
        ("Awards", "Vera Drake and Sideways won prizes, film director Mike Leigh said in London."),
        ("Phones", "Microsoft shares rose, and the Microsoft director said so in London."),
    )
    with committed():
        links = {link.name: link for link in link_entities()}
    assert (links["Vera Drake"].target, links["Vera Drake"].reason) == (None, "work")
    shown = {name for kind in ("person", "org", "place") for name in facet(kind)}
    assert not {"Vera Drake", "Sideways"} & shown
    assert "Mike Leigh" in facet("person") and "Microsoft" in facet("org")
    re_extract(committed)
    shown = {name for kind in ("person", "org", "place") for name in facet(kind)}
    assert not {"Vera Drake", "Sideways"} & shown


def test_a_party_and_its_short_name_are_one_body_shown_as_the_party(committed):
    """ "Labour" in two stories, "the Labour Party" in one: one body, shown by its full name,
    also after re-extraction."""
    enriched(
        committed,
        ("Election", "Labour won the seat in Leeds on Thursday, officials said."),
        ("Campaign", "Labour promised new schools in Leeds, its leader said."),
        ("Conference", "The Labour Party met in Brighton on Monday."),
    )
    assert facet("org").get("Labour") == 2
    with committed():
        links = {link.name: link for link in link_entities()}
    assert (links["Labour"].target.name, links["Labour"].reason) == ("Labour Party", "designator")
    assert facet("org")["Labour Party"] == 3 and "Labour" not in facet("org")
    re_extract(committed)
    assert facet("org")["Labour Party"] == 3 and "Labour" not in facet("org")


def test_a_name_the_collection_writes_with_a_lost_letter_is_not_shown(committed):
    """ "RT?'s" and "RT? programme" lost the "É" of "RTÉ": "RT? News" elsewhere, which reads
    like a question, is the same damaged name."""
    enriched(
        committed,
        ("Interview", "The minister told RT?'s Morning Ireland that the plan would work."),
        ("Radio", "He said on an RT? programme that the plan would work."),
        ("Statement", "Speaking on RT? News, the minister said the plan would work."),
    )
    assert facet("org").get("RT") == 1
    with committed():
        links = {link.name: link for link in link_entities()}
    assert (links["RT"].target, links["RT"].reason) == (None, "damaged")
    assert "RT" not in facet("org")


def test_a_pass_moves_mentions_as_if_one_link_were_stored_after_the_other(committed):
    """ "Trump" to "President Trump", then "President Trump" to "Donald Trump", in one pass: the
    counts of all three end up on one mention per article; a curated mention stays put."""
    from articles.models import Mention
    from articles.store.entity_links import move_mentions

    with committed():
        one = make_article("One", "Text.", people=("Trump", "President Trump", "Donald Trump"))
        two = make_article("Two", "Text.", people=("Trump",))
        three = make_article("Three", "Text.", people=("President Trump",))
        trump, president, donald = (
            Entity.objects.get(name=name, kind="person")
            for name in ("Trump", "President Trump", "Donald Trump")
        )
        Mention.objects.filter(article=one).update(count=2)
        Mention.objects.filter(article=three).update(curated=True)
        move_mentions([(trump, president), (president, donald)])

    def counts(article):
        return {m.entity.name: m.count for m in article.mentions.select_related("entity")}

    assert counts(one) == {"Donald Trump": 6}
    assert counts(two) == {"Donald Trump": 1}
    assert counts(three) == {"President Trump": 1}  # curated: where the curator left it


def test_a_short_body_in_an_article_naming_the_longer_one_it_heads_is_that_one(committed):
    """ "The Central Bank" of a story whose "Bank of Russia" the collection links to the
    "Central Bank of Russia" is that bank there, and stays so when extracted again; in a story
    naming no longer bank it is left to the story."""
    rates, _, other = enriched(
        committed,
        ("Rates", "Growth returned, the Central Bank reported, citing the Bank of Russia."),
        ("Forecast", "The Central Bank of Russia kept its forecast, the Bank of Russia said."),
        ("Reserves", "Reserves rose, the Central Bank said on Friday."),
    )
    assert facet("org")["Central Bank"] == 2
    with committed():
        links = {link.name: link for link in link_entities()}
    assert links["Bank of Russia"].target.name == "Central Bank of Russia"
    assert "Central Bank" not in links  # not a link: a merge within the article

    def bodies(article):
        return {m.entity.name: m.count for m in article.mentions.filter(entity__kind="org")}

    assert bodies(rates) == {"Central Bank of Russia": 2} and bodies(other) == {"Central Bank": 1}
    assert facet("org") == {"Central Bank of Russia": 2, "Central Bank": 1}
    re_extract(committed)
    assert bodies(rates) == {"Central Bank of Russia": 2} and bodies(other) == {"Central Bank": 1}


def test_a_name_written_before_what_a_person_leads_is_that_person(committed):
    """ "the Biden administration" (read as a body) and "the Obama administration" (as a
    place) in stories that never name the man count for the full name the collection gives;
    the "Leave campaign", nobody's surname, and the "EU presidency" stay what they were."""
    enriched(
        committed,
        ("Prices", "The Biden administration said on Monday it would act on prices."),
        ("Trade", "Officials said the Biden administration would raise tariffs in Ohio."),
        ("Visit", "President Joe Biden arrived in Ohio on Tuesday."),
        ("Speech", "Joe Biden spoke to workers in Detroit on Friday."),
        ("History", "Officials in the Obama administration disagreed about Syria."),
        ("Memoir", "A former aide wrote about the Obama administration and Syria."),
        ("Legacy", "Barack Obama spoke in Chicago on Friday."),
        ("Brexit", "The Leave campaign won, and the EU presidency passed to Malta."),
        ("Brexit vote", "The Leave campaign said the EU presidency had failed."),
    )
    with committed():
        links = {link.name: link for link in link_entities()}
    assert (links["Biden"].target.name, links["Biden"].reason) == ("Joe Biden", "surname")
    assert facet("person")["Joe Biden"] == 4 and facet("person")["Barack Obama"] == 3
    shown = {name for kind in ("org", "place") for name in facet(kind)}
    assert not {"Biden", "Obama"} & shown
    assert "EU" in shown
    re_extract(committed)
    assert facet("person")["Joe Biden"] == 4 and facet("person")["Barack Obama"] == 3


def test_an_acronym_that_spells_the_of_in_a_bodys_name_is_that_body(committed):
    """ "DOJ" in two stories that never spell it out is the "Department of Justice" the others
    name, though its initials without the "of" spell "DJ"; and so is the "Justice Department":
    one body under three names."""
    enriched(
        committed,
        ("Charges", "The Department of Justice charged two men in Texas on Monday."),
        ("Inquiry", "The Department of Justice opened an inquiry in Ohio."),
        ("Court", "The DOJ said the case in Texas would go on."),
        ("Appeal", "Lawyers for the DOJ appealed in Ohio on Friday."),
        ("Review", "The Justice Department said on Friday it would review the case."),
    )
    with committed():
        links = {link.name: link for link in link_entities()}
    assert links["DOJ"].target.name == "Department of Justice"
    assert facet("org") == {"Department of Justice": 5}


def test_an_acronym_is_the_body_whose_name_it_spells_in_the_other_word_order(committed):
    """An outlet that writes only "Justice Department" and "DOJ": one body."""
    enriched(
        committed,
        ("Charges", "The Justice Department charged two men in Texas on Monday."),
        ("Inquiry", "The Justice Department opened an inquiry in Ohio."),
        ("Court", "The DOJ said the case in Texas would go on."),
        ("Appeal", "Lawyers for the DOJ appealed in Ohio on Friday."),
    )
    with committed():
        link_entities()
    assert facet("org") == {"Justice Department": 4}


def test_a_person_is_no_body_named_after_a_surname_read_as_a_body_before_a_leaders_word(
    committed,
):
    """One story's "the Biden administration" (the model: a body "Biden") is a person's use of
    the name: "Joe Biden" of another story is not a body named after it, and is shown."""
    enriched(
        committed,
        ("Sanctions", "The Biden administration announced new sanctions on Russia on Thursday."),
        ("Visit", "Joe Biden will travel to Ohio on Friday, aides said."),
    )
    with committed():
        link_entities()
    assert facet("person") == {"Joe Biden": 1}


def test_a_two_letter_acronym_written_with_its_dots_is_the_body_it_spells(committed):
    """ "U.N." in stories that never spell it out is the "United Nations" of the others, which
    the "U.S. Navy" does not spell (its acronym's letters all count: USN); "AI", two letters
    without dots, stays apart from "Amnesty International"."""
    enriched(
        committed,
        ("Fleet", "The U.S. Navy sent ships to the Gulf on Monday."),
        ("Drill", "The U.S. Navy held a drill near Guam."),
        ("Aid", "The United Nations said aid to Yemen had stopped."),
        ("Vote", "The United Nations voted on Friday in New York."),
        ("Envoy", "The U.N. envoy arrived in Yemen on Monday."),
        ("Talks", "The U.N. said talks in Geneva would go on."),
        ("Rights", "Amnesty International said the trial in Cairo was unfair."),
        ("Report", "Amnesty International published a report on Cairo."),
        ("Chips", "AI chips made by Nvidia sold well in Taiwan."),
        ("Servers", "AI chips made by Nvidia were shipped from Taiwan."),
    )
    with committed():
        links = {link.name: link for link in link_entities()}
    assert links["U.N."].target.name == "United Nations"
    assert "AI" not in links
    orgs = facet("org")
    assert orgs["United Nations"] == 4 and "U.N." not in orgs
    assert orgs["AI"] == 2 and orgs["Amnesty International"] == 2


def test_an_acronym_introduced_as_a_treatys_name_is_no_body_in_any_story(committed):
    """ "North American Free Trade Agreement (NAFTA)" in two stories: a treaty, no body, and the
    bare "NAFTA" of the others (read as a body by the model) is the treaty too. The "World
    Health Organization (WHO)" stays a body."""
    enriched(
        committed,
        ("Trade", "Trump wants to leave the North American Free Trade Agreement (NAFTA)."),
        ("Talks", "Canada defended the North American Free Trade Agreement (NAFTA) in Ottawa."),
        ("Cars", "Carmakers in Detroit fear the end of NAFTA, executives said."),
        ("Grain", "Farmers in Iowa want NAFTA kept, the group said."),
        ("Ottawa", "Negotiators met in Ottawa to renegotiate NAFTA on Monday."),
        ("Health", "The World Health Organization (WHO) met in Geneva. The WHO said so."),
    )
    with committed():
        link_entities()
    orgs = facet("org")
    assert not {"NAFTA", "North American Free Trade Agreement"} & set(orgs)
    assert orgs["World Health Organization"] == 1


def test_a_word_most_articles_capitalise_only_where_sentences_open_is_no_name(committed):
    """ "Born in 1950, ..." opens a sentence in three stories (the model reads a place in the
    capital) and none writes it inside a sentence; "Google" opens every sentence of the three
    stories naming it alone too, but two more name "Google Inc" inside their sentences."""
    enriched(
        committed,
        ("Profile", "He grew up in Ohio. Born in 1950, he moved to Texas."),
        ("Obituary", "She lives in Leeds. Born in 1972, she studied in York."),
        ("Tour", "The singer toured Spain. Born in 1985, he grew up in Madrid."),
        ("Profits", "Google said profits rose in London. Google shares fell."),
        ("Results", "Google said sales rose in Paris. Google will hire more staff."),
        ("Staff", "Google hired staff in Berlin."),
        ("Shares", "Shares of Google Inc fell in New York on Monday."),
        ("Deal", "Investors in Google Inc met in Boston on Friday."),
    )
    shown_before = {name for kind in ("person", "org", "place") for name in facet(kind)}
    with committed():
        links = {link.name: link for link in link_entities()}
    shown = {name for kind in ("person", "org", "place") for name in facet(kind)}
    assert {"Born", "Google"} <= shown_before
    assert "Born" not in shown
    assert links["Born"].reason == "common word" and links["Born"].target is None
    assert "Google" in shown and {"Ohio", "Leeds", "Madrid", "Paris"} <= shown
