// The rate limiters for the `rateLimiter` option of MerakiClient, in plain JavaScript (in Rust they
// would cost the wasm 1.8 KB gzipped; a bundle that uses neither drops this file).
//
// memoryRateLimiter(): the limit `requestsPerSecond` gives one client (src/core/rate_limit.rs,
// whose numbers `cell` repeats), as an object several clients of a process can share.
//
// redisRateLimiter(): one rate budget per organization shared by every process that uses the same
// Redis (a relay's replicas, a queue's workers). No dependency: the caller brings a node-redis
// (v4 or later) or ioredis client, told apart by shape. Each reservation is one atomic Lua script
// on one key per organization (GCRA: read the theoretical arrival time, move it by one interval,
// return how long to wait), so processes get ordered slots without locks, timed by Redis's clock.
//
// Redis down, erroring or slow (no answer within ANSWER_WITHIN_MS) never fails or holds up a call:
// it goes on under an in-process limiter at the same rate, `onError` hears of the outage once,
// and one later call at a time (at most every PROBE_EVERY_MS) tries Redis again; the calls made
// while that probe is out wait for its verdict (at most ANSWER_WITHIN_MS), so that when Redis is
// back they all use it again, and the shared budget holds from the first burst on.
import { AbortError, ValidationError } from "__ERRORS__";

// The numbers of the in-process limiter (src/core/rate_limit.rs), so both keep the same schedule:
// a margin for network jitter and cold starts, taken off the burst.
const JITTER_MARGIN_MS = 400;
const DEFAULT_RATE = 10;
const ANSWER_WITHIN_MS = 200;
const PROBE_EVERY_MS = 1000;

// KEYS[1]: the organization's theoretical arrival time (ms on Redis's clock). ARGV[1]: the interval
// between requests; ARGV[2]: how far ahead of its arrival time a request may go (the burst).
// The wait is returned as text: Redis would cut a Lua number down to an integer. The key expires
// when its arrival time has passed, because then it means what no key means.
const SCRIPT = `if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end
local wait = tat - tolerance - now
if wait < 0 then wait = 0 end
tat = tat + interval
redis.call('SET', KEYS[1], string.format('%.3f', tat), 'PX', math.ceil(tat - now))
return string.format('%.3f', wait)`;

/** The interval and tolerance of `TokenBucket::new(perSecond)` in src/core/rate_limit.rs. */
function cell(perSecond) {
  const margin = (perSecond * JITTER_MARGIN_MS) / 1000;
  const burst = Math.max(1, Math.floor(perSecond - margin));
  // Below ~1.67 requests/s the burst cannot shrink, so the spacing grows instead.
  const interval = 1000 / perSecond + (perSecond - margin < 1 ? JITTER_MARGIN_MS : 0);
  return { interval, tolerance: (burst - 1) * interval };
}

/**
 * The in-process schedule, `TokenBucket::reserve` per organization: `reserve(organizationId)` takes
 * the next slot and returns how long to wait for it, in ms. Slots go in call order (FIFO).
 */
function localSchedule(perSecond) {
  const { interval, tolerance } = cell(perSecond);
  const arrivals = new Map(); // organization → theoretical arrival time of its next request
  return (organizationId) => {
    const now = Date.now();
    const tat = Math.max(arrivals.get(organizationId) ?? now, now);
    arrivals.set(organizationId, tat + interval);
    return Math.max(0, tat - tolerance - now);
  };
}

/**
 * `run(key, args)`: the script by EVAL on either client (told apart by how they spell EVALSHA);
 * null when `redis` is neither. EVAL, not EVALSHA: it took 46 µs against EVALSHA's 44 (node-redis,
 * loopback; 42 and 42 with ioredis), and needs no SCRIPT LOAD, nor a retry when Redis restarted
 * and forgot the script.
 */
