# skep — the two commands a newcomer needs: `make demo` and `make test`.
SWIFT ?= swift
SKEP := .build/debug/skep

.PHONY: all deps build lint format test demo demo-down bench clean

all: build

deps:
	scripts/install-deps.sh

build:
	$(SWIFT) build

lint:
	$(SWIFT) format lint --strict -r Package.swift Sources Tests

format:
	$(SWIFT) format -i -r Package.swift Sources Tests

## Unit tests, then every sandbox integration suite on one shared 3-node sandbox (torn down even on failure).
test: deps
	SKEP_WARNINGS_AS_ERRORS=1 $(SWIFT) build --build-tests
	$(MAKE) lint
	scripts/test.sh

## Sandbox up, swarm formed by `skep cluster up`, status. `make demo-down` removes it.
demo: deps build
	scripts/demo.sh

demo-down:
	$(SKEP) sandbox down --dir $(CURDIR)/.skep-sandbox

bench: deps build
	bench/cluster-status

clean:
	rm -rf .build
