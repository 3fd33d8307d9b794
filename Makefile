# Two entry points for a fresh machine: `make demo` (main job on embedded defaults) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install lock clean notebooks strip-notebooks

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/gwr demo

test: $(STAMP)
	$(BIN)/python -m pytest

# Executed copies go to out/notebooks/; the committed notebooks stay without outputs.
notebooks: $(STAMP)
	$(BIN)/python notebooks/run_notebooks.py execute --out out/notebooks

strip-notebooks: $(STAMP)
	$(BIN)/python notebooks/run_notebooks.py strip

lock:
	uv pip compile pyproject.toml --all-extras --python-version 3.11 --generate-hashes -o requirements.lock

clean:
	rm -rf $(VENV) build *.egg-info
