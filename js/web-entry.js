// Browsers and bundlers: the `web` glue, loaded by init() — idempotent, and run by the first
// client call on its own. Validators and prepare*() are synchronous: they need the module
// loaded, so call `await init()` (or initSync) before using them.
import initWasm, * as glue from "__GLUE__";

export { ValidationError, ApiError, NetworkError, TimeoutError, AbortError } from "__ERRORS__";
export { memoryRateLimiter, redisRateLimiter } from "./rate-limiters.js";

let loading = null;
let loaded = false;

/**
 * Loads the WebAssembly module, once: later calls return the same promise.
 * @param {RequestInfo | URL | Response | BufferSource | WebAssembly.Module} [input] where the
 *   .wasm is; by default `app_admin_wasm_bg.wasm` next to this package.
 */
export function init(input) {
  if (!loading) {
    const source = input ?? new URL("../app_admin_wasm_bg.wasm", import.meta.url);
    loading = initWasm({ module_or_path: source }).then(() => {
      loaded = true;
    });
    loading.catch(() => {
      loading = null; // a failed load (offline, CSP) may be retried
    });
  }
  return loading;
}

/** Loads the module synchronously from its bytes or a compiled module; a no-op once loaded. */
export function initSync(module) {
  if (!loaded) {
    glue.initSync({ module });
    loaded = true;
    loading = Promise.resolve();
  }
}

function ready() {
  if (!loaded) {
    throw new Error("app-admin-wasm is not loaded yet: `await init()` first (client calls do it by themselves).");
  }
}

// See the type declarations for each function's contract.
export function validatePrivateApplicationUpdate(value) {
  ready();
  return glue.validatePrivateApplicationUpdate(value);
}
export function validateDetachSitesRequest(value) {
  ready();
  return glue.validateDetachSitesRequest(value);
}
export function validateApplicationDetail(value) {
  ready();
  return glue.validateApplicationDetail(value);
}
export function verifyDetachSitesCallback(payload, sharedSecret, headers) {
  ready();
  return glue.verifyDetachSitesCallback(payload, sharedSecret, headers);
}
export function rsaSessionTokenProvider(options) {
  ready(); // its options are checked at once, by the module
  return glue.rsaSessionTokenProvider(options);
}

// A client made before the module is loaded checks its options at its first call.
export class MerakiClient {
  #options;
  #client = null;
  constructor(options) {
    this.#options = options;
    if (loaded) this.#client = new glue.MerakiClient(options);
  }
  #inner() {
    ready();
    return (this.#client ??= new glue.MerakiClient(this.#options));
  }
  async updatePrivateApplication(organizationId, id, update, options) {
    await init();
    return this.#inner().updatePrivateApplication(organizationId, id, update, options);
  }
  prepareUpdatePrivateApplication(organizationId, id, update) {
    return this.#inner().prepareUpdatePrivateApplication(organizationId, id, update);
  }
  async detachSites(organizationId, request, options) {
    await init();
    return this.#inner().detachSites(organizationId, request, options);
  }
  prepareDetachSites(organizationId, request) {
    return this.#inner().prepareDetachSites(organizationId, request);
  }
  async getCallbackStatus(organizationId, callbackId, options) {
    await init();
    return this.#inner().getCallbackStatus(organizationId, callbackId, options);
  }
  async waitForCallback(organizationId, callbackId, options) {
    await init();
    return this.#inner().waitForCallback(organizationId, callbackId, options);
  }
  /** Releases the client's memory in the module now instead of at garbage collection. */
  free() {
    this.#client?.free();
    this.#client = null;
  }
  /** The same as `free()`, for `using client = new …` (where the runtime has Symbol.dispose). */
  [Symbol.dispose ?? Symbol.for("Symbol.dispose")]() {
    this.free();
  }
}

// Like MerakiClient: a client made before the module is loaded checks its options at its first call.
export class SymphonyClient {
  #options;
  #client = null;
  constructor(options) {
    this.#options = options;
    if (loaded) this.#client = new glue.SymphonyClient(options);
  }
  #inner() {
    ready();
    return (this.#client ??= new glue.SymphonyClient(this.#options));
  }
  async updateApp(id, applicationDetail, options) {
    await init();
    return this.#inner().updateApp(id, applicationDetail, options);
  }
  prepareUpdateApp(id, applicationDetail) {
    return this.#inner().prepareUpdateApp(id, applicationDetail);
  }
  /** Releases the client's memory in the module now instead of at garbage collection. */
  free() {
    this.#client?.free();
    this.#client = null;
  }
  /** The same as `free()`, for `using client = new …` (where the runtime has Symbol.dispose). */
  [Symbol.dispose ?? Symbol.for("Symbol.dispose")]() {
    this.free();
  }
}
