// The `hooks` option of both clients, from the built package against the mock: onRequest before
// every request and onResponse once after it (status, duration, attempt, retryInMs when a retry
// follows, error when no answer came), the credential masked and no body or secret anywhere in
// what they get; a hook that throws or rejects never fails a call and is reported once per
// client with console.warn; without hooks nothing is ever logged.
// Run: node --test tests/node/hooks.test.mjs

import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ApiError, MerakiClient, NetworkError, SymphonyClient, TimeoutError } from "../../pkg/node/index.mjs";
import { startMock } from "../mock/server.mjs";
import { APP, assertBetween, closedPort, merakiBase, rejection } from "./helpers.mjs";

const KEY = "mk-HOOKKEY-7731";
const TOKEN = "st-HOOKTOKEN-2208";
const FRESH = "st-HOOKFRESH-9921";
const CB_SECRET = "cb-HOOKSECRET-4410";
const NOTIFY_KEY = "nk-HOOKNOTIFY-5512";
const SECRETS = [KEY, TOKEN, FRESH, CB_SECRET, NOTIFY_KEY, "HOOK"];
const ORG = "5001";
const UPDATE = "updateOrganizationSecureConnectPrivateApplication";
const DETACH = Object.freeze({ sites: ["1520758"], callback: { url: "https://hooks.example.com/m", sharedSecret: CB_SECRET } });
const DETAIL = Object.freeze({
  applicationInfo: { appId: "my-app", name: "My App" },
  notification: { url: "https://apps.example.com/notify", apiKey: NOTIFY_KEY },
});

let mock;
before(async () => {
  mock = await startMock({ port: 0, apiKey: KEY, sessionTokens: [TOKEN, FRESH] });
});
after(() => mock?.close());
beforeEach(() => mock.reset());

/** Hooks that record every info they get, in order, as ["request" | "response", info]. */
function recorder() {
  const seen = [];
  const hooks = {
    onRequest(info) {
      seen.push(["request", info]);
    },
    onResponse(info) {
      seen.push(["response", info]);
    },
  };
  return { hooks, seen };
}

const meraki = (hooks, options = {}) => new MerakiClient({ apiKey: KEY, baseUrl: merakiBase(mock), requestsPerSecond: 0, maxRetries: 0, hooks, ...options });
const symphony = (hooks, options = {}) => new SymphonyClient({ podUrl: mock.url, sessionToken: TOKEN, maxRetries: 0, hooks, ...options });

/** No secret in anything the hooks received, however printed. */
function assertNoSecrets(seen) {
  const text = JSON.stringify(seen);
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `the hooks saw ${secret}: ${text.slice(0, 300)}`);
}

