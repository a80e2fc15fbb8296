// Hostile servers (issue 8, item 3): the mock answers truncated JSON, the wrong content type, a
// 2xx with an error body, empty bodies, 50 MB bodies (announced, chunked, gzip), bodies that never
// end, a Retry-After of a year, redirects to another host and streams of 429s. Each call of each
// operation must settle with the documented class (or succeed, where a 2xx body is a result: any
// JSON but an error envelope, or none at all) within its bound; a child process sees no unhandled
// rejection and no warning; and 1,000 such calls leave the JS heap and the module's memory where
// they were.
// Run: node --test tests/node/hostile-server.test.mjs

import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import {
  AbortError, ApiError, MerakiClient, NetworkError, SymphonyClient, TimeoutError, ValidationError,
} from "../../pkg/node/index.mjs";
import { startMock } from "../mock/server.mjs";
import { APP, WASM_MEMORY_PROBE, assertBetween, merakiBase, rejection, runChild, waitFor } from "./helpers.mjs";

const CLASSES = { ValidationError, ApiError, NetworkError, TimeoutError, AbortError };
const KEY = "test-api-key";
const TOKEN = "test-session-token";
const ORG = "5001";
const CAP = 8 * 1024 * 1024; // the documented response body cap
const MB50 = 50 * 1000 * 1000;
const YEAR_S = 365 * 24 * 3600;
const TIMEOUT_MS = 1000; // each client's per-attempt timeout in these tests
const TOO_LARGE = /The response body is larger than 8 MB, the most this client reads; it was not read\./;
const DETACH = Object.freeze({ sites: ["1520758"] });
const DETAIL = Object.freeze({ applicationInfo: { appId: "my-app", name: "My App", appUrl: "https://apps.example.com/a", domain: "example.com" } });

/** The three operations, each called the same way on a client with maxRetries 0. */
const OPERATIONS = [
  { id: "updateOrganizationSecureConnectPrivateApplication", client: "meraki", call: (c, o) => c.updatePrivateApplication(ORG, "183456", APP, o), prepare: (c) => c.prepareUpdatePrivateApplication(ORG, "183456", APP) },
  { id: "deleteOrganizationSecureConnectSites", client: "meraki", call: (c, o) => c.detachSites(ORG, DETACH, o), prepare: (c) => c.prepareDetachSites(ORG, DETACH) },
  { id: "updateApp", client: "symphony", call: (c, o) => c.updateApp("my-app", DETAIL, o), prepare: (c) => c.prepareUpdateApp("my-app", DETAIL) },
];

let mock;
let other; // "another host": a redirect must never reach it
let otherHits = 0;
const clients = {};
const unhandled = [];
const onUnhandled = (e) => unhandled.push(String(e?.stack ?? e));
before(async () => {
  process.on("unhandledRejection", onUnhandled);
  mock = await startMock({ port: 0 });
  other = http.createServer((req, res) => {
    otherHits += 1;
    res.end("stolen");
  });
  await new Promise((resolve) => other.listen(0, "127.0.0.1", resolve));
  clients.meraki = new MerakiClient({ apiKey: KEY, baseUrl: merakiBase(mock), maxRetries: 0, timeoutMs: TIMEOUT_MS, requestsPerSecond: 0 });
  clients.symphony = new SymphonyClient({ podUrl: mock.url, sessionToken: TOKEN, maxRetries: 0, timeoutMs: TIMEOUT_MS });
});
after(async () => {
  await mock?.close();
  await new Promise((resolve) => other?.close(resolve));
  process.off("unhandledRejection", onUnhandled);
});
beforeEach(() => {
  mock.reset();
  otherHits = 0;
});

const otherUrl = (host = "127.0.0.1") => `http://${host}:${other.address().port}/steal?from=mock`;

/** The operation's real success body, as the mock sends it (fetched with the real credential). */
async function successText(op) {
  const prepared = op.prepare(clients[op.client]);
  const headers = { ...prepared.headers };
  for (const name of Object.keys(headers)) {
    if (/^authorization$/i.test(name)) headers[name] = `Bearer ${KEY}`;
    if (/^sessiontoken$/i.test(name)) headers[name] = TOKEN;
  }
  const res = await fetch(prepared.url, { method: prepared.method, headers, body: prepared.body });
  assert.ok(res.ok, `the success answer itself: ${res.status}`);
  const text = await res.text();
  mock.reset();
  return text;
}

