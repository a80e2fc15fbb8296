// The page half of a portal, from the built package against the mock: a client holding no
// credential (no apiKey, no sessionToken) sends none and may only call a relay, never a Meraki
// host; a base URL relative to the page resolves against `location` (and is refused where there
// is no page); the `headers` and `credentials` options reach every request; and a relay's 400
// with `issues` comes back as the ValidationError the page would have raised itself — for a
// keyless client only.
// Run: node --test tests/node/portal.test.mjs

import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  ApiError, MerakiClient, SymphonyClient, ValidationError,
} from "../../pkg/node/index.mjs";
import { startMock } from "../mock/server.mjs";
import { API_KEY, APP, ORG, merakiBase, rejection, runChild, thrown } from "./helpers.mjs";

const TOKEN = "test-session-token";
const DETAIL = Object.freeze({ applicationInfo: { appId: "my-app", name: "My App" } });
const CSRF = "csrf-7f3a9b21";
const CREDENTIAL_HEADERS = ["authorization", "x-cisco-meraki-api-key", "sessiontoken"];

let mock;
before(async () => {
  mock = await startMock({ port: 0 });
});
after(() => mock?.close());
beforeEach(() => mock.reset());

const relay = (options = {}) => new MerakiClient({ baseUrl: merakiBase(mock), requestsPerSecond: 0, maxRetries: 0, ...options });
const symphonyRelay = (options = {}) => new SymphonyClient({ podUrl: mock.url, maxRetries: 0, ...options });

/** A fetch option that records (url, init) and passes the call on to the global fetch. */
function recording() {
  const calls = [];
  return { calls, fn: (url, init) => (calls.push({ url, init }), fetch(url, init)) };
}

/** The credential headers a logged request carried (none for a relay's client). */
const credentialsOf = (entry) => CREDENTIAL_HEADERS.filter((h) => h in entry.headers);

/** `[path, code]` of each issue. */
const pairs = (issues) => issues.map((i) => [i.path, i.code]);

describe("a Meraki client without apiKey", () => {
  test("sends no credential header: the mock, which wants a key, answers 401 (not retried)", async () => {
    const e = await rejection(relay({ maxRetries: 3 }).updatePrivateApplication(ORG, "183456", APP));
    assert.ok(e instanceof ApiError, String(e));
    assert.equal(e.status, 401);
    assert.equal(e.attempts, 1);
    const [entry, ...more] = mock.requests();
    assert.deepEqual(more, []);
    assert.equal(entry.method, "PUT");
    assert.deepEqual(credentialsOf(entry), []);
    assert.equal(entry.headers["content-type"], "application/json");
    // prepare*() shows the same: no credential header at all.
    const p = relay().prepareDetachSites(ORG, { sites: ["1"] });
    assert.deepEqual(Object.keys(p.headers).sort(), ["Accept", "Content-Type"]);
  });

  test("with the key, the same client is authorized (the 401 above was the missing key)", async () => {
    const app = await relay({ apiKey: API_KEY }).updatePrivateApplication(ORG, "183456", APP);
    assert.equal(app.name, "Jira");
    assert.deepEqual(credentialsOf(mock.requests()[0]), ["authorization"]);
  });

  for (const [label, options] of [
    ["the default baseUrl (api.meraki.com)", {}],
    ["a regional host", { baseUrl: "https://api.meraki.ca/api/v1" }],
    ["the government host", { baseUrl: "https://api.gov-meraki.com/api/v1" }],
    ["a shard", { baseUrl: "https://n392.meraki.com/api/v1" }],
    ["apiKey: null", { apiKey: null }],
  ]) {
    test(`is refused for ${label}: ValidationError credential at /apiKey, nothing sent`, () => {
      const r = recording();
      const e = thrown(() => new MerakiClient({ ...options, fetch: r.fn }));
      assert.ok(e instanceof ValidationError, String(e));
      assert.deepEqual(pairs(e.issues), [["/apiKey", "credential"]]);
      assert.match(e.message, /relay/);
      assert.equal(r.calls.length, 0);
      assert.deepEqual(mock.requests(), []);
    });
  }

  test("an empty apiKey is still a mistake, not a relay client", () => {
    const e = thrown(() => relay({ apiKey: "" }));
    assert.deepEqual(pairs(e.issues), [["/apiKey", "credential"]]);
  });
});

