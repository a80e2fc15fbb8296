// Fault injection (a FIFO queue of one-shot faults, persistent demo modes) and the
// per-organization token bucket that imitates Meraki's rate limit.

import { isPlainObject } from "./http.mjs";

const FAULT_KEYS = new Set([
  "status", "body", "contentType", "headers", "retryAfter", "delayMs", "reset", "hang", "times", "match",
  "bodyBytes", "endless", "dripMs", "chunked", "gzip", "echo",
]);

/** Checks one fault description and returns a normalized copy; throws a TypeError on bad input. */
export function normalizeFault(fault) {
  if (!isPlainObject(fault)) throw new TypeError("a fault must be an object");
  for (const key of Object.keys(fault)) {
    if (!FAULT_KEYS.has(key)) throw new TypeError(`unknown fault field '${key}'`);
  }
  const f = { ...fault };
  const times = f.times ?? 1;
  if (!Number.isInteger(times) || times < 1) throw new TypeError("'times' must be a positive integer");
  f.times = times;
  if (f.status !== undefined && !(Number.isInteger(f.status) && f.status >= 100 && f.status <= 599)) {
    throw new TypeError("'status' must be an HTTP status code");
  }
  if (f.delayMs !== undefined && !(typeof f.delayMs === "number" && f.delayMs >= 0)) {
    throw new TypeError("'delayMs' must be a non-negative number");
  }
  if (f.headers !== undefined && !isPlainObject(f.headers)) throw new TypeError("'headers' must be an object");
  if (f.retryAfter !== undefined) f.retryAfter = String(f.retryAfter);
  if (f.match !== undefined && !isPlainObject(f.match)) throw new TypeError("'match' must be an object");
  normalizeBodyFault(f);
  return f;
}

/** The hostile-body fields: a streamed body of `bodyBytes` (or `endless`), or an `echo` of the request. */
function normalizeBodyFault(f) {
  for (const key of ["endless", "chunked", "gzip", "echo"]) {
    if (f[key] !== undefined && typeof f[key] !== "boolean") throw new TypeError(`'${key}' must be a boolean`);
  }
  if (f.bodyBytes !== undefined && !(Number.isSafeInteger(f.bodyBytes) && f.bodyBytes >= 0)) {
    throw new TypeError("'bodyBytes' must be a non-negative integer");
  }
  if (f.dripMs !== undefined && !(typeof f.dripMs === "number" && f.dripMs >= 0)) {
    throw new TypeError("'dripMs' must be a non-negative number");
  }
  const streamed = f.bodyBytes !== undefined || f.endless === true;
  if (f.bodyBytes !== undefined && f.endless) throw new TypeError("'bodyBytes' and 'endless' exclude each other");
  if (!streamed && (f.chunked !== undefined || f.gzip !== undefined || f.dripMs !== undefined)) {
    throw new TypeError("'chunked', 'gzip' and 'dripMs' need 'bodyBytes' or 'endless'");
  }
  if ((streamed || f.echo) && (f.body !== undefined || f.reset || f.hang)) {
    throw new TypeError("a streamed or echoed body excludes 'body', 'reset' and 'hang'");
  }
  if (streamed && f.echo) throw new TypeError("'echo' excludes 'bodyBytes' and 'endless'");
  if (f.echo && f.status === undefined) throw new TypeError("'echo' needs a 'status'");
  if (streamed) f.status ??= 200;
}

/** Faults wait in arrival order; each API request takes the first one whose `match` fits it. */
export class FaultQueue {
  #pending = [];

  /** Validates the whole list before queueing any, so a bad list changes nothing. */
  add(list) {
    if (!Array.isArray(list)) throw new TypeError("'faults' must be an array");
    const normalized = list.map(normalizeFault);
    this.#pending.push(...normalized);
    return this.#pending.length;
  }

