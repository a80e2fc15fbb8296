// Tests of the built-in API mock (tests/mock/), over real HTTP. Run: node --test tests/mock.test.mjs

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { generateKeyPairSync, sign } from "node:crypto";
import { spawn } from "node:child_process";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startMock } from "./mock/server.mjs";
import { API_KEY, APP, JSON_HEADERS, MERAKI, SERVER_SCRIPT, SESSION, appUrl, control, detach, mock, putApp, sitesUrl, statusAndJson, updateApp, useMock, waitFor } from "./mock/fixtures.mjs";

useMock();

describe("Meraki update private application", () => {
  test("200 echoes the body with generated fields, the unknown mockRevision and a counter", async () => {
    const res = await putApp({ id: "183456" });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type"), /^application\/json/);
    const body = await res.json();
    assert.equal(body.applicationId, "183456");
    assert.equal(body.name, "Jira");
    assert.deepEqual(body.destinations, APP.destinations);
    assert.equal(body.externalFQDN, "https://jira-5001.ztna.ciscoplus.com");
    assert.equal(body.createdAt, "2021-12-13T16:07:07.222000Z");
    assert.ok(Math.abs(Date.parse(body.modifiedAt) - Date.now()) < 5000, body.modifiedAt);
    assert.equal(body.mockRevision, 1);
    const second = await putApp({ body: JSON.stringify({ ...APP, name: "My  Big App", externalFQDN: "https://x" }) });
    const secondBody = await second.json();
    assert.equal(secondBody.mockRevision, 2);
    assert.equal(secondBody.externalFQDN, "https://my-big-app-5001.ztna.ciscoplus.com");
  });

  test("accepts the X-Cisco-Meraki-API-Key header too", async () => {
    const res = await putApp({ headers: { "X-Cisco-Meraki-API-Key": API_KEY, ...JSON_HEADERS } });
    assert.equal(res.status, 200);
  });

  test("401 for a missing or wrong key", async () => {
    const invalid = { status: 401, body: { errors: ["Invalid API key"] } };
    assert.deepEqual(await statusAndJson(await putApp({ headers: JSON_HEADERS })), invalid);
    assert.deepEqual(await statusAndJson(await putApp({ headers: { ...JSON_HEADERS, authorization: "Bearer nope" } })), invalid);
    assert.deepEqual(await statusAndJson(await putApp({ headers: { ...JSON_HEADERS, authorization: API_KEY } })), invalid);
    assert.deepEqual(
      await statusAndJson(await putApp({ headers: { ...JSON_HEADERS, "x-cisco-meraki-api-key": "nope" } })),
      invalid,
    );
  });

  test("400 unless Content-Type is application/json (parameters allowed)", async () => {
    const res = await putApp({ headers: { authorization: `Bearer ${API_KEY}`, "content-type": "text/plain" } });
    const { status, body } = await statusAndJson(res);
    assert.equal(status, 400);
    assert.equal(body.errors.length, 1);
    assert.match(body.errors[0], /Content-Type must be application\/json \(got text\/plain\)/);
    const ok = await putApp({ headers: { ...MERAKI, "content-type": "application/json; charset=utf-8" } });
    assert.equal(ok.status, 200);
  });

  test("400 for a body that is not a JSON object, or misses the required fields", async () => {
    const bad = await statusAndJson(await putApp({ body: "{not json" }));
    assert.equal(bad.status, 400);
    assert.match(bad.body.errors[0], /^The request body is not valid JSON/);
    const array = await statusAndJson(await putApp({ body: "[]" }));
    assert.deepEqual(array, { status: 400, body: { errors: ["The request body must be a JSON object"] } });
    const empty = await statusAndJson(await putApp({ body: "{}" }));
    assert.deepEqual(empty, { status: 400, body: { errors: ["'name' is required", "'destinations' is required"] } });
    const wrong = await statusAndJson(await putApp({ body: JSON.stringify({ name: 5, destinations: [] }) }));
    assert.deepEqual(wrong.body.errors, ["'name' must be a non-empty string", "'destinations' must be a non-empty array"]);
  });

  test("percent-encoded path segments are decoded one by one and recorded", async () => {
    const res = await putApp({ org: "org 1", id: "a/b?c#d" });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.applicationId, "a/b?c#d");
    assert.equal(body.externalFQDN, "https://jira-org 1.ztna.ciscoplus.com");
    const [entry] = mock.requests();
    assert.equal(entry.path, "/api/v1/organizations/org%201/secureConnect/privateApplications/a%2Fb%3Fc%23d");
    assert.deepEqual(entry.segments, ["api", "v1", "organizations", "org 1", "secureConnect", "privateApplications", "a/b?c#d"]);
  });

  test("404 for unknown paths, 405 for a known path with another method", async () => {
    const unknown = await fetch(`${mock.url}/api/v1/organizations/1/nothing`, { headers: MERAKI });
    assert.deepEqual(await statusAndJson(unknown), { status: 404, body: { errors: ["Not found"] } });
    const extra = await putApp({ id: "x/y" }); // ok: one segment
    assert.equal(extra.status, 200);
    const split = await fetch(`${sitesUrl("1").replace("/sites", "/privateApplications/x/y")}`, { method: "PUT", headers: MERAKI, body: "{}" });
    assert.equal(split.status, 404);
    const wrong = await fetch(appUrl("1", "2"), { method: "GET", headers: MERAKI });
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get("allow"), "PUT");
    assert.match((await wrong.json()).errors[0], /Method GET not allowed/);
  });

  test("413 for a body above 1 MB", async () => {
    const res = await putApp({ body: JSON.stringify({ ...APP, description: "x".repeat(1024 * 1024) }) });
    assert.equal(res.status, 413);
    assert.deepEqual(await res.json(), { errors: ["Request body is larger than 1 MB"] });
  });
});

