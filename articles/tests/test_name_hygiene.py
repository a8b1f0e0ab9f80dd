"""Name hygiene: repaired punctuation before extraction, and what a name may hold."""

import datetime as dt

import pytest

from articles.enrich import ArticleText, Registry
from articles.enrich.entities.extract import extract_entities
from articles.enrich.entities.hygiene import (
    clean_span,
    is_people_group,
    written_only_at_openings,
)
from articles.ingest import ParsedArticle
from articles.ingest.article import build_article
from articles.ingest.repair import repair_text


def names(title: str, body: str) -> set[tuple[str, str]]:
    found = extract_entities([ArticleText(title, body)], Registry())[0]
    return {(entity.name, entity.kind) for entity in found}


def test_lost_quotes_are_put_back_so_names_do_not_swallow_them():
    mangled = (
        'Talks resume in Cyprus"?President Nikos Anastasiadis said. Relations were good,"?he '
        'added. "?Donald Trump (@realDonaldTrump) March 4, 2017'
    )
    repaired = repair_text(mangled)
    assert "Cyprus' President Nikos Anastasiadis" in repaired
    assert 'good," he added' in repaired
    assert '"?' not in repaired
    assert repair_text('Did he say "yes"? Nobody knows.') == 'Did he say "yes"? Nobody knows.'


def test_a_space_written_as_a_hyphen_after_a_name_is_put_back():
    repaired = repair_text(
        "The minister met the Health Service Executive-and the NTPF today. Mr Kiely-said the "
        "HSE-has agreed."
    )
    assert "Health Service Executive and the NTPF" in repaired
    assert "Mr Kiely said the HSE has agreed." in repaired
    for compound in ("US-led strikes", "a Cairo-based group", "Kim Jong-un", "an EU-wide ban"):
        assert repair_text(compound) == compound


def test_a_space_lost_after_a_sentence_or_before_a_dash_is_put_back():
    repaired = repair_text(
        "Police found the letter near the Arch de Triomphe.-The World Bank has offices there. "
        "The search goes on for winchman Ciaran Smith- Air Accident Investigation Unit "
        "inspectors will not speculate."
    )
    assert "Arch de Triomphe. The World Bank" in repaired
    assert "Ciaran Smith - Air Accident" in repaired
    assert repair_text("Khan said.-\n\nSomalia's president, Mohamed,- Jeon said.-- Police") == (
        "Khan said. \n\nSomalia's president, Mohamed, Jeon said. Police"
    )
    assert repair_text("Pakistan --Pakistan") == "Pakistan  -- Pakistan"
    for compound in ("U.S.-China talks", "pre- and post-war Britain", "the Saab-Scania deal"):
        assert repair_text(compound) == compound


def test_a_name_never_runs_across_a_dash_set_apart_from_its_words():
    """A heading and its source ("... in eastern Ukraine - TASS"), a work's title and its
    subtitle, two names in a list: the model reads one name across the dash."""
    for body in (
        "He spoke to Jerry Springer - The Opera producers in London on Monday.",
        "Rights groups such as the Israeli NGOs -- Peace Now and B'Tselem -- condemned the law.",
        "Kiev blames Moscow for the blackout in Donetsk \u2013 Ukraine Today reported.",
    ):
        found = names("News", body)
        assert found, body
        assert all(
            dash not in name.split() for name, _ in found for dash in ("-", "--", "\u2013")
        ), found
    assert ("Jerry Springer", "person") in names(
        "News", "He spoke to Jerry Springer - The Opera producers in London on Monday."
    )


