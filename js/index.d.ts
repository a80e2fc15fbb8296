export * from "./types/app_admin_wasm.js";
export { ValidationError, ApiError, NetworkError, TimeoutError, AbortError } from "./types/errors.js";
import type { RateLimiter } from "./types/app_admin_wasm.js";

// These declarations need no particular `lib` or `types`: a Node project (`@types/node`, no lib
// `dom`) and a browser project (lib `dom`, no `@types/node`) both compile them. A global class the
// project does not declare (`Request` without lib `dom`, `WebAssembly.Module` with `@types/node`)
// simply drops out of the union.

/** The instances of the global class `Name` where the project's lib or types declare it, else `never`. */
type GlobalInstance<Name extends string> = typeof globalThis extends { [K in Name]: { prototype: infer T } } ? T : never;

/** A compiled `WebAssembly.Module` where the project's lib or types declare one, else `never`. */
type CompiledModule = typeof globalThis extends { WebAssembly: { Module: { prototype: infer T } } } ? T : never;

/**
 * The bytes of a `.wasm` file, or a compiled `WebAssembly.Module`: the DOM's
 * `BufferSource | WebAssembly.Module` (an `ArrayBuffer`, a `Uint8Array`, a Node `Buffer`, …).
 */
export type SyncInitInput = ArrayBuffer | ArrayBufferView | CompiledModule;

/**
 * Where `init()` loads the `.wasm` from: its URL (a string, a `URL` or a `Request`), a `Response`
 * (e.g. of `fetch()`), or anything `initSync()` takes.
 */
export type InitInput = string | GlobalInstance<"URL"> | GlobalInstance<"Request"> | GlobalInstance<"Response"> | SyncInitInput;

/**
 * Loads the WebAssembly module (browsers and bundlers), once: later calls return the same
 * promise. Client calls run it by themselves; validators and `prepare*()` need it done first.
 * In Node the module loads at import and this does nothing.
 * @param input where the `.wasm` is; by default the file shipped next to this package.
 */
export function init(input?: InitInput): Promise<void>;

/** Loads the module synchronously from its bytes or a compiled module; a no-op once loaded. */
export function initSync(module: SyncInitInput): void;

/** Options of `memoryRateLimiter()`. */
export interface MemoryRateLimiterOptions {
  /** Requests per second per organization, above 0 and at most 1000. Default 10 (Meraki's limit). */
  requestsPerSecond?: number;
}

/** What `memoryRateLimiter()` and `redisRateLimiter()` return: a `RateLimiter` for the `rateLimiter` option of `MerakiClient`. */
export interface RateLimiterWithRate extends RateLimiter {
  /** The rate it was made with, in requests per second per organization. */
  readonly requestsPerSecond: number;
}

/**
 * A rate limiter for the clients of one process to share through their `rateLimiter` option: the
 * limit `requestsPerSecond` gives one client on its own (a token bucket per organization: a burst,
 * then one request every 1/rate s, in call order, with a 400 ms margin for network jitter), as one
 * budget for all of them. `acquire` rejects with `AbortError` (`operation` `"acquire"`, `attempts`
 * 0) when its signal fires while it waits. Throws `ValidationError` (`option` at
 * `/requestsPerSecond`) for a rate that is not above 0 and at most 1000.
 */
export function memoryRateLimiter(options?: MemoryRateLimiterOptions): RateLimiterWithRate;

/** The arguments node-redis takes after a script or its SHA-1. */
export interface NodeRedisEvalOptions {
  /** The keys the script touches (one: the organization's). */
  keys: string[];
  /** The script's other arguments. */
  arguments: string[];
}

/** A node-redis client (v4 or later: `createClient()`, `createCluster()`), as the Redis limiter uses it. */
export interface NodeRedisLike {
  /** `EVAL`: runs a Lua script. */
  eval(script: string, options: NodeRedisEvalOptions): Promise<unknown>;
  /** `EVALSHA`: runs a script Redis already holds. */
  evalSha(sha1: string, options: NodeRedisEvalOptions): Promise<unknown>;
}

/** An ioredis client (`new Redis()`, `new Redis.Cluster()`), as the Redis limiter uses it. */
export interface IoRedisLike {
  /** `EVAL`: runs a Lua script with `numKeys` keys, then the other arguments. */
  eval(script: string, numKeys: number, ...keysAndArguments: string[]): Promise<unknown>;
  /** `EVALSHA`: runs a script Redis already holds. */
  evalsha(sha1: string, numKeys: number, ...keysAndArguments: string[]): Promise<unknown>;
}

/** Options of `redisRateLimiter()`. */
export interface RedisRateLimiterOptions {
  /**
   * Your Redis client, connected: node-redis v4 or later (`createClient()`) or ioredis
   * (`new Redis()`). The package depends on neither. With node-redis, listen for its `error`
   * event, as node-redis asks: without a listener a lost connection ends the process.
   */
  redis: NodeRedisLike | IoRedisLike;
  /**
   * Requests per second per organization, above 0 and at most 1000, for all processes together.
   * Default 10 (Meraki's limit). Give every process the same value.
   */
  requestsPerSecond?: number;
  /** Prefix of the limiter's keys (one per organization: `<keyPrefix>rate:<organizationId>`). Default `"app-admin-wasm:"`. */
  keyPrefix?: string;
  /**
   * Told once per outage, with the client's error (or a timeout's), when Redis fails or does not
   * answer within 200 ms: calls then go on under an in-process limiter at the same rate until
   * Redis answers again. What it throws or rejects with is ignored. Without it, outages are silent.
   */
  onError?: (error: unknown) => void;
}

/**
 * A rate limiter that every process using the same Redis shares: one budget per organization
 * (Meraki counts 10 requests per second per organization, whoever sends them). Each reservation
 * is one atomic script on Redis's clock, so slots are ordered across processes without locks,
 * with the same burst and jitter margin as the built-in limiter. When Redis is down, erroring or
 * slow (200 ms), calls go on under an in-process limiter at the same rate (a 429 is still
 * retried), `onError` hears of it once per outage, and Redis is used again when it answers (tried
 * by one call at a time, at most once a second): no call fails or hangs because of Redis.
 * Throws `ValidationError` (`option` issues at `/redis`, `/requestsPerSecond`, `/keyPrefix`,
 * `/onError`) for options it cannot use. `acquire` rejects with `AbortError` (`operation`
 * `"acquire"`, `attempts` 0) when its signal fires while it waits.
 */
export function redisRateLimiter(options: RedisRateLimiterOptions): RateLimiterWithRate;
