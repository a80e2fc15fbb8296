// The two halves together: the page's client, holding no key, calls the relay (under node:http
// and mounted in Express), which holds the key and calls the mock. The page's client in Node
// stands in for the page here (a loopback relay needs no key); the browser tests do the same
// from a real page. Run: node --test tests/relay/
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ApiError, MerakiClient, SymphonyClient, ValidationError } from "../../pkg/node/index.mjs";
import { API_KEY, APP, DETAIL, ORG, PAGE_HEADERS, SESSION_TOKEN, SITES, assertNoSecrets, useWorld } from "./support.mjs";

const world = useWorld();

/** The page's clients against one door: no key, the portal's cookie and CSRF header instead. */
function pageClients(port, fetch) {
  const origin = `http://127.0.0.1:${port}`;
  const options = { headers: PAGE_HEADERS, maxRetries: 0, ...(fetch ? { fetch } : {}) };
  return {
    meraki: new MerakiClient({ baseUrl: `${origin}/api/meraki`, requestsPerSecond: 0, ...options }),
    symphony: new SymphonyClient({ podUrl: `${origin}/api/symphony`, ...options }),
  };
}

/** A `fetch` that sends `body` instead of what the client prepared: a page that skipped validation. */
const sending = (body) => (url, init) => fetch(url, { ...init, body: JSON.stringify(body) });

for (const doorName of ["node", "express"]) {
  describe(`the page's client through the relay under ${doorName}`, () => {
    const port = () => world.doors[doorName].port;

    test("the three operations succeed; the API saw the real key and the exact body, the page sent none", async () => {
      const { meraki, symphony } = pageClients(port());
      const app = await meraki.updatePrivateApplication(ORG, "app-1", APP);
      assert.equal(app.name, "Jira");
      const detached = await meraki.detachSites(ORG, SITES);
      assert.equal(typeof detached, "object");
      const updated = await symphony.updateApp("my-app", DETAIL);
      assert.equal(updated.applicationInfo.appId, "my-app");
      const log = world.mock.requests();
      assert.deepEqual(log.map((l) => `${l.method} ${l.status}`), ["PUT 200", "DELETE 201", "POST 200"]);
      assert.equal(log[0].headers.authorization, `Bearer ${API_KEY}`);
      assert.equal(log[0].body, JSON.stringify(APP));
      assert.equal(log[1].body, JSON.stringify(SITES));
      assert.equal(log[2].headers.sessiontoken, SESSION_TOKEN);
      assert.equal(log[2].body, JSON.stringify(DETAIL));
      // The page's cookie reached the portal's authorize, and went no further.
      assert.equal(world.authorize.calls.length, 3);
      for (const entry of log) assert.equal(entry.headers.cookie, undefined);
    });

    test("a body the relay refuses comes back to the page as the ValidationError the client would raise", async () => {
      const bad = { name: "Jira_App", destinations: [] };
      const local = (() => {
        try {
          new MerakiClient({ apiKey: "k", baseUrl: "http://127.0.0.1:1/api" }).prepareUpdatePrivateApplication(ORG, "a", bad);
        } catch (e) {
          return e;
        }
      })();
      assert.ok(local instanceof ValidationError);
      const { meraki } = pageClients(port(), sending(bad));
      const e = await meraki.updatePrivateApplication(ORG, "app-1", APP).then(() => null, (x) => x);
      assert.ok(e instanceof ValidationError, String(e));
      assert.deepEqual(
        e.issues.map((i) => [i.path, i.code]),
        local.issues.map((i) => [i.path, i.code]),
      );
      assert.deepEqual(world.mock.requests(), [], "nothing reached the API");
      assertNoSecrets({ text: JSON.stringify(e) + e.message }, "relayed validation");

      const { symphony } = pageClients(port(), sending({ iconUrl: "http://not-https.example" }));
      const s = await symphony.updateApp("my-app", DETAIL).then(() => null, (x) => x);
      assert.ok(s instanceof ValidationError, String(s));
      assert.deepEqual(s.issues.map((i) => [i.path, i.code]), [["/iconUrl", "https-url"]]);
    });

    test("the callback status goes through too: a GET with no body, authorized, polled until completed", async () => {
      const { meraki } = pageClients(port());
      const detached = await meraki.detachSites(ORG, {
        sites: ["1234567890"],
        callback: { url: "https://hooks.example.com/meraki", sharedSecret: "relay-callback-secret-0123" },
      });
      const id = detached.callback.id;
      const first = await meraki.getCallbackStatus(ORG, id);
      assert.equal(first.callbackId, id);
      const last = await meraki.waitForCallback(ORG, id, { intervalMs: 100, timeoutMs: 10_000 });
      assert.equal(last.status, "completed");
      const gets = world.mock.requests().filter((l) => l.method === "GET");
      assert.ok(gets.length >= 2, "the polls reached the API");
      for (const g of gets) {
        assert.equal(g.headers.authorization, `Bearer ${API_KEY}`);
        assert.equal(g.body, "");
      }
      assert.ok(world.authorize.calls.some((c) => c.operation === "getOrganizationWebhooksCallbacksStatus" && c.id === id));
      // A page without the portal's session: 403, not forwarded.
      const stranger = new MerakiClient({ baseUrl: `http://127.0.0.1:${port()}/api/meraki`, maxRetries: 0 });
      const e = await stranger.getCallbackStatus(ORG, id).then(() => null, (x) => x);
      assert.ok(e instanceof ApiError && e.status === 403, String(e));
    });

    test("a page the portal does not authorize gets ApiError 403, and nothing is forwarded", async () => {
      const { meraki } = pageClients(port());
      const stranger = new MerakiClient({ baseUrl: `http://127.0.0.1:${port()}/api/meraki`, maxRetries: 0 });
      const e = await stranger.updatePrivateApplication(ORG, "app-1", APP).then(() => null, (x) => x);
      assert.ok(e instanceof ApiError, String(e));
      assert.equal(e.status, 403);
      assert.deepEqual(world.mock.requests(), []);
      // The same call with the portal's cookie goes through.
      await meraki.updatePrivateApplication(ORG, "app-1", APP);
      assert.equal(world.mock.requests().length, 1);
    });
  });
}
