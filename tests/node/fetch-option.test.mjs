// The `fetch` option of both clients, from the built package against the mock: the caller's
// function gets (url, init) exactly as the global fetch would, and the call works through it;
// one that throws, returns junk or a promise of junk is a NetworkError (retried as one, never a
// panic or an unhandled rejection); timeouts, abort and the 8 MiB cap still hold through one
// that never settles or ignores the signal; a wrong `fetch` or `hooks` is a ValidationError.
// Run: node --test tests/node/fetch-option.test.mjs

import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  AbortError, ApiError, MerakiClient, NetworkError, SymphonyClient, TimeoutError, ValidationError,
} from "../../pkg/node/index.mjs";
import { startMock } from "../mock/server.mjs";
import { APP, API_KEY, assertCallError, merakiBase, rejection, thrown } from "./helpers.mjs";

const TOKEN = "test-session-token";
const ORG = "5001";
const DETACH = Object.freeze({ sites: ["1520758"], callback: { url: "https://hooks.example.com/m", sharedSecret: "cb-secret-0099" } });
const DETAIL = Object.freeze({ applicationInfo: { appId: "my-app", name: "My App" } });
const UPDATE = "updateOrganizationSecureConnectPrivateApplication";

let mock;
const unhandled = [];
const onUnhandled = (e) => unhandled.push(String(e?.stack ?? e));
before(async () => {
  process.on("unhandledRejection", onUnhandled);
  mock = await startMock({ port: 0 });
});
after(async () => {
  await mock?.close();
  process.off("unhandledRejection", onUnhandled);
  assert.deepEqual(unhandled, [], "no unhandled rejection");
});
beforeEach(() => mock.reset());

const meraki = (options = {}) => new MerakiClient({ apiKey: API_KEY, baseUrl: merakiBase(mock), requestsPerSecond: 0, maxRetries: 0, ...options });
const symphony = (options = {}) => new SymphonyClient({ podUrl: mock.url, sessionToken: TOKEN, maxRetries: 0, ...options });

/** The three operations, each on a client made with `options`. */
const CALLS = [
  ["updatePrivateApplication", (o, call) => meraki(o).updatePrivateApplication(ORG, "183456", APP, call)],
  ["detachSites", (o, call) => meraki(o).detachSites(ORG, DETACH, call)],
  ["updateApp", (o, call) => symphony(o).updateApp("my-app", DETAIL, call)],
];

/** A fetch that records each (url, init) and hands it to the global fetch. */
function recording() {
  const calls = [];
  const fn = (url, init) => {
    calls.push({ url, init });
    return fetch(url, init);
  };
  return { fn, calls };
}

/** What the global fetch itself receives during `run()`, recorded by wrapping it for that time. */
async function whatTheGlobalFetchGets(run) {
  const original = globalThis.fetch;
  const calls = [];
  globalThis.fetch = (url, init) => {
    calls.push({ url, init });
    return original(url, init);
  };
  try {
    await run();
  } finally {
    globalThis.fetch = original;
  }
  return calls;
}

/** An init as comparable data: keys in order, the body's bytes, the signal's class. */
const shape = ({ url, init }) => ({
  url,
  keys: Object.keys(init),
  method: init.method,
  headers: init.headers,
  headersProto: Object.getPrototypeOf(init.headers) === Object.prototype,
  body: Buffer.from(init.body).toString("utf8"),
  bodyClass: init.body.constructor.name,
  redirect: init.redirect,
  signal: init.signal instanceof AbortSignal,
});

