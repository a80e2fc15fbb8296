#!/usr/bin/env bash
# Installs what the build and the tests need, idempotently, from the package registries only:
# the wasm32 target (rustup), wasm-bindgen-cli pinned to Cargo.lock's wasm-bindgen (crates.io),
# wasm-opt from npm's `binaryen`, Debian's chromium + chromium-driver + firefox-esr and
# redis-server, and the npm dev dependencies from the committed lock file. Tools go under .tools/
# inside the clone.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS="$PWD/.tools"
mkdir -p "$TOOLS"
say() { printf 'setup: %s\n' "$*" >&2; }

# 1. The wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen-cli at exactly the version in Cargo.lock (the CLI and the crate must match).
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$("$TOOLS/bin/wasm-bindgen" --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (a few minutes, once)"
  # Its own lock file pins crates this registry may lack; then resolve afresh.
  if ! cargo install --quiet --root "$TOOLS" --locked wasm-bindgen-cli --version "$want" 2>"$TOOLS/locked-install.log"; then
    say "the --locked install failed (see .tools/locked-install.log); installing with fresh resolution"
    cargo install --quiet --root "$TOOLS" wasm-bindgen-cli --version "$want"
  fi
fi

# 3. wasm-opt from npm's binaryen (Debian's binaryen is too old and writes broken modules).
if [ ! -x "$TOOLS/npm/node_modules/.bin/wasm-opt" ]; then
  say "installing binaryen (wasm-opt) from npm"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS/npm" binaryen@132
fi

# 4. Browsers for the tests: Debian's chromium with the matching chromedriver, and Debian's
#    firefox-esr (driven over WebDriver BiDi by puppeteer-core, which needs no driver binary).
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v firefox-esr >/dev/null; then
  say "installing chromium, chromium-driver and firefox-esr from Debian"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver firefox-esr >/dev/null
fi

# 5. Debian's redis-server, for the tests of the Redis rate limiter (they start their own, on a
#    free loopback port, and stop it after).
if ! command -v redis-server >/dev/null; then
  say "installing redis-server from Debian"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
fi

# 6. npm dev dependencies, exactly as the lock file says.
if [ -f package-lock.json ]; then
  if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.setup-lock; then
    say "installing npm dev dependencies"
    npm ci --silent --no-audit --no-fund
    cp package-lock.json node_modules/.setup-lock
  fi
fi
