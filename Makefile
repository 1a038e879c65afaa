# The two quick-start commands: `make demo` and `make test`. Each installs what it needs first.
SWIFT ?= swift
VENV  ?= .venv

.PHONY: all build demo test test-env bench clean

all: build

build:
	bash scripts/bootstrap
	$(SWIFT) build

# Runs ucbridge against the built-in simulated UCServer and shows events arriving.
demo: build
	bash scripts/demo

# Independent peers for the tests (Python websockets, standardwebhooks, prometheus_client).
test-env:
	bash scripts/bootstrap
	bash scripts/test-env $(VENV)

test: test-env
	$(SWIFT) build --build-tests
	UCBRIDGE_TEST_PYTHON=$(CURDIR)/$(VENV)/bin/python $(SWIFT) test --skip-build

bench: build
	bash scripts/bench/ingest
	bash scripts/bench/deliver
	bash scripts/bench/api

clean:
	rm -rf .build $(VENV)
