# Two entry points: `make run` and `make test`. Both create .venv from the lock file on first use.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Never reach the network at run time: Hugging Face libraries stay offline.
export HF_DATASETS_OFFLINE := 1
export HF_HUB_OFFLINE := 1
export MPLBACKEND := Agg

.PHONY: install run test bench baseline lock clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

run: install
	$(BIN)/stance-pipeline $(ARGS)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python benchmarks/bench_make_run.py

# Rewrite the CI gate's baseline (experiments/baselines/ci/metrics.json) from a fresh `experiment=ci` run.
baseline: install
	$(BIN)/stance-pipeline experiment=ci gate.write_baseline=true

# Regenerate the lock after changing dependencies in pyproject.toml (needs network).
lock:
	$(BIN)/python -m pip install --quiet uv==0.13.9
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra mlflow --generate-hashes --universal --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) data/cache .pytest_cache
