// The demo as a portal, in headless Chromium: the page's clients hold no key and call the demo
// server's relays on their own origin; the relays add the mock's key and session token. The three
// operations go through, the mock sees the real credentials and the exact bodies, and nothing the
// page holds (DOM, storage, cookies, controls, reachable globals) or exchanged (every request and
// response the browser made, headers and bodies) contains the key or the token. The same search
// finds the key when a server templates it into the page, so it can fail.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { closeDemo, launch, openDemo } from "./chromium.mjs";
import { SECRETS, findSecrets, pageHoldings } from "./secrets.mjs";
import { STATUS_PATH, assertRelayedUpstream } from "./relayed.mjs";
import { DEMO_API_KEY, DEMO_SESSION_TOKEN } from "../../scripts/demo-server.mjs";

let mock, browser, page;
const pageErrors = [];
const traffic = []; // promises of {kind, method, url, status?, headers, body}

/** Records every request and response `page` makes, with headers (cookies included) and bodies. */
function recordTraffic(page, into) {
  page.on("request", (r) => {
    into.push(r.allHeaders().then((headers) => ({ kind: "request", method: r.method(), url: r.url(), headers, body: r.postData() ?? "" })));
  });
  page.on("response", (r) => {
    into.push(Promise.all([r.allHeaders(), r.body().catch(() => Buffer.alloc(0))]).then(([headers, body]) => ({
      kind: "response", method: r.request().method(), url: r.url(), status: r.status(), headers, body: body.toString("latin1"),
    })));
  });
}

/** `{place: text}` for every exchange, e.g. `response 2 PUT /api/meraki/… headers`. */
async function trafficPlaces(list) {
  const places = {};
  (await Promise.all(list)).forEach((t, i) => {
    const name = `${t.kind} ${i} ${t.method} ${new URL(t.url).pathname}`;
    places[`${name} headers`] = JSON.stringify(t.headers);
    places[`${name} body`] = t.body;
  });
  return places;
}

before(async () => {
  ({ mock, browser, page } = await openDemo({
    readyId: "symphony-prepared", method: "POST", pageErrors, beforeLoad: (p) => recordTraffic(p, traffic),
  }));
});

after(() => closeDemo({ browser, mock }));

const send = async (id) => {
  await page.click(`#${id}-send`);
  await page.waitForFunction((id) => /\b(ok|failed)\b/.test(document.getElementById(`${id}-result`).className), id, { timeout: 10_000 });
  return page.$eval(`#${id}-result`, (e) => ({ className: e.className, text: e.textContent }));
};
const csrfCookie = async () => (await page.context().cookies()).find((c) => c.name === "demo_csrf").value;

test("by default the page is keyless: relative relay URLs, the CSRF header, no key or token field in use", async () => {
  assert.equal(await page.isChecked("#backend-relay"), true);
  assert.equal(await page.inputValue("#baseUrl"), "/api/meraki");
  assert.equal(await page.inputValue("#podUrl"), "/api/symphony");
  for (const id of ["#apiKey", "#sessionToken"]) {
    assert.equal(await page.inputValue(id), "");
    assert.equal(await page.isDisabled(id), true);
  }
  const prepared = {
    update: await page.textContent("#update-prepared"),
    detach: await page.textContent("#detach-prepared"),
    symphony: await page.textContent("#symphony-prepared"),
  };
  assert.match(prepared.update, /^PUT http:\/\/127\.0\.0\.1:\d+\/api\/meraki\/organizations\/123456\/secureConnect\/privateApplications\/183456\n(.+\n)*X-CSRF-Token: \*\*\*\n\n/);
  assert.match(prepared.detach, /^DELETE http:\/\/127\.0\.0\.1:\d+\/api\/meraki\/organizations\/123456\/secureConnect\/sites\n(.+\n)*X-CSRF-Token: \*\*\*\n\n/);
  assert.match(prepared.symphony, /^POST http:\/\/127\.0\.0\.1:\d+\/api\/symphony\/pod\/v1\/admin\/app\/my-app\/update\n(.+\n)*X-CSRF-Token: \*\*\*\n\n/);
  for (const text of Object.values(prepared)) assert.doesNotMatch(text, /authorization|api-key:|sessionToken:/i);
  // The session cookie is HttpOnly: the page can read its CSRF token, not its session.
  const cookie = await page.evaluate(() => document.cookie);
  assert.match(cookie, /demo_csrf=/);
  assert.doesNotMatch(cookie, /demo_session=/);
});

