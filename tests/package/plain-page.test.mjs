// The package on a plain page, no bundler: the tarball installed into a scratch project whose
// index.html has a `<script type="module">` importing the browser entry straight from
// node_modules, as the README shows. The project directory is served by the mock (same origin as
// the API), loaded in headless Chromium.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startMock } from "../mock/server.mjs";
import { launch } from "../browser/chromium.mjs";
import { assertOnePut, assertPageOutcome, loadPage, packOnce, pageHtml, pageScript, scratch } from "./scratch.mjs";

let pack, site, browser, mock;

before(async () => {
  pack = await packOnce("plain");
  site = await scratch(pack, "plain-page", {
    "index.html": pageHtml(`<script type="module">\n${pageScript("/node_modules/app-admin-wasm/web/index.js")}</script>`),
  });
  mock = await startMock({ static: { "/": site } });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await mock?.close();
  pack?.cleanup();
});

test("a plain page imports /node_modules/app-admin-wasm/web/index.js: init, validator and a client call", async () => {
  const got = await loadPage(browser, `${mock.url}/`);
  assertPageOutcome(assert, got);
  assertOnePut(assert, mock);
  // init() found the .wasm next to the package, by itself, served as application/wasm.
  assert.deepEqual(got.wasm.map((w) => [new URL(w.url).pathname, w.status, w.type]), [
    ["/node_modules/app-admin-wasm/app_admin_wasm_bg.wasm", 200, "application/wasm"],
  ]);
});
