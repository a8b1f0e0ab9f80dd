"""The fast paths of search give the same answers as the database: facet counts, browse order,
date ranges, edits and deletions seen through a reused searcher, the zero-copy index files,
commits that remember which fields have no length column, and the facet tables kept beside their
segments (written by a rebuild or a first read, loaded by the next process, deleted with the
segment, read again when damaged)."""

import datetime as dt
import random
from collections import Counter

import numpy as np
import pytest
from whoosh.codec.whoosh3 import W3PerDocReader
from whoosh.columns import NumericColumn
from whoosh.filedb.filestore import FileStorage

from articles import search
from articles.models import Article, ArticleTopic, Mention
from articles.search import SearchParams
from articles.search import facets as facet_counting
from articles.search.codec import InliningCodec
from articles.search.hits import suggest
from articles.search.index import (
    create_index,
    current_searcher,
    live_dir,
    live_writer,
    remember_length_columns,
    searchers,
    spell_words_once,
    weighting,
)
from articles.search.query import parse_user_query
from articles.search.schema import articles_for_indexing, document_for
from articles.search.storage import MappedFileStorage
from articles.tests.factories import make_article

pytestmark = pytest.mark.django_db

PEOPLE = ("Ada Lovelace", "Alan Turing", "Grace Hopper", "Kim Jong Un")
PLACES = ("London", "Seoul", "Paris")
TOPICS = ("sport", "conflict-war-and-peace")
WORDS = ("missile", "market", "parade", "election")


@pytest.fixture
def collection(committed):
    rng = random.Random(3)
    with committed():
        for number in range(60):
            make_article(
                f"Story {number} about {rng.choice(WORDS)}",
                f"Text {number}: the {rng.choice(WORDS)} and the {rng.choice(WORDS)}.",
                published=dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(900)),
                source=rng.choice(("UPI", "Reuters", "BBC")),
                people=tuple(rng.sample(PEOPLE, rng.randrange(3))),
                places=tuple(rng.sample(PLACES, rng.randrange(2))),
                topics=tuple(rng.sample(TOPICS, rng.randrange(3))),
                status=Article.Status.HIDDEN if number % 13 == 0 else Article.Status.PUBLISHED,
            )


def database_counts(articles) -> dict[str, Counter]:
    """Facet counts computed by the database, for the given articles."""
    counts = {group: Counter() for group in ("person", "org", "place", "topic", "source")}
    for kind, slug in Mention.objects.filter(article__in=articles).values_list(
        "entity__kind", "entity__slug"
    ):
        counts[kind][slug] += 1
    for slug in ArticleTopic.objects.filter(article__in=articles).values_list(
        "topic__slug", flat=True
    ):
        counts["topic"][slug] += 1
    for slug in articles.exclude(source=None).values_list("source__slug", flat=True):
        counts["source"][slug] += 1
    return counts


def index_counts(results) -> dict[str, Counter]:
    return {
        group: Counter({value.value: value.count for value in values if value.count})
        for group, values in results.facets.items()
    }


def published():
    return Article.objects.filter(status=Article.Status.PUBLISHED)


def test_facet_counts_without_a_query_equal_the_database(collection):
    results = search.search(SearchParams())
    assert results.total == published().count()
    assert index_counts(results) == database_counts(published())


def test_facet_counts_with_a_query_and_filters_equal_the_database(collection):
    london = published().filter(body__icontains="missile", mentions__entity__slug="london")
    results = search.search(SearchParams(q="missile", place=["london"]))
    assert results.total == london.count()
    counts = index_counts(results)
    expected = database_counts(london)
    for group in ("person", "org", "place"):  # all-of groups count within the selection
        assert counts[group] == expected[group]


def test_any_of_groups_count_as_if_their_own_selection_were_absent(collection):
    results = search.search(SearchParams(source=["upi"]))
    assert results.total == published().filter(source__slug="upi").count()
    assert index_counts(results)["source"] == database_counts(published())["source"]