describe("onRequest and onResponse see every attempt", () => {
  test("a call retried through a 429 and a 503: attempts, statuses, retryInMs, the key masked", async () => {
    mock.addFaults([{ status: 429, retryAfter: "0" }, { status: 503 }]);
    const { hooks, seen } = recorder();
    await meraki(hooks, { maxRetries: 3 }).updatePrivateApplication(ORG, "183456", APP);
    assert.deepEqual(seen.map(([kind, i]) => [kind, i.attempt, i.status]), [
      ["request", 1, undefined], ["response", 1, 429],
      ["request", 2, undefined], ["response", 2, 503],
      ["request", 3, undefined], ["response", 3, 200],
    ]);
    const [req1, res1, , res2, , res3] = seen.map(([, i]) => i);
    assert.deepEqual(Object.keys(req1), ["operation", "method", "url", "headers", "attempt"]);
    assert.deepEqual(req1, {
      operation: UPDATE,
      method: "PUT",
      url: `${merakiBase(mock)}/organizations/${ORG}/secureConnect/privateApplications/183456`,
      headers: { Authorization: "Bearer ***", "Content-Type": "application/json", Accept: "application/json" },
      attempt: 1,
    });
    assert.equal(res1.retryInMs, 0, "Retry-After: 0");
    assertBetween(res2.retryInMs, 250, 1000, "the backoff before attempt 3 (1 s step, jittered)");
    assert.ok(!("retryInMs" in res3) && !("error" in res3), JSON.stringify(res3));
    for (const r of [res1, res2, res3]) {
      assert.equal(r.operation, UPDATE);
      assertBetween(r.durationMs, 0, 5000, "durationMs");
    }
    assert.equal(mock.requests().length, 3, "one onRequest per request the mock got");
    assertNoSecrets(seen);
  });

  test("each secret masked: the apiKeyHeader, the detach sharedSecret, the session token and notification.apiKey", async () => {
    const { hooks, seen } = recorder();
    const m = meraki(hooks, { authScheme: "apiKeyHeader" });
    await m.detachSites(ORG, DETACH);
    mock.addFaults([{ status: 400, echo: true }]); // a server that echoes every secret back
    await rejection(m.updatePrivateApplication(ORG, "183456", APP));
    await symphony(hooks).updateApp("my-app", DETAIL);
    mock.addFaults([{ status: 500, echo: true }]);
    await rejection(symphony(hooks).updateApp("my-app", DETAIL));
    const requests = seen.filter(([k]) => k === "request").map(([, i]) => i);
    assert.deepEqual(requests.map((i) => [i.method, i.headers["X-Cisco-Meraki-API-Key"] ?? i.headers.sessionToken]), [
      ["DELETE", "***"], ["PUT", "***"], ["POST", "***"], ["POST", "***"],
    ]);
    assert.ok(requests.every((i) => !("body" in i)), "no body");
    assert.ok(JSON.stringify(mock.requests()).includes(CB_SECRET) && JSON.stringify(mock.requests()).includes(NOTIFY_KEY), "the secrets were sent");
    assertNoSecrets(seen);
  });

  test("Symphony's retry after a 401 goes on counting attempts, both tokens masked", async () => {
    mock.reset({ apiKey: KEY, sessionTokens: [FRESH] });
    const { hooks, seen } = recorder();
    const c = symphony(hooks, { sessionToken: undefined, sessionTokenProvider: (() => { let n = 0; return () => (++n === 1 ? TOKEN : FRESH); })() });
    await c.updateApp("my-app", DETAIL);
    assert.deepEqual(seen.map(([k, i]) => [k, i.attempt, i.status ?? i.headers.sessionToken]), [
      ["request", 1, "***"], ["response", 1, 401], ["request", 2, "***"], ["response", 2, 200],
    ]);
    assertNoSecrets(seen);
  });

  test("no answer: status 0 with error timeout, network or abort; onResponse once per onRequest", async () => {
    const { hooks, seen } = recorder();
    mock.addFaults([{ hang: true }]);
    await meraki(hooks, { timeoutMs: 150, maxRetries: 1 }).updatePrivateApplication(ORG, "183456", APP);
    const port = await closedPort();
    await rejection(meraki(hooks, { baseUrl: `http://127.0.0.1:${port}/api/v1` }).updatePrivateApplication(ORG, "183456", APP)).then((e) => assert.ok(e instanceof NetworkError));
    mock.addFaults([{ hang: true }]);
    const controller = new AbortController();
    const pending = symphony(hooks).updateApp("my-app", DETAIL, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await rejection(pending);
    const responses = seen.filter(([k]) => k === "response").map(([, i]) => [i.attempt, i.status, i.error, "retryInMs" in i]);
    assert.deepEqual(responses, [
      [1, 0, "timeout", true], [2, 200, undefined, false], // the hang was one fault: attempt 2 got through
      [1, 0, "network", false],
      [1, 0, "abort", false],
    ]);
    assert.equal(seen.filter(([k]) => k === "request").length, responses.length);
  });

  test("a timeout with no retry left: status 0, error timeout, no retryInMs", async () => {
    const { hooks, seen } = recorder();
    mock.addFaults([{ hang: true }]);
    const e = await rejection(meraki(hooks, { timeoutMs: 100 }).detachSites(ORG, DETACH));
    assert.ok(e instanceof TimeoutError);
    assert.deepEqual(seen.map(([k, i]) => [k, i.status, i.error]), [["request", undefined, undefined], ["response", 0, "timeout"]]);
  });

  test("hooks are called with the hooks object as `this`", async () => {
    const hooks = { calls: 0, onRequest() { this.calls += 1; }, onResponse() { this.calls += 1; } };
    await meraki(hooks).updatePrivateApplication(ORG, "183456", APP);
    assert.equal(hooks.calls, 2);
  });
});

describe("a hook's failure is its own", () => {
  test("throwing and rejecting hooks never fail the call; console.warn once per client, without secrets", async (t) => {
    const warn = t.mock.method(console, "warn", () => {});
    const failing = {
      onRequest() { throw new Error(`hook broke ${KEY}`); },
      async onResponse() { throw new Error("async hook broke"); },
    };
    const c = meraki(failing, { maxRetries: 1 });
    mock.addFaults([{ status: 503 }]);
    assert.equal((await c.updatePrivateApplication(ORG, "183456", APP)).applicationId, "183456");
    assert.equal((await c.detachSites(ORG, DETACH)).constructor, Object);
    await new Promise((r) => setTimeout(r, 20)); // let the rejected hook promises settle
    assert.equal(warn.mock.callCount(), 1);
    const text = warn.mock.calls[0].arguments.join(" ");
    assert.match(text, /hooks\.onRequest threw/);
    assert.ok(!text.includes(KEY) && !text.includes("broke"), text);
    // Another client has its own once.
    const s = symphony({ onResponse: () => Promise.reject(new Error("x")) });
    await s.updateApp("my-app", DETAIL);
    await s.updateApp("my-app", DETAIL);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(warn.mock.callCount(), 2);
    assert.match(warn.mock.calls[1].arguments.join(" "), /hooks\.onResponse threw/);
  });

  test("a hook that never settles, or returns a hostile thenable, does not hold the call", async (t) => {
    t.mock.method(console, "warn", () => {});
    const hooks = {
      onRequest: () => new Promise(() => {}),
      onResponse: () => ({ get then() { throw new Error("then"); } }),
    };
    const started = Date.now();
    await meraki(hooks).updatePrivateApplication(ORG, "183456", APP);
    assert.ok(Date.now() - started < 2000);
  });

  test("an error still rejects with its own class when hooks throw", async (t) => {
    t.mock.method(console, "warn", () => {});
    mock.addFaults([{ status: 404 }]);
    const e = await rejection(meraki({ onRequest() { throw 1; }, onResponse() { throw 2; } }).updatePrivateApplication(ORG, "183456", APP));
    assert.ok(e instanceof ApiError && e.status === 404, `${e.name} ${e.status}`);
  });

  test("no hooks: nothing is logged, whatever happens", async (t) => {
    const spies = ["log", "info", "warn", "error", "debug", "trace"].map((m) => t.mock.method(console, m, () => {}));
    const put = { method: "PUT" };
    mock.addFaults([{ status: 503, match: put }, { status: 429, retryAfter: "0", match: put }, { status: 400, match: { method: "DELETE" } }]);
    const c = meraki(undefined, { maxRetries: 2 });
    await c.updatePrivateApplication(ORG, "183456", APP);
    await rejection(c.detachSites(ORG, DETACH));
    await rejection(meraki(undefined, { fetch: () => { throw new Error("x"); } }).updatePrivateApplication(ORG, "183456", APP));
    await symphony(undefined).updateApp("my-app", DETAIL);
    assert.deepEqual(spies.map((s) => s.mock.callCount()), [0, 0, 0, 0, 0, 0]);
  });
});