/** The success body grown to exactly `bytes` bytes with a `padding` field (an unknown field is kept). */
function padded(text, bytes) {
  const base = JSON.stringify({ ...JSON.parse(text), padding: "" });
  assert.ok(bytes >= base.length);
  return JSON.stringify({ ...JSON.parse(text), padding: "p".repeat(bytes - base.length) });
}

/**
 * The hostile answers. `faults(ctx)` queues them (ctx: { op, success }), `expect` is the class
 * (or "value"), `check(result, ctx)` the details, `bound` the most the call may take (ms), `min`
 * the least (a wait that must really happen). `child: false` keeps a case out of the child run
 * (its fault is too big for the control API).
 */
const CASES = [
  {
    label: "truncated JSON on a 200",
    faults: () => [{ status: 200, body: '{"applicationId":"183456","na' }],
    expect: ApiError,
    check: (e) => {
      assert.equal(e.status, 200);
      assert.equal(e.body, '{"applicationId":"183456","na');
      assert.match(e.messages[0], /not JSON/);
    },
  },
  {
    label: "truncated JSON on a 500",
    faults: () => [{ status: 500, body: '{"errors":["boom"' }],
    expect: ApiError,
    check: (e) => {
      assert.equal(e.status, 500);
      assert.equal(e.body, '{"errors":["boom"');
      assert.deepEqual(e.messages, ["The server answered 500 (Internal Server Error)."]);
    },
  },
  {
    label: "an HTML page labelled application/json",
    faults: () => [{ status: 200, body: "<html><body>Service temporarily unavailable</body></html>", contentType: "application/json" }],
    expect: ApiError,
    check: (e) => {
      assert.equal(e.status, 200);
      assert.match(e.body, /^<html>/);
    },
  },
  {
    label: "the right JSON labelled text/html (the body counts, not the label)",
    faults: ({ success }) => [{ status: 200, body: success, contentType: "text/html; charset=iso-8859-1" }],
    expect: "value",
    check: (value, { success }) => assert.deepEqual(value, JSON.parse(success)),
  },
  {
    label: "a 200 whose body is an error",
    faults: ({ op }) => [{ status: 200, body: op.client === "symphony" ? '{"code":500,"message":"Something went wrong"}' : '{"errors":["Something went wrong"]}' }],
    expect: ApiError,
    check: (e, { op }) => {
      assert.equal(e.status, 200);
      assert.deepEqual(e.body, op.client === "symphony" ? { code: 500, message: "Something went wrong" } : { errors: ["Something went wrong"] });
      assert.deepEqual(e.messages, ["The server answered 200 with an error body instead of the result.", "Something went wrong"]);
    },
  },
  {
    label: "an empty 200: the change was made, the call resolves to {}",
    faults: () => [{ status: 200, body: "" }],
    expect: "value",
    check: (value) => assert.deepEqual(value, {}),
  },
  {
    label: "an empty 204: resolves to {}",
    faults: () => [{ status: 204, body: "" }],
    expect: "value",
    check: (value) => assert.deepEqual(value, {}),
  },
  {
    label: "a 200 whose JSON has fields of other types than the model: resolves as sent",
    faults: () => [{ status: 200, body: '{"name":5,"destinations":"all","properties":[{"key":"port","value":4000}]}' }],
    expect: "value",
    check: (value) => assert.deepEqual(value, { name: 5, destinations: "all", properties: [{ key: "port", value: 4000 }] }),
  },
  {
    label: "an empty 500",
    faults: () => [{ status: 500, body: "" }],
    expect: ApiError,
    check: (e) => assert.deepEqual([e.status, e.body, e.messages], [500, "", ["The server answered 500 (Internal Server Error)."]]),
  },
  {
    label: "a 50 MB body announced by Content-Length: refused before reading",
    faults: () => [{ bodyBytes: MB50 }],
    expect: ApiError,
    check: async (e) => {
      assert.deepEqual([e.status, e.body], [200, ""]);
      assert.match(e.messages[0], TOO_LARGE);
      const sent = await bytesSent();
      assert.ok(sent < CAP, `the mock wrote ${sent} bytes before the client hung up`);
    },
  },
  {
    label: "a 50 MB chunked body: refused past 8 MiB",
    faults: () => [{ bodyBytes: MB50, chunked: true }],
    expect: ApiError,
    check: async (e) => {
      assert.match(e.messages[0], TOO_LARGE);
      const sent = await bytesSent();
      assert.ok(sent > CAP && sent < 3 * CAP, `the mock wrote ${sent} bytes before the client hung up`);
    },
  },
  {
    label: "a 50 MB gzip body (1 MB on the wire): the cap counts decompressed bytes",
    faults: () => [{ bodyBytes: MB50, gzip: true }],
    expect: ApiError,
    check: async (e) => {
      assert.match(e.messages[0], TOO_LARGE);
      assert.ok((await bytesSent()) < MB50, "the client stopped inflating");
    },
  },
  {
    label: "a 50 MB body on a 503, twice: retried like any 503, refused each time",
    faults: () => [{ status: 503, bodyBytes: MB50, chunked: true, times: 2 }],
    options: { maxRetries: 1 },
    expect: ApiError,
    check: (e) => {
      assert.deepEqual([e.status, e.attempts], [503, 2]);
      assert.match(e.messages[0], TOO_LARGE);
      assert.equal(mock.requests().length, 2);
    },
    bound: 2 * TIMEOUT_MS + 500,
  },
  {
    label: "a body that never ends, sent as fast as it is read: refused past 8 MiB",
    faults: () => [{ endless: true }],
    expect: ApiError,
    check: async (e) => {
      assert.match(e.messages[0], TOO_LARGE);
      assert.ok((await bytesSent()) < 3 * CAP);
    },
  },
  {
    label: "a body that never ends, dripping 16 bytes every 50 ms: ended by the attempt's timeout",
    faults: () => [{ endless: true, dripMs: 50 }],
    options: { timeoutMs: 400 },
    expect: TimeoutError,
    check: async (e) => {
      assert.equal(e.attempts, 1);
      assert.ok((await bytesSent()) > 0, "the body did start");
    },
    min: 400,
    bound: 400 + 600,
  },
  {
    label: "a dripping body on every attempt: each attempt times out, then the call",
    faults: () => [{ endless: true, dripMs: 50, times: 2 }],
    options: { timeoutMs: 300, maxRetries: 1 },
    expect: TimeoutError,
    check: (e) => assert.equal(e.attempts, 2),
    min: 2 * 300 + 250, // two attempts and a backoff of at least 250 ms
    bound: 2 * 300 + 500 + 600,
  },
  {
    label: "a body of exactly 8 MiB is read",
    faults: ({ success }) => [{ status: 200, body: padded(success, CAP) }],
    expect: "value",
    check: (value) => assert.equal(JSON.stringify(value).length, CAP),
    child: false,
  },
  {
    label: "a body of 8 MiB and 1 byte is refused",
    faults: ({ success }) => [{ status: 200, body: padded(success, CAP + 1) }],
    expect: ApiError,
    check: (e) => assert.match(e.messages[0], TOO_LARGE),
    child: false,
  },
  {
    label: "a 429 with a Retry-After of a year (seconds): not waited out",
    faults: () => [{ status: 429, retryAfter: String(YEAR_S) }],
    options: { maxRetries: 3 },
    expect: ApiError,
    check: (e) => assert.deepEqual([e.status, e.attempts, e.retryAfterMs], [429, 1, YEAR_S * 1000]),
    bound: 500,
  },
  {
    label: "a 429 with a Retry-After of a year (HTTP date): not waited out",
    faults: () => [{ status: 429, retryAfter: new Date(Date.now() + YEAR_S * 1000).toUTCString() }],
    options: { maxRetries: 3 },
    expect: ApiError,
    check: (e) => {
      assert.deepEqual([e.status, e.attempts], [429, 1]);
      assertBetween(e.retryAfterMs, (YEAR_S - 10) * 1000, YEAR_S * 1000, "retryAfterMs");
    },
    bound: 500,
  },
  ...[301, 302, 303, 307, 308].map((status) => ({
    label: `a ${status} redirect to another host: not followed`,
    faults: () => [{ status, headers: { location: otherUrl(status % 2 ? "localhost" : "127.0.0.1") }, body: "" }],
    options: { maxRetries: 3 },
    expect: ApiError,
    check: (e) => {
      assert.deepEqual([e.status, e.attempts], [status, 1]);
      assert.match(e.messages[0], /redirect, which is not followed/);
      assert.equal(otherHits, 0, "the other host was never called");
      assert.equal(mock.requests().length, 1);
    },
    bound: 500,
  })),
  {
    label: "a stream of 429s with Retry-After: 1 — each wait honoured, then ApiError",
    faults: () => [{ status: 429, retryAfter: "1", times: 100 }],
    options: { maxRetries: 2 },
    expect: ApiError,
    check: (e) => {
      assert.deepEqual([e.status, e.attempts, e.retryAfterMs], [429, 3, 1000]);
      assert.equal(mock.requests().length, 3);
    },
    min: 2000,
    bound: 3000,
  },
  {
    label: "a stream of 429s without Retry-After — exponential backoff, then ApiError",
    faults: () => [{ status: 429, times: 100 }],
    options: { maxRetries: 2 },
    expect: ApiError,
    check: (e) => assert.deepEqual([e.status, e.attempts], [429, 3]),
    min: 250 + 500,
    bound: 500 + 1000 + 500,
  },
  {
    label: "a stream of 429s with Retry-After: 0 — maxRetries bounds it",
    faults: () => [{ status: 429, retryAfter: "0", times: 100 }],
    options: { maxRetries: 10 },
    expect: ApiError,
    check: (e) => {
      assert.deepEqual([e.status, e.attempts], [429, 11]);
      assert.equal(mock.requests().length, 11);
    },
    bound: 1500,
  },
];

