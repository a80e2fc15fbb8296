#!/usr/bin/env bash
# Every test, in order: the Rust core (native), the mock's own tests, the transport in wasm
# (Node and headless Chromium, against the mock), then the built package from Node.
# Called by `make test` (after `make pkg`), and so by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.tools/bin:$PWD/.tools/npm/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
step() { printf '\n== %s\n' "$*"; }

step "Rust core: cargo test"
cargo test --quiet --lib --test readme --test properties --test json_parity --test official_examples

step "Mock API: node --test tests/mock.test.mjs tests/mock-faults.test.mjs"
node --test tests/mock.test.mjs tests/mock-faults.test.mjs

# The mock for the wasm suites; wasm cannot read environment variables at run time, so its
# address is compiled into the test crate. Each suite gets a fresh mock on that same address:
# the Node suite leaves sockets behind (hung and endless answers it gave up on), and the
# Chromium suite started right after on the same mock hung now and then.
out=$(mktemp)
mock_pid=""
trap 'kill $mock_pid 2>/dev/null || true; rm -f "$out"' EXIT
start_mock() {
  [ -n "$mock_pid" ] && { kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true; }
  : >"$out"
  node tests/mock/server.mjs --port "$1" >"$out" &
  mock_pid=$!
  for _ in $(seq 100); do grep -q '^MOCK_URL=' "$out" && break; sleep 0.1; done
  grep -q '^MOCK_URL=' "$out" || { echo "the mock did not start" >&2; exit 1; }
}
start_mock 0
export APP_ADMIN_MOCK_URL=$(sed -n 's/^MOCK_URL=//p' "$out")

step "Transport in wasm, Node: wasm-bindgen-test"
cargo test --target wasm32-unknown-unknown --test wasm_node

step "Transport in wasm, headless Chromium (cross-origin): wasm-bindgen-test"
# wasm-bindgen-test-runner's own small HTTP server stalled now and then while Chromium loaded the
# test page's modules over six parallel connections (then seven snippet files; now two): the page
# never started, and the runner gave up only after 300 s. Should it happen again, only such a
# stall, where no test ran at all, is cut short at 150 s and tried again (three tries); a run in
# which the tests ran stands as it is, failures included.
chromium_suite() {
  local log try
  log=$(mktemp)
  for try in 1 2 3; do
    start_mock "${APP_ADMIN_MOCK_URL##*:}"
    if timeout -k 10 150 cargo test --target wasm32-unknown-unknown --test wasm_browser 2>&1 | tee "$log"; then
      rm -f "$log"
      return 0
    fi
    if grep -q '^test result:' "$log"; then
      rm -f "$log"
      return 1
    fi
    echo "test.sh: the test page never started (try $try of 3); stopping the runner and trying again" >&2
    pkill -f wasm-bindgen-test-runner 2>/dev/null || true
    pkill -f chromedriver 2>/dev/null || true
    pkill -f 'chromium.*--remote-debugging-port=0' 2>/dev/null || true # the runner's browser, orphaned
    sleep 1
  done
  rm -f "$log"
  return 1
}
chromium_suite

step "The built package from Node: node --test tests/node/ tests/relay/ tests/package/"
node --test tests/node/ tests/relay/ tests/package/

step "Rate limits across processes, on a real redis-server: node --test tests/limiter/"
node --test tests/limiter/

step "The demo page in headless Chromium and Firefox: node --test tests/browser/"
node --test tests/browser/
