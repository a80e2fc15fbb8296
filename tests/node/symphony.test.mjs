// SymphonyClient.updateApp / prepareUpdateApp / validateApplicationDetail against the mock: what
// is sent (byte for byte, header sessionToken), what comes back, every ApplicationDetail rule, 403
// and other errors, retries and constructor options. The session-token provider, its refresh after
// a 401 and the secrets kept out of every error are in symphony-token.test.mjs; the shared fixtures
// in symphony-fixtures.mjs.
// Run: node --test tests/node/symphony.test.mjs

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  AbortError, ApiError, NetworkError, SymphonyClient, TimeoutError, ValidationError,
  validateApplicationDetail,
} from "../../pkg/node/index.mjs";
import { REFUSED_IDS, closedPort, rejection, sleep, thrown, waitFor } from "./helpers.mjs";
import {
  API_KEY, APP_ID, APP_PATH, CERT, DETAIL, EXPIRATION, FAULT_MATCH, KEY_CURRENT, KEY_PREVIOUS, NO_ROLE, OP, ROLES,
  TOKEN, assertCallError, client, clone, echoed, lowerHeaders, mock, newClient, pairs, posts, provider, useMock,
} from "./symphony-fixtures.mjs";

useMock();

/** The PEM example of the API page itself, which carries literal `\n` sequences. */
function pagePemExample() {
  const text = readFileSync(new URL("../../../shared/spec/symphony-update-app.txt", import.meta.url), "utf8");
  const line = text.split("\n").find((l) => l.startsWith('"-----BEGIN PUBLIC KEY-----'));
  assert.ok(line, "the API page has a PEM example");
  const pem = JSON.parse(line);
  assert.ok(pem.includes("\\n") && !pem.includes("\n"), "the page's example holds backslash-n, not line breaks");
  return pem;
}
const PAGE_PEM = pagePemExample();

// ---------------------------------------------------------------------------------------------
describe("happy path with a realistic ApplicationDetail", () => {
  test("the detail is valid with no warning", () => {
    assert.deepEqual(validateApplicationDetail(DETAIL), { valid: true, errors: [], warnings: [] });
  });

  test("sends POST to the exact path with the sessionToken header, JSON and the exact body", async () => {
    const prepared = client.prepareUpdateApp(APP_ID, DETAIL);
    await client.updateApp(APP_ID, DETAIL);
    const log = mock.requests();
    assert.equal(log.length, 1);
    const [entry] = log;
    assert.equal(entry.method, "POST");
    assert.equal(entry.path, APP_PATH);
    assert.deepEqual(entry.segments, ["pod", "v1", "admin", "app", APP_ID, "update"]);
    assert.equal(entry.headers["sessiontoken"], TOKEN);
    assert.equal(entry.headers["authorization"], undefined, "no Authorization header");
    assert.equal(entry.headers["content-type"], "application/json");
    assert.equal(entry.body, JSON.stringify(DETAIL), "sent body = JSON.stringify(detail), byte for byte");
    assert.equal(entry.body, prepared.body, "sent body = prepared body");
    assert.ok(entry.body.includes(API_KEY), "notification.apiKey is sent: the pod needs it");
    assert.ok(entry.body.includes(JSON.stringify(KEY_PREVIOUS)), "the PEM's CR LF line breaks are kept");
    assert.equal(Buffer.byteLength(entry.body), Number(entry.headers["content-length"]));
    assert.equal(entry.status, 200);
    assert.equal(prepared.url, mock.url + entry.path);
    assert.equal(prepared.method, "POST");
  });

  test("resolves to what the pod answered: mockRevision kept, apiKey absent, expirationDate a number", async () => {
    const result = await client.updateApp(APP_ID, DETAIL);
    assert.deepEqual(result, echoed(DETAIL));
    assert.equal(result.mockRevision, 1, "an unknown field is kept");
    assert.equal(result.notification.url, DETAIL.notification.url);
    assert.ok(!("apiKey" in result.notification), "the pod does not echo notification.apiKey");
    const date = result.authenticationKeys.previous.expirationDate;
    assert.equal(typeof date, "number", "an int64 reaches JavaScript as a number, not a BigInt");
    assert.equal(date, EXPIRATION);
    assert.equal(result.cert, CERT);
    assert.equal(result.authenticationKeys.previous.key, KEY_PREVIOUS);
    assert.deepEqual(result.permissions, DETAIL.permissions);
  });

  test("the detail it was given is not changed", async () => {
    const detail = clone();
    client.prepareUpdateApp(APP_ID, detail);
    await client.updateApp(APP_ID, detail);
    assert.deepEqual(detail, DETAIL);
  });

  test("the largest safe expirationDate arrives as the same number", async () => {
    const detail = clone();
    detail.authenticationKeys.previous.expirationDate = Number.MAX_SAFE_INTEGER;
    const result = await client.updateApp(APP_ID, detail);
    assert.equal(result.authenticationKeys.previous.expirationDate, Number.MAX_SAFE_INTEGER);
    assert.equal(mock.requests()[0].body, JSON.stringify(detail));
  });

  test("a pod URL with a trailing slash does not double it", async () => {
    const slash = new SymphonyClient({ podUrl: `${mock.url}/`, sessionToken: TOKEN });
    await slash.updateApp(APP_ID, DETAIL);
    assert.equal(mock.requests()[0].path, APP_PATH);
  });
});