/** The bytes the mock produced for the (single) logged request, once its answer has ended. */
async function bytesSent() {
  const entry = await waitFor(() => mock.requests().find((e) => e.bodyBytesSent !== undefined), "the streamed answer to end");
  return entry.bodyBytesSent;
}

describe("each hostile answer, each operation: the documented class, within the bound", () => {
  for (const op of OPERATIONS) {
    for (const c of CASES) {
      test(`${op.id}: ${c.label}`, async () => {
        const ctx = { op, success: await successText(op) };
        mock.addFaults(c.faults(ctx));
        const t0 = performance.now();
        const settled = await op.call(clients[op.client], c.options).then((value) => ({ value }), (error) => ({ error }));
        const ms = performance.now() - t0;
        if (c.expect === "value") {
          assert.ok(!settled.error, `${settled.error?.name}: ${settled.error?.message}`);
          await c.check(settled.value, ctx);
        } else {
          const e = settled.error;
          assert.ok(e instanceof c.expect, `expected ${c.expect.name}, got ${e ? `${e.name}: ${e.message}` : "a value"}`);
          for (const [name, Other] of Object.entries(CLASSES)) if (Other !== c.expect) assert.ok(!(e instanceof Other), `not also ${name}`);
          assert.equal(e.operation, op.id);
          assert.ok(e.message.startsWith(op.id), e.message);
          await c.check(e, ctx);
        }
        assertBetween(ms, c.min ?? 0, c.bound ?? TIMEOUT_MS, `${c.label}: ms`);
      });
    }
  }

  test("no unhandled rejection came out of any of them", async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(unhandled, []);
  });
});