@pytest.mark.parametrize(
    "read, name",
    [
        ("west Mosul", "Mosul"),
        ("communist East Germany", "East Germany"),
        ("federal postal operator Post Office of Russia", "Post Office of Russia"),
        ("said.- Snowden", "Snowden"),  # a sentence's end glued to the next
        ("e.g. Starsky & Hutch", "Starsky & Hutch"),
        ("anti-EU", None),  # an adjective
        ("post-Brexit", None),
        ("Ex-Labour", None),
        ("Inter", "Inter"),  # no hyphen, no prefix: the club
        ("Super Bowl", "Super Bowl"),
        ("trans-Pacific Partnership", "trans-Pacific Partnership"),
        ("al-Qaeda", "al-Qaeda"),  # particles open names
        ("von der Leyen", "von der Leyen"),
        ("eBay", "eBay"),
        ("Inc", None),  # a company's legal form cut from its name ("Bear Stearns and Co\nInc")
        ("Ltd.", None),
        ("AG", "AG"),  # an acronym too: the attorney general, a state
    ],
)
def test_a_name_opens_with_its_first_capital_but_for_a_surnames_particles(read, name):
    span = clean_span(read, 0, len(read))
    assert (read[span[0] : span[1]] if span else None) == name


def test_mojibake_is_undone():
    assert repair_text("Sinn FÃ©in and Fianna FÃ¡il") == "Sinn Féin and Fianna Fáil"


def test_names_with_quotes_are_repaired_by_the_import_path():
    article = build_article(
        raw="",
        origin="test",
        text='Talks on reunification resumed in Nicosia.\n\nThe island"?President Nikos '
        "Anastasiadis met Mustafa Akinci on Monday, officials said.",
        stated=ParsedArticle(title='Cyprus talks resume "?diplomat'),
        today=dt.date(2017, 3, 1),
    )
    found = names(article.title, article.body)
    people = {name for name, kind in found if kind == "person"}
    assert "Nikos Anastasiadis" in people
    assert all('"' not in name and "?" not in name for name, _ in found)


def test_a_name_never_holds_quotes_brackets_question_marks_or_urls():
    def cleaned(text: str) -> str | None:
        span = clean_span(text, 0, len(text))
        return text[span[0] : span[1]] if span else None

    assert cleaned("(CNN)President Trump") == "President Trump"
    assert cleaned('"Donald Trump') == "Donald Trump"
    assert cleaned('Cyprus"President') is None
    assert cleaned("Trump?") is None
    assert cleaned("www.aljazeera.com") is None
    assert cleaned("Mladost (L)") == "Mladost (L)"
    assert cleaned("Why") is None
    assert cleaned("Read") is None and cleaned("Click") is None
    assert cleaned("US") == "US"
    assert cleaned("NGOs") is None


def test_a_name_cut_short_by_a_lost_letter_is_left_out():
    text = "Sinn F\ufffd\ufffdin leader Gerry Adams spoke."
    assert clean_span(text, 0, 6) is None
    assert clean_span(text, text.index("Gerry"), text.index(" spoke")) is not None


def test_sentence_initial_common_words_are_not_names():
    found = names(
        "Budget row deepens",
        "Why did the minister resign? Nobody knows why. How the party recovers is unclear, "
        "and how long it takes. Watch the video: we watch it again. Angela Merkel spoke in "
        "Berlin on Monday.",
    )
    shown = {name for name, _ in found}
    assert not shown & {"Why", "How", "Watch"}
    assert ("Angela Merkel", "person") in found


def test_groups_of_people_are_not_entities():
    assert is_people_group("Muslims") and is_people_group("Sunni Muslims")
    assert not is_people_group("Muslim Brotherhood")


def test_the_acronyms_of_sexual_minorities_name_people_not_a_body():
    found = names(
        "Rights law",
        "LGBTQ groups protested in Ohio on Monday, and LGBT activists joined them. The law "
        "targets LGBTQ people, the American Civil Liberties Union said.",
    )
    shown = {name for name, _ in found}
    assert not shown & {"LGBTQ", "LGBT"}
    assert ("American Civil Liberties Union", "org") in found


def test_god_and_the_figures_of_faith_are_not_people():
    found = names(
        "Prayers for peace",
        '"God bless the victims," said Angela Merkel in Berlin. Worshippers thanked Allah and '
        "prayed to Jesus Christ for the injured.",
    )
    shown = {name for name, _ in found}
    assert not shown & {"God", "Allah", "Jesus Christ", "Jesus"}
    assert ("Angela Merkel", "person") in found


