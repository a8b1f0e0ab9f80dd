"""How our writers lay postings out on disk: Whoosh's own format, with a term of one posting kept
inside its term record instead of a block of the postings file of its own.

Whoosh 3's codec has that "inlining" (`inlinelimit`) but never does it: whoosh-reloaded 2.7.5
tests `len(postings) < inlinelimit` with a default limit of 1, and its inlining branch calls a
method that does not exist (`set_inline`; the term info has `set_inlined`). So every term, even one
word of one document, is written as a block: its ids, weights and positions pickled, compressed and
framed with a header. Most terms of a segment have one posting: each unstemmed spelling word (one
per segment) and a new segment's rare words; in the TASS dev outlet's 485 articles, 44% of the
33,652 terms were spelling words. Inlining them takes about 15% off an index write
(bench/import_speed.py; README "Importing").

Readers need nothing of ours: Whoosh reads an inlined term through its ListMatcher and
`postings.segment_blocks` reads that too. Segments record their codec by class, so these names
are part of the index format: an index written by this code needs them to open.
"""

from __future__ import annotations

from whoosh.codec.whoosh3 import W3Codec, W3PostingsWriter

# Postings a term may have to be kept in its term record: one, the common case of a rare word.
INLINE_LIMIT = 1


class InliningPostingsWriter(W3PostingsWriter):
    def finish_postings(self):
        if self.written() or len(self) > self._inlinelimit:
            return super().finish_postings()
        terminfo = self._terminfo
        terminfo.add_block(self)
        # A format without values (ids, keywords) buffers none; Whoosh's merge asks each posting
        # for its bytes, so keep an empty one per posting rather than a shorter tuple.
        values = self._values or [b""] * len(self._ids)
        terminfo.set_inlined(self._ids, self._weights, values)
        self._terminfo = None
        return terminfo


class InliningCodec(W3Codec):
    def __init__(self, blocklimit=128, compression=3, inlinelimit=INLINE_LIMIT):
        super().__init__(blocklimit, compression, inlinelimit)

    def postings_writer(self, dbfile, byteids=False):
        return InliningPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )
