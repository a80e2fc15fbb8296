// A portal's page in headless Chromium: served by the mock (same origin as its API, standing in
// for the portal's relay), it uses `new MerakiClient({ baseUrl: "/api/v1" })` with no key — the
// relative base resolved against the page — and the mock logs the call with no credential
// header, the page's extra header, and the page's cookie (credentials "same-origin"). A relay's
// 400 with issues is a ValidationError on the page.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startMock } from "../mock/server.mjs";
import { launch } from "./chromium.mjs";

const ROOT = resolve(import.meta.dirname, "../..");
const APP = { name: "Jira", destinations: [{ destinationAddr: ["10.0.0.1"], protocolPorts: [{ protocol: "TCP", ports: "443" }], accessType: "network" }] };
const ISSUES = [{ path: "/name", code: "name-characters", message: "Use letters, digits, spaces and hyphens." }];

let site, mock, browser, page;
const pageErrors = [];

before(async () => {
  site = mkdtempSync(join(tmpdir(), "portal-page-"));
  writeFileSync(join(site, "index.html"), "<!doctype html><title>Portal</title><link rel=\"icon\" href=\"data:,\"><p>portal</p>\n");
  mock = await startMock({ static: { "/portal/": site, "/pkg/": resolve(ROOT, "pkg") } });
  browser = await launch();
  page = await browser.newPage();
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  await page.goto(`${mock.url}/portal/`);
});

after(async () => {
  await browser?.close();
  await mock?.close();
  if (site) rmSync(site, { recursive: true, force: true });
});

/** Runs one call on the page with a keyless client made with `options`; returns how it ended. */
/** The API requests the mock logged (not a favicon a busy browser asks for late). */
const apiRequests = () => mock.requests().filter((r) => r.path.startsWith("/api/"));

const callOnPage = (options) =>
  page.evaluate(async ([options, app]) => {
    const { init, MerakiClient, ValidationError, ApiError } = await import("/pkg/web/index.js");
    await init(); // for prepare*(); the calls would load the module by themselves
    document.cookie = "portal-session=s-42; path=/";
    const client = new MerakiClient(options);
    const prepared = client.prepareUpdatePrivateApplication("123456", "183456", app);
    try {
      const value = await client.updatePrivateApplication("123456", "183456", app);
      return { value, prepared };
    } catch (e) {
      return { prepared, error: { name: e.name, validation: e instanceof ValidationError, api: e instanceof ApiError, status: e.status, issues: e.issues } };
    }
  }, [options, APP]);

test("a keyless client with a relative baseUrl calls the page's origin: no credential, the extra header, the cookie", async () => {
  mock.reset();
  const got = await callOnPage({ baseUrl: "/api/v1", headers: { "X-CSRF-Token": "csrf-page-1" } });
  assert.equal(got.prepared.url, `${mock.url}/api/v1/organizations/123456/secureConnect/privateApplications/183456`);
  assert.equal(got.prepared.headers["X-CSRF-Token"], "***");
  // The mock wants a key, so it answers 401: the page sent none.
  assert.deepEqual(got.error, { name: "ApiError", validation: false, api: true, status: 401, issues: undefined });
  const log = apiRequests();
  assert.equal(log.length, 1, JSON.stringify(log.map((r) => [r.method, r.path, r.status])));
  const { headers } = log[0];
  assert.equal(log[0].method, "PUT");
  for (const name of ["authorization", "x-cisco-meraki-api-key", "sessiontoken"]) assert.ok(!(name in headers), name);
  assert.equal(headers["x-csrf-token"], "csrf-page-1");
  assert.equal(headers.cookie, "portal-session=s-42");
  assert.equal(mock.stats().preflights, 0, "same origin: no CORS preflight");
  assert.deepEqual(pageErrors, []);
});

test("credentials \"omit\" keeps the page's cookie at home", async () => {
  mock.reset();
  await callOnPage({ baseUrl: "/api/v1", credentials: "omit" });
  const [entry, ...more] = apiRequests();
  assert.deepEqual(more, []);
  assert.equal(entry.headers.cookie, undefined);
});

test("a relay's 400 with issues is a ValidationError on the page", async () => {
  mock.reset();
  mock.addFaults([{ status: 400, body: { errors: ["/name: Use letters, digits, spaces and hyphens."], issues: ISSUES } }]);
  const got = await callOnPage({ baseUrl: "/api/v1" });
  assert.deepEqual(got.error, { name: "ValidationError", validation: true, api: false, status: undefined, issues: ISSUES });
});
