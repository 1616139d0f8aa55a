# Two commands do all set-up on a fresh machine:
#   make demo   install into .venv, then run the whole pipeline on corpora/demo -> exports/demo/
#   make test   install into .venv (with test extras), then run the test suite
#   make notebooks  also install JupyterLab, register the .venv as the Jupyter kernel
#                   "Python (undercurrent)", and start JupyterLab in notebooks/
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install notebooks benchmarks clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml requirements/topics.txt
	$(BIN)/pip install --quiet -e ".[test]" -r requirements/topics.txt
	$(BIN)/pip install --quiet --no-deps "bertopic>=0.16,<0.18"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/undercurrent run corpora/demo --out exports/demo

test: $(STAMP)
	$(BIN)/python -m pytest -q

# JupyterLab (the `notebooks` extra in pyproject.toml) and a kernel for this .venv, registered for
# the user so that any Jupyter on the machine offers it; then JupyterLab in notebooks/ (Ctrl+C stops it)
# Extra options for jupyter lab: make notebooks JUPYTER_ARGS="--port 8890 --no-browser"
notebooks: $(STAMP)
	$(BIN)/pip install --quiet -e ".[notebooks]"
	$(BIN)/python -m ipykernel install --user --name undercurrent --display-name "Python (undercurrent)"
	cd notebooks && $(abspath $(BIN))/jupyter lab $(JUPYTER_ARGS)

benchmarks: $(STAMP)
	$(BIN)/pip install --quiet dateparser  # only to compare against; not a dependency
	$(BIN)/python -m benchmarks
	$(BIN)/python -m benchmarks.topic_quality
	$(BIN)/python -m benchmarks.temporal_quality
	$(BIN)/python -m benchmarks.timeline_quality --public
	$(BIN)/python -m benchmarks.coding_quality --public

clean:
	rm -rf $(VENV) corpora/*/.undercurrent exports/demo
