// The package in a webpack 5 app, as a user gets it: installed from the `npm pack` tarball into a
// scratch project whose entry imports "app-admin-wasm" by name, calls `await init()`, a validator
// and MerakiClient.updatePrivateApplication, and writes the outcome into the DOM. Built with
// webpack's Node API (mode production, target web, no configuration about the .wasm), served by
// the mock and loaded in headless Chromium. webpack is the repository's own dev dependency (nothing
// installed into the scratch project but the tarball).
//   - the build emits the package's .wasm as an asset, unchanged, and pulls in no Node entry;
//   - its only warnings are the size-limit ones the README announces;
//   - the page works, fetching that emitted .wasm (served as application/wasm);
//   - the same page without the emitted .wasm fails: the page test cannot pass on a stale copy.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import webpack from "webpack";
import { startMock } from "../mock/server.mjs";
import { launch } from "../browser/chromium.mjs";
import { assertOnePut, assertPageOutcome, loadPage, packOnce, pageHtml, pageScript, scratch } from "./scratch.mjs";

let pack, app, dist, stats, browser;

/** webpack(config) as a promise of its Stats; rejects only when webpack itself cannot run. */
function build(config) {
  return new Promise((done, fail) => {
    const compiler = webpack(config);
    compiler.run((err, result) => {
      compiler.close((closeErr) => (err || closeErr ? fail(err ?? closeErr) : done(result)));
    });
  });
}

before(async () => {
  pack = await packOnce("webpack");
  app = await scratch(pack, "webpack-app", { "src/index.js": pageScript("app-admin-wasm") });
  dist = join(app, "dist");
  stats = await build({
    mode: "production",
    target: "web",
    context: app,
    entry: "./src/index.js",
    output: { path: dist, filename: "main.js", clean: true },
    devtool: false,
    infrastructureLogging: { level: "error" },
  });
  // After the build (output.clean empties dist/): a classic deferred script, as HtmlWebpackPlugin writes it.
  writeFileSync(join(dist, "index.html"), pageHtml(`<script defer src="main.js"></script>`));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  pack?.cleanup();
});

const describe = (list) => list.map((w) => `${w.name ?? ""}: ${w.message}`).join("\n");
const emittedWasm = () => readdirSync(dist).filter((f) => f.endsWith(".wasm"));

test("webpack build succeeds and emits the package's .wasm as an asset, unchanged", () => {
  const info = stats.toJson({ all: false, errors: true, assets: true, modules: true, nestedModules: true });
  assert.equal(stats.hasErrors(), false, describe(info.errors));
  const wasm = emittedWasm();
  assert.equal(wasm.length, 1, readdirSync(dist).join(", "));
  assert.ok(
    readFileSync(join(dist, wasm[0])).equals(readFileSync(join(app, "node_modules", "app-admin-wasm", "app_admin_wasm_bg.wasm"))),
    "the emitted .wasm is the package's, byte for byte",
  );
  // One JavaScript chunk that names the emitted file (the glue's and init()'s `new URL(…, import.meta.url)`).
  assert.deepEqual(readdirSync(dist).filter((f) => f.endsWith(".js")), ["main.js"]);
  assert.ok(readFileSync(join(dist, "main.js"), "utf8").includes(wasm[0]), "main.js refers to the emitted .wasm");
  // The browser entry, never the Node one (which reads the .wasm with fs).
  const modules = JSON.stringify(info.modules.flatMap((m) => [m.name, ...(m.modules ?? []).map((n) => n.name)]));
  assert.match(modules, /app-admin-wasm\/web\/index\.js/);
  assert.doesNotMatch(modules, /app-admin-wasm\/node\//);
});

test("webpack's only warnings are the size-limit ones (the README says to expect them)", () => {
  const warnings = stats.compilation.warnings;
  const unexpected = warnings.filter((w) => !/^(AssetsOverSizeLimitWarning|EntrypointsOverSizeLimitWarning|NoAsyncChunksWarning)$/.test(w.name));
  assert.deepEqual(unexpected.map((w) => w.name), [], describe(unexpected));
  // What is over the limit is the .wasm, not the JavaScript.
  const oversized = warnings.find((w) => w.name === "AssetsOverSizeLimitWarning");
  if (oversized) assert.deepEqual(oversized.assets.map((a) => a.name), emittedWasm());
});

test("the built page loads in Chromium: init, validator and a client call against the mock", async () => {
  const mock = await startMock({ static: { "/": dist } });
  try {
    const got = await loadPage(browser, `${mock.url}/`);
    assertPageOutcome(assert, got);
    assertOnePut(assert, mock);
    // init() fetched the emitted file, next to main.js, served as application/wasm.
    assert.deepEqual(got.wasm.map((w) => [new URL(w.url).pathname, w.status, w.type]), [[`/${emittedWasm()[0]}`, 200, "application/wasm"]]);
  } finally {
    await mock.close();
  }
});

test("the same build without its emitted .wasm fails to load (the page really uses that file)", async () => {
  const copy = join(app, "dist-without-wasm");
  cpSync(dist, copy, { recursive: true });
  rmSync(join(copy, emittedWasm()[0]));
  const mock = await startMock({ static: { "/": copy } });
  try {
    const got = await loadPage(browser, `${mock.url}/`);
    assert.equal(got.shown.state, "error", JSON.stringify(got.shown));
    assert.deepEqual(got.wasm.map((w) => [new URL(w.url).pathname, w.status]), [[`/${emittedWasm()[0]}`, 404]]);
    assert.equal(mock.requests().filter((r) => r.method !== "OPTIONS").length, 0, "nothing was sent");
  } finally {
    await mock.close();
  }
});