  /** Consumes one use of the first matching fault; returns a copy of it, or null. */
  take(method, rawPath, decodedPath) {
    const index = this.#pending.findIndex((f) => matches(f.match, method, rawPath, decodedPath));
    if (index === -1) return null;
    const fault = this.#pending[index];
    fault.times -= 1;
    if (fault.times === 0) this.#pending.splice(index, 1);
    return { ...fault };
  }

  list() {
    return structuredClone(this.#pending);
  }

  clear() {
    this.#pending = [];
  }
}

/** `pathIncludes` is tried on the raw path and on the decoded one, so either spelling works. */
function matches(match, method, rawPath, decodedPath) {
  if (!match) return true;
  if (match.method && String(match.method).toUpperCase() !== method) return false;
  if (match.pathIncludes !== undefined) {
    const needle = String(match.pathIncludes);
    if (!rawPath.includes(needle) && !decodedPath.includes(needle)) return false;
  }
  return true;
}

/**
 * Persistent switches for the demo page. While `rate429` is on, the 1st, 3rd, 5th... API request
 * gets a 429; `unavailable503` does the same with 503 among the requests that rate429 let through,
 * so with both on some requests still succeed. `slowMs` delays every API request.
 */
export class ModeSwitches {
  rate429 = false;
  unavailable503 = false;
  slowMs = 0;
  #count429 = 0;
  #count503 = 0;

  set(mode) {
    if (!isPlainObject(mode)) throw new TypeError("mode must be an object");
    const { rate429, unavailable503, slowMs } = mode;
    for (const [name, value] of Object.entries({ rate429, unavailable503 })) {
      if (value !== undefined && typeof value !== "boolean") throw new TypeError(`'${name}' must be a boolean`);
    }
    if (slowMs !== undefined && !(typeof slowMs === "number" && slowMs >= 0)) {
      throw new TypeError("'slowMs' must be a non-negative number");
    }
    // Turning a switch on restarts its alternation, so the very next request is the "1st".
    if (rate429 !== undefined) {
      if (rate429 && !this.rate429) this.#count429 = 0;
      this.rate429 = rate429;
    }
    if (unavailable503 !== undefined) {
      if (unavailable503 && !this.unavailable503) this.#count503 = 0;
      this.unavailable503 = unavailable503;
    }
    if (slowMs !== undefined) this.slowMs = slowMs;
    return this.get();
  }

  get() {
    return { rate429: this.rate429, unavailable503: this.unavailable503, slowMs: this.slowMs };
  }

  /** Called once per API request; returns "rate429", "unavailable503" or null. */
  next() {
    if (this.rate429 && ++this.#count429 % 2 === 1) return "rate429";
    if (this.unavailable503 && ++this.#count503 % 2 === 1) return "unavailable503";
    return null;
  }

  clear() {
    this.set({ rate429: false, unavailable503: false, slowMs: 0 });
  }
}

/** Checks a `{perSecond, burst}` option; null/undefined means "no limit". */
export function normalizeRateLimit(value) {
  if (value === null || value === undefined) return null;
  if (!isPlainObject(value)) throw new TypeError("rateLimit must be an object or null");
  const perSecond = Number(value.perSecond);
  const burst = value.burst === undefined || value.burst === null ? perSecond : Number(value.burst);
  if (!(perSecond > 0)) throw new TypeError("rateLimit.perSecond must be a positive number");
  if (!(burst >= 1)) throw new TypeError("rateLimit.burst must be at least 1");
  return { perSecond, burst };
}

/** One token bucket per organization id: capacity `burst`, refilled at `perSecond`. */
export class TokenBuckets {
  #buckets = new Map();

  /** Takes a token for `key` at time `now` (ms); returns null when allowed, else Retry-After seconds. */
  take(limit, key, now = performance.now()) {
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = { tokens: limit.burst, last: now };
      this.#buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.last) / 1000) * limit.perSecond);
    bucket.last = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return null;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond));
  }

  clear() {
    this.#buckets.clear();
  }
}
