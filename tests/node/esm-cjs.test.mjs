// The Node entry points: `import` and `require` work without init() and share one set of classes,
// and a separate `node` process resolves the package by name through package.json `exports`.
// Run: node --test tests/node/esm-cjs.test.mjs

import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, mkdir, realpath, rm, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esm from "../../pkg/node/index.mjs";
import { startMock } from "../mock/server.mjs";
import { API_KEY, APP, OP, merakiBase, rejection, thrown } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const cjs = require("../../pkg/node/index.cjs");
const PKG_DIR = fileURLToPath(new URL("../../pkg/", import.meta.url));

// The public contract (../shared/design/api.md), the relay (relay.md; Node only), plus init/initSync
// for code shared with browsers.
const EXPORTS = [
  "MerakiClient",
  "SymphonyClient",
  "validatePrivateApplicationUpdate",
  "validateDetachSitesRequest",
  "validateApplicationDetail",
  "verifyDetachSitesCallback",
  "rsaSessionTokenProvider",
  "memoryRateLimiter",
  "redisRateLimiter",
  "ValidationError",
  "ApiError",
  "NetworkError",
  "TimeoutError",
  "AbortError",
  "createMerakiRelay",
  "createSymphonyRelay",
  "init",
  "initSync",
];
const ERROR_CLASSES = ["ValidationError", "ApiError", "NetworkError", "TimeoutError", "AbortError"];

let mock;
before(async () => {
  mock = await startMock({ port: 0 });
});
after(() => mock?.close());
beforeEach(() => mock.reset());

describe("in-process entry points", () => {
  test("import and require expose the same names, as the very same objects", () => {
    for (const name of EXPORTS) {
      assert.equal(typeof esm[name], "function", `import: ${name}`);
      assert.equal(typeof cjs[name], "function", `require: ${name}`);
      assert.equal(esm[name], cjs[name], `${name} is one object for import and require`);
    }
    assert.deepEqual(Object.keys(esm).sort(), Object.keys(cjs).sort());
  });

  test("the error classes are Error subclasses named after themselves", () => {
    for (const name of ERROR_CLASSES) {
      const Class = esm[name];
      assert.equal(Class.name, name);
      const e = new Class("m", {});
      assert.ok(e instanceof Error);
      assert.ok(e instanceof cjs[name]);
      assert.equal(e.name, name);
    }
  });

  test("validators and clients work without calling init()", () => {
    for (const api of [esm, cjs]) {
      assert.deepEqual(api.validatePrivateApplicationUpdate(APP), { valid: true, errors: [], warnings: [] });
      const report = api.validatePrivateApplicationUpdate({ name: "" });
      assert.equal(report.valid, false);
      assert.deepEqual(
        report.errors.map((i) => [i.path, i.code]),
        [["/name", "blank"], ["", "required"]],
      );
      const client = new api.MerakiClient({ apiKey: API_KEY, baseUrl: "https://api.meraki.com/api/v1" });
      const prepared = client.prepareUpdatePrivateApplication("5001", "183456", APP);
      assert.equal(prepared.url, "https://api.meraki.com/api/v1/organizations/5001/secureConnect/privateApplications/183456");
      assert.equal(prepared.body, JSON.stringify(APP));
    }
  });

  test("init() and initSync() are harmless no-ops on Node", async () => {
    assert.equal(await esm.init(), undefined);
    assert.equal(esm.initSync(), undefined);
    assert.equal(await cjs.init(new Uint8Array([1, 2, 3])), undefined);
    assert.deepEqual(esm.validatePrivateApplicationUpdate(APP).valid, true);
  });

  test("an error thrown through one entry point is an instance of the other's class", async () => {
    const e = thrown(() => new cjs.MerakiClient({}));
    assert.ok(e instanceof esm.ValidationError);
    assert.ok(e instanceof cjs.ValidationError);

    const wrongKey = new esm.MerakiClient({ apiKey: "wrong-key", baseUrl: merakiBase(mock), maxRetries: 0 });
    const apiError = await rejection(wrongKey.updatePrivateApplication("5001", "183456", APP));
    assert.ok(apiError instanceof cjs.ApiError);
    assert.ok(apiError instanceof esm.ApiError);
    assert.equal(apiError.status, 401);
    assert.equal(apiError.operation, OP);

    const good = new cjs.MerakiClient({ apiKey: API_KEY, baseUrl: merakiBase(mock) });
    const result = await good.updatePrivateApplication("5001", "183456", APP);
    assert.equal(result.applicationId, "183456");
    assert.equal(mock.requests().length, 2);
  });
});

