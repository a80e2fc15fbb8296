// Shared fixtures for the relay's suites (not a test file itself): the mock API as the upstream,
// a decoy server that fails the test if anything ever reaches it, the relay's two doors (its
// fetch handler with Node's own Request/Response; its Node handler under node:http and mounted
// in a real Express 5 app), and a raw HTTP client that sends request targets exactly as written.

import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import express from "express";
import { startMock } from "../mock/server.mjs";
import { MerakiClient, SymphonyClient, createMerakiRelay, createSymphonyRelay } from "../../pkg/node/index.mjs";

export const API_KEY = "relay-test-api-key-0123456789";
export const SESSION_TOKEN = "relay-test-session-token-0123456789";
export const ORG = "5001";
export const OTHER_ORG = "6002";
export const SHARED_SECRET = "callback-shared-secret-0123";
export const NOTIFICATION_KEY = "notification-api-key-0123";
/** The page's own credentials: they authorize the page to the portal, and go no further. */
export const PAGE_HEADERS = Object.freeze({
  cookie: "portal_session=page-cookie-secret-0123",
  "x-csrf-token": "page-csrf-secret-0123",
});
export const SECRETS = [API_KEY, SESSION_TOKEN, SHARED_SECRET, NOTIFICATION_KEY, "page-cookie-secret-0123", "page-csrf-secret-0123"];

export const APP = Object.freeze({
  name: "Jira",
  destinations: [
    { destinationAddr: ["172.6.0.0/32"], protocolPorts: [{ protocol: "TCP", ports: "80-82" }], accessType: "network" },
  ],
});
export const SITES = Object.freeze({ sites: ["1234567890"] });
export const DETAIL = Object.freeze({ applicationInfo: { appId: "my-app", name: "My app" } });

export const appTarget = (org = ORG, id = "app-1") =>
  `/api/meraki/organizations/${org}/secureConnect/privateApplications/${id}`;
export const sitesTarget = (org = ORG) => `/api/meraki/organizations/${org}/secureConnect/sites`;
export const updateTarget = (id = "my-app") => `/api/symphony/pod/v1/admin/app/${id}/update`;

/** An HTTP server on 127.0.0.1 that records every request; nothing may ever reach it. */
export async function startDecoy() {
  const hits = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.end("decoy");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const host = `127.0.0.1:${server.address().port}`;
  return {
    host,
    hits,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

/** A TCP port on 127.0.0.1 that nothing listens on (bound, then closed). */
export async function closedPort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export const merakiClient = (mock, options = {}) =>
  new MerakiClient({ apiKey: API_KEY, baseUrl: `${mock.url}/api/v1`, requestsPerSecond: 0, ...options });
export const symphonyClient = (mock, options = {}) =>
  new SymphonyClient({ podUrl: mock.url, sessionToken: SESSION_TOKEN, ...options });

/** The portal's own check: the page's session cookie; every call it is asked about is recorded. */
export function portalAuthorize(calls = []) {
  const authorize = async (call, request) => {
    calls.push(call);
    return (request.headers.get("cookie") ?? "").includes("portal_session=page-cookie-secret-0123");
  };
  return Object.assign(authorize, { calls });
}

/** The mock, a decoy, and each relay behind its three doors. Call `close()` after. */
export async function startWorld({ meraki = {}, symphony = {}, mockOptions = {} } = {}) {
  const mock = await startMock({ port: 0, apiKey: API_KEY, sessionTokens: [SESSION_TOKEN], ...mockOptions });
  const decoy = await startDecoy();
  const authorize = portalAuthorize();
  const merakiRelay = createMerakiRelay({
    client: merakiClient(mock, { maxRetries: 0 }),
    prefix: "/api/meraki",
    authorize,
    ...meraki,
  });
  const symphonyRelay = createSymphonyRelay({
    client: symphonyClient(mock, { maxRetries: 0 }),
    prefix: "/api/symphony",
    authorize,
    ...symphony,
  });
  const doors = await startDoors([merakiRelay, symphonyRelay]);
  return {
    mock,
    decoy,
    authorize,
    doors,
    merakiRelay,
    symphonyRelay,
    async close() {
      await doors.close();
      await decoy.close();
      await mock.close();
    },
  };
}

/**
 * The relays' doors: `fetch` (each relay's fetch handler, picked by prefix, as a framework's
 * router would), `node` (node:http, one server whose listener tries each relay's `.node` in turn
 * and answers 404 itself at the end) and `express` (an Express 5 app with each relay mounted by
 * `app.use`, and a last handler that says `next()` was called).
 */
export async function startDoors(relays) {
  const plain = http.createServer((req, res) => {
    const chain = [...relays.map((r) => r.node)];
    const next = () => {
      const handler = chain.shift();
      if (handler) return handler(req, res, next);
      res.statusCode = 404;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ nextCalled: true }));
    };
    next();
  });
  const app = express();
  for (const relay of relays) app.use(relay.node);
  app.use((req, res) => res.status(404).json({ nextCalled: true, express: true }));
  const ex = http.createServer(app);
  for (const server of [plain, ex]) await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server) => server.address().port;
  const viaFetch = async (req) => {
    const relay = req.target.startsWith("/api/symphony") ? relays[1] : relays[0];
    const url = /^https?:/.test(req.target) ? req.target : `http://relay.test${req.target}`;
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers ?? {})) headers.set(name, value);
    const init = { method: req.method, headers, signal: req.signal };
    if (req.body !== undefined) {
      init.body = req.body;
      init.duplex = "half";
    }
    const response = await relay.fetch(new Request(url, init));
    assert.ok(response instanceof Response);
    return { status: response.status, headers: Object.fromEntries(response.headers), text: await response.text() };
  };
  // Every answer through a door is checked for secrets, whatever the test looks at.
  const checked = (send, name) => async (req) => {
    const answer = await send(req);
    assertNoSecrets(answer, `${name} ${req.method} ${req.target}`);
    return answer;
  };
  return {
    fetch: { name: "fetch", send: checked(viaFetch, "fetch") },
    node: { name: "node:http", port: port(plain), send: checked((req) => rawRequest(port(plain), req), "node:http") },
    express: { name: "Express 5", port: port(ex), send: checked((req) => rawRequest(port(ex), req), "Express") },
    /** Every door, for `for (const door of world.doors.all)`. */
    get all() {
      return [this.fetch, this.node, this.express];
    },
    close: () =>
      Promise.all([plain, ex].map((s) => new Promise((resolve) => { s.closeAllConnections(); s.close(resolve); }))),
  };
}

