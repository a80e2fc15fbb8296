// Values JSON cannot express, fed to every export in every argument position (issue 8, item 2):
// undefined, NaN, ±Infinity, -0, BigInt, symbols, functions, Map, cycles, 10,000-deep nesting,
// a 10 MB string, getters, Proxies and toJSON methods that throw, revoked proxies, fake signals…
// Each call must give a report, a value, or a `ValidationError` (a call: a rejection of one of the
// documented classes) — never a WebAssembly.RuntimeError, an `unreachable`, a glue TypeError, a
// synchronous throw from an async method, or a promise that never settles — and afterwards the
// module must still answer a good and a bad value correctly.
// Run: node --test tests/node/hostile-values.test.mjs

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as api from "../../pkg/node/index.mjs";
import { startMock } from "../mock/server.mjs";
import { APP, callbackPayload, merakiBase, runChild } from "./helpers.mjs";

const {
  MerakiClient, SymphonyClient, ValidationError, ApiError, NetworkError, TimeoutError, AbortError,
  validatePrivateApplicationUpdate, validateDetachSitesRequest, validateApplicationDetail, verifyDetachSitesCallback,
} = api;
const CALL_CLASSES = [ValidationError, ApiError, NetworkError, TimeoutError, AbortError];
const KEY = "test-api-key";
const TOKEN = "test-session-token";
const SECRET = "cb-secret-0123";
const ORG = "5001";
const DETACH = Object.freeze({ sites: ["1520758"], callback: { url: "https://hooks.example.com/m", sharedSecret: SECRET } });
const DETAIL = Object.freeze({ applicationInfo: { appId: "my-app", name: "My App", appUrl: "https://apps.example.com/a", domain: "example.com" } });
const CALLBACK = callbackPayload(SECRET);
const SETTLE_MS = 5000; // a call that has not settled by then never will: a hang is a failure

// ---- the hostile values ------------------------------------------------------------------------

/** A Proxy handler whose every trap (get, has, ownKeys, getPrototypeOf, apply…) throws. */
const throwingHandler = () => new Proxy({}, {
  get: (_, trap) => () => {
    throw new Error(`proxy trap ${String(trap)}`);
  },
});

function nested(depth, wrap) {
  let v = {};
  for (let i = 0; i < depth; i++) v = wrap(v);
  return v;
}

const FORWARDING_PROXIES = new WeakSet();

