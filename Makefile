# The two commands of the README, and the set-up they need.
#   make run   -> the baseline experiment (writes results/baseline/)
#   make test  -> the test suite
# Both create the virtual environment .venv and install the project into it when missing.
# The install also links the chart libraries the classroom page serves itself (no internet).

PYTHON ?= $(shell command -v python3.12 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint app app-class guide-numbers guide-screenshots bench clean experiments mutants

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python >= 3.12 is needed (Mesa 3.5); found " + sys.version.split()[0] + ". Install it or run: make PYTHON=/path/to/python3.12")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,app]"
	$(PY) -m model.classroom.assets
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m experiments.baseline

# --dist loadgroup keeps each browser-test module (one page server each) on one worker
test: $(STAMP)
	$(PY) -m pytest -n 2 --dist loadgroup -q

# Mutation testing (not part of the test suite; 3-4 hours for every module on 2 busy cores;
# MODULES="model/x.py ..." for a few): plants one
# plausible one-line bug at a time in the modules of tools/mutants.toml and runs their tests;
# prints the kill rate per module and writes .mutants/. See docs/testing.md
mutants: $(STAMP)
	$(PY) tools/mutate.py $(MODULES)

# Benchmarks (not part of the test suite): writes results/benchmarks/; see benchmarks/README.md
bench: $(STAMP)
	$(PY) -m benchmarks

# Canonical experiments (specs in experiments/specs/): regenerates results/<name>/; see docs/experiments.md
experiments: $(STAMP)
	$(PY) -m experiments.canonical

# The classroom page: http://127.0.0.1:8765 (see docs/teachers-guide.md); this computer only
app: $(STAMP)
	$(VENV)/bin/solara run model/app.py --host 127.0.0.1 --port 8765 --production

# The classroom page with the class game: listens on the classroom network too; students
# open http://<this computer's address>:8765 and enter the join code the page shows
app-class: $(STAMP)
	CREDIT_ABM_CLASS_GAME=1 $(VENV)/bin/solara run model/app.py --host 0.0.0.0 --port 8765 --production

# Recompute the numbers docs/teachers-guide.md quotes (after a change to the model)
guide-numbers: $(STAMP)
	$(PY) -m model.classroom.guide_numbers --write

# Retake the guide's screenshots (docs/img/) with the browser test that runs the lessons
guide-screenshots: $(STAMP)
	$(PY) -m pytest -q -p no:cacheprovider "tests/app/test_browser.py::test_each_lesson_gives_the_numbers_the_guide_quotes[1280x720]"
	cp results/app/classroom.png results/app/classroom-switched-off.png docs/img/

lint: $(STAMP)
	$(PY) -m ruff check model experiments tests benchmarks tools
	$(PY) -m ruff format --check model experiments tests benchmarks tools

clean:
	rm -rf $(VENV)
