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