def test_counts_follow_an_edit_and_a_deletion_through_the_reused_searcher(collection, committed):
    search.search(SearchParams())  # the searcher and facet table of this thread are now open
    victim = published().filter(mentions__entity__slug="seoul").first()
    with committed():
        victim.delete()
    edited = published().exclude(source=None).first()
    with committed():
        edited.status = Article.Status.HIDDEN
        edited.save()
    results = search.search(SearchParams())
    assert results.total == published().count()
    assert index_counts(results) == database_counts(published())


def test_browse_pages_follow_the_database_date_order(collection):
    for sort, order in (("newest", "-published"), ("oldest", "published")):
        shown = []
        for page in (1, 2, 3):
            results = search.search(SearchParams(sort=sort, page=page, per_page=20))
            shown += [hit.article.published for hit in results.hits]
        expected = list(published().order_by(order).values_list("published", flat=True))
        assert shown == expected


def test_a_date_range_includes_both_ends(collection):
    first, last = dt.date(2020, 6, 1), dt.date(2020, 9, 30)
    expected = set(published().filter(published__range=(first, last)).values_list("pk", flat=True))
    results = search.search(SearchParams(date_from=first, date_to=last, per_page=100))
    assert {hit.article.pk for hit in results.hits} == expected
    assert sum(bucket.count for bucket in results.dates) == len(expected)


def test_zero_copy_storage_reads_what_whoosh_wrote(collection):
    path = str(live_dir())
    plain = FileStorage(path).open_index()
    mapped = MappedFileStorage(path).open_index()
    with plain.searcher() as a, mapped.searcher() as b:
        assert a.doc_count() == b.doc_count() == published().count()
        assert sorted(a.reader().all_stored_fields(), key=lambda d: d["id"]) == sorted(
            b.reader().all_stored_fields(), key=lambda d: d["id"]
        )
        for word in WORDS:
            query = parse_user_query(word).query
            assert [hit["id"] for hit in a.search(query, limit=None)] == [
                hit["id"] for hit in b.search(query, limit=None)
            ]
    plain.close()
    mapped.close()


def write_published(path, *, remember: bool, monkeypatch) -> tuple[object, Counter, int]:
    """A fresh index of the published articles in one commit, by a stock Whoosh writer or one
    that remembers length columns; returns it and how often the commit asked Whoosh whether each
    length column exists (each ask is a file look-up) and how many lengths it read one at a time
    from a column file."""
    asked, lengths_read = [], []
    has_column = W3PerDocReader.has_column
    read_one = NumericColumn.Reader.__getitem__

    def counted_has_column(reader, fieldname):
        asked.append(fieldname)
        return has_column(reader, fieldname)

    def counted_read_one(reader, docnum):
        lengths_read.append(docnum)
        return read_one(reader, docnum)

    with monkeypatch.context() as patch:
        patch.setattr(W3PerDocReader, "has_column", counted_has_column)
        patch.setattr(NumericColumn.Reader, "__getitem__", counted_read_one)
        ix = index_published(path, remember_length_columns if remember else None)
    return ix, Counter(asked), len(lengths_read)


def index_published(path, prepare=None, codec=None):
    """A fresh index of the published articles in one commit, `prepare` patching its writer."""
    path.mkdir()
    ix = create_index(path)
    writer = ix.writer(codec=codec) if codec else ix.writer()
    if prepare:
        prepare(writer)
    for article in articles_for_indexing(published()):
        writer.add_document(**document_for(article))
    writer.commit()
    return ix


