// Everything that could keep a test process alive after close(): sockets, timers, and outgoing
// callback requests. close() has to end all of them, hung requests included.

export class Lifecycle {
  closed = false;
  #sockets = new Set();
  #sleeps = new Map(); // timer → resolve, so close() can wake delayed handlers
  #callbackTimers = new Set();
  #aborts = new Set();
  #closing = null;

  track(socket) {
    this.#sockets.add(socket);
    socket.on("close", () => this.#sockets.delete(socket));
  }

  sleep(ms) {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#sleeps.delete(timer);
        resolve();
      }, ms);
      this.#sleeps.set(timer, resolve);
    });
  }

  laterCallback(ms, fn) {
    const timer = setTimeout(() => {
      this.#callbackTimers.delete(timer);
      fn();
    }, ms);
    this.#callbackTimers.add(timer);
  }

  cancelCallbacks() {
    for (const timer of this.#callbackTimers) clearTimeout(timer);
    this.#callbackTimers.clear();
    for (const controller of this.#aborts) controller.abort(new Error("mock reset"));
  }

  abortController() {
    const controller = new AbortController();
    this.#aborts.add(controller);
    return controller;
  }

  releaseAbortController(controller) {
    this.#aborts.delete(controller);
  }

  close(server) {
    if (this.#closing) return this.#closing;
    this.closed = true;
    this.#closing = new Promise((resolve) => server.close(() => resolve()));
    for (const [timer, resolve] of this.#sleeps) {
      clearTimeout(timer);
      resolve();
    }
    this.#sleeps.clear();
    this.cancelCallbacks();
    for (const socket of this.#sockets) socket.destroy();
    server.closeAllConnections?.();
    return this.#closing;
  }
}
