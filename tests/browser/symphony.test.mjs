// The demo page's Symphony update-app section in headless Chromium, served as `make demo` serves it:
// the prepared POST to the relay masks notification.apiKey, the PEM rules run as you type, Send
// updates the app on the mock through the relay (which adds the session token), and, called
// directly from the Backend panel, a session without the admin role gets a readable ApiError.
// Also screenshots the whole page at desktop and narrow widths once the section has a result.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { OUT, closeDemo, openDemo } from "./chromium.mjs";

let mock, browser, page;
const pageErrors = [];

const API_KEY = "notification-key-123";
const TOKEN = "test-session-token";
// The `cert` example of the API page, as its JSON shows it: literal "\n" sequences, not line breaks,
// around a body shortened with "...".
const ESCAPED_PEM = "-----BEGIN PUBLIC KEY-----\\nMIICIANBgkqhw0BAQ...cCAwEAAQ==\\n-----END PUBLIC KEY-----";

before(async () => {
  ({ mock, browser, page } = await openDemo({ readyId: "symphony-prepared", method: "POST", viewport: { width: 1280, height: 900 }, pageErrors }));
});

after(() => closeDemo({ browser, mock }));

const editorValue = async () => JSON.parse(await page.inputValue("#symphony"));
const setEditor = (value) => page.fill("#symphony", JSON.stringify(value, null, 2));
/** What a person sees: the page's rendered text (an input's or a textarea's value is not part of it). */
const visibleText = () => page.evaluate(() => document.body.innerText);
const resultJson = (text) => JSON.parse(text.slice(text.indexOf("\n") + 1));

test("the Symphony section starts valid and shows the prepared POST to the relay, no token, notification.apiKey masked", async () => {
  const body = await editorValue();
  assert.equal(body.applicationInfo.appId, "my-app");
  assert.equal(body.notification.apiKey, API_KEY);
  assert.match(body.cert, /^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+\n-----END PUBLIC KEY-----$/); // real line breaks
  assert.equal(body.authenticationKeys.current.key, body.cert);
  assert.equal(await page.inputValue("#symphony-appId"), "my-app");
  assert.equal(await page.inputValue("#podUrl"), "/api/symphony");
  assert.equal(await page.inputValue("#sessionToken"), ""); // the relay holds it
  assert.equal(await page.getAttribute("#sessionToken", "type"), "password");
  assert.equal(await page.textContent("#symphony-issues"), ""); // valid: no errors, no warnings
  assert.equal(await page.isDisabled("#symphony-send"), false);

  const prepared = await page.textContent("#symphony-prepared");
  assert.match(prepared, /^POST http:\/\/127\.0\.0\.1:\d+\/api\/symphony\/pod\/v1\/admin\/app\/my-app\/update\n/);
  assert.match(prepared, /^X-CSRF-Token: \*\*\*$/m);
  assert.doesNotMatch(prepared, /^sessionToken:/m);
  assert.ok(prepared.includes('"apiKey":"***"'), prepared);
  assert.ok(!prepared.includes(API_KEY), `the real apiKey is in the prepared request:\n${prepared}`);
  assert.ok(!prepared.includes(TOKEN), "the session token is in the prepared request");
  // Everything but the apiKey is the exact body.
  const shown = prepared.slice(prepared.indexOf("\n\n") + 2);
  assert.equal(shown, JSON.stringify({ ...body, notification: { ...body.notification, apiKey: "***" } }));

  assert.match(await page.textContent("#symphony-note"), /\[pem-escaped-newlines\].*\[pem-form\]/s);
  assert.ok(!(await visibleText()).includes(API_KEY), "the real apiKey is shown on the page");
  assert.deepEqual(pageErrors, []);
});

test("the id input changes the prepared URL", async () => {
  await page.fill("#symphony-appId", "other app");
  assert.match(await page.textContent("#symphony-prepared"), /\/pod\/v1\/admin\/app\/other%20app\/update\n/);
  await page.fill("#symphony-appId", "my-app");
  assert.match(await page.textContent("#symphony-prepared"), /\/pod\/v1\/admin\/app\/my-app\/update\n/);
});

test("the API page's cert (body elided with ...) flags /cert [pem-form] and disables Send; the real PEM re-enables it", async () => {
  const body = await editorValue();
  await setEditor({ ...body, cert: ESCAPED_PEM });
  assert.match(await page.textContent("#symphony-issues"), /error: \/cert .*\[pem-form\]/);
  assert.equal(await page.isDisabled("#symphony-send"), true);
  assert.ok(!(await page.textContent("#symphony-prepared")).includes(API_KEY));

  await setEditor(body);
  assert.doesNotMatch(await page.textContent("#symphony-issues"), /error:/);
  assert.equal(await page.isDisabled("#symphony-send"), false);
});

test("a real cert written with literal \\n is a /cert [pem-escaped-newlines] warning: Send stays enabled", async () => {
  const body = await editorValue();
  await setEditor({ ...body, cert: body.cert.trim().replaceAll("\n", "\\n") });
  assert.match(await page.textContent("#symphony-issues"), /warning: \/cert .*\[pem-escaped-newlines\]/);
  assert.doesNotMatch(await page.textContent("#symphony-issues"), /error:/);
  assert.equal(await page.isDisabled("#symphony-send"), false);

  await setEditor(body);
  assert.equal(await page.textContent("#symphony-issues"), "");
});

