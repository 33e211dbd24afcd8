# Two commands for a newcomer: `make ingest` and `make test`. Both bootstrap .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
INPUT  ?= samples/
OUT    ?= output/

.PHONY: ingest test lint samples system-deps bench editions sweep clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Exit 1 from hyoka means "ran, but some documents failed or are partial" (listed on stderr).
ingest: $(STAMP)
	$(BIN)/hyoka ingest $(INPUT) --out $(OUT) || [ $$? -eq 1 ]

test: $(STAMP) system-deps
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Debian packages the tests and the samples builder use (office suite, CJK fonts, poppler).
system-deps:
	@bash scripts/system-deps.sh

# Rebuild the sample documents from samples/truth and the seeds with both producers: a (samples/build/,
# into samples/) and b (samples/build/producer_b/, into samples/producer-b/). VARIANT=N writes another
# edition with its truth to variants/N/ (a) and variants/producer-b/N/ (b); PRODUCERS=a or b builds one.
PRODUCERS ?= a,b
samples: $(STAMP) system-deps
	$(if $(findstring a,$(PRODUCERS)),$(BIN)/python -m samples.build $(if $(VARIANT),--variant $(VARIANT)))
	$(if $(findstring b,$(PRODUCERS)),$(BIN)/python -m samples.build.producer_b $(if $(VARIANT),--variant $(VARIANT)))

# Accuracy and speed against samples/truth and the raw tools (minutes; QUICK=1 for one run per timing).
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python -m bench $(if $(QUICK),--quick)

# hyoka on other editions of the reports printed by producers a and b, scored against each edition's truth
# (builds need LibreOffice and Chromium; a few minutes per edition): make editions PRODUCERS=a,b VARIANTS=1,2,3.
# bench/editions.md gives the table, then the cause of each imperfect document from bench/editions_causes.csv.
editions: $(STAMP) system-deps
	$(BIN)/python -m bench.editions --producers $(PRODUCERS) $(if $(VARIANTS),--variants $(VARIANTS))

# hyoka over real sheets with no truth (../shared/real/sweep/, not in the repository): no document fails or takes
# over 10 s, each gives its title, amounts and judgements; every flagged check is listed for a person to read.
SWEEP ?= ../shared/real/sweep/
sweep: $(STAMP)
	$(BIN)/python -m tests.real.sweep $(SWEEP)

clean:
	rm -rf output/*/ output/*.csv output/*.html output/*.json