function scriptRunner(redis) {
  if (redis === null || (typeof redis !== "object" && typeof redis !== "function")) return null;
  if (typeof redis.eval !== "function") return null;
  // node-redis: eval(script, { keys, arguments })
  if (typeof redis.evalSha === "function") return (key, args) => redis.eval(SCRIPT, { keys: [key], arguments: args });
  // ioredis: eval(script, numKeys, ...keys, ...args)
  if (typeof redis.evalsha === "function") return (key, args) => redis.eval(SCRIPT, 1, key, ...args);
  return null;
}

function invalid(issues) {
  const shown = issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join(" ");
  const more = issues.length > 3 ? ` …and ${issues.length - 3} more (see .issues).` : "";
  const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
  return new ValidationError(`${count}: ${shown}${more}`, issues);
}

const option = (path, message) => ({ path, code: "option", message });

function aborted() {
  return new AbortError("The wait for a rate-limit slot was aborted by the caller's signal.", { operation: "acquire", attempts: 0 });
}

/** Settles like `promise`, or rejects with AbortError as soon as `signal` fires. */
function untilAbort(promise, signal) {
  if (!signal) return promise;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(aborted());
    signal.addEventListener("abort", onAbort, { once: true });
    const done = () => signal.removeEventListener("abort", onAbort);
    promise.then(
      (value) => (done(), resolve(value)),
      (error) => (done(), reject(error)),
    );
  });
}

/** Waits `ms`, or rejects with AbortError as soon as `signal` fires (and drops the timer). */
function pause(ms, signal) {
  let timer;
  const waited = new Promise((resolve) => (timer = setTimeout(resolve, ms)));
  return untilAbort(waited, signal).catch((error) => {
    clearTimeout(timer);
    throw error;
  });
}

// After the timers of a turn of the event loop, Node reads the sockets, then runs setImmediate.
const afterIo = typeof setImmediate === "function" ? setImmediate : (f) => setTimeout(f, 0);

/**
 * Settles like `promise`, or rejects when it has not settled within `ms`. A process too busy to
 * turn its event loop for `ms` (a burst of calls on a loaded machine) finds its timer due before
 * it has read an answer that came in time: so the verdict waits for that turn's reads.
 */
