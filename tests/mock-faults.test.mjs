// Tests of the mock's fault injection (tests/mock/faults.mjs), over real HTTP.
// Run: node --test tests/mock-faults.test.mjs

import { describe, test } from "node:test";
import { startMock } from "./mock/server.mjs";
import assert from "node:assert/strict";
import zlib from "node:zlib";
import http from "node:http";
import { API_KEY, APP, MERAKI, SESSION, appUrl, control, detach, mock, putApp, updateApp, useMock, waitFor } from "./mock/fixtures.mjs";

useMock();

describe("fault injection", () => {
  test("429 with Retry-After and Meraki's body, consumed once; counted", async () => {
    mock.addFaults([{ status: 429, retryAfter: "2" }]);
    const limited = await putApp();
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get("retry-after"), "2");
    assert.deepEqual(await limited.json(), { errors: ["API rate limit exceeded for organization"] });
    assert.equal((await putApp()).status, 200);
    assert.equal(mock.stats().rateLimited429, 1);
  });

  test("Retry-After may be an HTTP date; a 429 without it has none", async () => {
    const date = new Date(Date.now() + 3000).toUTCString();
    mock.addFaults([{ status: 429, retryAfter: date }, { status: 429 }]);
    assert.equal((await putApp()).headers.get("retry-after"), date);
    assert.equal((await putApp()).headers.get("retry-after"), null);
  });

  test("503 for `times` requests, then normal answers", async () => {
    mock.addFaults([{ status: 503, times: 2 }]);
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const res = await putApp();
      statuses.push(res.status);
      if (res.status === 503) assert.deepEqual(await res.json(), { errors: ["Internal error"] });
    }
    assert.deepEqual(statuses, [503, 503, 200]);
  });

  test("a fault only applies to requests its `match` fits", async () => {
    mock.addFaults([{ status: 500, match: { method: "delete", pathIncludes: "/secureConnect/sites" } }]);
    assert.equal((await putApp()).status, 200);
    assert.equal((await updateApp()).status, 200);
    assert.equal((await detach({ body: JSON.stringify({ sites: ["1"] }) })).status, 500);
    assert.equal((await detach({ body: JSON.stringify({ sites: ["1"] }) })).status, 201);
    mock.addFaults([{ status: 502, match: { pathIncludes: "a/b" } }]); // decoded spelling works too
    assert.equal((await putApp({ id: "a/b" })).status, 502);
  });

  test("delayMs delays, then handles normally", async () => {
    mock.addFaults([{ delayMs: 300 }]);
    const started = Date.now();
    const res = await putApp();
    assert.ok(Date.now() - started >= 280, `took ${Date.now() - started} ms`);
    assert.equal(res.status, 200);
  });

  test("headers without a status are added to the normal answer", async () => {
    mock.addFaults([{ headers: { "x-mock": "yes" }, retryAfter: "7" }]);
    const res = await putApp();
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("x-mock"), "yes");
    assert.equal(res.headers.get("retry-after"), "7");
  });

  test("reset destroys the connection: fetch rejects", async () => {
    mock.addFaults([{ reset: true }]);
    await assert.rejects(putApp(), (err) => err instanceof TypeError && /fetch failed/.test(err.message));
    const [entry] = mock.requests();
    assert.equal(entry.status, null);
    assert.equal(entry.fault, "reset");
    assert.equal((await putApp()).status, 200, "the next request is served normally");
  });

  test("a non-JSON body with its own content type, as a proxy's 502 page", async () => {
    mock.addFaults([{ status: 502, body: "<html>Bad Gateway</html>", contentType: "text/html" }]);
    const res = await updateApp();
    assert.equal(res.status, 502);
    assert.equal(res.headers.get("content-type"), "text/html");
    assert.equal(await res.text(), "<html>Bad Gateway</html>");
  });

  test("hang never answers; the client's timeout ends it", async () => {
    mock.addFaults([{ hang: true }]);
    const started = Date.now();
    await assert.rejects(putApp({ signal: AbortSignal.timeout(200) }), { name: "TimeoutError" });
    assert.ok(Date.now() - started < 2000);
    assert.equal(mock.requests()[0].status, null);
    assert.equal((await putApp()).status, 200);
  });

  test("bodyBytes: a generated body of exactly that size, announced by Content-Length; logged", async () => {
    mock.addFaults([{ bodyBytes: 100_000 }, { bodyBytes: 0, status: 503 }]);
    const res = await putApp();
    assert.equal(res.status, 200, "a streamed body answers 200 unless told otherwise");
    assert.equal(res.headers.get("content-length"), "100000");
    assert.equal(res.headers.get("content-type"), "application/json");
    const text = await res.text();
    assert.equal(text.length, 100_000);
    assert.ok(text.startsWith('{"errors":["xxx'), text.slice(0, 20));
    const empty = await putApp();
    assert.deepEqual([empty.status, await empty.text()], [503, ""]);
    await waitFor(() => mock.requests().every((e) => e.bodyBytesSent !== undefined), "both streams to end");
    assert.deepEqual(mock.requests().map((e) => [e.status, e.bodyBytesSent]), [[200, 100_000], [503, 0]]);
  });

  test("bodyBytes with chunked: no Content-Length; with gzip: compressed on the fly", async () => {
    mock.addFaults([{ bodyBytes: 300_000, chunked: true }, { bodyBytes: 5_000_000, gzip: true, contentType: "text/plain" }]);
    const chunked = await putApp();
    assert.equal(chunked.headers.get("content-length"), null);
    assert.equal(chunked.headers.get("transfer-encoding"), "chunked");
    assert.equal((await chunked.arrayBuffer()).byteLength, 300_000);
    const raw = await new Promise((resolve, reject) => {
      const req = http.request(appUrl("5001", "1"), { method: "PUT", headers: MERAKI }, (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on("error", reject);
      req.end(JSON.stringify(APP));
    });
    assert.equal(raw.headers["content-encoding"], "gzip");
    assert.equal(raw.headers["content-type"], "text/plain");
    assert.ok(raw.body.length < 100_000, `${raw.body.length} bytes on the wire`);
    assert.equal(zlib.gunzipSync(raw.body).length, 5_000_000);
  });

  test("endless: a body that never ends, as fast as it is read, until the client hangs up", async () => {
    mock.addFaults([{ endless: true }]);
    const controller = new AbortController();
    const res = await putApp({ signal: controller.signal });
    assert.equal(res.headers.get("content-length"), null);
    const reader = res.body.getReader();
    let bytes = 0;
    while (bytes < 20_000_000) bytes += (await reader.read()).value.length;
    controller.abort();
    const entry = await waitFor(() => mock.requests().find((e) => e.bodyBytesSent !== undefined), "the stream to end");
    assert.ok(entry.bodyBytesSent >= 20_000_000, `${entry.bodyBytesSent} bytes sent`);
    assert.equal((await putApp()).status, 200, "the next request is served normally");
  });

  test("endless with dripMs: one small chunk every dripMs; close() ends it", async () => {
    const other = await startMock();
    try {
      other.addFaults([{ endless: true, dripMs: 50 }]);
      const res = await fetch(`${other.url}/api/v1/organizations/1/secureConnect/privateApplications/2`, {
        method: "PUT", headers: MERAKI, body: JSON.stringify(APP),
      });
      const reader = res.body.getReader();
      const started = Date.now();
      let bytes = 0;
      while (Date.now() - started < 300) bytes += (await reader.read()).value.length;
      assert.ok(bytes > 16 && bytes <= 16 * 10, `${bytes} bytes in ${Date.now() - started} ms`);
      const ended = (async () => {
        try {
          while (!(await reader.read()).done);
          return "finished";
        } catch {
          return "cut off";
        }
      })();
      await other.close();
      // With `Connection: close` and no length, the body is delimited by the close itself.
      const outcome = await Promise.race([ended, new Promise((r) => setTimeout(() => r("still streaming"), 2000))]);
      assert.ok(["finished", "cut off"].includes(outcome), outcome);
    } finally {
      await other.close();
    }
  });

  test("echo: every header and the body come back, in the body (JSON or text) and as x-echo-* headers", async () => {
    mock.addFaults([{ status: 500, echo: true }, { status: 401, echo: true, contentType: "text/plain" }]);
    const res = await putApp({ headers: { ...MERAKI, "x-extra": "e1" } });
    assert.equal(res.status, 500);
    assert.equal(res.headers.get("x-echo-authorization"), `Bearer ${API_KEY}`);
    assert.equal(res.headers.get("x-echo-x-extra"), "e1");
    const body = await res.json();
    assert.ok(body.errors.includes(`authorization: Bearer ${API_KEY}`), JSON.stringify(body.errors));
    assert.ok(body.errors.includes(JSON.stringify(APP)));
    assert.equal(body.code, 500);
    assert.ok(body.message.includes(`Bearer ${API_KEY}`));
    assert.deepEqual(body.request.json, APP);
    assert.equal(body.request.headers.authorization, `Bearer ${API_KEY}`);
    const text = await updateApp({ body: '{"notification":{"apiKey":"k"}}' });
    assert.equal(text.status, 401);
    assert.equal(text.headers.get("content-type"), "text/plain");
    const lines = (await text.text()).split("\n");
    assert.equal(lines[0], "POST /pod/v1/admin/app/my-app/update");
    assert.ok(lines.includes(`sessiontoken: ${SESSION}`));
    assert.equal(lines.at(-1), '{"notification":{"apiKey":"k"}}');
  });

  test("the hostile-body fields are checked: a bad list queues nothing", () => {
    for (const bad of [
      { bodyBytes: -1 }, { bodyBytes: 1.5 }, { endless: "yes" }, { dripMs: 5 }, { chunked: true }, { gzip: true, status: 200 },
      { bodyBytes: 10, endless: true }, { bodyBytes: 10, body: "x" }, { endless: true, hang: true }, { echo: true },
      { echo: true, status: 500, body: "x" }, { echo: true, status: 500, bodyBytes: 1 },
    ]) {
      assert.throws(() => mock.addFaults([{ status: 500 }, bad]), TypeError, JSON.stringify(bad));
    }
    assert.deepEqual(mock.pendingFaults(), []);
    assert.equal(mock.addFaults([{ bodyBytes: 1 }]), 1);
    assert.equal(mock.pendingFaults()[0].status, 200, "a streamed body defaults to 200");
  });

  test("faults over HTTP: a bad list is refused whole and queues nothing", async () => {
    const bad = await control("faults", { faults: [{ status: 500 }, { status: 99 }] });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /status/);
    assert.deepEqual((await control("faults")).body, { faults: [] });
    const good = await control("faults", { faults: [{ status: 500, times: 2 }] });
    assert.deepEqual(good.body, { ok: true, pending: 1, mode: { rate429: false, unavailable503: false, slowMs: 0 } });
    assert.equal((await putApp()).status, 500);
    assert.equal((await control("faults")).body.faults[0].times, 1);
  });

  test("modes over HTTP: rate429 and unavailable503 alternate, slowMs delays", async () => {
    assert.deepEqual((await control("mode", { rate429: true })).body, { rate429: true, unavailable503: false, slowMs: 0 });
    const first = await putApp();
    assert.equal(first.status, 429);
    assert.equal(first.headers.get("retry-after"), "1");
    assert.equal((await putApp()).status, 200);
    await control("mode", { rate429: false, unavailable503: true });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await putApp()).status);
    assert.deepEqual(statuses, [503, 200, 503, 200]);
    await control("faults", { mode: { unavailable503: false, slowMs: 250 } });
    assert.deepEqual((await control("mode")).body, { rate429: false, unavailable503: false, slowMs: 250 });
    const started = Date.now();
    assert.equal((await putApp()).status, 200);
    assert.ok(Date.now() - started >= 230);
  });

  test("rate429 mode answers the 1st, 3rd, ... request with 429", async () => {
    mock.setMode({ rate429: true });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await putApp()).status);
    assert.deepEqual(statuses, [429, 200, 429, 200]);
    assert.equal(mock.stats().rateLimited429, 2);
  });
});
