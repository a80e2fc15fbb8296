// The API key never leaks: not in any error (message, stack, String(), JSON, util.inspect, any
// field), not in a prepared request, not in a constructor error — even when the server echoes it.
// Run: node --test tests/node/secrets.test.mjs

import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import util from "node:util";
import {
  AbortError, ApiError, MerakiClient, NetworkError, TimeoutError, ValidationError,
} from "../../pkg/node/index.mjs";
import { startMock } from "../mock/server.mjs";
import { APP, closedPort, merakiBase, rejection, thrown, waitFor, views } from "./helpers.mjs";

const KEY = "test-api-key-SECRET";
const NEEDLES = [KEY, "SECRET"]; // nothing else in these tests says SECRET, so even a partial leak shows

let mock;
before(async () => {
  mock = await startMock({ port: 0, apiKey: KEY });
});
after(() => mock?.close());
beforeEach(() => mock.reset({ apiKey: KEY }));

const newClient = (options = {}) => new MerakiClient({ apiKey: KEY, baseUrl: merakiBase(mock), maxRetries: 0, ...options });
const update = (client, options, id = "183456", body = APP) => client.updatePrivateApplication("5001", id, body, options);

function assertNoKey(value, label) {
  for (const [view, text] of Object.entries(views(value))) {
    for (const needle of NEEDLES) {
      assert.ok(!text.includes(needle), `${label}: ${view} contains "${needle}": ${text.slice(0, 300)}`);
    }
  }
}

/** A failing call per error class, including servers that echo the key back. */
const FAILING_CALLS = [
  {
    label: "ApiError 500 whose JSON body echoes the key (messages, nested fields, arrays)",
    Class: ApiError,
    faults: [{
      status: 500,
      body: JSON.stringify({
        errors: [`bad key ${KEY}`, `Bearer ${KEY}`],
        detail: { header: `Authorization: Bearer ${KEY}`, list: [KEY, { deeper: `x${KEY}x` }] },
        [KEY]: "the key as an object key",
      }),
    }],
    check: (e) => {
      assert.equal(e.status, 500);
      assert.equal(e.messages.length, 2);
      assert.ok(e.messages[0].startsWith("bad key "), `the rest of the message is kept: ${e.messages[0]}`);
    },
  },
  {
    label: "ApiError 400 whose text body echoes the key",
    Class: ApiError,
    faults: [{ status: 400, body: `<html><p>key=${KEY}</p><p>${KEY}</p></html>`, contentType: "text/html" }],
    check: (e) => assert.ok(e.body.startsWith("<html><p>key="), e.body),
  },
  {
    label: "ApiError 200 with a non-JSON body echoing the key",
    Class: ApiError,
    faults: [{ status: 200, body: `not json ${KEY}`, contentType: "text/plain" }],
    check: (e) => assert.equal(e.status, 200),
  },
  {
    label: "ApiError 429 with a year-long Retry-After and the key in the body",
    Class: ApiError,
    faults: [{ status: 429, retryAfter: "31536000", body: JSON.stringify({ errors: [`slow down ${KEY}`] }) }],
    options: { maxRetries: 3 },
    check: (e) => assert.equal(e.retryAfterMs, 31_536_000_000),
  },
  {
    label: "ApiError 302 pointing elsewhere with the key in the Location and body",
    Class: ApiError,
    faults: [{ status: 302, headers: { location: `https://evil.example/?k=${KEY}` }, body: `moved ${KEY}` }],
    check: (e) => assert.equal(e.status, 302),
  },
  {
    label: "ApiError 503 after retries, echoing the key each time",
    Class: ApiError,
    faults: [{ status: 503, body: JSON.stringify({ errors: [`down ${KEY}`] }), times: 2 }],
    options: { maxRetries: 1 },
    check: (e) => assert.equal(e.attempts, 2),
  },
  {
    label: "ApiError 401 from a server expecting another key",
    Class: ApiError,
    setup: () => mock.reset({ apiKey: "another-key" }),
    check: (e) => assert.equal(e.status, 401),
  },
  {
    label: "NetworkError from a reset connection",
    Class: NetworkError,
    faults: [{ reset: true }],
  },
  {
    label: "NetworkError from a closed port",
    Class: NetworkError,
    client: async () => new MerakiClient({ apiKey: KEY, baseUrl: `http://127.0.0.1:${await closedPort()}/api/v1`, maxRetries: 0 }),
  },
  {
    label: "TimeoutError from a hung request",
    Class: TimeoutError,
    faults: [{ hang: true }],
    options: { timeoutMs: 150 },
  },
  {
    label: "AbortError from an already-aborted signal",
    Class: AbortError,
    options: { signal: AbortSignal.abort(new Error(`reason without the key`)) },
  },
  {
    label: "AbortError mid-request",
    Class: AbortError,
    faults: [{ hang: true }],
    abortAfterArrival: true,
  },
  {
    label: "ValidationError from an invalid update",
    Class: ValidationError,
    body: { name: "", destinations: [] },
  },
  {
    label: "ValidationError from a bad id",
    Class: ValidationError,
    id: "a\r\nb",
  },
  {
    label: "ValidationError from a bad call option",
    Class: ValidationError,
    options: { signal: "x", timeoutMs: -1 },
  },
];

