// SymphonyClient.updateApp / prepareUpdateApp / validateApplicationDetail against the mock: what
// is sent (byte for byte, header sessionToken), what comes back, every ApplicationDetail rule, the
// session-token provider and its refresh after a 401, 403 and other errors, retries, constructor
// options, and the session token / notification.apiKey kept out of every error.
// Run: node --test tests/node/symphony.test.mjs

import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import util from "node:util";
import { readFileSync } from "node:fs";
import {
  AbortError, ApiError, NetworkError, SymphonyClient, TimeoutError, ValidationError,
  validateApplicationDetail,
} from "../../pkg/node/index.mjs";
import { startMock } from "../mock/server.mjs";
import { closedPort, rejection, sleep, thrown, waitFor, views } from "./helpers.mjs";

const OP = "updateApp";
// Distinctive secrets: nothing else in this file's requests says TOKLEAK or APILEAK, so even a
// partial leak shows.
const TOKEN = "sess-TOKLEAK-4711"; // the token the mock accepts by default here
const STALE = "stale-TOKLEAK-0001"; // a token the mock refuses (401)
const FRESH = "fresh-TOKLEAK-0002"; // what a provider answers after a 401
const API_KEY = "notif-APILEAK-0815"; // notification.apiKey: write-only, never echoed
const NEEDLES = [TOKEN, STALE, FRESH, API_KEY, "TOKLEAK", "APILEAK"];
const NO_ROLE = "no-role-token"; // the mock's valid session without the admin role
const ROLES = "Super Administrator, Super Compliance Officer or User Provisioning";
const APP_ID = "expense-bot";
const APP_PATH = `/pod/v1/admin/app/${APP_ID}/update`;
const FAULT_MATCH = { pathIncludes: "/pod/v1/admin/app/" };

// A real self-signed X.509 certificate and two real RSA public keys (openssl), on real line breaks.
const CERT = `-----BEGIN CERTIFICATE-----
MIICIjCCAYugAwIBAgIULEIeP5zzPcmM4JUhtI3b6YafS/MwDQYJKoZIhvcNAQEL
BQAwIzEhMB8GA1UEAwwYZXhwZW5zZS1ib3QuYWNtZS5leGFtcGxlMB4XDTI2MTEy
MzExNTMzMloXDTM2MTEyMDExNTMzMlowIzEhMB8GA1UEAwwYZXhwZW5zZS1ib3Qu
YWNtZS5leGFtcGxlMIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDBgAKt0HlD
KfR/Sub6iowopk+1Rc5ljG/FfIwCBmpOcafSCV+FuH7ZakwzOHkKhJF5W6Q5c9No
e8rRa4vMu52DfU/2IS3YkYgtg+QUfIKWf+m3TmuSfG43ChakwicaW4OdielGOB9f
najmKGN+LvsQPS0cQNylpGLpyeZKj42eyQIDAQABo1MwUTAdBgNVHQ4EFgQUPxcZ
LUxETY9qXH00dasKcHFSwaowHwYDVR0jBBgwFoAUPxcZLUxETY9qXH00dasKcHFS
waowDwYDVR0TAQH/BAUwAwEB/zANBgkqhkiG9w0BAQsFAAOBgQBtLYRrZm6vrZYj
fF2j9bk0lWJ8XyoEnqNMs0nfVuAC46atMIhFlIO4rkXZ77zS3K64P6aUSvks1Hqx
4qU/h2YibB5k75VW5m4hCzNv/G38i/UZ5RiPJ7MyZiB3RTHTb/qaLnr6QeEdLKZv
Ikpw1jPlx2uos7+Kx8Rw3FTlQ6mgkA==
-----END CERTIFICATE-----
`;
const KEY_CURRENT = `-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCoWwQkLt+NL00OoDeP9eGzNKXy
fT9lsgcNHEYBTzrF46SJYFv3DgFf09EjkohmeAYCVqYneyx9gKPBxO0q8Sj+UXLs
RSsUtPqXBgfK9dyuOTPwNdkpbt4v958quRygFHog/hxzdWwMT+tJI1fPhGTHJqY5
oDzwudmN9RKd0huUMwIDAQAB
-----END PUBLIC KEY-----`;
const KEY_PREVIOUS = `-----BEGIN PUBLIC KEY-----\r
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDY7z15Ca83TTRL42HInhxyP8LS\r
brpbJz002b8HN0/5gCMZjAfQjlGPcAlFz1JVjjzjADYksSmT6vSuNmxYgSmxLvdQ\r
f6HSg78u91+fJH/uKYpXFFa8gPjgGW6aAD/uQgPrzfF51N50Xy2s21w6oQJ15QHp\r
AZVSO6vnTXKlufKA6QIDAQAB\r
-----END PUBLIC KEY-----\r
`;
const EXPIRATION = 1700815176000; // the page's example value