describe("Meraki detach sites", () => {
  const DETACHED = { action: "detach", status: "success", message: "Sites detached successfully", request: { siteId: "1520758" } };

  test("201 with the job result", async () => {
    const res = await detach({ body: JSON.stringify({ sites: ["1520758", "2"] }) });
    assert.deepEqual(await statusAndJson(res), { status: 201, body: DETACHED });
  });

  test("a DELETE without a body is refused with 'sites' is required", async () => {
    const res = await detach({ headers: { authorization: `Bearer ${API_KEY}` } });
    const { status, body } = await statusAndJson(res);
    assert.equal(status, 400);
    assert.equal(body.errors[0], "'sites' is required");
    assert.match(body.errors[1], /no body/);
  });

  test("400 when sites is missing, empty or not strings; when a callback is incomplete", async () => {
    const missing = await statusAndJson(await detach({ body: JSON.stringify({ callback: { httpServer: { id: "h" } } }) }));
    assert.deepEqual(missing, { status: 400, body: { errors: ["'sites' is required"] } });
    for (const sites of [[], "1", [1], null]) {
      const { status, body } = await statusAndJson(await detach({ body: JSON.stringify({ sites }) }));
      assert.equal(status, 400);
      assert.deepEqual(body.errors, [sites === null ? "'sites' is required" : "'sites' must be a non-empty array of strings"]);
    }
    const noSecret = await statusAndJson(await detach({ body: JSON.stringify({ sites: ["1"], callback: { url: "https://r" } }) }));
    assert.deepEqual(noSecret.body.errors, ["'callback' needs either 'httpServer.id' or both 'url' and 'sharedSecret'"]);
    const badType = await statusAndJson(await detach({ body: JSON.stringify({ sites: ["1"] }), headers: { authorization: `Bearer ${API_KEY}`, "content-type": "text/plain" } }));
    assert.equal(badType.status, 400);
  });

  test("401 without the key, even with a valid body", async () => {
    const res = await detach({ body: JSON.stringify({ sites: ["1"] }), headers: JSON_HEADERS });
    assert.deepEqual(await statusAndJson(res), { status: 401, body: { errors: ["Invalid API key"] } });
  });

  test("a callback to an httpServer gets an id and the receiver's URL, and nothing is sent", async () => {
    const res = await detach({ body: JSON.stringify({ sites: ["1520758"], callback: { httpServer: { id: "abc" } } }) });
    const body = await res.json();
    assert.equal(res.status, 201);
    assert.deepEqual(body, { ...DETACHED, callback: { id: "1284392014819", url: "https://receiver.example/webhooks/abc", status: "new" } });
    assert.deepEqual(mock.stats().callbacks, []);
  });

  test("a callback with url and sharedSecret is POSTed to the configured target after answering", async () => {
    const received = [];
    const receiver = http.createServer((req, res) => {
      let text = "";
      req.on("data", (c) => (text += c));
      req.on("end", () => {
        received.push({ method: req.method, url: req.url, contentType: req.headers["content-type"], body: JSON.parse(text) });
        res.writeHead(200).end();
      });
    });
    await new Promise((r) => receiver.listen(0, "127.0.0.1", r));
    try {
      const target = `http://127.0.0.1:${receiver.address().port}/hooks/detach`;
      const set = await control("callback-target", { url: target });
      assert.deepEqual(set.body, { ok: true, url: target });

      const callback = { url: "https://webhook.example/abc", sharedSecret: "s3cret" };
      const res = await detach({ org: "777", body: JSON.stringify({ sites: ["1520758"], callback }) });
      const body = await res.json();
      assert.equal(res.status, 201);
      assert.match(body.callback.id, /^\d+$/);
      assert.deepEqual(body.callback, { id: body.callback.id, url: callback.url, status: "new" });
      assert.equal(received.length, 0, "the callback must come after the answer");

      await waitFor(() => received.length === 1, "the callback");
      const [hook] = received;
      assert.equal(hook.method, "POST");
      assert.equal(hook.url, "/hooks/detach");
      assert.equal(hook.contentType, "application/json");
      assert.ok(!Number.isNaN(Date.parse(hook.body.sentAt)));
      assert.deepEqual(hook.body, {
        organization: { id: "777", name: "Mock Org" },
        network: { id: "N_1", name: "Mock Network" },
        sentAt: hook.body.sentAt,
        callbackId: body.callback.id,
        sharedSecret: "s3cret",
        message: DETACHED,
      });
      const record = await waitFor(() => mock.stats().callbacks.find((c) => c.outcome !== "pending"), "the outcome");
      assert.equal(record.outcome, "delivered");
      assert.equal(record.status, 200);
      assert.equal(record.callbackId, body.callback.id);
      assert.equal(record.target, target);
    } finally {
      await new Promise((r) => receiver.close(r));
    }
  });

  test("a callback target that refuses connections is recorded as failed", async () => {
    const closed = http.createServer();
    await new Promise((r) => closed.listen(0, "127.0.0.1", r));
    const port = closed.address().port;
    await new Promise((r) => closed.close(r));
    mock.setCallbackTarget(`http://127.0.0.1:${port}/`);
    await detach({ body: JSON.stringify({ sites: ["1"], callback: { url: "https://x.example", sharedSecret: "s" } }) });
    const record = await waitFor(() => mock.stats().callbacks.find((c) => c.outcome !== "pending"), "the outcome");
    assert.equal(record.outcome, "failed");
    assert.equal(record.status, null);
    assert.match(record.error, /ECONNREFUSED|refused/i);
  });
});

