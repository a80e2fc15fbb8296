// The relay scaled out: two replicas (relay-replica.mjs, each its own process) behind a
// round-robin "load balancer" (this test), sharing one rate budget through redisRateLimiter on a
// real redis-server, in front of the mock enforcing Meraki's limit (10 requests/s, burst 10):
// 0 × 429 and a wall time within 10 % of the floor. The same replicas on a memory limiter each
// must meet 429s at the mock, so the test is known to bite.
// Run: node --test tests/limiter/relay-replicas.test.mjs (after make pkg; needs redis-server).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { startMock } from "../mock/server.mjs";
import { startRedis } from "../redis/server.mjs";

const REPLICA = fileURLToPath(new URL("./relay-replica.mjs", import.meta.url));
const LIMIT = { perSecond: 10, burst: 10 };
const CALLS = 60;
const APP = {
  name: "Jira",
  destinations: [{ destinationAddr: ["10.1.2.3/32"], protocolPorts: [{ protocol: "TCP", ports: "443" }], accessType: "browser" }],
};

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

/** Starts a replica; resolves to { port, stop() } once it has warmed up. */
function startReplica(limiter) {
  const child = spawn(process.execPath, [REPLICA], {
    env: { ...process.env, REPLICA: JSON.stringify({ mockUrl: mock.url, limiter, redisPort: redis.port }), NODE_TEST_CONTEXT: "", NODE_OPTIONS: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  return new Promise((resolve, reject) => {
    exited.then((code) => reject(new Error(`replica exited (${code}): ${stderr}`)));
    createInterface({ input: child.stdout }).once("line", (line) => resolve({ port: JSON.parse(line).port, stop }));
  });
}

/** `CALLS` updates to one organization, fired at once, round-robin over the replicas. */
async function burstThrough(t, replicas, org) {
  mock.reset();
  const answers = await Promise.all(
    Array.from({ length: CALLS }, (_, i) =>
      fetch(`http://127.0.0.1:${replicas[i % replicas.length].port}/api/meraki/organizations/${org}/secureConnect/privateApplications/app-${i}`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(APP),
      }).then((r) => ({ status: r.status, end: Date.now() })),
    ),
  );
  const log = mock.requests().filter((e) => e.segments[3] === org);
  const first = Math.min(...log.map((e) => e.at));
  const wallMs = Math.max(...answers.map((a) => a.end)) - first;
  const floorMs = ((CALLS - LIMIT.burst) / LIMIT.perSecond) * 1000;
  const r = { statuses: [...new Set(answers.map((a) => a.status))], wallMs, floorMs, ratio: wallMs / floorMs, rateLimited429: mock.stats().rateLimited429 };
  t.diagnostic(`${replicas.length} replicas × ${CALLS / replicas.length}: wall ${wallMs} ms, floor ${floorMs} ms, ratio ${r.ratio.toFixed(3)}, ${r.rateLimited429} × 429`);
  return r;
}

test("two relay replicas sharing redisRateLimiter: 0 × 429 at the organization's rate, within 10 % of the floor", async (t) => {
  const replicas = await Promise.all([startReplica("redis"), startReplica("redis")]);
  try {
    const r = await burstThrough(t, replicas, "8101");
    assert.deepEqual(r.statuses, [200], "every call went through");
    assert.equal(r.rateLimited429, 0, "one budget for both replicas");
    assert.ok(r.ratio <= 1.1, `wall ${r.wallMs} ms is more than 10 % over the floor ${r.floorMs} ms`);
    assert.ok(r.ratio >= 0.97, `wall ${r.wallMs} ms under the floor ${r.floorMs} ms: the server's limit was not met`);
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
  }
});

test("the same replicas on a memory limiter each: the mock answers 429s (the test bites)", async (t) => {
  const replicas = await Promise.all([startReplica("memory"), startReplica("memory")]);
  try {
    const r = await burstThrough(t, replicas, "8102");
    assert.ok(r.rateLimited429 > 0, "two budgets of 10/s against one of 10/s must meet 429s");
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
  }
});
