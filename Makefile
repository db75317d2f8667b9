# Every target creates .venv on first use, so a fresh clone needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VNU := node_modules/vnu-jar/build/dist/vnu.jar

.PHONY: site serve test check lint format goldens bench clean mutants

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# The Nu Html Checker comes from the npm registry; skipped where npm is missing.
$(VNU): package.json
	@if command -v npm >/dev/null; then npm install --silent --no-audit --no-fund && touch $(VNU); \
	else echo "npm not found: the HTML validity tests will be skipped"; fi

site: $(STAMP)
	$(BIN)/mkdocs build --strict -f site.yml

serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty --watch-theme -f site.yml

check: $(STAMP)
	$(BIN)/python -m generator check content

test: $(STAMP) $(VNU)
	$(BIN)/pytest -q

goldens: $(STAMP)
	UPDATE_GOLDENS=1 $(BIN)/pytest -q tests/test_build.py -k golden

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules site site.building site.previous .bench mutants

bench: $(STAMP)
	$(BIN)/python -m bench.run

# Mutation testing (docs/testing.md), outside `make test`: slow. MUTANTS picks which, by mutmut's
# names: every mutant of the model; of the file reader, the loader and the import, each function's
# first and those numbered 21, 41, 61, 81, 121 and so on (about one in twenty).
SAMPLE = __mutmut_1 __mutmut_*[2468]1
MUTANTS ?= 'generator.model.*' $(foreach m,reader loader importer,$(foreach s,$(SAMPLE),'generator.$(m).*$(s)'))
mutants: $(STAMP)
	$(BIN)/pip install --quiet 'mutmut>=3.8,<4'
	nice -n 10 $(BIN)/mutmut run --max-children 2 $(MUTANTS)
	$(BIN)/mutmut results > mutants/survivors.txt; tail -n 5 mutants/survivors.txt
