"""Plain text scraped from news pages: cleaning and the metadata the text gives."""

import datetime as dt
from pathlib import Path

import pytest

from articles.ingest import IngestProblem, ParsedArticle, read_inputs
from articles.ingest.datelines import match_dateline

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
TODAY = dt.date(2026, 11, 20)


def read_one(path, **kwargs):
    items = list(read_inputs([path], today=kwargs.pop("today", TODAY), **kwargs))
    assert len(items) == 1, items
    return items[0]


def write(tmp_path, text, name="page.txt", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_seed_000_metadata():
    article = read_one(SEEDS / "000_aa2064fb3f84bf1d.txt")
    assert isinstance(article, ParsedArticle)
    assert article.title == (
        "Kim Jong Un inspects new missile system amid growing military ties with Russia"
    )
    assert article.section == "World News"
    assert article.source == "UPI"
    assert article.dateline_place == "Seoul"
    assert article.published == dt.date(2024, 5, 15)
    assert article.date_precision == "day"
    assert article.origin == "000_aa2064fb3f84bf1d.txt"


def test_seed_000_body_has_no_furniture():
    article = read_one(SEEDS / "000_aa2064fb3f84bf1d.txt")
    assert article.body.startswith("SEOUL, May 15 (UPI) — North Korean leader")
    assert article.body.endswith("battle in Ukraine.")
    for furniture in ("Theme License", "Back to top", "World News", article.title):
        assert furniture not in article.body
    assert article.raw == (SEEDS / "000_aa2064fb3f84bf1d.txt").read_text(encoding="utf-8")


def test_seed_001_metadata():
    article = read_one(SEEDS / "001_bd023858ab87aa8f.txt")
    assert article.title == (
        "Kim Jong Un Conducts Weapon Tests And Briefs Troops At North Korean Factories"
    )
    assert article.section == "Breaking News"
    assert article.subtitle == (
        "The US has accused North Korea of supplying Russia with armaments for its war with Ukraine"
    )
    # No dateline and no year anywhere: the date stays unknown rather than invented.
    assert article.published is None
    assert article.date_precision == "unknown"


def test_seed_001_body_has_no_furniture():
    article = read_one(SEEDS / "001_bd023858ab87aa8f.txt")
    assert article.body.startswith("Between Thursday and Saturday")
    assert article.body.endswith("Russia and North Korea have both refuted the allegations.")
    assert "Also read" not in article.body
    assert "Sanjay Kumar Agarwal" not in article.body
    assert "Kim Jong Un" not in article.body.split("\n\n")
    assert "Breaking News" not in article.body


def test_seeds_folder_reads_both_in_order():
    items = list(read_inputs([SEEDS], today=TODAY))
    assert [item.origin for item in items] == [
        "000_aa2064fb3f84bf1d.txt",
        "001_bd023858ab87aa8f.txt",
    ]


def test_section_glued_to_furniture(tmp_path):
    path = write(
        tmp_path,
        "Back to top buttonBreaking News\n\nMarkets rally as central bank holds rates\n\n"
        "Stocks rose on Thursday after the central bank left rates unchanged.\n\n"
        "Analysts had expected the decision.\n",
    )
    article = read_one(path)
    assert article.section == "Breaking News"
    assert article.title == "Markets rally as central bank holds rates"
    assert "Back to top" not in article.body


@pytest.mark.parametrize(
    ("dateline", "place", "source", "published", "precision"),
    [
        ("WASHINGTON (Reuters) - ", "Washington", "Reuters", None, "unknown"),
        ("LONDON, March 3, 2023 (AP) — ", "London", "AP", dt.date(2023, 3, 3), "day"),
        ("NEW YORK, Jan. 5 (Reuters) -- ", "New York", "Reuters", None, "unknown"),
        ("KYIV, Ukraine — ", "Kyiv, Ukraine", "", None, "unknown"),
        # The space after the agency lost in scraping: "(CNN)Officials".
        ("Hong Kong (CNN)", "Hong Kong", "CNN", None, "unknown"),
    ],
)
def test_datelines(tmp_path, dateline, place, source, published, precision):
    path = write(
        tmp_path,
        f"Officials meet over trade dispute\n\n{dateline}Officials met to discuss the dispute.\n\n"
        "Talks will continue next week.\n",
    )
    article = read_one(path)
    assert article.dateline_place == place
    assert article.source == source
    assert article.published == published
    assert article.date_precision == precision
    assert article.body.startswith(dateline.strip())


def test_dateline_year_from_weekday(tmp_path):
    # March 3 was a Monday in 2025: the latest such year not after today.
    path = write(
        tmp_path,
        "Talks resume\n\nLONDON, March 3 (AP) — Negotiators said Monday that talks would resume.\n",
    )
    article = read_one(path)
    assert article.published == dt.date(2025, 3, 3)
    assert article.date_precision == "day"


def test_dateline_weekday_year_is_not_after_today(tmp_path):
    path = write(
        tmp_path,
        "Talks resume\n\nLONDON, March 3 (AP) — Negotiators said Monday that talks would resume.\n",
    )
    article = read_one(path, today=dt.date(2025, 3, 2))
    assert article.published == dt.date(2014, 3, 3)


def test_dateline_year_from_header_date_line(tmp_path):
    path = write(
        tmp_path,
        "Talks resume\n\nMarch 3, 2021\n\nLONDON, March 3 (AP) — Negotiators met again.\n",
    )
    article = read_one(path)
    assert article.published == dt.date(2021, 3, 3)
    assert "March 3, 2021" not in article.body


def test_byline_and_date_line(tmp_path):
    path = write(
        tmp_path,
        "Port reopens after storm\n\nBy Jane Doe and John Roe, Reuters\n\n"
        "Updated: Wed, May 15, 2024 9:41 AM EDT\n\n"
        "The port reopened on Wednesday.\n\nShips queued overnight.\n",
    )
    article = read_one(path)
    assert article.byline == "Jane Doe and John Roe"
    assert article.published == dt.date(2024, 5, 15)
    assert article.body == "The port reopened on Wednesday.\n\nShips queued overnight."


def test_month_only_date_line_keeps_month_precision(tmp_path):
    path = write(tmp_path, "Annual report\n\nPublished May 2024\n\nThe report came out.\n")
    article = read_one(path)
    assert article.published == dt.date(2024, 5, 1)
    assert article.date_precision == "month"


def test_lede_with_full_stop_is_not_a_standfirst(tmp_path):
    path = write(
        tmp_path,
        "Port reopens after storm\n\nThe port reopened on Wednesday after a storm.\n\n"
        "Ships queued overnight.\n",
    )
    article = read_one(path)
    assert article.subtitle == ""
    assert article.body.startswith("The port reopened")


def test_body_line_starting_with_by_is_not_a_byline(tmp_path):
    path = write(tmp_path, "Budget agreed\n\nBy the end of the year, spending will rise.\n")
    article = read_one(path)
    assert article.byline == ""
    assert article.body == "By the end of the year, spending will rise."


def test_prose_first_line_gives_a_short_title_and_stays_in_body(tmp_path):
    lede = "North Korea fired a ballistic missile into the sea on Thursday, officials said. " * 4
    path = write(tmp_path, lede + "\n\nMore follows.\n")
    article = read_one(path)
    assert (
        article.title
        == "North Korea fired a ballistic missile into the sea on Thursday, officials said."
    )
    assert article.body.startswith("North Korea fired")


def test_windows_1252_file(tmp_path):
    path = write(
        tmp_path,
        "Café owners protest\n\nThe café’s owners said “enough” on Monday.\n",
        encoding="cp1252",
    )
    article = read_one(path)
    assert article.title == "Café owners protest"
    assert "“enough”" in article.body


def test_latin_1_file(tmp_path):
    path = write(
        tmp_path,
        "Señor Muñoz élu\n\nÉlu à Besançon, il a remercié ses électeurs.\n",
        encoding="latin-1",
    )
    article = read_one(path)
    assert article.title == "Señor Muñoz élu"
    assert "Besançon" in article.body


def test_utf8_bom_file(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + b"World News\nHeadline here today\n\nBody text.\n")
    article = read_one(path)
    assert article.section == "World News"
    assert article.title == "Headline here today"
    assert not article.raw.startswith("\ufeff")


def test_crlf_and_non_breaking_spaces(tmp_path):
    path = write(tmp_path, "Headline\u00a0here\r\n\r\nBody  text\u00a0one.\r\n")
    article = read_one(path)
    assert article.title == "Headline here"
    assert article.body == "Body text one."


def test_gzipped_text(tmp_path):
    import gzip

    path = tmp_path / "page.txt.gz"
    path.write_bytes(gzip.compress(b"Headline here\n\nBody text.\n"))
    article = read_one(path)
    assert article.title == "Headline here"
    assert article.origin == "page.txt.gz"


def test_standard_input(monkeypatch):
    import io
    import sys

    stdin = io.TextIOWrapper(io.BytesIO(b"Headline from a pipe\n\nBody text.\n"))
    monkeypatch.setattr(sys, "stdin", stdin)
    article = read_one("-")
    assert article.title == "Headline from a pipe"
    assert article.origin == "<stdin>"


def test_folder_is_recursive_sorted_and_skips_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    write(tmp_path / "b", "Second\n\nBody.\n", "x.txt")
    write(tmp_path, "First\n\nBody.\n", "a.txt")
    write(tmp_path, "Hidden\n\nBody.\n", ".hidden.txt")
    write(tmp_path / ".git", "Hidden\n\nBody.\n", "c.txt")
    items = list(read_inputs([tmp_path], today=TODAY))
    assert [item.origin for item in items] == ["a.txt", "b/x.txt"]


def test_reading_is_lazy(tmp_path):
    write(tmp_path, "First\n\nBody.\n", "a.txt")
    items = read_inputs([tmp_path / "a.txt", tmp_path / "missing.txt"], today=TODAY)
    assert isinstance(next(items), ParsedArticle)
    assert isinstance(next(items), IngestProblem)


def test_hard_wrapped_paragraphs_are_joined(tmp_path):
    path = write(
        tmp_path,
        "Council approves the new budget\n\n"
        "The city council approved the budget on Tuesday after a long debate\n"
        "that lasted well into the night, officials said in a statement that\n"
        "was released to reporters.\n\n"
        "The vote was close, with seven members in favour and six against the\n"
        "plan.\n",
    )
    article = read_one(path)
    assert article.body.split("\n\n") == [
        "The city council approved the budget on Tuesday after a long debate that lasted well "
        "into the night, officials said in a statement that was released to reporters.",
        "The vote was close, with seven members in favour and six against the plan.",
    ]


def test_wire_copy_wrapped_with_indented_paragraphs_is_joined(tmp_path):
    """Wire copy sets its paragraphs apart by indenting their first line, not by blank lines: a
    name wrapped across two lines ("Securities and / Exchange Commission") is one again."""
    path = write(
        tmp_path,
        "Hughes Capital names banker\n\n"
        "Hughes Capital Corp said it made\n"  # what a dateline's cut left of the first line
        "Bear Stearns and Co its exclusive investment banker and filed a statement\n"
        "of registration for its new shares with the Securities and\n"
        "Exchange Commission covering six mln shares of its common stock, it said.\n"
        "    The company said the offering would be made later this year, and\n"
        "that the proceeds would be used to repay debt and for working capital.\n"
        " REUTER\n",
    )
    article = read_one(path)
    assert article.body.split("\n\n") == [
        "Hughes Capital Corp said it made Bear Stearns and Co its exclusive investment banker "
        "and filed a statement of registration for its new shares with the Securities and "
        "Exchange Commission covering six mln shares of its common stock, it said.",
        "The company said the offering would be made later this year, and that the proceeds "
        "would be used to repay debt and for working capital.",
    ]


@pytest.mark.parametrize(
    "ending, body",
    [
        ("Output rose 5 pct in 1986. REUTER", "Output rose 5 pct in 1986."),
        ("Output rose 5 pct in 1986.\n\nReuters", "Output rose 5 pct in 1986."),
        ("Output rose 5 pct in 1986. - AFP", "Output rose 5 pct in 1986."),
        ("Output rose 5 pct (provisional) REUTER", "Output rose 5 pct (provisional)"),
    ],
)
def test_a_news_agencys_sign_off_is_no_part_of_the_story(tmp_path, ending, body):
    path = write(tmp_path, f"Output rises\n\nThe company said sales rose. {ending}\n")
    article = read_one(path)
    assert article.body == f"The company said sales rose. {body}"
    assert article.source in ("Reuters", "AFP")
    kept = write(tmp_path, "Output rises\n\nThe figures were first reported by Reuters\n", "b.txt")
    assert read_one(kept).body == "The figures were first reported by Reuters"


def test_closing_source_line(tmp_path):
    path = write(tmp_path, "Headline here\n\nThe story.\n\nSource: Yonhap\n")
    article = read_one(path)
    assert (article.source, article.body) == ("Yonhap", "The story.")


def test_published_and_updated_on_one_line(tmp_path):
    path = write(
        tmp_path,
        "Headline here\n\nPublished : May 15, 2024 - 10:00 Updated : May 16, 2024 - 09:00\n\n"
        "The story.\n",
    )
    article = read_one(path)
    assert article.published == dt.date(2024, 5, 15)
    assert article.body == "The story."


def test_breadcrumb_gives_the_section(tmp_path):
    path = write(
        tmp_path,
        "Home / World News / North Korea fires missiles\n"
        "North Korea fires missiles\n\nThe story.\n",
    )
    article = read_one(path)
    assert (article.section, article.title) == ("World News", "North Korea fires missiles")


def test_capitalised_place_with_colon_dateline(tmp_path):
    path = write(tmp_path, "Headline here\n\nNEW DELHI: Ministers met on Monday.\n")
    assert read_one(path).dateline_place == "New Delhi"


def test_mostly_utf8_file_with_stray_windows_1252_bytes(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes("Café talks\n\nThe “talks” went on.\n".encode() + b"Caf\xe9 closed.\n")
    article = read_one(path)
    assert article.body == "The “talks” went on.\n\nCafé closed."


def test_date_line_above_the_title_is_not_the_title(tmp_path):
    path = write(tmp_path, "World News\nMay 15, 2024\nHeadline here today\n\nThe story.\n")
    article = read_one(path)
    assert (article.section, article.title) == ("World News", "Headline here today")
    assert (article.published, article.body) == (dt.date(2024, 5, 15), "The story.")


def test_weekday_before_the_reporting_verb(tmp_path):
    path = write(
        tmp_path,
        "Talks resume\n\nLONDON, March 3 (AP) — The minister on Monday announced new talks.\n",
    )
    assert read_one(path).published == dt.date(2025, 3, 3)


@pytest.mark.parametrize(
    ("meta", "byline"),
    [
        ("Web Desk Send an email May 15, 2024 0 2 minutes read", "Web Desk"),
        ("Posted on May 15, 2024 by Jane Doe", "Jane Doe"),
        ("Posted on May 15, 2024 by admin", ""),
    ],
)
def test_theme_post_meta_line(tmp_path, meta, byline):
    path = write(tmp_path, f"Headline here today\n\n{meta}\n\nThe story.\n")
    article = read_one(path)
    assert (article.byline, article.published) == (byline, dt.date(2024, 5, 15))
    assert article.body == "The story."


def test_wire_page_header(tmp_path):
    path = write(
        tmp_path,
        "Asia Pacific\nNorth Korea flies trash balloons toward South again\n"
        "By HYUNG-JIN KIM Associated Press\nMay 29, 2024, 3:12 AM\n"
        "SEOUL, South Korea (AP) — North Korea flew balloons south, officials said Wednesday.\n"
        "___\nAssociated Press writer Kim Tong-hyung contributed to this report.\n",
    )
    article = read_one(path)
    assert (article.section, article.byline, article.source) == (
        "Asia Pacific",
        "Hyung-Jin Kim",
        "AP",
    )
    assert (article.dateline_place, article.published) == (
        "Seoul, South Korea",
        dt.date(2024, 5, 29),
    )
    assert article.body.startswith("SEOUL, South Korea (AP)")
    assert "contributed" not in article.body and "___" not in article.body


def test_glued_timestamp_line_is_a_date_not_a_standfirst(tmp_path):
    path = write(
        tmp_path,
        "North Korea tests guidance system\nBy Hyonhee Shin\n"
        "May 18, 20245:25 AM GMT+9Updated 6 months ago\n"
        "SEOUL, May 18 (Reuters) - North Korea tested a guidance system, KCNA said on Saturday.\n",
    )
    article = read_one(path)
    assert article.subtitle == ""
    assert (article.published, article.source) == (dt.date(2024, 5, 18), "Reuters")


CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"


@pytest.mark.corpus
def test_bbc_stories_keep_title_and_paragraphs(tmp_path):
    import tarfile

    archive = CORPORA / "bbc" / "bbc-fulltext.tar.gz"
    if not archive.exists():
        pytest.skip(f"needs the shared corpora in {CORPORA}")
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if m.isfile() and m.name.endswith("0.txt")]
        tar.extractall(tmp_path, members=members, filter="data")
    kept = total = 0
    for article in read_inputs([tmp_path], today=TODAY):
        lines = [" ".join(line.split()) for line in article.raw.splitlines() if line.strip()]
        assert article.title == lines[0]
        body = article.body.split("\n\n") + [article.subtitle]
        kept += sum(1 for line in lines[1:] if line in body)
        total += len(lines) - 1
    assert total > 1000
    assert kept / total > 0.99


def test_dateline_year_from_the_day_the_lede_reports(tmp_path):
    # Wire copy datelined March 3 says what happened "on Monday": 2025 is the latest such year.
    path = write(
        tmp_path,
        "Oil slides\n\nLONDON, March 3 (Reuters) - Oil prices fell on Monday as traders weighed "
        "supply. Talks continue on Friday.\n",
    )
    article = read_one(path)
    assert article.published == dt.date(2025, 3, 3)


def test_a_weekday_after_the_first_sentence_decides_nothing(tmp_path):
    path = write(
        tmp_path,
        "Oil slides\n\nLONDON, March 3 (Reuters) - Oil prices fell as traders weighed supply. "
        "Ministers meet on Friday.\n",
    )
    article = read_one(path)
    assert article.published is None and article.date_precision == "unknown"


def test_brackets_that_name_no_agency_end_no_dateline():
    """A known agency's brackets end a dateline before a capital ("Hong Kong (CNN) The"), any
    other brackets do not: a ticker or a party is no agency."""
    assert match_dateline("Hong Kong (CNN) The protests grew.").source == "CNN"
    assert match_dateline("Apple (AAPL) Chief Executive Tim Cook said sales fell.") is None
    assert match_dateline("Senator John McCain (R) Arizona said so.") is None