/**
 * Sends one request over a fresh connection with the target, headers and body exactly as given
 * (no URL parser in between), and reads the answer. `body` may be a string, a Buffer, or an
 * async function `(socket) => …` that writes it (slowly, say); `onSocket` sees the socket.
 */
export function rawRequest(port, { method, target, headers = {}, body, onSocket }) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const chunks = [];
    socket.on("data", (c) => chunks.push(c));
    socket.on("error", (e) => (chunks.length ? finish() : reject(e)));
    socket.on("close", () => finish());
    let done = false;
    function finish() {
      if (done) return;
      done = true;
      const all = Buffer.concat(chunks);
      const split = all.indexOf("\r\n\r\n");
      if (split === -1) return resolve({ status: 0, headers: {}, text: all.toString("latin1") });
      const [statusLine, ...lines] = all.subarray(0, split).toString("latin1").split("\r\n");
      const headers = {};
      for (const line of lines) {
        const at = line.indexOf(":");
        headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
      }
      let rest = all.subarray(split + 4);
      if (/chunked/i.test(headers["transfer-encoding"] ?? "")) rest = unchunk(rest);
      resolve({ status: Number(statusLine.split(" ")[1]), headers, text: rest.toString("utf8") });
    }
    socket.on("connect", async () => {
      onSocket?.(socket);
      const all = { host: `127.0.0.1:${port}`, connection: "close", ...headers };
      const bytes = typeof body === "function" || body === undefined ? null : Buffer.from(body);
      if (bytes && !Object.keys(all).some((k) => k.toLowerCase() === "content-length")) all["content-length"] = bytes.length;
      let head = `${method} ${target} HTTP/1.1\r\n`;
      for (const [name, value] of Object.entries(all)) if (value !== undefined) head += `${name}: ${value}\r\n`;
      socket.write(head + "\r\n");
      if (bytes) socket.write(bytes);
      if (typeof body === "function") await body(socket).catch(() => {});
    });
  });
}

function unchunk(buffer) {
  const out = [];
  let at = 0;
  for (;;) {
    const line = buffer.indexOf("\r\n", at);
    if (line === -1) break;
    const size = parseInt(buffer.subarray(at, line).toString(), 16);
    if (!size) break;
    out.push(buffer.subarray(line + 2, line + 2 + size));
    at = line + 2 + size + 2;
  }
  return Buffer.concat(out);
}

/** A JSON request from the page, with its own credentials and Content-Type. */
export function pageRequest(method, target, body, headers = {}) {
  return {
    method,
    target,
    headers: { ...PAGE_HEADERS, "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  };
}

/** Fails if any of the secrets appears in the answer's body or headers. */
export function assertNoSecrets(answer, where = "") {
  const text = answer.text + "\n" + JSON.stringify(answer.headers);
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `${where}: a secret is in the answer: ${text}`);
}

/** Waits until `check()` is truthy (polling), or fails after `ms`. */
export async function eventually(check, ms = 5000, what = "the condition") {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
