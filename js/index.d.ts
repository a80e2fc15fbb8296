export * from "./types/app_admin_wasm.js";
import type { ApplicationDetail, DetachSitesRequest, MerakiClient, PrivateApplicationUpdate, SymphonyClient } from "./types/app_admin_wasm.js";
export { ValidationError, ApiError, NetworkError, TimeoutError, AbortError } from "./types/errors.js";

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