describe("errors from failing calls", () => {
  for (const c of FAILING_CALLS) {
    test(c.label, async () => {
      c.setup?.();
      if (c.faults) mock.addFaults(c.faults);
      const client = c.client ? await c.client() : newClient();
      let options = c.options;
      let controller;
      if (c.abortAfterArrival) {
        controller = new AbortController();
        options = { signal: controller.signal };
      }
      const promise = update(client, options, c.id, c.body);
      if (controller) {
        await waitFor(() => mock.requests().length === 1, "the request to arrive");
        controller.abort();
      }
      const e = await rejection(promise);
      assert.ok(e instanceof c.Class, `${e?.name}: ${e?.message}`);
      c.check?.(e);
      assertNoKey(e, c.label);
      // The key did reach the server where a request was sent: the check above is not vacuous.
      for (const entry of mock.requests()) assert.equal(entry.headers.authorization, `Bearer ${KEY}`);
    });
  }

  test("a key with JSON, HTML and regex special characters is scrubbed from echoes too", async () => {
    const special = 'k"e\\y$&.*SECRET<>';
    mock.reset({ apiKey: special });
    const client = new MerakiClient({ apiKey: special, baseUrl: merakiBase(mock), maxRetries: 0 });
    const bodies = [
      [JSON.stringify({ errors: [`bad ${special} key`] }), "application/json"],
      // The same text with JSON unicode escapes: it parses to the key.
      [`{"errors":["bad ${special.replace(/[\\"]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`)} key"]}`, "application/json"],
      [`<p>${special}</p>`, "text/html"],
    ];
    for (const [body, contentType] of bodies) {
      mock.addFaults([{ status: 500, body, contentType }]);
      const e = await rejection(update(client));
      assert.ok(e instanceof ApiError, String(e));
      for (const [view, text] of Object.entries(views(e))) {
        assert.ok(!text.includes(special) && !text.includes("SECRET"), `${view} leaks the key: ${text.slice(0, 300)}`);
      }
    }
  });

  test("the echoing fault really echoed the key (so the checks above can fail)", async () => {
    mock.addFaults([{ status: 500, body: JSON.stringify({ errors: [`bad key ${KEY}`] }) }]);
    const res = await fetch(`${merakiBase(mock)}/organizations/5001/secureConnect/privateApplications/1`, {
      method: "PUT",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify(APP),
    });
    assert.ok((await res.text()).includes(KEY));
  });

  test(
    "an update that carries the key by mistake (pasted into sni / appProtocol) does not echo it",
    async () => {
      // An odd appProtocol is only a warning, and a single-label sni too: the underscore makes
      // the sni an error whose message quotes it.
      const e = await rejection(update(newClient(), undefined, "183456", { ...APP, sni: `${KEY}_x.example.com`, appProtocol: KEY }));
      assert.ok(e instanceof ValidationError);
      assert.deepEqual(e.issues.map((i) => [i.path, i.code]), [["/sni", "sni-form"]]);
      assert.ok(e.issues[0].message.includes("***"), e.issues[0].message);
      assertNoKey(e, "ValidationError for an update holding the key");
      assert.deepEqual(mock.requests(), []);
    },
  );
});

