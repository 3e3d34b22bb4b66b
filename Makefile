# Portal de Contratación: `make run` (portal with demo data) and `make test` (whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app portal
HTMX := portal/static/vendor/htmx.min.js
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: setup run test lint format db demo index clean browser-deps load slow-network

setup: $(VENV)/.installed $(HTMX) browser-deps

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

# htmx comes from the pinned npm package, copied into our static folder (never a CDN).
$(HTMX): node_modules/.package-lock.json
	mkdir -p $(dir $@)
	cp node_modules/htmx.org/dist/htmx.min.js $@

# Browser tests (tests/browser): axe-core from the pinned npm package (read from node_modules)
# and Debian's chromium (Playwright never downloads a browser). Without chromium they skip.
# With INSTALL_SYSTEM_DEPS=1 (CI sets it) a missing chromium is installed with apt-get.
browser-deps: node_modules/.package-lock.json
	@if ! command -v chromium >/dev/null && [ "$(INSTALL_SYSTEM_DEPS)" = 1 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi
	@command -v chromium >/dev/null || \
		echo "Aviso: falta chromium (sudo apt-get install chromium): las pruebas de navegador se omitirán."

db: setup
	$(FLASK) db upgrade

demo: db
	$(FLASK) seed-demo --if-empty --fecha-referencia $$(date +%F)

index: demo
	$(FLASK) search reindex

run: index
	@echo "Portal de Contratación en http://$(HOST):$(PORT)/"
	$(FLASK) run --host $(HOST) --port $(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint browser-deps
	$(BIN)/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules portal/static/vendor .pytest_cache .ruff_cache

# Benchmarks (print tables; not part of `make test`).
load: setup
	bench/load.sh

slow-network: setup
	$(BIN)/python bench/slow_network.py
