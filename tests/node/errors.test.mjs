// Every error class a call can reject with, and the fields each one carries.
// Run: node --test tests/node/errors.test.mjs

import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  AbortError, ApiError, MerakiClient, NetworkError, TimeoutError, ValidationError,
} from "../../pkg/node/index.mjs";
import { startMock } from "../mock/server.mjs";
import { API_KEY, APP, OP, assertCallError, closedPort, merakiBase, rejection, sleep, waitFor } from "./helpers.mjs";

let mock;
before(async () => {
  mock = await startMock({ port: 0 });
});
after(() => mock?.close());
beforeEach(() => mock.reset());

const newClient = (options = {}) => new MerakiClient({ apiKey: API_KEY, baseUrl: merakiBase(mock), ...options });
const update = (client, options) => client.updatePrivateApplication("5001", "183456", APP, options);

describe("ApiError", () => {
  test("401 for a wrong key: status, messages, body, operation, attempts, exact message", async () => {
    const e = await rejection(update(newClient({ apiKey: "wrong-key" })));
    assertCallError(e, ApiError, 1);
    assert.equal(e.status, 401);
    assert.deepEqual(e.messages, ["Invalid API key"]);
    assert.deepEqual(e.body, { errors: ["Invalid API key"] });
    assert.equal(e.retryAfterMs, undefined);
    assert.equal(e.message, `${OP} failed with HTTP 401: Invalid API key (1 attempt)`);
    assert.equal(mock.requests().length, 1, "a 401 is not retried");
  });

  test("400 with Meraki's errors array", async () => {
    mock.addFaults([{ status: 400, body: '{"errors":["bad","worse"]}' }]);
    const e = await rejection(update(newClient()));
    assertCallError(e, ApiError, 1);
    assert.equal(e.status, 400);
    assert.deepEqual(e.messages, ["bad", "worse"]);
    assert.deepEqual(e.body, { errors: ["bad", "worse"] });
    assert.match(e.message, /HTTP 400: bad/);
  });

  test("404 from a base URL with the wrong path", async () => {
    const client = new MerakiClient({ apiKey: API_KEY, baseUrl: `${mock.url}/nope/v1` });
    const e = await rejection(update(client));
    assertCallError(e, ApiError, 1);
    assert.equal(e.status, 404);
    assert.deepEqual(e.messages, ["Not found"]);
    assert.deepEqual(e.body, { errors: ["Not found"] });
    assert.equal(mock.requests()[0].path, "/nope/v1/organizations/5001/secureConnect/privateApplications/183456");
  });

  test("a 2xx whose body is not JSON", async () => {
    mock.addFaults([{ status: 200, body: "<html>", contentType: "text/html" }]);
    const e = await rejection(update(newClient()));
    assertCallError(e, ApiError, 1);
    assert.equal(e.status, 200);
    assert.equal(e.body, "<html>");
    assert.equal(e.messages.length, 1);
    assert.match(e.message, /HTTP 200/);
    assert.equal(mock.requests().length, 1, "not retried");
  });

  // Any other 2xx JSON (an array, a string, null, fields of other types) is a success and
  // resolves as sent; the two 2xx answers that reject are in tests/node/answers.test.mjs.

  test("429 with a Retry-After too long to wait: retryAfterMs", async () => {
    mock.addFaults([{ status: 429, retryAfter: "120" }]);
    const e = await rejection(update(newClient()));
    assertCallError(e, ApiError, 1);
    assert.equal(e.status, 429);
    assert.equal(e.retryAfterMs, 120_000);
    assert.deepEqual(e.messages, ["API rate limit exceeded for organization"]);
  });

  test("429 with no retries left still carries retryAfterMs", async () => {
    mock.addFaults([{ status: 429, retryAfter: "7" }]);
    const e = await rejection(update(newClient({ maxRetries: 0 })));
    assertCallError(e, ApiError, 1);
    assert.equal(e.retryAfterMs, 7000);
  });

  test("a redirect is not followed: ApiError with the 3xx status", async () => {
    mock.addFaults([{ status: 302, headers: { location: `${mock.url}/api/v1/elsewhere` }, body: "" }]);
    const e = await rejection(update(newClient()));
    assertCallError(e, ApiError, 1);
    assert.equal(e.status, 302);
    const log = mock.requests();
    assert.equal(log.length, 1, "the Location was not requested");
    assert.equal(log[0].status, 302);
  });

  for (const status of [307, 308]) {
    test(`a ${status} redirect is not followed either`, async () => {
      mock.addFaults([{ status, headers: { location: `${mock.url}/api/v1/elsewhere` }, body: "" }]);
      const e = await rejection(update(newClient()));
      assertCallError(e, ApiError, 1);
      assert.equal(e.status, status);
      assert.equal(mock.requests().length, 1);
    });
  }
});