/** A realistic update: every field of ApplicationDetail, valid, with no warning. */
const DETAIL = Object.freeze({
  applicationInfo: {
    appId: APP_ID,
    name: "Expense Bot",
    appUrl: "https://apps.acme.example/expense-bot/index.html?v=3",
    domain: "acme.example",
    publisher: "Acme Corp — Finance Tools",
  },
  iconUrl: "https://apps.acme.example/expense-bot/icon-64.png",
  description: "Files expense reports from a chat: \"/expense 12.50 lunch\" ✓",
  allowOrigins: "apps.acme.example, acme.example",
  permissions: ["SEND_MESSAGES", "GET_BASIC_USER_INFO", "ACT_AS_USER", "TRUST_APP", "ACME_EXPENSE_APPROVER_2"],
  cert: CERT,
  authenticationKeys: {
    current: { key: KEY_CURRENT, action: "SAVE" },
    previous: { key: KEY_PREVIOUS, expirationDate: EXPIRATION, action: "REVOKE" },
  },
  notification: { url: "https://apps.acme.example/expense-bot/notify", apiKey: API_KEY },
  properties: [
    { key: "region", value: "emea" },
    { key: "theme", value: "" },
    { key: "welcome", value: "Bonjour 👋 — «ça va?» <b>&amp;</b>" },
  ],
});

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

let mock;
let client;
before(async () => {
  mock = await startMock({ port: 0, sessionTokens: [TOKEN] });
  client = newClient();
});
after(() => mock?.close());
beforeEach(() => mock.reset());

function newClient(options = {}) {
  return new SymphonyClient({ podUrl: mock.url, sessionToken: TOKEN, ...options });
}

/** A sessionTokenProvider that answers `answers` in turn (the last one again and again) and counts. */
function provider(answers, { async = false, delayMs = 0 } = {}) {
  const fn = async
    ? async () => {
      const answer = answers[Math.min(fn.calls++, answers.length - 1)];
      await sleep(delayMs);
      if (answer instanceof Error) throw answer;
      return answer;
    }
    : () => {
      const answer = answers[Math.min(fn.calls++, answers.length - 1)];
      if (answer instanceof Error) throw answer;
      return answer;
    };
  fn.calls = 0;
  return fn;
}

const clone = () => structuredClone(DETAIL);
const posts = () => mock.requests().filter((e) => e.method === "POST");
const tokensSent = () => posts().map((e) => e.headers.sessiontoken);
const pairs = (issues) => issues.map((i) => [i.path, i.code]).sort();