/** [label, make()] — made fresh per use, so one case cannot disturb the next. */
const HOSTILE = [
  ["undefined", () => undefined],
  ["NaN", () => NaN],
  ["Infinity", () => Infinity],
  ["-Infinity", () => -Infinity],
  ["-0", () => -0],
  ["a BigInt", () => 10n ** 30n],
  ["a symbol", () => Symbol("hostile")],
  ["a function", () => function hostile() {}],
  ["an arrow function with properties", () => Object.assign(() => 1, { name2: "x" })],
  ["a class", () => class Hostile {}],
  ["a Map", () => new Map([["name", "Jira"], ["destinations", []]])],
  ["a Set", () => new Set(["1520758"])],
  ["a WeakMap", () => new WeakMap()],
  ["a Date", () => new Date(NaN)],
  ["a RegExp", () => /x/g],
  ["an Error", () => new Error("hostile")],
  ["an Error whose message getter throws", () => new (class extends Error {
    get message() {
      throw new Error("message getter");
    }
  })()],
  ["a Proxy of an Error whose get trap throws", () => new Proxy(new Error("x"), { get() { throw new Error("get"); } })],
  ["a Promise", () => Promise.resolve("x")],
  ["a Promise whose constructor getter throws", () => {
    const p = Promise.resolve("x");
    Object.defineProperty(p, "constructor", { get() { throw new Error("constructor getter"); } });
    return p;
  }],
  ["a thenable whose then getter throws", () => ({ get then() { throw new Error("then getter"); } })],
  ["a Uint8Array", () => new Uint8Array([1, 2, 3])],
  ["an ArrayBuffer", () => new ArrayBuffer(8)],
  ["a String object", () => new String("183456")],
  ["an object with a null prototype", () => Object.assign(Object.create(null), { name: "Jira" })],
  ["an object with only symbol keys", () => ({ [Symbol("k")]: "v" })],
  ["an object with NaN, Infinity and -0 fields", () => ({ name: NaN, destinations: Infinity, sni: -0 })],
  ["an object with BigInt fields", () => ({ name: 1n, sites: [2n] })],
  ["a cyclic object", () => { const o = { name: "Jira" }; o.self = o; return o; }],
  ["a cyclic array", () => { const a = ["1520758"]; a.push(a); return a; }],
  ["an object nested 10,000 deep", () => nested(10_000, (v) => ({ v }))],
  ["an array nested 10,000 deep", () => nested(10_000, (v) => [v])],
  ["an array nested 200,000 deep", () => nested(200_000, (v) => [v])],
  ["a 10 MB string", () => "x".repeat(10 * 1024 * 1024)],
  ["an object holding a 10 MB string", () => ({ name: "é".repeat(5 * 1024 * 1024) })],
  ["a lone surrogate", () => "\uD800"],
  ["a string with NUL and CR/LF", () => "a\u0000b\r\nc"],
  ["an object whose getter throws", () => ({ get name() { throw new Error("getter"); } })],
  ["an object whose getter throws a RangeError", () => ({ get name() { throw new RangeError("getter"); } })],
  ["a Proxy whose every trap throws", () => new Proxy({}, throwingHandler())],
  ["a Proxy of a function whose every trap throws", () => new Proxy(() => {}, throwingHandler())],
  ["a revoked Proxy", () => { const { proxy, revoke } = Proxy.revocable({}, {}); revoke(); return proxy; }],
  ["a revoked function Proxy", () => { const { proxy, revoke } = Proxy.revocable(() => {}, {}); revoke(); return proxy; }],
  ["an object whose toJSON throws", () => ({ toJSON() { throw new Error("toJSON"); } })],
  ["an object whose toJSON returns a BigInt", () => ({ toJSON: () => 1n })],
  ["an object whose toJSON returns undefined", () => ({ toJSON: () => undefined })],
  ["an object whose toString and valueOf throw", () => ({ toString() { throw new Error("s"); }, valueOf() { throw new Error("v"); }, [Symbol.toPrimitive]() { throw new Error("p"); } })],
  ["a fake AbortSignal (instanceof, no internals)", () => Object.create(AbortSignal.prototype)],
  ["an AbortSignal whose aborted getter throws", () => {
    const s = new AbortController().signal;
    Object.defineProperty(s, "aborted", { get() { throw new Error("aborted"); } });
    return s;
  }],
  ["an AbortSignal whose addEventListener throws", () => {
    const s = new AbortController().signal;
    s.addEventListener = () => { throw new Error("addEventListener"); };
    return s;
  }],
  ["a Proxy of an AbortSignal", () => {
    const p = new Proxy(new AbortController().signal, {});
    FORWARDING_PROXIES.add(p);
    return p;
  }],
  ["a Proxy of an AbortSignal whose get trap throws", () => new Proxy(new AbortController().signal, { get() { throw new Error("get"); } })],
  ["an AbortSignal with a swapped prototype", () => {
    const s = new AbortController().signal;
    Object.setPrototypeOf(s, Object.create(AbortSignal.prototype, { addEventListener: { value() { throw new Error("proto"); } } }));
    return s;
  }],
];

// ---- outcomes ------------------------------------------------------------------------------------

/** What a failure must never be: a trap, a glue TypeError, a stack overflow leaking out. */
function assertNotACrash(err, where) {
  assert.ok(!(err instanceof WebAssembly.RuntimeError), `${where}: a wasm trap: ${err}`);
  assert.ok(!/unreachable|RuntimeError|null pointer|recursive use|already borrowed/i.test(String(err?.message)), `${where}: ${err}`);
}

function assertValidationError(err, where) {
  assertNotACrash(err, where);
  assert.ok(err instanceof ValidationError, `${where}: threw ${err?.name}: ${err?.message}`);
  assert.equal(err.name, "ValidationError");
  assert.ok(Array.isArray(err.issues) && err.issues.length > 0, `${where}: issues ${JSON.stringify(err.issues)}`);
  for (const issue of err.issues) assertIssue(issue, where);
  assert.ok(err.message.length < 2000, `${where}: a message of ${err.message.length} characters`);
}

