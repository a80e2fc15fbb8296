// MerakiClient.detachSites / prepareDetachSites / validateDetachSitesRequest against the mock:
// the DELETE with its JSON body (byte for byte), the 201 result, every DetachSitesRequest rule,
// secrets kept out of errors, retries and the shared rate limit. The webhook callback and
// verifyDetachSitesCallback: detach-callback.test.mjs.
// Run: node --test tests/node/detach-sites.test.mjs

import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  AbortError, ApiError, MerakiClient, ValidationError,
  validateDetachSitesRequest,
} from "../../pkg/node/index.mjs";
import { startMock } from "../mock/server.mjs";
import { APP, PATH_PREFIX, gaps, merakiBase, rejection, thrown, waitFor, views, runChild } from "./helpers.mjs";

const OP = "deleteOrganizationSecureConnectSites";
// Distinctive secrets: nothing else in this file's requests says KEYLEAK or CBLEAK, so even a
// partial leak is seen.
const KEY = "api-key-KEYLEAK-4242";
const SECRET = "cb-secret-CBLEAK-7f3a";
const NEEDLES = [KEY, SECRET, "KEYLEAK", "CBLEAK"];
const HOOK = "https://webhook.site/28efa24e-f830-4d9f-a12b-fbb9e5035031";
const SERVER_ID = "aHR0cHM6Ly93d3cuZXhhbXBsZS5jb20vd2ViaG9va3M=";
const ORG = "5001";
const FIRST_CALLBACK_ID = "1284392014819"; // the mock numbers callbacks from the page's example id

/** The API page's own request example (it sets both kinds of callback). */
function apiPageExample() {
  const page = JSON.parse(
    readFileSync(new URL("../../../shared/spec/meraki-detach-secure-connect-sites.json", import.meta.url), "utf8"),
  );
  const example = page.spec.requestBody.content["application/json"].schema.example;
  assert.equal(typeof example?.callback?.httpServer?.id, "string", "the page's example sets httpServer");
  assert.equal(typeof example.callback.url, "string", "the page's example sets url");
  return example;
}

let mock;
let client;
before(async () => {
  mock = await startMock({ port: 0, apiKey: KEY });
  client = newClient();
});
after(() => mock?.close());
beforeEach(() => mock.reset());

function newClient(options = {}) {
  return new MerakiClient({ apiKey: KEY, baseUrl: merakiBase(mock), ...options });
}
const sitesPath = (org) => `${PATH_PREFIX}/${encodeURIComponent(org)}/secureConnect/sites`;
const job = (siteId) => ({
  action: "detach", status: "success", message: "Sites detached successfully", request: { siteId },
});

const REQUESTS = [
  {
    label: "sites only",
    request: { sites: ["1234567890"] },
    result: job("1234567890"),
  },
  {
    label: "a url + sharedSecret callback",
    request: { sites: ["1234567890", "1520758"], callback: { url: HOOK, sharedSecret: SECRET } },
    result: { ...job("1234567890"), callback: { id: FIRST_CALLBACK_ID, url: HOOK, status: "new" } },
  },
  {
    label: "an httpServer + payloadTemplate callback",
    request: { sites: ["1520758"], callback: { httpServer: { id: SERVER_ID }, payloadTemplate: { id: "wpt_2100" } } },
    result: {
      ...job("1520758"),
      callback: { id: FIRST_CALLBACK_ID, url: `https://receiver.example/webhooks/${SERVER_ID}`, status: "new" },
    },
  },
  {
    label: "unicode and JSON-special site ids",
    request: { sites: ["ünïcødé-名前-🚀", "line\u2028sep", 'q"uo\\te/<&>', "tab\there", "\u0000"] },
    result: job("ünïcødé-名前-🚀"),
  },
];

