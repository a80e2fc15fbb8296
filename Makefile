# The two commands: `make demo` (build, then serve the demo against the built-in mock) and
# `make test` (every test). Both install what they need first (scripts/setup.sh).
SHELL := /bin/bash
export PATH := $(CURDIR)/.tools/bin:$(CURDIR)/.tools/npm/node_modules/.bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
DEMO_PORT ?= 8787

.PHONY: setup pkg demo test test-rust test-wasm test-node bench clean

setup:
	@bash scripts/setup.sh

# The npm package in pkg/: two release builds (the browser's, and Node's with the relay), glue
# per target, wasm-opt -Oz, entry points.
pkg: setup
	node scripts/build-pkg.mjs

demo: pkg
	node scripts/demo.mjs --port $(DEMO_PORT)

test: pkg
	bash scripts/test.sh

bench: pkg
	node tests/bench/bench.mjs

clean:
	rm -rf pkg target/pkg-build
