# The two commands: `make demo` (build, then serve the demo against the built-in mock) and
# `make test` (every test). Both install what they need first (scripts/setup.sh).
SHELL := /bin/bash
export PATH := $(CURDIR)/.tools/bin:$(CURDIR)/.tools/npm/node_modules/.bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
WASM := target/wasm32-unknown-unknown/release/app_admin_wasm.wasm
DEMO_PORT ?= 8787

.PHONY: setup pkg demo test test-rust test-wasm test-node bench clean

setup:
	@bash scripts/setup.sh

# The npm package in pkg/: one release build, glue per target, wasm-opt -Oz, entry points.
pkg: setup
	cargo build --release --target wasm32-unknown-unknown --lib
	node scripts/build-pkg.mjs $(WASM)

demo: pkg
	node scripts/demo.mjs --port $(DEMO_PORT)

test: pkg
	bash scripts/test.sh

bench: pkg
	node tests/bench/bench.mjs

clean:
	rm -rf pkg target/pkg-build