describe("a relative baseUrl", () => {
  for (const [label, options, path] of [
    ["\"/api/meraki\" in Node (no page)", { baseUrl: "/api/meraki" }, "/baseUrl"],
    ["a protocol-relative \"//evil.example/api\"", { baseUrl: "//evil.example/api" }, "/baseUrl"],
    ["a Symphony podUrl \"/api/symphony\" in Node", { podUrl: "/api/symphony" }, "/podUrl"],
  ]) {
    test(`${label} is a ValidationError (base-url)`, () => {
      const e = thrown(() => ("podUrl" in options ? new SymphonyClient(options) : new MerakiClient(options)));
      assert.ok(e instanceof ValidationError, String(e));
      assert.deepEqual(pairs(e.issues), [[path, "base-url"]]);
    });
  }

  test("resolves against the page's location: a child process with a stubbed location reaches the mock", async () => {
    const pkg = new URL("../../pkg/node/index.mjs", import.meta.url).href;
    const out = await runChild(`
      globalThis.location = { href: process.env.PAGE };
      const { MerakiClient, SymphonyClient } = await import(${JSON.stringify(pkg)});
      const APP = ${JSON.stringify(APP)};
      const meraki = new MerakiClient({ baseUrl: "/api/v1", apiKey: "test-api-key", headers: { "X-CSRF-Token": "${CSRF}" } });
      const prepared = meraki.prepareUpdatePrivateApplication("${ORG}", "183456", APP);
      const app = await meraki.updatePrivateApplication("${ORG}", "183456", APP);
      const keyless = new SymphonyClient({ podUrl: "/" });
      const refused = await keyless.updateApp("my-app", { applicationInfo: { appId: "my-app", name: "x" } }).catch((e) => [e.name, e.status]);
      console.log(JSON.stringify({ url: prepared.url, name: app.name, refused }));
    `, { PAGE: `${mock.url}/portal/index.html?x=1#top` });
    assert.equal(out.url, `${mock.url}/api/v1/organizations/${ORG}/secureConnect/privateApplications/183456`);
    assert.equal(out.name, "Jira");
    assert.deepEqual(out.refused, ["ApiError", 401]);
    const log = mock.requests();
    assert.deepEqual(log.map((r) => [r.method, r.path, r.status]), [
      ["PUT", `/api/v1/organizations/${ORG}/secureConnect/privateApplications/183456`, 200],
      ["POST", "/pod/v1/admin/app/my-app/update", 401],
    ]);
    assert.equal(log[0].headers["x-csrf-token"], CSRF);
    assert.deepEqual(credentialsOf(log[1]), []);
  });
});

