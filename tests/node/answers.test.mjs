// What a call does with a 2xx (rules.md, "Answers"): the server made the change, so the call
// resolves, whatever the body holds — the body as sent, or {} when there is none. Only a body that
// is nothing but an error envelope, or one that is not JSON at all, rejects (ApiError, not retried:
// a retry would apply the change twice). The vendors' own answer examples
// (tests/fixtures/official/) are served by the mock byte for byte and must come back deep-equal.
// Run: node --test tests/node/answers.test.mjs

import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { ApiError, MerakiClient, SymphonyClient } from "../../pkg/node/index.mjs";
import { startMock } from "../mock/server.mjs";
import { APP, assertCallError, merakiBase, rejection } from "./helpers.mjs";

const official = (name) => readFileSync(new URL(`../fixtures/official/${name}`, import.meta.url), "utf8");
const ORG = "5001";
const DETACH = Object.freeze({ sites: ["1520758"] });
const DETAIL = Object.freeze({ applicationInfo: { appId: "my-app", name: "My App", appUrl: "https://apps.example.com/a", domain: "example.com" } });

/** The three operations, each with its success status and the vendor's own answer example. */
const OPERATIONS = [
  {
    id: "updateOrganizationSecureConnectPrivateApplication", method: "PUT", status: 200, example: official("pa-response-200-example.json"),
    call: (c, o) => c.meraki.updatePrivateApplication(ORG, "183456", APP, o),
  },
  {
    id: "deleteOrganizationSecureConnectSites", method: "DELETE", status: 201, example: official("ds-response-201-example.json"),
    call: (c, o) => c.meraki.detachSites(ORG, DETACH, o),
  },
  {
    id: "updateApp", method: "POST", status: 200, example: official("sy-response-200-example.json"),
    call: (c, o) => c.symphony.updateApp("my-app", DETAIL, o),
  },
];

let mock;
const clients = {};
before(async () => {
  mock = await startMock({ port: 0 });
  // maxRetries 3 everywhere: a 2xx that rejects must still be sent only once.
  clients.meraki = new MerakiClient({ apiKey: "test-api-key", baseUrl: merakiBase(mock), maxRetries: 3, requestsPerSecond: 0 });
  clients.symphony = new SymphonyClient({ podUrl: mock.url, sessionToken: "test-session-token", maxRetries: 3 });
});
after(() => mock?.close());
beforeEach(() => mock.reset());

/** Serves `answer` (a fault: status, body…) to the next request of `op`, calls, and checks it was the only request. */
async function answered(op, answer) {
  mock.addFaults([answer]);
  const settled = await op.call(clients).then((value) => ({ value }), (error) => ({ error }));
  const log = mock.requests();
  assert.deepEqual(log.map((e) => [e.method, e.status]), [[op.method, answer.status]], "one request, answered by the fault");
  return settled;
}

async function resolved(op, answer) {
  const { value, error } = await answered(op, answer);
  assert.equal(error, undefined, `expected a value, got ${error?.name}: ${error?.message}`);
  return value;
}

async function rejected(op, answer) {
  const { value, error } = await answered(op, answer);
  assert.ok(error, `expected a rejection, got ${JSON.stringify(value)}`);
  assertCallError(error, ApiError, 1, op.id);
  assert.equal(error.status, answer.status);
  return error;
}

describe("the vendors' own answer examples resolve with the body as sent", () => {
  for (const op of OPERATIONS) {
    test(`${op.id}: the official ${op.status} example`, async () => {
      const value = await resolved(op, { status: op.status, body: op.example });
      assert.deepEqual(value, JSON.parse(op.example));
    });
  }

  test("updateApp: the example's numbers where the model says string come back as numbers", async () => {
    const op = OPERATIONS[2];
    const value = await resolved(op, { status: 200, body: op.example });
    assert.equal(value.notification.apiKey, 123456);
    assert.equal(value.properties[0].value, 4000);
    assert.equal(value.authenticationKeys, null);
  });

  test("each example resolves on every operation and every 2xx status (the shape never decides)", async () => {
    for (const op of OPERATIONS) {
      for (const { example } of OPERATIONS) {
        for (const status of [200, 201, 202]) {
          mock.reset();
          assert.deepEqual(await resolved(op, { status, body: example }), JSON.parse(example), `${op.id} ${status}`);
        }
      }
    }
  });
});

