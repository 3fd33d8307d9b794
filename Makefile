# Two entry points for a fresh machine: `make demo` (main job on embedded defaults) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install browser lock clean notebooks strip-notebooks

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/gwr demo

test: $(STAMP) browser
	$(BIN)/python -m pytest

# The browser test (tests/serve/test_report_browser.py) needs Debian's chromium: installed here when missing
# and run as root (apt-get update only when the first install attempt fails); otherwise that test is skipped.
BROWSER_PACKAGES := chromium fonts-wqy-microhei
browser:
	@if command -v chromium >/dev/null 2>&1 && { ! command -v dpkg >/dev/null 2>&1 \
		|| dpkg -s $(BROWSER_PACKAGES) >/dev/null 2>&1; }; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing $(BROWSER_PACKAGES) for the browser test"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y -q --no-install-recommends $(BROWSER_PACKAGES) \
		|| { apt-get update -q && apt-get install -y -q --no-install-recommends $(BROWSER_PACKAGES); } \
		|| echo "could not install chromium: the browser test will be skipped"; \
	else echo "chromium is missing and this is not root: the browser test will be skipped"; fi

# Executed copies go to out/notebooks/; the committed notebooks stay without outputs.
notebooks: $(STAMP)
	$(BIN)/python notebooks/run_notebooks.py execute --out out/notebooks

strip-notebooks: $(STAMP)
	$(BIN)/python notebooks/run_notebooks.py strip

lock:
	uv pip compile pyproject.toml --all-extras --python-version 3.11 --generate-hashes -o requirements.lock

clean:
	rm -rf $(VENV) build *.egg-info