function assertIssue(issue, where) {
  assert.equal(typeof issue.path, "string", where);
  assert.ok(issue.path === "" || issue.path.startsWith("/"), `${where}: path ${issue.path}`);
  assert.match(issue.code, /^[a-z][a-z0-9-]*$/, where);
  assert.ok(typeof issue.message === "string" && issue.message.length > 0 && issue.message.length < 1000, `${where}: ${issue.message?.slice(0, 200)}`);
}

function assertReport(report, where) {
  assert.equal(typeof report, "object", `${where}: ${report}`);
  assert.equal(typeof report.valid, "boolean", where);
  assert.ok(Array.isArray(report.errors) && Array.isArray(report.warnings), where);
  assert.equal(report.valid, report.errors.length === 0, `${where}: valid equals "no errors"`);
  for (const issue of [...report.errors, ...report.warnings]) assertIssue(issue, where);
}

/** A synchronous export: returns (checked by `ok`) or throws ValidationError. */
function sync(fn, ok, where) {
  let value;
  try {
    value = fn();
  } catch (err) {
    assertValidationError(err, where);
    return "ValidationError";
  }
  ok(value, where);
  return "value";
}

/** An async method: returns a promise at once (no synchronous throw) that settles in time, with a
 * value or one of the documented classes. Returns the class name, or "value". */
async function call(fn, where) {
  let promise;
  try {
    promise = fn();
  } catch (err) {
    assert.fail(`${where}: threw synchronously ${err?.name}: ${err?.message}`);
  }
  assert.ok(promise instanceof Promise, `${where}: returned ${promise}`);
  let timer;
  const hung = new Promise((resolve) => (timer = setTimeout(() => resolve("hung"), SETTLE_MS)));
  const outcome = await Promise.race([promise.then(() => "value", (err) => ({ err })), hung]);
  clearTimeout(timer);
  assert.notEqual(outcome, "hung", `${where}: did not settle within ${SETTLE_MS} ms`);
  if (outcome === "value") return "value";
  const { err } = outcome;
  assertNotACrash(err, where);
  assert.ok(CALL_CLASSES.some((C) => err instanceof C), `${where}: rejected with ${err?.name}: ${err?.message}`);
  if (err instanceof ValidationError) assertValidationError(err, where);
  return err.name;
}

/** The module still answers correctly: a good value passes, a bad one gets its exact issues. */
function assertModuleHealthy(where) {
  assert.deepEqual(validatePrivateApplicationUpdate(APP), { valid: true, errors: [], warnings: [] }, `${where}: good value`);
  const bad = validatePrivateApplicationUpdate({ ...APP, name: "" });
  assert.deepEqual(bad.errors.map((i) => [i.path, i.code]), [["/name", "blank"]], `${where}: bad value`);
  assert.equal(validateDetachSitesRequest(DETACH).valid, true, where);
  assert.equal(validateApplicationDetail(DETAIL).valid, true, where);
}

// ---- every export, every position ----------------------------------------------------------------

let mock;
let meraki;
let symphony;
const unhandled = [];
const onUnhandled = (e) => unhandled.push(String(e?.stack ?? e));
before(async () => {
  process.on("unhandledRejection", onUnhandled);
  process.on("uncaughtException", onUnhandled);
  mock = await startMock({ port: 0 });
  meraki = new MerakiClient({ apiKey: KEY, baseUrl: merakiBase(mock), maxRetries: 0, timeoutMs: 3000, requestsPerSecond: 0 });
  symphony = new SymphonyClient({ podUrl: mock.url, sessionToken: TOKEN, maxRetries: 0, timeoutMs: 3000 });
});
after(async () => {
  await mock?.close();
  process.off("unhandledRejection", onUnhandled);
  process.off("uncaughtException", onUnhandled);
});

