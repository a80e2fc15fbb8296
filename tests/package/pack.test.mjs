// The package as users receive it: `npm pack` of pkg/, installed from the tarball into a
// scratch project, then loaded by name with plain `import` and `require` in fresh Node
// processes, with no init call.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startMock } from "../mock/server.mjs";

const pkg = resolve(import.meta.dirname, "..", "..", "pkg");
let dir, mock, tarball;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "app-admin-wasm-pack-"));
  execFileSync("npm", ["pack", pkg, "--pack-destination", dir, "--silent"], { stdio: "pipe" });
  tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "scratch", private: true }));
  execFileSync("npm", ["install", "--silent", "--no-audit", "--no-fund", `./${tarball}`], { cwd: dir, stdio: "pipe" });
  mock = await startMock({});
});

after(async () => {
  await mock?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const body = { name: "Jira", destinations: [{ destinationAddr: ["10.0.0.1"], protocolPorts: [{ protocol: "TCP", ports: "443" }], accessType: "network" }] };

// Asynchronous: the mock runs in this process and must keep answering while the child waits.
async function node(args, code) {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [...args, code], { cwd: dir, encoding: "utf8" });
  return { out: JSON.parse(stdout), stderr };
}

function script(load) {
  return `${load}
const client = new MerakiClient({ apiKey: "test-api-key", baseUrl: ${JSON.stringify(mock.url + "/api/v1")} });
client.updatePrivateApplication("org-pack", "a/b", ${JSON.stringify(body)}).then((app) => {
  console.log(JSON.stringify({ valid: validatePrivateApplicationUpdate({}).valid, id: app.applicationId, rev: typeof app.mockRevision }));
});`;
}

test("the tarball ships only what the package needs", () => {
  const list = execFileSync("tar", ["-tzf", join(dir, tarball)], { encoding: "utf8" }).trim().split("\n");
  assert.ok(list.includes("package/app_admin_wasm_bg.wasm"));
  assert.ok(list.includes("package/index.d.ts"));
  assert.ok(list.includes("package/index.d.cts"));
  assert.ok(list.every((f) => /^package\/(index\.d\.c?ts|package\.json|README\.md|app_admin_wasm_bg\.wasm|types\/|node\/|web\/)/.test(f)), list.join("\n"));
  assert.deepEqual(list.filter((f) => f.endsWith(".wasm")).sort(), ["package/app_admin_wasm_bg.wasm", "package/node/app_admin_wasm_bg.wasm"]);
});

test("import by name, no init, and nothing on stderr", async () => {
  const got = await node(["--input-type=module", "-e"], script(`import { MerakiClient, validatePrivateApplicationUpdate } from "app-admin-wasm";`));
  assert.deepEqual(got, { out: { valid: false, id: "a/b", rev: "number" }, stderr: "" });
});

test("require by name, no init, and no warning on stderr", async () => {
  const got = await node(["-e"], script(`const { MerakiClient, validatePrivateApplicationUpdate } = require("app-admin-wasm");`));
  assert.deepEqual(got, { out: { valid: false, id: "a/b", rev: "number" }, stderr: "" });
});

// Node's glue is CommonJS; wasm-bindgen's snippets (the error classes, the timers) are ES modules,
// which require() could only load through require(esm), at a cost of about 1.5 ms on a cold start. The
// build ships CommonJS copies of them in node/ and leaves web/ ES modules.
test("the Node snippets are CommonJS (.cjs), the web ones ES modules", () => {
  const list = execFileSync("tar", ["-tzf", join(dir, tarball)], { encoding: "utf8" }).trim().split("\n");
  const node = list.filter((f) => f.startsWith("package/node/snippets/"));
  const web = list.filter((f) => f.startsWith("package/web/snippets/"));
  assert.ok(node.length >= 2 && web.length >= 2, list.join("\n"));
  assert.deepEqual(node.filter((f) => !f.endsWith(".cjs")), [], "only .cjs files under node/snippets/ (no ES module, no package.json making one)");
  assert.deepEqual(web.filter((f) => !f.endsWith(".js")), []);
  const strip = (f, ext) => f.replace(/^package\/(node|web)\//, "").replace(ext, "");
  assert.deepEqual(node.map((f) => strip(f, /\.cjs$/)).sort(), web.map((f) => strip(f, /\.js$/)).sort(), "the same snippets in both");
  assert.deepEqual(list.filter((f) => f.startsWith("package/node/") && f.endsWith("package.json")), ["package/node/package.json"]);
});

test("require by name loads no ES module: every file it loads is CommonJS", async () => {
  const { out, stderr } = await node(["-e"], `
const api = require("app-admin-wasm");
const loaded = Object.entries(require.cache).map(([file, m]) => ({ file: file.slice(file.indexOf("app-admin-wasm/") + 15), esm: Object.prototype.toString.call(m.exports) === "[object Module]" }));
console.log(JSON.stringify({ valid: api.validatePrivateApplicationUpdate({ name: "Jira" }).valid, loaded }));`);
  assert.equal(stderr, "");
  assert.equal(out.valid, false);
  const files = out.loaded.map((l) => l.file);
  assert.ok(files.includes("node/index.cjs") && files.includes("node/app_admin_wasm.js"), files.join("\n"));
  assert.ok(files.filter((f) => f.startsWith("node/snippets/")).length >= 2, `the snippets are among the loaded files:\n${files.join("\n")}`);
  assert.deepEqual(out.loaded.filter((l) => l.esm).map((l) => l.file), [], "loaded as ES modules (require(esm))");
});
