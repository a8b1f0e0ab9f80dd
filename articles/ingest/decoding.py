"""Turning the bytes of a file into text, or saying why they are not text."""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

# Single-byte Western code pages that charset-normalizer cannot tell apart on short samples; for
# news copy Windows-1252 is by far the likeliest of them, and it is a superset of Latin-1's letters.
WESTERN_GUESSES = {
    "cp1252",
    "latin_1",
    "iso8859_15",
    "cp1250",
    "iso8859_2",
    "mac_roman",
    "mac_latin2",
    "cp850",
    "cp437",
    "iso8859_9",
    "cp1254",
    "iso8859_10",
    "iso8859_14",
    "iso8859_16",
    "iso8859_3",
    "iso8859_4",
    "iso8859_13",
    "cp1257",
    "ascii",
}

# Magic numbers of formats that are often dropped into an import folder by mistake.
BINARY_SIGNATURES = {
    b"%PDF": "a PDF",
    b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\xd0\xcf\x11\xe0": "an old Office document",
    b"BZh": "a bzip2 archive",
    b"\xfd7zXZ": "an xz archive",
}


UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
# Error handler for text that is UTF-8 but for a few stray Windows-1252 bytes, as when files
# were pasted together: the stray bytes are read as Windows-1252 rather than lost.
DECODE_ERRORS = "newsdesk-cp1252"