describe("an empty 2xx resolves to {}", () => {
  for (const op of OPERATIONS) {
    test(`${op.id}: a 204 with no body, an empty 200 and 201, white space only`, async () => {
      const cases = [
        { status: 204, body: "" },
        { status: 200, body: "" },
        { status: 201, body: "" },
        { status: 200, body: " \r\n\t" },
        { status: 201, body: "", contentType: "text/plain" },
      ];
      const values = [];
      for (const answer of cases) {
        mock.reset();
        const value = await resolved(op, answer);
        assert.deepEqual(value, {}, JSON.stringify(answer));
        assert.equal(Object.getPrototypeOf(value), Object.prototype);
        values.push(value);
      }
      assert.equal(new Set(values).size, values.length, "a fresh object each time");
    });
  }

  test("the mock's 204 really has no body and no Content-Length", async () => {
    mock.addFaults([{ status: 204, body: "" }]);
    const res = await fetch(`${mock.url}/api/v1/organizations/5001/secureConnect/sites`, { method: "DELETE" });
    assert.deepEqual([res.status, res.headers.get("content-length"), res.headers.get("content-type"), await res.text()], [204, null, null, ""]);
  });
});

describe("a 2xx of any other shape resolves as sent", () => {
  const BODIES = [
    ["fields of other types than the model", { applicationId: 183456, name: ["Jira"], sslVerificationEnabled: "yes", destinations: "all", status: 1, callback: "none", notification: { apiKey: 1 }, properties: [{ key: "port", value: 4000 }] }],
    ["a Meraki error envelope with another field", { errors: ["Something went wrong"], applicationId: "183456" }],
    ["a Meraki-like envelope whose errors is not a list", { errors: "none" }],
    ["a Symphony envelope with another field", { code: 200, message: "Updated", appId: "my-app" }],
    ["a Symphony-like envelope whose code is a string", { code: "200", message: "OK" }],
    ["a message alone (a detach job's answer may carry one)", { message: "Site detached" }],
    ["an array", [{ siteId: "1520758" }]],
    ["a string", "done"],
    ["a number", 42],
    ["null", null],
    ["half a surrogate pair, which JSON.parse reads", { name: "\ud800", note: "\udc00x" }],
    ["nested 200 levels deep", JSON.parse(`${"[".repeat(200)}${"]".repeat(200)}`)],
  ];
  for (const op of OPERATIONS) {
    test(`${op.id}: each body resolves deep-equal to what was sent`, async () => {
      for (const [label, body] of BODIES) {
        mock.reset();
        assert.deepEqual(await resolved(op, { status: op.status, body: JSON.stringify(body) }), body, label);
      }
    });
  }
});

describe("the two 2xx answers that reject: ApiError, sent once", () => {
  for (const op of OPERATIONS) {
    test(`${op.id}: a body that is exactly Meraki's error envelope`, async () => {
      const e = await rejected(op, { status: op.status, body: '{"errors":["Something went wrong","again"]}' });
      assert.deepEqual(e.messages, [`The server answered ${op.status} with an error body instead of the result.`, "Something went wrong", "again"]);
      assert.deepEqual(e.body, { errors: ["Something went wrong", "again"] });
    });

    test(`${op.id}: a body that is exactly Symphony's error envelope`, async () => {
      const e = await rejected(op, { status: 200, body: '{"code":500,"message":"Boom"}' });
      assert.deepEqual(e.messages, ["The server answered 200 with an error body instead of the result.", "Boom"]);
      assert.deepEqual(e.body, { code: 500, message: "Boom" });
    });

    test(`${op.id}: an HTML page on a 200 (a proxy's), and a truncated body`, async () => {
      const html = "<!doctype html><html><body>Welcome to the proxy</body></html>";
      for (const [body, contentType] of [[html, "text/html"], [html, "application/json"], ['{"name":"Ji', "application/json"]]) {
        mock.reset();
        const e = await rejected(op, { status: 200, body, contentType });
        assert.equal(e.body, body);
        assert.deepEqual(e.messages, ["The server answered 200 with a body that is not JSON."]);
        assert.equal(e.message, `${op.id} failed with HTTP 200: The server answered 200 with a body that is not JSON. (1 attempt)`);
      }
    });
  }
});
