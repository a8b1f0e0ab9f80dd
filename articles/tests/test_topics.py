"""Topic assignment: zero-shot lexicon, trained model, the commands that train and measure it."""

import csv
import gzip
import io
import json
import os
import re
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.enrich import ArticleText
from articles.enrich.topics.classify import (
    MAX_TOPICS,
    TopicClassifier,
    classify_topics,
    load_lexicon,
    load_saved_model,
    model_path,
)
from articles.enrich.topics.model import MIN_ARTICLES_PER_TOPIC, TopicModel
from articles.models import Article, ArticleTopic, Topic

REPO = Path(__file__).resolve().parents[2]
CORPORA = REPO.parent / "shared" / "corpora"
CONFLICT = "medtop:16000000"
SPORT = "medtop:15000000"
HUMAN_INTEREST = "medtop:08000000"
LABOUR = "medtop:09000000"

SPORT_STORY = ArticleText(
    "Arsenal beat Chelsea to go top of the Premier League",
    "Thierry Henry scored twice as Arsenal came from behind at Highbury. The striker's second "
    "goal came in the 80th minute, and the manager praised his squad's fitness before the "
    "Champions League quarter-final.",
)
# Words no lexicon lists: only a trained model can tell what these stories are about.
ZORBLAX_STORY = ArticleText("Zorblax fair draws crowds", "The zorblax fair returned to Quimby.")


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """Models are saved in a temporary data folder, never the developer's var/."""
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def read_seed(path: Path) -> ArticleText:
    lines = path.read_text(encoding="utf-8").splitlines()
    return ArticleText(lines[0], "\n".join(lines[1:]))


def qcodes(found):
    return [topic.qcode for topic in found]


def test_seed_articles_get_conflict_with_zero_shot():
    seeds = [read_seed(path) for path in sorted((REPO / "seeds").glob("*.txt"))]
    assert seeds
    for found in classify_topics(seeds, TopicClassifier(load_lexicon())):
        assert CONFLICT in qcodes(found)


def test_sport_story_gets_sport_first():
    [found] = classify_topics([SPORT_STORY])
    assert qcodes(found)[0] == SPORT


def test_at_most_three_topics_best_first_with_confidences_in_range():
    # Crime, sport, disaster, religion and business all have clear evidence here.
    story = ArticleText(
        "Club owner jailed for fraud as floods hit stadium and church",
        "The football club owner was jailed for fraud by the court after a trial; the judge said "
        "the striker and the coach were witnesses. Floods and a storm forced evacuations, "
        "firefighters rescued survivors from the flooded stadium. The bishop held prayers in the "
        "church and the cathedral, and the pope sent a message. Shares in the company fell as "
        "investors sold stock.",
    )
    results = classify_topics([story, SPORT_STORY, ZORBLAX_STORY])
    assert len(results[0]) == MAX_TOPICS
    for found in results:
        assert len(found) <= MAX_TOPICS
        confidences = [topic.confidence for topic in found]
        assert confidences == sorted(confidences, reverse=True)
        assert all(0.0 <= c <= 1.0 for c in confidences)


def test_text_without_subject_words_gets_no_topic():
    assert classify_topics([ZORBLAX_STORY]) == [[]]


def label_articles(qcode: str, count: int, words: str, curated: bool = True) -> None:
    # bulk_create sends no signals: these tests need articles in the database, not in the index.
    articles = Article.objects.bulk_create(
        Article(
            title=f"{words.split()[0].title()} report {n}",
            body=f"{words} number {n}. Residents spoke about {words} again.",
            content_hash=f"{qcode}-{words}-{n}",
        )
        for n in range(count)
    )
    topic = Topic.objects.get(qcode=qcode)
    ArticleTopic.objects.bulk_create(
        ArticleTopic(article=article, topic=topic, curated=curated) for article in articles
    )