const isClient = (Class) => (value, where) => assert.ok(value instanceof Class, `${where}: ${value}`);
function isPrepared(value, where) {
  assert.deepEqual(Object.keys(value).sort(), ["body", "headers", "method", "url"], where);
  assert.equal(typeof value.body, "string", where);
}
const dest = APP.destinations[0];
const withFetch = (fetch) => new MerakiClient({ apiKey: KEY, baseUrl: merakiBase(mock), maxRetries: 0, timeoutMs: 3000, requestsPerSecond: 0, fetch });
/** One client whose hooks return (onRequest) and throw (onResponse) `v`: one console.warn in all. */
let hookValue;
let hookedClient;
const hooked = (v) => {
  hookValue = v;
  const hooks = { onRequest: () => hookValue, onResponse: () => { throw hookValue; } };
  return (hookedClient ??= new MerakiClient({ apiKey: KEY, baseUrl: merakiBase(mock), maxRetries: 0, timeoutMs: 3000, requestsPerSecond: 0, hooks }));
};
/** A `fetch` or a hook: anything but a function (or nothing) is refused. */
const NOT_A_FUNCTION = (v) => v !== undefined && v !== null && typeof v !== "function";
const provider = (v) => ({ podUrl: "https://acme.symphony.com", sessionTokenProvider: v });

// What a value must get in a position, at the least (any other value must simply not crash):
const ALWAYS = () => true; // refused whatever it is: nothing hostile can be valid here
const NOT_A_STRING = (v) => typeof v !== "string"; // read as is: path parameters, a provider's token, the expected secret
// A provider's answer (a promise of "x" is a token; a Proxy may throw even from `instanceof`).
const NOT_A_TOKEN = (v) => typeof v !== "string" && !isPromise(v);
function isPromise(v) {
  try {
    return v instanceof Promise;
  } catch {
    return false;
  }
}
const NOT_JSON_STRING = (v) => !jsonOf(v)?.startsWith('"'); // read through JSON: fields of bodies and options
/** A signal: only a real one, or none. (In Node a Proxy with no traps forwards a real signal
 * faithfully, brand checks included, so it may work; browsers refuse it in their brand check.) */
const NOT_A_SIGNAL = (v) => v !== undefined && v !== null && !FORWARDING_PROXIES.has(v);
/** An optional string field, read through JSON: refused when its JSON is there and not a string
 * (JSON drops undefined, functions and symbols, and null counts as absent: those are left out), or
 * when the body cannot be JSON at all (a BigInt, a cycle). */
const OPTIONAL_NOT_JSON_STRING = (v) => {
  const whole = jsonOf({ v });
  if (whole === undefined) return true;
  if (whole === "{}" || whole === '{"v":null}') return false;
  return !whole.startsWith('{"v":"');
};
/** A whole body: refused unless its JSON form is an object (which may still break a rule). */
const NOT_JSON_OBJECT = (v) => !jsonOf(v)?.startsWith("{");

function jsonOf(v) {
  try {
    return JSON.stringify(v);
  } catch {
    return undefined;
  }
}
const NEVER = () => false;

/**
 * [export, position, kind, (v) => the call, refuse(v): must it be refused?, body(v) for prepare:
 * the body argument, whose JSON must be the prepared body byte for byte].
 * kind: "report" (a validator), "verify", a client class (a constructor), "prepare", "call".
 */