describe("a caller's fetch gets exactly what the built-in gets", () => {
  for (const [name, call] of CALLS) {
    test(`${name}: the same (url, init), the same request at the mock, the same result`, async () => {
      const viaGlobal = await whatTheGlobalFetchGets(() => call());
      const expectedLog = mock.requests().map(({ method, path, headers, body }) => ({ method, path, headers, body }));
      mock.reset();
      const r = recording();
      const result = await call({ fetch: r.fn });
      assert.equal(typeof result, "object");
      assert.equal(viaGlobal.length, 1);
      assert.equal(r.calls.length, 1);
      assert.deepEqual(shape(r.calls[0]), shape(viaGlobal[0]));
      assert.deepEqual(r.calls[0].init.headers, viaGlobal[0].init.headers);
      const log = mock.requests().map(({ method, path, headers, body }) => ({ method, path, headers, body }));
      assert.deepEqual(log, expectedLog);
      assert.equal(r.calls[0].init.redirect, "manual");
      assert.equal(r.calls[0].init.signal.aborted, false);
    });
  }

  test("each attempt calls it once, with its own signal", async () => {
    mock.addFaults([{ status: 503 }, { status: 429, retryAfter: "0" }]);
    const r = recording();
    await meraki({ fetch: r.fn, maxRetries: 2 }).updatePrivateApplication(ORG, "183456", APP);
    assert.equal(r.calls.length, 3);
    assert.equal(new Set(r.calls.map((c) => c.init.signal)).size, 3);
    assert.equal(mock.requests().length, 3);
  });

  test("a Response-shaped answer of another class (as undici's own fetch gives) is read", async () => {
    const body = JSON.stringify({ applicationId: "183456", name: "Jira", destinations: [] });
    const fn = async () => {
      const real = new Response(body, { status: 200, headers: { "content-type": "application/json" } });
      return { status: real.status, type: "basic", headers: real.headers, body: real.body };
    };
    const app = await meraki({ fetch: fn }).updatePrivateApplication(ORG, "183456", APP);
    assert.equal(app.applicationId, "183456");
  });

  test("the global fetch is looked up per call when no fetch option is given", async () => {
    const c = meraki();
    const seen = await whatTheGlobalFetchGets(() => c.updatePrivateApplication(ORG, "183456", APP));
    assert.equal(seen.length, 1);
  });
});

describe("a caller's fetch that fails or answers junk: NetworkError", () => {
  const junk = [
    ["throws synchronously", () => { throw new Error("proxy down"); }, /proxy down/],
    ["throws a string", () => { throw "plain string"; }, /plain string/],
    ["rejects", async () => { throw new TypeError("socket hang up"); }, /socket hang up/],
    ["rejects with undefined", () => Promise.reject(undefined), /something other than an Error/],
    ["returns a number", () => 42, /did not resolve to a Response/],
    ["returns undefined", () => undefined, /did not resolve to a Response/],
    ["resolves to null", async () => null, /did not resolve to a Response/],
    ["resolves to a string", async () => "200 OK", /did not resolve to a Response/],
    ["resolves to an object without headers", async () => ({ status: 200, body: null }), /did not resolve to a Response/],
    ["resolves to a status that is not an integer", async () => ({ status: "200", headers: new Headers() }), /did not resolve to a Response/],
    ["resolves to a status getter that throws", async () => ({ get status() { throw new Error("getter"); } }), /getter/],
    ["returns a thenable whose then throws", () => ({ get then() { throw new Error("then getter"); } }), /then getter/],
    ["resolves to a body that is not a stream", async () => ({ status: 200, headers: new Headers(), body: {} }), /TypeError/],
  ];
  for (const [label, fn, message] of junk) {
    test(label, async () => {
      const e = await rejection(meraki({ fetch: fn }).updatePrivateApplication(ORG, "183456", APP));
      assertCallError(e, NetworkError, 1, UPDATE);
      assert.match(e.message, message);
      assert.equal(mock.requests().length, 0);
    });
  }

  test("retried as network errors are, then the call works", async () => {
    let n = 0;
    const fn = (url, init) => (++n < 3 ? 42 : fetch(url, init));
    const app = await meraki({ fetch: fn, maxRetries: 2 }).updatePrivateApplication(ORG, "183456", APP);
    assert.equal(app.applicationId, "183456");
    assert.equal(n, 3);
  });

  test("a message quoting the key is scrubbed", async () => {
    const fn = (url, init) => { throw new Error(`refused ${init.headers.Authorization}`); };
    const e = await rejection(meraki({ fetch: fn }).updatePrivateApplication(ORG, "183456", APP));
    assert.ok(!e.message.includes(API_KEY), e.message);
    assert.match(e.message, /refused Bearer \*\*\*/);
  });
});