/** Headers of a prepared request with lower-cased names (the contract gives no casing). */
function lowerHeaders(headers) {
  assert.equal(typeof headers, "object");
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** The answer the mock gives for `detail`: the same object without notification.apiKey, plus mockRevision. */
function echoed(detail, revision = 1) {
  const { apiKey: _writeOnly, ...notification } = detail.notification;
  return { ...structuredClone(detail), notification, mockRevision: revision };
}

const CLASSES = { ValidationError, ApiError, NetworkError, TimeoutError, AbortError };

/** The checks every call error shares. */
function assertCallError(e, Class, attempts) {
  assert.ok(e instanceof Error, `an Error: ${e}`);
  assert.ok(e instanceof Class, `${e?.name}: ${e?.message} is not a ${Class.name}`);
  for (const [name, Other] of Object.entries(CLASSES)) {
    if (Other !== Class) assert.ok(!(e instanceof Other), `not also a ${name}`);
  }
  assert.equal(e.name, Class.name);
  assert.equal(e.operation, OP);
  assert.equal(e.attempts, attempts, `attempts of ${e.message}`);
  assert.ok(e.message.startsWith(OP), e.message);
}

/** A ValidationError about the token provider: code "credential" at /sessionTokenProvider. */
function assertCredentialError(e) {
  assert.ok(e instanceof ValidationError, `${e?.name}: ${e?.message}`);
  assert.equal(e.name, "ValidationError");
  for (const Other of [ApiError, NetworkError, TimeoutError, AbortError]) assert.ok(!(e instanceof Other));
  assert.deepEqual(pairs(e.issues), [["/sessionTokenProvider", "credential"]]);
  assert.ok(e.issues[0].message.length > 10, e.issues[0].message);
}

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

  const REFUSED = [
    [".", "a dot"],
    ["..", "two dots"],
    ["", "empty"],
    ["a\r\nb", "CR LF"],
    ["a\nb", "LF"],
    ["a\rb", "CR"],
    [42, "a number"],
    [null, "null"],
    [undefined, "undefined"],
    [{ toString: () => "x" }, "an object"],
  ];
  for (const [id, label] of REFUSED) {
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
    ["the page's own PEM example (literal \\n) as cert", (d) => { d.cert = PAGE_PEM; }, [["/cert", "pem-escaped-newlines"]]],
    ["the page's PEM example as the current key", (d) => { d.authenticationKeys.current.key = PAGE_PEM; },
      [["/authenticationKeys/current/key", "pem-escaped-newlines"]]],
    ["a real key pasted with literal \\n as the previous key",
      (d) => { d.authenticationKeys.previous.key = JSON.stringify(KEY_CURRENT).slice(1, -1); },
      [["/authenticationKeys/previous/key", "pem-escaped-newlines"]]],
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
    ["no appId", (d) => { delete d.applicationInfo.appId; }, [["/applicationInfo", "required"]]],
    ["no name", (d) => { d.applicationInfo.name = null; }, [["/applicationInfo", "required"]]],
    ["an empty appId", (d) => { d.applicationInfo.appId = ""; }, [["/applicationInfo/appId", "app-id-length"]]],
    ["a 257-character appId", (d) => { d.applicationInfo.appId = "a".repeat(257); }, [["/applicationInfo/appId", "app-id-length"]]],
    ["a blank name", (d) => { d.applicationInfo.name = " \t "; }, [["/applicationInfo/name", "blank"]]],
    ["allowOrigins as a URL", (d) => { d.allowOrigins = "https://apps.acme.example"; }, [["/allowOrigins", "allow-origins-form"]]],
    ["allowOrigins with an empty item", (d) => { d.allowOrigins = "a.example,,b.example"; }, [["/allowOrigins", "allow-origins-form"]]],
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
describe("sessionTokenProvider and the 401 refresh", () => {
  test("called once, before the first call, not at construction; its answer is cached", async () => {
    const ask = provider([TOKEN, "never-asked"]);
    const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: ask });
    assert.equal(ask.calls, 0, "not called by the constructor");
    await c.updateApp(APP_ID, DETAIL);
    assert.equal(ask.calls, 1);
    await c.updateApp(APP_ID, DETAIL);
    await c.updateApp("other", DETAIL);
    assert.equal(ask.calls, 1, "the answer is reused");
    assert.deepEqual(tokensSent(), [TOKEN, TOKEN, TOKEN]);
  });

  for (const [kind, options] of [["sync", {}], ["async", { async: true, delayMs: 20 }]]) {
    test(`a ${kind} provider's token is sent in the sessionToken header`, async () => {
      const ask = provider([TOKEN], options);
      const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: ask });
      const result = await c.updateApp(APP_ID, DETAIL);
      assert.equal(result.mockRevision, 1);
      assert.deepEqual(tokensSent(), [TOKEN]);
      assert.equal(ask.calls, 1);
    });

    test(`${kind}: a 401 asks the provider again and retries once with the fresh token`, async (t) => {
      mock.reset({ sessionTokens: [FRESH] });
      const ask = provider([STALE, FRESH], options);
      const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: ask, maxRetries: 0 });
      const started = Date.now();
      const result = await c.updateApp(APP_ID, DETAIL);
      const elapsed = Date.now() - started;
      assert.deepEqual(result, echoed(DETAIL, 1), "the answer of the retry");
      assert.equal(ask.calls, 2);
      const log = posts();
      assert.deepEqual(log.map((e) => [e.headers.sessiontoken, e.status]), [[STALE, 401], [FRESH, 200]]);
      assert.equal(log[0].body, JSON.stringify(DETAIL));
      assert.equal(log[1].body, log[0].body, "the retry sends the same body");
      assert.equal(log[1].path, APP_PATH);
      // maxRetries 0 and yet a retry: the refresh is not counted against maxRetries. And it needs
      // no backoff (the token changed), so it does not wait the 250+ ms a backoff would.
      const gap = log[1].at - log[0].at;
      t.diagnostic(`401 → retry with the fresh token after ${gap} ms (call took ${elapsed} ms)`);
      assert.ok(gap < 250 + (options.delayMs ?? 0), `the retry came ${gap} ms after the 401`);
      assert.ok(elapsed < 1000, `took ${elapsed} ms`);
      // The fresh token is kept for the next call.
      await c.updateApp(APP_ID, DETAIL);
      assert.equal(ask.calls, 2);
      assert.deepEqual(tokensSent(), [STALE, FRESH, FRESH]);
    });
  }

  test("a second 401 is an ApiError with status 401 and attempts 2: the provider is asked exactly twice", async () => {
    const ask = provider([STALE, "also-refused-TOKLEAK-3", "never-asked-TOKLEAK-4"]);
    const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: ask });
    const e = await rejection(c.updateApp(APP_ID, DETAIL));
    assertCallError(e, ApiError, 2);
    assert.equal(e.status, 401);
    assert.deepEqual(e.messages, ["Invalid session"]);
    assert.deepEqual(e.body, { code: 401, message: "Invalid session" });
    assert.match(e.message, /\(2 attempts\)$/);
    await sleep(100);
    assert.equal(ask.calls, 2, "no refresh loop");
    assert.deepEqual(tokensSent(), [STALE, "also-refused-TOKLEAK-3"]);
  });

  test("without a provider a 401 is final: ApiError after 1 attempt", async () => {
    const c = newClient({ sessionToken: STALE });
    const e = await rejection(c.updateApp(APP_ID, DETAIL));
    assertCallError(e, ApiError, 1);
    assert.equal(e.status, 401);
    assert.deepEqual(e.messages, ["Invalid session"]);
    assert.equal(e.message, `${OP} failed with HTTP 401: Invalid session (1 attempt)`);
    await sleep(50);
    assert.equal(posts().length, 1);
  });

  test("a sessionToken with a provider: the token is used first, the provider only after a 401", async () => {
    mock.reset({ sessionTokens: [FRESH] });
    const ask = provider([FRESH]);
    const c = new SymphonyClient({ podUrl: mock.url, sessionToken: STALE, sessionTokenProvider: ask });
    await c.updateApp(APP_ID, DETAIL);
    assert.equal(ask.calls, 1);
    assert.deepEqual(tokensSent(), [STALE, FRESH]);
  });

  test("a later call that meets a 401 refreshes again", async () => {
    const T1 = "t1-TOKLEAK";
    const T2 = "t2-TOKLEAK";
    mock.reset({ sessionTokens: [T1] });
    const ask = provider([STALE, T1, T2]);
    const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: ask });
    await c.updateApp(APP_ID, DETAIL);
    assert.deepEqual(tokensSent(), [STALE, T1]);
    await c.updateApp(APP_ID, DETAIL);
    assert.deepEqual(tokensSent(), [STALE, T1, T1]);
    assert.equal(ask.calls, 2);
    mock.reset({ sessionTokens: [T2] }); // the session T1 expires
    const result = await c.updateApp(APP_ID, DETAIL);
    assert.equal(result.mockRevision, 1);
    assert.deepEqual(tokensSent(), [T1, T2]);
    assert.equal(ask.calls, 3);
  });

  test("the refresh retry is not counted in maxRetries, and the attempts of both rounds add up", async () => {
    // 401 (fault) → refresh → 503 → retry (maxRetries 1) → 503 → ApiError 503 after 3 attempts.
    mock.addFaults([
      { status: 401, body: '{"code":401,"message":"Invalid session"}', match: FAULT_MATCH },
      { status: 503, times: 2, match: FAULT_MATCH },
    ]);
    const ask = provider([TOKEN, TOKEN]);
    const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: ask, maxRetries: 1 });
    const e = await rejection(c.updateApp(APP_ID, DETAIL));
    assertCallError(e, ApiError, 3);
    assert.equal(e.status, 503);
    assert.deepEqual(posts().map((l) => l.status), [401, 503, 503]);
    assert.equal(ask.calls, 2);
  });

  test("10 concurrent first calls ask the provider once", async () => {
    const ask = provider([TOKEN, "second-answer-TOKLEAK"], { async: true, delayMs: 30 });
    const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: ask });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => c.updateApp(`app-${i}`, DETAIL)));
    assert.equal(results.length, 10);
    assert.equal(ask.calls, 1);
    assert.deepEqual(tokensSent(), Array(10).fill(TOKEN));
  });

  test("10 concurrent first calls ask a sync provider once too", async () => {
    const ask = provider([TOKEN, "second-answer-TOKLEAK"]);
    const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: ask });
    await Promise.all(Array.from({ length: 10 }, (_, i) => c.updateApp(`app-${i}`, DETAIL)));
    assert.equal(ask.calls, 1);
    assert.deepEqual(tokensSent(), Array(10).fill(TOKEN));
  });

  test("5 concurrent calls meeting a 401 with the same stale token share the refresh", async (t) => {
    mock.reset({ sessionTokens: [FRESH] });
    const ask = provider([STALE, FRESH, "third-TOKLEAK", "fourth-TOKLEAK"], { async: true, delayMs: 30 });
    const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: ask });
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => c.updateApp(`app-${i}`, DETAIL)));
    assert.equal(results.length, 5);
    t.diagnostic(`provider calls for 5 concurrent calls that all met a 401: ${ask.calls}`);
    // Ideally 2: one before the first calls, one refresh shared by all five 401s.
    assert.ok(ask.calls <= 2, `the provider was asked ${ask.calls} times`);
    assert.equal(ask.calls, 2);
    const sent = tokensSent();
    assert.deepEqual(sent.filter((t) => t === STALE).length, 5);
    assert.deepEqual(sent.filter((t) => t === FRESH).length, 5);
    assert.equal(sent.length, 10);
  });

  test("5 concurrent calls with a stale sessionToken option: one refresh for all", async () => {
    mock.reset({ sessionTokens: [FRESH] });
    const ask = provider([FRESH, "second-TOKLEAK"], { async: true, delayMs: 30 });
    const c = new SymphonyClient({ podUrl: mock.url, sessionToken: STALE, sessionTokenProvider: ask });
    await Promise.all(Array.from({ length: 5 }, (_, i) => c.updateApp(`app-${i}`, DETAIL)));
    assert.equal(ask.calls, 1);
    assert.equal(tokensSent().length, 10);
  });

  const BAD_PROVIDERS = [
    ["throws an Error", () => { throw new Error("vault unreachable"); }],
    ["throws a string", () => { throw "nope"; }],
    ["rejects", async () => { throw new Error("vault unreachable"); }],
    ["returns 42", () => 42],
    ["resolves to 42", async () => 42],
    ["returns undefined", () => undefined],
    ["resolves to null", async () => null],
    ['returns ""', () => ""],
    ["returns blanks", () => "   "],
    ['returns "a b"', () => "a b"],
    ["returns a token with a line break", () => "tok\r\nX-Injected: 1"],
  ];
  for (const [label, fn] of BAD_PROVIDERS) {
    test(`a provider that ${label}: ValidationError credential at /sessionTokenProvider, nothing sent`, async () => {
      let calls = 0;
      const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: () => { calls++; return fn(); } });
      const e = await rejection(c.updateApp(APP_ID, DETAIL));
      assertCredentialError(e);
      assert.equal(calls, 1);
      await sleep(20);
      assert.deepEqual(mock.requests(), []);
    });
  }

  test("a failed provider is asked again on the next call (a failure is not cached)", async () => {
    const ask = provider([new Error("not yet"), TOKEN]);
    const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: ask });
    assertCredentialError(await rejection(c.updateApp(APP_ID, DETAIL)));
    const result = await c.updateApp(APP_ID, DETAIL);
    assert.equal(result.mockRevision, 1);
    assert.equal(ask.calls, 2);
    assert.deepEqual(tokensSent(), [TOKEN]);
  });

  test("a provider failing at the refresh: ValidationError credential, no second request", async () => {
    const ask = provider([STALE, new Error("vault unreachable")]);
    const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: ask });
    assertCredentialError(await rejection(c.updateApp(APP_ID, DETAIL)));
    assert.equal(ask.calls, 2);
    assert.deepEqual(tokensSent(), [STALE]);
  });

  // The wait for the provider honours the signal (and timeoutMs): this once hung until the
  // provider answered.
  test("a provider that never answers is bounded by timeoutMs", async () => {
    const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: () => new Promise(() => {}), timeoutMs: 200 });
    const started = Date.now();
    const e = await rejection(c.updateApp(APP_ID, DETAIL));
    assertCallError(e, TimeoutError, 0);
    assert.ok(Date.now() - started < 1000, "the wait for the provider was not bounded");
    assert.deepEqual(mock.requests(), [], "nothing sent");
  });

  test("the caller's signal aborts a call that waits for a slow provider", async () => {
    const ask = provider([TOKEN], { async: true, delayMs: 800 });
    const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: ask });
    const controller = new AbortController();
    const started = Date.now();
    const promise = c.updateApp(APP_ID, DETAIL, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const e = await rejection(promise);
    const elapsed = Date.now() - started;
    assertCallError(e, AbortError, 0);
    assert.ok(elapsed < 600, `rejected after ${elapsed} ms, not when the signal fired`);
    await sleep(Math.max(0, 800 - elapsed + 50));
    assert.deepEqual(mock.requests(), [], "nothing sent after the abort");
  });

  test("a 403 is not a reason to refresh", async () => {
    const ask = provider([NO_ROLE, TOKEN]);
    const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: ask });
    const e = await rejection(c.updateApp(APP_ID, DETAIL));
    assertCallError(e, ApiError, 1);
    assert.equal(e.status, 403);
    assert.equal(ask.calls, 1);
    assert.equal(posts().length, 1);
  });
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

