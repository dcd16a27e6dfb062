# Two commands on a fresh machine: `make demo` and `make test` (see README.md).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1:8000
# Every make target is a development run: the first one writes this checkout's random keys
# under var/ (tongxin.core.keys). A production server started without make has no such
# permission and refuses to start without its keys.
export TONGXIN_CREATE_KEYS ?= 1

.PHONY: install demo serve worker test test-sqlite test-postgres test-dates bench lint messages screenshots clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## make demo: install, migrate the embedded SQLite database, load the demo district, then serve
## http://127.0.0.1:8000 with the worker and the device ingest (when an MQTT broker answers at
## TONGXIN_MQTT_URL) running beside it (Ctrl-C stops them all).
demo: $(STAMP)
	$(BIN)/tongxin migrate --noinput
	$(BIN)/tongxin demo
	@echo "同心 Tongxin demo: http://$(HOST)/  (accounts in README.md, password tongxin-demo)"
	@$(BIN)/tongxin worker & worker=$$!; \
	  $(BIN)/tongxin sensing ingest & ingest=$$!; \
	  trap 'kill $$worker $$ingest 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/tongxin serve --bind $(HOST)

## make test: the whole suite on SQLite, then again on PostgreSQL at DATABASE_URL.
test: $(STAMP)
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: $(STAMP)
	env -u DATABASE_URL $(BIN)/python -m pytest

test-postgres: $(STAMP)
	@url="$${DATABASE_URL:-$(PG_URL)}"; \
	if $(BIN)/python scripts/pg_reachable.py "$$url"; then \
	  DATABASE_URL="$$url" $(BIN)/python -m pytest; status=$$?; \
	  $(BIN)/python scripts/pg_drop_test_dbs.py "$$url" || true; \
	  exit $$status; \
	elif [ "$${CI:-}" = "true" ]; then \
	  echo "PostgreSQL at $$url is required under CI but is not reachable" >&2; exit 1; \
	else \
	  echo "SKIPPED the PostgreSQL pass: no server at $$url (set DATABASE_URL)"; \
	fi

## make test-dates: the tests that pin a moment, and the apps that read "now" the most, with the
## wall clock moved (tests/wallclock.py) to a day inside the fixtures' month, the year's last
## half hour (past the official calendar's tables) and a leap day in 2028: a test that passes
## only while the calendar is on its side fails here today, not next month. .ci/run runs it.
TEST_DATES ?= 2026-11-25T10:00+08:00 2026-12-31T23:30+08:00 2028-02-29T09:30+08:00
PINNED_MOMENT := (local|datetime)[(]20[0-9]{2}
CLOCK_APPS := tests/outbound tests/analytics tests/feedback
# The demo builds sixty days of trails back from "now": at the wrong hour a trail ends in the future.
DEMO_TRAILS := tests/demo/test_demo_cases_cover_every_state.py
DATE_SLICE = $(CLOCK_APPS) $(DEMO_TRAILS) $(shell grep -rlE '$(PINNED_MOMENT)' tests --include='test_*.py' \
  --exclude-dir=e2e $(foreach d,$(notdir $(CLOCK_APPS)),--exclude-dir=$(d)))
test-dates: $(STAMP)
	@for moment in $(TEST_DATES); do \
	  echo "== wall clock at $$moment"; \
	  TONGXIN_TEST_WALL_CLOCK=$$moment env -u DATABASE_URL $(BIN)/python -m pytest \
	    $(DATE_SLICE) || exit 1; \
	done

## make bench: measurements written to bench/results.json
bench: $(STAMP)
	$(BIN)/python bench/run_all.py

## make screenshots: docs/screenshots/<account>-<page>-{desktop,phone}.png for every demo role,
## from a fresh demo in a temporary directory served on a free port (chromium, Playwright).
screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy tongxin config

## make messages: refresh the zh_Hans catalogue (needs GNU gettext) and compile it
messages: $(STAMP)
	$(BIN)/tongxin makemessages -l zh_Hans --ignore=.venv --ignore=var --ignore=bench
	$(BIN)/tongxin compilemessages --ignore=.venv

clean:
	rm -rf var test-artifacts
