// Every JavaScript helper the wasm calls, but the error classes (js/errors.js), in one module: a
// page fetches each snippet module as a file of its own, so one module is one request.
// Timers and signals for the transport. Kept in JS because each needs a listener that must be
// removed again when the wait ends: over thousands of calls nothing may pile up on a signal.

/** Waits `ms`, or rejects with "abort" as soon as `signal` fires. */
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal && signal.aborted) return reject("abort");
    const onAbort = () => {
      clearTimeout(timer);
      reject("abort");
    };
    const timer = setTimeout(() => {
      if (signal) signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    if (signal) signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * A signal for one attempt: it fires when the caller's `signal` fires or after `ms`.
 * `done()` removes the timer and the listener; `timedOut()` says which of the two fired.
 */
export class Attempt {
  constructor(signal, ms) {
    this.controller = new AbortController();
    this.parent = signal;
    this.expired = false;
    this.onAbort = () => this.controller.abort();
    if (signal) {
      if (signal.aborted) this.controller.abort();
      else signal.addEventListener("abort", this.onAbort, { once: true });
    }
    this.timer = setTimeout(() => {
      this.expired = true;
      this.controller.abort();
    }, ms);
  }
  get signal() {
    return this.controller.signal;
  }
  timedOut() {
    return this.expired && !(this.parent && this.parent.aborted);
  }
  done() {
    clearTimeout(this.timer);
    if (this.parent) this.parent.removeEventListener("abort", this.onAbort);
  }
}


/** Settles like `promise`, or rejects with "abort" as soon as `signal` fires. */
export function raceAbort(promise, signal) {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject("abort");
    const onAbort = () => reject("abort");
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * One request: `fetcher(url, init)` (the caller's `fetch` option, or the global `fetch` when it
 * is not a function) with exactly the `init` the global one gets, `credentials` the client's
 * fetch credentials mode ("same-origin" unless the client says otherwise). The signal bounds it even when
 * a caller's function ignores it. Resolves to `{ status, retryAfter, location, body }`, `body`
 * null when it holds more than `cap` bytes; `status` is 0 for a browser's opaque redirect.
 * Rejects with "abort" when `signal` fires, or with an error when fetch failed or gave
 * something that is not a Response (a caller's function may throw, return junk or a promise of
 * junk: each ends here as a rejection, never as an exception in the module).
 */
export async function exchange(fetcher, url, method, headers, body, signal, cap, credentials) {
  const init = { method, headers, body, redirect: "manual", credentials, signal };
  // A GET carries no body at all (fetch throws on one, even empty): `body` is undefined then.
  if (body === undefined) delete init.body;
  const send = typeof fetcher === "function" ? fetcher : globalThis.fetch;
  const response = await raceAbort(new Promise((resolve) => resolve(send(url, init))), signal);
  // Shaped like a Response, not `instanceof`: undici's own fetch (from npm) has its own class.
  const status = response !== null && typeof response === "object" ? response.status : undefined;
  const answer = response?.headers;
  if (!Number.isInteger(status) || status < 0 || status > 999 || typeof answer?.get !== "function") {
    throw new TypeError("fetch did not resolve to a Response");
  }
  const header = (name) => {
    const value = answer.get(name);
    return typeof value === "string" ? value : undefined;
  };
  return {
    status: response.type === "opaqueredirect" ? 0 : status,
    retryAfter: header("retry-after"),
    location: header("location"),
    body: await readBody(response, signal, cap),
  };
}

const decoder = new TextDecoder(); // as Response.text() decodes: BOM dropped, bad bytes replaced

/** Cancels a body reader without waiting: a cancel that fails changes nothing for the caller. */
function cancelQuietly(reader) {
  try {
    reader.cancel().catch(() => {});
  } catch {
    // already released or closed: nothing left to stop
  }
}

/**
 * The body of `response` as text, or null when it holds more than `cap` bytes (counted as they
 * arrive, after any content decoding, or announced by Content-Length): the download is then
 * cancelled. Rejects with "abort" as soon as `signal` fires, and cancels the download: in Node,
 * the fetch's own Request can be garbage-collected while its body streams and then stops
 * following the signal, so the signal is watched here. Chunks wait here until they are known to
 * fit, so a refused body never reaches the module's memory.
 */
export async function readBody(response, signal, cap) {
  if (!response.body) return "";
  const reader = response.body.getReader();
  if (Number(response.headers.get("content-length")) > cap) {
    cancelQuietly(reader);
    return null;
  }
  let onAbort;
  const aborted = new Promise((_, reject) => (onAbort = () => reject("abort")));
  if (signal.aborted) onAbort();
  else signal.addEventListener("abort", onAbort, { once: true });
  try {
    const chunks = [];
    let total = 0;
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), aborted]);
      if (done) break;
      if (!(value instanceof Uint8Array)) throw new TypeError("the response body stream gave a chunk that is not bytes");
      total += value.byteLength;
      if (total > cap) {
        cancelQuietly(reader);
        return null;
      }
      chunks.push(value);
    }
    if (chunks.length === 1) return decoder.decode(chunks[0]);
    const all = new Uint8Array(total);
    let at = 0;
    for (const chunk of chunks) {
      all.set(chunk, at);
      at += chunk.byteLength;
    }
    return decoder.decode(all);
  } catch (error) {
    cancelQuietly(reader);
    throw error;
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

// ---- Reading the headers given to verifyDetachSitesCallback ----

// The values of the headers a webhook receiver passes to verifyDetachSitesCallback (see
// src/bindings/headers.rs). Read here, and handed over as one JSON text that the crate's own
// reader takes: reading them through js-sys calls, or returning a Vec<String>, costs the wasm
// 2.7 to 3.5 KB.

const MAX_HEADERS = 10000;

/**
 * Every string value in `headers` (an object), as a JSON array: the second member of each item when it is
 * iterable (a `Headers` object, a `Map`, `[name, value]` pairs), else the value of each own
 * enumerable property (Node's `req.headers`). A value may be a string or an array of strings;
 * anything else (`undefined` for a header Node left out) holds no secret. Throws "too-many" past
 * 10,000 values (an endless iterator ends there), and whatever reading throws (a hostile getter).
 */
export function headerValues(headers) {
  const out = [];
  // A string with a lone surrogate is no one's secret, and JSON would escape it past reading.
  const text = (v) => typeof v === "string" && (typeof v.isWellFormed !== "function" || v.isWellFormed());
  const add = (value) => {
    if (text(value)) out.push(value);
    else if (Array.isArray(value)) {
      for (const item of value.slice(0, MAX_HEADERS + 1)) if (text(item)) out.push(item);
    }
    if (out.length > MAX_HEADERS) throw "too-many";
  };
  if (typeof headers[Symbol.iterator] === "function") {
    let count = 0;
    for (const pair of headers) {
      if (++count > MAX_HEADERS) throw "too-many";
      if (pair !== null && typeof pair === "object") add(pair[1]);
    }
  } else {
    for (const name of Object.keys(headers)) add(headers[name]);
  }
  return JSON.stringify(out);
}

// ---- The caller's hooks ----

// The caller's `hooks` option: `onRequest` before each request, `onResponse` after it. A hook is
// for logging and tracing, so whatever it does (throw, reject, never settle) stays its own
// business: the call neither waits for it nor fails because of it, and the first failure of a
// client's hooks is reported once with console.warn.

/** One client's hooks; `target` is the `hooks` object, the `this` of each call. */
export class Hooks {
  constructor(target, onRequest, onResponse) {
    this.target = target;
    this.onRequest = onRequest;
    this.onResponse = onResponse;
    this.warned = false;
  }

  /** `onRequest({ operation, method, url, headers, attempt })`; the credential is already masked. */
  request(operation, method, url, headers, attempt) {
    if (this.onRequest) this.call("onRequest", this.onRequest, { operation, method, url, headers, attempt });
  }

  /**
   * `onResponse({ operation, status, durationMs, attempt, retryInMs?, error? })`: `retryInMs` when
   * another attempt follows after that wait; `error` ("network", "timeout" or "abort", with status
   * 0) when no answer came.
   */
  response(operation, status, durationMs, attempt, retryInMs, error) {
    if (!this.onResponse) return;
    const info = { operation, status, durationMs, attempt };
    if (retryInMs !== undefined) info.retryInMs = retryInMs;
    if (error !== undefined) info.error = error;
    this.call("onResponse", this.onResponse, info);
  }

  call(name, hook, info) {
    try {
      const result = Reflect.apply(hook, this.target, [info]);
      if (result !== null && (typeof result === "object" || typeof result === "function")) {
        Promise.resolve(result).then(undefined, () => this.failed(name));
      }
    } catch {
      this.failed(name);
    }
  }

  /** Says once per client that a hook failed; never what it threw (that may quote anything). */
  failed(name) {
    if (this.warned) return;
    this.warned = true;
    try {
      console.warn(`app-admin-wasm: hooks.${name} threw; errors of this client's hooks are ignored and do not fail its calls (reported once).`);
    } catch {
      // a console that throws cannot be told anything
    }
  }
}

// ---- A caller's rate limiter ----

// A caller's `rateLimiter` option, as a Meraki call waits on it. A limiter decides when a request
// may go, never whether the call happens: one that throws, rejects (other than because the call's
// signal fired) or returns junk lets the call go at once, and the first such failure of a client
// is reported once with console.warn. A 429 that may follow is retried like any other, so a broken
// limiter costs speed, never a call. Only the call's own signal ends the wait early, even when the
// limiter ignores it.

/** One client's `rateLimiter`; `target` is the limiter object, the `this` of `acquire`. */
export class Limiter {
  constructor(target, acquire) {
    this.target = target;
    this.acquire = acquire;
    this.warned = false;
  }

  /** Resolves when a request for `organizationId` may be sent; rejects with "abort" when `signal` fires. */
  wait(organizationId, signal) {
    return new Promise((resolve, reject) => {
      if (signal && signal.aborted) return reject("abort");
      // Added before acquire runs, so an abort is seen here first even when the limiter rejects too.
      const onAbort = () => reject("abort");
      if (signal) signal.addEventListener("abort", onAbort, { once: true });
      const done = () => {
        if (signal) signal.removeEventListener("abort", onAbort);
        resolve();
      };
      let pending;
      try {
        pending = Reflect.apply(this.acquire, this.target, signal ? [organizationId, signal] : [organizationId]);
      } catch {
        pending = Promise.reject();
      }
      Promise.resolve(pending).then(done, () => {
        if (!(signal && signal.aborted)) this.failed();
        done();
      });
    });
  }

  /** Says once per client that its limiter failed; never what it threw (that may quote anything). */
  failed() {
    if (this.warned) return;
    this.warned = true;
    try {
      console.warn("app-admin-wasm: rateLimiter.acquire threw or rejected; calls go ahead without waiting for it when it fails (reported once per client).");
    } catch {
      // a console that throws cannot be told anything
    }
  }
}

/**
 * The options as their JSON check sees them: without `rateLimiter` (never read here), which may
 * hold anything JSON cannot write (a Redis client, a cycle) and is checked on its own. The
 * options themselves when they have none.
 */
export function withoutLimiter(options) {
  try {
    if (options === null || typeof options !== "object" || !("rateLimiter" in options)) return options;
    const copy = {};
    for (const key in options) if (key !== "rateLimiter") copy[key] = options[key];
    return copy;
  } catch {
    // a getter that throws: the checks that read the options report it
    return options;
  }
}

// ---- The Symphony sign-in: the JWT signed with WebCrypto ----

// Symphony's RSA sign-in, the part that needs WebCrypto (asynchronous, so JavaScript): signing
// the JWT. The key arrives as PKCS#8 DER, checked (and a PKCS#1 key wrapped) by the module.

const encoder = new TextEncoder();

function base64url(bytes) {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function part(value) {
  return base64url(encoder.encode(JSON.stringify(value)));
}

/**
 * A compact JWT `{"alg":"RS512","typ":"JWT"}.{"sub": username, "exp": now + 240 s}.signature`,
 * signed with RSASSA-PKCS1-v1_5 / SHA-512. Rejects with "webcrypto" where `crypto.subtle` is
 * missing (Node before 20.19, a page that is not a secure context) and with "import" when
 * WebCrypto refuses the key; never with anything that holds the key.
 */
export async function signJwt(pkcs8, username) {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw "webcrypto";
  const algorithm = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-512" };
  let key;
  try {
    key = await subtle.importKey("pkcs8", pkcs8, algorithm, false, ["sign"]);
  } catch {
    throw "import";
  }
  const exp = Math.floor(Date.now() / 1000) + 240; // the pod refuses more than 5 minutes
  const signed = `${part({ alg: "RS512", typ: "JWT" })}.${part({ sub: username, exp })}`;
  const signature = await subtle.sign(algorithm.name, key, encoder.encode(signed));
  return `${signed}.${base64url(new Uint8Array(signature))}`;
}

/**
 * The provider handed to the caller: a plain async function with no properties of its own, so
 * neither `util.inspect` nor JSON shows anything of the sign-in behind it (the key stays in
 * the module's memory).
 */
export function tokenProvider(signIn) {
  return async function rsaSessionTokenProvider() {
    return signIn();
  };
}

// ---- A validation report, unpacked ----

// A validation report rebuilt from the one string the wasm packs it into (see
// `ValidationReport::packed`): one call and one string, where building it through
// serde-wasm-bindgen crossed into JavaScript for every object, field and string.

/**
 * `{ valid, errors, warnings }` from `packed` (each issue's path, code and message, each as its
 * length in UTF-16 units, a colon and the text; errors first) and the number of errors.
 */
export function report(packed, errorCount) {
  const errors = [];
  const warnings = [];
  let at = 0;
  const field = () => {
    const colon = packed.indexOf(":", at);
    const end = colon + 1 + Number(packed.slice(at, colon));
    const text = packed.slice(colon + 1, end);
    at = end;
    return text;
  };
  // (A malformed string makes `at` NaN, which ends the loop: never a hang.)
  while (at < packed.length) {
    const issue = { path: field(), code: field(), message: field() };
    (errors.length < errorCount ? errors : warnings).push(issue);
  }
  return { valid: errorCount === 0, errors, warnings };
}
