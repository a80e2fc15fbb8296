// The package in a Vite app, as a user gets it: installed from the `npm pack` tarball into a
// scratch project whose page imports "app-admin-wasm" by name, calls `await init()`, a validator
// and MerakiClient.updatePrivateApplication, and writes the outcome into the DOM.
//   - `vite build` (production): dist/ served by the mock, loaded in headless Chromium;
//   - `vite dev` with the README's `optimizeDeps.exclude`, and without it (which breaks: the
//     dependency optimizer moves the glue, so `new URL("…wasm", import.meta.url)` misses).
// Vite is the repository's own dev dependency, run by absolute path (nothing installed again).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";
import { createServer } from "vite";
import { startMock } from "../mock/server.mjs";
import { launch } from "../browser/chromium.mjs";
import { assertOnePut, assertPageOutcome, bin, loadPage, packOnce, pageHtml, pageScript, run, scratch } from "./scratch.mjs";

let pack, app, build, browser;

before(async () => {
  pack = await packOnce("vite");
  app = await scratch(pack, "vite-app", {
    "index.html": pageHtml(`<script type="module" src="/main.js"></script>`),
    "main.js": pageScript("app-admin-wasm"),
    // A plain object: the config needs nothing from `vite` itself (not installed in the scratch).
    "vite.config.mjs": `export default { logLevel: "info", build: { outDir: "dist", emptyOutDir: true } };\n`,
  }, { type: "module" });
  build = await run(bin("vite"), ["build", "--config", join(app, "vite.config.mjs")], { cwd: app, env: { ...process.env, NO_COLOR: "1" } });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  pack?.cleanup();
});

test("vite build succeeds and emits the package's .wasm into dist/assets, unchanged", () => {
  assert.equal(build.code, 0, build.stdout + build.stderr);
  const assets = readdirSync(join(app, "dist", "assets"));
  const wasm = assets.filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, assets.join(", "));
  assert.match(wasm[0], /^app_admin_wasm_bg-[\w-]+\.wasm$/);
  assert.ok(readFileSync(join(app, "dist", "assets", wasm[0])).equals(readFileSync(join(app, "node_modules", "app-admin-wasm", "app_admin_wasm_bg.wasm"))));
  assert.equal(assets.filter((f) => f.endsWith(".js")).length, 1, assets.join(", ")); // one chunk, no Node entry pulled in
});

test("vite build prints no warning", () => {
  assert.doesNotMatch(build.stdout + build.stderr, /doesn't exist at build time|warning/i);
});

test("the built page loads in Chromium: init, validator and a client call against the mock", async () => {
  const mock = await startMock({ static: { "/": join(app, "dist") } });
  try {
    const got = await loadPage(browser, `${mock.url}/`);
    assertPageOutcome(assert, got);
    assertOnePut(assert, mock);
    assert.equal(got.wasm.length, 1, JSON.stringify(got.wasm));
    assert.match(new URL(got.wasm[0].url).pathname, /^\/assets\/app_admin_wasm_bg-[\w-]+\.wasm$/);
    assert.equal(got.wasm[0].type, "application/wasm");
  } finally {
    await mock.close();
  }
});

/** A port nobody listens on right now (Vite's own `port: 0` falls back to 5173). */
function freePort() {
  return new Promise((done, fail) => {
    const server = net.createServer().once("error", fail).listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

async function devServer(optimizeDeps) {
  const server = await createServer({
    root: app,
    configFile: false,
    logLevel: "silent",
    cacheDir: join(app, "node_modules", `.vite-${optimizeDeps.exclude ? "exclude" : "default"}`),
    optimizeDeps,
    server: { host: "127.0.0.1", port: await freePort(), strictPort: true, hmr: false, watch: null },
  });
  await server.listen();
  return server;
}

test("vite dev with optimizeDeps.exclude (the README's note) loads the page and calls the mock", async () => {
  const mock = await startMock({});
  const server = await devServer({ exclude: ["app-admin-wasm"] });
  try {
    const got = await loadPage(browser, `${server.resolvedUrls.local[0]}?api=${encodeURIComponent(`${mock.url}/api/v1`)}`);
    assertPageOutcome(assert, got);
    assertOnePut(assert, mock);
    assert.deepEqual(got.wasm.map((w) => [new URL(w.url).pathname, w.status, w.type]), [
      ["/node_modules/app-admin-wasm/app_admin_wasm_bg.wasm", 200, "application/wasm"],
    ]);
  } finally {
    await server.close();
    await mock.close();
  }
});

test("vite dev without optimizeDeps.exclude cannot find the .wasm (why the README asks for the exclude)", async () => {
  const server = await devServer({});
  try {
    const got = await loadPage(browser, server.resolvedUrls.local[0]);
    assert.equal(got.shown.state, "error", "the page loaded: if this Vite version no longer needs optimizeDeps.exclude, update the README");
    assert.match(got.shown.error, /CompileError|magic word|WebAssembly/);
    // The optimizer moved the glue under the cache dir; the URL it computes there is not the .wasm.
    assert.ok(got.wasm.some((w) => /\/\.vite-default\/app_admin_wasm_bg\.wasm$/.test(new URL(w.url).pathname) && w.type !== "application/wasm"), JSON.stringify(got.wasm));
  } finally {
    await server.close();
  }
});