describe("Symphony update app", () => {
  const DETAIL = {
    applicationInfo: { name: "My App", appUrl: "https://app.example.com", domain: "app.example.com", publisher: "Acme" },
    description: "a test app",
    notification: { url: "https://app.example.com/cb", apiKey: "notify-secret" },
    futureField: { kept: true },
  };

  test("401 without or with an unknown session token", async () => {
    const invalid = { status: 401, body: { code: 401, message: "Invalid session" } };
    assert.deepEqual(await statusAndJson(await updateApp({ headers: JSON_HEADERS })), invalid);
    assert.deepEqual(await statusAndJson(await updateApp({ headers: { sessionToken: "nope", ...JSON_HEADERS } })), invalid);
  });

  test("403 for a session without the admin role", async () => {
    const res = await updateApp({ headers: { sessionToken: "no-role-token", ...JSON_HEADERS } });
    assert.deepEqual(await statusAndJson(res), { status: 403, body: { code: 403, message: "Caller lacks necessary entitlement." } });
  });

  test("400 as {code, message} for a wrong content type, bad JSON or no body", async () => {
    for (const [headers, body] of [
      [{ sessionToken: SESSION, "content-type": "text/plain" }, "{}"],
      [{ sessionToken: SESSION, ...JSON_HEADERS }, "nope"],
      [{ sessionToken: SESSION, ...JSON_HEADERS }, "[1]"],
      [{ sessionToken: SESSION, ...JSON_HEADERS }, ""],
    ]) {
      const res = await statusAndJson(await updateApp({ headers, body }));
      assert.equal(res.status, 400, body);
      assert.equal(res.body.code, 400);
      assert.equal(typeof res.body.message, "string");
      assert.ok(res.body.message.length > 0);
    }
  });

  test("200 echoes the detail, defaults appId to the path id and never echoes notification.apiKey", async () => {
    const res = await updateApp({ id: "my app/1", body: JSON.stringify(DETAIL) });
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.ok(!text.includes("notify-secret"), text);
    assert.deepEqual(JSON.parse(text), {
      applicationInfo: { ...DETAIL.applicationInfo, appId: "my app/1" },
      description: "a test app",
      notification: { url: "https://app.example.com/cb" },
      futureField: { kept: true },
      mockRevision: 1,
    });
    const explicit = await updateApp({ body: JSON.stringify({ applicationInfo: { appId: "given" } }) });
    assert.deepEqual(await explicit.json(), { applicationInfo: { appId: "given" }, mockRevision: 2 });
    // The log still holds what the client sent, secret included: that is what tests inspect.
    assert.ok(mock.requests()[0].body.includes("notify-secret"));
  });

  test("Symphony paths answer unknown routes with {code, message}", async () => {
    const res = await fetch(`${mock.url}/pod/v1/admin/app/x`, { method: "POST" });
    assert.deepEqual(await statusAndJson(res), { status: 404, body: { code: 404, message: "Not found" } });
  });
});

