// The demo as a portal in Firefox ESR (puppeteer-core over WebDriver BiDi): the page's keyless
// clients update a private application, detach sites and update a Symphony app through the demo
// server's relays; the mock sees the key, the session token and the exact bodies; and nothing the
// page holds (DOM, storage, cookies, controls, reachable globals) nor any request or response the
// browser exchanged (headers and bodies) contains the key or the token. The same search finds a key the
// page was handed, so it can fail.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { closeDemo, openDemo } from "./firefox.mjs";
import { SECRETS, findSecrets, pageHoldings } from "./secrets.mjs";
import { STATUS_PATH, assertRelayedUpstream } from "./relayed.mjs";
import { DEMO_API_KEY, DEMO_SESSION_TOKEN } from "../../scripts/demo-server.mjs";

let mock, browser, page;
const pageErrors = [];
const traffic = []; // promises of {kind, method, url, status?, headers, body}

/** Records every request and response, headers and bodies (BiDi's network.getData), as promises. */
function recordTraffic(page, into) {
  page.on("request", (r) => {
    const body = r.hasPostData() ? r.fetchPostData().catch((e) => `(unread: ${e})`) : Promise.resolve("");
    into.push(body.then((body) => ({ kind: "request", method: r.method(), url: r.url(), headers: r.headers(), body: body ?? "" })));
  });
  page.on("response", (r) => {
    const body = r.content().then((b) => Buffer.from(b).toString("latin1"), (e) => `(unread: ${e})`);
    into.push(body.then((body) => ({ kind: "response", method: r.request().method(), url: r.url(), status: r.status(), headers: r.headers(), body })));
  });
}

const trafficPlaces = (list) => Object.fromEntries(list.flatMap((t, i) => {
  const name = `${t.kind} ${i} ${t.method} ${new URL(t.url).pathname}`;
  return [[`${name} headers`, JSON.stringify(t.headers)], [`${name} body`, t.body]];
}));

before(async () => {
  ({ mock, browser, page } = await openDemo({
    readyId: "symphony-prepared", method: "POST", pageErrors, beforeLoad: (p) => recordTraffic(p, traffic),
  }));
});

after(() => closeDemo({ browser, mock }));

async function send(id) {
  await page.click(`#${id}-send`);
  await page.waitForFunction((id) => /\b(ok|failed)\b/.test(document.getElementById(`${id}-result`).className), { timeout: 10_000 }, id);
  return page.$eval(`#${id}-result`, (e) => ({ className: e.className, text: e.textContent }));
}

test("the keyless page updates an app, detaches sites and updates a Symphony app through the relays", async () => {
  assert.equal(await page.$eval("#backend-relay", (e) => e.checked), true);
  assert.equal(await page.$eval("#baseUrl", (e) => e.value), "/api/meraki");
  const editors = {};
  for (const id of ["update", "detach", "symphony"]) editors[id] = await page.$eval(`#${id}`, (e) => e.value);
  for (const [id, type] of [["update", "PrivateApplication"], ["detach", "DetachSitesResult"], ["symphony", "ApplicationDetail"]]) {
    const { className, text } = await send(id);
    assert.equal(className, "result ok", text);
    assert.ok(text.startsWith(`${type}\n`), text);
  }
  assertRelayedUpstream(mock, editors);

  // The browser called only the relays, with the page's CSRF token and no credential.
  const relayed = (await Promise.all(traffic)).filter((t) => t.kind === "request" && /^\/(api|pod)\//.test(new URL(t.url).pathname));
  const calls = relayed.filter((t) => !STATUS_PATH.test(new URL(t.url).pathname));
  assert.deepEqual(calls.map((t) => `${t.method} ${new URL(t.url).pathname}`), [
    "PUT /api/meraki/organizations/123456/secureConnect/privateApplications/183456",
    "DELETE /api/meraki/organizations/123456/secureConnect/sites",
    "POST /api/symphony/pod/v1/admin/app/my-app/update",
  ]);
  const csrf = await page.evaluate(() => document.cookie.match(/(?:^|; )demo_csrf=([^;]*)/)?.[1]);
  for (const t of relayed) {
    assert.equal(t.headers["x-csrf-token"], csrf);
    assert.equal(t.headers.authorization, undefined);
  }
  assert.deepEqual(calls.map((t) => t.body), [editors.update, editors.detach, editors.symphony].map((e) => JSON.stringify(JSON.parse(e))));
  assert.deepEqual(pageErrors, []);
});

test("nothing the page holds or exchanged (headers and bodies) contains the key or the session token", async () => {
  const holdings = await page.evaluate(pageHoldings);
  assert.ok(Number(holdings.globalCount) > 10, "the globals were read");
  assert.match(holdings.dom, /mockRevision/, "the DOM holds the results");
  const seen = await Promise.all(traffic);
  const answer = seen.find((t) => t.kind === "response" && new URL(t.url).pathname.startsWith("/api/symphony/"));
  assert.match(answer.body, /mockRevision/, "the relay's answers were read");
  assert.match(seen.find((t) => t.kind === "response" && new URL(t.url).pathname === "/").body, /<title>app-admin-wasm demo<\/title>/, "the page was read");
  const unread = seen.filter((t) => t.body.startsWith("(unread"));
  assert.ok(unread.length < seen.length / 2, `most bodies unread:\n${unread.map((t) => `${t.kind} ${t.url} ${t.body}`).join("\n")}`);
  assert.deepEqual(findSecrets({ ...holdings, ...trafficPlaces(seen) }), []);
});

test("the same search finds a key the page was handed: in the DOM, a global, storage, and a request sent directly", async () => {
  await page.evaluate((key, token) => {
    document.body.dataset.apiKey = key;
    window.portalConfig = { sessionToken: token };
    localStorage.setItem("k", key);
  }, DEMO_API_KEY, DEMO_SESSION_TOKEN);
  await page.click("#settings summary");
  await page.click("#backend-direct");
  await page.type("#apiKey", DEMO_API_KEY);
  const seen = traffic.length;
  const { className } = await send("update");
  assert.equal(className, "result ok");
  const found = findSecrets({ ...(await page.evaluate(pageHoldings)), ...trafficPlaces(await Promise.all(traffic.slice(seen))) });
  for (const place of ["dom", "globals", "localStorage", "controls"]) {
    assert.ok(found.some((f) => f.startsWith(`${place} holds`)), `${place} not flagged:\n${found.join("\n")}`);
  }
  assert.ok(found.some((f) => /^request \d+ PUT \/api\/v1\/\S+ headers holds test-api-key$/.test(f)), found.join("\n"));
  assert.ok(SECRETS.every((s) => found.some((f) => f.endsWith(s))));
  await page.evaluate(() => localStorage.clear());
});
