# Two entry points: `make run` and `make test`. Both create .venv from the lock file on first use.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Never reach the network at run time: Hugging Face libraries stay offline.
export HF_DATASETS_OFFLINE := 1
export HF_HUB_OFFLINE := 1
export MPLBACKEND := Agg

.PHONY: install run test bench baseline lock embeddings lock-embeddings clean

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

# Optional: a frozen sentence encoder as features (experiment=semeval2016_minilm). torch's CPU build comes
# from PyTorch's own index (PyPI's torch is a CUDA build of several GB); TORCH_INDEX= to use pip's own settings.
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu
embeddings: install
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes \
		$(if $(TORCH_INDEX),--extra-index-url $(TORCH_INDEX)) -r requirements-embeddings.lock

# Regenerate requirements-embeddings.lock, keeping every package the base lock pins at its version.
lock-embeddings:
	$(BIN)/python -m pip install --quiet uv==0.13.9
	grep -E '^[A-Za-z0-9_.-]+==' requirements.lock | sed 's/ .*//' > $(VENV)/base-constraints.txt
	$(BIN)/uv pip compile pyproject.toml --extra embeddings --generate-hashes --python-version 3.11 \
		--python-platform x86_64-manylinux_2_28 -c $(VENV)/base-constraints.txt --index-strategy unsafe-best-match \
		$(if $(TORCH_INDEX),--extra-index-url $(TORCH_INDEX)) -o requirements-embeddings.lock

clean:
	rm -rf $(VENV) data/cache .pytest_cache