def test_a_commit_remembering_length_columns_writes_what_stock_whoosh_writes(
    collection, tmp_path, monkeypatch
):
    stock, stock_asked, stock_read = write_published(
        tmp_path / "stock", remember=False, monkeypatch=monkeypatch
    )
    remembered, remembered_asked, remembered_read = write_published(
        tmp_path / "remembered", remember=True, monkeypatch=monkeypatch
    )
    # At most twice a field (once here, once by Whoosh's own cache of the columns it finds), not
    # at every posting of a field without lengths (id, facet keys, dates): once per document.
    assert max(remembered_asked.values()) <= 2
    assert stock_asked["_id_len"] >= published().count()
    # And each column there is read once, a length per document, not at every posting.
    once_each = published().count() * sum(bool(field.scorable) for _, field in stock.schema.items())
    assert remembered_read <= once_each < stock_read
    with (
        stock.searcher(weighting=weighting()) as a,
        remembered.searcher(weighting=weighting()) as b,
    ):
        assert a.doc_count() == b.doc_count() == published().count()
        # The lengths the postings writer reads go into each term's shortest and longest field
        # length, which BM25F's bound on a term's score (block skipping in a top-N search) reads.
        terms = list(a.reader().all_terms())
        assert terms == list(b.reader().all_terms())
        for field, text in terms:
            mine, theirs = a.reader().term_info(field, text), b.reader().term_info(field, text)
            assert (mine.min_length(), mine.max_length(), mine.doc_frequency()) == (
                theirs.min_length(),
                theirs.max_length(),
                theirs.doc_frequency(),
            ), (field, text)
        assert any(a.reader().term_info(f, t).max_length() > 0 for f, t in terms)
        for text in (*WORDS, "missile market", "story text"):
            query = parse_user_query(text).query
            for limit in (None, 3):
                scores = [(hit["id"], hit.score) for hit in a.search(query, limit=limit)]
                assert scores, text
                assert scores == [(hit["id"], hit.score) for hit in b.search(query, limit=limit)]
    stock.close()
    remembered.close()


def test_each_spelling_word_is_one_posting_and_suggestions_are_unchanged(collection, tmp_path):
    stock = index_published(tmp_path / "stock")
    once = index_published(tmp_path / "once", spell_words_once)
    with stock.searcher() as a, once.searcher() as b:
        terms = list(a.reader().all_terms())
        assert terms == list(b.reader().all_terms())
        spelled = [(field, text) for field, text in terms if field.startswith("spell_")]
        assert spelled and max(a.reader().doc_frequency(*term) for term in spelled) > 1
        assert all(b.reader().doc_frequency(*term) == 1 for term in spelled)
        corrected = {}
        for typed in ("misile", "markte", "parad", "electon", "storry txt"):
            query = parse_user_query(typed).query
            corrected[typed] = a.correct_query(query, typed, prefix=1).string
            assert corrected[typed] == b.correct_query(query, typed, prefix=1).string, typed
        assert corrected["misile"] == "missile"
    stock.close()
    once.close()


def leaf_readers():
    return [reader for reader, _ in current_searcher().reader().leaf_readers()]


def forget_tables_in_memory():
    """What a new process starts with: no searcher, no table read."""
    searchers.close()
    facet_counting._segment_tables.clear()
    facet_counting._joined.clear()


def table_path(reader):
    return facet_counting.table_file(str(live_dir()), reader.segment().segment_id())


def assert_same_table(first, second):
    assert np.array_equal(first.published, second.published)
    for group in first.pairs:
        docs, ids, names = first.pairs[group]
        other_docs, other_ids, other_names = second.pairs[group]
        assert np.array_equal(docs, other_docs) and np.array_equal(ids, other_ids)
        assert names == other_names


def test_a_rebuild_keeps_a_table_file_per_segment_that_loads_as_read(collection):
    search.rebuild_index()
    for reader in leaf_readers():
        stored = facet_counting.load_table(table_path(reader))
        assert stored is not None
        assert_same_table(stored, facet_counting.read_segment_table(reader))
    forget_tables_in_memory()
    assert index_counts(search.search(SearchParams())) == database_counts(published())


def test_a_damaged_table_file_is_read_again_from_the_segment(collection):
    search.search(SearchParams())
    readers = leaf_readers()
    for reader in readers:
        table_path(reader).write_bytes(b"not a table")
    forget_tables_in_memory()
    assert index_counts(search.search(SearchParams())) == database_counts(published())
    for reader in leaf_readers():
        assert facet_counting.load_table(table_path(reader)) is not None


def test_a_segment_merged_away_takes_its_table_file_with_it(collection):
    search.search(SearchParams())
    before = [table_path(reader) for reader in leaf_readers()]
    assert len(before) > 1 and all(path.exists() for path in before)
    with live_writer() as writer:
        writer.optimize = True  # one segment: every earlier one is merged away
    assert not any(path.exists() for path in before)
    assert index_counts(search.search(SearchParams())) == database_counts(published())
    assert all(table_path(reader).exists() for reader in leaf_readers())


