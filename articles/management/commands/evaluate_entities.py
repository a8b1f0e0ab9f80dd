from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.enrich import ArticleText
from articles.enrich.entities.conll import read_conll
from articles.enrich.entities.extract import find_mentions

# Our kinds as CoNLL's labels; MISC has no kind of ours and is left out of the scores.
CONLL_LABELS = {"person": "PER", "org": "ORG", "place": "LOC"}
SCORED = ("PER", "ORG", "LOC")


def gold_spans(document) -> tuple[ArticleText, set[tuple[int, int, str]]]:
    """The document as an article (first sentence = title) and its gold spans in that text."""
    title, body = document[0], document[1:]
    spans = {span for span in title.spans() if span[2] in SCORED}
    offset = len(title.text) + 2
    for sentence in body:
        spans.update((a + offset, b + offset, label) for a, b, label in sentence.spans())
        offset += len(sentence.text) + 1
    text = ArticleText(title=title.text, body="\n".join(s.text for s in body))
    return text, {span for span in spans if span[2] in SCORED}


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, score


class Command(BaseCommand):
    help = (
        "Score entity extraction on a CoNLL-2003 file (.txt or .txt.gz): exact-span precision, "
        "recall and F1 for PER, ORG and LOC, running the same extraction articles get."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="CoNLL file, one token per line, IOB2 tags last")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            documents = [gold_spans(document) for document in read_conll(path)]
        except (OSError, UnicodeDecodeError, IndexError) as error:
            raise CommandError(f"Cannot read {path} as CoNLL: {error}") from error
        if not documents:
            raise CommandError(f"No sentences in {path}")
        counts = Counter()
        found = find_mentions([text for text, _ in documents])
        for (_, gold), (_, mentions) in zip(documents, found, strict=True):
            predicted = {(m.start, m.end, CONLL_LABELS[m.kind]) for m in mentions}
            for label in SCORED:
                ours = {span for span in predicted if span[2] == label}
                theirs = {span for span in gold if span[2] == label}
                counts[label, "tp"] += len(ours & theirs)
                counts[label, "fp"] += len(ours - theirs)
                counts[label, "fn"] += len(theirs - ours)
        for label in SCORED:
            p, r, f = f1(counts[label, "tp"], counts[label, "fp"], counts[label, "fn"])
            gold_total = counts[label, "tp"] + counts[label, "fn"]
            self.stdout.write(
                f"{label}: precision={p:.3f} recall={r:.3f} f1={f:.3f} gold={gold_total}"
            )
        totals = [sum(counts[label, kind] for label in SCORED) for kind in ("tp", "fp", "fn")]
        p, r, f = f1(*totals)
        self.stdout.write(f"{len(documents)} documents; overall precision={p:.3f} recall={r:.3f}")
        self.stdout.write(f"overall f1={f:.3f}")