describe("in a child process", () => {
  test("every case (the operations in turn): the same classes, no unhandled rejection, no uncaught exception, no warning", async () => {
    const successes = [];
    for (const op of OPERATIONS) successes.push(await successText(op));
    const cases = CASES.filter((x) => x.child !== false).map((c, i) => {
      const op = OPERATIONS[i % OPERATIONS.length];
      const faults = c.faults({ op, success: successes[i % OPERATIONS.length] });
      return { op: op.id, label: c.label, faults, options: c.options ?? {}, expect: c.expect === "value" ? "value" : c.expect.name };
    });
    const out = await runChild(`
      const problems = [];
      process.on("unhandledRejection", (e) => problems.push("unhandledRejection: " + String(e)));
      process.on("uncaughtException", (e) => problems.push("uncaughtException: " + String(e)));
      process.on("warning", (w) => problems.push("warning: " + w.name + ": " + w.message));
      const { MerakiClient, SymphonyClient } = await import(${JSON.stringify(new URL("../../pkg/node/index.mjs", import.meta.url).href)});
      const { MOCK, CASES } = process.env;
      const control = (path, body) => fetch(MOCK + "/__mock/" + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.json());
      const meraki = new MerakiClient({ apiKey: "${KEY}", baseUrl: MOCK + "/api/v1", maxRetries: 0, timeoutMs: ${TIMEOUT_MS}, requestsPerSecond: 0 });
      const symphony = new SymphonyClient({ podUrl: MOCK, sessionToken: "${TOKEN}", maxRetries: 0, timeoutMs: ${TIMEOUT_MS} });
      const APP = ${JSON.stringify(APP)};
      const calls = {
        updateOrganizationSecureConnectPrivateApplication: (o) => meraki.updatePrivateApplication("${ORG}", "183456", APP, o),
        deleteOrganizationSecureConnectSites: (o) => meraki.detachSites("${ORG}", ${JSON.stringify(DETACH)}, o),
        updateApp: (o) => symphony.updateApp("my-app", ${JSON.stringify(DETAIL)}, o),
      };
      const results = [];
      for (const c of JSON.parse(CASES)) {
        await control("reset", {});
        await control("faults", { faults: c.faults });
        const got = await calls[c.op](c.options).then(() => "value", (e) => e.name);
        results.push({ op: c.op, label: c.label, expect: c.expect, got });
      }
      await new Promise((r) => setTimeout(r, 100));
      console.log(JSON.stringify({ results, problems }));
    `, { MOCK: mock.url, CASES: JSON.stringify(cases) }, 120_000);
    assert.deepEqual(out.problems, []);
    assert.equal(out.results.length, cases.length);
    for (const r of out.results) assert.equal(r.got, r.expect, `${r.op}: ${r.label}`);
  });
});

