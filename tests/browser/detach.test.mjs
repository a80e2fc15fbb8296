// The demo page's detach-sites section in headless Chromium, served as `make demo` serves it: the
// prepared DELETE masks the key and the shared secret, the callback rules run as you type, and
// Send detaches on the mock with the editor's JSON as the body. Also screenshots the whole page.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { OUT, closeDemo, openDemo } from "./chromium.mjs";

let mock, browser, page;
const pageErrors = [];

before(async () => {
  ({ mock, browser, page } = await openDemo({ readyId: "detach-prepared", method: "DELETE", viewport: { width: 1280, height: 900 }, pageErrors }));
});

after(() => closeDemo({ browser, mock }));

const editorValue = async () => JSON.parse(await page.inputValue("#detach"));
const setEditor = (value) => page.fill("#detach", JSON.stringify(value, null, 2));
/** What a person sees: the page's rendered text (a textarea's value is not part of it). */
const visibleText = () => page.evaluate(() => document.body.innerText);

test("the detach section shows the prepared DELETE to the relay with the sharedSecret masked", async () => {
  const body = await editorValue();
  assert.deepEqual(body, {
    sites: ["1234567890"],
    callback: {
      url: "https://webhook.site/28efa24e-f830-4d9f-a12b-fbb9e5035031",
      sharedSecret: "secret",
      payloadTemplate: { id: "wpt_2100" },
    },
  });
  assert.equal(await page.textContent("#detach-issues"), ""); // valid: no errors, no warnings
  assert.equal(await page.isDisabled("#detach-send"), false);

  const prepared = await page.textContent("#detach-prepared");
  assert.match(prepared, /^DELETE http:\/\/127\.0\.0\.1:\d+\/api\/meraki\/organizations\/123456\/secureConnect\/sites\n/);
  assert.match(prepared, /^X-CSRF-Token: \*\*\*\n/m); // to the relay: no key
  assert.ok(prepared.includes('"sharedSecret":"***"'), prepared);
  assert.ok(!prepared.includes("secret"), `the real secret is in the prepared request:\n${prepared}`);
  assert.ok(!prepared.includes("test-api-key"));
  // Everything but the secret is the exact body.
  const shown = prepared.slice(prepared.indexOf("\n\n") + 2);
  assert.equal(shown, JSON.stringify({ ...body, callback: { ...body.callback, sharedSecret: "***" } }));

  assert.match(await page.textContent("#detach-note"), /httpServer/);
  assert.deepEqual(pageErrors, []);
});

test("httpServer next to url + sharedSecret is a /callback [callback-choice] warning: Send stays enabled", async () => {
  const body = await editorValue();
  await setEditor({ ...body, callback: { ...body.callback, httpServer: { id: "x" } } });
  assert.match(await page.textContent("#detach-issues"), /warning: \/callback .*\[callback-choice\]/);
  assert.doesNotMatch(await page.textContent("#detach-issues"), /error:/);
  assert.equal(await page.isDisabled("#detach-send"), false);
  assert.ok(!(await page.textContent("#detach-prepared")).includes("secret"));

  await setEditor(body);
  assert.doesNotMatch(await page.textContent("#detach-issues"), /warning:/);
  assert.equal(await page.isDisabled("#detach-send"), false);
});

test("url without sharedSecret flags /callback [callback-incomplete] and disables Send; restoring it re-enables Send", async () => {
  const body = await editorValue();
  await setEditor({ ...body, callback: { url: body.callback.url } });
  assert.match(await page.textContent("#detach-issues"), /error: \/callback .*\[callback-incomplete\]/);
  assert.equal(await page.isDisabled("#detach-send"), true);

  await setEditor(body);
  assert.doesNotMatch(await page.textContent("#detach-issues"), /error:/);
  assert.equal(await page.isDisabled("#detach-send"), false);
});

test("a secret quoted back by a validation message is masked too", async () => {
  const body = await editorValue();
  const secret = "hunter2-s3cr3t";
  // The validator quotes a bad URL back; here the URL carries the secret.
  await setEditor({ ...body, callback: { ...body.callback, url: `http://${secret}.example/`, sharedSecret: secret } });
  assert.match(await page.textContent("#detach-issues"), /error: \/callback\/url .*\[https-url\]/);
  assert.equal(await page.isDisabled("#detach-send"), true);
  assert.ok(!(await visibleText()).includes(secret), "the secret is shown on the page");

  await setEditor(body);
  assert.equal(await page.isDisabled("#detach-send"), false);
});

test("Send detaches on the mock and shows the typed DetachSitesResult; the DELETE body is the editor's JSON", async () => {
  const editorText = await page.inputValue("#detach");
  await page.click("#detach-send");
  await page.waitForFunction(() => document.getElementById("detach-result").classList.contains("ok"));
  assert.equal(await page.getAttribute("#detach-result", "class"), "result ok");
  const result = await page.textContent("#detach-result");
  assert.match(result, /^DetachSitesResult\n/);
  const detached = JSON.parse(result.slice(result.indexOf("\n") + 1));
  assert.equal(detached.action, "detach");
  assert.deepEqual(detached.request, { siteId: "1234567890" });
  assert.equal(typeof detached.callback.id, "string");
  assert.equal(detached.callback.id, "1284392014819"); // the mock's first callback id
  assert.equal(detached.callback.url, "https://webhook.site/28efa24e-f830-4d9f-a12b-fbb9e5035031");

  const deletes = mock.requests().filter((r) => r.method === "DELETE");
  assert.equal(deletes.length, 1);
  assert.equal(deletes[0].path, "/api/v1/organizations/123456/secureConnect/sites");
  assert.equal(deletes[0].status, 201);
  assert.equal(deletes[0].headers.authorization, "Bearer test-api-key");
  assert.equal(deletes[0].body, JSON.stringify(JSON.parse(editorText)));

  // The callback's status, polled from the page, moves on to completed.
  await page.waitForFunction(() => /completed$/.test(document.getElementById("detach-callback").textContent), null, { timeout: 10_000 });
  assert.match(await page.textContent("#detach-callback"), /^Callback 1284392014819: new → .*completed$/);
  const polls = mock.requests().filter((r) => r.method === "GET" && r.path.includes("/webhooks/callbacks/statuses/"));
  assert.ok(polls.length >= 2 && polls.every((r) => r.status === 200 && r.body === ""), `${polls.length} polls`);

  assert.ok(!(await visibleText()).includes("secret"), "the real secret is shown on the page");
  assert.equal(await page.isDisabled("#detach-send"), false); // ready again once the call is over
  assert.deepEqual(pageErrors, []);
});

test("whole-page screenshots at desktop and narrow widths, with nothing wider than the screen", async () => {
  for (const [name, width] of [["desktop", 1280], ["narrow", 390]]) {
    await page.setViewportSize({ width, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, `the page scrolls sideways at ${width}px`);
    await page.screenshot({ path: resolve(OUT, `demo-${name}.png`), fullPage: true });
  }
});