@pytest.mark.django_db
def test_train_refuses_with_too_few_curated_articles():
    label_articles(HUMAN_INTEREST, MIN_ARTICLES_PER_TOPIC, "zorblax fair crowds")
    label_articles(LABOUR, MIN_ARTICLES_PER_TOPIC - 1, "quonk dock shifts")
    with pytest.raises(CommandError, match="at least 20 labelled articles"):
        call_command("train_topics", stdout=io.StringIO())
    assert not model_path().exists()


@pytest.mark.django_db
def test_train_from_curated_articles_changes_predictions():
    assert classify_topics([ZORBLAX_STORY]) == [[]]
    label_articles(HUMAN_INTEREST, MIN_ARTICLES_PER_TOPIC, "zorblax fair crowds")
    label_articles(LABOUR, MIN_ARTICLES_PER_TOPIC, "quonk dock shifts")
    # Automatic (not curated) topics are not training labels.
    label_articles(SPORT, MIN_ARTICLES_PER_TOPIC, "zorblax", curated=False)
    out = io.StringIO()

    call_command("train_topics", stdout=out)

    assert "2 topics" in out.getvalue()
    model = TopicModel.load(model_path())
    assert model.counts == {HUMAN_INTEREST: 20, LABOUR: 20}
    assert model.source == "database" and model.trained
    [found] = classify_topics([ZORBLAX_STORY])
    assert qcodes(found)[0] == HUMAN_INTEREST
    # Topics the model was not trained for keep their zero-shot confidence, and a story the
    # model knows nothing about does not get its topics.
    [found] = classify_topics([SPORT_STORY])
    assert qcodes(found)[0] == SPORT
    assert HUMAN_INTEREST not in qcodes(found) and LABOUR not in qcodes(found)


@pytest.mark.django_db
def test_saved_model_is_read_once_and_again_when_it_changes():
    label_articles(HUMAN_INTEREST, 20, "zorblax fair crowds")
    label_articles(LABOUR, 20, "quonk dock shifts")
    call_command("train_topics", stdout=io.StringIO())
    first = load_saved_model()
    assert load_saved_model() is first
    # Curators swap the two labels (update() sends no signals, like bulk_create above).
    links = ArticleTopic.objects.all()
    human_interest, labour = (Topic.objects.get(qcode=q) for q in (HUMAN_INTEREST, LABOUR))
    zorblax_ids = list(links.filter(topic=human_interest).values_list("pk", flat=True))
    links.filter(topic=labour).update(topic=human_interest)
    links.filter(pk__in=zorblax_ids).update(topic=labour)
    call_command("train_topics", stdout=io.StringIO())
    os.utime(model_path(), ns=(1, 1))  # a distinct modification time, however fast the test runs
    assert load_saved_model() is not first
    [found] = classify_topics([ZORBLAX_STORY])
    assert qcodes(found)[0] == LABOUR


def test_unreadable_model_falls_back_to_zero_shot():
    model_path().parent.mkdir(parents=True)
    model_path().write_bytes(b"not a model")
    [found] = classify_topics([SPORT_STORY])
    assert qcodes(found)[0] == SPORT


BBC_WORDS = {
    "business": "shares profit company investors bank market economy",
    "entertainment": "film actor album singer oscar cinema music",
    "politics": "election minister parliament vote government party",
    "sport": "football match goal striker league coach tennis",
    "tech": "software computer internet users broadband mobile phone",
}


