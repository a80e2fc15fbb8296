// SymphonyClient's session token against the mock: the sessionTokenProvider and its refresh after
// a 401, and the session token / notification.apiKey kept out of every error. The rest of
// SymphonyClient is in symphony.test.mjs; the shared fixtures in symphony-fixtures.mjs.
// Run: node --test tests/node/symphony-token.test.mjs

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import util from "node:util";
import {
  AbortError, ApiError, NetworkError, SymphonyClient, TimeoutError, ValidationError,
  validateApplicationDetail,
} from "../../pkg/node/index.mjs";
import { rejection, sleep, thrown, views } from "./helpers.mjs";
import {
  API_KEY, APP_ID, APP_PATH, DETAIL, FAULT_MATCH, FRESH, NEEDLES, NO_ROLE, OP, ROLES, STALE, TOKEN, assertCallError,
  clone, echoed, lowerHeaders, mock, newClient, pairs, posts, provider, useMock,
} from "./symphony-fixtures.mjs";

useMock();

const tokensSent = () => posts().map((e) => e.headers.sessiontoken);

/** A ValidationError about the token provider: code "credential" at /sessionTokenProvider. */
function assertCredentialError(e) {
  assert.ok(e instanceof ValidationError, `${e?.name}: ${e?.message}`);
  assert.equal(e.name, "ValidationError");
  for (const Other of [ApiError, NetworkError, TimeoutError, AbortError]) assert.ok(!(e instanceof Other));
  assert.deepEqual(pairs(e.issues), [["/sessionTokenProvider", "credential"]]);
  assert.ok(e.issues[0].message.length > 10, e.issues[0].message);
}

