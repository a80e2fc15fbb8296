// One replica of a portal's relay (see relay-replicas.test.mjs): its own process, a MerakiClient
// holding the key, on a limiter named in $REPLICA, behind createMerakiRelay on node:http. Prints
// {"port": n} once it listens and a warm-up call went through; exits on SIGTERM.
//   $REPLICA = {"mockUrl", "limiter": "redis"|"memory", "redisPort"?}
import http from "node:http";
import { MerakiClient, createMerakiRelay, redisRateLimiter } from "../../pkg/node/index.mjs";

const config = JSON.parse(process.env.REPLICA);
let redis = null;
let limit = { requestsPerSecond: 10 };
if (config.limiter === "redis") {
  const { createClient } = await import("redis");
  redis = createClient({ url: `redis://127.0.0.1:${config.redisPort}` });
  redis.on("error", () => {});
  await redis.connect();
  limit = { rateLimiter: redisRateLimiter({ redis, requestsPerSecond: 10 }) };
}
const client = new MerakiClient({ apiKey: "test-api-key", baseUrl: `${config.mockUrl}/api/v1`, ...limit });
const relay = createMerakiRelay({ client, prefix: "/api/meraki", authorize: async () => true });
const server = http.createServer(relay.node);
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const { port } = server.address();
// Warm-up on an organization of its own: fetch loaded, the connection and the script run once.
const warm = await fetch(`http://127.0.0.1:${port}/api/meraki/organizations/warm-${process.pid}/secureConnect/sites`, {
  method: "DELETE",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ sites: ["1"] }),
});
if (warm.status !== 201) throw new Error(`warm-up answered ${warm.status}`);
process.stdout.write(JSON.stringify({ port }) + "\n");
process.on("SIGTERM", async () => {
  server.close();
  await redis?.quit().catch(() => {});
  process.exit(0);
});