describe("the headers option", () => {
  test("is sent as given on every attempt, by both clients, and shown masked", async () => {
    mock.addFaults([{ status: 503, times: 2 }]);
    const headers = { "X-CSRF-Token": CSRF, "x-portal-trace": "t 1" };
    await relay({ apiKey: API_KEY, maxRetries: 2, headers }).updatePrivateApplication(ORG, "183456", APP);
    await new SymphonyClient({ podUrl: mock.url, sessionToken: TOKEN, headers }).updateApp("my-app", DETAIL);
    const log = mock.requests();
    assert.deepEqual(log.map((r) => r.status), [503, 503, 200, 200]);
    for (const entry of log) {
      assert.equal(entry.headers["x-csrf-token"], CSRF);
      assert.equal(entry.headers["x-portal-trace"], "t 1");
    }
    const p = relay({ headers }).prepareUpdatePrivateApplication(ORG, "183456", APP);
    assert.deepEqual(p.headers, { Accept: "application/json", "Content-Type": "application/json", "X-CSRF-Token": "***", "x-portal-trace": "***" });
  });

  for (const name of ["Authorization", "authorization", "X-Cisco-Meraki-API-Key", "SESSIONTOKEN", "Content-Type", "content-length", "Host", "Accept"]) {
    test(`refuses ${name} (option at /headers/${name}), in both clients`, () => {
      const value = "value-never-quoted";
      for (const make of [() => relay({ headers: { [name]: value } }), () => symphonyRelay({ headers: { [name]: value } })]) {
        const e = thrown(make);
        assert.ok(e instanceof ValidationError, String(e));
        assert.deepEqual(pairs(e.issues), [[`/headers/${name}`, "option"]]);
        assert.ok(!JSON.stringify([e.message, e.issues]).includes(value));
      }
    });
  }

  for (const [label, headers, path] of [
    ["a name with a space", { "X CSRF": "v" }, "/headers/X CSRF"],
    ["a name with a colon", { "X-A:": "v" }, "/headers/X-A:"],
    ["a value with a line break", { "X-A": "v\r\nX-Injected: 1" }, "/headers/X-A"],
    ["a value that is a number", { "X-A": 1 }, "/headers/X-A"],
    ["the same name twice", { "X-A": "1", "x-a": "2" }, "/headers/x-a"],
    ["a Headers object", new Headers({ "X-A": "1" }), "/headers"],
    ["a string", "X-A: 1", "/headers"],
  ]) {
    test(`refuses ${label}`, () => {
      const e = thrown(() => relay({ headers }));
      assert.ok(e instanceof ValidationError, String(e));
      assert.deepEqual(pairs(e.issues), [[path, "option"]]);
    });
  }
});

describe("the credentials option", () => {
  for (const [given, expected] of [[undefined, "same-origin"], ["include", "include"], ["omit", "omit"]]) {
    test(`${given ?? "by default"}: the fetch init has credentials ${expected}, for both clients`, async () => {
      const r = recording();
      await relay({ apiKey: API_KEY, credentials: given, fetch: r.fn }).detachSites(ORG, { sites: ["1"] });
      await new SymphonyClient({ podUrl: mock.url, sessionToken: TOKEN, credentials: given, fetch: r.fn }).updateApp("my-app", DETAIL);
      assert.deepEqual(r.calls.map((c) => c.init.credentials), [expected, expected]);
      assert.deepEqual(mock.requests().map((c) => c.status), [201, 200]);
    });
  }

  test("another value is a ValidationError (option at /credentials; type for a non-string)", () => {
    for (const [credentials, code] of [["always", "option"], ["", "option"], ["Include", "option"], [1, "type"]]) {
      const e = thrown(() => relay({ credentials }));
      assert.deepEqual(pairs(e.issues), [["/credentials", code]]);
      const s = thrown(() => symphonyRelay({ credentials }));
      assert.deepEqual(pairs(s.issues), [["/credentials", code]]);
    }
  });
});