describe("timeouts, abort and the body cap hold through a caller's fetch", () => {
  const never = () => new Promise(() => {});

  for (const [name, call] of CALLS) {
    test(`${name}: a fetch that never settles times out, and is retried`, async () => {
      let calls = 0;
      const fn = (url, init) => {
        calls += 1;
        return never(url, init);
      };
      const started = Date.now();
      const e = await rejection(call({ fetch: fn, timeoutMs: 150, maxRetries: 1 }));
      assert.ok(e instanceof TimeoutError, `${e.name}: ${e.message}`);
      assert.equal(e.attempts, 2);
      assert.equal(calls, 2);
      assert.ok(Date.now() - started < 3000);
    });
  }

  test("the call's signal aborts a fetch that ignores it", async () => {
    const inits = [];
    const controller = new AbortController();
    const pending = meraki({ fetch: (u, i) => (inits.push(i), never()) }).detachSites(ORG, DETACH, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const e = await rejection(pending);
    assertCallError(e, AbortError, 1, "deleteOrganizationSecureConnectSites");
    assert.equal(inits[0].signal.aborted, true, "the signal the fetch got fired too");
  });

  test("the attempt's signal fires on timeout for a fetch that honours it", async () => {
    mock.addFaults([{ hang: true }]);
    const r = recording();
    const e = await rejection(symphony({ fetch: r.fn, timeoutMs: 150 }).updateApp("my-app", DETAIL));
    assertCallError(e, TimeoutError, 1, "updateApp");
    assert.equal(r.calls[0].init.signal.aborted, true);
  });

  test("a body over 8 MiB from a caller's fetch is refused unread", async () => {
    const big = () => new Response(new Uint8Array(9 * 1024 * 1024).fill(32), { status: 200 });
    const e = await rejection(meraki({ fetch: big }).updatePrivateApplication(ORG, "183456", APP));
    assertCallError(e, ApiError, 1, UPDATE);
    assert.match(e.message, /larger than 8 MB/);
  });
});

describe("wrong fetch or hooks options: ValidationError, code option", () => {
  const bad = [
    [{ fetch: 1 }, ["/fetch"]],
    [{ fetch: "fetch" }, ["/fetch"]],
    [{ fetch: {} }, ["/fetch"]],
    [{ hooks: 1 }, ["/hooks"]],
    [{ hooks: "log" }, ["/hooks"]],
    [{ hooks: () => {} }, ["/hooks"]],
    [{ hooks: { onRequest: 1 } }, ["/hooks/onRequest"]],
    [{ hooks: { onRequest() {}, onResponse: "x" } }, ["/hooks/onResponse"]],
    [{ fetch: true, hooks: { onRequest: [], onResponse: {} } }, ["/fetch", "/hooks/onRequest", "/hooks/onResponse"]],
    // A getter that throws is reported where it is (and JSON.stringify of the options fails too).
    [{ get fetch() { throw new Error("getter"); } }, ["/fetch", ""]],
    [{ hooks: { get onResponse() { throw new Error("getter"); } } }, ["/hooks/onResponse", ""]],
  ];
  for (const [options, paths] of bad) {
    test(`${paths.join(", ")}: ${Object.keys(options).join(", ")}`, () => {
      // Getters copied as getters: a spread would run them here.
      const withBase = (base, o) => Object.defineProperties(base, Object.getOwnPropertyDescriptors(o));
      for (const make of [(o) => new MerakiClient(withBase({ apiKey: API_KEY }, o)), (o) => new SymphonyClient(withBase({ podUrl: "https://acme.symphony.com", sessionToken: TOKEN }, o))]) {
        const e = thrown(() => make(options));
        assert.ok(e instanceof ValidationError, `${e?.name}: ${e?.message}`);
        assert.deepEqual(e.issues.map((i) => i.path), paths);
        assert.ok(e.issues.every((i) => i.code === (i.path ? "option" : "not-json")), JSON.stringify(e.issues));
      }
    });
  }

  test("reported together with the other options' issues", () => {
    const e = thrown(() => new MerakiClient({ apiKey: "", fetch: 1, timeoutMs: -1 }));
    assert.deepEqual(e.issues.map((i) => i.path).sort(), ["/apiKey", "/fetch", "/timeoutMs"]);
  });

  test("absent, undefined or null options are the defaults; hooks with no function are none", async () => {
    for (const options of [{ fetch: undefined }, { fetch: null }, { hooks: null }, { hooks: {} }, { hooks: { onRequest: undefined, onResponse: null } }]) {
      assert.equal(typeof (await meraki(options).updatePrivateApplication(ORG, "183456", APP)), "object");
    }
  });
});