describe("CORS", () => {
  test("preflight answers 204 with the allowed methods and headers, and is logged", async () => {
    const res = await fetch(appUrl("1", "2"), {
      method: "OPTIONS",
      headers: { Origin: "http://localhost:9000", "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "authorization,content-type" },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    assert.equal(res.headers.get("access-control-expose-headers"), "Retry-After");
    assert.equal(res.headers.get("access-control-allow-methods"), "GET, POST, PUT, DELETE, OPTIONS");
    assert.equal(res.headers.get("access-control-allow-headers"), "authorization, content-type, x-cisco-meraki-api-key, sessiontoken");
    assert.equal(res.headers.get("access-control-max-age"), "600");
    const [entry] = mock.requests();
    assert.equal(entry.method, "OPTIONS");
    assert.equal(entry.status, 204);
    assert.equal(entry.headers["access-control-request-method"], "PUT");
    assert.deepEqual({ requests: mock.stats().requests, preflights: mock.stats().preflights }, { requests: 0, preflights: 1 });
  });

  test("every kind of response carries the CORS headers", async () => {
    mock.addFaults([{ status: 429, retryAfter: "1", match: { method: "DELETE" } }]);
    const responses = [
      await putApp(),
      await putApp({ headers: JSON_HEADERS }),
      await detach({ body: "{}" }),
      await fetch(`${mock.url}/nowhere`),
      await fetch(`${mock.url}/__mock/stats`),
      await fetch(`${mock.url}/__mock/nothing`),
    ];
    assert.deepEqual(responses.map((r) => r.status), [200, 401, 429, 404, 200, 404]);
    for (const res of responses) {
      assert.equal(res.headers.get("access-control-allow-origin"), "*", res.url);
      assert.equal(res.headers.get("access-control-expose-headers"), "Retry-After", res.url);
      // One connection per request, so a browser never silently resends after a `reset` fault.
      assert.equal(res.headers.get("connection"), "close", res.url);
    }
  });

  test("keepAlive: true keeps connections open", async () => {
    const other = await startMock({ keepAlive: true });
    try {
      const res = await fetch(`${other.url}/__mock/health`);
      assert.equal(res.headers.get("connection"), "keep-alive");
      await res.arrayBuffer();
    } finally {
      await other.close();
    }
  });
});

describe("rate limit", () => {
  test("25 quick requests at perSecond 10 → about 10 pass, the rest get 429 with Retry-After", async () => {
    const reset = await control("reset", { rateLimit: { perSecond: 10 } });
    assert.deepEqual(reset.body.config.rateLimit, { perSecond: 10, burst: 10 });
    const responses = await Promise.all(Array.from({ length: 25 }, () => putApp({ org: "42" })));
    const limited = responses.filter((r) => r.status === 429);
    const passed = responses.filter((r) => r.status === 200);
    assert.equal(limited.length + passed.length, 25);
    // A burst of 10, plus whatever refilled (10/s) while the requests were arriving.
    const arrivals = mock.requests().map((e) => e.at);
    const refill = Math.ceil((Math.max(...arrivals) - Math.min(...arrivals)) / 100);
    assert.ok(passed.length >= 10 && passed.length <= 10 + refill + 1, `passed ${passed.length}, refill ${refill}`);
    assert.ok(limited.length >= 10, `only ${limited.length} answers were 429`);
    for (const res of limited) {
      assert.equal(res.headers.get("retry-after"), "1");
      assert.deepEqual(await res.json(), { errors: ["API rate limit exceeded for organization"] });
    }
    assert.equal(mock.stats().rateLimited429, limited.length);
    // The buckets are per organization, and Symphony is not limited.
    assert.equal((await putApp({ org: "43" })).status, 200);
    assert.equal((await updateApp()).status, 200);
    // Rate-limited requests are logged with their body all the same.
    const logged429 = mock.requests().filter((e) => e.status === 429);
    assert.equal(logged429.length, limited.length);
    assert.equal(logged429[0].body, JSON.stringify(APP));
  });

  test("reset turns the limit off again and restores the startup key", async () => {
    mock.reset({ rateLimit: { perSecond: 1, burst: 2 }, apiKey: "other-key" });
    assert.equal((await putApp()).status, 401); // takes a token too: the limit comes before auth
    const ok = await putApp({ headers: { authorization: "Bearer other-key", ...JSON_HEADERS } });
    assert.equal(ok.status, 200);
    const limited = await putApp({ headers: { authorization: "Bearer other-key", ...JSON_HEADERS } });
    assert.equal(limited.status, 429);
    mock.reset();
    const statuses = await Promise.all(Array.from({ length: 5 }, () => putApp()));
    assert.deepEqual(statuses.map((r) => r.status), [200, 200, 200, 200, 200]);
  });
});

describe("shard redirects", () => {
  // Every redirect is read with redirect: "manual": nothing here may leave 127.0.0.1.
  const onShard = (host) => ({ ...MERAKI, "x-intended-host": host });
  const put = (org, host) => fetch(appUrl(org, "183456"), { method: "PUT", headers: onShard(host), body: JSON.stringify(APP), redirect: "manual" });
  const redirectOf = (res) => ({ status: res.status, location: res.headers.get("location") });

  test("a request for a sharded organization at another host gets the shard's redirect, same raw path", async () => {
    mock.reset({ shards: { 5001: "n123.meraki.com", 77: { host: "n9.meraki.com", status: 301 } } });
    const put = await fetch(appUrl("5001", "a b") + "?q=1", { method: "PUT", headers: onShard("api.meraki.com"), body: JSON.stringify(APP), redirect: "manual" });
    assert.deepEqual(redirectOf(put), {
      status: 308,
      location: "https://n123.meraki.com/api/v1/organizations/5001/secureConnect/privateApplications/a%20b?q=1",
    });
    // Without x-intended-host, the Host header (127.0.0.1:port) is not the shard either.
    const sites = await fetch(sitesUrl("77"), { method: "DELETE", headers: MERAKI, body: '{"sites":["1"]}', redirect: "manual" });
    assert.deepEqual(redirectOf(sites), { status: 301, location: "https://n9.meraki.com/api/v1/organizations/77/secureConnect/sites" });
    const log = mock.requests();
    assert.deepEqual(log.map((e) => [e.host, e.status]), [["api.meraki.com", 308], [new URL(mock.url).host, 301]]);
    assert.equal(log[1].body, '{"sites":["1"]}', "the redirected request is logged with its body");
  });

  test("at the shard host (any case) the request is handled; other organizations are not redirected", async () => {
    mock.reset({ shards: { 5001: "n123.meraki.com" } });
    assert.equal((await put("5001", "N123.Meraki.com")).status, 200);
    assert.equal((await put("5002", "api.meraki.com")).status, 200);
    assert.equal((await updateApp()).status, 200);
    assert.deepEqual(mock.requests().map((e) => e.host), ["n123.meraki.com", "api.meraki.com", new URL(mock.url).host]);
  });

  test("faults meet the request that reached the shard, not the redirected one", async () => {
    mock.reset({ shards: { 5001: "n123.meraki.com" } });
    mock.addFaults([{ status: 503 }]);
    assert.equal((await put("5001", "api.meraki.com")).status, 308);
    assert.equal((await put("5001", "n123.meraki.com")).status, 503);
    assert.equal(mock.pendingFaults().length, 0);
  });

  test("reset without shards forgets them; bad shard maps are refused", async () => {
    mock.reset({ shards: { 5001: "n123.meraki.com" } });
    mock.reset();
    assert.equal((await put("5001", "api.meraki.com")).status, 200);
    for (const shards of [[], { 1: "" }, { 1: "a/b" }, { 1: { host: "n1.meraki.com", status: 302.5 } }, { 1: { host: "n1.meraki.com", status: 304 } }]) {
      assert.throws(() => mock.reset({ shards }), TypeError, JSON.stringify(shards));
    }
    const { status } = await control("reset", { shards: { 1: 5 } });
    assert.equal(status, 400);
  });
});

describe("request log", () => {
  test("records method, raw path, headers as received, raw body and the answer", async () => {
    const body = '{ "name" : "Jira",\n  "destinations": [ {} ] , "extra": "\u00e9" }';
    const before = Date.now();
    const res = await fetch(appUrl("5001", "app-1") + "?trace=1", {
      method: "PUT",
      headers: { Authorization: `Bearer ${API_KEY}`, "Content-Type": "application/json", "X-Trace-Id": "AbC-123" },
      body,
    });
    assert.equal(res.status, 200);
    const { status, body: log } = await control("requests");
    assert.equal(status, 200);
    assert.equal(log.length, 1);
    const [entry] = log;
    assert.equal(entry.method, "PUT");
    assert.equal(entry.path, "/api/v1/organizations/5001/secureConnect/privateApplications/app-1?trace=1");
    assert.deepEqual(entry.segments, ["api", "v1", "organizations", "5001", "secureConnect", "privateApplications", "app-1"]);
    assert.equal(entry.headers["authorization"], `Bearer ${API_KEY}`);
    assert.equal(entry.headers["content-type"], "application/json");
    assert.equal(entry.headers["x-trace-id"], "AbC-123");
    assert.equal(entry.headers["content-length"], String(Buffer.byteLength(body)));
    assert.equal(entry.body, body);
    assert.equal(entry.status, 200);
    assert.ok(entry.at >= before && entry.at <= Date.now());
    assert.deepEqual(mock.requests(), log);
  });

  test("stats count API requests; control calls are not logged", async () => {
    await putApp();
    await updateApp();
    await control("stats");
    const stats = (await control("stats")).body;
    assert.deepEqual(stats, { requests: 2, preflights: 0, rateLimited429: 0, pendingFaults: 0, callbacks: [], signIns: 0, signInsRefused: 0 });
  });
});

describe("static files and lifecycle", () => {
  let dir;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "mock-static-"));
    await mkdir(path.join(dir, "www"));
    await mkdir(path.join(dir, "pkg"));
    await writeFile(path.join(dir, "www", "index.html"), "<!doctype html><title>demo</title>");
    await writeFile(path.join(dir, "pkg", "app_bg.wasm"), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
    await writeFile(path.join(dir, "pkg", "app.js"), "export {};\n");
    await writeFile(path.join(dir, "secret.txt"), "do not serve");
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("serves files with the right content types, no traversal, API still reachable", async () => {
    const site = await startMock({ static: { "/": path.join(dir, "www"), "/pkg/": path.join(dir, "pkg") } });
    try {
      const index = await fetch(`${site.url}/`);
      assert.equal(index.status, 200);
      assert.equal(index.headers.get("content-type"), "text/html; charset=utf-8");
      assert.equal(index.headers.get("access-control-allow-origin"), "*");
      assert.equal(await index.text(), "<!doctype html><title>demo</title>");
      const wasm = await fetch(`${site.url}/pkg/app_bg.wasm`);
      assert.equal(wasm.headers.get("content-type"), "application/wasm");
      assert.deepEqual([...new Uint8Array(await wasm.arrayBuffer())], [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
      const js = await fetch(`${site.url}/pkg/app.js`);
      assert.equal(js.headers.get("content-type"), "text/javascript; charset=utf-8");
      assert.equal((await fetch(`${site.url}/pkg/missing.js`)).status, 404);
      // fetch() normalizes "..", so send raw paths with node:http.
      for (const raw of ["/pkg/../secret.txt", "/pkg/%2e%2e/secret.txt", "/pkg/..%2fsecret.txt", "/../secret.txt"]) {
        const { status, text } = await rawGet(site.port, raw);
        assert.equal(status, 404, raw);
        assert.ok(!text.includes("do not serve"), raw);
      }
      const api = await fetch(`${site.url}/api/v1/organizations/1/secureConnect/privateApplications/2`, { method: "PUT", headers: MERAKI, body: JSON.stringify(APP) });
      assert.equal(api.status, 200);
      assert.equal(site.requests().length, 1, "static files are not logged");
    } finally {
      await site.close();
    }
  });

  test("close() resolves while a request hangs, and the hung client fails", async () => {
    const other = await startMock();
    other.addFaults([{ hang: true }]);
    const pending = fetch(`${other.url}/api/v1/organizations/1/secureConnect/sites`, { method: "DELETE", headers: MERAKI, body: "{}" });
    await waitFor(() => other.requests().length === 1, "the request to arrive");
    await other.close();
    await assert.rejects(pending, TypeError);
  });

  test("as a script: prints one MOCK_URL line, serves, and exits on SIGTERM", async () => {
    const child = spawn(process.execPath, [SERVER_SCRIPT, "--port", "0", "--rate", "5"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (c) => (stdout += c));
    const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
    await waitFor(() => stdout.includes("\n"), "the MOCK_URL line", 5000);
    const match = /^MOCK_URL=(http:\/\/127\.0\.0\.1:(\d+))\n$/.exec(stdout);
    assert.ok(match, stdout);
    const config = await (await fetch(`${match[1]}/__mock/config`)).json();
    assert.deepEqual(config.rateLimit, { perSecond: 5, burst: 5 });
    child.kill("SIGTERM");
    assert.deepEqual(await exited, { code: 0, signal: null });
    assert.equal(stdout, `MOCK_URL=${match[1]}\n`);
  });
});

describe("Symphony RSA sign-in and Meraki callback statuses", () => {
  const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const other = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const bots = { bot: keys.publicKey.export({ type: "spki", format: "pem" }) };
  const b64 = (v) => Buffer.from(JSON.stringify(v)).toString("base64url");
  function jwt({ alg = "RS512", sub = "bot", exp = Math.floor(Date.now() / 1000) + 240, key = keys.privateKey } = {}) {
    const signed = `${b64({ alg, typ: "JWT" })}.${b64({ sub, exp })}`;
    return `${signed}.${sign("RSA-SHA512", Buffer.from(signed), key).toString("base64url")}`;
  }
  const login = (token) =>
    fetch(`${mock.url}/login/pubkey/authenticate`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ token }) });

  test("a good JWT gets a fresh session token that updateApp accepts; bad ones get 401", async () => {
    mock.reset({ bots });
    const res = await login(jwt());
    const { status, body } = await statusAndJson(res);
    assert.equal(status, 200);
    assert.equal(body.name, "sessionToken");
    assert.match(body.token, /^mock-session-[0-9a-f]{24}$/);
    assert.equal((await updateApp({ headers: { sessionToken: body.token, ...JSON_HEADERS } })).status, 200);
    const now = Math.floor(Date.now() / 1000);
    for (const [bad, why] of [
      [jwt({ key: other.privateKey }), /signature/],
      [jwt({ sub: "someone" }), /unknown user/],
      [jwt({ alg: "RS256" }), /alg must be RS512/],
      [jwt({ exp: now - 60 }), /expired/],
      [jwt({ exp: now + 600 }), /5 minutes/],
      ["not.a-jwt", /compact JWT/],
      [undefined, /compact JWT/],
    ]) {
      const refused = await statusAndJson(await login(bad));
      assert.equal(refused.status, 401, String(bad));
      assert.equal(refused.body.code, 401);
      assert.match(refused.body.message, why);
    }
    assert.deepEqual([mock.stats().signIns, mock.stats().signInsRefused], [1, 7]);
  });

  test("issued tokens expire on demand (method and HTTP); reset forgets them", async () => {
    mock.reset({ bots });
    const { token } = await (await login(jwt())).json();
    const headers = { sessionToken: token, ...JSON_HEADERS };
    assert.equal(mock.expireSessionTokens(), 1);
    assert.equal((await updateApp({ headers })).status, 401);
    const again = (await (await login(jwt())).json()).token;
    assert.deepEqual((await control("expire-sessions", {})).body, { ok: true, expired: 1 });
    assert.equal((await updateApp({ headers: { ...headers, sessionToken: again } })).status, 401);
    assert.throws(() => mock.reset({ bots: { bot: "not a key" } }), TypeError);
  });

  test("a detach's callback status goes new → running → completed; failed for a 'fail' site; 404 otherwise", async () => {
    mock.reset({ callbackStepMs: 300 });
    const statusOf = async (org, id) =>
      statusAndJson(await fetch(`${mock.url}/api/v1/organizations/${org}/webhooks/callbacks/statuses/${id}`, { headers: MERAKI }));
    const detached = async (sites) =>
      (await (await detach({ body: JSON.stringify({ sites, callback: { httpServer: { id: "hs" } } }) })).json()).callback.id;
    const ok = await detached(["s1"]);
    const failing = await detached(["s2", "fail-3"]);
    const first = await statusOf("5001", ok);
    assert.equal(first.status, 200);
    assert.equal(first.body.status, "new");
    assert.deepEqual(first.body.webhook.httpServer, { id: "hs" });
    assert.equal(first.body.createdBy.adminId, "212406");
    await sleep(350);
    assert.equal((await statusOf("5001", ok)).body.status, "running");
    await sleep(300);
    const done = await statusOf("5001", ok);
    assert.equal(done.body.status, "completed");
    assert.ok(Date.parse(done.body.webhook.sentAt));
    const failed = await statusOf("5001", failing);
    assert.equal(failed.body.status, "failed");
    assert.deepEqual(failed.body.errors, ["Site fail-3 could not be detached"]);
    assert.deepEqual(await statusOf("5001", "42"), { status: 404, body: { errors: ["Callback 42 not found"] } });
    assert.equal((await statusOf("9999", ok)).status, 404, "another organization's callback");
    const unauthorized = await fetch(`${mock.url}/api/v1/organizations/5001/webhooks/callbacks/statuses/${ok}`);
    assert.equal(unauthorized.status, 401);
  });
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function rawGet(port, rawPath) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: rawPath, method: "GET" }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode, text }));
    });
    req.on("error", reject);
    req.end();
  });
}
