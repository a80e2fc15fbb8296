export * from "./types/app_admin_wasm.js";
import type { ApplicationDetail, DetachSitesRequest, MerakiClient, PrivateApplicationUpdate, SymphonyClient } from "./types/app_admin_wasm.js";
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

// ---- The relay (server code: only the package's Node entry exports it) ----------------------

/** A Meraki call the relay is about to forward, after its ids and body passed the rules. */
export type MerakiRelayCall =
  | {
      /** The operationId. */
      operation: "updateOrganizationSecureConnectPrivateApplication";
      /** The organization, decoded from the path. */
      organizationId: string;
      /** The application's id, decoded from the path. */
      id: string;
      /** The request body, parsed. */
      body: PrivateApplicationUpdate;
    }
  | {
      /** The operationId. */
      operation: "deleteOrganizationSecureConnectSites";
      /** The organization, decoded from the path. */
      organizationId: string;
      /** The request body, parsed. */
      body: DetachSitesRequest;
    }
  | {
      /** The operationId (a GET: the status of a detach's callback). */
      operation: "getOrganizationWebhooksCallbacksStatus";
      /** The organization, decoded from the path. */
      organizationId: string;
      /** The callback's id, decoded from the path. */
      id: string;
      /** A GET has no body. */
      body: undefined;
    };

/** A Symphony call the relay is about to forward, after its id and body passed the rules. */
export interface SymphonyRelayCall {
  /** The operationId. */
  operation: "updateApp";
  /** The app's id, decoded from the path. */
  id: string;
  /** The request body, parsed. */
  body: ApplicationDetail;
}

/**
 * The part of Node's `http.IncomingMessage` that `.node` uses (Express's and Connect's `req`
 * are one): declared here so that these types need no `@types/node`.
 */
export interface RelayNodeRequest {
  /** The request's method. */
  readonly method?: string;
  /** The request target (Express's `originalUrl` is preferred when there is one). */
  readonly url?: string;
  /** The headers as Node gives them, names lower-cased. */
  readonly headers: { readonly [name: string]: string | string[] | undefined };
  /** The headers as received, name and value in turn. */
  readonly rawHeaders: readonly string[];
  /** Whether something read the body already (a body parser mounted before the relay). */
  readonly readableEnded: boolean;
  /** Whether the whole body has arrived. */
  readonly complete: boolean;
  /** The body's events. */
  on(event: "data" | "end" | "error", listener: (...args: never[]) => void): unknown;
  /** Stops the flow of the body. */
  pause(): unknown;
  /** Lets the body flow again. */
  resume(): unknown;
}

/**
 * The part of Node's `http.ServerResponse` that `.node` uses (Express's and Connect's `res` are
 * one): declared here so that these types need no `@types/node`.
 */
export interface RelayNodeResponse {
  /** The status to send. */
  statusCode: number;
  /** Whether the head has been sent. */
  readonly headersSent: boolean;
  /** Whether the whole answer has been handed to the connection. */
  readonly writableFinished: boolean;
  /** Sets a header of the answer. */
  setHeader(name: string, value: string): unknown;
  /** Ends the answer with its body. */
  end(chunk?: Uint8Array | null): unknown;
  /** `"close"`: the connection closed, before or after the answer. */
  on(event: "close", listener: () => void): unknown;
}

/** A mounted relay: one implementation, two doors. */
export interface Relay {
  /**
   * The Fetch-style handler, `(request) => Promise<Response>`, for Next.js route handlers, Hono,
   * Bun, Deno and the like. It never rejects: every refusal and failure is an answer. Usable
   * detached (`export const PUT = relay.fetch`).
   */
  readonly fetch: (request: GlobalInstance<"Request">) => Promise<GlobalInstance<"Response">>;
  /**
   * The Node handler for `http.createServer(relay.node)`, Express and Connect
   * (`app.use(relay.node)`, before any body parser). Outside the prefix it calls `next()`, or
   * answers 404 when there is none. A page that disconnects aborts the upstream call.
   */
  readonly node: (req: RelayNodeRequest, res: RelayNodeResponse, next?: (error?: unknown) => void) => void;
}

/** Options shared by both relays. */
interface RelayOptionsBase<Call> {
  /** The path the relay is mounted under, such as `"/api/meraki"`; the operations' paths follow it. */
  prefix: string;
  /**
   * Decides, for each call, whether the page's user may make it: check the portal's own session
   * and role from `request` (its cookie or header). Required. Only `true` lets the call go;
   * `false`, anything else or a throw answers 403 and forwards nothing.
   */
  authorize: (call: Call, request: GlobalInstance<"Request">) => boolean | Promise<boolean>;
  /** The most bytes a request body may have (default 1 MiB): a larger one gets 413, unread. */
  maxBodyBytes?: number;
}

/** Options of `createMerakiRelay`. */
export interface MerakiRelayOptions extends RelayOptionsBase<MerakiRelayCall> {
  /** The client that holds the API key and makes the calls, with its rate limit, retries and timeouts. */
  client: MerakiClient;
  /** The organizations the relay serves; a call for another one gets 403 before `authorize` runs. */
  organizations?: readonly string[];
}

/** Options of `createSymphonyRelay`. */
export interface SymphonyRelayOptions extends RelayOptionsBase<SymphonyRelayCall> {
  /** The client that holds the session token (or its provider) and makes the calls. */
  client: SymphonyClient;
}

/**
 * A relay for a portal's server: its pages call the Meraki operations through it with a
 * `MerakiClient` that holds no key. Exactly the operations, at their own paths under `prefix`,
 * checked again with the same rules, authorized by `authorize`, forwarded through `client`.
 * Throws `ValidationError` (code `option`) for bad options, a missing `authorize` included.
 * Server code: the package's Node entry exports it, the browser entry does not.
 */
export function createMerakiRelay(options: MerakiRelayOptions): Relay;

/** The same for Symphony's update-app operation, with a `SymphonyClient`. Node entry only. */
export function createSymphonyRelay(options: SymphonyRelayOptions): Relay;

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
