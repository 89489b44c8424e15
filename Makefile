# Two commands a newcomer needs: `make run` and `make test`.
# Each creates .venv with pip on first use and reuses it afterwards.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,embeddings]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/reader seeds

test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2

lint: $(STAMP)
	$(BIN)/ruff check reader tests benchmarks hatch_build.py
	$(BIN)/mypy reader

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/latency.py
	$(BIN)/python benchmarks/corpus_load.py
	$(BIN)/python benchmarks/language.py
	$(BIN)/python benchmarks/segmentation.py
	$(BIN)/python benchmarks/extraction.py --pages 200 --runs 3
	$(BIN)/python benchmarks/index.py --docs 2000
	$(BIN)/python benchmarks/alignment.py
	$(BIN)/python benchmarks/divergence.py
	$(BIN)/python benchmarks/swissgov.py
	$(BIN)/python benchmarks/facts.py --false-positives --recall --timing
	$(BIN)/python benchmarks/edits.py --scorer lexical,auto
	$(BIN)/python benchmarks/grouping.py
	$(BIN)/python benchmarks/first_diff.py
	$(BIN)/python benchmarks/diff_view.py
	$(BIN)/python benchmarks/report.py
	$(BIN)/python benchmarks/hostile.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
