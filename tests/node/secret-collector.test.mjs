// One collector for every secret the package holds (issue 8, item 4): it provokes every error
// class of every operation and of verifyDetachSitesCallback — validation, 3xx/4xx/5xx and odd
// 2xx answers from a server that echoes the whole request back (headers and body), network
// failures, timeouts, aborts, rate limits, token-provider failures — gathers them with every
// prepare*() output and the clients themselves, and looks for the Meraki API key, the Symphony
// session tokens, the detach callback's sharedSecret, the notification apiKey and the value of an
// extra request header (the `headers` option: a portal's CSRF token) in every view:
// message, every own field (deep), stack, JSON.stringify, String(), util.inspect.
// The one allowed place: a prepare*() `body`, which is the exact JSON the caller gave (api.md), so
// prepareDetachSites().body holds callback.sharedSecret and prepareUpdateApp().body holds
// notification.apiKey — exactly there and nowhere else.
// Run: node --test tests/node/secret-collector.test.mjs

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import {
  AbortError, ApiError, MerakiClient, NetworkError, SymphonyClient, TimeoutError, ValidationError,
  verifyDetachSitesCallback,
} from "../../pkg/node/index.mjs";
import { startMock } from "../mock/server.mjs";
import { APP, callbackPayload, closedPort, merakiBase, waitFor, views } from "./helpers.mjs";

// Distinctive secrets: each marker (KEYMARK, TOKMARK…) appears nowhere else, so even a fragment shows.
const MERAKI_KEY = "mk-KEYMARK-7d1e90";
const TOKEN = "st-TOKMARK-91ab22"; // the session token the mock accepts
const STALE = "st-TOKMARK-STALE-03"; // a token the mock refuses
const FRESH = "st-TOKMARK-FRESH-04"; // a provider's answer after a 401
const CB_SECRET = "cb-CBMARK-55c0de";
const NOTIFY_KEY = "nk-NOTIFYMARK-3f2a";
const CSRF = "hx-HEADMARK-6b0f11"; // the value of an extra header every client sends
const SECRETS = { MERAKI_KEY, TOKEN, STALE, FRESH, CB_SECRET, NOTIFY_KEY, CSRF };
const NEEDLES = [...Object.values(SECRETS), "KEYMARK", "TOKMARK", "CBMARK", "NOTIFYMARK", "HEADMARK"];

const ORG = "5001";
const HOOK = "https://hooks.example.com/meraki";
const DETACH = Object.freeze({ sites: ["1520758"], callback: { url: HOOK, sharedSecret: CB_SECRET } });
const DETAIL = Object.freeze({
  applicationInfo: { appId: "my-app", name: "My App", appUrl: "https://apps.example.com/a", domain: "example.com" },
  notification: { url: "https://apps.example.com/notify", apiKey: NOTIFY_KEY },
});
const CALLBACK = callbackPayload(CB_SECRET);
const OPS = {
  update: "updateOrganizationSecureConnectPrivateApplication",
  detach: "deleteOrganizationSecureConnectSites",
  updateApp: "updateApp",
};

let mock;
before(async () => {
  mock = await startMock({ port: 0, apiKey: MERAKI_KEY, sessionTokens: [TOKEN, FRESH] });
});
after(() => mock?.close());

/** Everything the clients' hooks were given: collected and searched like every error. */
const hookInfos = [];
const hooks = { onRequest: (info) => hookInfos.push(info), onResponse: (info) => hookInfos.push(info) };
const headers = { "X-CSRF-Token": CSRF };
const meraki = (options = {}) => new MerakiClient({ apiKey: MERAKI_KEY, baseUrl: merakiBase(mock), maxRetries: 0, timeoutMs: 2000, requestsPerSecond: 0, hooks, headers, ...options });
const symphony = (options = {}) => new SymphonyClient({ podUrl: mock.url, sessionToken: TOKEN, maxRetries: 0, timeoutMs: 2000, hooks, headers, ...options });

/** The three operations, each with its client and a call that carries its secrets. */
const CALLS = {
  update: { op: OPS.update, client: meraki, call: (c, o, body = APP) => c.updatePrivateApplication(ORG, "183456", body, o) },
  detach: { op: OPS.detach, client: meraki, call: (c, o, body = DETACH) => c.detachSites(ORG, body, o) },
  updateApp: { op: OPS.updateApp, client: symphony, call: (c, o, body = DETAIL) => c.updateApp("my-app", body, o) },
};

