"""Bytes to text (articles/ingest/decoding.py), over many generated samples: random bytes are
refused, Western text in Windows-1252 or Latin-1 and UTF-8 text in any script read back as written.
"""

import datetime as dt
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.ingest import IngestProblem, read_inputs
from articles.ingest.decoding import NotText, decode_text

SAMPLES = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Words of Western European copy: plain ones, and ones with one letter beyond ASCII.
PLAIN_WORDS, ACCENTED_WORDS = (
    [word for line in lines for word in line.split()]
    for lines in (
        (
            "the owners said on Monday that rents would rise le la les des et une der die das",
            "und ist el los las una que del harbour minister strike budget government report",
        ),
        (
            "Café naïve über Straße façade niño Zürich Köln München garçon señor crème",
            "Besançon smörgåsbord élu déclaré année Ærø",
        ),
    )
)
CP1252_ONLY = ["“unfair”", "‘quoted’", "€5", "–", "…", "Œuvre"]


def western_text(words: list[tuple[str, str]], marks: list[str]) -> str:
    parts = [f"{plain} {accented}" for plain, accented in words]
    for n, mark in enumerate(marks):
        parts.insert((n * 3) % (len(parts) + 1), mark)
    return " ".join(parts) + "."


word_pairs = st.lists(
    st.tuples(st.sampled_from(PLAIN_WORDS), st.sampled_from(ACCENTED_WORDS)), min_size=8
)


@SAMPLES
@given(words=word_pairs, marks=st.lists(st.sampled_from(CP1252_ONLY), max_size=4))
def test_windows_1252_text_reads_back(words, marks):
    text = western_text(words, marks)
    assert decode_text(text.encode("cp1252")) == text


@SAMPLES
@given(words=word_pairs)
def test_latin_1_text_reads_back(words):
    text = western_text(words, [])
    assert decode_text(text.encode("latin-1")) == text


# Letters of scripts news is written in: (first, last) code point, and whether words are spaced.
SCRIPTS = {
    "latin": (0x00C0, 0x024F, True),
    "greek": (0x0391, 0x03C9, True),
    "cyrillic": (0x0410, 0x044F, True),
    "hebrew": (0x05D0, 0x05EA, True),
    "arabic": (0x0621, 0x064A, True),
    "devanagari": (0x0905, 0x0939, True),
    "hangul": (0xAC00, 0xD7A3, True),
    "thai": (0x0E01, 0x0E30, False),
    "cjk": (0x4E00, 0x9FFF, False),
}


@st.composite
def script_text(draw, script: str) -> str:
    first, last, spaced = SCRIPTS[script]
    letters = st.characters(min_codepoint=first, max_codepoint=last, categories=["L"])
    words = draw(st.lists(st.text(letters, min_size=1, max_size=9), min_size=6, max_size=200))
    return (" " if spaced else "").join(words) + "."


@SAMPLES
@given(data=st.data(), script=st.sampled_from(sorted(SCRIPTS)))
def test_utf8_text_in_any_script_reads_back(data, script):
    text = data.draw(script_text(script))
    assert decode_text(text.encode("utf-8")) == text


@st.composite
def random_bytes(draw) -> bytes:
    """Bytes as random as a corrupt or binary file's: any byte, or none below space (no NUL or
    control to give them away), or only high bytes (every one a letter in some code page)."""
    rnd = random.Random(draw(st.integers(min_value=0, max_value=2**64)))  # random for any seed
    low = draw(st.sampled_from([0x00, 0x20, 0x80]))
    size = draw(st.integers(min_value=64, max_value=8192))
    return bytes(rnd.randint(low, 0xFF) for _ in range(size))


@SAMPLES
@given(data=random_bytes())
def test_random_bytes_are_not_text(data):
    with pytest.raises(NotText):
        decode_text(data)


def read_file(path):
    return list(read_inputs([str(path)], today=dt.date(2026, 11, 20)))


def test_the_windows_1252_file_that_was_read_as_baltic(tmp_path):
    path = tmp_path / "cafe.txt"
    path.write_bytes("Café owners protest “unfair” rents".encode("cp1252"))
    [article] = read_file(path)
    assert article.title == "Café owners protest “unfair” rents"


def test_four_kilobytes_of_random_bytes_are_refused_naming_the_file(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(bytes(random.Random(4).randint(0x20, 0xFF) for _ in range(4096)))
    [problem] = read_file(path)
    assert isinstance(problem, IngestProblem)
    assert problem.message.startswith("story.txt: not text")
