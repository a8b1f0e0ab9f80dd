"""Entities: the people, organisations and places an article names.

`extract.py` runs the spaCy pipeline shipped in enrich/model/ and the rules after it (`rules.py`,
the gazetteer of enrich/data/ in `gazetteer.py`); `canonical.py` gathers an article's spellings
of one entity under one name; `conll.py` reads the CoNLL-2003 files the model is measured and
trained on.
"""
