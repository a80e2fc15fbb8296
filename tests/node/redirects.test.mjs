// Meraki's shard redirects, from the built package against the mock: MerakiClient follows a
// 301/302/303/307/308 to an https:// host under the base URL's Meraki domain with the same method,
// body and key, at most 3 in a row, and sends the organization's later calls to the shard
// directly; every other redirect (another domain, a lookalike, http://, another port, user info,
// a 4th hop, any redirect for SymphonyClient) is an ApiError and nothing reaches the other host.
// The client's baseUrl is the real https://api.meraki.com/api/v1: its `fetch` option reroutes
// every https://<host> to the mock on 127.0.0.1 (with x-intended-host: <host>) and records which
// host each request was meant for, so nothing leaves loopback.
// Run: node --test tests/node/redirects.test.mjs

import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ApiError, MerakiClient, SymphonyClient } from "../../pkg/node/index.mjs";
import { startMock } from "../mock/server.mjs";
import { APP, assertCallError, rejection } from "./helpers.mjs";

const KEY = "mk-redirect-KEY-4411";
const TOKEN = "test-session-token";
const BASE = "https://api.meraki.com/api/v1";
const ORG = "5001";
const SHARD = "n123.meraki.com";
const UPDATE = "updateOrganizationSecureConnectPrivateApplication";
const DETACH_OP = "deleteOrganizationSecureConnectSites";
const DETACH = Object.freeze({ sites: ["1520758", "x\u00e9"], callback: { url: "https://hooks.example.com/m", sharedSecret: "cb-secret-0099" } });

let mock;
before(async () => {
  mock = await startMock({ port: 0, apiKey: KEY });
});
after(() => mock?.close());
beforeEach(() => mock.reset());

/**
 * A fetch that sends every https://<host>/… to the mock instead, marked with the host it was
 * meant for; `sent` lists each request as the client made it. Anything but https:// is refused
 * here (it would be a bug to see one: the client must not send it).
 */
function router() {
  const sent = [];
  const fetchFn = (url, init) => {
    const u = new URL(url);
    sent.push({ host: u.host, url, method: init.method, body: Buffer.from(init.body).toString("utf8"), headers: { ...init.headers } });
    if (u.protocol !== "https:") throw new TypeError(`the test router only reroutes https://, not ${u.protocol}`);
    return fetch(`${mock.url}${u.pathname}${u.search}`, { ...init, headers: { ...init.headers, "x-intended-host": u.host } });
  };
  return { fetch: fetchFn, sent, hosts: () => sent.map((s) => s.host) };
}

const client = (r, options = {}) => new MerakiClient({ apiKey: KEY, baseUrl: BASE, fetch: r.fetch, requestsPerSecond: 0, maxRetries: 0, timeoutMs: 5000, ...options });
const update = (c, org = ORG, id = "183456") => c.updatePrivateApplication(org, id, APP);
const detach = (c, org = ORG) => c.detachSites(org, DETACH);

/** The mock's log as [host, method, status]. */
const logged = () => mock.requests().map((e) => [e.host, e.method, e.status]);

/** Both requests of a followed redirect carried the same method, body, key and content type. */
function assertSameRequest(first, second, body) {
  assert.equal(second.method, first.method);
  assert.equal(second.body, first.body, "the body is byte for byte the same");
  assert.equal(second.body, body);
  for (const name of ["authorization", "content-type", "accept", "content-length"]) {
    assert.equal(second.headers[name], first.headers[name], name);
  }
  assert.equal(second.headers.authorization, `Bearer ${KEY}`);
}

