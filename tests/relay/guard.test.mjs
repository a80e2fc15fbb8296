// Who may call through the relay, and how much: the options checked at creation (authorize is
// required), the organizations allowlist (checked before authorize), authorize false or
// throwing, the body cap (413 without reading to the end, also for a slow body), a body that is
// not UTF-8, a body parser mounted first; and where the relay is exported. Run: node --test tests/relay/
import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import http from "node:http";
import express from "express";
import * as api from "../../pkg/node/index.mjs";
import {
  APP, ORG, OTHER_ORG, PAGE_HEADERS, SITES, appTarget, eventually, merakiClient, pageRequest, rawRequest,
  sitesTarget, sleep, startDoors, startWorld, symphonyClient,
} from "./support.mjs";

const { createMerakiRelay, createSymphonyRelay, MerakiClient, ValidationError } = api;

let world;
before(async () => {
  world = await startWorld({ meraki: { organizations: [ORG], maxBodyBytes: 2048 } });
});
after(() => world.close());
afterEach(() => {
  assert.deepEqual(world.decoy.hits, [], "the decoy was reached");
  world.mock.reset();
  world.authorize.calls.length = 0;
});

describe("options at creation", () => {
  const client = () => merakiClient(world.mock);
  const codesAt = (fn) => {
    try {
      fn();
    } catch (e) {
      assert.ok(e instanceof ValidationError, String(e));
      return e.issues.map((i) => `${i.path} ${i.code}`);
    }
    assert.fail("expected a ValidationError");
  };

  test("authorize is required, and a relay needs a client of its own API and a plain prefix", () => {
    assert.deepEqual(codesAt(() => createMerakiRelay({ client: client(), prefix: "/api/meraki" })), ["/authorize option"]);
    assert.deepEqual(codesAt(() => createMerakiRelay({ client: client(), prefix: "/api/meraki", authorize: true })), ["/authorize option"]);
    assert.deepEqual(
      codesAt(() => createSymphonyRelay({ client: client(), prefix: "/s", authorize: () => true })),
      ["/client option"],
    );
    for (const prefix of ["api", "/api/../x", "/api/%2e", "/api?x", "/a b", 7]) {
      assert.deepEqual(codesAt(() => createMerakiRelay({ client: client(), prefix, authorize: () => true })), ["/prefix option"], String(prefix));
    }
    assert.deepEqual(codesAt(() => createMerakiRelay(undefined)), [" option"]);
  });

  test("organizations, maxBodyBytes and unknown options", () => {
    const base = { client: client(), prefix: "/m", authorize: () => true };
    for (const organizations of [[], [""], "5001", [5001]]) {
      assert.deepEqual(codesAt(() => createMerakiRelay({ ...base, organizations })), ["/organizations option"]);
    }
    for (const maxBodyBytes of [0, -1, 1.5, "1"]) {
      assert.deepEqual(codesAt(() => createMerakiRelay({ ...base, maxBodyBytes })), ["/maxBodyBytes option"]);
    }
    assert.deepEqual(codesAt(() => createMerakiRelay({ ...base, authorise: () => true })), ["/authorise option"]);
    // Symphony has no organizations: an allowlist there would silently allow everything.
    const symphony = { client: symphonyClient(world.mock), prefix: "/s", authorize: () => true };
    assert.deepEqual(codesAt(() => createSymphonyRelay({ ...symphony, organizations: [ORG] })), ["/organizations option"]);
    const relay = createMerakiRelay({ ...base, prefix: "/m/", organizations: [ORG], maxBodyBytes: 10 });
    assert.deepEqual(Object.keys(relay).sort(), ["fetch", "node"]);
    assert.ok(Object.isFrozen(relay));
  });
});