def write_tiny_corpora(folder: Path) -> tuple[Path, Path, Path]:
    """25 BBC stories per class, and a few AG News and HuffPost items, in their own formats."""
    bbc = folder / "bbc-fulltext.tar.gz"
    with tarfile.open(bbc, "w:gz") as archive:
        for label, words in BBC_WORDS.items():
            for n in range(25):
                data = f"{words.split()[n % 3].title()} news {n}\n\n{words} story {n}.\n".encode()
                member = tarfile.TarInfo(f"bbc/{label}/{n:03}.txt")
                member.size = len(data)
                archive.addfile(member, io.BytesIO(data))
    ag_news = folder / "test.csv.gz"
    with gzip.open(ag_news, "wt", newline="") as file:
        rows = [
            ("1", "Troops clash at border", "Rebels attacked army posts, the ministry said."),
            ("2", "Striker scores twice", "The league leaders won the match 2-0."),
            ("3", "Shares rise", "Company profit beat forecasts, investors said #36;5bn."),
            ("4", "New software", "Users of the internet browser get a security update."),
        ]
        csv.writer(file).writerows(rows)
    huffpost = folder / "huffpost.jsonl.gz"
    with gzip.open(huffpost, "wt") as file:
        for category, headline in [("SPORTS", "Coach fired after defeat"), ("U.S. NEWS", "x")]:
            record = {"category": category, "headline": headline, "short_description": ""}
            file.write(json.dumps(record) + "\n")
    return bbc, ag_news, huffpost


def test_evaluate_topics_prints_a_table(tmp_path):
    bbc, ag_news, huffpost = write_tiny_corpora(tmp_path)
    out = io.StringIO()
    call_command("evaluate_topics", bbc=bbc, ag_news=ag_news, huffpost=huffpost, stdout=out)
    table = out.getvalue()
    # method, corpus, articles, accuracy: 5 BBC stories per class are held out for test.
    assert re.search(r"zero-shot +BBC test +25 +1\.000", table)
    assert re.search(r"zero-shot +AG News +4 +1\.000", table)
    assert re.search(r"zero-shot +HuffPost +1 +1\.000", table)  # U.S. NEWS is not mapped
    assert re.search(r"trained \(BBC train, 100\) +BBC test +25 +1\.000", table)
    assert re.search(r"trained \(BBC train, 100\) +AG News +4 ", table)


def test_train_topics_from_bbc_reports_and_saves_apart(tmp_path, data_dir):
    bbc, _, _ = write_tiny_corpora(tmp_path)
    out = io.StringIO()
    call_command("train_topics", corpus=["bbc", str(bbc)], stdout=out)
    assert "BBC test split: accuracy 1.000 on 25" in out.getvalue()
    assert (data_dir / "models" / "topics-bbc.npz").exists()
    assert not model_path().exists()  # enrichment keeps using what curators taught it


def test_unknown_corpus_is_refused():
    with pytest.raises(CommandError, match="Unknown corpus"):
        call_command("train_topics", corpus=["reuters", "x"], stdout=io.StringIO())


@pytest.mark.corpus
@pytest.mark.skipif(not CORPORA.is_dir(), reason=f"needs the shared corpora in {CORPORA}")
def test_zero_shot_on_ag_news_sample_beats_chance_by_far():
    from articles.enrich.topics.evaluation import measure_accuracy, read_ag_news

    items = read_ag_news(CORPORA / "ag_news" / "test.csv.gz")[::20]  # 380 items, all classes
    lexicon = load_lexicon()
    score = measure_accuracy(lexicon.confidences, items, frozenset(lexicon.qcodes))
    assert score.accuracy > 0.7  # four classes: chance is 0.25; measured 0.78 on all 7,600


def test_a_given_model_is_used_with_zero_shot_for_its_missing_topics():
    from articles.enrich.topics.model import train_topic_model

    texts = [ArticleText("Zorblax", f"zorblax fair {n}") for n in range(20)]
    texts += [ArticleText("Quonk", f"quonk dock {n}") for n in range(20)]
    labels = [{HUMAN_INTEREST}] * 20 + [{LABOUR}] * 20
    model = train_topic_model(texts, labels, source="test")
    zorblax, sport = classify_topics([ZORBLAX_STORY, SPORT_STORY], model)
    assert qcodes(zorblax)[0] == HUMAN_INTEREST
    assert qcodes(sport)[0] == SPORT
