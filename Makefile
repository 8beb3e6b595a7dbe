SHELL := /bin/bash
.DEFAULT_GOAL := run

RASA_PY := .venv/rasa/bin/python
# Rasa's own command line on patched Rasa (bot/__main__.py, bot/rasa_patches/).
RASA := $(RASA_PY) -m bot
MODEL := models/claims.tar.gz
SPACY_PIPELINE := bot/.build/zh_claims/meta.json
TRAIN_INPUTS := config.yml domain.yml bot/domain_importer.py $(shell find domain data bot/nlu bot/dictionaries bot/vocabulary -type f -name '*.y*ml' -o -type f -name '*.py' -o -type f -name '*.txt' 2>/dev/null)
# Rasa fingerprints neither the jieba dictionary nor the spaCy patterns: retrain fully when they change.
FORCE_IF_VOCABULARY := $(if $(filter bot/dictionaries/% bot/vocabulary/%,$?),--force)

.PHONY: help run shell test test-fast lint format setup train validate bench simulate eval-real bench-load bench-scale clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /  make \1\t/' | expand -t 22

run: setup $(MODEL) ## install what is missing, train if needed, start every service (Ctrl-C stops them)
	$(RASA_PY) -m scripts.run_services

shell: setup $(MODEL) ## the services, with the bot in this terminal (rasa shell) instead of its channels
	$(RASA_PY) -m scripts.run_services --shell

test: setup $(MODEL) .venv/bench/.installed ## the full suite CI runs (PostgreSQL, browser, load, NLU evaluation)
	scripts/test.sh

test-fast: setup ## while working: lint and the unit suites of the three services and the NLU components
	scripts/test_fast.sh

lint: .venv/api/.installed ## ruff check and ruff format --check over the repository
	.venv/api/bin/ruff check .
	.venv/api/bin/ruff format --check .

format: .venv/api/.installed ## fix what ruff can: import order, formatting
	.venv/api/bin/ruff check --fix .
	.venv/api/bin/ruff format .

bench: setup $(MODEL) ## NLU against a baseline; latency, throughput, memory against a minimal Rasa (docs/bench.md)
	LATENCY_ARGS="$(LATENCY_ARGS)" scripts/bench.sh $(ARGS)

simulate: setup $(MODEL) ## the claimant simulator: every scenario's variants, pass^1, pass^4, re-asks, loops (docs/simulator.md)
	PYTHONPATH=. .venv/api/bin/python -m scripts.simulate $(ARGS)

eval-real: setup $(MODEL) ## understanding of the real claimants' questions in ../shared/eval/ beside a baseline (docs/nlu.md)
	RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 PYTHONPATH=. $(RASA_PY) scripts/eval_real.py $(ARGS)

# 50 Locust claimants for 5 minutes by default; e.g. `make bench-load LOAD_DURATION=60s LOAD_USERS=10`.
bench-load: setup $(MODEL) .venv/bench/.installed ## Locust claimants, checking no report is lost
	PYTHONPATH=. .venv/api/bin/python scripts/bench_load.py

.venv/bench/.installed: bench/requirements.txt bench/constraints.txt scripts/make_venv.sh
	scripts/make_venv.sh bench bench/requirements.txt

# The scaled-out topology (nginx, PostgreSQL, Redis, two of each service) loaded by Locust claimants (docs/scale.md);
# e.g. `make bench-scale ARGS="--users 20 --duration 120s"`.
bench-scale: setup $(MODEL) .venv/bench/.installed ## the scaled-out topology under load (docs/scale.md)
	scripts/bench_scale.sh $(ARGS)

setup: .venv/.system-packages .venv/rasa/.installed .venv/actions/.installed .venv/api/.installed $(SPACY_PIPELINE)

.venv/.system-packages: scripts/install_system_packages.sh
	mkdir -p .venv && scripts/install_system_packages.sh

.venv/rasa/.installed: bot/requirements.txt bot/constraints.txt scripts/make_venv.sh
	scripts/make_venv.sh rasa bot/requirements.txt

.venv/actions/.installed: actions/requirements.txt actions/requirements-test.txt actions/constraints.txt scripts/make_venv.sh
	scripts/make_venv.sh actions actions/requirements-test.txt

.venv/api/.installed: api/requirements.txt api/requirements-test.txt api/constraints.txt scripts/make_venv.sh
	scripts/make_venv.sh api api/requirements-test.txt

setup: web/node_modules/.installed

web/node_modules/.installed: web/package-lock.json
	cd web && npm ci --no-audit --no-fund && touch node_modules/.installed

$(SPACY_PIPELINE): .venv/rasa/.installed bot/spacy_pipeline/build.py $(wildcard bot/vocabulary/*.yml bot/dictionaries/*.txt)
	$(RASA_PY) -m bot.spacy_pipeline.build

validate: setup ## rasa data validate, no warnings allowed
	$(RASA_PY) -m scripts.validate_data

train: $(MODEL) ## train the model if its inputs changed

$(MODEL): $(TRAIN_INPUTS) $(SPACY_PIPELINE)
	$(RASA) train --fixed-model-name claims --out models $(FORCE_IF_VOCABULARY)

clean: ## remove models, results, the spaCy build and var/
	rm -rf models results .rasa bot/.build var
