// Fixtures shared by symphony.test.mjs and symphony-token.test.mjs (not a test file itself): the
// tokens, a realistic ApplicationDetail, the mock and a client (useMock), and the checks both use.

import { after, before, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { SymphonyClient } from "../../pkg/node/index.mjs";
import { startMock } from "../mock/server.mjs";
import { assertCallError as sharedAssertCallError, sleep } from "./helpers.mjs";

export const OP = "updateApp";
// Distinctive secrets: nothing else in the requests of the Symphony tests says TOKLEAK or APILEAK,
// so even a partial leak shows.
export const TOKEN = "sess-TOKLEAK-4711"; // the token the mock accepts by default here
export const STALE = "stale-TOKLEAK-0001"; // a token the mock refuses (401)
export const FRESH = "fresh-TOKLEAK-0002"; // what a provider answers after a 401
export const API_KEY = "notif-APILEAK-0815"; // notification.apiKey: write-only, never echoed
export const NEEDLES = [TOKEN, STALE, FRESH, API_KEY, "TOKLEAK", "APILEAK"];
export const NO_ROLE = "no-role-token"; // the mock's valid session without the admin role
export const ROLES = "Super Administrator, Super Compliance Officer or User Provisioning";
export const APP_ID = "expense-bot";
export const APP_PATH = `/pod/v1/admin/app/${APP_ID}/update`;
export const FAULT_MATCH = { pathIncludes: "/pod/v1/admin/app/" };

// A real self-signed X.509 certificate and two real RSA public keys (openssl), on real line breaks.
export const CERT = `-----BEGIN CERTIFICATE-----
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
export const KEY_CURRENT = `-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCoWwQkLt+NL00OoDeP9eGzNKXy
fT9lsgcNHEYBTzrF46SJYFv3DgFf09EjkohmeAYCVqYneyx9gKPBxO0q8Sj+UXLs
RSsUtPqXBgfK9dyuOTPwNdkpbt4v958quRygFHog/hxzdWwMT+tJI1fPhGTHJqY5
oDzwudmN9RKd0huUMwIDAQAB
-----END PUBLIC KEY-----`;
export const KEY_PREVIOUS = `-----BEGIN PUBLIC KEY-----\r
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDY7z15Ca83TTRL42HInhxyP8LS\r
brpbJz002b8HN0/5gCMZjAfQjlGPcAlFz1JVjjzjADYksSmT6vSuNmxYgSmxLvdQ\r
f6HSg78u91+fJH/uKYpXFFa8gPjgGW6aAD/uQgPrzfF51N50Xy2s21w6oQJ15QHp\r
AZVSO6vnTXKlufKA6QIDAQAB\r
-----END PUBLIC KEY-----\r
`;
export const EXPIRATION = 1700815176000; // the page's example value

/** A realistic update: every field of ApplicationDetail, valid, with no warning. */
export const DETAIL = Object.freeze({
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

export let mock;
export let client;

/** Starts the mock (accepting TOKEN) and `client` for the calling test file; resets the mock before each test. */
export function useMock() {
  before(async () => {
    mock = await startMock({ port: 0, sessionTokens: [TOKEN] });
    client = newClient();
  });
  after(() => mock?.close());
  beforeEach(() => mock.reset());
}

export function newClient(options = {}) {
  return new SymphonyClient({ podUrl: mock.url, sessionToken: TOKEN, ...options });
}

/** A sessionTokenProvider that answers `answers` in turn (the last one again and again) and counts. */
export function provider(answers, { async = false, delayMs = 0 } = {}) {
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

export const clone = () => structuredClone(DETAIL);
export const posts = () => mock.requests().filter((e) => e.method === "POST");
export const pairs = (issues) => issues.map((i) => [i.path, i.code]).sort();

/** Headers of a prepared request with lower-cased names (the contract gives no casing). */
export function lowerHeaders(headers) {
  assert.equal(typeof headers, "object");
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** The answer the mock gives for `detail`: the same object without notification.apiKey, plus mockRevision. */
export function echoed(detail, revision = 1) {
  const { apiKey: _writeOnly, ...notification } = detail.notification;
  return { ...structuredClone(detail), notification, mockRevision: revision };
}

/** The checks every call error shares, for updateApp. */
export const assertCallError = (e, Class, attempts) => sharedAssertCallError(e, Class, attempts, OP);
