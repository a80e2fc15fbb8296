// Several node processes calling one organization through MerakiClient, each with its own limiter
// (worker.mjs): for the shared-budget tests and `make bench`. The mock runs in the caller's
// process; the clients never share its event loop.
//   const fleet = await startFleet(3, { mockUrl, limiter: "node-redis", redisPort });
//   const runs = await fleet.run({ org: "7001", calls: 40 });  // all at once, after a barrier
//   await fleet.close();
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const WORKER = fileURLToPath(new URL("./worker.mjs", import.meta.url));

/** One worker process: `ask(command)` sends a JSON line and resolves to the next line it prints. */
function startWorker(config) {
  const child = spawn(process.execPath, [WORKER], {
    env: { ...process.env, WORKER: JSON.stringify(config), NODE_TEST_CONTEXT: "", NODE_OPTIONS: "" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
  const waiting = [];
  const exited = new Promise((resolve) => child.once("exit", resolve));
  exited.then((code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`worker exited (${code}): ${stderr}`));
  });
  createInterface({ input: child.stdout }).on("line", (line) => {
    const w = waiting.shift();
    if (w) w.resolve(JSON.parse(line));
  });
  const next = () => new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  return {
    child,
    next,
    stderr: () => stderr,
    ask(command) {
      const answer = next();
      child.stdin.write(JSON.stringify(command) + "\n");
      return answer;
    },
    async close() {
      if (child.exitCode === null) {
        child.stdin.write(JSON.stringify({ exit: true }) + "\n");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/** Starts `count` workers with `config` (see worker.mjs) and waits until each has warmed up. */
export async function startFleet(count, config) {
  const workers = Array.from({ length: count }, () => startWorker(config));
  const closeAll = () => Promise.all(workers.map((w) => w.close()));
  try {
    await Promise.all(workers.map((w) => w.next()));
  } catch (error) {
    await closeAll();
    throw error;
  }
  return {
    /** Every worker fires `calls` updates to `org` at once (one write per worker, same tick). */
    run: (job) => Promise.all(workers.map((w) => w.ask({ run: job }))).then((rs) => rs.map((r) => r.ran)),
    /** Whether every worker's Redis client says it is connected. */
    ready: () => Promise.all(workers.map((w) => w.ask({ ready: true }))).then((rs) => rs.every((r) => r.ready)),
    close: closeAll,
  };
}

/**
 * The figures of one fleet run against `mock` (reset just before it): wall time from the first
 * request the mock received to the last answer a worker got, the floor the server's limit allows
 * ((calls − burst) / rate: the burst goes at once, then one request per 1/rate s), and the 429s.
 */
export async function measuredRun(fleet, mock, { org, calls, rate = 10, burst = 10 }) {
  mock.reset();
  const runs = await fleet.run({ org, calls });
  const log = mock.requests();
  const total = calls * runs.length;
  const first = Math.min(...log.map((e) => e.at));
  const last = Math.max(...runs.map((r) => r.end));
  const floorMs = ((total - burst) / rate) * 1000;
  return {
    total,
    wallMs: last - first,
    floorMs,
    ratio: (last - first) / floorMs,
    rateLimited429: mock.stats().rateLimited429,
    failed: runs.reduce((n, r) => n + r.failed, 0),
    firstError: runs.find((r) => r.firstError)?.firstError ?? null,
    onError: runs.map((r) => r.onError),
  };
}