const POSITIONS = [
  ["validatePrivateApplicationUpdate", "value", "report", (v) => validatePrivateApplicationUpdate(v), ALWAYS],
  ["validatePrivateApplicationUpdate", "/name", "report", (v) => validatePrivateApplicationUpdate({ ...APP, name: v }), NOT_JSON_STRING],
  ["validatePrivateApplicationUpdate", "/destinations/0/protocolPorts/0/ports", "report",
    (v) => validatePrivateApplicationUpdate({ ...APP, destinations: [{ ...dest, protocolPorts: [{ protocol: "TCP", ports: v }] }] }), NOT_JSON_STRING],
  ["validatePrivateApplicationUpdate", "an unknown field", "report", (v) => validatePrivateApplicationUpdate({ ...APP, extra: v }), NEVER],
  ["validateDetachSitesRequest", "value", "report", (v) => validateDetachSitesRequest(v), ALWAYS],
  ["validateDetachSitesRequest", "/sites/0", "report", (v) => validateDetachSitesRequest({ sites: [v] }), NOT_JSON_STRING],
  ["validateDetachSitesRequest", "/callback/sharedSecret", "report",
    (v) => validateDetachSitesRequest({ ...DETACH, callback: { ...DETACH.callback, sharedSecret: v } }), NOT_JSON_STRING],
  ["validateApplicationDetail", "value", "report", (v) => validateApplicationDetail(v), NOT_JSON_OBJECT],
  ["validateApplicationDetail", "/applicationInfo/name", "report",
    (v) => validateApplicationDetail({ applicationInfo: { ...DETAIL.applicationInfo, name: v } }), OPTIONAL_NOT_JSON_STRING],
  ["validateApplicationDetail", "/authenticationKeys/current/expirationDate", "report",
    (v) => validateApplicationDetail({ ...DETAIL, authenticationKeys: { current: { action: "REVOKE", expirationDate: v } } }), NEVER],
  ["verifyDetachSitesCallback", "payload", "verify", (v) => verifyDetachSitesCallback(v, SECRET), ALWAYS],
  ["verifyDetachSitesCallback", "payload /sharedSecret", "verify", (v) => verifyDetachSitesCallback({ ...CALLBACK, sharedSecret: v }, SECRET), ALWAYS],
  ["verifyDetachSitesCallback", "payload /message", "verify", (v) => verifyDetachSitesCallback({ ...CALLBACK, message: v }, SECRET), NEVER],
  ["verifyDetachSitesCallback", "sharedSecret", "verify", (v) => verifyDetachSitesCallback(CALLBACK, v), ALWAYS],
  // The secret is in the body, so headers of any kind may be refused (option) or ignored, never a trap.
  ["verifyDetachSitesCallback", "headers", "verify", (v) => verifyDetachSitesCallback(CALLBACK, SECRET, v), NEVER],
  ["verifyDetachSitesCallback", "headers (the secret not in the body)", "verify",
    (v) => verifyDetachSitesCallback({ ...CALLBACK, sharedSecret: undefined }, SECRET, v), ALWAYS],
  ["new MerakiClient", "options", MerakiClient, (v) => new MerakiClient(v), ALWAYS],
  ["new MerakiClient", "/apiKey", MerakiClient, (v) => new MerakiClient({ apiKey: v }), NOT_JSON_STRING],
  ["new MerakiClient", "/baseUrl", MerakiClient, (v) => new MerakiClient({ apiKey: KEY, baseUrl: v }), NEVER],
  ["new MerakiClient", "/authScheme", MerakiClient, (v) => new MerakiClient({ apiKey: KEY, authScheme: v }), NEVER],
  ["new MerakiClient", "/timeoutMs", MerakiClient, (v) => new MerakiClient({ apiKey: KEY, timeoutMs: v }), NEVER],
  ["new MerakiClient", "/maxRetries", MerakiClient, (v) => new MerakiClient({ apiKey: KEY, maxRetries: v }), NEVER],
  ["new MerakiClient", "/requestsPerSecond", MerakiClient, (v) => new MerakiClient({ apiKey: KEY, requestsPerSecond: v }), NEVER],
  ["new MerakiClient", "/fetch", MerakiClient, (v) => new MerakiClient({ apiKey: KEY, fetch: v }), NOT_A_FUNCTION],
  ["new MerakiClient", "/hooks", MerakiClient, (v) => new MerakiClient({ apiKey: KEY, hooks: v }), (v) => v !== undefined && typeof v !== "object"],
  ["new MerakiClient", "/hooks/onRequest", MerakiClient, (v) => new MerakiClient({ apiKey: KEY, hooks: { onRequest: v } }), NOT_A_FUNCTION],
  ["new SymphonyClient", "/hooks/onResponse", SymphonyClient,
    (v) => new SymphonyClient({ podUrl: "https://acme.symphony.com", sessionToken: TOKEN, hooks: { onResponse: v } }), NOT_A_FUNCTION],
  ["new SymphonyClient", "options", SymphonyClient, (v) => new SymphonyClient(v), ALWAYS],
  ["new SymphonyClient", "/podUrl", SymphonyClient, (v) => new SymphonyClient({ podUrl: v, sessionToken: TOKEN }), ALWAYS],
  ["new SymphonyClient", "/sessionToken", SymphonyClient,
    (v) => new SymphonyClient({ podUrl: "https://acme.symphony.com", sessionToken: v }), NOT_JSON_STRING],
  ["new SymphonyClient", "/sessionTokenProvider", SymphonyClient, (v) => new SymphonyClient(provider(v)), (v) => typeof v !== "function"],
  ["new SymphonyClient", "/timeoutMs", SymphonyClient,
    (v) => new SymphonyClient({ podUrl: "https://acme.symphony.com", sessionToken: TOKEN, timeoutMs: v }), NEVER],
  ["prepareUpdatePrivateApplication", "organizationId", "prepare", (v) => meraki.prepareUpdatePrivateApplication(v, "183456", APP), NOT_A_STRING, () => APP],
  ["prepareUpdatePrivateApplication", "id", "prepare", (v) => meraki.prepareUpdatePrivateApplication(ORG, v, APP), NOT_A_STRING, () => APP],
  ["prepareUpdatePrivateApplication", "update", "prepare", (v) => meraki.prepareUpdatePrivateApplication(ORG, "183456", v), ALWAYS],
  ["prepareUpdatePrivateApplication", "update /name", "prepare",
    (v) => meraki.prepareUpdatePrivateApplication(ORG, "183456", { ...APP, name: v }), NOT_JSON_STRING, (v) => ({ ...APP, name: v })],
  ["prepareDetachSites", "organizationId", "prepare", (v) => meraki.prepareDetachSites(v, DETACH), NOT_A_STRING, () => DETACH],
  ["prepareDetachSites", "request", "prepare", (v) => meraki.prepareDetachSites(ORG, v), ALWAYS],
  ["prepareDetachSites", "request /callback/url", "prepare",
    (v) => meraki.prepareDetachSites(ORG, { ...DETACH, callback: { ...DETACH.callback, url: v } }), ALWAYS],
  ["prepareUpdateApp", "id", "prepare", (v) => symphony.prepareUpdateApp(v, DETAIL), NOT_A_STRING, () => DETAIL],
  ["prepareUpdateApp", "applicationDetail", "prepare", (v) => symphony.prepareUpdateApp("my-app", v), NOT_JSON_OBJECT, (v) => v],
  ["prepareUpdateApp", "applicationDetail /permissions/0", "prepare",
    (v) => symphony.prepareUpdateApp("my-app", { ...DETAIL, permissions: [v] }), NEVER, (v) => ({ ...DETAIL, permissions: [v] })],
  ["updatePrivateApplication", "organizationId", "call", (v) => meraki.updatePrivateApplication(v, "183456", APP), NOT_A_STRING],
  ["updatePrivateApplication", "id", "call", (v) => meraki.updatePrivateApplication(ORG, v, APP), NOT_A_STRING],
  ["updatePrivateApplication", "update", "call", (v) => meraki.updatePrivateApplication(ORG, "183456", v), ALWAYS],
  ["updatePrivateApplication", "update /destinations/0", "call", (v) => meraki.updatePrivateApplication(ORG, "183456", { ...APP, destinations: [v] }), ALWAYS],
  ["updatePrivateApplication", "options", "call", (v) => meraki.updatePrivateApplication(ORG, "183456", APP, v), NEVER],
  ["updatePrivateApplication", "options /signal", "call", (v) => meraki.updatePrivateApplication(ORG, "183456", APP, { signal: v }), NOT_A_SIGNAL],
  ["updatePrivateApplication", "options /timeoutMs", "call", (v) => meraki.updatePrivateApplication(ORG, "183456", APP, { timeoutMs: v }), NEVER],
  ["updatePrivateApplication", "options /maxRetries", "call", (v) => meraki.updatePrivateApplication(ORG, "183456", APP, { maxRetries: v }), NEVER],
  ["detachSites", "organizationId", "call", (v) => meraki.detachSites(v, DETACH), NOT_A_STRING],
  ["detachSites", "request", "call", (v) => meraki.detachSites(ORG, v), ALWAYS],
  ["detachSites", "request /sites", "call", (v) => meraki.detachSites(ORG, { sites: v }), ALWAYS],
  ["detachSites", "options", "call", (v) => meraki.detachSites(ORG, DETACH, v), NEVER],
  ["detachSites", "options /signal", "call", (v) => meraki.detachSites(ORG, DETACH, { signal: v }), NOT_A_SIGNAL],
  ["updateApp", "id", "call", (v) => symphony.updateApp(v, DETAIL), NOT_A_STRING],
  ["updateApp", "applicationDetail", "call", (v) => symphony.updateApp("my-app", v), NOT_JSON_OBJECT],
  ["updateApp", "applicationDetail /applicationInfo", "call", (v) => symphony.updateApp("my-app", { applicationInfo: v }), NEVER],
  ["updateApp", "options", "call", (v) => symphony.updateApp("my-app", DETAIL, v), NEVER],
  ["updateApp", "options /signal", "call", (v) => symphony.updateApp("my-app", DETAIL, { signal: v }), NOT_A_SIGNAL],
  ["updateApp", "options /timeoutMs", "call", (v) => symphony.updateApp("my-app", DETAIL, { timeoutMs: v }), NEVER],
  // A caller's fetch and hooks: whatever they return or throw, the call settles with a documented class.
  ["updatePrivateApplication", "the fetch option's return value", "call", (v) => withFetch(() => v).updatePrivateApplication(ORG, "183456", APP), NEVER],
  ["detachSites", "the fetch option's resolved value", "call", (v) => withFetch(async () => v).detachSites(ORG, DETACH), NEVER],
  ["updatePrivateApplication", "the fetch option's thrown value", "call", (v) => withFetch(() => { throw v; }).updatePrivateApplication(ORG, "183456", APP), NEVER],
  ["updateApp", "the fetch option's rejection", "call",
    (v) => new SymphonyClient({ podUrl: mock.url, sessionToken: TOKEN, maxRetries: 0, fetch: () => Promise.reject(v) }).updateApp("my-app", DETAIL), NEVER],
  ["updatePrivateApplication", "a hook's return value and thrown value", "call",
    (v) => hooked(v).updatePrivateApplication(ORG, "183456", APP), NEVER],
  ["updateApp", "sessionTokenProvider's return value", "call",
    (v) => new SymphonyClient({ ...provider(() => v), podUrl: mock.url, maxRetries: 0 }).updateApp("my-app", DETAIL), NOT_A_TOKEN],
  ["updateApp", "sessionTokenProvider's resolved value", "call",
    (v) => new SymphonyClient({ ...provider(async () => v), podUrl: mock.url, maxRetries: 0 }).updateApp("my-app", DETAIL), NOT_A_TOKEN],
  ["updateApp", "sessionTokenProvider's thrown value", "call",
    (v) => new SymphonyClient({ ...provider(() => { throw v; }), podUrl: mock.url, maxRetries: 0 }).updateApp("my-app", DETAIL), ALWAYS],
  ["updateApp", "sessionTokenProvider's rejection", "call",
    (v) => new SymphonyClient({ ...provider(() => Promise.reject(v)), podUrl: mock.url, maxRetries: 0 }).updateApp("my-app", DETAIL), ALWAYS],
];

