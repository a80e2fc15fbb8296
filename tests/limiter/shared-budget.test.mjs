// One rate budget for several processes: node processes (worker.mjs) calling one organization of
// the mock, which enforces Meraki's limit (10 requests/s, burst 10), through redisRateLimiter on a
// real redis-server (tests/redis/server.mjs), with node-redis and with ioredis; and the same run
// with a memory limiter per process, which the server must refuse, so the test is known to bite.
// Redis killed in the middle of a run and started again on the same port: every call succeeds,
// onError hears of it once, and the shared limit holds again afterwards.
// Run: node --test tests/limiter/shared-budget.test.mjs (after make pkg; needs redis-server).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startMock } from "../mock/server.mjs";
import { startRedis } from "../redis/server.mjs";
import { measuredRun, startFleet } from "./fleet.mjs";

const LIMIT = { perSecond: 10, burst: 10 };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let mock;
let redis;
before(async () => {
  redis = await startRedis();
  mock = await startMock({ port: 0, rateLimit: LIMIT });
});
after(async () => {
  await mock?.close();
  await redis?.stop();
});

/** Runs `processes` × `calls` with `limiter` and returns the figures (see measuredRun). */
async function fleetRun(t, { processes, calls, limiter, org, maxRetries }) {
  const fleet = await startFleet(processes, { mockUrl: mock.url, limiter, redisPort: redis.port, maxRetries });
  try {
    const r = await measuredRun(fleet, mock, { org, calls, rate: LIMIT.perSecond, burst: LIMIT.burst });
    // The floor: the server's burst goes at once, then one request every 100 ms.
    t.diagnostic(
      `${limiter}: ${processes} × ${calls}: wall ${(r.wallMs / 1000).toFixed(2)} s, floor (${r.total} − ${LIMIT.burst}) / ${LIMIT.perSecond} = ${(r.floorMs / 1000).toFixed(2)} s, ` +
        `ratio ${r.ratio.toFixed(3)}, ${r.rateLimited429} × 429, ${r.failed} failed`,
    );
    return r;
  } finally {
    await fleet.close();
  }
}

describe("several processes, one organization", () => {
  test("3 × 40 with redisRateLimiter (node-redis): no 429, within 10 % of the floor", async (t) => {
    const r = await fleetRun(t, { processes: 3, calls: 40, limiter: "node-redis", org: "7001" });
    assert.equal(r.failed, 0, r.firstError);
    assert.equal(r.rateLimited429, 0, "the server refused no request");
    assert.ok(r.ratio <= 1.1, `wall ${r.wallMs} ms is more than 10 % over the floor ${r.floorMs} ms`);
    assert.ok(r.ratio >= 0.97, `wall ${r.wallMs} ms is under the floor ${r.floorMs} ms: the limit was not kept`);
    assert.deepEqual(r.onError, [0, 0, 0]);
  });

  test("the same run with a memory limiter in each process: the server refuses requests", async (t) => {
    // Without retries, so that each refusal is counted once and the run stays short.
    const r = await fleetRun(t, { processes: 3, calls: 40, limiter: "memory", org: "7002", maxRetries: 0 });
    assert.ok(r.rateLimited429 > 0, "three processes each on its own budget go over the shared limit");
    assert.equal(r.failed, r.rateLimited429);
  });

  test("3 × 30 with redisRateLimiter (ioredis): no 429, within 10 % of the floor", async (t) => {
    const r = await fleetRun(t, { processes: 3, calls: 30, limiter: "ioredis", org: "7003" });
    assert.equal(r.failed, 0, r.firstError);
    assert.equal(r.rateLimited429, 0, "the server refused no request");
    assert.ok(r.ratio <= 1.1 && r.ratio >= 0.97, `wall ${r.wallMs} ms against the floor ${r.floorMs} ms`);
  });
});

describe("Redis stopped in the middle of a run", () => {
  test("every call succeeds, onError is told once, and the shared limit holds again after the restart", async (t) => {
    const fleet = await startFleet(2, { mockUrl: mock.url, limiter: "node-redis", redisPort: redis.port, maxRetries: 10 });
    try {
      mock.reset();
      // Each process starts a call every 100 ms for 4 s (twice what the budget allows, so calls
      // queue), while Redis goes away at 1.2 s and comes back at 2.4 s.
      const running = fleet.run({ org: "7101", calls: 40, spreadMs: 100 });
      await sleep(1200);
      await redis.stop();
      await sleep(1200);
      await redis.start();
      const runs = await running;
      t.diagnostic(`during the outage: ${mock.stats().rateLimited429} × 429 (retried), onError ${runs.map((r) => r.onError)}`);
      assert.deepEqual(runs.map((r) => [r.ok, r.failed, r.firstError]), [[40, 0, null], [40, 0, null]], "every call succeeded");
      assert.deepEqual(runs.map((r) => r.onError), [1, 1], "each process heard of the outage once");

      // Back on Redis: once both clients have reconnected, a burst from both processes at once
      // stays within the shared limit.
      const until = Date.now() + 5000;
      while (!(await fleet.ready())) {
        assert.ok(Date.now() < until, "the Redis clients reconnected");
        await sleep(50);
      }
      await sleep(1100); // a probe is due again (at most one a second)
      const r = await measuredRun(fleet, mock, { org: "7102", calls: 15, rate: LIMIT.perSecond, burst: LIMIT.burst });
      t.diagnostic(`after the restart: 2 × 15, ${r.rateLimited429} × 429, wall ${r.wallMs} ms (floor ${r.floorMs} ms)`);
      assert.equal(r.failed, 0, r.firstError);
      assert.equal(r.rateLimited429, 0, "the shared limit holds again");
      assert.deepEqual(r.onError, [1, 1], "no new outage");
      assert.ok(r.ratio >= 0.97, `wall ${r.wallMs} ms under the floor ${r.floorMs} ms: not one budget`);
    } finally {
      await fleet.close();
    }
  });
});
