// The demo page in Debian's Firefox ESR (puppeteer-core over WebDriver BiDi), served as `make demo`
// serves it. One browser for the file: each of the three sections is broken and mended by typing
// on the keyboard, flagged at the right JSON Pointer, sent, and shows its typed result; a call
// still succeeds with the mock's 429 switch on; screenshots at desktop and phone widths fit the
// screen; and nothing is logged as an error along the way.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { OUT, closeDemo, openDemo } from "./firefox.mjs";

let mock, browser, page;
const pageErrors = [];

before(async () => {
  ({ mock, browser, page } = await openDemo({ readyId: "symphony-prepared", method: "POST", viewport: { width: 1280, height: 900 }, pageErrors }));
});

after(() => closeDemo({ browser, mock }));

const text = (selector) => page.$eval(selector, (e) => e.textContent);
const isDisabled = (selector) => page.$eval(selector, (e) => e.disabled);
const editorValue = async (id) => JSON.parse(await page.$eval(`#${id}`, (e) => e.value));
/** The section's listed errors, one string per item: "error: <pointer> <message> [code]". */
const errorsOf = (id) => page.$$eval(`#${id}-issues li.error`, (items) => items.map((li) => li.textContent));
const resultJson = (result) => JSON.parse(result.slice(result.indexOf("\n") + 1));

/**
 * Edits the editor `#id` the way a person does: selects the first `from` in it and types `to` over
 * it on the keyboard (one key event, one `input` event per character).
 */
async function typeOver(id, from, to) {
  const found = await page.$eval(`#${id}`, (editor, from) => {
    const at = editor.value.indexOf(from);
    if (at < 0) return false;
    editor.focus();
    editor.setSelectionRange(at, at + from.length);
    return true;
  }, from);
  assert.ok(found, `"${from}" is not in #${id}`);
  await page.keyboard.type(to);
  // Each key's input event re-validates synchronously; once all of `to` is in, the issues are current.
  await page.waitForFunction((id, to) => document.getElementById(id).value.includes(to), {}, id, to);
}

/** Clicks the section's Send and waits for the call to end; returns the result box's class and text. */
async function send(id) {
  await page.click(`#${id}-send`);
  await page.waitForFunction((id) => /\b(ok|failed)\b/.test(document.getElementById(`${id}-result`).className), { timeout: 10_000 }, id);
  return page.$eval(`#${id}-result`, (e) => ({ className: e.className, text: e.textContent }));
}

/** Breaks the section by typing, expects exactly `pointer [code]` flagged with Send disabled, then mends it. */
async function breakAndMend(id, { from, to, pointer, code }) {
  const sentBefore = mock.requests().length;
  await typeOver(id, from, to);
  const errors = await errorsOf(id);
  assert.equal(errors.length, 1, `one error expected:\n${errors.join("\n")}`);
  assert.ok(errors[0].startsWith(`error: ${pointer} `) && errors[0].endsWith(`[${code}]`), errors[0]);
  assert.equal(await page.$eval(`#${id}-issues li.error code`, (e) => e.textContent), pointer);
  assert.equal(await isDisabled(`#${id}-send`), true);

  await typeOver(id, to, from);
  assert.deepEqual(await errorsOf(id), []);
  assert.equal(await isDisabled(`#${id}-send`), false);
  assert.equal(mock.requests().length, sentBefore, "a broken request reached the network");
}

test("Firefox ESR loads the wasm: every section shows its prepared request with the secrets masked", async () => {
  assert.match(await browser.version(), /^firefox\/\d+/i);
  // The default backend is the demo's relay: no key or token in the page, its CSRF header masked.
  assert.match(await text("#update-prepared"), /^PUT http:\/\/127\.0\.0\.1:\d+\/api\/meraki\/organizations\/123456\/secureConnect\/privateApplications\/183456\n/);
  assert.match(await text("#update-prepared"), /^X-CSRF-Token: \*\*\*$/m);
  const detach = await text("#detach-prepared");
  assert.match(detach, /^DELETE http:\/\/127\.0\.0\.1:\d+\/api\/meraki\/organizations\/123456\/secureConnect\/sites\n/);
  assert.ok(detach.includes('"sharedSecret":"***"'), detach);
  const symphony = await text("#symphony-prepared");
  assert.match(symphony, /^POST http:\/\/127\.0\.0\.1:\d+\/api\/symphony\/pod\/v1\/admin\/app\/my-app\/update\n/);
  assert.match(symphony, /^X-CSRF-Token: \*\*\*$/m);
  assert.ok(symphony.includes('"apiKey":"***"'), symphony);
  const visible = await page.evaluate(() => document.body.innerText);
  for (const secret of ["test-api-key", "test-session-token", "notification-key-123", '"secret"']) {
    assert.ok(!visible.includes(secret), `${secret} is shown on the page`);
  }
  for (const id of ["update", "detach", "symphony"]) assert.deepEqual(await errorsOf(id), [], id);
  assert.deepEqual(pageErrors, []);
});

