// The `rateLimiter` option of MerakiClient, against the mock: the client waits for acquire before
// every attempt, with the organization and the call's signal; it is read like `fetch` and
// `hooks` (an `option` issue when it has no acquire; not together with `requestsPerSecond`); a
// limiter that fails lets the call go, warned once per client; and memoryRateLimiter, the
// built-in limit as an object, makes one budget of the clients that share it.
// Run: node --test tests/node/rate-limiter.test.mjs
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { AbortError, MerakiClient, ValidationError, memoryRateLimiter } from "../../pkg/node/index.mjs";
import { startMock } from "../mock/server.mjs";
import { API_KEY, APP, OP, merakiBase, rejection, runChild, sleep, thrown } from "./helpers.mjs";

let mock;
before(async () => {
  mock = await startMock({ port: 0 });
});
after(() => mock?.close());
beforeEach(() => mock.reset());

const newClient = (options) => new MerakiClient({ apiKey: API_KEY, baseUrl: merakiBase(mock), ...options });

/** A limiter that records its calls and lets each go after `waitMs`. */
function recording(waitMs = 0) {
  const calls = [];
  return {
    calls,
    acquire(organizationId, signal) {
      calls.push({ organizationId, signal, at: Date.now(), self: this });
      return sleep(waitMs);
    },
  };
}

describe("the option", () => {
  test("rateLimiter with requestsPerSecond, or without an acquire method, is an option issue", () => {
    const limiter = memoryRateLimiter();
    for (const requestsPerSecond of [10, 0]) {
      const e = thrown(() => newClient({ rateLimiter: limiter, requestsPerSecond }));
      assert.ok(e instanceof ValidationError);
      assert.deepEqual(e.issues.map((i) => [i.path, i.code]), [["/requestsPerSecond", "option"]]);
      assert.match(e.issues[0].message, /cannot be given with rateLimiter/);
    }
    for (const rateLimiter of [{}, 5, "memory", { acquire: 1 }, () => {}]) {
      const e = thrown(() => newClient({ rateLimiter }));
      assert.deepEqual(e.issues.map((i) => [i.path, i.code]), [["/rateLimiter", "option"]], String(rateLimiter));
    }
    const unreadable = { apiKey: API_KEY, get rateLimiter() { throw new Error("no"); } };
    const getter = thrown(() => new MerakiClient(unreadable));
    assert.deepEqual(getter.issues.map((i) => [i.path, i.message]), [["/rateLimiter", "This option could not be read: its getter threw."]]);
    // Reported with the other options' issues, all at once.
    const both = thrown(() => newClient({ rateLimiter: {}, baseUrl: "http://example.com" }));
    assert.deepEqual(both.issues.map((i) => i.path).sort(), ["/baseUrl", "/rateLimiter"]);
    // Absent is absent: the client's own limiter.
    newClient({ rateLimiter: undefined, requestsPerSecond: 5 });
    newClient({ rateLimiter: null });
  });

  test("a limiter holding what JSON cannot write (a client with a cycle) is accepted", async () => {
    const connection = { name: "redis" };
    connection.self = connection;
    const limiter = { connection, big: 10n, acquire: async () => {} };
    const client = newClient({ rateLimiter: limiter });
    assert.equal((await client.updatePrivateApplication("5001", "a", APP)).applicationId, "a");
  });
});

