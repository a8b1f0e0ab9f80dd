"""Train the topic classifier from curator-labelled articles, or from BBC to measure it."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.enrich.topics.classify import model_path
from articles.enrich.topics.evaluation import measure_accuracy, split_bbc
from articles.enrich.topics.model import NotEnoughLabels, TopicModel, train_topic_model
from articles.store.curation import curated_topic_labels


class Command(BaseCommand):
    help = (
        "Train the topic classifier from the articles curators labelled (ArticleTopic.curated) and "
        "save it where enrichment uses it. With --corpus bbc PATH, train on the BBC train split "
        "instead, report its BBC test accuracy and save it apart (enrichment does not use it)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--corpus", nargs=2, metavar=("NAME", "PATH"), help='Only "bbc": bbc-fulltext.tar.gz.'
        )
        parser.add_argument("--output", type=Path, help="Where to save the model.")

    def handle(self, *args, corpus=None, output=None, **options):
        if corpus:
            name, path = corpus
            if name != "bbc":
                raise CommandError(f'Unknown corpus "{name}": only "bbc" is supported.')
            model = self.train_from_bbc(Path(path))
            output = output or Path(settings.DATA_DIR) / "models" / "topics-bbc.npz"
        else:
            texts, labels = curated_topic_labels()
            try:
                model = train_topic_model(texts, labels, source="database")
            except NotEnoughLabels as error:
                raise CommandError(f"{error} Label more articles, then run this again.") from error
            output = output or model_path()
        model.save(output)
        counts = ", ".join(f"{qcode} {n}" for qcode, n in sorted(model.counts.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Trained topics from {model.source} for {len(model.qcodes)} topics "
                f"({counts}); saved to {output}."
            )
        )

    def train_from_bbc(self, path: Path) -> TopicModel:
        if not path.is_file():
            raise CommandError(f"No BBC corpus at {path}.")
        train, test = split_bbc(path)
        model = train_topic_model(
            [item.text for item in train], [set(item.gold) for item in train], source="bbc"
        )
        score = measure_accuracy(model.confidences, test, frozenset(model.qcodes))
        self.stdout.write(f"BBC test split: accuracy {score.accuracy:.3f} on {score.count}.")
        return model