describe("a relay's 400 with issues", () => {
  const ISSUES = [
    { path: "/name", code: "name-characters", message: "The name may hold letters, digits, spaces and hyphens." },
    { path: "/destinations/0/protocolPorts/0/ports", code: "future-code", message: "Unknown to this page, kept as sent." },
  ];
  const MERAKI_400 = { errors: ISSUES.map((i) => `${i.path}: ${i.message}`), issues: ISSUES };
  const SYMPHONY_400 = { code: 400, message: "2 problems", issues: ISSUES };

  test("is the ValidationError the page would have raised, for a Meraki client without a key", async () => {
    mock.addFaults([{ status: 400, body: MERAKI_400 }]);
    const e = await rejection(relay().updatePrivateApplication(ORG, "183456", APP));
    assert.ok(e instanceof ValidationError, String(e));
    assert.equal(e.name, "ValidationError");
    assert.deepEqual(e.issues, ISSUES);
    assert.match(e.message, /^2 problems: \/name: The name may hold/);
    assert.equal(mock.requests().length, 1);
  });

  test("stays an ApiError for a client with a key (a real API never sends issues)", async () => {
    mock.addFaults([{ status: 400, body: MERAKI_400 }]);
    const e = await rejection(relay({ apiKey: API_KEY }).updatePrivateApplication(ORG, "183456", APP));
    assert.ok(e instanceof ApiError, String(e));
    assert.equal(e.status, 400);
    assert.deepEqual(e.body, MERAKI_400);
    mock.addFaults([{ status: 400, body: SYMPHONY_400 }]);
    const s = await rejection(new SymphonyClient({ podUrl: mock.url, sessionToken: TOKEN }).updateApp("my-app", DETAIL));
    assert.ok(s instanceof ApiError, String(s));
  });

  for (const [label, body] of [
    ["an issue without a message", { errors: [], issues: [{ path: "/name", code: "x" }] }],
    ["an issue whose code is a number", { errors: [], issues: [{ path: "/name", code: 5, message: "m" }] }],
    ["a path that is not a pointer", { errors: [], issues: [{ path: "name", code: "x", message: "m" }] }],
    ["issues that are an object", { errors: [], issues: { path: "", code: "x", message: "m" } }],
    ["no issues at all", { errors: ["/name: bad"], issues: [] }],
    ["Symphony's envelope to a Meraki client", SYMPHONY_400],
  ]) {
    test(`stays an ApiError when malformed: ${label}`, async () => {
      mock.addFaults([{ status: 400, body }]);
      const e = await rejection(relay().updatePrivateApplication(ORG, "183456", APP));
      assert.ok(e instanceof ApiError, String(e));
      assert.deepEqual([e.status, e.body], [400, body]);
    });
  }

  test("a 422 with issues stays an ApiError", async () => {
    mock.addFaults([{ status: 422, body: MERAKI_400 }]);
    assert.ok((await rejection(relay().detachSites(ORG, { sites: ["1"] }))) instanceof ApiError);
  });

  test("Symphony: {code: 400, message, issues} is a ValidationError for a client without a token", async () => {
    mock.addFaults([{ status: 400, body: SYMPHONY_400 }, { status: 400, body: { ...SYMPHONY_400, code: "400" } }]);
    const e = await rejection(symphonyRelay().updateApp("my-app", DETAIL));
    assert.ok(e instanceof ValidationError, String(e));
    assert.deepEqual(e.issues, ISSUES);
    assert.deepEqual(credentialsOf(mock.requests()[0]), []);
    const malformed = await rejection(symphonyRelay().updateApp("my-app", DETAIL));
    assert.ok(malformed instanceof ApiError, String(malformed));
  });
});

describe("a Symphony client without sessionToken or provider", () => {
  test("at a loopback podUrl sends no sessionToken, and its 401 is final", async () => {
    const e = await rejection(symphonyRelay({ maxRetries: 3 }).updateApp("my-app", DETAIL));
    assert.ok(e instanceof ApiError, String(e));
    assert.deepEqual([e.status, e.attempts], [401, 1]);
    assert.deepEqual(credentialsOf(mock.requests()[0]), []);
    const p = symphonyRelay().prepareUpdateApp("my-app", DETAIL);
    assert.deepEqual(Object.keys(p.headers).sort(), ["Accept", "Content-Type"]);
  });

  test("at a pod's https URL stays a ValidationError (required)", () => {
    const e = thrown(() => new SymphonyClient({ podUrl: "https://acme.symphony.com" }));
    assert.deepEqual(pairs(e.issues), [["", "required"]]);
  });
});
