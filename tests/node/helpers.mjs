// Shared fixtures for the node:test suites in this folder (not a test file itself).

import assert from "node:assert/strict";
import net from "node:net";
import { readFileSync } from "node:fs";
import util from "node:util";
import { spawn } from "node:child_process";
import {
  AbortError, ApiError, NetworkError, TimeoutError, ValidationError,
} from "../../pkg/node/index.mjs";

export const OP = "updateOrganizationSecureConnectPrivateApplication";
export const API_KEY = "test-api-key";
export const ORG = "5001";
export const PATH_PREFIX = "/api/v1/organizations";

/** The smallest update the client and the mock both accept. */
export const APP = Object.freeze({
  name: "Jira",
  destinations: [
    { destinationAddr: ["172.6.0.0/32"], protocolPorts: [{ protocol: "TCP", ports: "80-82" }], accessType: "network" },
  ],
});

/** The request body example of the API page (it includes externalFQDN: a warning only). */
export function apiPageExample() {
  const page = JSON.parse(
    readFileSync(new URL("../../../shared/spec/meraki-update-private-application.json", import.meta.url), "utf8"),
  );
  const example = page.spec.requestBody.content["application/json"].schema.example;
  assert.equal(typeof example, "object", "the API page has a request body example");
  return example;
}

export const merakiBase = (mock) => `${mock.url}/api/v1`;
export const appPath = (org, id) =>
  `${PATH_PREFIX}/${encodeURIComponent(org)}/secureConnect/privateApplications/${encodeURIComponent(id)}`;

/** Awaits `promise`, which must reject; returns the rejection. */
export async function rejection(promise) {
  let value;
  try {
    value = await promise;
  } catch (err) {
    return err;
  }
  assert.fail(`expected a rejection, got ${JSON.stringify(value)}`);
}

/** Calls `fn`, which must throw synchronously; returns the error. */
export function thrown(fn) {
  try {
    fn();
  } catch (err) {
    return err;
  }
  assert.fail("expected a throw");
}