def decode_stray_bytes(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    stray = error.object[error.start : error.end]
    return stray.decode("cp1252", errors="replace"), error.end


codecs.register_error(DECODE_ERRORS, decode_stray_bytes)


class NotText(ValueError):
    """The bytes are not text a reader can use; the message says what they look like."""


def describe_binary(sample: bytes) -> str | None:
    """Why `sample` (the start of a file) is not text, or None when it may be text."""
    for magic, kind in BINARY_SIGNATURES.items():
        if sample.startswith(magic):
            return f"binary file ({kind}), not text"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if b"\x00" in sample:
        return "binary file (it contains NUL bytes), not text"
    controls = sum(1 for b in sample if b < 32 and b not in b"\t\n\r\f\x1b")
    if sample and controls / len(sample) > 0.05:
        return "binary file (too many control characters), not text"
    return None


def guess_encoding(sample: bytes) -> str:
    """The encoding to read a file with, judged from its first bytes: UTF-8 (or UTF-16 with a BOM)
    first, then Windows-1252 where it reads as Western text, then detection."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        # A sample cut in the middle of a multi-byte character is still UTF-8.
        if error.start >= len(sample) - 3 and error.reason == "unexpected end of data":
            return "utf-8"
    high_bytes = sum(1 for byte in sample if byte >= 0x80)
    utf8_bytes = sum(len(match) for match in UTF8_SEQUENCE.findall(sample))
    if utf8_bytes >= 0.8 * high_bytes:
        return "utf-8"  # mostly UTF-8; DECODE_ERRORS reads the stray bytes
    try:
        if reads_as_western(sample.decode("cp1252")):
            return "cp1252"
    except UnicodeDecodeError:
        pass
    # Detection, for the other code pages (Cyrillic, Greek, East Asian); its Western guesses on
    # short samples are as good as random among the code pages it cannot tell apart.
    best = from_bytes(sample).best()
    if best is None or best.encoding in WESTERN_GUESSES:
        try:
            sample.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            return "latin-1"  # every byte a character: describe_implausible judges the result
    return best.encoding


# Letters outside ASCII in Western text: about 2 % in French, German or Spanish news copy, a
# few per cent in Icelandic or Portuguese. Random bytes read as Windows-1252 give over half.
WESTERN_MAX_ACCENTED = 0.3


def reads_as_western(text: str) -> bool:
    """Text in a Latin script whose letters are mostly ASCII, as Western European copy is."""
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return False
    accented = sum(1 for char in letters if not char.isascii())
    latin = sum(1 for char in letters if char.isascii() or script_of(char) == "LATIN")
    return latin == len(letters) and accented <= WESTERN_MAX_ACCENTED * len(letters)


# Scripts written without spaces between words.
UNSPACED_SCRIPTS = {"CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN"}
# Thresholds for `describe_implausible`, with what they were measured against: news copy in
# English, French, German, Russian, Greek, Arabic, Chinese and Japanese, against random bytes read
# in the code pages detection offers.
MAX_ODD_SHARE = 0.01  # controls, unassigned and private-use characters
MAX_SYMBOL_SHARE = 0.1  # symbols (S*) beyond ASCII's among the characters that are not spaces
MAX_WORD_LENGTH = 25  # average characters per space in a spaced script
MAX_SCRIPT_SWITCHES = 0.2  # share of neighbouring letters in different scripts
MIN_LETTERS = 0.4  # letters among the characters that are not spaces


def script_of(char: str) -> str:
    """The script of a letter, as the first word of its Unicode name ("LATIN", "CYRILLIC"); the
    scripts Japanese mixes count as one (half-width katakana, rare in prose, do not)."""
    word = unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]
    return "CJK" if word in ("HIRAGANA", "KATAKANA", "CJK", "FULLWIDTH") else word


def describe_implausible(text: str) -> str | None:
    """Why decoded `text` is not language (random bytes read in some code page), or None."""
    sample = text[:8192]
    visible = [char for char in sample if not char.isspace()]
    if len(visible) < 20:
        return None  # too short to judge; the readers report an empty or textless item
    odd = sum(1 for char in visible if unicodedata.category(char) in ("Cc", "Cn", "Co", "Cs"))
    if odd > MAX_ODD_SHARE * len(visible):
        return "not text (control or unassigned characters)"
    letters = [char for char in visible if char.isalpha()]
    symbols = sum(
        1 for char in visible if not char.isascii() and unicodedata.category(char).startswith("S")
    )
    if symbols > MAX_SYMBOL_SHARE * len(visible) or len(letters) < MIN_LETTERS * len(visible):
        return "not text (mostly symbols, few letters)"
    scripts = [script_of(char) for char in letters]
    switches = sum(1 for a, b in zip(scripts, scripts[1:], strict=False) if a != b)
    if switches > MAX_SCRIPT_SWITCHES * len(scripts):
        return "not text (letters of unrelated scripts mixed at random)"
    main_script = max(set(scripts), key=scripts.count)
    # Words are parted by plain spaces: a no-break space is one more character a code page may
    # give a random byte (0xA0 in most), and two of them made 64 random bytes three "words".
    spaces = sum(1 for char in sample if char in " \t\r\n")
    if main_script not in UNSPACED_SCRIPTS and len(visible) > MAX_WORD_LENGTH * (spaces + 1):
        return "not text (no spaces between words)"
    return None


def decode_bytes(data: bytes) -> str:
    """`data` as text: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1252 where it reads
    as Western text, else the likeliest code page.

    Raises NotText for binary data.
    """
    return decode_with_encoding(data)[0]


def decode_text(data: bytes) -> str:
    """`data`, a text file's bytes, as prose: `decode_bytes`, then NotText for bytes that decode
    only to noise (random bytes read in some code page). Markup and code are not prose: their
    readers use `decode_bytes`."""
    text, encoding = decode_with_encoding(data)
    if reason := describe_implausible(text):
        raise NotText(reason)
    if encoding in ("cp1252", "latin-1") and not reads_as_western(text[:8192]):
        # The fallback for bytes detection could not place: in these code pages every byte is
        # some character, so only Western text tells them apart from noise.
        raise NotText("not text (no code page reads it as words)")
    return text


def decode_with_encoding(data: bytes) -> tuple[str, str]:
    if reason := describe_binary(data[:8192]):
        raise NotText(reason)
    encoding = guess_encoding(data if len(data) <= 65536 else data[:65536])
    return data.decode(encoding, errors=DECODE_ERRORS), encoding


def decode_line(line: bytes) -> str:
    """One line of a streamed file: UTF-8, else Windows-1252, never an error."""
    return line.decode("utf-8", errors=DECODE_ERRORS)
