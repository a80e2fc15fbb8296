// The error classes every rejection of app-admin-wasm belongs to. Rust constructs them through
// wasm-bindgen, and the package entry points re-export this very module, so `instanceof`
// works on what a call throws.

function define(target, fields) {
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) {
      Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    }
  }
}

/** Input or options break a rule; nothing was sent. */
export class ValidationError extends Error {
  constructor(message, issues) {
    super(message);
    this.name = "ValidationError";
    define(this, { issues });
  }
}

/** The server answered with a non-2xx status, or a 2xx body that is not the expected JSON. */
export class ApiError extends Error {
  constructor(message, fields) {
    super(message);
    this.name = "ApiError";
    define(this, fields);
  }
}

/** The request could not be completed (connection refused, reset, DNS, CORS). */
export class NetworkError extends Error {
  constructor(message, fields) {
    super(message);
    this.name = "NetworkError";
    define(this, fields);
  }
}

/** An attempt ran past `timeoutMs` and no retry was left. */
export class TimeoutError extends Error {
  constructor(message, fields) {
    super(message);
    this.name = "TimeoutError";
    define(this, fields);
  }
}

/** The caller's `signal` fired. */
export class AbortError extends Error {
  constructor(message, fields) {
    super(message);
    this.name = "AbortError";
    define(this, fields);
  }
}
