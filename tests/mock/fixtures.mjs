// Shared by the mock's own test files (tests/mock*.test.mjs): one mock per file, the request
// shapes the real endpoints take, and the control API. Not a test file itself.

import { after, before, beforeEach } from "node:test";
import { fileURLToPath } from "node:url";
import { startMock } from "./server.mjs";

export const SERVER_SCRIPT = fileURLToPath(new URL("./server.mjs", import.meta.url));
export const API_KEY = "test-api-key";
export const SESSION = "test-session-token";
export const JSON_HEADERS = { "content-type": "application/json" };
export const MERAKI = { authorization: `Bearer ${API_KEY}`, ...JSON_HEADERS };
export const APP = {
  name: "Jira",
  destinations: [
    { destinationAddr: ["172.6.0.0/32"], protocolPorts: [{ protocol: "TCP", ports: "80-82" }], accessType: "network" },
  ],
};

/** The mock of the calling test file (a live binding, set by `useMock`). */
export let mock;

/** One mock for the calling test file, reset before each test. */
export function useMock() {
  before(async () => {
    mock = await startMock();
  });
  after(() => mock.close());
  beforeEach(() => mock.reset());
}

export const appUrl = (org, id) =>
  `${mock.url}/api/v1/organizations/${encodeURIComponent(org)}/secureConnect/privateApplications/${encodeURIComponent(id)}`;
export const sitesUrl = (org) => `${mock.url}/api/v1/organizations/${encodeURIComponent(org)}/secureConnect/sites`;
export const symphonyUrl = (id) => `${mock.url}/pod/v1/admin/app/${encodeURIComponent(id)}/update`;

export function putApp({ org = "5001", id = "183456", body = JSON.stringify(APP), headers = MERAKI, signal } = {}) {
  return fetch(appUrl(org, id), { method: "PUT", headers, body, signal });
}

export function detach({ org = "5001", body, headers = MERAKI } = {}) {
  return fetch(sitesUrl(org), { method: "DELETE", headers, body });
}

export function updateApp({ id = "my-app", body = "{}", headers = { sessionToken: SESSION, ...JSON_HEADERS } } = {}) {
  return fetch(symphonyUrl(id), { method: "POST", headers, body });
}

export async function control(pathname, body) {
  const init = body === undefined ? {} : { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(body) };
  const res = await fetch(`${mock.url}/__mock/${pathname}`, init);
  return { status: res.status, body: await res.json(), headers: res.headers };
}

export async function statusAndJson(res) {
  return { status: res.status, body: await res.json() };
}

export async function waitFor(check, what, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
