// The README's scripts run as written against the mock: each code block after a
// `<!-- readme-example: NAME -->` marker is extracted from README.md (so the test fails when the
// README drifts), its vendor URLs replaced by the mock's and "app-admin-wasm" by the built
// package, and run in a fresh node process in a directory holding the files it reads.
// Run: node --test tests/node/readme-examples.test.mjs

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startMock } from "../mock/server.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PKG = pathToFileURL(path.join(ROOT, "pkg/node/index.mjs")).href;

/** The README's marked examples: {name: code}. */
function examples() {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const found = {};
  for (const m of readme.matchAll(/<!-- readme-example: ([\w-]+) -->\n```js\n([\s\S]*?)```/g)) found[m[1]] = m[2];
  return found;
}

const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
let mock, dir;
before(async () => {
  mock = await startMock({ port: 0, sessionTokens: [], bots: { "deploy-bot": publicKey.export({ type: "spki", format: "pem" }) } });
  dir = await mkdtemp(path.join(tmpdir(), "readme-examples-"));
  await writeFile(path.join(dir, "bot-key.pem"), privateKey.export({ type: "pkcs1", format: "pem" }));
});
after(async () => {
  await mock?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs `code` with the mock's URLs in place of the vendors'; resolves to {code, stdout, stderr}. */
async function run(name, code) {
  const local = code
    .replaceAll('"app-admin-wasm"', JSON.stringify(PKG))
    .replaceAll("https://api.meraki.com/api/v1", `${mock.url}/api/v1`)
    .replaceAll("https://acme.symphony.com", mock.url);
  assert.notEqual(local, code, "the example names the package");
  const file = path.join(dir, `${name}.mjs`);
  await writeFile(file, local);
  return new Promise((resolve) => {
    const env = { ...process.env, MERAKI_API_KEY: "test-api-key" };
    delete env.NODE_TEST_CONTEXT;
    execFile(process.execPath, [file], { cwd: dir, env, timeout: 20_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test("the README marks both scripts", () => {
  assert.deepEqual(Object.keys(examples()).sort(), ["detach-and-wait", "rsa-sign-in"]);
});

test("the RSA sign-in script signs in with bot-key.pem and updates the app", async () => {
  mock.reset();
  const out = await run("rsa-sign-in", examples()["rsa-sign-in"]);
  assert.deepEqual(out, { code: 0, stdout: "updated my-app\n", stderr: "" });
  assert.equal(mock.stats().signIns, 1);
  const update = mock.requests().find((e) => e.path === "/pod/v1/admin/app/my-app/update");
  assert.equal(JSON.parse(update.body).description, "Deployed by the release script");
});

test("the detach script waits for the callback's outcome", async () => {
  mock.reset({ callbackStepMs: 50 });
  const out = await run("detach-and-wait", examples()["detach-and-wait"]);
  assert.deepEqual(out, { code: 0, stdout: "detach completed\n", stderr: "" });
  const polls = mock.requests().filter((e) => e.method === "GET");
  assert.ok(polls.length >= 2, `${polls.length} polls`);
  assert.ok(polls.every((e) => e.path.startsWith("/api/v1/organizations/123456/webhooks/callbacks/statuses/")));
});

test("and reports a failed detach as the README says", async () => {
  mock.reset({ callbackStepMs: 50 });
  const failing = examples()["detach-and-wait"].replace('"1234567891"', '"fail-1234567891"');
  const out = await run("detach-fails", failing);
  assert.equal(out.code, 1);
  assert.equal(out.stdout, "");
  assert.match(out.stderr, /^detach failed: \[ 'Site fail-1234567891 could not be detached' \]/);
});
