// verifyDetachSitesCallback on the built package: the whole webhook loop (detachSites against the
// mock → the mock POSTs the callback → a local receiver verifies it, the secret in the body or,
// through a payload template, in a header), then the verifier alone: the page's callback schema,
// Meraki's general webhook format, the secret in a Headers object or a plain object of headers
// (string and string[] values), payloads whose fields have other types (accepted, returned as
// sent), and refusals that never show a secret (message, JSON, util.inspect, stack).
// Run: node --test tests/node/detach-callback.test.mjs

import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { readFileSync } from "node:fs";
import { MerakiClient, ValidationError, verifyDetachSitesCallback } from "../../pkg/node/index.mjs";
import { startMock } from "../mock/server.mjs";
import { HEADER_SECRET_TEMPLATE } from "../mock/routes.mjs";
import { callbackPayload, merakiBase, thrown, views, waitFor } from "./helpers.mjs";

// Distinctive secrets: nothing else in this file says CBLEAK or HDRLEAK, so even a partial leak is seen.
const KEY = "api-key-KEYLEAK-4242";
const SECRET = "cb-secret-CBLEAK-7f3a";
const WRONG = "cb-secret-HDRLEAK-0000";
const NEEDLES = [KEY, SECRET, WRONG, "KEYLEAK", "CBLEAK", "HDRLEAK"];
const HOOK = "https://webhook.site/28efa24e-f830-4d9f-a12b-fbb9e5035031";
const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

const fixture = (name) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8"));
/** The page's callback schema (tests/fixtures/callback-payload.json), with our secret. */
const PAGE = callbackPayload(SECRET);
/** Meraki's general webhook format (tests/fixtures/webhook-payload.json), with our secret. */
const WEBHOOK = Object.freeze({ ...fixture("webhook-payload.json"), sharedSecret: SECRET });
const withoutSecret = ({ sharedSecret: _, ...rest }) => rest;

function assertNoSecrets(value, label, needles = NEEDLES) {
  for (const [view, text] of Object.entries(views(value))) {
    for (const needle of needles) {
      assert.ok(!text.includes(needle), `${label}: ${view} contains "${needle}": ${text.slice(0, 400)}`);
    }
  }
}

/** The ValidationError `fn` throws, checked: its issues as [path, code], no secret in any view of it. */
function refusal(fn, label) {
  const e = thrown(fn);
  assert.ok(e instanceof ValidationError, `${label}: ${e}`);
  assert.ok(e instanceof Error);
  assert.equal(e.name, "ValidationError");
  assert.equal(typeof e.stack, "string");
  assertNoSecrets(e, label);
  return e.issues.map((i) => [i.path, i.code]);
}