describe("a child node process resolving the package by name", () => {
  let scratch;
  before(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), "app-admin-wasm-esm-cjs-"));
    await mkdir(path.join(scratch, "node_modules"));
    await symlink(PKG_DIR, path.join(scratch, "node_modules", "app-admin-wasm"), "dir");
  });
  after(() => scratch && rm(scratch, { recursive: true, force: true }));

  /** Runs `node ...args` in the scratch dir with a clean environment; resolves {code, stdout, stderr}. */
  function runNode(args) {
    const env = { ...process.env, MOCK_URL: mock.url };
    // Nothing that could hide or add warnings, and no node:test child protocol.
    for (const name of ["NODE_OPTIONS", "NODE_NO_WARNINGS", "NODE_TEST_CONTEXT", "NODE_PATH", "NODE_V8_COVERAGE"]) {
      delete env[name];
    }
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, args, { cwd: scratch, env, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
      child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      child.on("error", reject);
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout, stderr });
      });
    });
  }

  // The same program for both module systems; `load` differs.
  const program = (load) => `
${load}
const app = ${JSON.stringify(APP)};
const out = (v) => process.stdout.write(JSON.stringify(v) + "\\n");
out({ resolved: RESOLVED, exports: Object.keys(api).sort() });
out(api.validatePrivateApplicationUpdate(app));
out(api.validatePrivateApplicationUpdate({ name: "Bad!" }).errors.map((i) => i.path + " " + i.code));
const client = new api.MerakiClient({ apiKey: "test-api-key", baseUrl: process.env.MOCK_URL + "/api/v1" });
client.updatePrivateApplication("5001", "a/b", app).then(async (r) => {
  out({ applicationId: r.applicationId, name: r.name, revision: r.mockRevision });
  const bad = new api.MerakiClient({ apiKey: "nope", baseUrl: process.env.MOCK_URL + "/api/v1", maxRetries: 0 });
  try {
    await bad.updatePrivateApplication("5001", "x", app);
    out("no error");
  } catch (e) {
    out({ name: e.name, isApiError: e instanceof api.ApiError, isError: e instanceof Error, status: e.status, message: e.message });
  }
});
`;

  const expectedLines = (resolvedFile) => [
    { resolved: resolvedFile, exports: [...EXPORTS].sort() },
    { valid: true, errors: [], warnings: [] },
    ["/name name-characters", " required"],
    { applicationId: "a/b", name: "Jira", revision: 1 },
    {
      name: "ApiError",
      isApiError: true,
      isError: true,
      status: 401,
      message: `${OP} failed with HTTP 401: Invalid API key (1 attempt)`,
    },
  ];

  async function check(args, resolvedFile) {
    const { code, signal, stdout, stderr } = await runNode(args);
    assert.equal(stderr, "", "no warnings (ExperimentalWarning or other) on stderr");
    assert.equal(signal, null);
    assert.equal(code, 0);
    const lines = stdout.trimEnd().split("\n").map((line) => JSON.parse(line));
    assert.deepEqual(lines, expectedLines(await realpath(path.join(PKG_DIR, resolvedFile))));
    const log = mock.requests();
    assert.equal(log.length, 2, "the child's two calls reached the mock");
    assert.deepEqual(log[0].segments.slice(-2), ["privateApplications", "a/b"]);
    assert.equal(log[0].status, 200);
    assert.equal(log[1].status, 401);
  }

  test("import from 'app-admin-wasm' (ESM) with no init call", async () => {
    const load = `
import * as api from "app-admin-wasm";
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
const RESOLVED = realpathSync(fileURLToPath(import.meta.resolve("app-admin-wasm")));`;
    await check(["--input-type=module", "-e", program(load)], "node/index.mjs");
  });

  test("require('app-admin-wasm') (CommonJS) with no init call", async () => {
    const load = `
const api = require("app-admin-wasm");
const RESOLVED = require("node:fs").realpathSync(require.resolve("app-admin-wasm"));`;
    await check(["-e", program(load)], "node/index.cjs");
  });

  test("import and require by name in one process give the same classes", async () => {
    const script = `
import * as esm from "app-admin-wasm";
import { createRequire } from "node:module";
const cjs = createRequire(process.cwd() + "/")("app-admin-wasm");
const names = Object.keys(esm);
process.stdout.write(JSON.stringify({ same: names.every((n) => esm[n] === cjs[n]), count: names.length }) + "\\n");`;
    const { code, stdout, stderr } = await runNode(["--input-type=module", "-e", script]);
    assert.equal(stderr, "");
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout), { same: true, count: EXPORTS.length });
  });
});
