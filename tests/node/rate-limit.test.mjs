// The client-side rate limit: a token bucket per organization (burst floor(0.9 × rate), then one
// request every 1/rate s), checked against a mock that enforces Meraki's limit.
//
// The tests that count the server's 429s run the client in a child `node` process: this mock runs
// in the test's own process, and when the client shares its event loop the mock only sees a
// request once the client's work is done, which bunches arrivals by 100+ ms (more than the
// limiter's jitter margin) and makes the count depend on machine load rather than on the client.
// Run: node --test tests/node/rate-limit.test.mjs

import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { AbortError, MerakiClient } from "../../pkg/node/index.mjs";
import { startMock } from "../mock/server.mjs";
import { API_KEY, APP, OP, merakiBase, rejection, sleep, runChild } from "./helpers.mjs";

const SERVER_RATE = { perSecond: 20 };
const SLACK = 100;

let mock;
before(async () => {
  mock = await startMock({ port: 0, rateLimit: SERVER_RATE });
  // Node loads fetch on first use: keep that out of the in-process timings below.
  const warm = newClient({ requestsPerSecond: 0 });
  await Promise.allSettled(Array.from({ length: 18 }, (_, i) => warm.updatePrivateApplication("warm-up", `w${i}`, APP)));
});
after(() => mock?.close());
beforeEach(() => mock.reset());

const newClient = (options = {}) => new MerakiClient({ apiKey: API_KEY, baseUrl: merakiBase(mock), ...options });

/** Fires one call per org in `orgs` at once; resolves {results, elapsed} once all settle. */
async function burst(client, orgs) {
  const started = Date.now();
  const results = await Promise.allSettled(
    orgs.map((org, i) => client.updatePrivateApplication(org, `app-${i}`, APP)),
  );
  return { results, elapsed: Date.now() - started };
}

function assertAllFulfilled(results) {
  const rejected = results.filter((r) => r.status === "rejected");
  assert.deepEqual(rejected.map((r) => String(r.reason)), [], "every call succeeds");
  for (const [i, r] of results.entries()) assert.equal(r.value.applicationId, `app-${i}`);
}

const span = (log) => log.at(-1).at - log[0].at;

const CHILD_SCRIPT = `
import { MerakiClient } from ${JSON.stringify(new URL("../../pkg/node/index.mjs", import.meta.url).href)};
const { orgs, options, warm, resetWith } = JSON.parse(process.env.BURST);
const app = ${JSON.stringify(APP)};
const baseUrl = process.env.MOCK_URL + "/api/v1";
if (warm) {
  // Load fetch and open connections once (18 calls fit the server's burst), then clear the mock.
  const w = new MerakiClient({ apiKey: "test-api-key", baseUrl, requestsPerSecond: 0 });
  await Promise.allSettled(Array.from({ length: 18 }, (_, i) => w.updatePrivateApplication("warm-up", "w" + i, app)));
  const res = await fetch(process.env.MOCK_URL + "/__mock/reset", {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(resetWith),
  });
  if (!res.ok) throw new Error("reset failed: " + res.status);
}
const client = new MerakiClient({ apiKey: "test-api-key", baseUrl, ...options });
const started = Date.now();
const results = await Promise.allSettled(orgs.map((org, i) => client.updatePrivateApplication(org, "app-" + i, app)));
const elapsed = Date.now() - started;
process.stdout.write(JSON.stringify({
  elapsed,
  results: results.map((r) => (r.status === "fulfilled" ? r.value.applicationId : "rejected: " + r.reason)),
}) + "\\n");
`;

/**
 * Fires one call per org in `orgs` at once from a separate node process (optionally warmed up
 * first); resolves {elapsed, results: applicationId or "rejected: ..." per call}.
 */
async function burstInChild({ orgs, options, warm = true, resetWith = {} }) {
  return runChild(CHILD_SCRIPT, { MOCK_URL: mock.url, BURST: JSON.stringify({ orgs, options, warm, resetWith }) });
}

function assertAllIds(results) {
  assert.deepEqual(results, results.map((_, i) => `app-${i}`), "every call succeeds");
}

