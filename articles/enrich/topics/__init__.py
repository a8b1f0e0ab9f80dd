"""Topics: the IPTC subjects an article is about.

`classify.py` scores an article with the zero-shot lexicon (`lexicon.py`, from enrich/data/) and,
once trained, the saved model (`model.py`); `evaluation.py` reads the labelled corpora it is
measured on.
"""
