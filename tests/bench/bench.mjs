// Benchmarks: shipped size, Node cold start, validations per second, per-call overhead against a
// hand-written fetch loop, bulk throughput under Meraki's rate limit, the cost of a rateLimiter,
// and bulk from several processes sharing one budget through Redis.
// Run: make bench (or node tests/bench/bench.mjs after make pkg). Plain Node 20, no dependencies.
// Prints one line per figure: `name: value unit  target …  MET|MISSED` (info lines have no target).
//
// The same file is also the child process of the network benchmarks (`bench.mjs child <what> <url>`),
// so that the mock's event loop (in the parent) is never shared with the client being measured.

import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { apiPageExample, twentyIssues } from "./inputs.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const PKG = path.join(ROOT, "pkg");
const NODE_ENTRY = path.join(PKG, "node/index.mjs");
const NODE_ENTRY_URL = pathToFileURL(NODE_ENTRY).href;
const API_KEY = "test-api-key";
const ORG = "5001";

const KB = 1000; // 1 KB = 1000 bytes

// ---- helpers --------------------------------------------------------------------------------------

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function line(name, value, target, met) {
  const verdict = target === undefined ? "" : `  target ${target}  ${met ? "MET" : "MISSED"}`;
  console.log(`${name}: ${value}${verdict}`);
}

/** Spawns `node args…`; resolves with {ms, code, stdout, stderr} (ms = spawn to exit, wall clock). */
function runNode(args, { timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - t0, code, stdout, stderr });
    });
  });
}

