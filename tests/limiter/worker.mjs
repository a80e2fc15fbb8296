// One process of a fleet (see fleet.mjs): a MerakiClient on the limiter named in $WORKER, driven
// by JSON lines on stdin, answering with JSON lines on stdout.
//   $WORKER = {"mockUrl", "limiter": "node-redis"|"ioredis"|"memory"|"shorthand", "redisPort"?,
//              "requestsPerSecond"?, "maxRetries"?}
//   stdin  {"run": {"org", "calls", "spreadMs"?}}  → fires `calls` updates to `org`, at once or
//          one every `spreadMs`; answers
//          {"ran": {"start", "end", "ok", "failed", "firstError", "onError"}} (epoch ms)
//   stdin  {"ready": true}            → answers {"ready": bool} (is the Redis client connected?)
//   stdin  {"exit": true}             → closes the Redis client and exits
// Before it reads anything it warms up (loads fetch, connects, runs the script once) and prints
// {"warm": true}, so that a run measures the limiter, not a cold process.
import { createInterface } from "node:readline";
import { MerakiClient, memoryRateLimiter, redisRateLimiter } from "../../pkg/node/index.mjs";

const config = JSON.parse(process.env.WORKER);
const APP = {
  name: "Jira",
  destinations: [{ destinationAddr: ["10.1.2.3/32"], protocolPorts: [{ protocol: "TCP", ports: "443" }], accessType: "browser" }],
  appProtocol: "https",
  sni: "jira.internal.example.com",
};
const say = (value) => process.stdout.write(JSON.stringify(value) + "\n");

let redis = null;
let isReady = () => true;
let onErrorCalls = 0;
const rate = config.requestsPerSecond ?? 10;
let rateLimiter;
if (config.limiter === "node-redis") {
  const { createClient } = await import("redis");
  // A quick, steady reconnect, so that a restarted Redis is back within a probe interval.
  redis = createClient({ url: `redis://127.0.0.1:${config.redisPort}`, socket: { reconnectStrategy: () => 50 } });
  redis.on("error", () => {}); // node-redis ends the process on an unheard error
  await redis.connect();
  isReady = () => redis.isReady;
} else if (config.limiter === "ioredis") {
  const { Redis } = await import("ioredis");
  redis = new Redis(config.redisPort, "127.0.0.1", { retryStrategy: () => 50, maxRetriesPerRequest: 1 });
  redis.on("error", () => {});
  await new Promise((resolve, reject) => (redis.once("ready", resolve), redis.once("end", reject)));
  isReady = () => redis.status === "ready";
}
if (redis) {
  rateLimiter = redisRateLimiter({ redis, requestsPerSecond: rate, onError: () => (onErrorCalls += 1) });
} else if (config.limiter === "memory") {
  rateLimiter = memoryRateLimiter({ requestsPerSecond: rate });
}
const baseUrl = `${config.mockUrl}/api/v1`;
const options = { apiKey: "test-api-key", baseUrl, ...(rateLimiter ? { rateLimiter } : { requestsPerSecond: rate }) };
if (config.maxRetries !== undefined) options.maxRetries = config.maxRetries;
const client = new MerakiClient(options);

// Warm-up: Node loads fetch and opens a connection on first use; the Redis client and the script
// run once. Each process warms its own organization, well within the mock's burst.
const warm = `warm-${process.pid}`;
await Promise.all([0, 1].map((i) => client.updatePrivateApplication(warm, `w${i}`, APP)));
say({ warm: true });

async function run({ org, calls, spreadMs = 0 }) {
  const start = Date.now();
  const pending = [];
  for (let i = 0; i < calls; i++) {
    if (spreadMs > 0 && i > 0) await new Promise((resolve) => setTimeout(resolve, spreadMs));
    pending.push(client.updatePrivateApplication(org, `app-${i}`, APP));
  }
  const results = await Promise.allSettled(pending);
  const end = Date.now();
  const failed = results.filter((r) => r.status === "rejected");
  return { start, end, ok: results.length - failed.length, failed: failed.length, firstError: failed[0] ? String(failed[0].reason) : null, onError: onErrorCalls };
}

for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line);
  if (command.run) say({ ran: await run(command.run) });
  else if (command.ready) say({ ready: isReady() });
  else if (command.exit) break;
}
if (redis) await redis.quit().catch(() => redis.disconnect());
process.exit(0);
