"""Measure topic assignment, zero-shot and trained, on corpora with known classes."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.enrich.topics.classify import TopicClassifier, load_lexicon
from articles.enrich.topics.evaluation import (
    measure_accuracy,
    read_ag_news,
    read_huffpost,
    split_bbc,
)
from articles.enrich.topics.model import train_topic_model


class Command(BaseCommand):
    help = (
        "Top-1 accuracy of zero-shot topics and of a model trained on the BBC train split, on "
        "the BBC test split, AG News and (optionally) HuffPost. Class mappings: "
        "articles/enrich/data/TOPIC_MAPPING.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--bbc", type=Path, required=True, help="bbc-fulltext.tar.gz")
        parser.add_argument("--ag-news", type=Path, required=True, help="AG News test.csv.gz")
        parser.add_argument("--huffpost", type=Path, help="HuffPost News Category .jsonl.gz")

    def handle(self, *args, bbc, ag_news, huffpost=None, **options):
        for path in (bbc, ag_news, huffpost):
            if path is not None and not path.is_file():
                raise CommandError(f"No corpus file at {path}.")
        train, bbc_test = split_bbc(bbc)
        corpora = {"BBC test": bbc_test, "AG News": read_ag_news(ag_news)}
        if huffpost:
            corpora["HuffPost"] = read_huffpost(huffpost)
        model = train_topic_model(
            [item.text for item in train], [set(item.gold) for item in train], source="bbc"
        )
        lexicon = load_lexicon()
        everything = frozenset(lexicon.qcodes)
        # The last row is what enrichment does with such a model saved: the model's topics from
        # the model, the others from the lexicon.
        scorers = {
            "zero-shot": (lexicon.confidences, everything),
            f"trained (BBC train, {len(train)})": (model.confidences, frozenset(model.qcodes)),
            "trained + zero-shot": (TopicClassifier(lexicon, model).confidences, everything),
        }
        self.stdout.write(f"{'method':<28}{'corpus':<12}{'n':>7}{'accuracy':>10}{'art/s':>10}")
        for method, (scorer, topics) in scorers.items():
            for corpus, items in corpora.items():
                score = measure_accuracy(scorer, items, topics)
                self.stdout.write(
                    f"{method:<28}{corpus:<12}{score.count:>7}{score.accuracy:>10.3f}"
                    f"{score.per_second:>10.0f}"
                )
        summary = f"Evaluated {len(scorers)} methods on {len(corpora)} corpora."
        self.stdout.write(self.style.SUCCESS(summary))