describe("followed: a redirect to the organization's shard", () => {
  test("308 on the PUT: the same method, body and key reach the shard, once", async () => {
    mock.reset({ shards: { [ORG]: SHARD } });
    const r = router();
    const app = await update(client(r));
    assert.equal(app.applicationId, "183456");
    assert.deepEqual(logged(), [["api.meraki.com", "PUT", 308], [SHARD, "PUT", 200]]);
    const [first, second] = mock.requests();
    assertSameRequest(first, second, JSON.stringify(APP));
    assert.equal(second.path, first.path, "the Location's path: the same as the first request's");
    assert.deepEqual(r.hosts(), ["api.meraki.com", SHARD]);
  });

  test("308 on the DELETE: its JSON body (non-ASCII included) follows byte for byte", async () => {
    mock.reset({ shards: { [ORG]: SHARD } });
    const c = client(router());
    const result = await detach(c);
    assert.equal(typeof result, "object");
    assert.deepEqual(logged(), [["api.meraki.com", "DELETE", 308], [SHARD, "DELETE", 201]]);
    const [first, second] = mock.requests();
    assertSameRequest(first, second, c.prepareDetachSites(ORG, DETACH).body);
    assert.equal(second.headers["content-length"], String(Buffer.byteLength(second.body)));
  });

  for (const status of [301, 302, 303, 307]) {
    test(`${status}: followed too, the method kept (PUT stays PUT, DELETE stays DELETE)`, async () => {
      mock.reset({ shards: { [ORG]: { host: SHARD, status } } });
      await update(client(router()));
      await detach(client(router()), ORG);
      assert.deepEqual(logged(), [
        ["api.meraki.com", "PUT", status], [SHARD, "PUT", 200],
        ["api.meraki.com", "DELETE", status], [SHARD, "DELETE", 201],
      ]);
      const log = mock.requests();
      assertSameRequest(log[0], log[1], JSON.stringify(APP));
      assertSameRequest(log[2], log[3], log[2].body);
    });
  }

  test("the shard is remembered per organization: later calls go there directly, other organizations do not", async () => {
    mock.reset({ shards: { [ORG]: SHARD, 6001: "n77.meraki.com" } });
    const r = router();
    const c = client(r);
    await update(c);
    r.sent.length = 0;
    mock.reset({ shards: { [ORG]: SHARD, 6001: "n77.meraki.com" } });
    await update(c, ORG, "other-app");
    await detach(c); // another operation, the same organization
    assert.deepEqual(logged(), [[SHARD, "PUT", 200], [SHARD, "DELETE", 201]], "one request each");
    assert.ok(r.sent[0].url.startsWith(`https://${SHARD}/api/v1/organizations/${ORG}/`), r.sent[0].url);
    // Another organization starts at the base URL, and finds its own shard.
    await update(c, "6001");
    await update(c, "7001"); // no shard at all
    assert.deepEqual(r.hosts().slice(2), ["api.meraki.com", "n77.meraki.com", "api.meraki.com"]);
    // Another client knows nothing of this one's shards.
    const fresh = router();
    await update(client(fresh));
    assert.deepEqual(fresh.hosts(), ["api.meraki.com", SHARD]);
  });

  test("a retry after the hop goes to the shard; the hop itself is no retry", async () => {
    mock.reset({ shards: { [ORG]: SHARD } });
    mock.addFaults([{ status: 503 }]); // meets the first request that reaches the shard
    const r = router();
    await update(client(r, { maxRetries: 1 }));
    assert.deepEqual(r.hosts(), ["api.meraki.com", SHARD, SHARD]);
    assert.deepEqual(logged().map(([, , s]) => s), [308, 503, 200]);
  });

  test("a 3-hop chain is followed; a 4th redirect is an ApiError and its target never called", async () => {
    const hop = (n) => ({ status: 307, headers: { location: `https://n${n}.meraki.com/api/v1/organizations/${ORG}/secureConnect/sites` }, body: "" });
    mock.addFaults([hop(1), hop(2), hop(3)]);
    const three = router();
    await detach(client(three));
    assert.deepEqual(three.hosts(), ["api.meraki.com", "n1.meraki.com", "n2.meraki.com", "n3.meraki.com"]);
    mock.reset();
    mock.addFaults([hop(1), hop(2), hop(3), hop(4)]);
    const four = router();
    const e = await rejection(detach(client(four, { maxRetries: 3 })));
    assertCallError(e, ApiError, 4, DETACH_OP);
    assert.equal(e.status, 307);
    assert.ok(e.messages.some((m) => /at most 3 redirects/.test(m)), e.messages.join(" | "));
    assert.deepEqual(four.hosts(), ["api.meraki.com", "n1.meraki.com", "n2.meraki.com", "n3.meraki.com"]);
  });

  test("hooks see each hop as a request of its own, numbered on, the key masked", async () => {
    mock.reset({ shards: { [ORG]: SHARD } });
    const seen = [];
    const hooks = { onRequest: (i) => seen.push(["request", i]), onResponse: (i) => seen.push(["response", i]) };
    await update(client(router(), { hooks }));
    const path = `/api/v1/organizations/${ORG}/secureConnect/privateApplications/183456`;
    assert.deepEqual(seen.map(([k, i]) => [k, i.attempt, i.url ?? i.status, "retryInMs" in i]), [
      ["request", 1, `https://api.meraki.com${path}`, false], ["response", 1, 308, false],
      ["request", 2, `https://${SHARD}${path}`, false], ["response", 2, 200, false],
    ]);
    assert.equal(seen[2][1].headers.Authorization, "Bearer ***");
    assert.ok(!JSON.stringify(seen).includes(KEY));
  });

  test("the rate limit: a hop takes no slot of its own (it is part of the call)", async () => {
    mock.reset({ shards: { [ORG]: SHARD } });
    await update(client(router(), { requestsPerSecond: 1 }));
    const [first, second] = mock.requests();
    assert.ok(second.at - first.at < 700, `the hop followed at once (${second.at - first.at} ms), not a 1 s slot later`);
  });
});

