# eventwire: `make demo` and `make test` are the two commands a newcomer needs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_STAMP := $(VENV)/.installed-demo
SHARED ?= ../shared
N ?= 0
# `make bench CORPUS=any.jsonl N=200`: one JSON article per line, with "text"
CORPUS ?= $(SHARED)/corpora/bbc2225.jsonl

.PHONY: setup setup-demo demo test lint bench bench-stages bench-copies manifest train clean

# Creates .venv and installs eventwire with its dev tools; does nothing when
# pyproject.toml has not changed since the last install.
setup: $(STAMP)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (Python >= 3.11) on PATH"; exit 2; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

# What `make demo` needs: eventwire and its web extra (for `eventwire serve`), without the
# test-only extras (Playwright, PySpark, schemathesis) that `make setup` adds.
setup-demo: $(DEMO_STAMP)

$(DEMO_STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (Python >= 3.11) on PATH"; exit 2; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[web]'
	@touch $(DEMO_STAMP)

demo: setup-demo
	@rm -f build/demo.duckdb build/demo.duckdb.wal
	$(BIN)/eventwire ingest examples/demo-corpus --db build/demo.duckdb
	$(BIN)/eventwire summary --db build/demo.duckdb

test: setup
	$(BIN)/ruff check src tests scripts
	$(BIN)/python scripts/build_manifest.py --check
	$(BIN)/python scripts/check_cameo_data.py --quiet
	$(BIN)/python scripts/check_verbs_data.py --quiet
	$(BIN)/python scripts/check_actor_data.py -q
	$(BIN)/python scripts/check_arms_data.py --quiet
	$(BIN)/python scripts/check_themes_data.py --quiet
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

bench: setup
	$(BIN)/python scripts/bench.py $(CORPUS) --limit $(N) --workers 1 2

# What each stage costs on top of parsing (sentences per second, share of the time).
bench-stages: setup
	$(BIN)/python scripts/bench_stages.py $(CORPUS) --limit $(if $(filter 0,$(N)),300,$(N))

# Rebuilds the learned event layer's model from the training files (paths; the data stays
# in $(SHARED)) with its k-fold figures in the file's header; deterministic for the seed.
TRAIN_DATA ?= $(SHARED)/training/ngec_synthetic_train.jsonl \
	$(SHARED)/training/satp_all_train.jsonl $(SHARED)/training/satp_relevant_train.jsonl \
	$(SHARED)/training/indiapolice_sents_train.jsonl $(SHARED)/gold/events/conflibert_train.jsonl \
	training/non_political.v1.jsonl
# The attribution scorers of the quotes stage, learned from PolNeAR train with dev for the
# cue threshold and the figures in the header (training files' sha256, seed).
ATTRIBUTION_TRAIN ?= $(SHARED)/gold/quotes/polnear_train.jsonl
ATTRIBUTION_DEV ?= $(SHARED)/gold/quotes/polnear_dev.jsonl
train: setup
	$(BIN)/eventwire train $(TRAIN_DATA) --pipeline-gold $(SHARED)/gold/events/conflibert_train.jsonl \
		-o src/eventwire/data/models/event_detector.v1.jsonl
	$(BIN)/python scripts/train_attribution.py $(ATTRIBUTION_TRAIN) --dev $(ATTRIBUTION_DEV) \
		--cache build/attribution-parses --out src/eventwire/data/models/attribution.v1.jsonl
	$(BIN)/python scripts/build_manifest.py

# Near-copy linking and speed on a syndication feed built from CORPUS (N items, 40% copies).
bench-copies: setup
	$(BIN)/python scripts/build_copies_feed.py $(CORPUS) -o build/copies-feed.jsonl \
		--truth build/copies-truth.jsonl --articles $(if $(filter 0,$(N)),1000,$(N))
	$(BIN)/python scripts/bench_copies.py build/copies-feed.jsonl --truth build/copies-truth.jsonl

manifest: setup
	$(BIN)/python scripts/build_manifest.py

clean:
	rm -rf build .pytest_cache .ruff_cache
