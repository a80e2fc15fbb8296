// redisRateLimiter on its own, against a real redis-server (tests/redis/server.mjs): the
// schedule its script keeps (the same as the in-process limiter's), one budget per organization,
// abort, idle keys that expire, both client libraries, and what it does when Redis is unreachable,
// hangs, errs, or comes back.
// Run: node --test tests/limiter/redis-limiter.test.mjs (after make pkg; needs redis-server).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createClient } from "redis";
import { Redis } from "ioredis";
import { AbortError, ValidationError, memoryRateLimiter, redisRateLimiter } from "../../pkg/node/index.mjs";
import { startRedis } from "../redis/server.mjs";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let server;
let nodeRedis;
let ioRedis;
before(async () => {
  server = await startRedis();
  nodeRedis = createClient({ url: server.url, socket: { reconnectStrategy: () => 50 } });
  nodeRedis.on("error", () => {});
  await nodeRedis.connect();
  ioRedis = new Redis(server.port, "127.0.0.1", { retryStrategy: () => 50, maxRetriesPerRequest: 1 });
  ioRedis.on("error", () => {});
});
after(async () => {
  await nodeRedis?.quit().catch(() => {});
  ioRedis?.disconnect();
  await server?.stop();
});

let orgs = 0;
const freshOrg = () => `org-${process.pid}-${++orgs}`;

/** When each of `n` acquires made at once resolves, in ms from the start. */
async function schedule(limiter, org, n) {
  const t0 = Date.now();
  return Promise.all(Array.from({ length: n }, () => limiter.acquire(org).then(() => Date.now() - t0)));
}

function assertSchedule(got, want, slack, what) {
  assert.equal(got.length, want.length);
  for (const [i, ms] of got.entries()) {
    assert.ok(ms >= want[i] - 5 && ms <= want[i] + slack, `${what}: acquire ${i + 1} resolved at ${ms} ms, expected ${want[i]} ms (all: ${got})`);
  }
}

describe("the shared schedule", () => {
  for (const [name, client] of [["node-redis", () => nodeRedis], ["ioredis", () => ioRedis]]) {
    test(`${name}: at 10/s a burst of 6 at once, then one every 100 ms, as memoryRateLimiter`, async () => {
      const want = [0, 0, 0, 0, 0, 0, 100, 200, 300, 400, 500, 600];
      const limiter = redisRateLimiter({ redis: client(), requestsPerSecond: 10 });
      await limiter.acquire(freshOrg()); // the first command of a client may be slow
      assertSchedule(await schedule(limiter, freshOrg(), 12), want, 60, name);
      assertSchedule(await schedule(memoryRateLimiter({ requestsPerSecond: 10 }), "o", 12), want, 60, "memoryRateLimiter");
    });
  }

  test("two limiters (two processes' worth) on one Redis share the budget; a slow rate spaces by the margin too", async () => {
    const org = freshOrg();
    const a = redisRateLimiter({ redis: nodeRedis, requestsPerSecond: 10 });
    const b = redisRateLimiter({ redis: ioRedis, requestsPerSecond: 10 });
    const t0 = Date.now();
    const times = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).acquire(org).then(() => Date.now() - t0)));
    times.sort((x, y) => x - y);
    // 6 at once for both together, then 100, 200, 300, 400 ms: not 6 each.
    assert.ok(times[6] >= 90, `the 7th slot came at ${times[6]} ms: the two did not share one budget (${times})`);
    assert.ok(times[9] >= 390 && times[9] < 480, `${times}`);
    // At 1/s the burst is 1 and slots are 1400 ms apart (1 s + the 400 ms margin).
    const slow = redisRateLimiter({ redis: nodeRedis, requestsPerSecond: 1 });
    const s = await schedule(slow, freshOrg(), 2);
    assert.ok(s[0] < 50 && s[1] >= 1395 && s[1] < 1480, `${s}`);
  });

  test("two organizations do not share a budget: B is not slowed by A's queue", async () => {
    const limiter = redisRateLimiter({ redis: nodeRedis, requestsPerSecond: 2 });
    const [a, b] = [freshOrg(), freshOrg()];
    const queued = Array.from({ length: 5 }, () => limiter.acquire(a)); // A: 0, 500, …, 2000 ms
    const t0 = Date.now();
    await limiter.acquire(b);
    assert.ok(Date.now() - t0 < 100, `B waited ${Date.now() - t0} ms behind A`);
    await Promise.all(queued);
  });

  test("acquire aborted while waiting rejects with AbortError at once; an aborted signal takes no slot", async () => {
    const limiter = redisRateLimiter({ redis: nodeRedis, requestsPerSecond: 1 });
    const org = freshOrg();
    await limiter.acquire(org);
    const controller = new AbortController();
    const t0 = Date.now();
    const waiting = limiter.acquire(org, controller.signal); // its slot is 1400 ms away
    setTimeout(() => controller.abort(), 50);
    const e = await waiting.then(() => null, (err) => err);
    assert.ok(e instanceof AbortError, String(e));
    assert.equal(e.operation, "acquire");
    assert.equal(e.attempts, 0);
    assert.ok(Date.now() - t0 < 200, `rejected after ${Date.now() - t0} ms`);
    await assert.rejects(limiter.acquire(freshOrg(), AbortSignal.abort()), AbortError);
  });

  test("one key per organization under keyPrefix, which expires once idle", async () => {
    const limiter = redisRateLimiter({ redis: ioRedis, requestsPerSecond: 10, keyPrefix: "test:" });
    const org = freshOrg();
    for (let i = 0; i < 3; i++) await limiter.acquire(org);
    const ttl = await nodeRedis.pTTL(`test:rate:${org}`);
    // Its arrival time is 300 ms ahead: the key lives that long, then means what no key means.
    assert.ok(ttl > 0 && ttl <= 300, `PTTL ${ttl}`);
    await sleep(ttl + 50);
    assert.equal(await nodeRedis.exists(`test:rate:${org}`), 0);
  });
});