describe("one organization", () => {
  test("40 concurrent calls at 20/s: no 429 from a server limiting at 20/s, spaced by the limiter", async () => {
    const { results, elapsed } = await burstInChild({ orgs: Array(40).fill("5001"), options: { requestsPerSecond: 20 } });
    assertAllIds(results);
    const stats = mock.stats();
    assert.equal(stats.rateLimited429, 0, "no request was refused");
    assert.equal(stats.requests, 40, "no retries were needed");
    // A burst of floor(0.9 × 20) = 18, then one request every 50 ms: the last leaves at 1100 ms.
    const floor = ((40 - 18) / 20) * 1000;
    assert.ok(elapsed >= floor - SLACK, `40 calls took ${elapsed} ms, expected at least ${floor - SLACK}`);
    assert.ok(elapsed < floor + 1500, `40 calls took ${elapsed} ms: the limiter is slower than it should be`);
    const log = mock.requests();
    assert.ok(span(log) >= floor - SLACK, `requests spread over ${span(log)} ms`);
    // After the burst the server saw one request per ~50 ms, not a second burst.
    const queued = log.slice(18);
    const pace = (queued.at(-1).at - queued[0].at) / (queued.length - 1);
    assert.ok(pace >= 45 && pace <= 80, `queued requests arrived every ${pace.toFixed(1)} ms`);
  });

  test("calls leave the queue in the order they were made (FIFO)", async () => {
    const client = newClient({ requestsPerSecond: 20 });
    await burst(client, Array(30).fill("5001"));
    // Past the burst of 18, requests leave 50 ms apart, so their arrival order is the call order.
    const ids = mock.requests().map((e) => e.segments[6]);
    assert.equal(ids.length, 30);
    assert.deepEqual(ids.slice(-10), Array.from({ length: 10 }, (_, i) => `app-${20 + i}`), `arrival order ${ids}`);
  });

  test("the default requestsPerSecond (10) keeps a 10/s server happy", async () => {
    const resetWith = { rateLimit: { perSecond: 10 } };
    mock.reset(resetWith);
    const { results, elapsed } = await burstInChild({ orgs: Array(20).fill("5001"), options: {}, resetWith });
    assertAllIds(results);
    assert.equal(mock.stats().rateLimited429, 0);
    assert.equal(mock.stats().requests, 20);
    // Burst of 9, then one every 100 ms: 1100 ms.
    assert.ok(elapsed >= 1100 - SLACK, `20 calls at the default rate took ${elapsed} ms`);
  });

  test("an idle bucket refills: after a pause a new burst goes out at once", async () => {
    const client = newClient({ requestsPerSecond: 20 });
    await burst(client, Array(18).fill("5001"));
    await sleep(1000);
    mock.reset();
    const { results, elapsed } = await burst(client, Array(18).fill("5001"));
    assertAllFulfilled(results);
    assert.ok(elapsed < 600, `the second burst took ${elapsed} ms`);
  });

  test("an abort while queued in the limiter: AbortError with 0 attempts, nothing sent", async () => {
    const client = newClient({ requestsPerSecond: 1 });
    const first = client.updatePrivateApplication("5001", "first", APP);
    const controller = new AbortController();
    const started = Date.now();
    const second = client.updatePrivateApplication("5001", "second", APP, { signal: controller.signal });
    await first;
    await sleep(50);
    controller.abort();
    const e = await rejection(second);
    assert.ok(e instanceof AbortError, String(e));
    assert.equal(e.attempts, 0);
    assert.equal(e.operation, OP);
    assert.ok(Date.now() - started < 900, "it did not wait for its slot");
    await sleep(1200);
    assert.deepEqual(mock.requests().map((l) => l.segments[6]), ["first"]);
  });
});

describe("several organizations", () => {
  test("two organizations do not share a bucket", async () => {
    // At 10/s: burst 9, then 100 ms apart. 20 calls on one org take ~1.1 s; 10 + 10 take ~0.1 s.
    const split = await burst(newClient({ requestsPerSecond: 10 }), Array.from({ length: 20 }, (_, i) => (i % 2 ? "A" : "B")));
    assertAllFulfilled(split.results);
    mock.reset();
    const single = await burst(newClient({ requestsPerSecond: 10 }), Array(20).fill("A"));
    assertAllFulfilled(single.results);
    assert.ok(single.elapsed >= 1100 - SLACK, `one org took ${single.elapsed} ms`);
    assert.ok(split.elapsed < 700, `two orgs took ${split.elapsed} ms`);
    assert.ok(split.elapsed + 400 < single.elapsed, `split ${split.elapsed} ms vs single ${single.elapsed} ms`);
  });

  test("each organization gets its own burst, all within the server's per-org limit", async () => {
    const orgs = [...Array(18).fill("A"), ...Array(18).fill("B")];
    const { results, elapsed } = await burst(newClient({ requestsPerSecond: 20 }), orgs);
    assertAllFulfilled(results);
    assert.equal(mock.stats().rateLimited429, 0);
    assert.ok(elapsed < 600, `36 calls over two orgs took ${elapsed} ms`);
  });
});

describe("requestsPerSecond 0", () => {
  test("disables the limiter: 40 calls go out at once", async () => {
    mock.reset({ rateLimit: null });
    const { results, elapsed } = await burst(newClient({ requestsPerSecond: 0 }), Array(40).fill("5001"));
    assertAllFulfilled(results);
    assert.ok(elapsed < 800, `40 unlimited calls took ${elapsed} ms (a 10/s limiter would need ~3.1 s)`);
    assert.ok(span(mock.requests()) < 500, `requests spread over ${span(mock.requests())} ms`);
  });

  test("against the limiting server the 429s do occur, and are retried to success", async () => {
    const { results } = await burst(newClient({ requestsPerSecond: 0 }), Array(40).fill("5001"));
    assertAllFulfilled(results);
    const stats = mock.stats();
    assert.ok(stats.rateLimited429 > 0, "the mock really limits");
    assert.ok(stats.rateLimited429 >= 10, `only ${stats.rateLimited429} 429s for 40 calls against a burst of 20`);
    assert.equal(stats.requests, 40 + stats.rateLimited429, "each 429 was retried once per refusal");
  });
});

describe("a cold process", () => {
  // In a fresh process the first burst leaves late (the first fetch() loads Node's HTTP client
  // and connects) and reaches the server 110-150 ms after its slots, while later slots leave on
  // time. The limiter's margin (400 ms) must absorb that: it failed with 100 ms, and with 250 ms
  // on a loaded machine.
  test(
    "40 calls at 20/s fired at once by a fresh node process get no 429",
    async () => {
      const { results } = await burstInChild({ orgs: Array(40).fill("5001"), options: { requestsPerSecond: 20 }, warm: false });
      assertAllIds(results);
      const stats = mock.stats();
      assert.equal(stats.rateLimited429, 0, `the server refused ${stats.rateLimited429} request(s)`);
      assert.equal(stats.requests, 40);
    },
  );
});
