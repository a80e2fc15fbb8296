// Retries: which answers are retried, how long the client waits (backoff with equal jitter,
// Retry-After in seconds or as an HTTP date), and how attempts are counted. Waits are measured from
// the mock log's arrival times (`at`).
// Run: node --test tests/node/retries.test.mjs

import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ApiError, MerakiClient, NetworkError, TimeoutError } from "../../pkg/node/index.mjs";
import { startMock } from "../mock/server.mjs";
import { API_KEY, APP, OP, assertBetween, gaps, merakiBase, rejection } from "./helpers.mjs";

// The first backoff step is 500 ms with "equal jitter": the wait is 50-100 % of the step, and the
// step doubles each retry. SLACK covers the two trips over loopback and timer lateness.
const SLACK = 150;
const firstBackoff = [250 - 5, 500 + SLACK];
const secondBackoff = [500 - 5, 1000 + SLACK];

let mock;
before(async () => {
  mock = await startMock({ port: 0 });
});
after(() => mock?.close());
beforeEach(() => mock.reset());

const newClient = (options = {}) =>
  new MerakiClient({ apiKey: API_KEY, baseUrl: merakiBase(mock), requestsPerSecond: 0, ...options });
const update = (client, options) => client.updatePrivateApplication("5001", "183456", APP, options);

describe("retried answers", () => {
  test("503 then success: 2 requests, waiting within the first backoff window", async () => {
    mock.addFaults([{ status: 503 }]);
    const result = await update(newClient());
    assert.equal(result.applicationId, "183456");
    const log = mock.requests();
    assert.deepEqual(log.map((l) => l.status), [503, 200]);
    assertBetween(gaps(log)[0], ...firstBackoff, "wait after the 503");
    assert.equal(log[1].body, log[0].body, "the retry sends the same body");
    assert.equal(log[1].path, log[0].path);
  });

  for (const status of [500, 502, 504]) {
    test(`${status} then success is retried after a backoff`, async () => {
      mock.addFaults([{ status }]);
      const result = await update(newClient());
      assert.equal(result.applicationId, "183456");
      const log = mock.requests();
      assert.deepEqual(log.map((l) => l.status), [status, 200]);
      assertBetween(gaps(log)[0], ...firstBackoff, `wait after the ${status}`);
    });
  }

  test("429 without Retry-After backs off like a 5xx", async () => {
    mock.addFaults([{ status: 429 }]);
    await update(newClient());
    const log = mock.requests();
    assert.deepEqual(log.map((l) => l.status), [429, 200]);
    assertBetween(gaps(log)[0], ...firstBackoff, "wait after a 429 with no Retry-After");
  });

  test("a dropped connection then success: retried after a backoff", async () => {
    mock.addFaults([{ reset: true }]);
    const result = await update(newClient());
    assert.equal(result.applicationId, "183456");
    const log = mock.requests();
    assert.deepEqual(log.map((l) => l.fault ?? l.status), ["reset", 200]);
    assertBetween(gaps(log)[0], ...firstBackoff, "wait after a reset");
  });

  test("a timed-out attempt then success: retried after timeout + backoff", async () => {
    mock.addFaults([{ hang: true }]);
    const result = await update(newClient({ timeoutMs: 200 }));
    assert.equal(result.applicationId, "183456");
    const log = mock.requests();
    assert.deepEqual(log.map((l) => l.fault ?? l.status), ["hang", 200]);
    assertBetween(gaps(log)[0], 200 + firstBackoff[0], 200 + firstBackoff[1], "timeout + wait");
  });
});

describe("Retry-After", () => {
  test("Retry-After: 1 → the second request arrives at least 1000 ms after the first", async () => {
    mock.addFaults([{ status: 429, retryAfter: "1" }]);
    const result = await update(newClient());
    assert.equal(result.applicationId, "183456");
    const log = mock.requests();
    assert.deepEqual(log.map((l) => l.status), [429, 200]);
    assertBetween(gaps(log)[0], 1000, 1000 + 400, "wait for Retry-After: 1");
  });

  test("Retry-After: 0 retries at once", async () => {
    mock.addFaults([{ status: 429, retryAfter: "0" }]);
    await update(newClient());
    const log = mock.requests();
    assert.deepEqual(log.map((l) => l.status), [429, 200]);
    assertBetween(gaps(log)[0], 0, 200, "wait for Retry-After: 0");
  });

  test("Retry-After as an HTTP date ~2 s ahead waits until that date", async () => {
    // HTTP dates have whole seconds: aim 2-3 s ahead, at a whole second.
    const target = (Math.floor(Date.now() / 1000) + 3) * 1000;
    mock.addFaults([{ status: 429, retryAfter: new Date(target).toUTCString() }]);
    const result = await update(newClient());
    assert.equal(result.applicationId, "183456");
    const log = mock.requests();
    assert.deepEqual(log.map((l) => l.status), [429, 200]);
    assertBetween(log[1].at, target - 10, target + 400, "second request time vs the Retry-After date");
    assertBetween(gaps(log)[0], 1900, 3400, "wait for the HTTP date");
  });

  test("Retry-After as an HTTP date in the past retries at once", async () => {
    mock.addFaults([{ status: 429, retryAfter: new Date(Date.now() - 60_000).toUTCString() }]);
    await update(newClient());
    const log = mock.requests();
    assert.deepEqual(log.map((l) => l.status), [429, 200]);
    assertBetween(gaps(log)[0], 0, 200, "wait for a past date");
  });

  test("Retry-After of a year is not waited: ApiError 429 at once with retryAfterMs", async () => {
    mock.addFaults([{ status: 429, retryAfter: "31536000", times: 2 }]);
    const started = Date.now();
    const e = await rejection(update(newClient()));
    const elapsed = Date.now() - started;
    assert.ok(e instanceof ApiError, String(e));
    assert.equal(e.status, 429);
    assert.equal(e.retryAfterMs, 31_536_000_000);
    assert.equal(e.attempts, 1);
    assert.equal(e.operation, OP);
    assert.ok(elapsed < 1000, `rejected after ${elapsed} ms`);
    assert.equal(mock.requests().length, 1);
  });

  test("Retry-After as an HTTP date more than 60 s ahead is not waited either", async () => {
    const date = new Date(Date.now() + 3_600_000);
    mock.addFaults([{ status: 429, retryAfter: date.toUTCString() }]);
    const started = Date.now();
    const e = await rejection(update(newClient()));
    assert.ok(e instanceof ApiError);
    assert.equal(e.attempts, 1);
    assertBetween(e.retryAfterMs, 3_600_000 - 2000, 3_600_000 + 1000, "retryAfterMs of a date an hour ahead");
    assert.ok(Date.now() - started < 1000);
  });
});