test("an apiKey quoted back by a validation message is masked too", async () => {
  const body = await editorValue();
  // The validator quotes a URL it cannot parse back; here the URL carries the apiKey.
  await setEditor({ ...body, notification: { ...body.notification, url: `https://${API_KEY} x/` } });
  assert.match(await page.textContent("#symphony-issues"), /error: \/notification\/url "notification\.url" "https:\/\/\*\*\* x\/" .*\[https-url\]/);
  assert.equal(await page.isDisabled("#symphony-send"), true);
  assert.ok(!(await visibleText()).includes(API_KEY), "the apiKey is shown on the page");

  await setEditor(body);
  assert.equal(await page.isDisabled("#symphony-send"), false);
});

test("Send updates the app on the mock through the relay and shows the typed ApplicationDetail, without the apiKey", async () => {
  const editorText = await page.inputValue("#symphony");
  await page.click("#symphony-send");
  await page.waitForFunction(() => document.getElementById("symphony-result").classList.contains("ok"));
  assert.equal(await page.getAttribute("#symphony-result", "class"), "result ok");
  const result = await page.textContent("#symphony-result");
  assert.match(result, /^ApplicationDetail\n/);
  const detail = resultJson(result);
  assert.equal(detail.applicationInfo.appId, "my-app");
  assert.equal(typeof detail.mockRevision, "number"); // an unknown field, kept
  assert.deepEqual(detail.notification, { url: "https://apps.example.com/notify" }); // write-only apiKey not echoed
  assert.equal(detail.cert, JSON.parse(editorText).cert);
  assert.ok(!result.includes(API_KEY) && !result.includes("apiKey"), result);

  const posts = mock.requests().filter((r) => r.method === "POST" && r.path.startsWith("/pod/"));
  assert.equal(posts.length, 1);
  assert.equal(posts[0].path, "/pod/v1/admin/app/my-app/update");
  assert.equal(posts[0].status, 200);
  assert.equal(posts[0].headers.sessiontoken, TOKEN); // added by the relay
  assert.equal(posts[0].body, JSON.stringify(JSON.parse(editorText))); // the apiKey is sent, only never shown

  assert.ok(!(await visibleText()).includes(API_KEY), "the real apiKey is shown on the page");
  assert.equal(await page.isDisabled("#symphony-send"), false); // ready again once the call is over
  assert.deepEqual(pageErrors, []);
});

test("called directly, a session token without the admin role gets an ApiError naming the roles it needs", async () => {
  await page.click("#settings summary"); // the backend choice and the token live in the Backend panel
  await page.check("#backend-direct");
  assert.equal(await page.inputValue("#podUrl"), mock.url); // the mock serves Symphony at its root
  await page.fill("#sessionToken", "no-role-token");
  assert.match(await page.textContent("#symphony-prepared"), /^sessionToken: \*\*\*$/m);
  await page.click("#symphony-send");
  await page.waitForFunction(() => document.getElementById("symphony-result").classList.contains("failed"));
  const result = await page.textContent("#symphony-result");
  assert.match(result, /^ApiError: /);
  assert.match(result, /Super Administrator/);
  assert.match(result, /"status": 403/);
  assert.match(result, /"operation": "updateApp"/);
  const text = await visibleText();
  assert.ok(!text.includes("no-role-token"), "the session token is shown on the page");
  assert.ok(!text.includes(API_KEY), "the real apiKey is shown on the page");
  const last = mock.requests().filter((r) => r.path.startsWith("/pod/")).at(-1);
  assert.equal(last.status, 403);
  assert.equal(last.headers.sessiontoken, "no-role-token");

  await page.fill("#sessionToken", TOKEN);
  await page.click("#symphony-send");
  await page.waitForFunction(() => document.getElementById("symphony-result").classList.contains("ok"));
  assert.equal(mock.requests().at(-1).headers.sessiontoken, TOKEN);

  await page.check("#backend-relay"); // the Backend panel stays open for the screenshots
  assert.equal(await page.inputValue("#podUrl"), "/api/symphony");
  await page.click("#symphony-send"); // back to a result worth a screenshot
  await page.waitForFunction(() => document.getElementById("symphony-result").classList.contains("ok"));
  assert.deepEqual(pageErrors, []);
});

test("whole-page screenshots at desktop and narrow widths, with nothing wider than the screen", async () => {
  assert.equal(await page.getAttribute("#settings", "open"), ""); // the pod URL and token fields show
  await page.$eval("#symphony", (editor) => editor.scrollTo(0, 0)); // typing left it scrolled to the end
  for (const [name, width] of [["desktop", 1280], ["narrow", 390]]) {
    await page.setViewportSize({ width, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, `the page scrolls sideways at ${width}px`);
    await page.screenshot({ path: resolve(OUT, `demo-symphony-${name}.png`), fullPage: true });
  }
});