describe("when Redis fails", () => {
  test("a client that is not connected: calls go on under the in-process limiter, onError told once", async () => {
    const closed = createClient({ url: server.url }); // never connected: every command rejects
    const errors = [];
    const limiter = redisRateLimiter({ redis: closed, requestsPerSecond: 10, onError: (e) => errors.push(e) });
    const times = await schedule(limiter, freshOrg(), 8);
    // The fallback keeps the same schedule: 6 at once, then 100 ms apart.
    assertSchedule(times, [0, 0, 0, 0, 0, 0, 100, 200], 80, "fallback");
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof Error);
  });

  test("a Redis that does not answer: acquire goes on after 200 ms, never hangs; calls during the probe wait for it", async () => {
    let evals = 0;
    const hanging = { eval: () => (evals++, new Promise(() => {})), evalsha() {} };
    const errors = [];
    const limiter = redisRateLimiter({ redis: hanging, onError: (e) => errors.push(e) });
    const org = freshOrg();
    let t0 = Date.now();
    await limiter.acquire(org);
    const first = Date.now() - t0;
    assert.ok(first >= 190 && first < 400, `the first acquire took ${first} ms`);
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /did not answer within 200 ms/);
    t0 = Date.now();
    for (let i = 0; i < 4; i++) await limiter.acquire(org); // on the fallback, no probe due yet
    assert.ok(Date.now() - t0 < 50, `${Date.now() - t0} ms`);
    assert.equal(evals, 1, "no command sent while no probe is due");
    await sleep(1000);
    const probing = limiter.acquire(org); // a probe is due: this call makes it
    t0 = Date.now();
    await limiter.acquire(org); // made while the probe is out: it waits for the verdict
    assert.ok(Date.now() - t0 >= 190, `a call made during the probe went on after ${Date.now() - t0} ms, not after its verdict`);
    await probing;
    assert.equal(evals, 2, "one probe a second");
    assert.equal(errors.length, 1, "still the same outage");
  });

  test("an onError that throws or rejects changes nothing; a script error is an outage too", async () => {
    for (const onError of [() => { throw new Error("boom"); }, () => Promise.reject(new Error("boom"))]) {
      const refusing = { eval: async () => { throw new Error("NOPERM this user has no permissions to run the 'eval' command"); }, evalSha() {} };
      const limiter = redisRateLimiter({ redis: refusing, onError });
      await limiter.acquire(freshOrg());
    }
    const junk = { eval: async () => "not a number", evalSha() {} };
    let told = 0;
    await redisRateLimiter({ redis: junk, onError: () => told++ }).acquire(freshOrg());
    assert.equal(told, 1);
  });

  test("Redis stopped and started again: the fallback, then Redis again on a later call", async () => {
    const errors = [];
    const limiter = redisRateLimiter({ redis: nodeRedis, requestsPerSecond: 10, onError: (e) => errors.push(e) });
    const org = freshOrg();
    await limiter.acquire(org);
    assert.equal(await nodeRedis.exists(`app-admin-wasm:rate:${org}`), 1);
    await server.stop();
    const t0 = Date.now();
    await limiter.acquire(org);
    await limiter.acquire(org);
    assert.ok(Date.now() - t0 < 500, `acquire during the outage took ${Date.now() - t0} ms`);
    assert.equal(errors.length, 1);
    await server.start(); // empty: nothing was saved
    const until = Date.now() + 5000;
    while (!nodeRedis.isReady) {
      assert.ok(Date.now() < until, "node-redis reconnected");
      await sleep(20);
    }
    await sleep(1000); // the next probe is due
    await limiter.acquire(org);
    assert.equal(await nodeRedis.exists(`app-admin-wasm:rate:${org}`), 1, "the probe reserved in Redis again");
    assert.equal(errors.length, 1, "one outage, told once");
  });
});

describe("options", () => {
  test("what cannot be used is one ValidationError with every issue", () => {
    try {
      redisRateLimiter({ redis: { eval() {} }, requestsPerSecond: 1001, keyPrefix: 5, onError: "log" });
      assert.fail("no throw");
    } catch (err) {
      assert.ok(err instanceof ValidationError);
      assert.deepEqual(err.issues.map((i) => [i.path, i.code]), [["/redis", "option"], ["/requestsPerSecond", "option"], ["/keyPrefix", "option"], ["/onError", "option"]]);
      assert.match(err.message, /^4 problems: \/redis: redis must be /);
    }
    assert.throws(() => redisRateLimiter(), ValidationError);
    assert.throws(() => redisRateLimiter({ get redis() { throw new Error("x"); } }), (err) => err.issues[0].message.includes("getter threw"));
    const limiter = redisRateLimiter({ redis: nodeRedis });
    assert.equal(limiter.requestsPerSecond, 10);
    assert.ok(Object.isFrozen(limiter));
  });

  test("acquire refuses an organization that is not a string, or a signal that is not one", async () => {
    const limiter = redisRateLimiter({ redis: nodeRedis });
    await assert.rejects(limiter.acquire(5), (e) => e instanceof ValidationError && e.issues[0].path === "/organizationId");
    await assert.rejects(limiter.acquire("o", {}), (e) => e instanceof ValidationError && e.issues[0].path === "/signal");
  });
});