describe("final answers and attempt counting", () => {
  for (const status of [400, 401, 403, 404, 409, 422]) {
    test(`${status} is not retried: one request, attempts 1`, async () => {
      mock.addFaults([{ status, times: 3 }]);
      const e = await rejection(update(newClient()));
      assert.ok(e instanceof ApiError, String(e));
      assert.equal(e.status, status);
      assert.equal(e.attempts, 1);
      assert.equal(mock.requests().length, 1);
    });
  }

  test("maxRetries exhausted on repeated 503: ApiError with attempts = maxRetries + 1", async () => {
    mock.addFaults([{ status: 503, times: 10 }]);
    const e = await rejection(update(newClient({ maxRetries: 2 })));
    assert.ok(e instanceof ApiError, String(e));
    assert.equal(e.status, 503);
    assert.equal(e.attempts, 3);
    assert.match(e.message, /\(3 attempts\)$/);
    const log = mock.requests();
    assert.equal(log.length, 3);
    const [first, second] = gaps(log);
    assertBetween(first, ...firstBackoff, "first backoff");
    assertBetween(second, ...secondBackoff, "second backoff (doubled)");
  });

  test("maxRetries 0 on the client: a 503 is final", async () => {
    mock.addFaults([{ status: 503, times: 3 }]);
    const e = await rejection(update(newClient({ maxRetries: 0 })));
    assert.ok(e instanceof ApiError);
    assert.equal(e.attempts, 1);
    assert.equal(mock.requests().length, 1);
  });

  test("a per-call maxRetries overrides the client's (lower)", async () => {
    mock.addFaults([{ status: 503, times: 10 }]);
    const e = await rejection(update(newClient({ maxRetries: 3 }), { maxRetries: 1 }));
    assert.ok(e instanceof ApiError);
    assert.equal(e.attempts, 2);
    assert.equal(mock.requests().length, 2);
  });

  test("a per-call maxRetries overrides the client's (higher)", async () => {
    mock.addFaults([{ status: 503, times: 1 }]);
    const result = await update(newClient({ maxRetries: 0 }), { maxRetries: 1 });
    assert.equal(result.applicationId, "183456");
    assert.deepEqual(mock.requests().map((l) => l.status), [503, 200]);
  });

  test("a per-call maxRetries 0 disables retries for that call only", async () => {
    const client = newClient({ maxRetries: 3 });
    mock.addFaults([{ status: 503, times: 1 }]);
    const e = await rejection(update(client, { maxRetries: 0 }));
    assert.equal(e.attempts, 1);
    mock.reset();
    mock.addFaults([{ status: 503, times: 1 }]);
    const result = await update(client);
    assert.equal(result.applicationId, "183456");
    assert.equal(mock.requests().length, 2);
  });

  test("a retried network error that keeps failing: NetworkError with every attempt counted", async () => {
    mock.addFaults([{ reset: true, times: 2 }]);
    const e = await rejection(update(newClient({ maxRetries: 1 })));
    assert.ok(e instanceof NetworkError, String(e));
    assert.equal(e.attempts, 2);
    assert.equal(mock.requests().length, 2);
  });

  test("a timeout followed by a 503: the last outcome decides the class", async () => {
    mock.addFaults([{ hang: true }, { status: 503 }]);
    const e = await rejection(update(newClient({ timeoutMs: 200, maxRetries: 1 })));
    assert.ok(e instanceof ApiError, String(e));
    assert.ok(!(e instanceof TimeoutError));
    assert.equal(e.status, 503);
    assert.equal(e.attempts, 2);
  });

  test("a 502 with a non-JSON body: the message mentions 502", async () => {
    mock.addFaults([{ status: 502, body: "<html><body>Bad Gateway</body></html>", contentType: "text/html" }]);
    const e = await rejection(update(newClient({ maxRetries: 0 })));
    assert.ok(e instanceof ApiError, String(e));
    assert.equal(e.status, 502);
    assert.equal(e.body, "<html><body>Bad Gateway</body></html>");
    assert.match(e.message, /502/);
    assert.equal(e.messages.length, 1);
    assert.match(e.messages[0], /502/);
    assert.equal(e.attempts, 1);
  });
});
