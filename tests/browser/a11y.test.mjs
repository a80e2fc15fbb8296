// The demo page without a mouse: every control is labelled, and a section can be filled and
// sent with the keyboard alone.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { closeDemo, openDemo } from "./chromium.mjs";

let mock, browser, page;

before(async () => {
  ({ mock, browser, page } = await openDemo({ readyId: "update-prepared", method: "PUT" }));
});

after(() => closeDemo({ browser, mock }));

test("every input, textarea and button has an accessible name", async () => {
  const unnamed = await page.$$eval("input, textarea, button, select", (controls) =>
    controls
      .filter((c) => !(c.labels?.length || c.getAttribute("aria-label") || c.getAttribute("aria-labelledby") || (c.tagName === "BUTTON" && c.textContent.trim())))
      .map((c) => c.id || c.outerHTML.slice(0, 60)),
  );
  assert.ok((await page.$$("input, textarea, button")).length >= 12, "the page has its controls");
  assert.deepEqual(unnamed, []);
});

test("the update section can be sent with the keyboard alone", async () => {
  await page.focus("#appId");
  await page.keyboard.press("Control+A");
  await page.keyboard.type("keyboard-app");
  // Tab from the id field through the editor to the Send button, then press Enter.
  let focused = "";
  for (let i = 0; i < 10 && focused !== "update-send"; i++) {
    await page.keyboard.press("Tab");
    focused = await page.evaluate(() => document.activeElement?.id ?? "");
  }
  assert.equal(focused, "update-send", "Send is reachable with Tab");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("update-result").classList.contains("ok"));
  const puts = mock.requests().filter((r) => r.method === "PUT");
  assert.equal(puts.length, 1);
  assert.ok(puts[0].path.endsWith("/privateApplications/keyboard-app"), puts[0].path);
});