// ---------------------------------------------------------------------------------------------
describe("sessionTokenProvider and the 401 refresh", () => {
  test("called once, before the first call, not at construction; its answer is cached", async () => {
    const ask = provider([TOKEN, "never-asked"]);
    const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: ask });
    assert.equal(ask.calls, 0, "not called by the constructor");
    await c.updateApp(APP_ID, DETAIL);
    assert.equal(ask.calls, 1);
    await c.updateApp(APP_ID, DETAIL);
    await c.updateApp("other", DETAIL);
    assert.equal(ask.calls, 1, "the answer is reused");
    assert.deepEqual(tokensSent(), [TOKEN, TOKEN, TOKEN]);
  });

  for (const [kind, options] of [["sync", {}], ["async", { async: true, delayMs: 20 }]]) {
    test(`a ${kind} provider's token is sent in the sessionToken header`, async () => {
      const ask = provider([TOKEN], options);
      const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: ask });
      const result = await c.updateApp(APP_ID, DETAIL);
      assert.equal(result.mockRevision, 1);
      assert.deepEqual(tokensSent(), [TOKEN]);
      assert.equal(ask.calls, 1);
    });

    test(`${kind}: a 401 asks the provider again and retries once with the fresh token`, async (t) => {
      mock.reset({ sessionTokens: [FRESH] });
      const ask = provider([STALE, FRESH], options);
      const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: ask, maxRetries: 0 });
      const started = Date.now();
      const result = await c.updateApp(APP_ID, DETAIL);
      const elapsed = Date.now() - started;
      assert.deepEqual(result, echoed(DETAIL, 1), "the answer of the retry");
      assert.equal(ask.calls, 2);
      const log = posts();
      assert.deepEqual(log.map((e) => [e.headers.sessiontoken, e.status]), [[STALE, 401], [FRESH, 200]]);
      assert.equal(log[0].body, JSON.stringify(DETAIL));
      assert.equal(log[1].body, log[0].body, "the retry sends the same body");
      assert.equal(log[1].path, APP_PATH);
      // maxRetries 0 and yet a retry: the refresh is not counted against maxRetries. And it needs
      // no backoff (the token changed), so it does not wait the 250+ ms a backoff would.
      const gap = log[1].at - log[0].at;
      t.diagnostic(`401 → retry with the fresh token after ${gap} ms (call took ${elapsed} ms)`);
      assert.ok(gap < 250 + (options.delayMs ?? 0), `the retry came ${gap} ms after the 401`);
      assert.ok(elapsed < 1000, `took ${elapsed} ms`);
      // The fresh token is kept for the next call.
      await c.updateApp(APP_ID, DETAIL);
      assert.equal(ask.calls, 2);
      assert.deepEqual(tokensSent(), [STALE, FRESH, FRESH]);
    });
  }

  test("a second 401 is an ApiError with status 401 and attempts 2: the provider is asked exactly twice", async () => {
    const ask = provider([STALE, "also-refused-TOKLEAK-3", "never-asked-TOKLEAK-4"]);
    const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: ask });
    const e = await rejection(c.updateApp(APP_ID, DETAIL));
    assertCallError(e, ApiError, 2);
    assert.equal(e.status, 401);
    assert.deepEqual(e.messages, ["Invalid session"]);
    assert.deepEqual(e.body, { code: 401, message: "Invalid session" });
    assert.match(e.message, /\(2 attempts\)$/);
    await sleep(100);
    assert.equal(ask.calls, 2, "no refresh loop");
    assert.deepEqual(tokensSent(), [STALE, "also-refused-TOKLEAK-3"]);
  });

  test("without a provider a 401 is final: ApiError after 1 attempt", async () => {
    const c = newClient({ sessionToken: STALE });
    const e = await rejection(c.updateApp(APP_ID, DETAIL));
    assertCallError(e, ApiError, 1);
    assert.equal(e.status, 401);
    assert.deepEqual(e.messages, ["Invalid session"]);
    assert.equal(e.message, `${OP} failed with HTTP 401: Invalid session (1 attempt)`);
    await sleep(50);
    assert.equal(posts().length, 1);
  });

  test("a sessionToken with a provider: the token is used first, the provider only after a 401", async () => {
    mock.reset({ sessionTokens: [FRESH] });
    const ask = provider([FRESH]);
    const c = new SymphonyClient({ podUrl: mock.url, sessionToken: STALE, sessionTokenProvider: ask });
    await c.updateApp(APP_ID, DETAIL);
    assert.equal(ask.calls, 1);
    assert.deepEqual(tokensSent(), [STALE, FRESH]);
  });

  test("a later call that meets a 401 refreshes again", async () => {
    const T1 = "t1-TOKLEAK";
    const T2 = "t2-TOKLEAK";
    mock.reset({ sessionTokens: [T1] });
    const ask = provider([STALE, T1, T2]);
    const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: ask });
    await c.updateApp(APP_ID, DETAIL);
    assert.deepEqual(tokensSent(), [STALE, T1]);
    await c.updateApp(APP_ID, DETAIL);
    assert.deepEqual(tokensSent(), [STALE, T1, T1]);
    assert.equal(ask.calls, 2);
    mock.reset({ sessionTokens: [T2] }); // the session T1 expires
    const result = await c.updateApp(APP_ID, DETAIL);
    assert.equal(result.mockRevision, 1);
    assert.deepEqual(tokensSent(), [T1, T2]);
    assert.equal(ask.calls, 3);
  });

  test("the refresh retry is not counted in maxRetries, and the attempts of both rounds add up", async () => {
    // 401 (fault) → refresh → 503 → retry (maxRetries 1) → 503 → ApiError 503 after 3 attempts.
    mock.addFaults([
      { status: 401, body: '{"code":401,"message":"Invalid session"}', match: FAULT_MATCH },
      { status: 503, times: 2, match: FAULT_MATCH },
    ]);
    const ask = provider([TOKEN, TOKEN]);
    const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: ask, maxRetries: 1 });
    const e = await rejection(c.updateApp(APP_ID, DETAIL));
    assertCallError(e, ApiError, 3);
    assert.equal(e.status, 503);
    assert.deepEqual(posts().map((l) => l.status), [401, 503, 503]);
    assert.equal(ask.calls, 2);
  });

  test("10 concurrent first calls ask the provider once", async () => {
    const ask = provider([TOKEN, "second-answer-TOKLEAK"], { async: true, delayMs: 30 });
    const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: ask });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => c.updateApp(`app-${i}`, DETAIL)));
    assert.equal(results.length, 10);
    assert.equal(ask.calls, 1);
    assert.deepEqual(tokensSent(), Array(10).fill(TOKEN));
  });

  test("10 concurrent first calls ask a sync provider once too", async () => {
    const ask = provider([TOKEN, "second-answer-TOKLEAK"]);
    const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: ask });
    await Promise.all(Array.from({ length: 10 }, (_, i) => c.updateApp(`app-${i}`, DETAIL)));
    assert.equal(ask.calls, 1);
    assert.deepEqual(tokensSent(), Array(10).fill(TOKEN));
  });

  test("5 concurrent calls meeting a 401 with the same stale token share the refresh", async (t) => {
    mock.reset({ sessionTokens: [FRESH] });
    const ask = provider([STALE, FRESH, "third-TOKLEAK", "fourth-TOKLEAK"], { async: true, delayMs: 30 });
    const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: ask });
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => c.updateApp(`app-${i}`, DETAIL)));
    assert.equal(results.length, 5);
    t.diagnostic(`provider calls for 5 concurrent calls that all met a 401: ${ask.calls}`);
    // Ideally 2: one before the first calls, one refresh shared by all five 401s.
    assert.ok(ask.calls <= 2, `the provider was asked ${ask.calls} times`);
    assert.equal(ask.calls, 2);
    const sent = tokensSent();
    assert.deepEqual(sent.filter((t) => t === STALE).length, 5);
    assert.deepEqual(sent.filter((t) => t === FRESH).length, 5);
    assert.equal(sent.length, 10);
  });

  test("5 concurrent calls with a stale sessionToken option: one refresh for all", async () => {
    mock.reset({ sessionTokens: [FRESH] });
    const ask = provider([FRESH, "second-TOKLEAK"], { async: true, delayMs: 30 });
    const c = new SymphonyClient({ podUrl: mock.url, sessionToken: STALE, sessionTokenProvider: ask });
    await Promise.all(Array.from({ length: 5 }, (_, i) => c.updateApp(`app-${i}`, DETAIL)));
    assert.equal(ask.calls, 1);
    assert.equal(tokensSent().length, 10);
  });

  const BAD_PROVIDERS = [
    ["throws an Error", () => { throw new Error("vault unreachable"); }],
    ["throws a string", () => { throw "nope"; }],
    ["rejects", async () => { throw new Error("vault unreachable"); }],
    ["returns 42", () => 42],
    ["resolves to 42", async () => 42],
    ["returns undefined", () => undefined],
    ["resolves to null", async () => null],
    ['returns ""', () => ""],
    ["returns blanks", () => "   "],
    ['returns "a b"', () => "a b"],
    ["returns a token with a line break", () => "tok\r\nX-Injected: 1"],
  ];
  for (const [label, fn] of BAD_PROVIDERS) {
    test(`a provider that ${label}: ValidationError credential at /sessionTokenProvider, nothing sent`, async () => {
      let calls = 0;
      const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: () => { calls++; return fn(); } });
      const e = await rejection(c.updateApp(APP_ID, DETAIL));
      assertCredentialError(e);
      assert.equal(calls, 1);
      await sleep(20);
      assert.deepEqual(mock.requests(), []);
    });
  }

  test("a failed provider is asked again on the next call (a failure is not cached)", async () => {
    const ask = provider([new Error("not yet"), TOKEN]);
    const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: ask });
    assertCredentialError(await rejection(c.updateApp(APP_ID, DETAIL)));
    const result = await c.updateApp(APP_ID, DETAIL);
    assert.equal(result.mockRevision, 1);
    assert.equal(ask.calls, 2);
    assert.deepEqual(tokensSent(), [TOKEN]);
  });

  test("a provider failing at the refresh: ValidationError credential, no second request", async () => {
    const ask = provider([STALE, new Error("vault unreachable")]);
    const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: ask });
    assertCredentialError(await rejection(c.updateApp(APP_ID, DETAIL)));
    assert.equal(ask.calls, 2);
    assert.deepEqual(tokensSent(), [STALE]);
  });

  // The wait for the provider honours the signal (and timeoutMs): this once hung until the
  // provider answered.
  test("a provider that never answers is bounded by timeoutMs", async () => {
    const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: () => new Promise(() => {}), timeoutMs: 200 });
    const started = Date.now();
    const e = await rejection(c.updateApp(APP_ID, DETAIL));
    assertCallError(e, TimeoutError, 0);
    assert.ok(Date.now() - started < 1000, "the wait for the provider was not bounded");
    assert.deepEqual(mock.requests(), [], "nothing sent");
  });

  test("the caller's signal aborts a call that waits for a slow provider", async () => {
    const ask = provider([TOKEN], { async: true, delayMs: 800 });
    const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: ask });
    const controller = new AbortController();
    const started = Date.now();
    const promise = c.updateApp(APP_ID, DETAIL, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const e = await rejection(promise);
    const elapsed = Date.now() - started;
    assertCallError(e, AbortError, 0);
    assert.ok(elapsed < 600, `rejected after ${elapsed} ms, not when the signal fired`);
    await sleep(Math.max(0, 800 - elapsed + 50));
    assert.deepEqual(mock.requests(), [], "nothing sent after the abort");
  });

  test("a 403 is not a reason to refresh", async () => {
    const ask = provider([NO_ROLE, TOKEN]);
    const c = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: ask });
    const e = await rejection(c.updateApp(APP_ID, DETAIL));
    assertCallError(e, ApiError, 1);
    assert.equal(e.status, 403);
    assert.equal(ask.calls, 1);
    assert.equal(posts().length, 1);
  });
});