describe("prepared requests", () => {
  const HOSTILE = ["183456", "../x", "a/b?c#d", "%2e%2e", "ünï 🚀"];

  for (const authScheme of ["bearer", "apiKeyHeader"]) {
    test(`prepare* with authScheme ${authScheme} never contains the key`, () => {
      const client = newClient({ authScheme });
      for (const id of HOSTILE) {
        for (const body of [APP, { ...APP, description: "d", applicationGroupIds: ["1"] }]) {
          const prepared = client.prepareUpdatePrivateApplication("5001", id, body);
          assertNoKey(prepared, `prepared ${authScheme} ${id}`);
          const values = Object.values(prepared.headers);
          assert.ok(values.some((v) => v.includes("***")), `a masked credential header: ${JSON.stringify(prepared.headers)}`);
        }
      }
      assert.deepEqual(mock.requests(), []);
    });
  }

  test("a prepare* that fails validation throws without the key", () => {
    const client = newClient();
    for (const [id, body] of [["..", APP], ["x", { name: "" }], ["a\nb", APP]]) {
      const e = thrown(() => client.prepareUpdatePrivateApplication("5001", id, body));
      assert.ok(e instanceof ValidationError);
      assertNoKey(e, `prepare ${JSON.stringify(id)}`);
    }
  });

  test("the client object itself does not show the key when inspected or serialized", () => {
    const client = newClient();
    for (const text of [util.inspect(client, { depth: 10, showHidden: true }), String(JSON.stringify(client)), String(client)]) {
      for (const needle of NEEDLES) assert.ok(!text.includes(needle), text);
    }
  });
});

describe("constructor errors", () => {
  const BAD = [
    [{ apiKey: KEY, baseUrl: "http://example.com/api/v1" }, "/baseUrl"],
    [{ apiKey: KEY, baseUrl: `http://example.com/${KEY}/api/v1` }, "/baseUrl"],
    [{ apiKey: KEY, baseUrl: `https://user:${KEY}@example.com/api/v1` }, "/baseUrl"],
    [{ apiKey: KEY, baseUrl: `https://example.com/api/v1?key=${KEY}` }, "/baseUrl"],
    [{ apiKey: KEY, baseUrl: `https://example.com/api/v1#${KEY}` }, "/baseUrl"],
    [{ apiKey: KEY, baseUrl: KEY }, "/baseUrl"],
    [{ apiKey: KEY, authScheme: KEY }, "/authScheme"],
    [{ apiKey: KEY, authScheme: "basic" }, "/authScheme"],
    [{ apiKey: KEY, timeoutMs: 0 }, "/timeoutMs"],
    [{ apiKey: KEY, timeoutMs: KEY }, "/timeoutMs"],
    [{ apiKey: KEY, maxRetries: -1 }, "/maxRetries"],
    [{ apiKey: KEY, maxRetries: KEY }, "/maxRetries"],
    [{ apiKey: KEY, requestsPerSecond: KEY }, "/requestsPerSecond"],
    [{ apiKey: `${KEY}\n` }, "/apiKey"],
    [{ apiKey: `${KEY} trailing` }, "/apiKey"],
    [{ apiKey: `Bearer ${KEY}` }, "/apiKey"],
    [{ apiKey: [KEY] }, "/apiKey"],
    [{ apiKey: { value: KEY } }, "/apiKey"],
  ];
  for (const [options, path] of BAD) {
    test(`${path} problem: the ValidationError never contains the key`, () => {
      const e = thrown(() => new MerakiClient(options));
      assert.ok(e instanceof ValidationError, String(e));
      assert.ok(e.issues.some((i) => i.path === path), JSON.stringify(e.issues));
      assertNoKey(e, JSON.stringify(options));
    });
  }
});