test("the three operations go through the relays: the mock sees the key, the token and the exact bodies", async () => {
  const editors = {};
  for (const id of ["update", "detach", "symphony"]) editors[id] = await page.inputValue(`#${id}`);
  for (const id of ["update", "detach", "symphony"]) {
    const { className, text } = await send(id);
    assert.equal(className, "result ok", text);
  }
  assert.match(await page.textContent("#update-result"), /^PrivateApplication\n/);
  assert.match(await page.textContent("#detach-result"), /^DetachSitesResult\n/);
  assert.match(await page.textContent("#symphony-result"), /^ApplicationDetail\n/);

  // Upstream: what the relays' clients sent the mock.
  assertRelayedUpstream(mock, editors);

  // The browser's side: only the relays' paths, with the session cookie and the CSRF header, no key.
  const relayed = (await Promise.all(traffic)).filter((t) => t.kind === "request" && /^\/(api|pod)\//.test(new URL(t.url).pathname));
  const calls = relayed.filter((t) => !STATUS_PATH.test(new URL(t.url).pathname));
  assert.deepEqual(calls.map((t) => `${t.method} ${new URL(t.url).pathname}`), [
    "PUT /api/meraki/organizations/123456/secureConnect/privateApplications/183456",
    "DELETE /api/meraki/organizations/123456/secureConnect/sites",
    "POST /api/symphony/pod/v1/admin/app/my-app/update",
  ]);
  const csrf = await csrfCookie();
  for (const t of relayed) {
    assert.equal(t.headers["x-csrf-token"], csrf);
    assert.match(t.headers.cookie, /demo_session=/);
    assert.equal(t.headers.authorization, undefined);
  }
  assert.deepEqual(pageErrors, []);
});

test("nothing the page holds or exchanged contains the key or the session token", async () => {
  const holdings = await page.evaluate(pageHoldings);
  assert.ok(Number(holdings.globalCount) > 10, "the globals were read");
  assert.match(holdings.dom, /mockRevision/, "the DOM holds the results");
  const places = await trafficPlaces(traffic);
  // The search covered the page, the wasm, and the relays' answers.
  const names = Object.keys(places);
  for (const path of ["/ body", "/pkg/app_admin_wasm_bg.wasm body", "/api/meraki/organizations/123456/secureConnect/sites body", "/api/symphony/pod/v1/admin/app/my-app/update body"]) {
    assert.ok(names.some((n) => n.startsWith("response") && n.endsWith(` ${path}`)), `no ${path} seen`);
  }
  // Chromium cannot always hand a fetch's response body to the driver (one the page read as a
  // stream may be gone by then), so the search must have seen the body of at least one of the
  // relays' answers, not of each.
  const relayBodies = names.filter((n) => n.startsWith("response") && /\/api\/(meraki|symphony)\//.test(n) && n.endsWith(" body"));
  assert.ok(relayBodies.some((n) => /mockRevision/.test(places[n])), `no relay answer's body was read: ${relayBodies.join(", ")}`);
  assert.deepEqual(findSecrets({ ...holdings, ...places }), []);
});

test("authorize: a call without this page's CSRF token, or without its session cookie, gets 403 and reaches nothing", async () => {
  mock.reset();
  const csrf = await csrfCookie();
  const statuses = await page.evaluate(async (csrf) => {
    const body = JSON.stringify({ name: "Jira", destinations: [{ destinationAddr: ["10.0.0.1"], protocolPorts: [{ protocol: "TCP", ports: "443" }], accessType: "network" }] });
    const put = (init) => fetch("/api/meraki/organizations/123456/secureConnect/privateApplications/183456", {
      method: "PUT", body, ...init, headers: { "Content-Type": "application/json", ...init.headers },
    }).then((r) => r.status);
    return {
      noHeader: await put({}),
      wrongToken: await put({ headers: { "X-CSRF-Token": `${csrf}x` } }),
      noCookie: await put({ headers: { "X-CSRF-Token": csrf }, credentials: "omit" }),
      both: await put({ headers: { "X-CSRF-Token": csrf } }),
    };
  }, csrf);
  assert.deepEqual(statuses, { noHeader: 403, wrongToken: 403, noCookie: 403, both: 200 });
  assert.deepEqual(mock.requests().filter((r) => !STATUS_PATH.test(r.path)).map((r) => r.method), ["PUT"], "only the authorized call reached the mock");
});

test("the page cannot read the mock's log or config through the demo (they hold the key); the fault switches still work", async () => {
  const statuses = await page.evaluate(async () => Promise.all(["/__mock/requests", "/__mock/config", "/__mock/stats"].map(async (p) => (await fetch(p)).status)));
  assert.deepEqual(statuses, [404, 404, 404]);
  assert.equal(await page.evaluate(async () => (await fetch("/__mock/mode")).status), 200);
});

test("the search finds the key when the server templates it into the page, stores it, or sends it", async () => {
  const context = await browser.newContext();
  const leaky = await context.newPage();
  const leakyTraffic = [];
  recordTraffic(leaky, leakyTraffic);
  // A server that hands the page its key, as a hand-written portal might: in a meta tag, a global
  // and storage.
  await leaky.route(`${mock.url}/`, async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace("</head>", `<meta name="api-key" content="${DEMO_API_KEY}">
<script>window.portalConfig = { apiKey: "${DEMO_API_KEY}" }; sessionStorage.setItem("k", "${DEMO_API_KEY}"); localStorage.setItem("t", "${DEMO_SESSION_TOKEN}");</script></head>`);
    await route.fulfill({ response, body: html });
  });
  try {
    await leaky.goto(`${mock.url}/`);
    await leaky.waitForFunction(() => document.getElementById("update-prepared").textContent.startsWith("PUT "));
    // And a key typed into the Backend panel and sent straight to the mock.
    await leaky.click("#settings summary");
    await leaky.check("#backend-direct");
    await leaky.fill("#apiKey", DEMO_API_KEY);
    await leaky.click("#update-send");
    await leaky.waitForFunction(() => document.getElementById("update-result").classList.contains("ok"));
    const found = findSecrets({ ...(await leaky.evaluate(pageHoldings)), ...(await trafficPlaces(leakyTraffic)) });
    for (const place of ["dom", "globals", "sessionStorage", "localStorage", "controls", "response 1 GET / body"]) {
      assert.ok(found.some((f) => f.startsWith(`${place} holds`)), `${place} not flagged:\n${found.join("\n")}`);
    }
    assert.ok(found.some((f) => /^request \d+ PUT \/api\/v1\/\S+ headers holds test-api-key$/.test(f)), found.join("\n"));
    assert.ok(SECRETS.every((s) => found.some((f) => f.endsWith(s))));
  } finally {
    await context.close();
  }
});