for (const doorName of ["fetch", "node", "express"]) {
  describe(`through ${doorName}`, () => {
    const door = () => world.doors[doorName];

    test("an organization outside the allowlist: 403 before authorize is asked, nothing sent", async () => {
      const got = await door().send(pageRequest("DELETE", sitesTarget(OTHER_ORG), SITES));
      assert.equal(got.status, 403, got.text);
      assert.ok(Array.isArray(JSON.parse(got.text).errors));
      assert.deepEqual(world.authorize.calls, []);
      assert.deepEqual(world.mock.requests(), []);
    });

    test("authorize says no (no portal session): 403, nothing sent", async () => {
      const got = await door().send({ ...pageRequest("PUT", appTarget(), APP), headers: { "content-type": "application/json" } });
      assert.equal(got.status, 403, got.text);
      assert.equal(world.authorize.calls.length, 1);
      assert.deepEqual(world.mock.requests(), []);
    });

    test("a body over the cap: 413 when Content-Length announces it, nothing read or sent", async () => {
      const big = JSON.stringify({ ...APP, name: "x".repeat(4000) });
      const got = await door().send(pageRequest("PUT", appTarget(), big));
      assert.equal(got.status, 413, got.text);
      assert.deepEqual(world.authorize.calls, []);
      assert.deepEqual(world.mock.requests(), []);
    });

    test("a body that is not UTF-8: 400 not-json, nothing sent", async () => {
      const bytes = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
      const got = await door().send({ ...pageRequest("PUT", appTarget(), undefined), body: doorName === "fetch" ? bytes : bytes });
      assert.equal(got.status, 400, got.text);
      assert.deepEqual(JSON.parse(got.text).issues.map((i) => i.code), ["not-json"]);
      assert.deepEqual(world.mock.requests(), []);
    });
  });
}

describe("a body over the cap, sent slowly, is refused before it ends", () => {
  for (const doorName of ["node", "express"]) {
    test(`${doorName}: 413 arrives while the page is still sending (no Content-Length)`, async () => {
      let stillSending = true;
      const answer = await rawRequest(world.doors[doorName].port, {
        ...pageRequest("PUT", appTarget(), undefined, { "transfer-encoding": "chunked" }),
        body: async (socket) => {
          // 1 KB every 50 ms, for far longer than the test waits; never the final chunk.
          for (let i = 0; i < 200 && !socket.destroyed; i++) {
            socket.write(`400\r\n${"x".repeat(1024)}\r\n`);
            await sleep(50);
          }
          stillSending = !socket.destroyed;
        },
      });
      assert.equal(answer.status, 413, answer.text);
      assert.ok(stillSending, "the answer came before the page stopped sending");
      assert.deepEqual(world.mock.requests(), []);
    });
  }

  test("fetch: 413 while the body stream is still open, and the stream is cancelled", async () => {
    let cancelled = false;
    let sent = 0;
    const body = new ReadableStream({
      async pull(controller) {
        await sleep(20);
        sent += 1024;
        controller.enqueue(new Uint8Array(1024).fill(120));
      },
      cancel() {
        cancelled = true;
      },
    });
    const relay = world.merakiRelay;
    const response = await relay.fetch(new Request(`http://relay.test${appTarget()}`, {
      method: "PUT", headers: { ...PAGE_HEADERS, "content-type": "application/json" }, body, duplex: "half",
    }));
    assert.equal(response.status, 413);
    await eventually(() => cancelled, 2000, "the body to be cancelled");
    assert.ok(sent <= 4096, `read ${sent} bytes for a 2048-byte cap`);
    assert.deepEqual(world.mock.requests(), []);
  });
});

describe("authorize", () => {
  test("a throw or a non-true answer is 403 and forwards nothing; what it is given is a copy", async () => {
    const answers = [() => { throw new Error("session store down"); }, async () => "yes", () => 1, async () => { throw new Error("x"); }];
    for (const authorize of answers) {
      const relay = createMerakiRelay({ client: merakiClient(world.mock), prefix: "/api/meraki", authorize });
      const response = await relay.fetch(new Request(`http://relay.test${appTarget()}`, {
        method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(APP),
      }));
      assert.equal(response.status, 403);
      assert.ok(!(await response.text()).includes("session store"), "authorize's error stays on the server");
    }
    // authorize may change the call it is shown; what is forwarded is what the page sent.
    const relay = createMerakiRelay({
      client: merakiClient(world.mock), prefix: "/api/meraki",
      authorize: (call, request) => {
        assert.ok(request instanceof Request);
        call.body.name = "changed by authorize";
        return true;
      },
    });
    const response = await relay.fetch(new Request(`http://relay.test${appTarget()}`, {
      method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(APP),
    }));
    assert.equal(response.status, 200);
    const log = world.mock.requests();
    assert.equal(log.length, 1, "only the allowed call reached the API");
    assert.equal(log[0].body, JSON.stringify(APP));
  });
});