/** The secrets each call carries (names in SECRETS), which its errors must scrub. */
const OWN_SECRETS = { update: ["MERAKI_KEY", "CSRF"], detach: ["MERAKI_KEY", "CB_SECRET", "CSRF"], updateApp: ["TOKEN", "NOTIFY_KEY", "CSRF"] };

/** Every way a server can echo what it received: the request's headers and body come back. */
const ECHOES = [
  { label: "400 echo (JSON)", faults: [{ status: 400, echo: true }], status: 400 },
  { label: "401 echo", faults: [{ status: 401, echo: true }], status: 401 },
  { label: "403 echo", faults: [{ status: 403, echo: true }], status: 403 },
  { label: "404 echo as text/plain", faults: [{ status: 404, echo: true, contentType: "text/plain" }], status: 404 },
  { label: "409 echo as HTML", faults: [{ status: 409, echo: true, contentType: "text/html" }], status: 409 },
  { label: "429 echo with a Retry-After of a year", faults: [{ status: 429, echo: true, retryAfter: "31536000" }], status: 429, options: { maxRetries: 2 } },
  { label: "302 echo pointing elsewhere", faults: [{ status: 302, echo: true, headers: { location: `https://evil.example/?k=${MERAKI_KEY}&t=${TOKEN}` } }], status: 302 },
  { label: "500 echo", faults: [{ status: 500, echo: true }], status: 500 },
  { label: "502 echo as text", faults: [{ status: 502, echo: true, contentType: "text/plain" }], status: 502 },
  { label: "503 echo, retried once", faults: [{ status: 503, echo: true, times: 2 }], status: 503, options: { maxRetries: 1 } },
  { label: "504 echo", faults: [{ status: 504, echo: true }], status: 504 },
  { label: "201 echo as text (a 2xx that is not the result)", faults: [{ status: 201, echo: true, contentType: "text/plain" }], status: 201 },
];

/** All that was collected: [label, value, where a secret may be (prepare bodies)]. */
const collected = [];
const collect = (label, value) => collected.push([label, value]);

async function failing(label, promise, Class) {
  const outcome = await promise.then((value) => ({ value }), (error) => ({ error }));
  assert.ok(outcome.error, `${label}: expected a ${Class.name}, got a value`);
  assert.ok(outcome.error instanceof Class, `${label}: expected ${Class.name}, got ${outcome.error.name}: ${outcome.error.message}`);
  collect(label, outcome.error);
  return outcome.error;
}

function throwing(label, fn, Class = ValidationError) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof Class, `${label}: expected ${Class.name}, got ${e?.name}: ${e?.message}`);
    collect(label, e);
    return e;
  }
  assert.fail(`${label}: did not throw`);
}

/** The secrets the mock really received in the logged requests (so an echo really carried them). */
function received() {
  const text = JSON.stringify(mock.requests());
  return Object.entries(SECRETS).filter(([, s]) => text.includes(s)).map(([name]) => name);
}

