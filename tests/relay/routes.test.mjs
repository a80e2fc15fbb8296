// The relay's routes through each door (fetch handler, node:http, Express 5): the three
// operations go through with the real key and the exact body; everything else is refused, and a
// decoy server proves that nothing else is ever reached. Run: node --test tests/relay/
import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  API_KEY, APP, DETAIL, ORG, PAGE_HEADERS, SESSION_TOKEN, SITES, appTarget, assertNoSecrets, pageRequest,
  sitesTarget, startWorld, updateTarget,
} from "./support.mjs";

let world;
before(async () => {
  world = await startWorld();
});
after(() => world.close());
afterEach(() => {
  assert.deepEqual(world.decoy.hits, [], "the decoy was reached");
  world.mock.reset();
});

const upstream = () => world.mock.requests();

for (const doorName of ["fetch", "node", "express"]) {
  describe(`through ${doorName}`, () => {
    const door = () => world.doors[doorName];

    test("updatePrivateApplication: the mock gets the real key and the exact body; the page gets 200 and the answer", async () => {
      const got = await door().send(pageRequest("PUT", appTarget(ORG, "app-1"), APP));
      assert.equal(got.status, 200, got.text);
      assert.equal(got.headers["content-type"], "application/json");
      assert.equal(JSON.parse(got.text).name, "Jira");
      const [seen, ...more] = upstream();
      assert.deepEqual(more, []);
      assert.equal(seen.method, "PUT");
      assert.equal(seen.path, `/api/v1/organizations/${ORG}/secureConnect/privateApplications/app-1`);
      assert.equal(seen.headers.authorization, `Bearer ${API_KEY}`);
      assert.equal(seen.body, JSON.stringify(APP));
      // The page's own credentials stop at the relay.
      assert.equal(seen.headers.cookie, undefined);
      assert.equal(seen.headers["x-csrf-token"], undefined);
      assertNoSecrets(got, "update");
      const [call] = world.authorize.calls.slice(-1);
      assert.deepEqual(call, { operation: "updateOrganizationSecureConnectPrivateApplication", organizationId: ORG, id: "app-1", body: APP });
    });

    test("detachSites: a DELETE with its JSON body, answered 201", async () => {
      const got = await door().send(pageRequest("DELETE", sitesTarget(), SITES));
      assert.equal(got.status, 201, got.text);
      const [seen] = upstream();
      assert.equal(seen.method, "DELETE");
      assert.equal(seen.body, JSON.stringify(SITES));
      assert.equal(seen.headers.authorization, `Bearer ${API_KEY}`);
    });

    test("updateApp: the session token goes upstream, not to the page", async () => {
      const got = await door().send(pageRequest("POST", updateTarget("my%20app"), DETAIL));
      assert.equal(got.status, 200, got.text);
      const [seen] = upstream();
      assert.equal(seen.path, "/pod/v1/admin/app/my%20app/update");
      assert.equal(seen.headers.sessiontoken, SESSION_TOKEN);
      assert.equal(seen.body, JSON.stringify(DETAIL));
      assertNoSecrets(got, "updateApp");
    });

    test("an id with characters to encode reaches the API as one encoded segment", async () => {
      const got = await door().send(pageRequest("PUT", appTarget(ORG, "L_1-%C3%A9~"), APP));
      assert.equal(got.status, 200, got.text);
      assert.deepEqual(upstream()[0].segments.slice(-1), ["L_1-é~"]);
    });

    test("an unknown route under the prefix: 404 in the API's envelope, nothing sent", async () => {
      for (const target of ["/api/meraki/organizations/5001/networks", "/api/meraki/organizations", "/api/meraki", "/api/symphony/pod/v1/admin/app/x"]) {
        const got = await door().send(pageRequest("PUT", target, APP));
        assert.equal(got.status, 404, `${target}: ${got.text}`);
        if (target.startsWith("/api/meraki")) assert.ok(Array.isArray(JSON.parse(got.text).errors), got.text);
        else assert.equal(JSON.parse(got.text).code, 404);
      }
      assert.deepEqual(upstream(), []);
    });

    test("a known path with another method: 405 with Allow; override headers change nothing", async () => {
      const cases = [
        [pageRequest("POST", appTarget(), APP), "PUT"],
        [pageRequest("GET", sitesTarget()), "DELETE"],
        [pageRequest("POST", sitesTarget(), SITES, { "x-http-method-override": "DELETE", "x-method-override": "DELETE", "x-http-method": "DELETE" }), "DELETE"],
        [pageRequest("PUT", updateTarget(), DETAIL, { "x-http-method-override": "POST" }), "POST"],
      ];
      for (const [request, allow] of cases) {
        const got = await door().send(request);
        assert.equal(got.status, 405, `${request.method} ${request.target}: ${got.text}`);
        assert.equal(got.headers.allow, allow);
      }
      assert.deepEqual(upstream(), []);
    });

    test("a Host header naming the decoy changes nothing: the call goes to the client's base URL", async () => {
      const got = await door().send(pageRequest("PUT", appTarget(), APP, { host: world.decoy.host, "x-forwarded-host": world.decoy.host }));
      assert.equal(got.status, 200, got.text);
      assert.equal(upstream().length, 1);
    });

    test("a bad id or body: 400 with the API's envelope and the clients' issues, nothing sent", async () => {
      let got = await door().send(pageRequest("DELETE", sitesTarget(), { sites: [] }));
      assert.equal(got.status, 400, got.text);
      const meraki = JSON.parse(got.text);
      assert.deepEqual(meraki.issues.map((i) => i.code), ["empty-list"]);
      assert.equal(meraki.errors[0], `/sites: ${meraki.issues[0].message}`);
      got = await door().send(pageRequest("POST", updateTarget(), { applicationInfo: { appId: "x", name: "x" }, iconUrl: "http://icon.example" }));
      assert.equal(got.status, 400, got.text);
      const symphony = JSON.parse(got.text);
      assert.equal(symphony.code, 400);
      assert.deepEqual(symphony.issues.map((i) => i.code), ["https-url"]);
      got = await door().send(pageRequest("PUT", appTarget(), "{not json"));
      assert.deepEqual(JSON.parse(got.text).issues.map((i) => i.code), ["not-json"]);
      assert.deepEqual(upstream(), []);
    });

    test("encoded dot segments and an encoded / or \\ in an id: refused, nothing sent", async () => {
      for (const id of ["%2e%2e", "%2E.", ".%2E", "%2e", "a%2Fb", "a%2fb", "a%5Cb", "%0d%0aHost:%20decoy"]) {
        const got = await door().send(pageRequest("PUT", appTarget(ORG, id), APP));
        // A fetch-style URL folds an encoded dot segment before the relay sees it: the folded
        // path is then no route (404); everywhere else the relay refuses it itself (400).
        assert.ok([400, 404].includes(got.status), `${id}: ${got.status} ${got.text}`);
        if (got.status === 400) assert.deepEqual(JSON.parse(got.text).issues.map((i) => i.code), ["path-parameter"], id);
      }
      assert.deepEqual(upstream(), []);
    });

    test("a query string: refused, nothing sent", async () => {
      const got = await door().send(pageRequest("PUT", `${appTarget()}?organizationId=${ORG}`, APP));
      assert.equal(got.status, 400, got.text);
      assert.deepEqual(upstream(), []);
    });

    test("the wrong content type: 415, nothing sent", async () => {
      for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1", undefined]) {
        const got = await door().send({ ...pageRequest("PUT", appTarget(), APP), headers: { ...PAGE_HEADERS, "content-type": type } });
        assert.equal(got.status, 415, `${type}: ${got.text}`);
      }
      const ok = await door().send(pageRequest("PUT", appTarget(), APP, { "content-type": "Application/JSON; charset=UTF-8" }));
      assert.equal(ok.status, 200, ok.text);
      assert.equal(upstream().length, 1);
    });
  });
}

