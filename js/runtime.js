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

/** Cancels a body reader without waiting: a cancel that fails changes nothing for the caller. */
export function cancelQuietly(reader) {
  try {
    reader.cancel().catch(() => {});
  } catch {
    // already released or closed: nothing left to stop
  }
}
