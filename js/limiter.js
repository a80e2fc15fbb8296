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