// ---------------------------------------------------------------------------------------------
function assertNoSecret(value, label) {
  for (const [view, text] of Object.entries(views(value))) {
    for (const needle of NEEDLES) {
      assert.ok(!text.includes(needle), `${label}: ${view} contains "${needle}": ${text.slice(0, 300)}`);
    }
  }
}

describe("secrets: the session token and notification.apiKey never appear in an error", () => {
  const echo = (status, text) => ({ status, body: JSON.stringify({ code: status, message: text }), match: FAULT_MATCH });

  const FAILING_CALLS = [
    {
      label: "ApiError 500 echoing the token (sessionToken option) and the apiKey",
      Class: ApiError,
      faults: [{ status: 500, body: `{"code":500,"message":"bad ${TOKEN} ${API_KEY}"}`, match: FAULT_MATCH }],
      check: (e) => {
        assert.equal(e.status, 500);
        assert.equal(e.messages.length, 1);
        assert.ok(e.messages[0].startsWith("bad "), e.messages[0]);
        assert.equal(e.messages[0], "bad *** ***", "the echo is scrubbed to ***");
      },
    },
    {
      label: "ApiError 500 echoing a token that came from the provider",
      Class: ApiError,
      client: () => new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: () => TOKEN, maxRetries: 0 }),
      faults: [echo(500, `bad ${TOKEN} ${API_KEY}`)],
      check: (e) => assert.equal(e.messages[0], "bad *** ***"),
    },
    {
      label: "ApiError 500 echoing them in nested fields, arrays and object keys",
      Class: ApiError,
      faults: [{
        status: 500,
        body: JSON.stringify({
          code: 500, message: `session ${TOKEN}`,
          detail: { header: `sessionToken: ${TOKEN}`, list: [API_KEY, { deeper: `x${API_KEY}x` }] },
          [TOKEN]: API_KEY,
        }),
        match: FAULT_MATCH,
      }],
      check: (e) => assert.equal(e.body.code, 500),
    },
    {
      label: "ApiError 502 whose text body echoes them",
      Class: ApiError,
      faults: [{ status: 502, body: `<html>${TOKEN} / ${API_KEY}</html>`, contentType: "text/html", match: FAULT_MATCH }],
      check: (e) => assert.ok(e.body.startsWith("<html>"), e.body),
    },
    {
      label: "ApiError 200 with a non-JSON body echoing them",
      Class: ApiError,
      faults: [{ status: 200, body: `ok ${TOKEN} ${API_KEY}`, contentType: "text/plain", match: FAULT_MATCH }],
      check: (e) => assert.equal(e.status, 200),
    },
    {
      label: "ApiError 503 after a retry, echoing them each time",
      Class: ApiError,
      faults: [{ ...echo(503, `down ${TOKEN} ${API_KEY}`), times: 2 }],
      options: { maxRetries: 1 },
      check: (e) => assert.equal(e.attempts, 2),
    },
    {
      label: "ApiError 401 without a provider (a token the pod refuses)",
      Class: ApiError,
      client: () => newClient({ sessionToken: STALE, maxRetries: 0 }),
      check: (e) => assert.equal(e.status, 401),
    },
    {
      label: "ApiError 401 after the refresh, the pod echoing the fresh token",
      Class: ApiError,
      client: () => new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: provider([STALE, FRESH]), maxRetries: 0 }),
      faults: [echo(401, `expired ${STALE}`), echo(401, `expired ${FRESH} ${API_KEY}`)],
      check: (e) => assert.equal(e.attempts, 2),
    },
    {
      label: "ApiError 403 echoing them",
      Class: ApiError,
      faults: [echo(403, `no role for ${TOKEN}`)],
      check: (e) => assert.ok(e.messages.some((m) => m.includes(ROLES))),
    },
    { label: "TimeoutError", Class: TimeoutError, faults: [{ hang: true, match: FAULT_MATCH }], options: { timeoutMs: 150 } },
    { label: "NetworkError from a reset", Class: NetworkError, faults: [{ reset: true, match: FAULT_MATCH }] },
    { label: "AbortError from an aborted signal", Class: AbortError, options: { signal: AbortSignal.abort() } },
    {
      label: "ValidationError: the apiKey pasted into iconUrl, appUrl, allowOrigins (only a warning), a permission and a property key",
      Class: ValidationError,
      body: () => {
        const d = clone();
        d.iconUrl = API_KEY;
        d.applicationInfo.appUrl = `http://${API_KEY}.example/`;
        d.allowOrigins = `${API_KEY}!`;
        d.permissions = [API_KEY];
        d.properties.push({ key: API_KEY, value: "x" }, { key: API_KEY, value: "y" });
        d.cert = API_KEY;
        return d;
      },
      check: (e) => assert.deepEqual(pairs(e.issues), [
        ["/applicationInfo/appUrl", "https-url"],
        ["/cert", "pem-form"],
        ["/iconUrl", "https-url"],
        ["/permissions/0", "permission-form"],
        ["/properties/4/key", "property-key-duplicate"],
      ]),
    },
    {
      label: "ValidationError: the token pasted into the body (iconUrl, a property key)",
      Class: ValidationError,
      body: () => {
        const d = clone();
        d.iconUrl = `http://x.example/?t=${TOKEN}`;
        d.properties.push({ key: TOKEN, value: "" }, { key: TOKEN, value: "" });
        return d;
      },
      check: (e) => assert.deepEqual(pairs(e.issues), [["/iconUrl", "https-url"], ["/properties/4/key", "property-key-duplicate"]]),
    },
    {
      label: "ValidationError: a provider answering a token with a space",
      Class: ValidationError,
      client: () => new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: () => `${TOKEN} x` }),
      check: assertCredentialError,
    },
    {
      label: "ValidationError: a provider throwing an Error that quotes the token it was given before",
      // The provider's message is scrubbed of the token it was asked to replace.
      Class: ValidationError,
      client: () => new SymphonyClient({
        podUrl: mock.url,
        sessionTokenProvider: provider([STALE, new Error(`cannot renew session ${STALE}`)]),
      }),
      check: assertCredentialError,
    },
  ];

  for (const c of FAILING_CALLS) {
    test(c.label, c.todo ? { todo: c.todo } : {}, async () => {
      if (c.faults) mock.addFaults(c.faults);
      const symphony = c.client ? c.client() : newClient({ maxRetries: 0 });
      const e = await rejection(symphony.updateApp(APP_ID, c.body ? c.body() : DETAIL, c.options));
      assert.ok(e instanceof c.Class, `${e?.name}: ${e?.message}`);
      c.check?.(e);
      assertNoSecret(e, c.label);
      // Where a request went out, the secrets really were in it: the check above is not vacuous.
      for (const entry of posts()) {
        assert.ok(NEEDLES.some((n) => entry.headers.sessiontoken.includes(n)));
        assert.ok(entry.body.includes(API_KEY));
      }
    });
  }

  test("the echoing faults really echo (so the checks above can fail)", async () => {
    mock.addFaults([{ status: 500, body: `{"code":500,"message":"bad ${TOKEN} ${API_KEY}"}`, match: FAULT_MATCH }]);
    const res = await fetch(`${mock.url}${APP_PATH}`, {
      method: "POST",
      headers: { sessionToken: TOKEN, "content-type": "application/json" },
      body: JSON.stringify(DETAIL),
    });
    const text = await res.text();
    assert.ok(text.includes(TOKEN) && text.includes(API_KEY), text);
  });

  test("validateApplicationDetail never quotes the apiKey, wherever it was pasted", () => {
    const d = clone();
    d.iconUrl = API_KEY;
    d.notification.url = `${API_KEY}`;
    d.permissions = [API_KEY, `${API_KEY}_X`];
    d.properties.push({ key: API_KEY, value: API_KEY });
    d.description = 5; // a type error next to it
    const report = validateApplicationDetail(d);
    assert.equal(report.valid, false);
    assert.ok(report.errors.length >= 4, JSON.stringify(report.errors));
    for (const needle of [API_KEY, "APILEAK"]) {
      assert.ok(!JSON.stringify(report).includes(needle), `report contains ${needle}: ${JSON.stringify(report)}`);
    }
  });

  test("prepareUpdateApp masks the token from the option and from the provider", async () => {
    const prepared = [newClient().prepareUpdateApp(APP_ID, DETAIL)];
    const fromProvider = new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: () => TOKEN });
    await fromProvider.updateApp(APP_ID, DETAIL);
    prepared.push(fromProvider.prepareUpdateApp(APP_ID, DETAIL));
    for (const p of prepared) {
      assert.equal(lowerHeaders(p.headers)["sessiontoken"], "***");
      const { body, ...rest } = p;
      assert.ok(body.includes(API_KEY), "the body is exact, by design");
      for (const needle of [TOKEN, "TOKLEAK"]) assert.ok(!JSON.stringify(p).includes(needle), JSON.stringify(p));
      assertNoSecret(rest, "the prepared request without its body");
    }
  });

  test("a prepareUpdateApp that fails validation throws without either secret", () => {
    const d = clone();
    d.iconUrl = `http://${API_KEY}/`;
    for (const [id, body] of [["..", DETAIL], [APP_ID, d], ["a\nb", d]]) {
      const e = thrown(() => newClient().prepareUpdateApp(id, body));
      assert.ok(e instanceof ValidationError);
      assertNoSecret(e, `prepare ${JSON.stringify(id)}`);
    }
  });

  test("the client itself does not show the token when inspected or serialized", async () => {
    const c = new SymphonyClient({ podUrl: mock.url, sessionToken: TOKEN, sessionTokenProvider: () => FRESH });
    await c.updateApp(APP_ID, DETAIL);
    for (const text of [util.inspect(c, { depth: 10, showHidden: true }), String(JSON.stringify(c)), String(c)]) {
      for (const needle of NEEDLES) assert.ok(!text.includes(needle), text);
    }
  });

  const BAD_CONSTRUCTORS = [
    [{ podUrl: "http://example.com", sessionToken: TOKEN }, "/podUrl"],
    [{ podUrl: `https://example.com/?token=${TOKEN}`, sessionToken: TOKEN }, "/podUrl"],
    [{ podUrl: `https://u:${TOKEN}@example.com`, sessionToken: TOKEN }, "/podUrl"],
    [{ podUrl: `http://example.com/${TOKEN}`, sessionToken: TOKEN }, "/podUrl"],
    [{ podUrl: TOKEN, sessionToken: TOKEN }, "/podUrl"],
    [{ podUrl: "https://example.com", sessionToken: `${TOKEN} x` }, "/sessionToken"],
    [{ podUrl: "https://example.com", sessionToken: `${TOKEN}\n` }, "/sessionToken"],
    [{ podUrl: "https://example.com", sessionToken: [TOKEN] }, "/sessionToken"],
    [{ podUrl: "https://example.com", sessionToken: TOKEN, timeoutMs: TOKEN }, "/timeoutMs"],
    [{ podUrl: "https://example.com", sessionToken: TOKEN, maxRetries: TOKEN }, "/maxRetries"],
    [{ podUrl: "https://example.com", sessionTokenProvider: TOKEN }, "/sessionTokenProvider"],
  ];
  for (const [options, path] of BAD_CONSTRUCTORS) {
    test(`constructor ${path} problem: the ValidationError never contains the token`, () => {
      const e = thrown(() => new SymphonyClient(options));
      assert.ok(e instanceof ValidationError, String(e));
      assert.ok(e.issues.some((i) => i.path === path), JSON.stringify(e.issues));
      assertNoSecret(e, JSON.stringify(options));
    });
  }
});
