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
