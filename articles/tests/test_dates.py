"""Dates mentioned in text, one test per rule of articles/enrich/mentioned_dates.py."""

import datetime as dt

from articles.enrich import MentionedDate
from articles.enrich.mentioned_dates import FUTURE_DAYS, extract_dates

WEDNESDAY = dt.date(2024, 5, 15)  # a Wednesday


def found(text, published=WEDNESDAY):
    return [(d.text, d.date, d.precision) for d in extract_dates(text, published)]


def test_full_dates_in_every_written_form():
    text = "Signed 3 March 2020, ratified March 4, 2020, in force 2020-03-05, on 6th of March 2020."
    assert found(text, published=None) == [
        ("3 March 2020", dt.date(2020, 3, 3), "day"),
        ("March 4, 2020", dt.date(2020, 3, 4), "day"),
        ("2020-03-05", dt.date(2020, 3, 5), "day"),
        ("6th of March 2020", dt.date(2020, 3, 6), "day"),
    ]


def test_weekday_before_a_full_date_is_part_of_it():
    assert found("It happened on Tuesday, May 14, 2024.") == [
        ("Tuesday, May 14, 2024", dt.date(2024, 5, 14), "day")
    ]


def test_month_and_year():
    assert found("Prices fell in March 2023 and again in late July 2023.", published=None) == [
        ("March 2023", dt.date(2023, 3, 1), "month"),
        ("late July 2023", dt.date(2023, 7, 1), "month"),
    ]


def test_day_and_month_take_the_latest_year_not_too_far_ahead():
    text = "SEOUL, May 15 (UPI) — talks on Dec 28, a vote on June 20, a law from September 1."
    assert found(text) == [
        ("May 15", dt.date(2024, 5, 15), "day"),
        ("Dec 28", dt.date(2023, 12, 28), "day"),  # next Dec 28 is months away
        ("June 20", dt.date(2024, 6, 20), "day"),  # within FUTURE_DAYS
        ("September 1", dt.date(2023, 9, 1), "day"),  # more than FUTURE_DAYS ahead
    ]
    assert (
        (dt.date(2024, 6, 20) - WEDNESDAY).days
        <= FUTURE_DAYS
        < (dt.date(2024, 9, 1) - WEDNESDAY).days
    )


def test_day_and_month_after_new_year_is_last_december():
    assert found("The fire on 28 December", published=dt.date(2024, 1, 5)) == [
        ("28 December", dt.date(2023, 12, 28), "day")
    ]


def test_late_july_in_an_august_article_is_that_july():
    assert found("The talks broke down in late July.", published=dt.date(2023, 8, 10)) == [
        ("late July", dt.date(2023, 7, 1), "month")
    ]


def test_month_alone_is_this_year_if_begun_else_last_year():
    assert found("Elections were held in March. Sales peaked in June.") == [
        ("March", dt.date(2024, 3, 1), "month"),
        ("June", dt.date(2023, 6, 1), "month"),  # June 2024 had not begun on May 15
    ]


def test_month_alone_with_last_and_next():
    assert found("Since last March, and until next March.") == [
        ("last March", dt.date(2024, 3, 1), "month"),
        ("next March", dt.date(2025, 3, 1), "month"),
    ]


def test_month_alone_needs_a_cue_so_may_the_verb_is_not_a_date():
    assert found("This may be it. May I ask?") == []


def test_weekday_is_the_latest_on_or_before_publication():
    assert found("State media reported Wednesday that Kim on Tuesday inspected it.") == [
        ("Wednesday", dt.date(2024, 5, 15), "day"),
        ("Tuesday", dt.date(2024, 5, 14), "day"),
    ]


def test_weekday_with_last_next_this():
    assert found("last Wednesday, next Monday, this Sunday") == [
        ("last Wednesday", dt.date(2024, 5, 8), "day"),
        ("next Monday", dt.date(2024, 5, 20), "day"),
        ("this Sunday", dt.date(2024, 5, 19), "day"),
    ]


def test_named_days_are_not_weekdays():
    assert found("Shops opened early on Black Friday and closed on Good Friday.") == []


def test_today_yesterday_tomorrow_and_days_ago():
    assert found("Today, unlike yesterday or tomorrow, and three days ago.") == [
        ("Today", dt.date(2024, 5, 15), "day"),
        ("yesterday", dt.date(2024, 5, 14), "day"),
        ("tomorrow", dt.date(2024, 5, 16), "day"),
        ("three days ago", dt.date(2024, 5, 12), "day"),
    ]


def test_weeks_give_the_month_holding_the_day_a_week_away():
    assert found("Last week he warned", published=dt.date(2024, 5, 3)) == [
        ("Last week", dt.date(2024, 4, 1), "month")  # 2024-04-26
    ]
    assert found("next week") == [("next week", dt.date(2024, 5, 1), "month")]
    assert found("two weeks ago", published=dt.date(2024, 5, 10)) == [
        ("two weeks ago", dt.date(2024, 4, 1), "month")
    ]


def test_months_relative_to_publication():
    assert found("last month, next month, 4 months ago") == [
        ("last month", dt.date(2024, 4, 1), "month"),
        ("next month", dt.date(2024, 6, 1), "month"),
        ("4 months ago", dt.date(2024, 1, 1), "month"),
    ]


def test_years_relative_and_alone():
    assert found("Last year, unlike in 2019, and next year; six years ago.") == [
        ("Last year", dt.date(2023, 1, 1), "year"),
        ("2019", dt.date(2019, 1, 1), "year"),
        ("next year", dt.date(2025, 1, 1), "year"),
        ("six years ago", dt.date(2018, 1, 1), "year"),
    ]


def test_counts_and_prices_are_not_years():
    assert found("2000 people paid $2019 for 1,2019 items, 2012.5 tonnes, 2030 per cent.") == []


def test_decade_is_its_first_year():
    assert found("Built in the 1970s, rebuilt in the mid-1990s.", published=None) == [
        ("the 1970s", dt.date(1970, 1, 1), "year"),
        ("the mid-1990s", dt.date(1990, 1, 1), "year"),
    ]


def test_without_publication_date_relative_expressions_are_skipped():
    text = "On Tuesday, May 15, in March, last week, yesterday and in 2019."
    assert found(text, published=None) == [("2019", dt.date(2019, 1, 1), "year")]


def test_same_date_once_with_its_first_text():
    dates = extract_dates("Kim on Tuesday (May 14) said on 14 May 2024 ...", WEDNESDAY)
    assert dates == [MentionedDate("Tuesday", dt.date(2024, 5, 14), "day")]


def test_impossible_dates_are_skipped():
    assert found("On 30 February 2024 and February 30.") == []


def test_numeric_dates_are_ambiguous_and_skipped():
    assert found("Filed 05/06/2024.") == []


def test_publication_may_be_given_as_a_datetime():
    published = dt.datetime(2024, 5, 15, 9, 30, tzinfo=dt.UTC)
    assert found("on Tuesday", published=published) == [("Tuesday", dt.date(2024, 5, 14), "day")]
