"""Turning the bytes of a file into text, or saying why they are not text."""

from __future__ import annotations

import codecs
import re

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
    """The encoding to read a file with, judged from its first bytes."""
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
    best = from_bytes(sample).best()
    if best is None or best.encoding in WESTERN_GUESSES:
        try:
            sample.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            return "latin-1"
    return best.encoding


def decode_bytes(data: bytes) -> str:
    """`data` as text: UTF-8 (with or without BOM), UTF-16 with BOM, else the likeliest code page.

    Raises NotText for binary data.
    """
    if reason := describe_binary(data[:8192]):
        raise NotText(reason)
    encoding = guess_encoding(data if len(data) <= 65536 else data[:65536])
    return data.decode(encoding, errors=DECODE_ERRORS)


def decode_line(line: bytes) -> str:
    """One line of a streamed file: UTF-8, else Windows-1252, never an error."""
    return line.decode("utf-8", errors=DECODE_ERRORS)