describe("targets no URL parser would let through (raw, over node:http and Express)", () => {
  for (const doorName of ["node", "express"]) {
    const door = () => world.doors[doorName];

    test(`${doorName}: plain and encoded dot segments are refused by the relay itself (400)`, async () => {
      for (const target of [
        "/api/meraki/organizations/5001/secureConnect/privateApplications/..",
        "/api/meraki/organizations/5001/secureConnect/privateApplications/%2e%2e",
        "/api/meraki/organizations/5001/secureConnect/privateApplications/%2E.",
        "/api/meraki/organizations/5001/../5001/secureConnect/sites",
        "/api/meraki/./organizations/5001/secureConnect/sites",
        "/api/meraki/organizations//secureConnect/sites",
        "/api/meraki/organizations/5001/secureConnect/sites/",
      ]) {
        const got = await door().send(pageRequest("PUT", target, APP));
        // Express itself may answer a path its router cannot decode; the relay answers the rest.
        assert.equal(got.status, 400, `${target}: ${got.status} ${got.text}`);
      }
      assert.deepEqual(upstream(), []);
    });

    test(`${doorName}: //host, an absolute URL and a backslash never lead anywhere else`, async () => {
      const decoy = world.decoy.host;
      for (const target of [
        `//${decoy}/api/meraki/organizations/5001/secureConnect/sites`,
        `http://${decoy}/api/meraki/organizations/5001/secureConnect/sites`,
        `/api/meraki//${decoy}/organizations/5001/secureConnect/sites`,
        `/api/meraki/organizations/5001\\..\\x/secureConnect/sites`,
        `/api/meraki/organizations/5001%5C..%5Cx/secureConnect/sites`,
      ]) {
        const got = await door().send(pageRequest("DELETE", target, SITES, { host: decoy }));
        assert.ok(got.status >= 400 && got.status < 500, `${target}: ${got.status} ${got.text}`);
      }
      assert.deepEqual(upstream(), []);
    });
  }

  test("outside the prefix, .node calls next() (Express's next handler answers), and never forwards", async () => {
    for (const doorName of ["node", "express"]) {
      const got = await world.doors[doorName].send(pageRequest("PUT", "/api/merakiX/organizations/5001/secureConnect/sites", SITES));
      assert.equal(got.status, 404);
      assert.equal(JSON.parse(got.text).nextCalled, true, doorName);
    }
    assert.deepEqual(upstream(), []);
  });

  test("a method Request refuses (TRACE) is refused without a crash", async () => {
    const got = await world.doors.node.send({ method: "TRACE", target: appTarget(), headers: {} });
    assert.equal(got.status, 405);
    assert.equal(got.headers.allow, "PUT");
  });
});