// ---------------------------------------------------------------------------------------------
describe("the callback loop: mock → local receiver using verifyDetachSitesCallback(payload, secret, req.headers)", () => {
  let mock;
  let client;
  let receiver;
  let receiverUrl;
  const state = { expected: SECRET, deliveries: [] };

  before(async () => {
    mock = await startMock({ port: 0, apiKey: KEY });
    client = new MerakiClient({ apiKey: KEY, baseUrl: merakiBase(mock) });
    // The README's receiver: the body parsed, the request's headers passed along.
    receiver = http.createServer((req, res) => {
      let text = "";
      req.setEncoding("utf8");
      req.on("data", (d) => (text += d));
      req.on("end", () => {
        const delivery = { method: req.method, headers: req.headers, text };
        state.deliveries.push(delivery);
        try {
          delivery.payload = verifyDetachSitesCallback(JSON.parse(text), state.expected, req.headers);
          res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
        } catch (err) {
          delivery.error = err;
          res.writeHead(401).end();
        }
      });
    });
    await new Promise((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    receiverUrl = `http://127.0.0.1:${receiver.address().port}/meraki/detach`;
  });
  after(async () => {
    await new Promise((resolve) => receiver?.close(resolve));
    await mock?.close();
  });
  beforeEach(() => {
    state.deliveries.length = 0;
    mock.reset({ callbackTarget: receiverUrl });
  });

  async function detachAndWaitForCallback(expected, callback = {}) {
    state.expected = expected;
    const request = { sites: ["1520758", "77"], callback: { url: HOOK, sharedSecret: SECRET, ...callback } };
    const result = await client.detachSites("callback-org", request);
    const record = await waitFor(
      () => mock.stats().callbacks.find((c) => c.outcome !== "pending"),
      "the mock to deliver the callback",
    );
    await waitFor(() => state.deliveries.length === 1, "the receiver to record the delivery");
    return { result, record, delivery: state.deliveries[0] };
  }

  test("the secret in the body: the receiver verifies and gets the payload as sent", async () => {
    const { result, record, delivery } = await detachAndWaitForCallback(SECRET);
    assert.equal(delivery.method, "POST");
    assert.equal(delivery.error, undefined, String(delivery.error));
    const payload = delivery.payload;
    assert.match(payload.sentAt, ISO_DATE);
    assert.deepEqual(payload, {
      organization: { id: "callback-org", name: "Mock Org" },
      network: { id: "N_1", name: "Mock Network" },
      sentAt: payload.sentAt,
      callbackId: result.callback.id,
      sharedSecret: SECRET,
      message: { action: "detach", status: "success", message: "Sites detached successfully", request: { siteId: "1520758" } },
    });
    assert.deepEqual(payload, JSON.parse(delivery.text), "the payload is returned as sent");
    assert.deepEqual([record.outcome, record.status, record.target], ["delivered", 200, receiverUrl]);
  });

  test("the secret moved into a header by a payload template: verified from req.headers", async () => {
    const { record, delivery } = await detachAndWaitForCallback(SECRET, { payloadTemplate: { id: HEADER_SECRET_TEMPLATE } });
    assert.equal(delivery.headers["x-shared-secret"], SECRET, "the mock sent the secret as a header");
    assert.ok(!delivery.text.includes(SECRET), "and not in the body");
    assert.equal(delivery.error, undefined, String(delivery.error));
    assert.deepEqual(delivery.payload, JSON.parse(delivery.text));
    assert.equal(delivery.payload.sharedSecret, undefined);
    assert.deepEqual([record.outcome, record.status], ["delivered", 200]);
  });

  test("a receiver expecting another secret refuses, body or header: shared-secret, no secret shown", async () => {
    for (const callback of [{}, { payloadTemplate: { id: HEADER_SECRET_TEMPLATE } }]) {
      state.deliveries.length = 0;
      mock.reset({ callbackTarget: receiverUrl });
      const { record, delivery } = await detachAndWaitForCallback(WRONG, callback);
      assert.deepEqual([record.outcome, record.status], ["rejected", 401]);
      assert.equal(delivery.payload, undefined);
      const e = delivery.error;
      assert.ok(e instanceof ValidationError, String(e));
      assert.deepEqual(e.issues.map((i) => [i.path, i.code]), [["/sharedSecret", "shared-secret"]]);
      assertNoSecrets(e, `wrong secret ${JSON.stringify(callback)}`);
    }
  });
});

// ---------------------------------------------------------------------------------------------
describe("verifyDetachSitesCallback accepts, returning the payload as sent", () => {
  const ACCEPTED = [
    ["the page's callback schema, secret in the body", PAGE, undefined],
    ["Meraki's general webhook format, secret in the body", WEBHOOK, undefined],
    ["the general format, headers given too", WEBHOOK, { "content-type": "application/json" }],
    ["the page's schema, secret in a Headers object only", withoutSecret(PAGE), new Headers({ "Content-Type": "application/json", "X-Shared-Secret": SECRET })],
    ["the general format, secret in a plain object of headers only (Node's req.headers)", withoutSecret(WEBHOOK), { host: "receiver.example", "x-shared-secret": SECRET, "content-length": "512" }],
    ["secret in a string[] header value", withoutSecret(PAGE), { "set-cookie": ["a=1", "b=2"], "x-shared-secret": [SECRET] }],
    ["secret in a header whatever its name", withoutSecret(PAGE), { "x-cisco-meraki-token": SECRET }],
    ["secret in an array of [name, value] pairs", withoutSecret(PAGE), [["accept", "*/*"], ["x-shared-secret", SECRET]]],
    ["secret in a Map", withoutSecret(PAGE), new Map([["x-shared-secret", SECRET]])],
    ["a wrong body secret, the right one in a header", { ...PAGE, sharedSecret: WRONG }, { "x-shared-secret": SECRET }],
    ["header values Node leaves undefined", PAGE, { "x-absent": undefined, "x-shared-secret": "other" }],
    ["a header value with a lone surrogate (skipped), the secret in another", withoutSecret(PAGE), { "x-odd": "\uD800", "x-shared-secret": SECRET }],
    // Fields of other types than the schema's, and unknown fields: not a reason to refuse.
    ["known fields of other types", { ...PAGE, callbackId: 1284392014819, organization: "My organization", message: "done", sentAt: 1720000000 }, undefined],
    ["general fields of other types", { ...WEBHOOK, alertData: [1, 2], networkTags: "a b", version: 0.1, occurredAt: null }, undefined],
    ["unknown fields", { ...PAGE, alertType: "Callback", extra: { nested: [true] } }, undefined],
    ["only the secret", { sharedSecret: SECRET }, undefined],
  ];
  for (const [label, payload, headers] of ACCEPTED) {
    test(label, () => {
      const sent = JSON.parse(JSON.stringify(payload));
      const got = headers === undefined ? verifyDetachSitesCallback(payload, SECRET) : verifyDetachSitesCallback(payload, SECRET, headers);
      assert.deepEqual(got, sent, "the same JSON value, every field kept as it was");
    });
  }

  test("the webhook fixture carries Meraki's general fields", () => {
    for (const field of ["version", "sharedSecret", "sentAt", "organizationId", "organizationName", "organizationUrl",
      "networkId", "networkName", "networkUrl", "networkTags", "deviceSerial", "deviceMac", "deviceName", "deviceUrl",
      "deviceTags", "deviceModel", "alertId", "alertType", "alertTypeId", "alertLevel", "occurredAt", "alertData"]) {
      assert.ok(field in WEBHOOK, field);
    }
  });

  test("undefined and null headers are the same as none", () => {
    assert.deepEqual(verifyDetachSitesCallback(PAGE, SECRET, undefined), PAGE);
    assert.deepEqual(verifyDetachSitesCallback(PAGE, SECRET, null), PAGE);
  });
});

// ---------------------------------------------------------------------------------------------
describe("verifyDetachSitesCallback refuses, and no secret is ever in the error", () => {
  const REFUSED = [
    ["a null payload", null, SECRET, undefined, "", "type"],
    ["an array payload", [PAGE], SECRET, undefined, "", "type"],
    ["the payload as unparsed JSON text", JSON.stringify(PAGE), SECRET, undefined, "", "type"],
    ["a number payload", 201, SECRET, undefined, "", "type"],
    ["no secret anywhere (no headers given)", withoutSecret(PAGE), SECRET, undefined, "/sharedSecret", "shared-secret"],
    ["no secret anywhere (headers given)", withoutSecret(WEBHOOK), SECRET, { "content-type": "application/json" }, "/sharedSecret", "shared-secret"],
    ["a null sharedSecret", { ...PAGE, sharedSecret: null }, SECRET, undefined, "/sharedSecret", "shared-secret"],
    ["a non-string sharedSecret", { ...PAGE, sharedSecret: [SECRET] }, SECRET, undefined, "/sharedSecret", "shared-secret"],
    ["a secret that differs in its last character", { ...PAGE, sharedSecret: `${SECRET.slice(0, -1)}b` }, SECRET, undefined, "/sharedSecret", "shared-secret"],
    ["a secret that is the expected one plus more", { ...PAGE, sharedSecret: `${SECRET}x` }, SECRET, undefined, "/sharedSecret", "shared-secret"],
    ["a wrong secret in a Headers object", withoutSecret(PAGE), SECRET, new Headers({ "x-shared-secret": WRONG }), "/sharedSecret", "shared-secret"],
    ["a wrong secret in a plain object of headers", withoutSecret(PAGE), SECRET, { "x-shared-secret": WRONG }, "/sharedSecret", "shared-secret"],
    ["a wrong secret in a string[] header", withoutSecret(PAGE), SECRET, { "x-shared-secret": [WRONG, "x"] }, "/sharedSecret", "shared-secret"],
    ["wrong secrets in the body and a header", { ...PAGE, sharedSecret: WRONG }, SECRET, { "x-shared-secret": WRONG }, "/sharedSecret", "shared-secret"],
    ["the secret inside a longer header value", withoutSecret(PAGE), SECRET, { authorization: `Bearer ${SECRET}` }, "/sharedSecret", "shared-secret"],
    ["the secret as a header's name", withoutSecret(PAGE), SECRET, { [SECRET]: "1" }, "/sharedSecret", "shared-secret"],
    ["an empty expected secret (payload secret empty too)", { ...PAGE, sharedSecret: "" }, "", { "x-shared-secret": "" }, "/sharedSecret", "shared-secret"],
    ["an empty expected secret", PAGE, "", undefined, "/sharedSecret", "shared-secret"],
    ["an undefined expected secret", PAGE, undefined, undefined, "", "shared-secret"],
    ["a number expected secret", { ...PAGE, sharedSecret: "42" }, 42, undefined, "", "shared-secret"],
    ["an object expected secret", PAGE, { toString: () => SECRET }, undefined, "", "shared-secret"],
    ["headers that are a string", PAGE, SECRET, SECRET, "", "option"],
    ["headers that are a number", PAGE, SECRET, 42, "", "option"],
    ["headers whose getter throws the secret", PAGE, SECRET, { get "x-shared-secret"() { throw new Error(SECRET); } }, "", "option"],
    ["headers that are a Proxy throwing the secret", PAGE, SECRET, new Proxy({}, { ownKeys() { throw new Error(SECRET); } }), "", "option"],
    ["headers whose iterator never ends", PAGE, SECRET, { *[Symbol.iterator]() { for (;;) yield ["x", "y"]; } }, "", "option"],
  ];
  for (const [label, payload, expected, headers, path, code] of REFUSED) {
    test(`${label}: ValidationError ${code} at ${path || "(root)"}`, () => {
      const pairs = refusal(() => verifyDetachSitesCallback(payload, expected, headers), label);
      assert.deepEqual(pairs, [[path, code]]);
    });
  }

  test("(control) the needles are really looked for: a message holding one would fail", () => {
    assert.throws(() => assertNoSecrets(new ValidationError(`bad ${SECRET}`, []), "control"));
  });

  test("the module answers correctly after every refusal", () => {
    assert.deepEqual(verifyDetachSitesCallback(WEBHOOK, SECRET, { "x-other": "1" }), WEBHOOK);
  });
});
