// Shared by the packaging tests (not a test file itself): pack pkg/ once per test file, and make
// scratch projects that install the package from that tarball the way a user would. Tools the
// consumers need (vite, tsc, @types/node) are the repository's own dev dependencies, called by
// absolute path, so nothing is downloaded again and the tests stay offline-fast.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "..", "..");
export const PKG = join(ROOT, "pkg");
export const bin = (name) => join(ROOT, "node_modules", ".bin", name);

/**
 * Runs a command asynchronously (an in-process mock must keep answering while it runs) and
 * resolves to {code, stdout, stderr}; it never rejects on a non-zero exit.
 */
export function run(cmd, args, options = {}) {
  return new Promise((done, fail) => {
    execFile(cmd, args, { encoding: "utf8", maxBuffer: 64 << 20, ...options }, (err, stdout, stderr) => {
      if (err && typeof err.code !== "number") return fail(err); // not started at all (ENOENT, …)
      done({ code: err ? err.code : 0, stdout, stderr });
    });
  });
}

/** Like run(), but throws with the output when the command fails. */
export async function runOk(cmd, args, options = {}) {
  const r = await run(cmd, args, options);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/**
 * `npm pack` of pkg/ into a new temporary directory. Resolves to {dir, tarball (absolute path),
 * files: [{path, size}] as npm reports them, cleanup()}.
 */
export async function packOnce(label) {
  const dir = mkdtempSync(join(tmpdir(), `app-admin-wasm-${label}-`));
  const { stdout } = await runOk("npm", ["pack", PKG, "--pack-destination", dir, "--json"]);
  const [info] = JSON.parse(stdout);
  return {
    dir,
    tarball: join(dir, info.filename),
    name: info.name,
    version: info.version,
    size: info.size,
    unpackedSize: info.unpackedSize,
    files: info.files.map(({ path, size }) => ({ path, size })),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A scratch project `name` under `pack.dir` with the tarball installed, as a user would
 * (`npm install <tarball>`), then `files` ({relative path: text}) written into it.
 */
export async function scratch(pack, name, files = {}, manifest = {}) {
  const dir = join(pack.dir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `scratch-${name}`, private: true, ...manifest }, null, 2));
  await runOk("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", pack.tarball], { cwd: dir });
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir, files) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** The update every consumer sends: valid, and accepted by the mock. */
export const UPDATE = Object.freeze({
  name: "Jira",
  destinations: [{ destinationAddr: ["10.0.0.1"], protocolPorts: [{ protocol: "TCP", ports: "443" }], accessType: "network" }],
});

/** An update with two errors: a port out of range and an unknown accessType. */
export const BAD_UPDATE = Object.freeze({
  name: "Jira",
  destinations: [{ destinationAddr: ["10.0.0.1"], protocolPorts: [{ protocol: "TCP", ports: "70000" }], accessType: "public" }],
});

/**
 * The page both browser consumers (Vite, plain page) run: `await init()`, two validations, one
 * call against the mock (at `?api=` or this origin's /api/v1), and a call that must be refused
 * before sending; each outcome written into its own element, `body[data-state]` set at the end.
 */
export function pageScript(specifier) {
  return `import { init, MerakiClient, validatePrivateApplicationUpdate, ValidationError } from ${JSON.stringify(specifier)};

const show = (id, text) => { document.getElementById(id).textContent = text; };

async function main() {
  const baseUrl = new URLSearchParams(location.search).get("api") ?? location.origin + "/api/v1";
  await init();
  const good = validatePrivateApplicationUpdate(${JSON.stringify(UPDATE)});
  const bad = validatePrivateApplicationUpdate(${JSON.stringify(BAD_UPDATE)});
  show("valid", String(good.valid) + " " + String(bad.valid));
  show("issues", bad.errors.map((e) => e.path + " " + e.code).join("\\n"));

  const client = new MerakiClient({ apiKey: "test-api-key", baseUrl });
  const app = await client.updatePrivateApplication("org-page", "app/1", ${JSON.stringify(UPDATE)});
  show("app", [app.applicationId, app.name, typeof app.mockRevision, app.mockRevision].join(" "));
  try {
    await client.updatePrivateApplication("org-page", "app/1", { name: "" });
    show("refused", "sent");
  } catch (e) {
    show("refused", [e instanceof ValidationError, e.name, e.issues.length > 0].join(" "));
  }
  document.body.dataset.state = "done";
}

main().catch((e) => {
  show("error", String(e && e.stack ? e.stack : e));
  document.body.dataset.state = "error";
});
`;
}

/** The page's HTML; `script` is the `<script type="module">` element that runs pageScript(). */
export function pageHtml(script) {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>app-admin-wasm consumer</title><link rel="icon" href="data:,"></head>
<body>
<pre id="valid"></pre>
<pre id="issues"></pre>
<pre id="app"></pre>
<pre id="refused"></pre>
<pre id="error"></pre>
${script}
</body>
</html>
`;
}

/**
 * Loads `url` in `browser`, waits for the page script to finish, and returns what the page shows,
 * the page errors, and the responses for .wasm files ({url, status, type}).
 */
export async function loadPage(browser, url) {
  const page = await browser.newPage();
  const pageErrors = [];
  const wasm = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  page.on("response", (r) => {
    if (new URL(r.url()).pathname.endsWith(".wasm")) wasm.push({ url: r.url(), status: r.status(), type: r.headers()["content-type"] });
  });
  try {
    await page.goto(url);
    await page.waitForFunction(() => document.body.dataset.state, null, { timeout: 20_000 }).catch(() => {});
    const shown = await page.evaluate(() => ({
      state: document.body.dataset.state ?? null,
      ...Object.fromEntries([...document.querySelectorAll("pre[id]")].map((e) => [e.id, e.textContent])),
    }));
    return { shown, pageErrors, wasm };
  } finally {
    await page.close();
  }
}

/** What both browser consumers must show (see pageScript). */
export function assertPageOutcome(assert, { shown, pageErrors }) {
  assert.deepEqual(pageErrors, []);
  assert.equal(shown.error, "", shown.error);
  assert.equal(shown.state, "done");
  assert.equal(shown.valid, "true false");
  assert.equal(shown.issues, "/destinations/0/accessType access-type\n/destinations/0/protocolPorts/0/ports port-range");
  // The typed result, with the field the API pages do not list (mockRevision) kept.
  assert.match(shown.app, /^app\/1 Jira number \d+$/);
  assert.equal(shown.refused, "true ValidationError true");
}

/** The mock saw exactly one API request from the page: the PUT, with the key as a bearer token. */
export function assertOnePut(assert, mock) {
  const api = mock.requests().filter((r) => r.method !== "OPTIONS");
  assert.equal(api.length, 1, JSON.stringify(api.map((r) => `${r.method} ${r.path}`)));
  assert.equal(api[0].method, "PUT");
  assert.equal(api[0].path, "/api/v1/organizations/org-page/secureConnect/privateApplications/app%2F1");
  assert.equal(api[0].headers.authorization, "Bearer test-api-key");
  assert.deepEqual(JSON.parse(api[0].body), UPDATE);
}