describe("every export, every argument position, every JS-hostile value", () => {
  for (const [name, position, kind, run, refuse, bodyOf] of POSITIONS) {
    test(`${name}: ${position}`, async () => {
      for (const [label, make] of HOSTILE) {
        const where = `${name}(${position} = ${label})`;
        const v = make();
        let outcome;
        if (kind === "call") outcome = await call(() => run(v), where);
        else if (kind === "report") {
          const report = run(v); // a validator never throws
          assertReport(report, where);
          outcome = report.valid ? "valid" : "ValidationError";
        } else if (kind === "verify") outcome = sync(() => run(v), (value) => assert.equal(typeof value, "object", where), where);
        else if (kind === "prepare") {
          outcome = sync(() => run(v), (prepared) => {
            isPrepared(prepared, where);
            assert.equal(prepared.body, JSON.stringify(bodyOf(v)), `${where}: the body is the value's JSON, byte for byte`);
          }, where);
        } else outcome = sync(() => run(v), isClient(kind), where);
        if (refuse(v)) assert.equal(outcome, "ValidationError", `${where}: must be refused, got ${outcome}`);
        assertModuleHealthy(where);
      }
    });
  }

  test("no unhandled rejection or uncaught exception came out of any of them", async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(unhandled, []);
  });

  test("the module answers a real call correctly afterwards", async () => {
    mock.reset();
    const app = await meraki.updatePrivateApplication(ORG, "183456", APP);
    assert.equal(app.name, "Jira");
    const result = await meraki.detachSites(ORG, DETACH);
    assert.equal(typeof result, "object");
    const detail = await symphony.updateApp("my-app", DETAIL);
    assert.equal(detail.applicationInfo.name, "My App");
    assertModuleHealthy("after every hostile value");
  });
});

