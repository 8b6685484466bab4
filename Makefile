# ParamLab — the commands a person types. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV   := .venv
MVN    := scripts/mvn
# EDITION=zh: the Chinese edition (notebooks/zh/) for `make coursework` and `make book`'s default language
EDITION ?= en
COURSE ?= $(if $(filter zh,$(EDITION)),target/course-zh,target/course)

.PHONY: help lab test kernel build venv bench unit pytest system clean coursework book book-tools helm helm-background

help:
	@echo "make lab     set up everything and open JupyterLab on notebooks/"
	@echo "make test    run every test (unit, kernel protocol, notebooks, browser)"
	@echo "make kernel  build the jars and install the 'paramlab' kernel into .venv"
	@echo "make bench   run the benchmarks; results under target/bench/"
	@echo "make book    the book: both editions as a static site in target/book/ (serve: cd target/book && python3 -m http.server)"
	@echo "make coursework  an nbgrader course folder in $(COURSE) (COURSE=dir to choose; EDITION=zh the Chinese course); see TEACHING.md"

# The pinned Jupyter stack in a project-local virtual environment.
venv: $(VENV)/.installed
$(VENV)/.installed: requirements.txt scripts/setup-venv.sh
	PYTHON=$(PYTHON) scripts/setup-venv.sh $(VENV)
	@touch $@

# Library and kernel jars (tests run in `make test`).
build:
	$(MVN) -B -q package -DskipTests

kernel: venv build
	scripts/install-kernel.sh $(VENV)

lab: kernel
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

# JUnit tests of the library and the kernel (also builds the jars).
unit:
	$(MVN) -B verify

# Kernel protocol, robustness, notebooks and browser tests through real Jupyter clients (the book's too).
pytest: venv book-tools
	scripts/install-kernel.sh $(VENV)
	scripts/run-pytest.sh $(VENV)

# System packages the tests need (JDK sources, Maven, Debian's chromium): installed when missing.
system:
	scripts/ci-prepare.sh

test: system venv hub helm-background unit pytest

# helm, for tests/test_hub.py's rendering of deploy/kubernetes/values.yaml with the Zero to JupyterHub chart:
# built from the Go module proxy into .tools/bin (scripts/setup-helm.sh; once, ~5 minutes on 2 cores), in the
# background while the JUnit tests run; the test waits for it.
helm-background: ; scripts/setup-helm.sh --background
helm: ; scripts/setup-helm.sh

# JupyterHub and its proxy for a class (deploy/README.md); not part of `make lab`.
hub: venv ; scripts/setup-hub.sh $(VENV)

bench: kernel
	scripts/bench.sh $(VENV)

# An nbgrader course from notebooks/ (EDITION=zh: notebooks/zh/, into target/course-zh): one assignment
# per notebook with its data, the student versions in release/ (TEACHING.md). Graded by
# tests/test_coursework.py in `make test`, both editions.
coursework: kernel
	$(VENV)/bin/python scripts/build-course.py $(COURSE) --edition $(EDITION)

clean:
	$(MVN) -B -q clean
	rm -rf target

# The book (issue 19): both editions' executed notebooks as one static site in target/book/, rendered by
# Sphinx + MyST-NB + sphinx-book-theme (book/requirements.txt, pinned). Notebooks the tests executed
# (target/executed/) are used as they are; others are executed once here. Tested by tests/test_book.py.
book: kernel book-tools
	$(VENV)/bin/python scripts/build-book.py

book-tools: $(VENV)/.book-installed
$(VENV)/.book-installed: book/requirements.txt $(VENV)/.installed
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r book/requirements.txt -c requirements.txt
	@touch $@
