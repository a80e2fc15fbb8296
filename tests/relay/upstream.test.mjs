// What the relay passes back from upstream, through each door: error envelopes with their
// status, a 429 after the client's retries with Retry-After, a refused connection (502), a hang
// past the client's timeout (504), a page that disconnects (the upstream call is aborted), and
// no secret in any answer. Run: node --test tests/relay/
import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createMerakiRelay, createSymphonyRelay } from "../../pkg/node/index.mjs";
import {
  API_KEY, APP, DETAIL, NOTIFICATION_KEY, ORG, SESSION_TOKEN, SHARED_SECRET, SITES, appTarget, assertNoSecrets,
  closedPort, eventually, merakiClient, pageRequest, portalAuthorize, rawRequest, sitesTarget, startDoors,
  startWorld, symphonyClient, updateTarget,
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

for (const doorName of ["fetch", "node", "express"]) {
  describe(`through ${doorName}`, () => {
    const door = () => world.doors[doorName];

    test("a 4xx from the API passes back with its status and the API's envelope, scrubbed", async () => {
      world.mock.addFaults([{ status: 400, body: { errors: ["Name is taken", `key ${API_KEY} refused`] } }]);
      const got = await door().send(pageRequest("PUT", appTarget(), APP));
      assert.equal(got.status, 400);
      assert.deepEqual(JSON.parse(got.text), { errors: ["Name is taken", "key *** refused"] });
      assertNoSecrets(got, "4xx");
      world.mock.addFaults([{ status: 404, body: { code: 404, message: "No such app" } }]);
      const symphony = await door().send(pageRequest("POST", updateTarget(), DETAIL));
      assert.equal(symphony.status, 404);
      assert.deepEqual(JSON.parse(symphony.text), { code: 404, message: "No such app" });
    });

    test("an API that echoes every header and the body gets nothing secret to the page", async () => {
      const body = { sites: ["1234567890"], callback: { url: "https://hooks.example/x", sharedSecret: SHARED_SECRET } };
      world.mock.addFaults([{ status: 400, echo: true }]);
      const got = await door().send(pageRequest("DELETE", sitesTarget(), body));
      assert.equal(got.status, 400);
      assert.ok(got.text.includes("***"), got.text); // the echo was there, masked
      assertNoSecrets(got, "echoed detach");
      const detail = { ...DETAIL, notification: { url: "https://hooks.example/n", apiKey: NOTIFICATION_KEY } };
      world.mock.addFaults([{ status: 422, echo: true }]);
      const symphony = await door().send(pageRequest("POST", updateTarget(), detail));
      assert.equal(symphony.status, 422);
      assertNoSecrets(symphony, "echoed update");
      // A 2xx that repeats the key is scrubbed too.
      world.mock.addFaults([{ status: 200, body: { applicationId: "app-1", name: `Jira ${API_KEY}` } }]);
      const ok = await door().send(pageRequest("PUT", appTarget(), APP));
      assert.equal(ok.status, 200, ok.text);
      assert.equal(JSON.parse(ok.text).name, "Jira ***");
    });
  });
}

describe("faults and timing (each door)", () => {
  let relays;
  let doors;
  let deadPort;
  before(async () => {
    deadPort = await closedPort();
    const authorize = portalAuthorize();
    relays = {
      retrying: createMerakiRelay({ client: merakiClient(world.mock, { maxRetries: 1 }), prefix: "/api/meraki", authorize }),
      refused: createMerakiRelay({ client: merakiClient({ url: `http://127.0.0.1:${deadPort}` }, { maxRetries: 0 }), prefix: "/api/meraki", authorize }),
      slow: createSymphonyRelay({ client: symphonyClient(world.mock, { maxRetries: 0, timeoutMs: 300 }), prefix: "/api/symphony", authorize }),
      patient: createMerakiRelay({ client: merakiClient(world.mock, { maxRetries: 0, timeoutMs: 30_000 }), prefix: "/api/meraki", authorize }),
    };
    doors = {
      retrying: await startDoors([relays.retrying, relays.slow]),
      refused: await startDoors([relays.refused, relays.slow]),
      patient: await startDoors([relays.patient, relays.slow]),
    };
  });
  after(() => Promise.all(Object.values(doors).map((d) => d.close())));

  for (const doorName of ["fetch", "node", "express"]) {
    test(`${doorName}: a 429 that outlasts the client's retries passes back with Retry-After`, async () => {
      world.mock.addFaults([{ status: 429, retryAfter: 1, times: 2 }]);
      const got = await doors.retrying[doorName].send(pageRequest("PUT", appTarget(), APP));
      assert.equal(got.status, 429, got.text);
      assert.equal(got.headers["retry-after"], "1");
      assert.ok(Array.isArray(JSON.parse(got.text).errors), got.text);
      assert.equal(world.mock.requests().length, 2, "the client retried once before giving up");
    });

    test(`${doorName}: a refused connection upstream is 502, with nothing about where`, async () => {
      const got = await doors.refused[doorName].send(pageRequest("PUT", appTarget(), APP));
      assert.equal(got.status, 502, got.text);
      assert.ok(!got.text.includes(String(deadPort)), got.text);
    });

    test(`${doorName}: an API that hangs past the client's timeout is 504`, async () => {
      world.mock.addFaults([{ hang: true }]);
      const started = Date.now();
      const got = await doors.refused[doorName].send(pageRequest("POST", updateTarget(), DETAIL));
      assert.equal(got.status, 504, got.text);
      assert.equal(JSON.parse(got.text).code, 504);
      assert.ok(Date.now() - started < 5000);
    });
  }

  for (const doorName of ["node", "express"]) {
    test(`${doorName}: a page that disconnects aborts the upstream call`, async () => {
      // The mock notes `clientGone` when the caller has hung up by the end of the delay.
      world.mock.addFaults([{ delayMs: 1500 }]);
      let socket;
      const answered = rawRequest(doors.patient[doorName].port, { ...pageRequest("PUT", appTarget(), APP), onSocket: (s) => (socket = s) });
      await eventually(() => world.mock.requests().length === 1, 5000, "the call to reach the mock");
      socket.destroy();
      await answered;
      const [entry] = await eventually(() => {
        const log = world.mock.requests();
        return log[0]?.clientGone ? log : null;
      }, 5000, "the mock to see the relay hang up");
      assert.equal(entry.clientGone, true);
      assert.equal(entry.status, null, "never answered");
    });
  }

  test("fetch: a request whose signal fires aborts the upstream call", async () => {
    world.mock.addFaults([{ delayMs: 1500 }]);
    const controller = new AbortController();
    const answer = doors.patient.fetch.send({ ...pageRequest("PUT", appTarget(), APP), signal: controller.signal });
    await eventually(() => world.mock.requests().length === 1, 5000, "the call to reach the mock");
    controller.abort();
    const got = await answer;
    assert.equal(got.status, 503, got.text);
    await eventually(() => world.mock.requests()[0]?.clientGone, 5000, "the mock to see the relay hang up");
  });
});

test("the mock saw the key; the page never did, in any answer of this file's world", async () => {
  const got = await world.doors.node.send(pageRequest("PUT", appTarget(ORG, "app-1"), APP));
  assert.equal(got.status, 200);
  assert.equal(world.mock.requests()[0].headers.authorization, `Bearer ${API_KEY}`);
  assertNoSecrets(got);
  assert.ok(!got.text.includes(SESSION_TOKEN));
});

test("Symphony: a refused session token is refreshed through the provider inside the relay; the page sees only the answer", async () => {
  let asked = 0;
  const relay = createSymphonyRelay({
    client: symphonyClient(world.mock, { sessionToken: "stale-session-token-0123456789", sessionTokenProvider: async () => (asked++, SESSION_TOKEN) }),
    prefix: "/api/symphony",
    authorize: () => true,
  });
  const response = await relay.fetch(new Request(`http://relay.test${updateTarget()}`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(DETAIL),
  }));
  const text = await response.text();
  assert.equal(response.status, 200, text);
  assert.equal(asked, 1);
  assert.deepEqual(world.mock.requests().map((r) => [r.headers.sessiontoken, r.status]), [
    ["stale-session-token-0123456789", 401],
    [SESSION_TOKEN, 200],
  ]);
  assert.ok(!text.includes(SESSION_TOKEN) && !text.includes("stale-session-token"), text);
});

test("Symphony: a 2xx that repeats the session token or the notification apiKey is scrubbed", async () => {
  const detail = { ...DETAIL, notification: { url: "https://hooks.example/n", apiKey: NOTIFICATION_KEY } };
  world.mock.addFaults([{ status: 200, body: { applicationInfo: { appId: "my-app", name: `t ${SESSION_TOKEN}` }, description: `k ${NOTIFICATION_KEY}` } }]);
  const got = await world.doors.fetch.send(pageRequest("POST", updateTarget(), detail));
  assert.equal(got.status, 200, got.text);
  assert.deepEqual(JSON.parse(got.text), { applicationInfo: { appId: "my-app", name: "t ***" }, description: "k ***" });
});