/** A TCP port on 127.0.0.1 that nothing listens on (bound, then closed). */
export async function closedPort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a truthy value (or fails after `timeoutMs`). */
export async function waitFor(check, what, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** Milliseconds between consecutive log entries (by the mock's arrival time `at`). */
export const gaps = (log) => log.slice(1).map((entry, i) => entry.at - log[i].at);

/** Asserts `lo <= value <= hi` with a readable message. */
export function assertBetween(value, lo, hi, what) {
  assert.ok(value >= lo && value <= hi, `${what}: ${value} is not within [${lo}, ${hi}]`);
}

/** Every string view of `value`: the ways a developer would print or log it, and every own
 * property, deep. Secret checks look in all of them. */
export function views(value) {
  const out = {
    string: String(value),
    json: JSON.stringify(value) ?? "",
    inspect: util.inspect(value, { depth: 10 }),
    inspectHidden: util.inspect(value, { depth: 10, showHidden: true }),
    format: util.format("%s %o %j", value, value, value),
  };
  if (value instanceof Error) {
    out.message = value.message;
    out.stack = String(value.stack);
    out.toString = value.toString();
  }
  // Every own property, enumerable or not, deep.
  const seen = new Set();
  const walk = (v, path) => {
    if (v === null || (typeof v !== "object" && typeof v !== "function")) {
      out[path] = String(v);
      return;
    }
    if (seen.has(v)) return;
    seen.add(v);
    for (const key of Reflect.ownKeys(v)) {
      const d = Object.getOwnPropertyDescriptor(v, key);
      if (d && "value" in d && typeof d.value !== "function") walk(d.value, `${path}.${String(key)}`);
    }
    if (v instanceof Map) for (const [k, x] of v) walk(x, `${path}[${String(k)}]`);
  };
  walk(value, "value");
  if (value?.cause !== undefined) Object.assign(out, views(value.cause));
  return out;
}

/**
 * Runs `script` (an ES module) in a fresh `node` process (with `nodeArgs`, e.g. `--expose-gc`)
 * and `env` added, so that a client's
 * timing is not disturbed by the mock sharing this process's event loop. Asserts a clean exit
 * with nothing on stderr and returns the JSON the script printed.
 */
export async function runChild(script, env, timeoutMs = 20_000, nodeArgs = []) {
  const childEnv = { ...process.env, ...env };
  delete childEnv.NODE_TEST_CONTEXT;
  delete childEnv.NODE_OPTIONS;
  const { code, stdout, stderr } = await new Promise((resolve, reject) => {
    const args = [...nodeArgs, "--input-type=module", "-e", script];
    const child = spawn(process.execPath, args, { env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (err += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (exitCode) => {
      clearTimeout(timer);
      resolve({ code: exitCode, stdout: out, stderr: err });
    });
  });
  assert.equal(stderr, "");
  assert.equal(code, 0);
  return JSON.parse(stdout);
}

/**
 * Child-script code (prepend it, before the package is imported) that finds the module's
 * `WebAssembly.Memory`: the glue reads `wasm.memory.buffer` the first time it passes a string,
 * so a getter wrapped around `Memory.prototype.buffer` sees that very instance. Afterwards
 * `wasmMemory()` returns it (call an export once first); `wasmMemory().buffer.byteLength` is
 * the module's linear memory, which only ever grows.
 */
export const WASM_MEMORY_PROBE = `
  const bufferGetter = Object.getOwnPropertyDescriptor(WebAssembly.Memory.prototype, "buffer");
  let probedMemory = null;
  Object.defineProperty(WebAssembly.Memory.prototype, "buffer", {
    ...bufferGetter,
    get() {
      probedMemory ??= this;
      return bufferGetter.get.call(this);
    },
  });
  const wasmMemory = () => {
    if (!probedMemory) throw new Error("the package has not touched its memory yet: call an export first");
    Object.defineProperty(WebAssembly.Memory.prototype, "buffer", bufferGetter);
    return probedMemory;
  };
`;

const CALL_ERROR_CLASSES = { ValidationError, ApiError, NetworkError, TimeoutError, AbortError };

/**
 * The checks every call error shares: exactly one class, its name, an Error with a stack, the
 * operation, the attempts, and a message that starts with the operation and ends with the attempts.
 */
export function assertCallError(e, Class, attempts, operation = OP) {
  assert.ok(e instanceof Error, `an Error: ${e}`);
  assert.ok(e instanceof Class, `${e?.name}: ${e?.message} is not a ${Class.name}`);
  for (const [name, Other] of Object.entries(CALL_ERROR_CLASSES)) {
    if (Other !== Class) assert.ok(!(e instanceof Other), `not also a ${name}`);
  }
  assert.equal(e.name, Class.name);
  assert.equal(e.operation, operation);
  assert.equal(e.attempts, attempts, `attempts of ${e.message}`);
  assert.equal(typeof e.message, "string");
  assert.ok(e.message.startsWith(operation), e.message);
  assert.ok(e.message.endsWith(`(${attempts} attempt${attempts === 1 ? "" : "s"})`), e.message);
  assert.equal(typeof e.stack, "string");
}

const CALLBACK_PAYLOAD = JSON.parse(
  readFileSync(new URL("../fixtures/callback-payload.json", import.meta.url), "utf8"),
);

/** The detach-sites webhook payload (tests/fixtures/, shared with the Rust tests), carrying `sharedSecret`. */
export const callbackPayload = (sharedSecret) => Object.freeze({ ...structuredClone(CALLBACK_PAYLOAD), sharedSecret });

/** Path ids every operation refuses with ValidationError before sending: `[id, label]`. */
export const REFUSED_IDS = Object.freeze([
  [".", "a dot"],
  ["..", "two dots"],
  ["", "empty"],
  ["a\r\nb", "CR LF"],
  ["a\nb", "LF"],
  ["a\rb", "CR"],
  [42, "a number"],
  [null, "null"],
  [undefined, "undefined"],
  [{ toString: () => "x" }, "an object"],
]);
