// getCallbackStatus and waitForCallback against the mock, whose callback statuses move from new
// to running to completed (or failed, for a site id starting with "fail") one step apart.
// Run: node --test tests/node/callback-status.test.mjs

import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  AbortError, ApiError, MerakiClient, TimeoutError, ValidationError,
} from "../../pkg/node/index.mjs";
import { startMock } from "../mock/server.mjs";
import { API_KEY, ORG, merakiBase, rejection, sleep } from "./helpers.mjs";

const OP = "getOrganizationWebhooksCallbacksStatus";
let mock;
before(async () => {
  mock = await startMock({ port: 0 });
});
after(() => mock?.close());
beforeEach(() => mock.reset({ callbackStepMs: 100 }));

const client = (options = {}) => new MerakiClient({ apiKey: API_KEY, baseUrl: merakiBase(mock), ...options });
const polls = () => mock.requests().filter((e) => e.method === "GET");
async function detach(c, sites = ["site-1"]) {
  const result = await c.detachSites(ORG, { sites, callback: { httpServer: { id: "hs-1" } } });
  return result.callback.id;
}

describe("getCallbackStatus", () => {
  test("a GET with no body, ids encoded as one segment each; the answer as sent", async () => {
    const c = client();
    const id = await detach(c);
    const status = await c.getCallbackStatus(ORG, id);
    assert.equal(status.callbackId, id);
    assert.equal(status.status, "new");
    assert.equal(status.webhook.httpServer.id, "hs-1");
    assert.equal(typeof status.mockRevision, "number", "unknown fields kept");
    const [get] = polls();
    assert.equal(get.path, `/api/v1/organizations/${ORG}/webhooks/callbacks/statuses/${id}`);
    assert.equal(get.body, "");
    assert.equal(get.headers["content-length"] ?? "0", "0");
    assert.equal(get.headers.authorization, `Bearer ${API_KEY}`);
    const e = await rejection(c.getCallbackStatus("a/b", "x?y"));
    assert.ok(e instanceof ApiError);
    assert.equal(e.status, 404);
    assert.equal(polls()[1].path, "/api/v1/organizations/a%2Fb/webhooks/callbacks/statuses/x%3Fy");
  });

  test("an unknown callback is an ApiError 404, not retried", async () => {
    const e = await rejection(client().getCallbackStatus(ORG, "999"));
    assert.ok(e instanceof ApiError);
    assert.equal(e.status, 404);
    assert.equal(e.operation, OP);
    assert.deepEqual(e.messages, ["Callback 999 not found"]);
    assert.equal(polls().length, 1);
  });

  test("ids that would fold are refused before anything is sent", async () => {
    for (const [org, id] of [["..", "1"], [ORG, "."], [ORG, ""], [ORG, "a\nb"], [ORG, 5]]) {
      const e = await rejection(client().getCallbackStatus(org, id));
      assert.ok(e instanceof ValidationError, `${org} ${id}: ${e?.name}`);
      assert.equal(e.issues[0].code, "path-parameter");
    }
    assert.equal(mock.requests().length, 0);
  });
});

describe("waitForCallback", () => {
  test("polls until completed and resolves with that status", async () => {
    const c = client();
    const id = await detach(c);
    const done = await c.waitForCallback(ORG, id, { intervalMs: 30 });
    assert.equal(done.status, "completed");
    assert.equal(done.callbackId, id);
    assert.ok(polls().length >= 3, `${polls().length} polls`);
    const seen = polls().map((e) => e.status);
    assert.ok(seen.every((s) => s === 200));
  });

  test("a failed callback is an answer: it resolves with status failed", async () => {
    const c = client();
    const id = await detach(c, ["fail-7"]);
    const done = await c.waitForCallback(ORG, id, { intervalMs: 30 });
    assert.equal(done.status, "failed");
    assert.deepEqual(done.errors, ["Site fail-7 could not be detached"]);
  });

  test("no final status within timeoutMs: TimeoutError, and no poll after it", async () => {
    mock.reset({ callbackStepMs: 60_000 });
    const c = client();
    const id = await detach(c);
    const started = Date.now();
    const e = await rejection(c.waitForCallback(ORG, id, { intervalMs: 40, timeoutMs: 250 }));
    assert.ok(e instanceof TimeoutError, `${e?.name}: ${e?.message}`);
    assert.equal(e.operation, OP);
    assert.ok(Date.now() - started < 1000);
    const count = polls().length;
    assert.ok(count >= 3, `${count} polls`);
    await sleep(200);
    assert.equal(polls().length, count, "no more polls");
  });

  test("the signal: AbortError while sleeping between polls, and no poll after it", async () => {
    mock.reset({ callbackStepMs: 60_000 });
    const c = client();
    const id = await detach(c);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const e = await rejection(c.waitForCallback(ORG, id, { intervalMs: 1000, signal: controller.signal }));
    assert.ok(e instanceof AbortError, `${e?.name}: ${e?.message}`);
    assert.equal(polls().length, 1);
    await sleep(1100);
    assert.equal(polls().length, 1, "no more polls");
    const pre = await rejection(c.waitForCallback(ORG, id, { signal: AbortSignal.abort() }));
    assert.ok(pre instanceof AbortError);
    assert.equal(polls().length, 1);
  });

  test("a poll that fails for good rejects: an unknown callback", async () => {
    const e = await rejection(client().waitForCallback(ORG, "404404", { intervalMs: 10 }));
    assert.ok(e instanceof ApiError);
    assert.equal(e.status, 404);
  });

  test("bad options are a ValidationError", async () => {
    const throwing = { get intervalMs() { throw new Error("getter"); } };
    for (const options of [{ intervalMs: 0 }, { timeoutMs: -1 }, { intervalMs: "1" }, { timeoutMs: NaN }, { signal: {} }, throwing]) {
      const e = await rejection(client().waitForCallback(ORG, "1", options));
      assert.ok(e instanceof ValidationError, Object.keys(options).join());
      assert.equal(e.issues[0].code, "option");
    }
    const both = await rejection(client().waitForCallback(ORG, "1", { intervalMs: -5, timeoutMs: "soon" }));
    assert.deepEqual(both.issues.map((i) => i.path), ["/intervalMs", "/timeoutMs"]);
    assert.equal(mock.requests().length, 0);
  });

  test("polls go through the organization's rate limit: no 429 from a server enforcing it", async () => {
    mock.reset({ callbackStepMs: 700, rateLimit: { perSecond: 3 } });
    const c = client({ requestsPerSecond: 3 });
    const id = await detach(c);
    const done = await c.waitForCallback(ORG, id, { intervalMs: 1 });
    assert.equal(done.status, "completed");
    assert.equal(mock.stats().rateLimited429, 0);
    // The same polling without the client's limit does meet the server's.
    mock.reset({ callbackStepMs: 700, rateLimit: { perSecond: 3 } });
    const unlimited = client({ requestsPerSecond: 0, maxRetries: 10 });
    const again = await detach(unlimited);
    await unlimited.waitForCallback(ORG, again, { intervalMs: 1 }).catch(() => {});
    assert.ok(mock.stats().rateLimited429 > 0, "without the limit the server answers 429");
  });
});
