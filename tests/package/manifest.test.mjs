// The package.json users rely on, as it is in the `npm pack` tarball: name, version, description,
// license, repository, keywords, types, exports (types first; node import/require; default),
// files (only what ships: compared with the tarball listing and with what the entry points
// actually load), sideEffects, engines. Also lists the tarball's files and sizes.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import ts from "typescript";
import { ROOT, packOnce, runOk } from "./scratch.mjs";

let pack, manifest, shipped, pkgDir;

before(async () => {
  pack = await packOnce("manifest");
  const unpacked = join(pack.dir, "unpacked");
  mkdirSync(unpacked);
  await runOk("tar", ["-xzf", pack.tarball, "-C", unpacked]);
  pkgDir = join(unpacked, "package");
  manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  shipped = new Set(pack.files.map((f) => f.path));
});

after(() => pack?.cleanup());

/** "./a/b" → "a/b" (a path inside the package, as npm lists it). */
const inPackage = (target) => normalize(target).replace(/^\.\//, "");

test("the tarball's files and sizes", (t) => {
  for (const f of pack.files) t.diagnostic(`${String(f.size).padStart(8)}  ${f.path}`);
  t.diagnostic(`${pack.files.length} files, ${pack.unpackedSize} bytes unpacked, ${pack.size} bytes packed (${pack.tarball.split("/").pop()})`);
  assert.ok(pack.files.length > 0);
});

test("name, version, description, license, repository and keywords", () => {
  assert.equal(manifest.name, "app-admin-wasm");
  const cargoVersion = readFileSync(join(ROOT, "Cargo.toml"), "utf8").match(/^version = "(.+)"/m)[1];
  assert.equal(manifest.version, cargoVersion, "the npm version is the crate's");
  assert.match(manifest.version, /^\d+\.\d+\.\d+(-[\w.]+)?$/);
  assert.equal(typeof manifest.description, "string");
  assert.ok(manifest.description.length >= 40 && manifest.description.length <= 300, manifest.description);
  assert.match(manifest.description, /Meraki/);
  assert.match(manifest.description, /Symphony/);
  assert.equal(manifest.license, "MIT");
  assert.equal(manifest.repository?.type, "git");
  assert.doesNotThrow(() => new URL(manifest.repository.url), manifest.repository.url);
  assert.ok(Array.isArray(manifest.keywords) && manifest.keywords.length >= 3);
  assert.ok(manifest.keywords.every((k) => typeof k === "string" && k === k.toLowerCase() && k.trim() === k));
  for (const k of ["meraki", "symphony", "webassembly"]) assert.ok(manifest.keywords.includes(k), k);
});

test("types, and exports['.']: node {import, require} then default, each with its types first; every target ships", () => {
  assert.equal(manifest.type, "module");
  assert.equal(manifest.types, "./index.d.ts");
  const dot = manifest.exports["."];
  assert.deepEqual(Object.keys(dot), ["node", "default"]);
  assert.deepEqual(Object.keys(dot.node), ["import", "require"]);
  // Each branch names its declarations first: ES-module ones for import and browsers, CommonJS
  // ones (index.d.cts) for require, so TypeScript's node16 resolution gets the right format.
  assert.deepEqual(dot.node.import, { types: "./index.d.ts", default: dot.node.import.default });
  assert.deepEqual(dot.node.require, { types: "./index.d.cts", default: dot.node.require.default });
  assert.deepEqual(dot.default, { types: "./index.d.ts", default: dot.default.default });
  assert.match(dot.node.import.default, /\.mjs$/);
  assert.match(dot.node.require.default, /\.cjs$/);
  assert.match(dot.default.default, /^\.\/web\/.+\.js$/);
  // The .wasm for bundlers that `?url` it, and package.json for tools that read it.
  assert.equal(manifest.exports["./app_admin_wasm_bg.wasm"], "./app_admin_wasm_bg.wasm");
  assert.equal(manifest.exports["./package.json"], "./package.json");
  // Fallbacks for tools that predate exports point at the same files.
  assert.equal(manifest.main, dot.node.require.default);
  assert.equal(manifest.module, dot.default.default);
  assert.equal(manifest.types, dot.default.types);
  const targets = JSON.stringify(manifest.exports).match(/"\.\/[^"]+"/g).map((s) => JSON.parse(s)).filter((s) => s.startsWith("./") && s !== "./");
  for (const target of [...targets, manifest.main, manifest.module, manifest.types]) {
    assert.ok(shipped.has(inPackage(target)), `${target} is not in the tarball`);
  }
});

test("index.d.cts is self-contained (a CommonJS declaration file cannot import the ES-module ones)", () => {
  const path = join(pkgDir, "index.d.cts");
  const sf = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const imports = sf.statements
    .filter((st) => ts.isImportDeclaration(st) || ts.isImportEqualsDeclaration(st) || (ts.isExportDeclaration(st) && st.moduleSpecifier))
    .map((st) => st.getText(sf));
  assert.deepEqual(imports, []);
  assert.deepEqual([...sf.referencedFiles, ...sf.typeReferenceDirectives, ...sf.libReferenceDirectives].map((r) => r.fileName), []);
  assert.ok(sf.statements.some((st) => ts.isClassDeclaration(st) && st.name?.text === "MerakiClient"));
});

test("sideEffects, engines, and nothing that runs at install", () => {
  assert.equal(manifest.sideEffects, false);
  const range = manifest.engines?.node;
  assert.match(range ?? "", /^>=\s*\d+\.\d+(\.\d+)?$/, "engines.node is a lower bound");
  const min = range.replace(/^>=\s*/, "").split(".").map(Number);
  assert.ok(min[0] >= 18, `engines.node ${range}`);
  const [major, minor] = process.versions.node.split(".").map(Number);
  assert.ok(major > min[0] || (major === min[0] && minor >= (min[1] ?? 0)), `this Node (${process.version}) is outside ${range}`);
  assert.equal(manifest.dependencies, undefined, "no runtime dependencies");
  assert.equal(manifest.devDependencies, undefined);
  for (const hook of ["preinstall", "install", "postinstall", "prepare"]) assert.equal(manifest.scripts?.[hook], undefined, hook);
  assert.equal(manifest.private, undefined);
});

// What each shipped code file loads: relative imports/requires, and assets it finds by URL.
function references(path) {
  const text = readFileSync(join(pkgDir, path), "utf8");
  const modules = [
    ...text.matchAll(/\b(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g),
    ...text.matchAll(/\brequire\(\s*(?:String\.raw)?[`'"](\.{1,2}\/[^`'"]+)[`'"]\s*\)/g),
  ].map((m) => m[1]);
  const assets = [
    ...text.matchAll(/new URL\(\s*[`'"]([^`'"]+)[`'"]\s*,\s*import\.meta\.url\s*\)/g),
    ...text.matchAll(/`\$\{__dirname\}\/([^`]+)`/g),
  ].map((m) => m[1]);
  const resolveFrom = (spec) => normalize(join(dirname(path), spec));
  return {
    // A declaration file names its neighbours by their .js (.cjs) names.
    modules: modules.map((spec) => resolveFrom(/\.d\.c?ts$/.test(path) ? spec.replace(/\.js$/, ".d.ts").replace(/\.cjs$/, ".d.cts") : spec)),
    assets: assets.map(resolveFrom),
  };
}

/** Every file reachable from the manifest's entry points, and the references that miss. */
function reachable() {
  const entries = JSON.stringify(manifest.exports).match(/"\.\/[^"]+"/g).map((s) => inPackage(JSON.parse(s)));
  const queue = [...entries, inPackage(manifest.main), inPackage(manifest.module), inPackage(manifest.types)];
  const seen = new Set(["package.json"]);
  const missingModules = [];
  const missingAssets = [];
  while (queue.length) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    // The nearest package.json decides whether a .js file is CommonJS or an ES module.
    for (let dir = dirname(file); dir !== "."; dir = dirname(dir)) {
      if (shipped.has(`${dir}/package.json`)) seen.add(`${dir}/package.json`);
    }
    if (!/\.(c|m)?js$|\.d\.c?ts$/.test(file)) continue;
    const { modules, assets } = references(file);
    for (const m of modules) (shipped.has(m) ? queue.push(m) : missingModules.push(`${file} → ${m}`));
    for (const a of assets) (shipped.has(a) ? queue.push(a) : missingAssets.push(`${file} → ${a}`));
  }
  return { seen, missingModules, missingAssets };
}

test("files ships only what the entry points load (plus README and package.json), and all of it", () => {
  const { seen, missingModules } = reachable();
  assert.deepEqual(missingModules, [], "a module an entry point loads is not in the tarball");
  const extra = [...shipped].filter((f) => !seen.has(f) && !/^(README|LICENSE|CHANGELOG)(\.md)?$/i.test(f));
  assert.deepEqual(extra, [], "files in the tarball that nothing loads");
  assert.ok(shipped.has("README.md"));
  // Each `files` entry matches something, and every shipped file is under one of them.
  const under = (f, entry) => (entry.endsWith("/") ? f.startsWith(entry) : f === entry);
  for (const entry of manifest.files) assert.ok([...shipped].some((f) => under(f, entry)), `files entry ${entry} matches nothing`);
  for (const f of shipped) {
    assert.ok(f === "package.json" || manifest.files.some((entry) => under(f, entry)), `${f} is shipped but not listed in files`);
  }
  // Two builds of the module: the browser's at the root (the exported subpath), and Node's,
  // with the server-only relay, next to the Node glue.
  assert.deepEqual([...shipped].filter((f) => f.endsWith(".wasm")).sort(), ["app_admin_wasm_bg.wasm", "node/app_admin_wasm_bg.wasm"]);
});

test("every asset URL in the shipped code points at a shipped file", () => {
  assert.deepEqual(reachable().missingAssets, []);
});