describe("the timeout holds while the body streams", () => {
  test("a dripping body is ended by the timeout even when the engine collects garbage meanwhile", async () => {
    // In Node, fetch links a Request's signal to the caller's through a WeakRef: a Request that
    // nobody holds stops following the timeout once it is collected, and a never-ending body then
    // hung the call for ever. A GC in the middle of each body makes that certain, not occasional.
    const out = await runChild(`
      const { MerakiClient } = await import(${JSON.stringify(new URL("../../pkg/node/index.mjs", import.meta.url).href)});
      const { MOCK } = process.env;
      await fetch(MOCK + "/__mock/faults", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ faults: [{ endless: true, dripMs: 20, times: 10 }] }) });
      const client = new MerakiClient({ apiKey: "${KEY}", baseUrl: MOCK + "/api/v1", maxRetries: 0, timeoutMs: 300, requestsPerSecond: 0 });
      const results = [];
      for (let i = 0; i < 10; i++) {
        const gc = setTimeout(() => globalThis.gc(), 150);
        const hung = new Promise((r) => setTimeout(() => r("hung"), 3000).unref());
        const t0 = performance.now();
        const got = await Promise.race([client.updatePrivateApplication("${ORG}", "183456", ${JSON.stringify(APP)}).then(() => "value", (e) => e.name), hung]);
        clearTimeout(gc);
        results.push([got, Math.round(performance.now() - t0)]);
        if (got === "hung") break;
      }
      console.log(JSON.stringify(results));
      process.exit(0); // a hung call would keep its socket open
    `, { MOCK: mock.url }, 60_000, ["--expose-gc"]);
    assert.equal(out.length, 10, JSON.stringify(out));
    for (const [got, ms] of out) {
      assert.equal(got, "TimeoutError");
      assertBetween(ms, 300, 300 + 600, "ms");
    }
  });
});