describe("in a child process", () => {
  test("the same values through every validator, prepare and client: exit 0, nothing on stderr, no unhandled rejection", async () => {
    // A trap or an uncaught throw from inside a pending call would end the process; here it
    // shows as a failed exit instead of taking the test runner with it.
    const out = await runChild(`
      const unhandled = [];
      process.on("unhandledRejection", (e) => unhandled.push(String(e)));
      process.on("uncaughtException", (e) => unhandled.push(String(e)));
      const api = await import(${JSON.stringify(new URL("../../pkg/node/index.mjs", import.meta.url).href)});
      const revoked = () => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; };
      const cyclic = () => { const o = {}; o.o = o; return o; };
      let deep = {}; for (let i = 0; i < 10000; i++) deep = { deep };
      const values = [undefined, NaN, Infinity, -0, 1n, Symbol("s"), () => 1, new Map(), cyclic(), deep, "x".repeat(10 << 20),
        { get a() { throw new Error("g"); } }, new Proxy({}, { get() { throw new Error("p"); } }), revoked(),
        { toJSON() { throw new Error("t"); } }, Object.create(AbortSignal.prototype),
        new (class extends Error { get message() { throw new Error("m"); } })()];
      const names = new Set();
      const m = new api.MerakiClient({ apiKey: "k", baseUrl: "http://127.0.0.1:9/api/v1", maxRetries: 0, timeoutMs: 500 });
      const s = new api.SymphonyClient({ podUrl: "http://127.0.0.1:9", sessionToken: "t", maxRetries: 0, timeoutMs: 500 });
      const app = { name: "Jira", destinations: [{ destinationAddr: ["10.0.0.1/32"], protocolPorts: [{ protocol: "TCP", ports: "443" }], accessType: "network" }] };
      const note = (f) => { try { const r = f(); names.add(r instanceof Promise ? "promise" : "value"); return r; } catch (e) { names.add(e.name); } };
      const settle = (p) => Promise.race([p.then(() => "value", (e) => e.name), new Promise((r) => setTimeout(() => r("hung"), 5000).unref())]);
      const pending = [];
      for (const v of values) {
        for (const f of [api.validatePrivateApplicationUpdate, api.validateDetachSitesRequest, api.validateApplicationDetail]) note(() => f(v));
        note(() => api.verifyDetachSitesCallback(v, "x"));
        note(() => api.verifyDetachSitesCallback({ sharedSecret: "x" }, v));
        note(() => new api.MerakiClient(v));
        note(() => new api.SymphonyClient(v));
        note(() => m.prepareUpdatePrivateApplication(v, v, v));
        note(() => m.prepareDetachSites(v, v));
        note(() => s.prepareUpdateApp(v, v));
        const provided = (p) => new api.SymphonyClient({ podUrl: "http://127.0.0.1:9", sessionTokenProvider: p, timeoutMs: 500 }).updateApp("a", {});
        for (const p of [m.updatePrivateApplication(v, "1", app), m.updatePrivateApplication("1", "1", app, v), m.updatePrivateApplication("1", "1", app, { signal: v }),
          m.detachSites("1", v), m.detachSites("1", { sites: ["1"] }, { signal: v }), s.updateApp("a", v), s.updateApp("a", {}, { signal: v }),
          provided(() => { throw v; }), provided(() => v), provided(async () => v)]) {
          pending.push(settle(p));
        }
      }
      const settled = await Promise.all(pending);
      const ok = api.validatePrivateApplicationUpdate(app);
      await new Promise((r) => setTimeout(r, 50));
      console.log(JSON.stringify({ names: [...names].sort(), settled: [...new Set(settled)].sort(), ok, unhandled }));
    `, {}, 60_000);
    assert.deepEqual(out.unhandled, []);
    assert.deepEqual(out.ok, { valid: true, errors: [], warnings: [] });
    for (const name of out.names) assert.ok(["ValidationError", "promise", "value"].includes(name), `sync outcome ${name}`);
    for (const name of out.settled) assert.ok(["ValidationError", "NetworkError", "value"].includes(name), `call outcome ${name}`);
  });
});