test("a body parser mounted before the relay is reported, not mistaken for an empty body", async () => {
  const relay = createMerakiRelay({ client: merakiClient(world.mock), prefix: "/api/meraki", authorize: () => true });
  const app = express();
  app.use(express.json());
  app.use(relay.node);
  const server = http.createServer(app);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const got = await rawRequest(server.address().port, pageRequest("PUT", appTarget(), APP));
    assert.equal(got.status, 500);
    assert.match(JSON.parse(got.text).errors[0], /before any body parser/);
    assert.deepEqual(world.mock.requests(), []);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test("the relay is exported by the Node entry (import and require), and not by the browser entry", () => {
  const cjs = createRequire(import.meta.url)("../../pkg/node/index.cjs");
  for (const name of ["createMerakiRelay", "createSymphonyRelay"]) {
    assert.equal(typeof api[name], "function");
    assert.equal(cjs[name], api[name]);
  }
  const web = readFileSync(new URL("../../pkg/web/index.js", import.meta.url), "utf8");
  const webGlue = readFileSync(new URL("../../pkg/web/app_admin_wasm.js", import.meta.url), "utf8");
  assert.ok(!/createMerakiRelay|createSymphonyRelay|__relay/.test(web + webGlue), "the browser entry has no relay");
  // The browser's .wasm was built without it: its exports have no relay function.
  const exportsOf = (file) => WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(new URL(file, import.meta.url)))).map((e) => e.name);
  assert.ok(!exportsOf("../../pkg/app_admin_wasm_bg.wasm").some((n) => /relay/i.test(n)));
  assert.ok(exportsOf("../../pkg/node/app_admin_wasm_bg.wasm").some((n) => /relay/i.test(n)));
  assert.ok(new MerakiClient({ apiKey: "k-1" }));
});

test("both doors of one relay share one implementation: the same refusal, byte for byte", async () => {
  const doors = await startDoors([world.merakiRelay, world.symphonyRelay]);
  try {
    const request = pageRequest("DELETE", sitesTarget(), { sites: [] });
    const [a, b, c] = await Promise.all([doors.fetch.send(request), doors.node.send(request), doors.express.send(request)]);
    assert.equal(a.text, b.text);
    assert.equal(b.text, c.text);
    assert.equal(a.status, 400);
  } finally {
    await doors.close();
  }
});

test("mounted on a path in Express (app.use(prefix, relay.node)), the relay still sees the whole target", async () => {
  const relay = createMerakiRelay({ client: merakiClient(world.mock), prefix: "/api/meraki", authorize: () => true });
  const app = express();
  app.use("/api/meraki", relay.node);
  const server = http.createServer(app);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const got = await rawRequest(server.address().port, pageRequest("PUT", appTarget(), APP));
    assert.equal(got.status, 200, got.text);
    assert.equal(world.mock.requests()[0].path, `/api/v1/organizations/${ORG}/secureConnect/privateApplications/app-1`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test("a body with a repeated member: what is checked is what is forwarded (the last copy, as JSON.parse keeps)", async () => {
  const relay = createMerakiRelay({ client: merakiClient(world.mock), prefix: "/api/meraki", authorize: () => true });
  const app = JSON.stringify(APP);
  const send = (text) => relay.fetch(new Request(`http://relay.test${appTarget()}`, {
    method: "PUT", headers: { "content-type": "application/json" }, body: text,
  }));
  // A blank name hidden behind a good one is refused, nothing sent.
  const refused = await send(`${app.slice(0, -1)},"name":""}`);
  assert.equal(refused.status, 400);
  assert.deepEqual((await refused.json()).issues.map((i) => `${i.path} ${i.code}`), ["/name blank"]);
  assert.deepEqual(world.mock.requests(), []);
  // A blank name before a good one: the good one was checked, and only it is sent.
  const sent = await send(`{"name":"",${app.slice(1)}`);
  assert.equal(sent.status, 200);
  assert.equal(world.mock.requests()[0].body, app);
});
