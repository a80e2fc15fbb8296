// The vendors' official request examples (tests/fixtures/official/, copied from their specs) on the
// built package: each validates with no error and exactly the warnings the rules name, and the
// client sends it to the mock byte for byte. The examples' own two faults are checked both ways:
// a PEM body shortened with "..." stays `pem-form` (a real key written the same way, with literal
// \n, passes with a `pem-escaped-newlines` warning), and numbers where the schema says string get
// `type` errors (as strings they pass).
// Run: node --test tests/node/official-examples.test.mjs

import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  MerakiClient, SymphonyClient,
  validateApplicationDetail, validateDetachSitesRequest, validatePrivateApplicationUpdate,
} from "../../pkg/node/index.mjs";
import { startMock } from "../mock/server.mjs";
import { merakiBase } from "./helpers.mjs";

const official = (name) => JSON.parse(readFileSync(new URL(`../fixtures/official/${name}`, import.meta.url), "utf8"));
const PRIVATE_APP = official("pa-request-example.json");
const DETACH = official("ds-request-example.json");
const SY_FROM_200 = official("sy-request-from-200-example.json");
const SY_ASSEMBLED = official("sy-request-assembled-from-schema-examples.json");

const KEY_PEM = readFileSync(new URL("../fixtures/rsa-public.pem", import.meta.url), "utf8");
/** The real key written as the examples write theirs: literal \n between the lines. */
const ESCAPED_PEM = KEY_PEM.trim().replaceAll("\n", "\\n");

/** The examples' two faults mended: each elided PEM replaced with `pem`, the numbers the schema
 * types as strings (`AppProperty.value`, `notification.apiKey`) written as strings. */
function mend(value, pem) {
  if (Array.isArray(value)) return value.map((v) => mend(v, pem));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => {
      if (typeof v === "string" && v.includes("-----BEGIN") && v.includes("...")) return [k, pem];
      if ((k === "value" || k === "apiKey") && typeof v === "number") return [k, String(v)];
      return [k, mend(v, pem)];
    }));
  }
  return value;
}

const pairs = (issues) => issues.map((i) => [i.path, i.code]);

let mock;
before(async () => {
  mock = await startMock({ port: 0 });
});
after(() => mock?.close());
beforeEach(() => mock.reset());

describe("the Meraki examples", () => {
  test("the private application example: no error; the warnings rules.md names; sent byte for byte", async () => {
    const report = validatePrivateApplicationUpdate(PRIVATE_APP);
    assert.deepEqual([report.valid, pairs(report.errors)], [true, []]);
    // appProtocol and sni with network access only, and the server-generated externalFQDN.
    assert.deepEqual(pairs(report.warnings), [["", "browser-only-field"], ["", "browser-only-field"], ["/externalFQDN", "server-generated"]]);
    const client = new MerakiClient({ apiKey: "test-api-key", baseUrl: merakiBase(mock) });
    const app = await client.updatePrivateApplication("123456", "183456", PRIVATE_APP);
    assert.equal(app.name, "Jira");
    assert.equal(mock.requests()[0].body, JSON.stringify(PRIVATE_APP));
  });

  test("the detach example (both kinds of callback): no error, one callback-choice warning; sent byte for byte", async () => {
    const report = validateDetachSitesRequest(DETACH);
    assert.deepEqual([report.valid, pairs(report.errors)], [true, []]);
    assert.deepEqual(pairs(report.warnings), [["/callback", "callback-choice"]]);
    assert.ok(!report.warnings[0].message.includes(`"${DETACH.callback.sharedSecret}"`));
    const client = new MerakiClient({ apiKey: "test-api-key", baseUrl: merakiBase(mock) });
    const result = await client.detachSites("123456", DETACH);
    assert.equal(result.callback.url, DETACH.callback.url);
    const [entry] = mock.requests();
    assert.deepEqual([entry.method, entry.body], ["DELETE", JSON.stringify(DETACH)]);
  });
});

describe("the Symphony examples", () => {
  const CASES = [
    ["the 200 example as a request", SY_FROM_200,
      [["/cert", "pem-form"], ["/notification/apiKey", "type"], ["/properties/0/value", "type"]], [],
      [["/cert", "pem-escaped-newlines"]]],
    ["the request assembled from the schema's examples", SY_ASSEMBLED,
      [["/cert", "pem-form"], ["/authenticationKeys/current/key", "pem-form"], ["/properties/0/value", "type"]],
      [["/authenticationKeys/current/expirationDate", "expiration-on-current"]],
      [["/cert", "pem-escaped-newlines"], ["/authenticationKeys/current/key", "pem-escaped-newlines"],
        ["/authenticationKeys/current/expirationDate", "expiration-on-current"]]],
  ];
  for (const [label, example, faults, faultWarnings, mendedWarnings] of CASES) {
    test(`${label}, as published: only its own faults are errors`, () => {
      const report = validateApplicationDetail(example);
      assert.equal(report.valid, false);
      assert.deepEqual(pairs(report.errors), faults);
      assert.deepEqual(pairs(report.warnings), faultWarnings);
      // The elided body is named as such.
      assert.match(report.errors.find((i) => i.code === "pem-form").message, /not base64/);
    });

    test(`${label}, its faults mended (a real key with literal \\n, strings for strings): no error, sent byte for byte`, async () => {
      const detail = mend(example, ESCAPED_PEM);
      const report = validateApplicationDetail(detail);
      assert.deepEqual([report.valid, pairs(report.errors)], [true, []]);
      assert.deepEqual(pairs(report.warnings), mendedWarnings);
      const client = new SymphonyClient({ podUrl: mock.url, sessionToken: "test-session-token" });
      const app = await client.updateApp("my-test-app", detail);
      assert.equal(app.applicationInfo.appId, "my-test-app");
      assert.equal(mock.requests()[0].body, JSON.stringify(detail), "the escaped PEM is sent as given");
    });

    test(`${label}, with a real key on real line breaks: nothing to say about the PEM`, () => {
      const report = validateApplicationDetail(mend(example, KEY_PEM));
      assert.deepEqual(pairs(report.errors), []);
      assert.deepEqual(pairs(report.warnings).filter(([, code]) => code.startsWith("pem")), []);
    });
  }

  test("the numbers alone are the type errors: with the PEM mended but the numbers kept", () => {
    const detail = mend(SY_FROM_200, ESCAPED_PEM);
    detail.notification.apiKey = 123456;
    detail.properties[0].value = 4000;
    assert.deepEqual(pairs(validateApplicationDetail(detail).errors), [["/notification/apiKey", "type"], ["/properties/0/value", "type"]]);
  });
});
