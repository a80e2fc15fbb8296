// The demo page in headless Chromium, served as `make demo` serves it: the package's browser
// entry loads, validation runs as you type, and Send updates a private application on the mock
// through the demo server's relay, whose client adds the key (and retries a 429 itself).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { OUT, closeDemo, openDemo } from "./chromium.mjs";

let mock, browser, page;
const pageErrors = [];

before(async () => {
  ({ mock, browser, page } = await openDemo({ readyId: "update-prepared", method: "PUT", pageErrors }));
});

after(() => closeDemo({ browser, mock }));

test("the page loads the wasm and shows the prepared request to the relay: no key, the CSRF header masked", async () => {
  const prepared = await page.textContent("#update-prepared");
  assert.match(prepared, /^PUT http:\/\/127\.0\.0\.1:\d+\/api\/meraki\/organizations\/123456\/secureConnect\/privateApplications\/183456\n/);
  assert.match(prepared, /^X-CSRF-Token: \*\*\*$/m);
  assert.doesNotMatch(prepared, /Authorization/);
  assert.ok(!prepared.includes("test-api-key"));
  assert.deepEqual(pageErrors, []);
});

test("a broken field is flagged by its JSON Pointer as you type, and Send is disabled", async () => {
  const body = JSON.parse(await page.inputValue("#update"));
  body.destinations[0].protocolPorts[0].ports = "80-70000";
  await page.fill("#update", JSON.stringify(body, null, 2));
  const issues = await page.textContent("#update-issues");
  assert.match(issues, /error: \/destinations\/0\/protocolPorts\/0\/ports .*\[port-range\]/);
  assert.equal(await page.isDisabled("#update-send"), true);
  body.destinations[0].protocolPorts[0].ports = "80-82";
  await page.fill("#update", JSON.stringify(body, null, 2));
  assert.doesNotMatch(await page.textContent("#update-issues"), /error:/);
  assert.equal(await page.isDisabled("#update-send"), false);
});

test("Send updates the application on the mock and shows the typed result", async () => {
  await page.click("#update-send");
  await page.waitForFunction(() => document.getElementById("update-result").classList.contains("ok"));
  const result = await page.textContent("#update-result");
  assert.match(result, /^PrivateApplication\n/);
  const app = JSON.parse(result.slice(result.indexOf("\n") + 1));
  assert.equal(app.applicationId, "183456");
  assert.equal(typeof app.mockRevision, "number"); // an unknown field, kept
  const puts = mock.requests().filter((r) => r.method === "PUT");
  assert.equal(puts.length, 1);
  assert.equal(puts[0].headers.authorization, "Bearer test-api-key");
  await page.screenshot({ path: resolve(OUT, "demo-update.png"), fullPage: true });
});

test("with the 429 switch on, the call still succeeds after a retry (the relay's client retries)", async () => {
  await page.click("#settings summary"); // the switches live in the Backend panel
  await page.check("#fault429");
  await page.waitForFunction(async () => (await (await fetch("/__mock/mode")).json()).rate429 === true);
  const before = mock.stats().rateLimited429;
  const seen = mock.requests().length;
  await page.click("#update-send");
  await page.waitForFunction(() => !document.getElementById("update-result").textContent.startsWith("Sending"), null, { timeout: 10_000 });
  assert.match(await page.getAttribute("#update-result", "class"), /\bok\b/);
  assert.ok(mock.stats().rateLimited429 > before, "the mock never answered 429");
  // The relay's client met the 429 and retried; the page saw only the 200.
  assert.deepEqual(mock.requests().slice(seen).map((r) => `${r.method} ${r.status} ${r.headers.authorization}`), ["PUT 429 Bearer test-api-key", "PUT 200 Bearer test-api-key"]);
  await page.uncheck("#fault429");
});

test("with the slow switch on, the call waits for the late answer and still succeeds", async () => {
  await page.check("#faultSlow");
  await page.waitForFunction(async () => (await (await fetch("/__mock/mode")).json()).slowMs === 2000);
  const started = Date.now();
  await page.click("#update-send");
  await page.waitForFunction(() => !document.getElementById("update-result").textContent.startsWith("Sending"), null, { timeout: 10_000 });
  const elapsed = Date.now() - started;
  assert.match(await page.getAttribute("#update-result", "class"), /\bok\b/);
  assert.ok(elapsed >= 1900, `answered after ${elapsed} ms, not 2 s late`);
  await page.uncheck("#faultSlow");
  await page.waitForFunction(async () => (await (await fetch("/__mock/mode")).json()).slowMs === 0);
});