/** Runs this file as a child doing `what` against `url`; returns its JSON result (last stdout line). */
async function runChild(what, url) {
  const r = await runNode([fileURLToPath(import.meta.url), "child", what, url]);
  if (r.code !== 0) throw new Error(`child ${what} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

// ---- 1. shipped size ------------------------------------------------------------------------------

/** The .js files under `dir` (recursively), sorted; none when there is no such directory. */
function jsFilesUnder(dir) {
  try {
    return readdirSync(dir, { recursive: true })
      .filter((f) => /\.c?js$/.test(String(f)))
      .map((f) => path.join(dir, String(f)))
      .sort();
  } catch {
    return []; // no such directory: nothing to add
  }
}

// The browser and Node packages apart: each loads its own .wasm (Node's has the server-only
// relay, the browser's does not) and its own glue. Only the browser's is downloaded by pages,
// so only it has a target.
function sizes() {
  const gz = (buf) => gzipSync(buf, { level: 9 }).length;
  const kb = (n) => `${(n / KB).toFixed(1)} KB (${n} B)`;
  const measure = (wasmFile, glueFiles) => {
    const wasm = readFileSync(wasmFile);
    const glue = Buffer.concat(glueFiles.map((f) => readFileSync(f)));
    return { raw: wasm.length, wasmGz: gz(wasm), glueGz: gz(glue), files: glueFiles.length };
  };
  const browser = measure(path.join(PKG, "app_admin_wasm_bg.wasm"), [
    path.join(PKG, "web/app_admin_wasm.js"),
    path.join(PKG, "web/index.js"),
    ...jsFilesUnder(path.join(PKG, "web/snippets")),
  ]);
  const node = measure(path.join(PKG, "node/app_admin_wasm_bg.wasm"), [
    path.join(PKG, "node/app_admin_wasm.js"),
    path.join(PKG, "node/index.cjs"),
    path.join(PKG, "node/index.mjs"),
    path.join(PKG, "node/relay.cjs"),
    ...jsFilesUnder(path.join(PKG, "node/snippets")),
  ]);
  line("wasm size (raw)", kb(browser.raw));
  line("wasm size (gzip -9)", kb(browser.wasmGz));
  line(`browser JS glue size (gzip -9, ${browser.files} files)`, kb(browser.glueGz));
  const sum = browser.wasmGz + browser.glueGz;
  line("shipped size (wasm+glue, gzip -9)", kb(sum), "≤ 60 KB", sum <= 60 * KB);
  // Not in the sum: a bundle that uses neither limiter drops it; a plain page loads it.
  line("browser JS, web/rate-limiters.js (gzip -9)", kb(gz(readFileSync(path.join(PKG, "web/rate-limiters.js")))));
  line("Node wasm size, with the relay (raw)", kb(node.raw));
  line("Node wasm size, with the relay (gzip -9)", kb(node.wasmGz));
  line(`Node JS glue size, with the relay (gzip -9, ${node.files} files)`, kb(node.glueGz));
  line("Node package size (wasm+glue, gzip -9; not downloaded by pages)", kb(node.wasmGz + node.glueGz));
}

// ---- 2. Node cold start ---------------------------------------------------------------------------

async function coldStart(runs = 15) {
  const example = JSON.stringify(apiPageExample());
  const script =
    `import { validatePrivateApplicationUpdate } from ${JSON.stringify(NODE_ENTRY_URL)};\n` +
    `const r = validatePrivateApplicationUpdate(${example});\n` +
    `if (!r.valid) process.exit(3);\n`;
  const withPkg = ["--input-type=module", "-e", script];
  const empty = ["-e", ""];
  // one untimed run of each, so both start with warm file caches
  for (const args of [empty, withPkg]) {
    const r = await runNode(args);
    if (r.code !== 0) throw new Error(`cold start warm-up exited ${r.code}: ${r.stderr}`);
  }
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    // interleaved, alternating which goes first
    const order = i % 2 ? [["pkg", withPkg], ["empty", empty]] : [["empty", empty], ["pkg", withPkg]];
    for (const [kind, args] of order) {
      const r = await runNode(args);
      if (r.code !== 0) throw new Error(`cold start (${kind}) exited ${r.code}: ${r.stderr}`);
      (kind === "pkg" ? a : b).push(r.ms);
    }
  }
  const mPkg = median(a);
  const mEmpty = median(b);
  // The median of the paired differences (each run against the empty run next to it): the
  // machine's load drifts, and the difference of two medians moved by ±13 ms between runs.
  const diff = median(a.map((ms, i) => ms - b[i]));
  line(`Node cold start, import + 1 validation (median of ${runs})`, `${mPkg.toFixed(1)} ms`);
  line(`Node cold start, empty node -e "" (median of ${runs})`, `${mEmpty.toFixed(1)} ms`);
  line("Node cold start over empty process (median of paired differences)", `${diff.toFixed(1)} ms`, "≤ 15 ms", diff <= 15);
}

// ---- 3. validations per second --------------------------------------------------------------------

async function validations() {
  const { validatePrivateApplicationUpdate: validate } = await import(NODE_ENTRY_URL);
  const typical = apiPageExample();
  const bad = twentyIssues();
  const r0 = validate(typical);
  if (!r0.valid) throw new Error(`the API page example is not valid: ${JSON.stringify(r0)}`);
  const r1 = validate(bad);
  const issues = r1.errors.length + r1.warnings.length;
  if (issues < 18 || issues > 22) throw new Error(`the 20-issue update has ${issues} issues`);

  const rate = (value) => {
    let sink = 0;
    const spin = (ms) => {
      let n = 0;
      const t0 = performance.now();
      let t = t0;
      while (t - t0 < ms) {
        for (let i = 0; i < 500; i++) sink += validate(value).errors.length;
        n += 500;
        t = performance.now();
      }
      return { n, ms: t - t0 };
    };
    spin(250); // warm-up
    const { n, ms } = spin(1000);
    if (sink < 0) console.log(sink);
    return (n / ms) * 1000;
  };
  const fmt = (x) => `${Math.round(x).toLocaleString("en-US")} /s`;
  const typicalRate = rate(typical);
  const badRate = rate(bad);
  line("validations per second, typical update (API page example)", fmt(typicalRate), "≥ 300,000 /s", typicalRate >= 300_000);
  line(`validations per second, update with ${issues} issues (${r1.errors.length} errors + ${r1.warnings.length} warnings)`, fmt(badRate));
}

// ---- 4. per-call overhead (child) -----------------------------------------------------------------

async function childOverhead(url) {
  const { MerakiClient } = await import(NODE_ENTRY_URL);
  const base = `${url}/api/v1`;
  const example = apiPageExample();
  const client = new MerakiClient({ apiKey: API_KEY, baseUrl: base, requestsPerSecond: 0 });
  const prepared = client.prepareUpdatePrivateApplication(ORG, "183456", example);
  const headers = { ...prepared.headers, Authorization: `Bearer ${API_KEY}` };
  const body = prepared.body;
  const fetchUrl = prepared.url;
  if (prepared.method !== "PUT") throw new Error(`unexpected method ${prepared.method}`);

  const viaClient = async () => {
    await client.updatePrivateApplication(ORG, "183456", example);
  };
  const viaFetch = async () => {
    const res = await fetch(fetchUrl, { method: "PUT", headers, body });
    if (!res.ok) throw new Error(`fetch got ${res.status}`);
    await res.json();
  };
  const block = async (fn, n) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await fn();
    return performance.now() - t0;
  };
  // warm-up
  await block(viaClient, 50);
  await block(viaFetch, 50);
  const BLOCK = 100;
  const TOTAL = 2000;
  let tClient = 0;
  let tFetch = 0;
  for (let i = 0; i < TOTAL / BLOCK; i++) {
    if (i % 2) {
      tFetch += await block(viaFetch, BLOCK);
      tClient += await block(viaClient, BLOCK);
    } else {
      tClient += await block(viaClient, BLOCK);
      tFetch += await block(viaFetch, BLOCK);
    }
  }
  return { calls: TOTAL, clientMs: tClient, fetchMs: tFetch };
}

async function overhead(startMock) {
  const mock = await startMock({});
  try {
    const r = await runChild("overhead", mock.url);
    const sent = mock.stats().requests;
    const expected = 2 * (r.calls + 50); // both loops, warm-up included
    if (sent !== expected) throw new Error(`the mock saw ${sent} API requests, expected ${expected} (retries?)`);
    const ratio = r.clientMs / r.fetchMs;
    line(`per-call overhead: ${r.calls} sequential updatePrivateApplication calls`, `${r.clientMs.toFixed(0)} ms (${(r.clientMs / r.calls).toFixed(3)} ms/call)`);
    line(`per-call overhead: ${r.calls} sequential hand-written fetch PUTs`, `${r.fetchMs.toFixed(0)} ms (${(r.fetchMs / r.calls).toFixed(3)} ms/call)`);
    line("per-call overhead ratio (client / fetch)", ratio.toFixed(3), "≤ 1.10", ratio <= 1.1);
  } finally {
    await mock.close();
  }
}

// ---- 5. bulk under the rate limit (child) ---------------------------------------------------------

async function childBulk(url) {
  const { MerakiClient } = await import(NODE_ENTRY_URL);
  const client = new MerakiClient({ apiKey: API_KEY, baseUrl: `${url}/api/v1` }); // default 10/s
  const example = apiPageExample();
  const t0 = performance.now();
  const results = await Promise.allSettled(
    Array.from({ length: 100 }, (_, i) => client.updatePrivateApplication(ORG, String(183000 + i), example)),
  );
  const ms = performance.now() - t0;
  const failed = results.filter((r) => r.status === "rejected");
  return { calls: results.length, ms, failed: failed.length, firstError: failed[0] ? String(failed[0].reason) : null };
}

async function bulk(startMock) {
  const mock = await startMock({ rateLimit: { perSecond: 10, burst: 10 } });
  try {
    const r = await runChild("bulk", mock.url);
    const stats = mock.stats();
    const floorMs = ((100 - 10) / 10) * 1000;
    const ratio = r.ms / floorMs;
    line(`bulk: ${r.calls} updates fired at once, one organization, wall time`, `${(r.ms / 1000).toFixed(2)} s${r.failed ? ` (${r.failed} failed: ${r.firstError})` : ""}`);
    line("bulk: floor ((100 − 10) / 10 per s)", `${(floorMs / 1000).toFixed(2)} s`);
    line("bulk: wall time / floor", ratio.toFixed(3), "≤ 1.05", ratio <= 1.05 && r.failed === 0);
    line("bulk: 429s answered by the mock", String(stats.rateLimited429), "0", stats.rateLimited429 === 0);
  } finally {
    await mock.close();
  }
}

// ---- 6. the rateLimiter seam ---------------------------------------------------------------------
// The cost per call of waiting on a JS limiter rather than the built-in bucket, without the network
// (a `fetch` option answering at once): a no-op rateLimiter, memoryRateLimiter, and no limiter.

async function seam() {
  const { MerakiClient, memoryRateLimiter } = await import(NODE_ENTRY_URL);
  const example = apiPageExample();
  const answer = JSON.stringify({ ...example, applicationId: "183456" });
  const fetch = () => Promise.resolve(new Response(answer, { status: 200, headers: { "content-type": "application/json" } }));
  const base = { apiKey: API_KEY, baseUrl: "https://api.meraki.com/api/v1", fetch };
  const clients = {
    "no limiter (requestsPerSecond: 0)": new MerakiClient({ ...base, requestsPerSecond: 0 }),
    "the built-in limiter (requestsPerSecond: 1000)": new MerakiClient({ ...base, requestsPerSecond: 1000 }),
    "a rateLimiter whose acquire resolves at once": new MerakiClient({ ...base, rateLimiter: { acquire: () => Promise.resolve() } }),
    "memoryRateLimiter({ requestsPerSecond: 1000 })": new MerakiClient({ ...base, rateLimiter: memoryRateLimiter({ requestsPerSecond: 1000 }) }),
  };
  // Sequential calls on 100 organizations in turn (each sees a call every 7 ms or so), so that no
  // limiter at 1000/s ever waits.
  const block = async (client, n, offset) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await client.updatePrivateApplication(String((offset + i) % 100), "183456", example);
    return performance.now() - t0;
  };
  const names = Object.keys(clients);
  const totals = Object.fromEntries(names.map((n) => [n, 0]));
  for (const n of names) await block(clients[n], 200, 0); // warm-up
  const BLOCK = 200;
  const ROUNDS = 10;
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 ? [...names].reverse() : names;
    for (const n of order) totals[n] += await block(clients[n], BLOCK, r * BLOCK);
  }
  const calls = BLOCK * ROUNDS;
  const base0 = totals[names[0]] / calls;
  for (const n of names) {
    const per = totals[n] / calls;
    const diff = (per - base0) * 1000;
    const added = n === names[0] ? "" : ` (${diff >= 0 ? "+" : "−"}${Math.abs(diff).toFixed(1)} µs against no limiter)`;
    line(`per-call cost without network, ${calls} sequential calls, ${n}`, `${(per * 1000).toFixed(1)} µs/call${added}`);
  }
}

// ---- 7. bulk from several processes sharing one budget (Redis) ------------------------------------

async function multiProcess(startMock) {
  const { haveRedisServer, startRedis } = await import("../redis/server.mjs");
  const label = "multi-process bulk: 3 processes × 40 updates, one organization";
  if (!haveRedisServer()) {
    line(label, "skipped: redis-server is not installed (scripts/setup.sh installs it)");
    return;
  }
  const { startFleet, measuredRun } = await import("../limiter/fleet.mjs");
  const redis = await startRedis();
  const mock = await startMock({ rateLimit: { perSecond: 10, burst: 10 } });
  try {
    const runs = [
      ["redisRateLimiter (node-redis)", { limiter: "node-redis" }],
      ["requestsPerSecond: 10 in each process (no shared budget)", { limiter: "shorthand" }],
    ];
    for (const [i, [name, config]] of runs.entries()) {
      const fleet = await startFleet(3, { mockUrl: mock.url, redisPort: redis.port, ...config });
      try {
        const r = await measuredRun(fleet, mock, { org: `bench-${i}`, calls: 40 });
        const failed = r.failed ? ` (${r.failed} failed: ${r.firstError})` : "";
        line(`${label}, ${name}, wall time`, `${(r.wallMs / 1000).toFixed(2)} s${failed}`);
        if (i === 0) {
          line("multi-process bulk: floor ((120 − 10) / 10 per s)", `${(r.floorMs / 1000).toFixed(2)} s`);
          line("multi-process bulk, Redis: wall time / floor", r.ratio.toFixed(3), "≤ 1.10", r.ratio <= 1.1 && r.failed === 0);
          line("multi-process bulk, Redis: 429s answered by the mock", String(r.rateLimited429), "0", r.rateLimited429 === 0);
        } else {
          line("multi-process bulk, a budget per process: wall time / floor", r.ratio.toFixed(3));
          line("multi-process bulk, a budget per process: 429s answered by the mock (retried)", String(r.rateLimited429));
        }
      } finally {
        await fleet.close();
      }
    }
  } finally {
    await mock.close();
    await redis.stop();
  }
}

// ---- main -----------------------------------------------------------------------------------------

async function main() {
  if (process.argv[2] === "child") {
    const [, , , what, url] = process.argv;
    const fn = { overhead: childOverhead, bulk: childBulk }[what];
    if (!fn) throw new Error(`unknown child benchmark ${what}`);
    console.log(JSON.stringify(await fn(url)));
    return;
  }
  const t0 = performance.now();
  console.log(`app-admin-wasm benchmarks (node ${process.version}, ${process.platform}/${process.arch})`);
  sizes();
  await coldStart(31);
  await validations();
  const { startMock } = await import("../mock/server.mjs");
  await overhead(startMock);
  await bulk(startMock);
  await seam();
  await multiProcess(startMock);
  console.log(`(benchmarks took ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
