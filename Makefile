# meetregion — the two commands: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
# pyenv reads .python-version (3.12); elsewhere any python3.12+ on PATH will do.
PYTHON ?= $(shell command -v python3.12 >/dev/null 2>&1 && echo python3.12 || echo python3)
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# `make test` talks to real services; these are the defaults, override from the environment.
export TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/meetregion
export TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: help run test lint format messages static css check-python services-check worker clean

help:
	@echo "make run    – set up .venv, migrate, load demo data, serve http://$(HOST):$(PORT) (SQLite, eager tasks)"
	@echo "make test   – the whole suite on PostgreSQL and Redis, with a real Celery worker"
	@echo "make lint   – ruff, missing migrations, the layering contracts, docker-compose config, the Kubernetes manifests, bandit"
	@echo "make audit  – bandit and known vulnerabilities in the installed packages (pip-audit; needs PyPI)"
	@echo "make worker – a Celery worker and beat against REDIS_URL (for a setup with Redis)"
	@echo "make css    – compile assets/scss/ (Bootstrap's Sass and ours) into static/css/site.css"

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || { \
	  echo "meetregion needs Python 3.12 or newer (Django 6.1); '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; \
	  echo "Install it (for example 'pyenv install 3.12' – .python-version selects it) or run 'make PYTHON=/path/to/python3.12 ...'."; \
	  exit 1; }

$(STAMP): pyproject.toml | check-python
	@if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
	  echo "$(VENV) holds an older Python; making it anew."; rm -rf $(VENV); fi
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

messages: $(STAMP)
	@if ls locale/*/LC_MESSAGES/*.po >/dev/null 2>&1; then \
	  scripts/ensure-command msgfmt gettext && \
	  $(PY) manage.py compilemessages --ignore=.venv -v0; fi

# axe-core and Lighthouse for the browser tests (tests/browser/), pinned in package-lock.json.
NODE_STAMP := node_modules/.package-lock.json
$(NODE_STAMP): package-lock.json
	@scripts/ensure-command npm npm
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(NODE_STAMP)

# The stylesheet: Bootstrap's Sass with our variables and components (assets/scss/) compiled
# into static/css/site.css, which is committed, so `make run` needs no Node.
SASS_FLAGS := --load-path=node_modules --style=compressed --no-source-map --quiet-deps \
  --silence-deprecation=import --silence-deprecation=global-builtin \
  --silence-deprecation=color-functions --silence-deprecation=if-function
css: $(NODE_STAMP)
	node_modules/.bin/sass $(SASS_FLAGS) assets/scss/site.scss static/css/site.css

static: $(STAMP)
	$(PY) manage.py collectstatic --noinput -v0

# Links in the printed logins and the e-mails point at the server this starts.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: $(STAMP) messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

services-check:
	@$(PY) -c "import os, psycopg2, redis; \
	  psycopg2.connect(os.environ['TEST_DATABASE_URL'].rsplit('/', 1)[0] + '/postgres').close(); \
	  redis.Redis.from_url(os.environ['TEST_REDIS_URL'], socket_connect_timeout=2).ping()" \
	  || { echo "make test needs PostgreSQL ($$TEST_DATABASE_URL) and Redis ($$TEST_REDIS_URL); bash .ci/run starts them."; exit 1; }

test: $(STAMP) $(NODE_STAMP) messages services-check
	@scripts/ensure-command chromium chromium
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports --no-cache
	@$(MAKE) --no-print-directory compose-check
	@$(MAKE) --no-print-directory k8s-check
	@$(MAKE) --no-print-directory bandit

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

worker: $(STAMP)
	$(VENV)/bin/celery -A meetregion worker --beat --loglevel=INFO

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 .pytest_cache

# --- Scale and speed (issue 8): benchmark, backups, the compose file ------------------------
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/meetregion_bench
BACKUP_DATABASE_URL ?= $(DATABASE_URL)
BACKUP_DIR ?= backups
BACKUP_FILE ?= $(BACKUP_DIR)/meetregion-$(shell date +%Y%m%d-%H%M%S).dump
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
APT_INSTALL := $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq

.PHONY: bench backup restore compose-check

# Not part of `make test`: minutes, the production setup, the large data set (seeded once).
bench: $(STAMP)
	@command -v wrk >/dev/null || { $(APT_INSTALL) wrk; }
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/run.py

# pg_dump's custom format: compressed, restorable table by table, across PostgreSQL versions.
backup:
	@test -n "$(BACKUP_DATABASE_URL)" || { echo "set BACKUP_DATABASE_URL=postgres://user@host:5432/db"; exit 1; }
	@command -v pg_dump >/dev/null || { $(APT_INSTALL) postgresql-client; }
	@mkdir -p $(dir $(BACKUP_FILE))
	pg_dump --format=custom --no-owner --no-privileges --dbname="$(BACKUP_DATABASE_URL)" --file="$(BACKUP_FILE)"
	@echo "backup written to $(BACKUP_FILE)"

# Replaces the database's contents with the backup: make restore BACKUP_FILE=backups/….dump
restore:
	@test -n "$(BACKUP_DATABASE_URL)" || { echo "set BACKUP_DATABASE_URL=postgres://user@host:5432/db"; exit 1; }
	@test -f "$(BACKUP_FILE)" || { echo "make restore BACKUP_FILE=path/to/file.dump"; exit 1; }
	@command -v pg_restore >/dev/null || { $(APT_INSTALL) postgresql-client; }
	pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --dbname="$(BACKUP_DATABASE_URL)" "$(BACKUP_FILE)"
	@echo "restored $(BACKUP_FILE)"

compose-check:
	@command -v docker-compose >/dev/null || { $(APT_INSTALL) docker-compose; }
	DJANGO_SECRET_KEY=compose-check docker-compose -f docker-compose.yml config -q

# --- Kubernetes (issue 18) -----------------------------------------------------------------
# Every overlay rendered by kustomize (built into kubectl), then validated offline against the
# API's schemas of K8S_VERSION (kubernetes-validate, strict: unknown fields are errors); the
# Secret's example too, which is applied by hand.
K8S_VERSION ?= 1.32.0
K8S_OVERLAYS := $(wildcard deploy/kubernetes/overlays/*)
.PHONY: k8s-check
k8s-check: $(STAMP)
	@command -v kubectl >/dev/null || { echo "k8s-check renders the overlays with 'kubectl kustomize': install kubectl 1.27 or newer."; exit 1; }
	@out=$$(mktemp -d); trap 'rm -rf "$$out"' EXIT; \
	for overlay in $(K8S_OVERLAYS); do \
	  kubectl kustomize "$$overlay" > "$$out/$$(basename $$overlay).yaml" || exit 1; \
	done; \
	$(VENV)/bin/kubernetes-validate --kubernetes-version $(K8S_VERSION) --strict --quiet \
	  "$$out"/*.yaml deploy/kubernetes/secret.example.yaml \
	&& echo "Kubernetes manifests valid for $(K8S_VERSION): $(notdir $(K8S_OVERLAYS)) and the Secret's example"

# --- Dependencies and a static security scan (issue 7) -------------------------------------
.PHONY: audit bandit

# Offline and reliable, so part of `make lint`: no medium or high finding in our apps
# (tests and migrations excluded in pyproject.toml [tool.bandit]).
BANDIT_PATHS := meetregion core ideas projects notifications resourcebank workgroups knowledgebank followup portal demo staffauth
bandit: $(STAMP)
	$(VENV)/bin/bandit -q -c pyproject.toml -r $(BANDIT_PATHS) --severity-level medium

# Known vulnerabilities in the installed packages: pip-audit where PyPI's per-release data
# answers; where only the newest-release documents answer (as on our build machines), the same
# PyPI data read by scripts/audit_dependencies.py. A package that cannot be checked fails the
# audit, so "nothing found" always means "checked and clean". The one exception, still listed
# in the output: python-dateutil, which celery 5 pins exactly (==2.9.0.post0) below its newest
# release (4.0.0), so only PyPI's per-release data or OSV can speak for it.
audit: bandit
	$(PY) scripts/audit_dependencies.py --accept-unchecked python-dateutil