def test_a_name_whose_last_letter_was_lost_as_a_question_mark_is_left_out():
    text = "An RT? programme aired on RT?'s website. Was it Enda Kenny? Yes."
    assert clean_span(text, 3, 5) is None
    assert clean_span(text, text.index("RT?'s"), text.index("RT?'s") + 2) is None
    kenny = text.index("Enda")
    assert clean_span(text, kenny, kenny + len("Enda Kenny")) == (kenny, kenny + 10)


def test_role_words_glued_to_a_name_are_cut():
    found = names(
        "Rescue",
        "Captain Mark Duffy, Winch Operator Paul Ormsby and Winchman Ciaran Smith are "
        "missing.\nPresenter: Hazem Sika Guests: Alan Baker, a lawyer.\nShe met Minister for "
        "Children Katherine Zappone. The children were safe.",
    )
    people = {name for name, kind in found if kind == "person"}
    assert {"Paul Ormsby", "Hazem Sika", "Katherine Zappone"} <= people
    assert not {"Winch Operator Paul Ormsby", "Hazem Sika Guests"} & people
    assert not any(name.startswith("Children") for name in people)


def test_a_capitalised_word_the_article_writes_in_lower_case_stays_in_a_name_it_begins():
    found = names("Rugby", "A van hit the wall. Van der Westhuizen scored twice.")
    assert ("Van der Westhuizen", "person") in found


def test_indefinite_pronouns_are_not_names():
    text = "Anyone with information should call Mary Jones."
    assert clean_span(text, 0, 6) is None
    assert clean_span(text, 36, 46) == (36, 46)  # "Mary Jones"


def test_a_portfolio_read_into_the_name_after_it_is_cut():
    found = names(
        "Cabinet",
        "She met Minister for Children Katherine Zappone. Secretary of State Rex Tillerson "
        "flew in.",
    )
    people = {name for name, kind in found if kind == "person"}
    assert {"Katherine Zappone", "Rex Tillerson"} <= people
    assert not any(name.startswith(("Children", "State")) for name in people)


def test_a_name_with_an_apostrophe_follows_its_title():
    found = names("Garda", "Commissioner Noirin O'Sullivan said she would stay.")
    assert ("Noirin O'Sullivan", "person") in found


def test_a_role_alone_is_no_name():
    text = "Author: Rachel Stewart"
    assert clean_span(text, 0, 6) is None
    assert clean_span(text, 8, 22) == (8, 22)


def test_a_call_to_action_is_no_person():
    found = names("Storm", "The crew are safe, the club said.\n\nView Comments")
    assert not any(name.startswith("View") for name, _ in found)


def test_a_portfolio_before_a_title_is_no_body():
    found = names(
        "Funding",
        "Russia's Sports Minister Pavel Kolobkov said sports funding would grow. EU "
        "Commissioner Phil Hogan agreed, as did Garda Commissioner Noirin O'Sullivan: a garda "
        "was hurt.",
    )
    assert ("Pavel Kolobkov", "person") in found
    assert ("EU", "org") in found  # a body the article never writes in lower case
    assert "Garda" in {name for name, _ in found}  # a body's head, not a minister's portfolio
    assert not {name for name, _ in found} & {"Sports", "Sports Minister"}


def test_names_an_article_capitalises_only_where_sentences_open_are_found():
    text = (
        "Police hunt gunman\n\nA man attacked a soldier in Paris. Hours earlier, he fired on "
        'police. "Beyond that, we know little," Bayern coach Carlo Ancelotti said. Bayern won.'
    )
    found = written_only_at_openings(text, {"Hours", "Beyond", "Bayern", "Paris", "Police"})
    assert sorted(found) == ["Beyond", "Hours", "Police"]  # a title opens with its first word