function within(promise, ms) {
  return new Promise((resolve, reject) => {
    const late = () => reject(new Error(`Redis did not answer within ${ms} ms`));
    const timer = setTimeout(() => afterIo(late), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });
}

/** Reads options: `read(key)` gives an option's value, noting in `issues` a getter that throws. */
function reader(options, issues) {
  if (options === null || typeof options !== "object") throw invalid([{ path: "", code: "type", message: "The options must be an object." }]);
  return (key) => {
    try {
      return options[key] ?? undefined;
    } catch {
      issues.push(option(`/${key}`, "This option could not be read: its getter threw."));
      return undefined;
    }
  };
}

/** Checks a `requestsPerSecond` option (default 10). */
function rateOption(read, issues) {
  const perSecond = read("requestsPerSecond") ?? DEFAULT_RATE;
  if (typeof perSecond !== "number" || !(perSecond > 0 && perSecond <= 1000)) {
    if (!issues.some((i) => i.path === "/requestsPerSecond")) {
      issues.push(option("/requestsPerSecond", "requestsPerSecond must be a number above 0, at most 1000."));
    }
  }
  return perSecond;
}

/**
 * `acquire(organizationId, signal?)` over `reserve(organizationId)` (a wait in ms, or a promise
 * of one that never rejects): resolves once that wait is over, rejects with AbortError as soon as
 * the signal fires.
 */
function acquireWith(reserve) {
  return async function acquire(organizationId, signal) {
    const bad = [];
    if (typeof organizationId !== "string") bad.push(option("/organizationId", "organizationId must be a string."));
    if (signal != null && (typeof signal.addEventListener !== "function" || typeof signal.aborted !== "boolean")) {
      bad.push(option("/signal", "signal must be an AbortSignal."));
    }
    if (bad.length) throw invalid(bad);
    signal ??= undefined;
    if (signal?.aborted) throw aborted();
    const reserved = reserve(organizationId);
    const wait = typeof reserved === "number" ? reserved : await untilAbort(reserved, signal);
    if (wait > 0) await pause(wait, signal);
  };
}

/**
 * The limit `requestsPerSecond` gives one client, shared by every client given this limiter:
 * see the type declarations. Throws ValidationError for a rate it cannot use.
 */
export function memoryRateLimiter(options) {
  const issues = [];
  const perSecond = rateOption(reader(options ?? {}, issues), issues);
  if (issues.length) throw invalid(issues);
  return Object.freeze({ acquire: acquireWith(localSchedule(perSecond)), requestsPerSecond: perSecond });
}

/**
 * A rate limiter shared through Redis by every process using it: see the type declarations.
 * Throws ValidationError (`option` issues) for options it cannot use.
 */
export function redisRateLimiter(options) {
  const issues = [];
  const read = reader(options, issues);
  const redis = read("redis");
  let run = null;
  try {
    run = scriptRunner(redis);
  } catch {
    // a getter on the client that throws: not a client this limiter can use
  }
  if (!run && !issues.some((i) => i.path === "/redis")) {
    issues.push(option("/redis", "redis must be a connected node-redis (v4 or later) or ioredis client: an object with eval and evalSha (node-redis) or evalsha (ioredis)."));
  }
  const perSecond = rateOption(read, issues);
  const keyPrefix = read("keyPrefix") ?? "app-admin-wasm:";
  const onError = read("onError");
  if (typeof keyPrefix !== "string") issues.push(option("/keyPrefix", "keyPrefix must be a string."));
  if (onError !== undefined && typeof onError !== "function") issues.push(option("/onError", "onError must be a function."));
  if (issues.length) throw invalid(issues);

  const { interval, tolerance } = cell(perSecond);
  const args = [String(interval), String(tolerance)];

  /** One reservation in Redis: resolves to the wait in ms; rejects when Redis fails or is slow. */
  function reserveInRedis(organizationId) {
    const key = `${keyPrefix}rate:${organizationId}`;
    // A client that throws instead of rejecting fails the same way.
    const reply = new Promise((resolve) => resolve(run(key, args)));
    return within(reply, ANSWER_WITHIN_MS).then((reply) => {
      const wait = Number(reply);
      if (!(wait >= 0)) throw new Error("Redis answered the rate-limit script with something other than a wait");
      return wait;
    });
  }

  // The in-process limiter of an outage: memoryRateLimiter's schedule at the same rate.
  const reserveLocally = localSchedule(perSecond);

  let down = false; // in an outage: Redis failed and has not answered since
  let outage = 0; // counts outages, so a late failure from before one is not a new one
  let probe = null; // during an outage, the probe in flight: a promise of whether Redis answered
  let nextProbe = 0;

  function failed(error, during) {
    if (down || during !== outage) return;
    down = true;
    nextProbe = Date.now() + PROBE_EVERY_MS;
    if (!onError) return;
    try {
      const told = onError(error);
      if (told !== null && typeof told === "object") Promise.resolve(told).catch(() => {});
    } catch {
      // onError's own failure is its own business: the calls go on
    }
  }

  /** The wait for the next slot of `organizationId`, in ms. Never rejects, never hangs. */
  async function reserve(organizationId) {
    if (down && probe) await probe; // its verdict says where this call goes
    if (down) {
      if (probe || Date.now() < nextProbe) return reserveLocally(organizationId);
      let wait;
      probe = reserveInRedis(organizationId).then(
        (w) => ((wait = w), true),
        () => false,
      );
      const answered = await probe; // awaited before any waiting call resumes: they see the verdict
      probe = null;
      if (answered) {
        down = false;
        outage += 1;
        return wait;
      }
      nextProbe = Date.now() + PROBE_EVERY_MS;
      return reserveLocally(organizationId);
    }
    const during = outage;
    try {
      return await reserveInRedis(organizationId);
    } catch (error) {
      failed(error, during);
      return reserveLocally(organizationId);
    }
  }

  return Object.freeze({ acquire: acquireWith(reserve), requestsPerSecond: perSecond });
}