test("every error of every class, operation and echo, every prepare*() output: no secret in any view", { timeout: 120_000 }, async () => {
  // ---- ApiError: a server that echoes the request back, for each operation and status ----------
  for (const [name, c] of Object.entries(CALLS)) {
    for (const echo of ECHOES) {
      mock.reset({ apiKey: MERAKI_KEY, sessionTokens: [TOKEN, FRESH] });
      mock.addFaults(echo.faults);
      const e = await failing(`${name}: ${echo.label}`, c.call(c.client(), echo.options), ApiError);
      assert.equal(e.status, echo.status, `${name}: ${echo.label}`);
      assert.equal(e.operation, c.op);
      // Not vacuous: the request carried the secrets and the answer echoed them.
      assert.deepEqual(received(), OWN_SECRETS[name], `${name}: ${echo.label}: what the server received`);
      assert.ok(String(JSON.stringify(e.body)).includes("***"), `${name}: ${echo.label}: the echo is in the body, scrubbed: ${JSON.stringify(e.body).slice(0, 200)}`);
      // The extra header came back in the echo, its value masked.
      if (e.body?.request) assert.equal(e.body.request.headers["x-csrf-token"], "***", `${name}: ${echo.label}`);
      else assert.ok(String(e.body).includes("x-csrf-token: ***"), `${name}: ${echo.label}: ${String(e.body).slice(0, 300)}`);
    }
    // A 200 whose JSON echoes the request is not an error envelope (it has `request` beside the
    // envelope's fields): the server applied the change, so the call resolves with the body as
    // sent (a result, not an error: nothing to scrub). The same echo as HTML, and a 200 that is
    // exactly an error envelope quoting the call's secrets, are errors: scrubbed.
    mock.reset();
    mock.addFaults([{ status: 200, echo: true }]);
    const echoed = await c.call(c.client());
    assert.equal(echoed.request?.method, { update: "PUT", detach: "DELETE", updateApp: "POST" }[name], `${name}: the 200 echo resolved as sent`);
    mock.reset();
    mock.addFaults([{ status: 200, echo: true, contentType: "text/html" }]);
    const html = await failing(`${name}: 200 echo as HTML`, c.call(c.client()), ApiError);
    assert.deepEqual([html.status, html.attempts, typeof html.body], [200, 1, "string"]);
    assert.ok(html.body.includes("***"), `${name}: the HTML echo is in the body, scrubbed`);
    mock.reset();
    const quoted = `echo: ${OWN_SECRETS[name].map((s) => SECRETS[s]).join(", ")}`;
    mock.addFaults([{ status: 200, body: name === "updateApp" ? { code: 500, message: quoted } : { errors: [quoted] } }]);
    const envelope = await failing(`${name}: a 200 error envelope quoting the secrets`, c.call(c.client()), ApiError);
    assert.deepEqual(envelope.messages.slice(1), [`echo: ${OWN_SECRETS[name].map(() => "***").join(", ")}`]);
    assert.ok(JSON.stringify(envelope.body).includes("echo: ***"), JSON.stringify(envelope.body));
    // A body too large to read, a body that never ends.
    mock.reset();
    mock.addFaults([{ bodyBytes: 20_000_000 }]);
    await failing(`${name}: a 20 MB body`, c.call(c.client()), ApiError);
    mock.reset();
    mock.addFaults([{ endless: true, dripMs: 20 }]);
    await failing(`${name}: a dripping body`, c.call(c.client(), { timeoutMs: 200 }), TimeoutError);
    // NetworkError, TimeoutError, AbortError (before, during, in a retry wait).
    mock.reset();
    mock.addFaults([{ reset: true }]);
    await failing(`${name}: connection reset`, c.call(c.client()), NetworkError);
    const port = await closedPort();
    const dead = name === "updateApp" ? symphony({ podUrl: `http://127.0.0.1:${port}` }) : meraki({ baseUrl: `http://127.0.0.1:${port}/api/v1` });
    await failing(`${name}: connection refused`, c.call(dead), NetworkError);
    mock.reset();
    mock.addFaults([{ hang: true }]);
    await failing(`${name}: hung request`, c.call(c.client(), { timeoutMs: 150 }), TimeoutError);
    await failing(`${name}: already aborted`, c.call(c.client(), { signal: AbortSignal.abort(new Error(`reason ${MERAKI_KEY} ${TOKEN}`)) }), AbortError);
    mock.reset();
    mock.addFaults([{ hang: true }]);
    const controller = new AbortController();
    const pending = c.call(c.client(), { signal: controller.signal });
    await waitFor(() => mock.requests().length === 1, "the request to arrive");
    controller.abort(new Error(`reason ${CB_SECRET} ${NOTIFY_KEY}`));
    await failing(`${name}: aborted mid-request`, pending, AbortError);
    mock.reset();
    mock.addFaults([{ status: 503, echo: true, times: 10 }]);
    const waiting = c.call(c.client({ maxRetries: 3 }), { signal: AbortSignal.timeout(300) });
    await failing(`${name}: aborted during a retry wait`, waiting, AbortError);
    // ValidationError: secrets pasted into the wrong fields, bad ids, bad call options.
    const pasted = {
      // (An odd appProtocol, a single-label sni and a callback naming both kinds are only warnings.)
      update: { ...APP, name: `${MERAKI_KEY}_x`, sni: `${MERAKI_KEY}_x.example`, appProtocol: MERAKI_KEY },
      detach: { sites: [CB_SECRET, CB_SECRET, ""], callback: { url: `http://${CB_SECRET}`, sharedSecret: CB_SECRET, httpServer: { id: MERAKI_KEY } } },
      updateApp: { ...DETAIL, applicationInfo: { appId: "", name: " ", appUrl: NOTIFY_KEY, domain: TOKEN }, iconUrl: NOTIFY_KEY, permissions: [NOTIFY_KEY] },
    }[name];
    const v = await failing(`${name}: secrets pasted into wrong fields`, c.call(c.client(), undefined, pasted), ValidationError);
    assert.ok(v.issues.length >= 2, JSON.stringify(v.issues));
    await failing(`${name}: bad call options`, c.call(c.client(), { signal: TOKEN, timeoutMs: MERAKI_KEY, maxRetries: CB_SECRET }), ValidationError);
  }

  // Bad ids and their prepare*() twins.
  const m = meraki();
  const s = symphony();
  for (const id of [`${MERAKI_KEY}\r\n`, "..", ""]) {
    await failing(`update: id ${JSON.stringify(id)}`, m.updatePrivateApplication(ORG, id, APP), ValidationError);
    await failing(`detach: organizationId ${JSON.stringify(id)}`, m.detachSites(id, DETACH), ValidationError);
    await failing(`updateApp: id ${JSON.stringify(id)}`, s.updateApp(id, DETAIL), ValidationError);
    throwing(`prepareUpdatePrivateApplication: id ${JSON.stringify(id)}`, () => m.prepareUpdatePrivateApplication(ORG, id, APP));
    throwing(`prepareDetachSites: organizationId ${JSON.stringify(id)}`, () => m.prepareDetachSites(id, DETACH));
    throwing(`prepareUpdateApp: id ${JSON.stringify(id)}`, () => s.prepareUpdateApp(id, DETAIL));
  }

  // ---- rate limits: the server's 429 (echoing) and the client's own queue ----------------------
  mock.reset({ rateLimit: { perSecond: 1, burst: 1 } });
  await m.updatePrivateApplication(ORG, "183456", APP); // takes the one token
  const limited = await failing("update: the server's rate limit (429)", m.updatePrivateApplication(ORG, "183457", APP), ApiError);
  assert.equal(limited.status, 429);
  mock.reset();
  const slow = meraki({ requestsPerSecond: 1 });
  const queued = [slow.detachSites(ORG, DETACH), slow.detachSites(ORG, DETACH), slow.detachSites(ORG, DETACH)];
  const queueSignal = AbortSignal.timeout(100);
  const inQueue = [slow.updatePrivateApplication(ORG, "183456", APP, { signal: queueSignal }), slow.detachSites(ORG, DETACH, { signal: queueSignal })];
  await failing("update: aborted in the client's rate-limit queue", inQueue[0], AbortError);
  await failing("detach: aborted in the client's rate-limit queue", inQueue[1], AbortError);
  await Promise.allSettled(queued);

  // ---- Symphony tokens: refresh after 401, providers that fail or quote tokens -----------------
  mock.reset({ sessionTokens: [FRESH] });
  let asked = 0;
  const refreshing = symphony({ sessionToken: STALE, sessionTokenProvider: () => (++asked === 1 ? FRESH : `${FRESH} \n`) });
  mock.addFaults([{ status: 500, echo: true, match: { pathIncludes: "/pod/" } }]);
  await failing("updateApp: 500 echo (stale token)", refreshing.updateApp("my-app", DETAIL), ApiError);
  mock.addFaults([{ status: 401, echo: true }, { status: 401, echo: true }]);
  const twice = await failing("updateApp: 401 echo, refreshed, 401 echo again", refreshing.updateApp("my-app", DETAIL), ApiError);
  assert.equal(twice.attempts, 2);
  assert.deepEqual(received().sort(), ["CSRF", "FRESH", "NOTIFY_KEY", "STALE"], "both tokens were sent and echoed");
  mock.addFaults([{ status: 401, echo: true }]);
  await failing("updateApp: a provider answering a token with a line break", refreshing.updateApp("my-app", DETAIL), ValidationError);
  const providers = [
    ["throws an Error quoting the old token", () => { throw new Error(`cannot refresh ${STALE}`); }],
    ["rejects with an Error quoting the old token", async () => { throw new Error(`refused: ${STALE}`); }],
    ["throws a string", () => { throw `nope ${STALE}`; }],
    ["answers a token with a space", () => `${FRESH} x`],
    ["answers a number", () => 42],
    ["never answers (timeout)", () => new Promise(() => {})],
  ];
  for (const [label, provider] of providers) {
    mock.reset({ sessionTokens: [FRESH] });
    mock.addFaults([{ status: 401, echo: true }]);
    const c = symphony({ sessionToken: STALE, sessionTokenProvider: provider, timeoutMs: 300 });
    const e = await failing(`updateApp: a provider that ${label}`, c.updateApp("my-app", DETAIL), label.includes("timeout") ? TimeoutError : ValidationError);
    if (e instanceof ValidationError) assert.equal(e.issues[0].path, "/sessionTokenProvider");
  }

  // ---- a caller's fetch that fails quoting what it was given, or answers junk --------------------
  const quoting = (url, init) => { throw new Error(`no route for ${url} ${JSON.stringify(init.headers)} ${Buffer.from(init.body)}`); };
  for (const [name, c] of Object.entries(CALLS)) {
    const options = { fetch: quoting };
    const client = name === "updateApp" ? symphony(options) : meraki(options);
    await failing(`${name}: a fetch option that throws quoting the request`, c.call(client), NetworkError);
    const junk = name === "updateApp" ? symphony({ fetch: async () => ({ status: TOKEN }) }) : meraki({ fetch: async () => ({ status: MERAKI_KEY }) });
    await failing(`${name}: a fetch option that answers junk`, c.call(junk), NetworkError);
  }

  // ---- Meraki's shard redirects: followed to a shard that echoes, and refused ----------------------
  // The client's baseUrl is api.meraki.com; its fetch reroutes every https://<host> to the mock.
  const reroute = (url, init) => {
    const u = new URL(url);
    return fetch(`${mock.url}${u.pathname}${u.search}`, { ...init, headers: { ...init.headers, "x-intended-host": u.host } });
  };
  const sharded = meraki({ baseUrl: "https://api.meraki.com/api/v1", fetch: reroute });
  for (const [name, call] of [["update", (c) => CALLS.update.call(c)], ["detach", (c) => CALLS.detach.call(c)]]) {
    mock.reset({ apiKey: MERAKI_KEY, shards: { [ORG]: "n123.meraki.com" } });
    mock.addFaults([{ status: 400, echo: true }]); // meets the request that reached the shard
    const e = await failing(`${name}: a shard that echoes (redirected there, or known)`, call(sharded), ApiError);
    // The first call is redirected to the shard; the second goes there directly.
    const expected = name === "update" ? [["api.meraki.com", 308], ["n123.meraki.com", 400]] : [["n123.meraki.com", 400]];
    assert.deepEqual(mock.requests().map((r) => [r.host, r.status]), expected);
    assert.equal(e.attempts, expected.length);
    mock.reset({ apiKey: MERAKI_KEY });
    mock.addFaults([{ status: 308, echo: true, headers: { location: `https://evil.example.com/?k=${MERAKI_KEY}` } }]);
    await failing(`${name}: a redirect elsewhere that echoes`, call(meraki({ baseUrl: "https://api.meraki.com/api/v1", fetch: reroute })), ApiError);
  }

  // ---- constructors -----------------------------------------------------------------------------
  for (const options of [
    { apiKey: `${MERAKI_KEY} x` }, { apiKey: `Bearer ${MERAKI_KEY}` }, { apiKey: `${MERAKI_KEY}\n` }, { apiKey: [MERAKI_KEY] },
    { apiKey: MERAKI_KEY, baseUrl: `https://u:${MERAKI_KEY}@example.com/api/v1` }, { apiKey: MERAKI_KEY, baseUrl: `https://example.com/?k=${MERAKI_KEY}` },
    { apiKey: MERAKI_KEY, authScheme: MERAKI_KEY }, { apiKey: MERAKI_KEY, timeoutMs: MERAKI_KEY }, { apiKey: MERAKI_KEY, unknown: MERAKI_KEY, maxRetries: -1 },
  ]) throwing(`new MerakiClient(${Object.keys(options)})`, () => new MerakiClient(options));
  for (const options of [
    { podUrl: "https://acme.symphony.com", sessionToken: `${TOKEN} x` }, { podUrl: "https://acme.symphony.com", sessionToken: `${TOKEN}\r\n` },
    { podUrl: `https://${TOKEN}@acme.symphony.com`, sessionToken: TOKEN }, { podUrl: `http://acme.symphony.com/#${TOKEN}`, sessionToken: TOKEN },
    { podUrl: "https://acme.symphony.com", sessionToken: TOKEN, sessionTokenProvider: TOKEN }, { podUrl: TOKEN, sessionToken: [TOKEN] },
    { podUrl: "https://acme.symphony.com", sessionToken: TOKEN, fetch: TOKEN, hooks: { onRequest: TOKEN } },
  ]) throwing(`new SymphonyClient(${Object.keys(options)})`, () => new SymphonyClient(options));
  throwing("new MerakiClient(fetch, hooks)", () => new MerakiClient({ apiKey: MERAKI_KEY, fetch: MERAKI_KEY, hooks: MERAKI_KEY }));
  // Extra headers that are refused: their values (a secret) are never quoted.
  for (const bad of [{ "X-CSRF-Token": `${CSRF}\r\n` }, { Authorization: CSRF }, { "X Bad": CSRF }, { "X-CSRF-Token": [CSRF] }, { "X-A": CSRF, "x-a": CSRF }]) {
    throwing(`new MerakiClient(headers ${Object.keys(bad)})`, () => new MerakiClient({ baseUrl: "https://relay.example.com/m", headers: bad }));
    throwing(`new SymphonyClient(headers ${Object.keys(bad)})`, () => new SymphonyClient({ podUrl: mock.url, headers: bad }));
  }

  // ---- a relay's client (no key): a careless relay's 400 whose issues quote the header -----------
  const relayed = [
    [meraki({ apiKey: undefined }), (c) => c.updatePrivateApplication(ORG, "183456", APP), { errors: [`/name: ${CSRF}`], issues: [{ path: "/name", code: "name-characters", message: `quoted ${CSRF}` }] }, ["CSRF"]],
    [symphony({ sessionToken: undefined }), (c) => c.updateApp("my-app", DETAIL), { code: 400, message: CSRF, issues: [{ path: `/x${CSRF}`, code: "c", message: `quoted ${CSRF}` }] }, ["NOTIFY_KEY", "CSRF"]],
  ];
  for (const [client, call, body, sent] of relayed) {
    mock.reset();
    mock.addFaults([{ status: 400, body }]);
    const e = await failing(`a relay client: a 400 with issues quoting the header (${client.constructor.name})`, call(client), ValidationError);
    assert.ok(e.issues[0].message.startsWith("quoted ***"), JSON.stringify(e.issues));
    assert.deepEqual(received(), sent, "the relay client sent the header and no credential");
  }

  // ---- verifyDetachSitesCallback ----------------------------------------------------------------
  for (const [label, payload, expected] of [
    ["a wrong sharedSecret", { ...CALLBACK, sharedSecret: `${CB_SECRET}x` }, CB_SECRET],
    ["a secret that is a prefix", { ...CALLBACK, sharedSecret: CB_SECRET.slice(0, -1) }, CB_SECRET],
    ["the expected one empty", CALLBACK, ""],
    ["no sharedSecret", { ...CALLBACK, sharedSecret: undefined }, CB_SECRET],
    ["a non-string sharedSecret", { ...CALLBACK, sharedSecret: [CB_SECRET] }, CB_SECRET],
    ["a secret in every field", { organization: CB_SECRET, network: CB_SECRET, sentAt: CB_SECRET, callbackId: CB_SECRET, sharedSecret: CB_SECRET }, `${CB_SECRET}!`],
    ["the payload as text", JSON.stringify(CALLBACK), CB_SECRET],
  ]) throwing(`verifyDetachSitesCallback: ${label}`, () => verifyDetachSitesCallback(payload, expected));
  // The secret moved into a header: wrong, a prefix, or read from headers that throw it.
  const noBodySecret = { ...CALLBACK, sharedSecret: undefined };
  for (const [label, headers] of [
    ["a wrong secret in a Headers object", new Headers({ "x-shared-secret": `${CB_SECRET}x` })],
    ["a wrong secret in req.headers", { "x-shared-secret": CB_SECRET.slice(0, -1), "set-cookie": [`${CB_SECRET}x`] }],
    ["headers whose getter throws the secret", { get "x-shared-secret"() { throw new Error(CB_SECRET); } }],
    ["headers that are the secret itself", CB_SECRET],
  ]) throwing(`verifyDetachSitesCallback: ${label}`, () => verifyDetachSitesCallback(noBodySecret, CB_SECRET, headers));
  throwing("verifyDetachSitesCallback: a non-string expected secret", () => verifyDetachSitesCallback(CALLBACK, [CB_SECRET]));

  // ---- the checks -------------------------------------------------------------------------------
  const errors = collected.map(([, e]) => e);
  for (const Class of [ValidationError, ApiError, NetworkError, TimeoutError, AbortError]) {
    assert.ok(errors.some((e) => e instanceof Class), `collected a ${Class.name}`);
  }
  assert.deepEqual([...new Set(errors.map((e) => e.operation).filter(Boolean))].sort(), Object.values(OPS).sort(), "every operation");
  const statuses = new Set(errors.map((e) => e.status).filter(Boolean));
  for (const status of [201, 200, 302, 400, 401, 403, 404, 409, 429, 500, 502, 503, 504]) assert.ok(statuses.has(status), `an ApiError ${status}`);

  // prepare*(): with each auth scheme, before and after a Symphony provider's token is known.
  const prepared = [];
  for (const authScheme of ["bearer", "apiKeyHeader"]) {
    const c = meraki({ authScheme });
    prepared.push(["prepareUpdatePrivateApplication", c.prepareUpdatePrivateApplication(ORG, "183456", APP), null]);
    prepared.push(["prepareDetachSites", c.prepareDetachSites(ORG, DETACH), CB_SECRET]);
  }
  mock.reset();
  const fromProvider = symphony({ sessionToken: undefined, sessionTokenProvider: async () => TOKEN });
  prepared.push(["prepareUpdateApp before the token", fromProvider.prepareUpdateApp("my-app", DETAIL), NOTIFY_KEY]);
  await fromProvider.updateApp("my-app", DETAIL);
  prepared.push(["prepareUpdateApp after the token", fromProvider.prepareUpdateApp("my-app", DETAIL), NOTIFY_KEY]);
  prepared.push(["prepareUpdateApp, fixed token", symphony().prepareUpdateApp("my-app", DETAIL), NOTIFY_KEY]);
  for (const [label, p, allowed] of prepared) {
    // The one allowed place: the body, which is the caller's JSON byte for byte.
    if (allowed) {
      assert.equal(p.body.split(allowed).length - 1, 1, `${label}: the body carries ${allowed} once, where the caller put it`);
      const parsed = JSON.parse(p.body);
      assert.equal(allowed === CB_SECRET ? parsed.callback.sharedSecret : parsed.notification.apiKey, allowed);
    }
    assert.ok(Object.values(p.headers).some((v) => v.includes("***")), `${label}: the credential header is masked`);
    assert.equal(p.headers["X-CSRF-Token"], "***", `${label}: the extra header's value is masked`);
    collect(`${label} (without its body)`, { ...p, body: allowed ? p.body.replace(allowed, "") : p.body });
  }
  // What the hooks saw of every call above: each request and its answer, the credential masked.
  const requests = hookInfos.filter((i) => "headers" in i);
  assert.ok(requests.length >= 80 && hookInfos.length > requests.length, `the hooks saw ${requests.length} requests`);
  assert.ok(requests.some((i) => i.headers.Authorization === "Bearer ***") && requests.some((i) => i.headers.sessionToken === "***"));
  assert.ok(requests.every((i) => i.headers["X-CSRF-Token"] === "***"), "every hook saw the extra header masked");
  collect("every hook info", hookInfos);
  // The clients themselves, printed or serialized by a careless logger.
  for (const c of [m, s, fromProvider, refreshing]) collect(`a client: ${c.constructor.name}`, c);

  const leaks = [];
  for (const [label, value] of collected) {
    for (const [view, text] of Object.entries(views(value))) {
      for (const needle of NEEDLES) if (text.includes(needle)) leaks.push(`${label}: ${view} holds ${needle}: …${text.slice(Math.max(0, text.indexOf(needle) - 80), text.indexOf(needle) + 40)}…`);
    }
  }
  assert.deepEqual(leaks, [], `${leaks.length} leaks in ${collected.length} values`);
  assert.ok(collected.length >= 130, `collected ${collected.length} values`);
});