function lowerHeaders(headers) {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

// ---------------------------------------------------------------------------------------------
describe("wire format", () => {
  for (const { label, request } of REQUESTS) {
    test(`${label}: DELETE to the exact path, auth, JSON content type, body = JSON.stringify = prepared body`, async () => {
      const prepared = client.prepareDetachSites(ORG, request);
      await client.detachSites(ORG, request);
      const log = mock.requests();
      assert.equal(log.length, 1);
      const [entry] = log;
      assert.equal(entry.method, "DELETE");
      assert.equal(entry.path, `/api/v1/organizations/${ORG}/secureConnect/sites`);
      assert.deepEqual(entry.segments, ["api", "v1", "organizations", ORG, "secureConnect", "sites"]);
      assert.equal(entry.headers["authorization"], `Bearer ${KEY}`);
      assert.equal(entry.headers["content-type"], "application/json");
      assert.equal(entry.body, JSON.stringify(request), "sent body = JSON.stringify(request), byte for byte");
      assert.equal(entry.body, prepared.body, "sent body = prepared body, byte for byte");
      assert.equal(Number(entry.headers["content-length"]), Buffer.byteLength(entry.body, "utf8"));
      assert.equal(entry.status, 201);
      assert.equal(prepared.method, "DELETE");
      assert.equal(prepared.url, mock.url + entry.path);
    });
  }

  for (const org of ["a/b?c#d", "../x", "%2e%2e", "ünï 名 🚀", "a b+c&d=e;f"]) {
    test(`organization id ${JSON.stringify(org)} arrives as one decoded segment`, async () => {
      const request = { sites: ["1"] };
      const prepared = client.prepareDetachSites(org, request);
      const result = await client.detachSites(org, request);
      assert.deepEqual(result, job("1"));
      const [entry, ...rest] = mock.requests();
      assert.deepEqual(rest, []);
      assert.deepEqual(entry.segments, ["api", "v1", "organizations", org, "secureConnect", "sites"]);
      assert.doesNotMatch(entry.path, /[?#]/, "no query or fragment reached the server");
      assert.equal(prepared.url, mock.url + entry.path);
      assert.equal(entry.body, '{"sites":["1"]}');
    });
  }

  test("a hostile organization id is encoded as encodeURIComponent would", () => {
    assert.equal(client.prepareDetachSites("a/b?c#d", { sites: ["1"] }).url, `${mock.url}${sitesPath("a/b?c#d")}`);
  });

  for (const org of [".", "..", "", "a\r\nb", 5001, null]) {
    test(`organization id ${JSON.stringify(org)} is refused with a path-parameter issue, nothing sent`, async () => {
      const e = await rejection(client.detachSites(org, { sites: ["1"] }));
      assert.ok(e instanceof ValidationError, String(e));
      assert.ok(e.issues.some((i) => i.code === "path-parameter"), JSON.stringify(e.issues));
      assert.deepEqual(mock.requests(), []);
    });
  }
});

describe("prepareDetachSites", () => {
  test("masks the key as Bearer ***, keeps the sharedSecret in the exact body, sends nothing", () => {
    const request = REQUESTS[1].request;
    const prepared = client.prepareDetachSites(ORG, request);
    assert.equal(prepared.method, "DELETE");
    assert.equal(prepared.url, `${merakiBase(mock)}/organizations/${ORG}/secureConnect/sites`);
    const headers = lowerHeaders(prepared.headers);
    assert.equal(headers["authorization"], "Bearer ***");
    assert.equal(headers["content-type"], "application/json");
    assert.equal(prepared.body, JSON.stringify(request));
    assert.ok(prepared.body.includes(`"sharedSecret":"${SECRET}"`), "the body is exact: the secret is in it by design");
    assert.ok(!JSON.stringify(prepared).includes(KEY), "the API key is nowhere in the prepared request");
    assert.deepEqual(mock.requests(), []);
    assert.equal(mock.stats().requests, 0);
  });

  test("authScheme apiKeyHeader: X-Cisco-Meraki-API-Key masked in the dry run, sent for real", async () => {
    const keyHeader = newClient({ authScheme: "apiKeyHeader" });
    const headers = lowerHeaders(keyHeader.prepareDetachSites(ORG, { sites: ["1"] }).headers);
    assert.equal(headers["x-cisco-meraki-api-key"], "***");
    assert.equal(headers["authorization"], undefined);
    await keyHeader.detachSites(ORG, { sites: ["1"] });
    const [entry] = mock.requests();
    assert.equal(entry.headers["x-cisco-meraki-api-key"], KEY);
    assert.equal(entry.headers["authorization"], undefined);
    assert.equal(entry.status, 201);
  });

  test("does not change the request it was given", async () => {
    const request = structuredClone(REQUESTS[2].request);
    client.prepareDetachSites(ORG, request);
    await client.detachSites(ORG, request);
    assert.deepEqual(request, REQUESTS[2].request);
  });
});

// ---------------------------------------------------------------------------------------------
describe("the 201 result", () => {
  for (const { label, request, result } of REQUESTS) {
    test(`${label}: resolves with every field the server sent`, async () => {
      assert.deepEqual(await client.detachSites(ORG, request), result);
    });
  }

  test("an unknown top-level field is kept", async () => {
    mock.addFaults([{ status: 201, body: '{"action":"detach","status":"success","futureField":{"x":1}}' }]);
    const result = await client.detachSites(ORG, { sites: ["1"] });
    assert.deepEqual(result, { action: "detach", status: "success", futureField: { x: 1 } });
  });

  test("unknown fields nested in request and callback are kept too", async () => {
    const body = {
      action: "detach",
      status: "queued",
      request: { siteId: "9", jobId: 7 },
      callback: { id: "c-1", url: HOOK, status: "new", attempts: [1, 2] },
      extra: null,
    };
    mock.addFaults([{ status: 201, body: JSON.stringify(body) }]);
    assert.deepEqual(await client.detachSites(ORG, { sites: ["9"] }), body);
  });

  test("a 201 whose body is not JSON is an ApiError, not a result", async () => {
    mock.addFaults([{ status: 201, body: "<html>ok</html>", contentType: "text/html" }]);
    const e = await rejection(client.detachSites(ORG, { sites: ["1"] }, { maxRetries: 0 }));
    assert.ok(e instanceof ApiError, String(e));
    assert.equal(e.status, 201);
    assert.equal(e.operation, OP);
    assert.equal(e.body, "<html>ok</html>");
  });
});

// ---------------------------------------------------------------------------------------------
describe("validation before sending (rules.md, DetachSitesRequest)", () => {
  const OK = { sites: ["1"] };
  const cb = (callback) => ({ sites: ["1"], callback });
  const INVALID = [
    ["sites missing", {}, [["", "required"]]],
    ["sites null", { sites: null }, [["", "required"]]],
    ["sites empty", { sites: [] }, [["/sites", "empty-list"]]],
    ["sites a string", { sites: "1" }, [["/sites", "type"]]],
    ["sites an object", { sites: { 0: "1" } }, [["/sites", "type"]]],
    ["a site that is a number", { sites: [1520758] }, [["/sites/0", "type"]]],
    ["a site that is null", { sites: ["1", null] }, [["/sites/1", "type"]]],
    ["a site that is an empty string", { sites: ["1", ""] }, [["/sites/1", "empty-string"]]],
    ["callback url without sharedSecret", cb({ url: HOOK }), [["/callback", "callback-incomplete"]]],
    ["callback url with an empty sharedSecret", cb({ url: HOOK, sharedSecret: "" }), [["/callback", "callback-incomplete"]]],
    ["callback sharedSecret without url", cb({ sharedSecret: SECRET }), [["/callback", "callback-incomplete"]]],
    ["callback sharedSecret with an empty url", cb({ url: "", sharedSecret: SECRET }), [["/callback", "callback-incomplete"]]],
    ["callback with neither kind", cb({}), [["/callback", "callback-target"]]],
    ["callback with an empty httpServer.id only", cb({ httpServer: { id: "" } }), [["/callback", "callback-target"]]],
    ["callback httpServer.id and url without sharedSecret", cb({ httpServer: { id: SERVER_ID }, url: HOOK }), [["/callback", "callback-incomplete"]]],
    ["callback httpServer.id and sharedSecret without url", cb({ httpServer: { id: SERVER_ID }, sharedSecret: SECRET }), [["/callback", "callback-incomplete"]]],
    ["callback http:// url", cb({ url: "http://hooks.example/detach", sharedSecret: "s" }), [["/callback/url", "https-url"]]],
    ["callback relative url", cb({ url: "/detach", sharedSecret: "s" }), [["/callback/url", "https-url"]]],
    ["empty payloadTemplate.id", cb({ httpServer: { id: "abc" }, payloadTemplate: { id: "" } }), [["/callback/payloadTemplate/id", "empty-string"]]],
    ["callback a string", cb(HOOK), [["/callback", "type"]]],
    ["callback an array", cb([HOOK]), [["/callback", "type"]]],
    ["callback.url a number", cb({ url: 5, sharedSecret: "s" }), [["/callback/url", "type"]]],
    ["callback.sharedSecret a number", cb({ url: HOOK, sharedSecret: 42 }), [["/callback/sharedSecret", "type"]]],
    ["callback.httpServer a string", cb({ httpServer: SERVER_ID }), [["/callback/httpServer", "type"]]],
    ["callback.httpServer.id a number", cb({ httpServer: { id: 7 } }), [["/callback/httpServer/id", "type"]]],
    ["callback.payloadTemplate an array", cb({ httpServer: { id: "a" }, payloadTemplate: [] }), [["/callback/payloadTemplate", "type"]]],
    ["callback.payloadTemplate.id a number", cb({ httpServer: { id: "a" }, payloadTemplate: { id: 2100 } }), [["/callback/payloadTemplate/id", "type"]]],
    ["the request null", null, [["", "type"]]],
    ["the request an array", [OK], [["", "type"]]],
    ["the request a JSON string", JSON.stringify(OK), [["", "type"]]],
    ["the request undefined", undefined, [["", "type"]]],
  ];
  const pairs = (issues) => issues.map((i) => [i.path, i.code]).sort();

  for (const [label, request, expected] of INVALID) {
    test(`${label} → ValidationError ${expected.map((p) => p.join(" ")).join(", ")}, nothing sent`, async () => {
      const promise = client.detachSites(ORG, request);
      assert.ok(promise instanceof Promise, "an invalid request rejects, it does not throw");
      const e = await rejection(promise);
      assert.ok(e instanceof ValidationError, String(e));
      assert.ok(e instanceof Error);
      assert.equal(e.name, "ValidationError");
      assert.deepEqual(pairs(e.issues), [...expected].sort());
      for (const issue of e.issues) assert.ok(issue.message.length > 10, issue.message);
      if (request !== undefined) {
        const report = validateDetachSitesRequest(request);
        assert.equal(report.valid, false);
        assert.deepEqual(e.issues, report.errors, "the call reports what validateDetachSitesRequest reports");
      }
      const sync = thrown(() => client.prepareDetachSites(ORG, request));
      assert.ok(sync instanceof ValidationError);
      assert.deepEqual(sync.issues, e.issues);
      assert.deepEqual(mock.requests(), [], "nothing reached the server");
    });
  }

  test("the API page's own example (both kinds of callback) goes ahead with one callback-choice warning saying what to remove", async () => {
    const example = apiPageExample();
    const report = validateDetachSitesRequest(example);
    assert.equal(report.valid, true, JSON.stringify(report.errors));
    assert.deepEqual(report.errors, []);
    assert.equal(report.warnings.length, 1, JSON.stringify(report.warnings));
    const [issue] = report.warnings;
    assert.equal(issue.path, "/callback");
    assert.equal(issue.code, "callback-choice");
    assert.match(issue.message, /remove httpServer/);
    assert.match(issue.message, /remove url and sharedSecret/);
    assert.ok(!issue.message.includes(`"${example.callback.sharedSecret}"`), "the page's secret is not quoted");
    // The server takes it: the call is sent with the body as given, and resolves.
    const result = await client.detachSites(ORG, example);
    assert.deepEqual(result, { ...job(example.sites[0]), callback: { id: FIRST_CALLBACK_ID, url: example.callback.url, status: "new" } });
    const [entry] = mock.requests();
    assert.equal(entry.method, "DELETE");
    assert.equal(entry.body, JSON.stringify(example), "the body is sent byte for byte, httpServer kept");
  });

  test("a callback url with a user name and password: a url-credentials warning only, the call goes ahead", async () => {
    const request = cb({ url: "https://u:p@hooks.example/", sharedSecret: SECRET });
    const report = validateDetachSitesRequest(request);
    assert.deepEqual([report.valid, report.errors], [true, []]);
    assert.deepEqual(report.warnings.map((w) => [w.path, w.code]), [["/callback/url", "url-credentials"]]);
    await client.detachSites(ORG, request);
    assert.equal(mock.requests()[0].body, JSON.stringify(request));
  });

  test("both complete kinds of callback: a warning only, the call goes ahead", async () => {
    const request = cb({ httpServer: { id: SERVER_ID }, url: HOOK, sharedSecret: SECRET });
    const report = validateDetachSitesRequest(request);
    assert.deepEqual([report.valid, report.errors], [true, []]);
    assert.deepEqual(report.warnings.map((w) => [w.path, w.code]), [["/callback", "callback-choice"]]);
    assertNoSecrets(report, "callback-choice warning");
    await client.detachSites(ORG, request);
    assert.equal(mock.requests()[0].body, JSON.stringify(request));
  });

  test("every issue of a request is reported at once", async () => {
    const e = await rejection(client.detachSites(ORG, {
      sites: ["", 3],
      callback: { url: "http://x.example/", sharedSecret: "s", payloadTemplate: { id: "" } },
    }));
    assert.ok(e instanceof ValidationError);
    assert.deepEqual(pairs(e.issues), [
      ["/callback/payloadTemplate/id", "empty-string"],
      ["/callback/url", "https-url"],
      ["/sites/0", "empty-string"],
      ["/sites/1", "type"],
    ]);
    assert.match(e.message, /4 problems/);
    assert.deepEqual(mock.requests(), []);
  });

  test("valid requests get a clean report", () => {
    for (const { request } of REQUESTS) {
      assert.deepEqual(validateDetachSitesRequest(request), { valid: true, errors: [], warnings: [] }, JSON.stringify(request));
    }
    // An empty string counts as left blank: httpServer with blank url/sharedSecret is fine.
    const blank = cb({ httpServer: { id: "abc" }, url: "", sharedSecret: "" });
    assert.deepEqual(validateDetachSitesRequest(blank).errors, []);
  });

  test("a site listed twice is only a warning: the call goes through with the body as given", async () => {
    const request = { sites: ["1520758", "2", "1520758"] };
    const report = validateDetachSitesRequest(request);
    assert.equal(report.valid, true);
    assert.deepEqual(report.errors, []);
    assert.deepEqual(report.warnings.map((w) => [w.path, w.code]), [["/sites/2", "duplicate"]]);
    const result = await client.detachSites(ORG, request);
    assert.deepEqual(result, job("1520758"));
    const [entry] = mock.requests();
    assert.equal(entry.body, JSON.stringify(request), "the repeat is not silently removed");
  });

  test("validateDetachSitesRequest never throws on junk", () => {
    for (const junk of [0, true, "x", [], [[]], { sites: [[["deep"]]] }, { callback: { httpServer: { id: { id: 1 } } } }]) {
      const report = validateDetachSitesRequest(junk);
      assert.equal(report.valid, false, JSON.stringify(junk));
      assert.ok(report.errors.length >= 1);
    }
  });
});

// ---------------------------------------------------------------------------------------------
function assertNoSecrets(value, label, needles = NEEDLES) {
  for (const [view, text] of Object.entries(views(value))) {
    for (const needle of needles) {
      assert.ok(!text.includes(needle), `${label}: ${view} contains "${needle}": ${text.slice(0, 400)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
describe("secrets never leak from errors", () => {
  const withSecret = { sites: ["1"], callback: { url: HOOK, sharedSecret: SECRET } };

  test("(control) the mock really echoes what a fault body says", async () => {
    mock.addFaults([{ status: 500, body: `{"errors":["bad ${KEY} ${SECRET}"]}` }]);
    const res = await fetch(`${merakiBase(mock)}/organizations/1/secureConnect/sites`, { method: "DELETE" });
    const text = await res.text();
    assert.ok(text.includes(KEY) && text.includes(SECRET), text);
  });

  test("ApiError 500 whose JSON body echoes the API key and the sharedSecret", async () => {
    mock.addFaults([{ status: 500, body: `{"errors":["bad ${KEY} ${SECRET}"]}` }]);
    const e = await rejection(client.detachSites(ORG, withSecret, { maxRetries: 0 }));
    assert.ok(e instanceof ApiError, String(e));
    assert.equal(e.status, 500);
    assert.equal(e.operation, OP);
    assert.equal(e.attempts, 1);
    assert.deepEqual(e.messages, ["bad *** ***"]);
    assert.deepEqual(e.body, { errors: ["bad *** ***"] });
    assertNoSecrets(e, "ApiError 500");
    assert.ok(mock.requests()[0].body.includes(SECRET), "the secret was really sent");
  });

  test("ApiError 400 whose text body echoes both, nested in HTML", async () => {
    mock.addFaults([{ status: 400, body: `<p>key=${KEY}</p><p>secret=${SECRET}</p>`, contentType: "text/html" }]);
    const e = await rejection(client.detachSites(ORG, withSecret, { maxRetries: 0 }));
    assert.ok(e instanceof ApiError, String(e));
    assert.equal(e.body, "<p>key=***</p><p>secret=***</p>");
    assertNoSecrets(e, "ApiError 400 text");
  });

  test("ApiError after retries of a 503 that echoes the secret in a nested field", async () => {
    mock.addFaults([{ status: 503, times: 2, body: JSON.stringify({ errors: ["down"], detail: { callback: { sharedSecret: SECRET } } }) }]);
    const e = await rejection(newClient({ requestsPerSecond: 0 }).detachSites(ORG, withSecret, { maxRetries: 1 }));
    assert.ok(e instanceof ApiError, String(e));
    assert.equal(e.attempts, 2);
    assert.deepEqual(e.body, { errors: ["down"], detail: { callback: { sharedSecret: "***" } } });
    assertNoSecrets(e, "ApiError 503 nested");
  });

  test("ValidationError quoting a callback.url that holds the sharedSecret", async () => {
    const request = { sites: ["1"], callback: { url: `ftp://hooks.example/${SECRET}`, sharedSecret: SECRET } };
    const e = await rejection(client.detachSites(ORG, request));
    assert.ok(e instanceof ValidationError, String(e));
    assert.deepEqual(e.issues.map((i) => [i.path, i.code]), [["/callback/url", "https-url"]]);
    assert.ok(e.issues[0].message.includes("ftp://hooks.example/***"), e.issues[0].message);
    assertNoSecrets(e, "ValidationError with the secret in url");
    const sync = thrown(() => client.prepareDetachSites(ORG, request));
    assertNoSecrets(sync, "prepare ValidationError with the secret in url");
    assert.deepEqual(mock.requests(), []);
  });

  test("ValidationError quoting a callback.url that holds the API key", async () => {
    const request = { sites: ["1"], callback: { url: `not a url ${KEY}`, sharedSecret: "s" } };
    const e = await rejection(client.detachSites(ORG, request));
    assert.ok(e instanceof ValidationError, String(e));
    assert.deepEqual(e.issues.map((i) => [i.path, i.code]), [["/callback/url", "https-url"]]);
    assert.ok(e.issues[0].message.includes("***"), e.issues[0].message);
    assertNoSecrets(e, "ValidationError with the key in url");
  });

  test("ValidationError from the url-without-secret rule when the url holds the secret elsewhere", async () => {
    // The secret pasted into url, no sharedSecret: nothing marks it as a secret, but the message
    // of callback-incomplete must not quote the URL anyway.
    const e = await rejection(client.detachSites(ORG, { sites: ["1"], callback: { url: `https://h.example/${SECRET}` } }));
    assert.ok(e instanceof ValidationError);
    assert.deepEqual(e.issues.map((i) => [i.path, i.code]), [["/callback", "callback-incomplete"]]);
    assertNoSecrets(e, "callback-incomplete");
  });
});

// ---------------------------------------------------------------------------------------------
describe("retries, errors and the shared rate limit", () => {
  test("429 with Retry-After: 1 then success: 2 DELETEs with the full body, ≥ 950 ms apart", async () => {
    const request = REQUESTS[1].request;
    mock.addFaults([{ status: 429, retryAfter: "1", match: { method: "DELETE" } }]);
    const result = await newClient({ requestsPerSecond: 0 }).detachSites(ORG, request);
    assert.deepEqual(result, REQUESTS[1].result);
    const log = mock.requests();
    assert.deepEqual(log.map((l) => [l.method, l.status]), [["DELETE", 429], ["DELETE", 201]]);
    for (const entry of log) assert.equal(entry.body, JSON.stringify(request), "each attempt carries the full body");
    const [gap] = gaps(log);
    assert.ok(gap >= 950 && gap <= 1500, `waited ${gap} ms for Retry-After: 1`);
  });

  test("503 repeated: ApiError deleteOrganizationSecureConnectSites with attempts = maxRetries + 1", async () => {
    mock.addFaults([{ status: 503, times: 10 }]);
    const e = await rejection(newClient({ requestsPerSecond: 0 }).detachSites(ORG, { sites: ["1"] }, { maxRetries: 2 }));
    assert.ok(e instanceof ApiError, String(e));
    assert.equal(e.name, "ApiError");
    assert.equal(e.status, 503);
    assert.equal(e.operation, OP);
    assert.equal(e.attempts, 3);
    assert.ok(e.message.startsWith(OP), e.message);
    assert.match(e.message, /\(3 attempts\)$/);
    const log = mock.requests();
    assert.deepEqual(log.map((l) => [l.method, l.status, l.body]), Array(3).fill(["DELETE", 503, '{"sites":["1"]}']));
  });

  test("a 400 from the server is not retried", async () => {
    mock.addFaults([{ status: 400, body: '{"errors":["Site 1 is not attached"]}', times: 3 }]);
    const e = await rejection(client.detachSites(ORG, { sites: ["1"] }));
    assert.ok(e instanceof ApiError);
    assert.deepEqual([e.status, e.attempts, e.operation], [400, 1, OP]);
    assert.deepEqual(e.messages, ["Site 1 is not attached"]);
    assert.equal(mock.requests().length, 1);
  });

  test("an abort mid-request rejects with AbortError", async () => {
    mock.addFaults([{ hang: true }]);
    const controller = new AbortController();
    const started = Date.now();
    const promise = client.detachSites(ORG, { sites: ["1"] }, { signal: controller.signal });
    await waitFor(() => mock.requests().length === 1, "the DELETE to arrive");
    controller.abort();
    const e = await rejection(promise);
    assert.ok(e instanceof AbortError, String(e));
    assert.equal(e.name, "AbortError");
    assert.equal(e.operation, OP);
    assert.equal(e.attempts, 1);
    assert.ok(Date.now() - started < 2000, "it did not wait for a timeout");
    assert.equal(mock.requests()[0].method, "DELETE");
  });

  test("an already-aborted signal sends nothing", async () => {
    const e = await rejection(client.detachSites(ORG, { sites: ["1"] }, { signal: AbortSignal.abort() }));
    assert.ok(e instanceof AbortError, String(e));
    assert.equal(e.operation, OP);
    assert.deepEqual(mock.requests(), []);
  });

  test("a hung DELETE times out with TimeoutError for this operation", async () => {
    mock.addFaults([{ hang: true }]);
    const e = await rejection(client.detachSites(ORG, { sites: ["1"] }, { timeoutMs: 150, maxRetries: 0 }));
    assert.equal(e.name, "TimeoutError");
    assert.equal(e.operation, OP);
    assert.equal(e.attempts, 1);
  });

  // In a child process, as in rate-limit.test.mjs: a client sharing the mock's event loop bunches
  // arrivals by 100+ ms, which would make the server's 429 count depend on machine load.
  const CHILD_SCRIPT = `
import { MerakiClient } from ${JSON.stringify(new URL("../../pkg/node/index.mjs", import.meta.url).href)};
const { org, key } = JSON.parse(process.env.DETACH_BURST);
const baseUrl = process.env.MOCK_URL + "/api/v1";
const app = ${JSON.stringify(APP)};
// Load fetch and connect once, on another organization (its own server-side bucket).
const warm = new MerakiClient({ apiKey: key, baseUrl, requestsPerSecond: 0 });
await warm.detachSites("warm-up", { sites: ["w"] });
await warm.updatePrivateApplication("warm-up", "w", app);
const client = new MerakiClient({ apiKey: key, baseUrl, requestsPerSecond: 10 });
const started = Date.now();
const calls = [
  ...Array.from({ length: 10 }, (_, i) => client.updatePrivateApplication(org, "app-" + i, app)),
  ...Array.from({ length: 10 }, (_, i) => client.detachSites(org, { sites: ["site-" + i] })),
];
const results = await Promise.allSettled(calls);
process.stdout.write(JSON.stringify({
  started,
  elapsed: Date.now() - started,
  results: results.map((r) => r.status === "fulfilled" ? (r.value.applicationId ?? r.value.request.siteId) : "rejected: " + r.reason),
}) + "\\n");
`;

  test("updates and detaches on one organization share one bucket: no 429 from a 10/s server, ~1.1 s for 20", async () => {
    mock.reset({ rateLimit: { perSecond: 10 } });
    const org = "shared-bucket-org";
    const { started, results } = await runChild(CHILD_SCRIPT, { MOCK_URL: mock.url, DETACH_BURST: JSON.stringify({ org, key: KEY }) }, 15_000);
    assert.deepEqual(results, [
      ...Array.from({ length: 10 }, (_, i) => `app-${i}`),
      ...Array.from({ length: 10 }, (_, i) => `site-${i}`),
    ]);
    const stats = mock.stats();
    assert.equal(stats.rateLimited429, 0, `the server refused ${stats.rateLimited429} request(s)`);
    const log = mock.requests().filter((e) => e.segments[3] === org);
    assert.equal(log.length, 20, "no retries were needed");
    assert.deepEqual(
      log.map((e) => e.method).sort(),
      [...Array(10).fill("DELETE"), ...Array(10).fill("PUT")],
    );
    // One bucket of 10/s (burst 9, then one per 100 ms): the 20th leaves ~1100 ms after the first
    // call. Two separate buckets would have let all 20 out within ~100 ms.
    const last = Math.max(...log.map((e) => e.at));
    assert.ok(last - started >= 950, `the last request arrived ${last - started} ms after the first call`);
    const lastDetach = Math.max(...log.filter((e) => e.method === "DELETE").map((e) => e.at));
    assert.ok(lastDetach - started >= 950, `the last detach arrived ${lastDetach - started} ms after the first call`);
    assert.ok(last - started < 2600, `the limiter is too slow: ${last - started} ms`);
  });
});
