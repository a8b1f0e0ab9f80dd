"""The store side: what ingest/ read and enrich/ found, written to the database, and kept in step.

`importer.py` stores read articles; `enrichment.py` stores what enrichment found without
overriding curators; `index_queue.py` queues the index writes of everything saved; `curation.py`
holds the curators' operations; `near_copies.py` links near-identical copies of an article;
`merge_candidates.py` suggests entities that are likely one and the same; `sources.py` finds an
article's source in the registry by its URL's domain or the name its input states;
`boilerplate.py` keeps each source's learned furniture and applies it to its articles.
"""