// ---------------------------------------------------------------------------------------------
function assertNoSecret(value, label) {
  for (const [view, text] of Object.entries(views(value))) {
    for (const needle of NEEDLES) {
      assert.ok(!text.includes(needle), `${label}: ${view} contains "${needle}": ${text.slice(0, 300)}`);
    }
  }
}

describe("secrets: the session token and notification.apiKey never appear in an error", () => {
  const echo = (status, text) => ({ status, body: JSON.stringify({ code: status, message: text }), match: FAULT_MATCH });

  const FAILING_CALLS = [
    {
      label: "ApiError 500 echoing the token (sessionToken option) and the apiKey",
      Class: ApiError,
      faults: [{ status: 500, body: `{"code":500,"message":"bad ${TOKEN} ${API_KEY}"}`, match: FAULT_MATCH }],
      check: (e) => {
        assert.equal(e.status, 500);
        assert.equal(e.messages.length, 1);
        assert.ok(e.messages[0].startsWith("bad "), e.messages[0]);
        assert.equal(e.messages[0], "bad *** ***", "the echo is scrubbed to ***");
      },
    },
    {
      label: "ApiError 500 echoing a token that came from the provider",
      Class: ApiError,
      client: () => new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: () => TOKEN, maxRetries: 0 }),
      faults: [echo(500, `bad ${TOKEN} ${API_KEY}`)],
      check: (e) => assert.equal(e.messages[0], "bad *** ***"),
    },
    {
      label: "ApiError 500 echoing them in nested fields, arrays and object keys",
      Class: ApiError,
      faults: [{
        status: 500,
        body: JSON.stringify({
          code: 500, message: `session ${TOKEN}`,
          detail: { header: `sessionToken: ${TOKEN}`, list: [API_KEY, { deeper: `x${API_KEY}x` }] },
          [TOKEN]: API_KEY,
        }),
        match: FAULT_MATCH,
      }],
      check: (e) => assert.equal(e.body.code, 500),
    },
    {
      label: "ApiError 502 whose text body echoes them",
      Class: ApiError,
      faults: [{ status: 502, body: `<html>${TOKEN} / ${API_KEY}</html>`, contentType: "text/html", match: FAULT_MATCH }],
      check: (e) => assert.ok(e.body.startsWith("<html>"), e.body),
    },
    {
      label: "ApiError 200 with a non-JSON body echoing them",
      Class: ApiError,
      faults: [{ status: 200, body: `ok ${TOKEN} ${API_KEY}`, contentType: "text/plain", match: FAULT_MATCH }],
      check: (e) => assert.equal(e.status, 200),
    },
    {
      label: "ApiError 503 after a retry, echoing them each time",
      Class: ApiError,
      faults: [{ ...echo(503, `down ${TOKEN} ${API_KEY}`), times: 2 }],
      options: { maxRetries: 1 },
      check: (e) => assert.equal(e.attempts, 2),
    },
    {
      label: "ApiError 401 without a provider (a token the pod refuses)",
      Class: ApiError,
      client: () => newClient({ sessionToken: STALE, maxRetries: 0 }),
      check: (e) => assert.equal(e.status, 401),
    },
    {
      label: "ApiError 401 after the refresh, the pod echoing the fresh token",
      Class: ApiError,
      client: () => new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: provider([STALE, FRESH]), maxRetries: 0 }),
      faults: [echo(401, `expired ${STALE}`), echo(401, `expired ${FRESH} ${API_KEY}`)],
      check: (e) => assert.equal(e.attempts, 2),
    },
    {
      label: "ApiError 403 echoing them",
      Class: ApiError,
      faults: [echo(403, `no role for ${TOKEN}`)],
      check: (e) => assert.ok(e.messages.some((m) => m.includes(ROLES))),
    },
    { label: "TimeoutError", Class: TimeoutError, faults: [{ hang: true, match: FAULT_MATCH }], options: { timeoutMs: 150 } },
    { label: "NetworkError from a reset", Class: NetworkError, faults: [{ reset: true, match: FAULT_MATCH }] },
    { label: "AbortError from an aborted signal", Class: AbortError, options: { signal: AbortSignal.abort() } },
    {
      label: "ValidationError: the apiKey pasted into iconUrl, appUrl, allowOrigins, a permission and a property key",
      Class: ValidationError,
      body: () => {
        const d = clone();
        d.iconUrl = API_KEY;
        d.applicationInfo.appUrl = `http://${API_KEY}.example/`;
        d.allowOrigins = `${API_KEY}!`;
        d.permissions = [API_KEY];
        d.properties.push({ key: API_KEY, value: "x" }, { key: API_KEY, value: "y" });
        d.cert = API_KEY;
        return d;
      },
      check: (e) => assert.deepEqual(pairs(e.issues), [
        ["/allowOrigins", "allow-origins-form"],
        ["/applicationInfo/appUrl", "https-url"],
        ["/cert", "pem-form"],
        ["/iconUrl", "https-url"],
        ["/permissions/0", "permission-form"],
        ["/properties/4/key", "property-key-duplicate"],
      ]),
    },
    {
      label: "ValidationError: the token pasted into the body (iconUrl, a property key)",
      Class: ValidationError,
      body: () => {
        const d = clone();
        d.iconUrl = `http://x.example/?t=${TOKEN}`;
        d.properties.push({ key: TOKEN, value: "" }, { key: TOKEN, value: "" });
        return d;
      },
      check: (e) => assert.deepEqual(pairs(e.issues), [["/iconUrl", "https-url"], ["/properties/4/key", "property-key-duplicate"]]),
    },
    {
      label: "ValidationError: a provider answering a token with a space",
      Class: ValidationError,
      client: () => new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: () => `${TOKEN} x` }),
      check: assertCredentialError,
    },
    {
      label: "ValidationError: a provider throwing an Error that quotes the token it was given before",
      // The provider's message is scrubbed of the token it was asked to replace.
      Class: ValidationError,
      client: () => new SymphonyClient({
        podUrl: mock.url,
        sessionTokenProvider: provider([STALE, new Error(`cannot renew session ${STALE}`)]),
      }),
      check: assertCredentialError,
    },
  ];

  for (const c of FAILING_CALLS) {
    test(c.label, c.todo ? { todo: c.todo } : {}, async () => {
      if (c.faults) mock.addFaults(c.faults);
      const symphony = c.client ? c.client() : newClient({ maxRetries: 0 });
      const e = await rejection(symphony.updateApp(APP_ID, c.body ? c.body() : DETAIL, c.options));
      assert.ok(e instanceof c.Class, `${e?.name}: ${e?.message}`);
      c.check?.(e);
      assertNoSecret(e, c.label);
      // Where a request went out, the secrets really were in it: the check above is not vacuous.
      for (const entry of posts()) {
        assert.ok(NEEDLES.some((n) => entry.headers.sessiontoken.includes(n)));
        assert.ok(entry.body.includes(API_KEY));
      }
    });
  }

  test("the echoing faults really echo (so the checks above can fail)", async () => {
    mock.addFaults([{ status: 500, body: `{"code":500,"message":"bad ${TOKEN} ${API_KEY}"}`, match: FAULT_MATCH }]);
    const res = await fetch(`${mock.url}${APP_PATH}`, {
      method: "POST",
      headers: { sessionToken: TOKEN, "content-type": "application/json" },
      body: JSON.stringify(DETAIL),
    });
    const text = await res.text();
    assert.ok(text.includes(TOKEN) && text.includes(API_KEY), text);
  });

  test("validateApplicationDetail never quotes the apiKey, wherever it was pasted", () => {
    const d = clone();
    d.iconUrl = API_KEY;
    d.notification.url = `${API_KEY}`;
    d.permissions = [API_KEY, `${API_KEY}_X`];
    d.properties.push({ key: API_KEY, value: API_KEY });
    d.description = 5; // a type error next to it
    const report = validateApplicationDetail(d);
    assert.equal(report.valid, false);
    assert.ok(report.errors.length >= 4, JSON.stringify(report.errors));
    for (const needle of [API_KEY, "APILEAK"]) {
      assert.ok(!JSON.stringify(report).includes(needle), `report contains ${needle}: ${JSON.stringify(report)}`);
    }
  });

  test("prepareUpdateApp masks the token from the option and from the provider", async () => {
    const prepared = [newClient().prepareUpdateApp(APP_ID, DETAIL)];
    const fromProvider = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: () => TOKEN });
    await fromProvider.updateApp(APP_ID, DETAIL);
    prepared.push(fromProvider.prepareUpdateApp(APP_ID, DETAIL));
    for (const p of prepared) {
      assert.equal(lowerHeaders(p.headers)["sessiontoken"], "***");
      const { body, ...rest } = p;
      assert.ok(body.includes(API_KEY), "the body is exact, by design");
      for (const needle of [TOKEN, "TOKLEAK"]) assert.ok(!JSON.stringify(p).includes(needle), JSON.stringify(p));
      assertNoSecret(rest, "the prepared request without its body");
    }
  });

  test("a prepareUpdateApp that fails validation throws without either secret", () => {
    const d = clone();
    d.iconUrl = `http://${API_KEY}/`;
    for (const [id, body] of [["..", DETAIL], [APP_ID, d], ["a\nb", d]]) {
      const e = thrown(() => newClient().prepareUpdateApp(id, body));
      assert.ok(e instanceof ValidationError);
      assertNoSecret(e, `prepare ${JSON.stringify(id)}`);
    }
  });

  test("the client itself does not show the token when inspected or serialized", async () => {
    const c = new SymphonyClient({ podUrl: mock.url, sessionToken: TOKEN, sessionTokenProvider: () => FRESH });
    await c.updateApp(APP_ID, DETAIL);
    for (const text of [util.inspect(c, { depth: 10, showHidden: true }), String(JSON.stringify(c)), String(c)]) {
      for (const needle of NEEDLES) assert.ok(!text.includes(needle), text);
    }
  });

  const BAD_CONSTRUCTORS = [
    [{ podUrl: "http://example.com", sessionToken: TOKEN }, "/podUrl"],
    [{ podUrl: `https://example.com/?token=${TOKEN}`, sessionToken: TOKEN }, "/podUrl"],
    [{ podUrl: `https://u:${TOKEN}@example.com`, sessionToken: TOKEN }, "/podUrl"],
    [{ podUrl: `http://example.com/${TOKEN}`, sessionToken: TOKEN }, "/podUrl"],
    [{ podUrl: TOKEN, sessionToken: TOKEN }, "/podUrl"],
    [{ podUrl: "https://example.com", sessionToken: `${TOKEN} x` }, "/sessionToken"],
    [{ podUrl: "https://example.com", sessionToken: `${TOKEN}\n` }, "/sessionToken"],
    [{ podUrl: "https://example.com", sessionToken: [TOKEN] }, "/sessionToken"],
    [{ podUrl: "https://example.com", sessionToken: TOKEN, timeoutMs: TOKEN }, "/timeoutMs"],
    [{ podUrl: "https://example.com", sessionToken: TOKEN, maxRetries: TOKEN }, "/maxRetries"],
    [{ podUrl: "https://example.com", sessionTokenProvider: TOKEN }, "/sessionTokenProvider"],
  ];
  for (const [options, path] of BAD_CONSTRUCTORS) {
    test(`constructor ${path} problem: the ValidationError never contains the token`, () => {
      const e = thrown(() => new SymphonyClient(options));
      assert.ok(e instanceof ValidationError, String(e));
      assert.ok(e.issues.some((i) => i.path === path), JSON.stringify(e.issues));
      assertNoSecret(e, JSON.stringify(options));
    });
  }
});