describe("memory", () => {
  test("1,000 hostile calls: no growth of the JS heap or of the module's memory", async (t) => {
    // Every call consumes one queued fault (maxRetries 0): a cycle of 50 hostile answers, among
    // them one never-ending body, one 50 MB announced body and one dripping body per cycle.
    const success = await successText(OPERATIONS[0]);
    const cycle = [
      ...Array.from({ length: 5 }, () => [
        { status: 200, body: '{"applicationId":"183456","na' },
        { status: 200, body: "<html>oops</html>", contentType: "application/json" },
        { status: 200, body: '{"errors":["Something went wrong"]}' },
        { status: 200, body: "" }, // resolves to {}
        { status: 500, body: "" },
        { status: 429, retryAfter: String(YEAR_S) },
        { status: 302, headers: { location: otherUrl() }, body: "" },
        { status: 200, body: success, contentType: "text/html" },
        {}, // answered normally
      ]).flat(),
      { status: 503, bodyBytes: 2 * 1024 * 1024, chunked: true }, // read whole (under the cap), then refused as a 503
      { bodyBytes: MB50 },
      { endless: true },
      { endless: true, dripMs: 20 },
      { status: 404 },
    ];
    assert.equal(cycle.length, 50);
    const out = await runChild(`
      ${WASM_MEMORY_PROBE}
      const problems = [];
      process.on("unhandledRejection", (e) => problems.push("unhandledRejection: " + String(e)));
      process.on("warning", (w) => problems.push("warning: " + w.name + ": " + w.message));
      const { MerakiClient } = await import(${JSON.stringify(new URL("../../pkg/node/index.mjs", import.meta.url).href)});
      const { MOCK, CYCLE } = process.env;
      const cycle = JSON.parse(CYCLE);
      const control = (path, body) => fetch(MOCK + "/__mock/" + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.json());
      const client = new MerakiClient({ apiKey: "${KEY}", baseUrl: MOCK + "/api/v1", maxRetries: 0, timeoutMs: 250, requestsPerSecond: 0 });
      const APP = ${JSON.stringify(APP)};
      const shared = new AbortController(); // one long-lived signal for every call: no listener may pile up on it
      const outcomes = {};
      async function run(calls) {
        for (let done = 0; done < calls; done += cycle.length) {
          await control("reset", {});
          await control("faults", { faults: cycle });
          for (let i = 0; i < cycle.length; i++) {
            const got = await client.updatePrivateApplication("${ORG}", "183456", APP, { signal: shared.signal }).then(() => "value", (e) => e.name);
            outcomes[got] = (outcomes[got] ?? 0) + 1;
          }
        }
      }
      async function settle() {
        for (let i = 0; i < 6; i++) {
          await new Promise((r) => setTimeout(r, 30));
          globalThis.gc();
        }
        const m = process.memoryUsage();
        return { heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, rss: m.rss, wasm: wasmMemory().buffer.byteLength };
      }
      await run(200); // warm-up: every path taken, caches and pools filled
      const before = await settle();
      const t0 = performance.now();
      await run(1000);
      const ms = performance.now() - t0;
      const afterRun = await settle();
      for (const k of Object.keys(outcomes)) delete outcomes[k];
      await run(50);
      console.log(JSON.stringify({ before, after: afterRun, ms, outcomes, problems }));
    `, { MOCK: mock.url, CYCLE: JSON.stringify(cycle) }, 180_000, ["--expose-gc"]);
    const grew = (k) => out.after[k] - out.before[k];
    const mb = (n) => `${(n / 2 ** 20).toFixed(2)} MiB`;
    const figures = Object.fromEntries(["heapUsed", "external", "arrayBuffers", "rss", "wasm"].map((k) => [k, `${mb(out.before[k])} → ${mb(out.after[k])}`]));
    t.diagnostic(`1,000 hostile calls in ${(out.ms / 1000).toFixed(1)} s: ${JSON.stringify(figures)}`);
    assert.deepEqual(out.problems, []);
    // Each kind of answer really happened, and each gave its class.
    assert.deepEqual(out.outcomes, { ApiError: 34, value: 15, TimeoutError: 1 }, "the last 50 calls, one cycle");
    // The module's memory only grows in 64 KiB pages and never shrinks: after the warm-up it must
    // not grow at all (no refused byte ever enters it; a body under the cap is freed after use).
    assert.equal(grew("wasm"), 0, `wasm memory ${figures.wasm}`);
    // The JS heap and off-heap buffers: a leak of even 2 KB per call would show as 2 MB.
    assert.ok(grew("heapUsed") < 2 * 2 ** 20, `heapUsed ${figures.heapUsed}`);
    assert.ok(grew("arrayBuffers") < 2 * 2 ** 20, `arrayBuffers ${figures.arrayBuffers}`);
    assert.ok(grew("external") < 4 * 2 ** 20, `external ${figures.external}`);
  });
});