test("update a private application: a port out of range is flagged at its pointer, mended, sent, and typed", async () => {
  await breakAndMend("update", { from: "80-82", to: "80-70000", pointer: "/destinations/0/protocolPorts/0/ports", code: "port-range" });
  const editor = await editorValue("update");
  const { className, text: result } = await send("update");
  assert.equal(className, "result ok", result);
  assert.match(result, /^PrivateApplication\n/);
  const app = resultJson(result);
  assert.equal(app.applicationId, "183456");
  assert.equal(typeof app.mockRevision, "number"); // an unknown field, kept
  const [put] = mock.requests().filter((r) => r.method === "PUT");
  assert.equal(put.status, 200);
  assert.equal(put.headers.authorization, "Bearer test-api-key");
  assert.deepEqual(JSON.parse(put.body), editor);
});

test("detach sites: an http:// callback is flagged at /callback/url, mended, and the DELETE carries the editor's JSON", async () => {
  await breakAndMend("detach", { from: '"https://webhook', to: '"http://webhook', pointer: "/callback/url", code: "https-url" });
  const editorText = await page.$eval("#detach", (e) => e.value);
  const { className, text: result } = await send("detach");
  assert.equal(className, "result ok", result);
  assert.match(result, /^DetachSitesResult\n/);
  const detached = resultJson(result);
  assert.equal(detached.action, "detach");
  assert.deepEqual(detached.request, { siteId: "1234567890" });
  assert.equal(typeof detached.callback.id, "string");
  const [del] = mock.requests().filter((r) => r.method === "DELETE");
  assert.equal(del.status, 201);
  assert.equal(del.body, JSON.stringify(JSON.parse(editorText))); // Firefox sends the DELETE's body
  // The page then follows the callback's status (GETs without a body, which Firefox sends too).
  await page.waitForFunction(() => /completed$/.test(document.getElementById("detach-callback").textContent), { timeout: 10_000 });
  assert.ok(!(await page.evaluate(() => document.body.innerText)).includes('"secret"'));
});

test("update a Symphony app: a lower-case permission is flagged at /permissions/0, mended, sent, and typed", async () => {
  await breakAndMend("symphony", { from: "SEND_MESSAGES", to: "send messages", pointer: "/permissions/0", code: "permission-form" });
  const { className, text: result } = await send("symphony");
  assert.equal(className, "result ok", result);
  assert.match(result, /^ApplicationDetail\n/);
  const detail = resultJson(result);
  assert.equal(detail.applicationInfo.appId, "my-app");
  assert.deepEqual(detail.permissions, ["SEND_MESSAGES", "GET_BASIC_USER_INFO"]);
  assert.ok(!result.includes("notification-key-123"), result);
  const [post] = mock.requests().filter((r) => r.path.startsWith("/pod/"));
  assert.equal(post.status, 200);
  assert.equal(post.headers.sessiontoken, "test-session-token");
});

test("with the 429 switch on (clicked in the Backend panel), a call succeeds after a retry", async () => {
  await page.click("#settings summary");
  await page.click("#fault429");
  await page.waitForFunction(async () => (await (await fetch("/__mock/mode")).json()).rate429 === true);
  const seen = mock.requests().length;
  const started = Date.now();
  const { className, text: result } = await send("update");
  assert.equal(className, "result ok", result);
  assert.match(result, /^PrivateApplication\n/);
  assert.deepEqual(mock.requests().slice(seen).map((r) => `${r.method} ${r.status}`), ["PUT 429", "PUT 200"]);
  assert.ok(Date.now() - started >= 900, "the retry did not wait for Retry-After: 1");

  await page.click("#fault429");
  await page.waitForFunction(async () => (await (await fetch("/__mock/mode")).json()).rate429 === false);
});

test("screenshots at 1280 and 390 px wide: nothing is wider than the screen", async () => {
  // Typing left the editors scrolled to where the caret was.
  await page.$$eval("textarea", (editors) => editors.forEach((e) => e.scrollTo(0, 0)));
  for (const [name, width] of [["desktop", 1280], ["narrow", 390]]) {
    await page.setViewport({ width, height: 844 });
    const sizes = await page.evaluate(() => {
      const root = document.documentElement;
      // Any element (outside a scrolling box) reaching past the right edge.
      const past = [...document.body.querySelectorAll("*")]
        .filter((e) => !e.closest("pre") && e.getBoundingClientRect().right > root.clientWidth + 0.5)
        .map((e) => e.id || e.outerHTML.slice(0, 60));
      return { innerWidth, clientWidth: root.clientWidth, scrollWidth: root.scrollWidth, past };
    });
    assert.equal(sizes.innerWidth, width);
    assert.ok(sizes.scrollWidth <= sizes.innerWidth, `the page is ${sizes.scrollWidth}px wide in a ${width}px window`);
    assert.equal(sizes.scrollWidth, sizes.clientWidth, `the page scrolls sideways at ${width}px`);
    assert.deepEqual(sizes.past, [], `past the right edge at ${width}px`);
    await page.screenshot({ path: resolve(OUT, `firefox-${name}.png`), fullPage: true });
  }
});

test("no uncaught error and no console error in the whole run", () => {
  assert.deepEqual(pageErrors, []);
});