describe("NetworkError", () => {
  test("connection refused (a closed port on 127.0.0.1)", async () => {
    const port = await closedPort();
    const client = new MerakiClient({ apiKey: API_KEY, baseUrl: `http://127.0.0.1:${port}/api/v1`, maxRetries: 0 });
    const e = await rejection(update(client));
    assertCallError(e, NetworkError, 1);
    assert.equal(e.status, undefined);
  });

  test("connection refused with retries: attempts counts every request", async () => {
    const port = await closedPort();
    const client = new MerakiClient({ apiKey: API_KEY, baseUrl: `http://127.0.0.1:${port}/api/v1`, maxRetries: 1 });
    const e = await rejection(update(client));
    assertCallError(e, NetworkError, 2);
  });

  test("the server drops the connection (reset fault)", async () => {
    mock.addFaults([{ reset: true }]);
    const e = await rejection(update(newClient({ maxRetries: 0 })));
    assertCallError(e, NetworkError, 1);
    const log = mock.requests();
    assert.equal(log.length, 1);
    assert.equal(log[0].fault, "reset");
  });
});

describe("TimeoutError", () => {
  test("a hung request with timeoutMs 200 and no retries", async () => {
    mock.addFaults([{ hang: true }]);
    const started = Date.now();
    const e = await rejection(update(newClient({ timeoutMs: 200, maxRetries: 0 })));
    const elapsed = Date.now() - started;
    assertCallError(e, TimeoutError, 1);
    assert.ok(elapsed >= 190 && elapsed < 1500, `gave up after ${elapsed} ms`);
    assert.equal(mock.requests().length, 1);
  });

  test("with maxRetries 1 the timed-out attempt is retried once: attempts 2", async () => {
    mock.addFaults([{ hang: true, times: 2 }]);
    const e = await rejection(update(newClient({ timeoutMs: 200, maxRetries: 1 })));
    assertCallError(e, TimeoutError, 2);
    const log = mock.requests();
    assert.equal(log.length, 2);
    assert.deepEqual(log.map((l) => l.fault), ["hang", "hang"]);
  });

  test("a per-call timeoutMs overrides the client's", async () => {
    mock.addFaults([{ hang: true }]);
    const started = Date.now();
    const e = await rejection(update(newClient(), { timeoutMs: 150, maxRetries: 0 }));
    assertCallError(e, TimeoutError, 1);
    assert.ok(Date.now() - started < 1500);
  });
});

describe("AbortError", () => {
  test("abort while the request is in flight", async () => {
    mock.addFaults([{ hang: true }]);
    const controller = new AbortController();
    const started = Date.now();
    const promise = update(newClient(), { signal: controller.signal });
    await waitFor(() => mock.requests().length === 1, "the request to arrive");
    controller.abort();
    const e = await rejection(promise);
    assertCallError(e, AbortError, 1);
    assert.ok(Date.now() - started < 2000, "did not wait for the 60 s timeout");
    assert.equal(mock.requests().length, 1);
  });

  test("abort during a retry wait", async () => {
    mock.addFaults([{ status: 429, retryAfter: "5" }]);
    const controller = new AbortController();
    const started = Date.now();
    const promise = update(newClient(), { signal: controller.signal });
    await waitFor(() => mock.requests()[0]?.status === 429, "the 429");
    await sleep(100);
    controller.abort();
    const e = await rejection(promise);
    const elapsed = Date.now() - started;
    assertCallError(e, AbortError, 1);
    assert.ok(elapsed < 2000, `rejected after ${elapsed} ms, not after the 5 s wait`);
    assert.equal(mock.requests().length, 1, "no second request");
  });

  test("abort with a custom reason is still an AbortError", async () => {
    mock.addFaults([{ hang: true }]);
    const controller = new AbortController();
    const promise = update(newClient(), { signal: controller.signal });
    await waitFor(() => mock.requests().length === 1, "the request to arrive");
    controller.abort(new Error("user pressed cancel"));
    const e = await rejection(promise);
    assertCallError(e, AbortError, 1);
  });

  test("an already-aborted signal: attempts 0 and nothing sent", async () => {
    const e = await rejection(update(newClient(), { signal: AbortSignal.abort() }));
    assertCallError(e, AbortError, 0);
    await sleep(50);
    assert.deepEqual(mock.requests(), []);
  });
});

describe("ValidationError from call options", () => {
  const BAD_CALL_OPTIONS = [
    [{ signal: "x" }, "/signal"],
    [{ signal: {} }, "/signal"],
    [{ timeoutMs: 0 }, "/timeoutMs"],
    [{ timeoutMs: "100" }, "/timeoutMs"],
    [{ maxRetries: -1 }, "/maxRetries"],
    [{ maxRetries: 0.5 }, "/maxRetries"],
  ];
  for (const [options, path] of BAD_CALL_OPTIONS) {
    test(`${JSON.stringify(options)} rejects with ValidationError at ${path}, nothing sent`, async () => {
      const e = await rejection(update(newClient(), options));
      assert.ok(e instanceof ValidationError, String(e));
      assert.ok(e instanceof Error);
      assert.equal(e.name, "ValidationError");
      assert.ok(e.issues.some((i) => i.path === path), JSON.stringify(e.issues));
      for (const Other of [ApiError, NetworkError, TimeoutError, AbortError]) assert.ok(!(e instanceof Other));
      assert.deepEqual(mock.requests(), []);
    });
  }

  test("call options that are not an object reject with ValidationError", async () => {
    const e = await rejection(update(newClient(), "fast"));
    assert.ok(e instanceof ValidationError, String(e));
    assert.deepEqual(mock.requests(), []);
  });
});