def test_a_text_search_sorted_by_date_pages_in_the_database_date_order(collection):
    matching = published().filter(title__icontains="story")
    for sort, order in (("newest", "-published"), ("oldest", "published")):
        shown = []
        for page in (1, 2, 3):
            results = search.search(SearchParams(q="story", sort=sort, page=page, per_page=20))
            shown += [hit.article.published for hit in results.hits]
            assert all("<mark>" in hit.title_html for hit in results.hits)  # still highlighted
        assert shown == list(matching.order_by(order).values_list("published", flat=True))


def all_postings(reader) -> dict:
    """Every term's postings as (docnum, weight, value bytes), read through Whoosh's matchers.

    A spelling word's value is left out: nothing reads it, and Whoosh's block reader cuts it into
    the 4 bytes its field's format declares, where a term record keeps the bytes as written."""
    postings = {}
    for field, text in reader.all_terms():
        matcher = reader.postings(field, text)
        items = []
        while matcher.is_active():
            value = b"" if field.startswith("spell_") else bytes(matcher.value() or b"")
            items.append((matcher.id(), matcher.weight(), value))
            matcher.next()
        postings[field, text] = items
    return postings


def index_published_in_two_commits(path, codec=None):
    """The published articles in two commits, then merged into one segment: Whoosh's merge reads
    the first segments' postings back through their matchers."""
    path.mkdir()
    ix = create_index(path)
    articles = list(articles_for_indexing(published()))
    half = len(articles) // 2  # in order, so the merged segment numbers documents as one commit
    for part in (articles[:half], articles[half:]):
        writer = ix.writer(codec=codec) if codec else ix.writer()
        for article in part:
            writer.add_document(**document_for(article))
        writer.commit(merge=False)
    ix.optimize()  # the stock writer merges: one-posting terms inlined before must read back
    return ix


def test_a_term_of_one_posting_is_kept_in_its_term_record_and_reads_the_same(collection, tmp_path):
    stock = index_published(tmp_path / "stock")
    ours = index_published(tmp_path / "ours", codec=InliningCodec())
    with (
        stock.searcher(weighting=weighting()) as a,
        ours.searcher(weighting=weighting()) as b,
    ):
        reader = b.reader()
        assert all_postings(a.reader()) == all_postings(reader)
        one_posting = [term for term in reader.all_terms() if reader.doc_frequency(*term) == 1]
        assert one_posting
        assert not any(a.reader().term_info(*term).is_inlined() for term in one_posting)
        assert all(reader.term_info(*term).is_inlined() for term in one_posting)
        assert not any(
            reader.term_info(*term).is_inlined()
            for term in reader.all_terms()
            if reader.doc_frequency(*term) > 1
        )
        for text in (*WORDS, "missile market", "story text", '"the missile"', "misile", "text 7"):
            query = parse_user_query(text).query
            for limit in (None, 3):
                scores = [(hit["id"], hit.score) for hit in a.search(query, limit=limit)]
                assert scores == [(hit["id"], hit.score) for hit in b.search(query, limit=limit)]
            assert suggest(a, query, text) == suggest(b, query, text)
    # Whoosh's merge reads the inlined terms back through their matchers, a posting at a time.
    stock_merged = index_published_in_two_commits(tmp_path / "stock-merged")
    ours_merged = index_published_in_two_commits(tmp_path / "ours-merged", InliningCodec())
    with stock_merged.reader() as a, ours_merged.reader() as b:
        assert all_postings(a) == all_postings(b)
    for ix in (stock, ours, stock_merged, ours_merged):
        ix.close()


def test_the_live_index_is_written_with_inlined_terms(collection):
    leaves = [leaf for leaf, _ in current_searcher().reader().leaf_readers()]
    assert leaves
    for reader in leaves:
        assert isinstance(reader.segment().codec(), InliningCodec)
        one_posting = [term for term in reader.all_terms() if reader.doc_frequency(*term) == 1]
        assert all(reader.term_info(*term).is_inlined() for term in one_posting)
    assert any(reader.doc_frequency(*term) == 1 for reader in leaves for term in reader.all_terms())
