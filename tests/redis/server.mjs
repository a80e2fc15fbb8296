// A real redis-server for the tests: Debian's, which scripts/setup.sh installs, started on a free
// loopback port with nothing saved to disk, as a child of the test process, and killed after.
//   const redis = await startRedis();   // { port, url, stop(), start() }
//   await redis.stop();                 // as in an outage: the port stays reserved for start()
//   await redis.start();                // the same port again, empty (nothing was saved)
import { spawn, spawnSync } from "node:child_process";
import { createServer, connect } from "node:net";

/** Whether `redis-server` is on PATH. */
export function haveRedisServer() {
  return spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
}

/** A free TCP port on 127.0.0.1 (the OS picks it; it is free again once this resolves). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on `port`, or rejects after `ms`. */
async function reachable(port, ms) {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const socket = connect({ port, host: "127.0.0.1" });
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`redis-server did not listen on port ${port} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Starts redis-server on a free port (or `port`); resolves once it accepts connections. */
export async function startRedis({ port } = {}) {
  if (!haveRedisServer()) throw new Error("redis-server is not on PATH: run scripts/setup.sh (it installs Debian's redis-server)");
  port ??= await freePort();
  let child = null;
  let exited = null;
  const redis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    /** Starts the server (again) on the same port. */
    async start() {
      if (child) return;
      const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"];
      child = spawn("redis-server", args, { stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      exited = new Promise((resolve) => child.once("exit", resolve));
      const early = exited.then((code) => {
        throw new Error(`redis-server exited (${code}) before listening: ${stderr}`);
      });
      await Promise.race([reachable(port, 5000), early]);
      early.catch(() => {});
    },
    /** Kills the server (SIGKILL: an outage, not a shutdown) and waits for it to be gone. */
    async stop() {
      if (!child) return;
      child.kill("SIGKILL");
      await exited;
      child = null;
    },
  };
  await redis.start();
  return redis;
}