describe("prepareUpdateApp", () => {
  test("masks the token, keeps the body exact (apiKey included, by design) and sends nothing", () => {
    const prepared = client.prepareUpdateApp(APP_ID, DETAIL);
    assert.deepEqual(Object.keys(prepared).sort(), ["body", "headers", "method", "url"]);
    assert.equal(prepared.method, "POST");
    assert.equal(prepared.url, `${mock.url}${APP_PATH}`);
    const headers = lowerHeaders(prepared.headers);
    assert.equal(headers["sessiontoken"], "***");
    assert.equal(headers["content-type"], "application/json");
    assert.equal(prepared.body, JSON.stringify(DETAIL));
    assert.ok(prepared.body.includes(API_KEY), "the body is the one that would be sent");
    assert.ok(!JSON.stringify(prepared).includes(TOKEN), "the token is nowhere in the prepared request");
    assert.deepEqual(mock.requests(), []);
  });

  test("a client with only a provider prepares without calling it, and masks the token", async () => {
    const ask = provider([TOKEN]);
    const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: ask });
    assert.equal(lowerHeaders(c.prepareUpdateApp(APP_ID, DETAIL).headers)["sessiontoken"], "***");
    assert.equal(ask.calls, 0, "a dry run asks for no token");
    await c.updateApp(APP_ID, DETAIL);
    const prepared = c.prepareUpdateApp(APP_ID, DETAIL);
    assert.equal(lowerHeaders(prepared.headers)["sessiontoken"], "***");
    assert.ok(!JSON.stringify(prepared).includes(TOKEN));
    assert.equal(ask.calls, 1);
  });
});