describe("waiting for a slot", () => {
  test("acquire is called before every attempt with the organization and the call's signal, as a method", async () => {
    const limiter = recording();
    const client = newClient({ rateLimiter: limiter });
    mock.addFaults([{ status: 503 }]);
    const signal = new AbortController().signal;
    await client.updatePrivateApplication("org/1", "a", APP, { signal });
    assert.equal(limiter.calls.length, 2, "the retry waited for a slot too");
    for (const c of limiter.calls) {
      assert.equal(c.organizationId, "org/1", "the organization as given, not percent-encoded");
      assert.equal(c.signal, signal);
      assert.equal(c.self, limiter);
    }
    await client.detachSites("5002", { sites: ["s1"] });
    assert.equal(limiter.calls.at(-1).organizationId, "5002");
    assert.equal(limiter.calls.at(-1).signal, undefined, "no signal: none passed");
  });

  test("the request leaves only once acquire resolved; the client keeps no limit of its own", async () => {
    const client = newClient({ rateLimiter: recording(300) });
    const t0 = Date.now();
    await client.updatePrivateApplication("5001", "a", APP);
    assert.ok(mock.requests()[0].at - t0 >= 295, `sent ${mock.requests()[0].at - t0} ms after the call`);
    // 30 calls at once through a limiter that never waits all leave at once (the default
    // limiter would hold all but 6 of them back).
    mock.reset();
    const free = newClient({ rateLimiter: { acquire: () => Promise.resolve() } });
    const t1 = Date.now();
    await Promise.all(Array.from({ length: 30 }, (_, i) => free.updatePrivateApplication("5001", `x${i}`, APP)));
    assert.ok(Date.now() - t1 < 1000, `${Date.now() - t1} ms`);
  });

  test("the call's signal ends the wait even when the limiter ignores it: AbortError, nothing sent", async () => {
    const client = newClient({ rateLimiter: { acquire: () => new Promise(() => {}) } });
    const controller = new AbortController();
    const call = client.updatePrivateApplication("5001", "a", APP, { signal: controller.signal });
    await sleep(50);
    const t0 = Date.now();
    controller.abort();
    const e = await rejection(call);
    assert.ok(e instanceof AbortError, String(e));
    assert.equal(e.attempts, 0);
    assert.equal(e.operation, OP);
    assert.ok(Date.now() - t0 < 100);
    assert.equal(mock.requests().length, 0);
  });

  test("a limiter that rejects because the signal fired: AbortError, no warning", async (t) => {
    const warn = t.mock.method(console, "warn", () => {});
    const limiter = memoryRateLimiter({ requestsPerSecond: 1 });
    const client = newClient({ rateLimiter: limiter });
    await client.updatePrivateApplication("5001", "a", APP);
    const controller = new AbortController();
    const call = client.updatePrivateApplication("5001", "b", APP, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const e = await rejection(call);
    assert.ok(e instanceof AbortError);
    assert.equal(e.attempts, 0);
    assert.equal(warn.mock.callCount(), 0);
  });

  test("a limiter that throws, rejects or answers junk: the call goes ahead, warned once per client", async (t) => {
    const warn = t.mock.method(console, "warn", () => {});
    const secret = "limiter-internal-detail";
    const broken = [
      () => {
        throw new Error(secret);
      },
      () => Promise.reject(new Error(secret)),
      () => ({ then() { throw new Error(secret); } }),
    ];
    for (const [i, acquire] of broken.entries()) {
      const client = newClient({ rateLimiter: { acquire } });
      const a = await client.updatePrivateApplication("5001", `a${i}`, APP);
      const b = await client.updatePrivateApplication("5001", `b${i}`, APP);
      assert.deepEqual([a.applicationId, b.applicationId], [`a${i}`, `b${i}`]);
      assert.equal(warn.mock.callCount(), i + 1, "once per client");
    }
    const text = warn.mock.calls.map((c) => c.arguments.join(" ")).join("\n");
    assert.match(text, /rateLimiter\.acquire threw or rejected/);
    assert.ok(!text.includes(secret), "what the limiter threw is not repeated");
    // An acquire that returns a plain value (not a promise) is a limiter saying "go".
    const plain = newClient({ rateLimiter: { acquire: () => undefined } });
    await plain.updatePrivateApplication("5001", "p", APP);
    assert.equal(warn.mock.callCount(), 3);
  });
});

describe("memoryRateLimiter", () => {
  test("options: a rate above 0 and at most 1000, default 10", () => {
    assert.equal(memoryRateLimiter().requestsPerSecond, 10);
    assert.equal(memoryRateLimiter({ requestsPerSecond: 2.5 }).requestsPerSecond, 2.5);
    for (const requestsPerSecond of [0, -1, 1001, NaN, "10", Infinity]) {
      const e = thrown(() => memoryRateLimiter({ requestsPerSecond }));
      assert.ok(e instanceof ValidationError);
      assert.deepEqual(e.issues.map((i) => [i.path, i.code]), [["/requestsPerSecond", "option"]], String(requestsPerSecond));
    }
    assert.ok(thrown(() => memoryRateLimiter(5)) instanceof ValidationError);
  });

  test("the built-in schedule: a burst of 6 at 10/s, then one every 100 ms; abort while waiting; organizations apart", async () => {
    const limiter = memoryRateLimiter({ requestsPerSecond: 10 });
    const t0 = Date.now();
    const times = await Promise.all(Array.from({ length: 12 }, () => limiter.acquire("A").then(() => Date.now() - t0)));
    const want = [0, 0, 0, 0, 0, 0, 100, 200, 300, 400, 500, 600];
    for (const [i, ms] of times.entries()) assert.ok(ms >= want[i] - 5 && ms <= want[i] + 60, `${times}`);
    // A's queue is long now; B has its own budget.
    const queued = limiter.acquire("A");
    const t1 = Date.now();
    await limiter.acquire("B");
    assert.ok(Date.now() - t1 < 30);
    await queued;
    const controller = new AbortController();
    const waiting = limiter.acquire("A", controller.signal);
    setTimeout(() => controller.abort(), 20);
    const e = await rejection(waiting);
    assert.ok(e instanceof AbortError);
    assert.equal(e.operation, "acquire");
  });

  // In a child process: see rate-limit.test.mjs for why the mock must not share the clients' loop.
  const TWO_CLIENTS = `
import { MerakiClient, memoryRateLimiter } from ${JSON.stringify(new URL("../../pkg/node/index.mjs", import.meta.url).href)};
const app = ${JSON.stringify(APP)};
const baseUrl = process.env.MOCK_URL + "/api/v1";
const { shared } = JSON.parse(process.env.RUN);
const limiter = memoryRateLimiter({ requestsPerSecond: 10 });
const make = () => new MerakiClient({ apiKey: "test-api-key", baseUrl, maxRetries: 0, ...(shared ? { rateLimiter: limiter } : { requestsPerSecond: 10 }) });
const clients = [make(), make()];
// Warm up fetch and the connections, then clear the mock.
await Promise.all(clients.map((c, i) => c.updatePrivateApplication("warm-up-" + i, "w", app)));
const reset = await fetch(process.env.MOCK_URL + "/__mock/reset", {
  method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ rateLimit: { perSecond: 10, burst: 10 } }),
});
if (!reset.ok) throw new Error("reset failed: " + reset.status);
const started = Date.now();
const results = await Promise.allSettled(clients.flatMap((c, k) => Array.from({ length: 15 }, (_, i) => c.updatePrivateApplication("5001", k + "-" + i, app))));
process.stdout.write(JSON.stringify({ elapsed: Date.now() - started, failed: results.filter((r) => r.status === "rejected").length }) + "\\n");
`;

  test("one memoryRateLimiter shared by two clients is one budget: no 429 where two own limits get some", async () => {
    mock.reset({ rateLimit: { perSecond: 10, burst: 10 } });
    const shared = await runChild(TWO_CLIENTS, { MOCK_URL: mock.url, RUN: JSON.stringify({ shared: true }) });
    assert.equal(mock.stats().rateLimited429, 0);
    assert.equal(shared.failed, 0);
    // 30 calls, one budget: a burst of 6, then 100 ms apart: the last leaves at 2.4 s.
    assert.ok(shared.elapsed >= 2300, `30 calls took ${shared.elapsed} ms`);
    mock.reset({ rateLimit: { perSecond: 10, burst: 10 } });
    const apart = await runChild(TWO_CLIENTS, { MOCK_URL: mock.url, RUN: JSON.stringify({ shared: false }) });
    assert.ok(mock.stats().rateLimited429 > 0, "two clients on their own budgets go over the limit");
    assert.equal(apart.failed, mock.stats().rateLimited429);
  });
});