describe("refused: every other redirect is an ApiError, nothing sent to its target", () => {
  const PATH = `/api/v1/organizations/${ORG}/secureConnect/privateApplications/183456`;
  const cases = [
    ["another domain", `https://evil.example.com${PATH}`, /outside the base URL's domain/],
    ["a lookalike ending in .evil.com", "https://meraki.com.evil.com/", /outside the base URL's domain/],
    ["a lookalike without the dot", `https://evilmeraki.com${PATH}`, /outside the base URL's domain/],
    ["another Meraki region", `https://n5.meraki.ca${PATH}`, /outside the base URL's domain/],
    ["plain http to the shard", `http://${SHARD}${PATH}`, /plain http/],
    ["another port", `https://${SHARD}:8443${PATH}`, /another port/],
    ["user info naming the Meraki host", `https://api.meraki.com@evil.example.com${PATH}`, /user name or password/],
    ["an IP address", `https://52.1.2.3${PATH}`, /outside the base URL's domain/],
    ["a scheme-relative Location elsewhere", `//evil.example.com${PATH}`, /outside the base URL's domain/],
    ["no Location at all", undefined, /no Location/],
  ];
  for (const [label, location, reason] of cases) {
    test(label, async () => {
      const headers = location === undefined ? {} : { location };
      mock.addFaults([{ status: 308, headers, body: "" }]);
      const r = router();
      const e = await rejection(update(client(r, { maxRetries: 3 })));
      assertCallError(e, ApiError, 1, UPDATE);
      assert.equal(e.status, 308);
      assert.match(e.messages[0], /redirect, which is not followed/);
      assert.ok(e.messages.some((m) => reason.test(m)), e.messages.join(" | "));
      assert.deepEqual(r.hosts(), ["api.meraki.com"], "nothing was sent anywhere else");
      assert.equal(mock.requests().length, 1);
      if (location) assert.ok(!e.messages.join(" ").includes(location), "a hostile Location is not quoted back");
    });
  }

  test("a refused redirect records no shard: the next call starts at the base URL again", async () => {
    mock.addFaults([{ status: 308, headers: { location: "https://evil.example.com/x" }, body: "" }]);
    const r = router();
    const c = client(r);
    await rejection(update(c));
    await update(c);
    assert.deepEqual(r.hosts(), ["api.meraki.com", "api.meraki.com"]);
  });

  test("SymphonyClient follows no redirect, not even to its own pod host", async () => {
    mock.addFaults([{ status: 308, headers: { location: "https://acme.symphony.com/pod/v1/admin/app/my-app/update" }, body: "" }]);
    const r = router();
    const symphony = new SymphonyClient({ podUrl: "https://acme.symphony.com", sessionToken: TOKEN, fetch: r.fetch, maxRetries: 2 });
    const e = await rejection(symphony.updateApp("my-app", { applicationInfo: { appId: "my-app", name: "My App" } }));
    assertCallError(e, ApiError, 1, "updateApp");
    assert.equal(e.status, 308);
    assert.deepEqual(r.hosts(), ["acme.symphony.com"]);
    assert.equal(mock.requests().length, 1);
  });
});