describe("path parameter id", () => {
  const HOSTILE_IDS = ["../x", "a/b?c#d", "%2e%2e", "ünïcødé 名前 🚀", "...", "a b+c&d=e;f", "\\..\\x", "?", "#", "update"];
  const NO_INFO = Object.freeze({ description: "hostile id" }); // the mock fills appId from the path

  for (const id of HOSTILE_IDS) {
    test(`id ${JSON.stringify(id)} arrives as one decoded segment`, async () => {
      const prepared = client.prepareUpdateApp(id, NO_INFO);
      const result = await client.updateApp(id, NO_INFO);
      const log = mock.requests();
      assert.equal(log.length, 1);
      const [entry] = log;
      assert.deepEqual(entry.segments, ["pod", "v1", "admin", "app", id, "update"]);
      assert.equal(entry.status, 200);
      assert.doesNotMatch(entry.path, /[?#]/, "no query or fragment reached the server");
      assert.equal(prepared.url, mock.url + entry.path);
      assert.equal(result.applicationInfo.appId, id);
    });
  }

  for (const [id, label] of REFUSED_IDS) {
    test(`id ${label} is refused with ValidationError and nothing is sent`, async () => {
      const promise = client.updateApp(id, DETAIL);
      assert.ok(promise instanceof Promise, "a bad id rejects, it does not throw");
      const e = await rejection(promise);
      assert.ok(e instanceof ValidationError, String(e));
      assert.equal(e.name, "ValidationError");
      assert.deepEqual(pairs(e.issues), [["", "path-parameter"]], "reported at the root, the body being valid");
      const sync = thrown(() => client.prepareUpdateApp(id, DETAIL));
      assert.ok(sync instanceof ValidationError);
      assert.deepEqual(sync.issues, e.issues);
      assert.deepEqual(mock.requests(), []);
    });
  }
});

// ---------------------------------------------------------------------------------------------
describe("ApplicationDetail rules (rules.md) before sending", () => {
  /** [label, change to a clone of DETAIL, expected [path, code] errors]. */
  const CASES = [
    // The page's own example: literal \n (only a warning) around a body cut short with "..." (no key).
    ["the page's own PEM example (literal \\n, body elided) as cert", (d) => { d.cert = PAGE_PEM; }, [["/cert", "pem-form"]]],
    ["the page's PEM example as the current key", (d) => { d.authenticationKeys.current.key = PAGE_PEM; },
      [["/authenticationKeys/current/key", "pem-form"]]],
    ["the page's PEM with real line breaks: its body is elided (…), not base64",
      (d) => { d.cert = PAGE_PEM.replaceAll("\\n", "\n"); }, [["/cert", "pem-form"]]],
    ["a cert that is not PEM", (d) => { d.cert = "MIICIjCCAYugAwIBAgIULEIeP5zzPcmM4JUhtI3b6YafS"; }, [["/cert", "pem-form"]]],
    ["a cert whose END label differs", (d) => { d.cert = CERT.replace("END CERTIFICATE", "END PUBLIC KEY"); }, [["/cert", "pem-form"]]],
    ["a key without its END line", (d) => { d.authenticationKeys.current.key = KEY_CURRENT.split("\n").slice(0, -1).join("\n"); },
      [["/authenticationKeys/current/key", "pem-form"]]],
    ["an http iconUrl", (d) => { d.iconUrl = "http://apps.acme.example/icon.png"; }, [["/iconUrl", "https-url"]]],
    ["an iconUrl that is not a URL", (d) => { d.iconUrl = "icon.png"; }, [["/iconUrl", "https-url"]]],
    ["an http appUrl", (d) => { d.applicationInfo.appUrl = "http://apps.acme.example/"; d.applicationInfo.domain = undefined; },
      [["/applicationInfo/appUrl", "https-url"]]],
    ["an http notification.url", (d) => { d.notification.url = "http://apps.acme.example/notify"; }, [["/notification/url", "https-url"]]],
    ["a domain that is not the app URL's", (d) => { d.applicationInfo.domain = "evil.example"; },
      [["/applicationInfo/domain", "domain-mismatch"]]],
    ["a domain that is only a suffix, not a parent (cme.example)", (d) => { d.applicationInfo.domain = "cme.example"; },
      [["/applicationInfo/domain", "domain-mismatch"]]],
    ["a domain that is a child of the app URL's host", (d) => { d.applicationInfo.domain = "x.apps.acme.example"; },
      [["/applicationInfo/domain", "domain-mismatch"]]],
    ["an empty appId", (d) => { d.applicationInfo.appId = ""; }, [["/applicationInfo/appId", "app-id-length"]]],
    ["a 257-character appId", (d) => { d.applicationInfo.appId = "a".repeat(257); }, [["/applicationInfo/appId", "app-id-length"]]],
    ["bad permissions (lower case, space, empty, 65 characters)",
      (d) => { d.permissions = ["send_messages", "SEND MESSAGES", "", "A".repeat(65), "A".repeat(64)]; },
      [["/permissions/0", "permission-form"], ["/permissions/1", "permission-form"], ["/permissions/2", "permission-form"],
        ["/permissions/3", "permission-form"]]],
    ["permissions as a string", (d) => { d.permissions = "SEND_MESSAGES"; }, [["/permissions", "type"]]],
    ["current action EXTEND (previous keys only)", (d) => { d.authenticationKeys.current.action = "EXTEND"; },
      [["/authenticationKeys/current/action", "key-action"]]],
    ["previous action SAVE (current keys only)", (d) => { d.authenticationKeys.previous.action = "SAVE"; },
      [["/authenticationKeys/previous/action", "key-action"]]],
    ["action in lower case", (d) => { d.authenticationKeys.current.action = "save"; },
      [["/authenticationKeys/current/action", "key-action"]]],
    ["expirationDate as a string", (d) => { d.authenticationKeys.previous.expirationDate = String(EXPIRATION); },
      [["/authenticationKeys/previous/expirationDate", "type"]]],
    ["a negative expirationDate", (d) => { d.authenticationKeys.previous.expirationDate = -EXPIRATION; },
      [["/authenticationKeys/previous/expirationDate", "expiration-date"]]],
    ["expirationDate 0", (d) => { d.authenticationKeys.previous.expirationDate = 0; },
      [["/authenticationKeys/previous/expirationDate", "expiration-date"]]],
    ["a fractional expirationDate", (d) => { d.authenticationKeys.previous.expirationDate = EXPIRATION + 0.5; },
      [["/authenticationKeys/previous/expirationDate", "type"]]],
    ["expirationDate 2^53 (past MAX_SAFE_INTEGER)", (d) => { d.authenticationKeys.previous.expirationDate = 2 ** 53; },
      [["/authenticationKeys/previous/expirationDate", "expiration-date"]]],
    ["expirationDate 2^64", (d) => { d.authenticationKeys.previous.expirationDate = 2 ** 64; },
      [["/authenticationKeys/previous/expirationDate", "expiration-date"]]],
    ["duplicate property keys", (d) => { d.properties.push({ key: "region", value: "apac" }); },
      [["/properties/3/key", "property-key-duplicate"]]],
    ["a null property value", (d) => { d.properties[1].value = null; }, [["/properties/1/value", "type"]]],
    ["a 4097-character property value", (d) => { d.properties[0].value = "v".repeat(4097); },
      [["/properties/0/value", "property-value-length"]]],
    ["an empty property key", (d) => { d.properties[0].key = ""; }, [["/properties/0/key", "property-key-length"]]],
    ["a 1025-character property key", (d) => { d.properties[0].key = "k".repeat(1025); }, [["/properties/0/key", "property-key-length"]]],
    ["a property without value", (d) => { delete d.properties[0].value; }, [["/properties/0", "required"]]],
    ["a property value that is a number", (d) => { d.properties[0].value = 5; }, [["/properties/0/value", "type"]]],
    ["iconUrl as a number", (d) => { d.iconUrl = 5; }, [["/iconUrl", "type"]]],
    ["notification as a string", (d) => { d.notification = "https://x.example"; }, [["/notification", "type"]]],
  ];

  for (const [label, change, expected] of CASES) {
    test(`${label}: ${expected.map(([p, c]) => `${p} ${c}`).join(", ")}`, async () => {
      const detail = clone();
      change(detail);
      const report = validateApplicationDetail(detail);
      assert.equal(report.valid, false);
      assert.deepEqual(pairs(report.errors), [...expected].sort());
      const e = await rejection(client.updateApp(APP_ID, detail));
      assert.ok(e instanceof ValidationError, String(e));
      assert.equal(e.name, "ValidationError");
      assert.deepEqual(e.issues, report.errors, "the call reports what validateApplicationDetail reports");
      for (const issue of e.issues) assert.ok(issue.message.length > 10, issue.message);
      const sync = thrown(() => client.prepareUpdateApp(APP_ID, detail));
      assert.ok(sync instanceof ValidationError);
      assert.deepEqual(sync.issues, report.errors);
      assert.deepEqual(mock.requests(), [], "nothing was sent");
    });
  }

  /** [label, change to a clone of DETAIL, expected [path, code] warnings]: valid, sent as given. */
  const WARNED = [
    ["a real key pasted with literal \\n as the previous key",
      (d) => { d.authenticationKeys.previous.key = JSON.stringify(KEY_CURRENT).slice(1, -1); },
      [["/authenticationKeys/previous/key", "pem-escaped-newlines"]]],
    ["the cert written with literal \\n, as the page writes it", (d) => { d.cert = CERT.trim().replaceAll("\n", "\\n"); },
      [["/cert", "pem-escaped-newlines"]]],
    ["no appId", (d) => { delete d.applicationInfo.appId; }, [["/applicationInfo", "info-incomplete"]]],
    ["no name", (d) => { d.applicationInfo.name = null; }, [["/applicationInfo", "info-incomplete"]]],
    ["a blank name", (d) => { d.applicationInfo.name = " \t "; }, [["/applicationInfo/name", "info-incomplete"]]],
    ["allowOrigins as a URL", (d) => { d.allowOrigins = "https://apps.acme.example"; }, [["/allowOrigins", "allow-origins-form"]]],
    ["allowOrigins with an empty item", (d) => { d.allowOrigins = "a.example,,b.example"; }, [["/allowOrigins", "allow-origins-form"]]],
    ["allowOrigins *", (d) => { d.allowOrigins = "*"; }, [["/allowOrigins", "allow-origins-form"]]],
  ];

  for (const [label, change, expected] of WARNED) {
    test(`${label}: only a warning ${expected.map(([p, c]) => `${p} ${c}`).join(", ")}, the call goes ahead`, async () => {
      const detail = clone();
      change(detail);
      const report = validateApplicationDetail(detail);
      assert.deepEqual([report.valid, report.errors], [true, []]);
      assert.deepEqual(pairs(report.warnings), [...expected].sort());
      for (const issue of report.warnings) assert.ok(issue.message.length > 10, issue.message);
      await client.updateApp(APP_ID, detail);
      const [entry] = mock.requests();
      assert.equal(entry.body, JSON.stringify(detail), "sent as given");
    });
  }

  test("a 4096-character value of multi-byte characters is allowed (characters, not bytes)", async () => {
    const detail = clone();
    detail.properties[0].value = "é".repeat(4096);
    assert.deepEqual(validateApplicationDetail(detail).errors, []);
    await client.updateApp(APP_ID, detail);
    assert.equal(mock.requests()[0].body, JSON.stringify(detail));
  });

  test("every problem at once is listed in one ValidationError", async () => {
    const detail = clone();
    for (const [, change] of CASES.filter(([l]) => /^(an http iconUrl|previous action SAVE|a null property value|permissions as a string|expirationDate as a string)/.test(l))) change(detail);
    const e = await rejection(client.updateApp(APP_ID, detail));
    assert.ok(e instanceof ValidationError);
    assert.deepEqual(pairs(e.issues), [
      ["/authenticationKeys/previous/action", "key-action"],
      ["/authenticationKeys/previous/expirationDate", "type"],
      ["/iconUrl", "https-url"],
      ["/permissions", "type"],
      ["/properties/1/value", "type"],
    ]);
    assert.match(e.message, /5 problems/);
    assert.deepEqual(mock.requests(), []);
  });

  for (const [value, label] of [[null, "null"], [[DETAIL], "an array"], ["{}", "a string"], [undefined, "undefined"], [7, "a number"]]) {
    test(`a detail that is ${label} rejects with a root type issue`, async () => {
      assert.deepEqual(pairs(validateApplicationDetail(value).errors), [["", "type"]]);
      const e = await rejection(client.updateApp(APP_ID, value));
      assert.ok(e instanceof ValidationError);
      assert.deepEqual(pairs(e.issues), [["", "type"]]);
      assert.deepEqual(mock.requests(), []);
    });
  }

  test("an expirationDate given as a BigInt is refused, never sent, never a crash", async () => {
    const detail = clone();
    detail.authenticationKeys.previous.expirationDate = BigInt(EXPIRATION);
    let report;
    try {
      report = validateApplicationDetail(detail);
    } catch (err) {
      assert.ok(err instanceof ValidationError, `validate threw ${err}`);
    }
    if (report) assert.equal(report.valid, false);
    const e = await rejection(client.updateApp(APP_ID, detail));
    assert.ok(e instanceof ValidationError, String(e));
    assert.deepEqual(mock.requests(), []);
  });

  test("warnings (expiration on current, secret-like key, duplicate permission, unknown fields) do not block", async () => {
    const detail = clone();
    detail.authenticationKeys.current.expirationDate = EXPIRATION;
    detail.properties.push({ key: "clientSecret", value: "not really" });
    detail.permissions.push("SEND_MESSAGES");
    detail.iconURL = "https://typo.example/icon.png";
    detail.applicationInfo.version = "2.1";
    const report = validateApplicationDetail(detail);
    assert.equal(report.valid, true);
    assert.deepEqual(report.errors, []);
    assert.deepEqual(pairs(report.warnings), [
      ["/applicationInfo/version", "unknown-field"],
      ["/authenticationKeys/current/expirationDate", "expiration-on-current"],
      ["/iconURL", "unknown-field"],
      ["/permissions/5", "duplicate"],
      ["/properties/3/key", "property-secret-like"],
    ]);
    const result = await client.updateApp(APP_ID, detail);
    const [entry] = mock.requests();
    assert.equal(entry.body, JSON.stringify(detail), "sent as given, unknown fields included");
    assert.equal(result.iconURL, detail.iconURL);
    assert.equal(result.applicationInfo.version, "2.1");
    assert.equal(result.authenticationKeys.current.expirationDate, EXPIRATION);
  });

  for (const word of ["password", "SECRET", "Token", "apiKey"]) {
    test(`a property key holding "${word}" is a secret-like warning`, () => {
      const detail = clone();
      detail.properties[0].key = `my_${word}_x`;
      const report = validateApplicationDetail(detail);
      assert.equal(report.valid, true);
      assert.deepEqual(pairs(report.warnings), [["/properties/0/key", "property-secret-like"]]);
    });
  }
});

// ---------------------------------------------------------------------------------------------
describe("errors and retries", () => {
  test("403 without the role: ApiError naming the roles and the pod's own message", async () => {
    const e = await rejection(newClient({ sessionToken: NO_ROLE }).updateApp(APP_ID, DETAIL));
    assertCallError(e, ApiError, 1);
    assert.equal(e.status, 403);
    assert.ok(e.messages.includes("Caller lacks necessary entitlement."), JSON.stringify(e.messages));
    assert.ok(e.messages.some((m) => m.includes(ROLES)), JSON.stringify(e.messages));
    assert.ok(e.message.includes(ROLES), e.message);
    assert.deepEqual(e.body, { code: 403, message: "Caller lacks necessary entitlement." });
    assert.equal(posts().length, 1, "a 403 is not retried");
  });

  test("a 403 from a fault with another message still names the roles", async () => {
    mock.addFaults([{ status: 403, body: '{"code":403,"message":"Forbidden by policy"}', match: FAULT_MATCH }]);
    const e = await rejection(client.updateApp(APP_ID, DETAIL));
    assertCallError(e, ApiError, 1);
    assert.equal(e.messages[0], "Forbidden by policy");
    assert.ok(e.messages.some((m) => m.includes(ROLES)));
  });

  test("400 with Symphony's {code, message}: messages = [message], not retried", async () => {
    const body = { code: 400, message: "Application expense-bot does not exist" };
    mock.addFaults([{ status: 400, body: JSON.stringify(body), match: FAULT_MATCH }]);
    const e = await rejection(client.updateApp(APP_ID, DETAIL));
    assertCallError(e, ApiError, 1);
    assert.equal(e.status, 400);
    assert.deepEqual(e.messages, [body.message]);
    assert.deepEqual(e.body, body);
    assert.equal(e.message, `${OP} failed with HTTP 400: ${body.message} (1 attempt)`);
    await sleep(50);
    assert.equal(posts().length, 1);
  });

  test("a 200 whose body is not JSON is an ApiError", async () => {
    mock.addFaults([{ status: 200, body: "<html>", contentType: "text/html", match: FAULT_MATCH }]);
    const e = await rejection(client.updateApp(APP_ID, DETAIL));
    assertCallError(e, ApiError, 1);
    assert.equal(e.status, 200);
    assert.equal(e.body, "<html>");
  });

  test("503 then success: 2 POSTs with the same token and body, after a backoff", async () => {
    mock.addFaults([{ status: 503, match: FAULT_MATCH }]);
    const result = await client.updateApp(APP_ID, DETAIL);
    assert.equal(result.mockRevision, 1);
    const log = posts();
    assert.deepEqual(log.map((l) => l.status), [503, 200]);
    assert.equal(log[0].body, JSON.stringify(DETAIL));
    assert.equal(log[1].body, log[0].body);
    assert.deepEqual(log.map((l) => l.headers.sessiontoken), [TOKEN, TOKEN]);
    const gap = log[1].at - log[0].at;
    assert.ok(gap >= 240, `backed off only ${gap} ms`);
  });

  test("500 with {code, message} is retried as well", async () => {
    mock.addFaults([{ status: 500, body: '{"code":500,"message":"Internal"}', match: FAULT_MATCH }]);
    await client.updateApp(APP_ID, DETAIL);
    assert.deepEqual(posts().map((l) => l.status), [500, 200]);
  });

  test("429 with Retry-After: 1 waits at least a second", async () => {
    mock.addFaults([{ status: 429, retryAfter: "1", match: FAULT_MATCH }]);
    const result = await client.updateApp(APP_ID, DETAIL);
    assert.equal(result.mockRevision, 1);
    const log = posts();
    assert.deepEqual(log.map((l) => l.status), [429, 200]);
    const gap = log[1].at - log[0].at;
    assert.ok(gap >= 950, `waited only ${gap} ms of a 1 s Retry-After`);
    assert.equal(log[1].body, log[0].body);
  });

  test("maxRetries exhausted (per-call maxRetries 1): ApiError 503 after 2 attempts", async () => {
    mock.addFaults([{ status: 503, times: 5, match: FAULT_MATCH }]);
    const e = await rejection(client.updateApp(APP_ID, DETAIL, { maxRetries: 1 }));
    assertCallError(e, ApiError, 2);
    assert.equal(e.status, 503);
    assert.equal(posts().length, 2);
  });

  test("maxRetries 0 on the client: one attempt", async () => {
    mock.addFaults([{ status: 502, times: 2, match: FAULT_MATCH }]);
    const e = await rejection(newClient({ maxRetries: 0 }).updateApp(APP_ID, DETAIL));
    assertCallError(e, ApiError, 1);
    assert.equal(e.status, 502);
  });

  test("a hung request: TimeoutError after timeoutMs", async () => {
    mock.addFaults([{ hang: true, match: FAULT_MATCH }]);
    const started = Date.now();
    const e = await rejection(client.updateApp(APP_ID, DETAIL, { timeoutMs: 200, maxRetries: 0 }));
    const elapsed = Date.now() - started;
    assertCallError(e, TimeoutError, 1);
    assert.ok(elapsed >= 190 && elapsed < 1500, `gave up after ${elapsed} ms`);
  });

  test("a client timeoutMs with a retry: TimeoutError after 2 attempts", async () => {
    mock.addFaults([{ hang: true, times: 2, match: FAULT_MATCH }]);
    const e = await rejection(newClient({ timeoutMs: 150, maxRetries: 1 }).updateApp(APP_ID, DETAIL));
    assertCallError(e, TimeoutError, 2);
    assert.equal(posts().length, 2);
  });

  test("abort while the request is in flight: AbortError", async () => {
    mock.addFaults([{ hang: true, match: FAULT_MATCH }]);
    const controller = new AbortController();
    const promise = client.updateApp(APP_ID, DETAIL, { signal: controller.signal });
    await waitFor(() => mock.requests().length === 1, "the request to arrive");
    controller.abort();
    const e = await rejection(promise);
    assertCallError(e, AbortError, 1);
  });

  test("an already-aborted signal: AbortError, nothing sent", async () => {
    const e = await rejection(client.updateApp(APP_ID, DETAIL, { signal: AbortSignal.abort() }));
    assertCallError(e, AbortError, 0);
    await sleep(30);
    assert.deepEqual(mock.requests(), []);
  });

  test("connection refused: NetworkError", async () => {
    const c = new SymphonyClient({ podUrl: `http://127.0.0.1:${await closedPort()}`, sessionToken: TOKEN, maxRetries: 0 });
    const e = await rejection(c.updateApp(APP_ID, DETAIL));
    assertCallError(e, NetworkError, 1);
  });

  test("bad call options reject with ValidationError, nothing sent", async () => {
    for (const [options, path] of [[{ timeoutMs: 0 }, "/timeoutMs"], [{ maxRetries: -1 }, "/maxRetries"], [{ signal: "x" }, "/signal"]]) {
      const e = await rejection(client.updateApp(APP_ID, DETAIL, options));
      assert.ok(e instanceof ValidationError, String(e));
      assert.ok(e.issues.some((i) => i.path === path), JSON.stringify(e.issues));
    }
    assert.deepEqual(mock.requests(), []);
  });
});

describe("constructor options", () => {
  const BAD_OPTIONS = [
    [{ sessionToken: TOKEN }, "", "required", "missing podUrl"],
    [{ podUrl: "http://acme.symphony.com", sessionToken: TOKEN }, "/podUrl", "base-url", "http:// non-loopback"],
    [{ podUrl: "http://10.0.0.1", sessionToken: TOKEN }, "/podUrl", "base-url", "http:// private address"],
    [{ podUrl: "http://localhost.evil.example", sessionToken: TOKEN }, "/podUrl", "base-url", "http:// localhost look-alike"],
    [{ podUrl: "https://acme.symphony.com?tenant=1", sessionToken: TOKEN }, "/podUrl", "base-url", "podUrl with a query"],
    [{ podUrl: "https://acme.symphony.com/#x", sessionToken: TOKEN }, "/podUrl", "base-url", "podUrl with a fragment"],
    [{ podUrl: "https://user:pw@acme.symphony.com", sessionToken: TOKEN }, "/podUrl", "base-url", "podUrl with credentials"],
    [{ podUrl: "acme.symphony.com", sessionToken: TOKEN }, "/podUrl", "base-url", "podUrl without a scheme"],
    [{ podUrl: "https://acme.symphony.com" }, "", "required", "neither sessionToken nor sessionTokenProvider"],
    [{ podUrl: "https://acme.symphony.com", sessionTokenProvider: TOKEN }, "/sessionTokenProvider", "option", "provider a string"],
    [{ podUrl: "https://acme.symphony.com", sessionTokenProvider: { token: TOKEN } }, "/sessionTokenProvider", "option", "provider an object"],
    [{ podUrl: "https://acme.symphony.com", sessionToken: "" }, "/sessionToken", "credential", "empty sessionToken"],
    [{ podUrl: "https://acme.symphony.com", sessionToken: "   " }, "/sessionToken", "credential", "blank sessionToken"],
    [{ podUrl: "https://acme.symphony.com", sessionToken: "a b" }, "/sessionToken", "credential", "sessionToken with a space"],
    [{ podUrl: "https://acme.symphony.com", sessionToken: 42 }, "/sessionToken", null, "sessionToken a number"],
    [{ podUrl: "https://acme.symphony.com", sessionToken: TOKEN, timeoutMs: 0 }, "/timeoutMs", "option", "timeoutMs 0"],
    [{ podUrl: "https://acme.symphony.com", sessionToken: TOKEN, maxRetries: -1 }, "/maxRetries", "option", "maxRetries -1"],
    [{ podUrl: "https://acme.symphony.com", sessionToken: TOKEN, maxRetries: 1.5 }, "/maxRetries", "option", "maxRetries 1.5"],
  ];
  for (const [options, path, code, label] of BAD_OPTIONS) {
    test(`${label} throws ValidationError at ${path || "(root)"}`, () => {
      const e = thrown(() => new SymphonyClient(options));
      assert.ok(e instanceof ValidationError, String(e));
      assert.ok(e instanceof Error);
      assert.equal(e.name, "ValidationError");
      assert.ok(e.issues.some((i) => i.path === path && (code === null || i.code === code)), JSON.stringify(e.issues));
    });
  }

  for (const [options, label] of [[undefined, "no options"], [null, "null"], ["https://acme.symphony.com", "a bare string"]]) {
    test(`${label} throws ValidationError`, () => {
      assert.ok(thrown(() => new SymphonyClient(options)) instanceof ValidationError);
    });
  }

  for (const [podUrl, expected] of [
    ["https://acme.symphony.com", "https://acme.symphony.com"],
    ["https://acme.symphony.com/", "https://acme.symphony.com"],
    ["http://127.0.0.1:8787", "http://127.0.0.1:8787"],
    ["http://localhost:8787", "http://localhost:8787"],
  ]) {
    test(`accepts podUrl ${podUrl}`, () => {
      const c = new SymphonyClient({ podUrl, sessionToken: TOKEN });
      assert.equal(c.prepareUpdateApp("a", DETAIL).url, `${expected}/pod/v1/admin/app/a/update`);
    });
  }

  test("accepts a provider alone, and maxRetries 0", () => {
    assert.ok(new SymphonyClient({ podUrl: "https://acme.symphony.com", sessionTokenProvider: () => TOKEN, maxRetries: 0 }) instanceof SymphonyClient);
  });
});
