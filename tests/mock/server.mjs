// Mock of the three admin APIs app-admin-wasm calls (Meraki PUT private application, Meraki DELETE
// sites, Symphony update app), with fault injection, a request log and optional static files.
// Plain Node 20, no dependencies. Programmatic use: `await startMock(options)`; as a script:
//   node tests/mock/server.mjs --port 8787 [--static /=www --static /pkg/=pkg] [--rate 10]
// See tests/mock/README.md for the control API.

import http from "node:http";
import { createPublicKey } from "node:crypto";
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { handleControl } from "./control.mjs";
import { FaultQueue, ModeSwitches, TokenBuckets, normalizeRateLimit } from "./faults.mjs";
import {
  CORS_HEADERS, PREFLIGHT_HEADERS, decodeSegments, isJsonContentType, rawPathname, readBody, receivedHeaders, send,
  sendJson, streamBody,
} from "./http.mjs";
import { errorBody, familyOf, organizationIdOf, routeApi } from "./routes.mjs";
import { createStaticHandler } from "./static.mjs";
import { Lifecycle } from "./lifecycle.mjs";

const CALLBACK_DELAY_MS = 20; // Meraki answers first and calls back later; so does the mock
const CALLBACK_TIMEOUT_MS = 5000;
const FIRST_CALLBACK_ID = 1284392014819; // the API page's example id

/**
 * Starts the mock. Options: port (0 = random), host ("127.0.0.1"), static ({prefix: dir}),
 * apiKey ("test-api-key"), sessionTokens (["test-session-token"]), rateLimit (null or
 * {perSecond, burst}), callbackTarget (null or a URL the detach-sites callbacks are POSTed to),
 * shards ({orgId: host or {host, status}}: Meraki's shard redirects, see shardRedirect()),
 * keepAlive (false: every response closes its connection, see handle()), front (null or a
 * Connect-style `(req, res, next)` tried first for every request, which calls `next()` to leave the
 * request to the mock: the demo mounts its relays there, in front of the mock on one origin).
 */
export async function startMock(options = {}) {
  const initialConfig = normalizeConfig(options, defaultConfig());
  const state = {
    config: { ...initialConfig },
    log: [],
    callbacks: [],
    counters: { requests: 0, preflights: 0, rateLimited429: 0, revision: 0, callbackSeq: 0 },
    faults: new FaultQueue(),
    mode: new ModeSwitches(),
    buckets: new TokenBuckets(),
    // Symphony RSA sign-ins: tokens issued (accepted like config.sessionTokens until expired), counts.
    signIn: { issued: new Set(), count: 0, refused: 0 },
    callbackJobs: new Map(), // callbackId → the detach's callback, for its status
  };
  const life = new Lifecycle();
  const serveStatic = options.static ? createStaticHandler(options.static) : null;
  const keepAlive = options.keepAlive === true;
  const front = typeof options.front === "function" ? options.front : null;

  // ---- controls (also reachable over HTTP under /__mock/) ---------------------------------------
  const controls = {
    /** Clears faults, modes, log, counters, buckets and pending callbacks; config back to startup + `opts`. */
    reset(opts = {}) {
      const config = normalizeConfig(opts ?? {}, initialConfig); // throws before changing anything
      state.config = config;
      state.log.length = 0;
      state.callbacks.length = 0;
      for (const key of Object.keys(state.counters)) state.counters[key] = 0;
      state.faults.clear();
      state.mode.clear();
      state.buckets.clear();
      state.signIn.issued.clear();
      state.signIn.count = state.signIn.refused = 0;
      state.callbackJobs.clear();
      life.cancelCallbacks();
      return controls.config();
    },
    addFaults: (list) => state.faults.add(list),
    pendingFaults: () => state.faults.list(),
    setMode: (mode) => state.mode.set(mode),
    getMode: () => state.mode.get(),
    requests: () => structuredClone(state.log),
    stats: () => ({
      requests: state.counters.requests,
      preflights: state.counters.preflights,
      rateLimited429: state.counters.rateLimited429,
      pendingFaults: state.faults.list().length,
      callbacks: structuredClone(state.callbacks),
      signIns: state.signIn.count,
      signInsRefused: state.signIn.refused,
    }),
    /** Makes every session token issued by a sign-in invalid (the next call meets a 401); returns how many. */
    expireSessionTokens() {
      const expired = state.signIn.issued.size;
      state.signIn.issued.clear();
      return expired;
    },
    setCallbackTarget(url) {
      state.config.callbackTarget = normalizeCallbackTarget(url);
    },
    config: () => structuredClone(state.config),
  };

  // ---- request handling -------------------------------------------------------------------------
  async function handle(req, res) {
    for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
    // A browser silently resends a request when a *reused* keep-alive connection closes before any
    // response (Chromium does, undici does not), which would hide `reset` faults and add log entries
    // the client never meant. One connection per request keeps faults deterministic everywhere.
    if (!keepAlive) res.setHeader("connection", "close");
    const pathname = rawPathname(req.url);
    const isControl = pathname === "/__mock" || pathname.startsWith("/__mock/");
    if (req.method === "OPTIONS") return preflight(req, res, pathname, !isControl);
    if (isControl) return handleControl(req, res, pathname, controls);
    if (serveStatic && (req.method === "GET" || req.method === "HEAD") && !isApiPath(pathname)) {
      if (await serveStatic(req, res, pathname)) return;
    }
    return handleApi(req, res, pathname);
  }

  function preflight(req, res, pathname, logIt) {
    if (logIt) {
      const entry = newLogEntry(req, decodeSegments(pathname) ?? []);
      entry.status = 204;
      state.counters.preflights += 1;
    }
    const headers = { ...PREFLIGHT_HEADERS };
    // Chromium's Private Network Access asks this when a public page calls a loopback server.
    if (req.headers["access-control-request-private-network"] === "true") {
      headers["access-control-allow-private-network"] = "true";
    }
    send(res, 204, "", { headers });
    req.resume();
  }

  function newLogEntry(req, segments) {
    const entry = {
      seq: state.log.length + 1,
      method: req.method,
      host: intendedHost(req),
      path: req.url, // raw, exactly as received
      segments, // percent-decoded, one per "/" of the raw path
      headers: receivedHeaders(req),
      body: "",
      at: Date.now(),
      status: null, // stays null when the mock never answers (reset, hang, client gone)
    };
    state.log.push(entry);
    return entry;
  }

  async function handleApi(req, res, pathname) {
    const segments = decodeSegments(pathname);
    const entry = newLogEntry(req, segments ?? pathname.split("/").slice(1));
    state.counters.requests += 1;
    const ctx = apiContext(req, res, entry, segments ?? []);

    // Meraki counts a request when it arrives, so take the token before reading the body.
    const retryAfter = takeRateLimitToken(segments ?? []);
    const body = await readBody(req);
    if (body.aborted) return void (entry.clientGone = true);
    entry.body = ctx.bodyText = body.text;
    if (retryAfter !== null) {
      return ctx.replyError(429, ["API rate limit exceeded for organization"], { "retry-after": String(retryAfter) });
    }
    if (body.tooLarge) {
      entry.bodyTooLarge = true;
      return ctx.replyError(413, ["Request body is larger than 1 MB"]);
    }
    if (!segments) return ctx.replyError(400, ["Malformed percent-encoding in the request path"]);
    if (shardRedirect(req, ctx, segments)) return;

    const fault = state.faults.take(req.method, req.url, `/${segments.join("/")}`);
    const modeAction = fault ? null : state.mode.next();
    const delay = (fault?.delayMs ?? 0) + state.mode.slowMs;
    if (delay > 0) await life.sleep(delay);
    if (res.destroyed || life.closed) return void (entry.clientGone = true);
    if (fault) return applyFault(ctx, fault);
    if (modeAction) return applyMode(ctx, modeAction);
    return routeApi(ctx, services);
  }

  /** Per-request helpers for the route handlers; every API reply goes through `reply`. */
  function apiContext(req, res, entry, segments) {
    const family = familyOf(segments);
    const ctx = {
      entry,
      method: req.method,
      segments,
      family,
      headers: entry.headers,
      bodyText: "",
      extraHeaders: {}, // set by a fault that only adds headers
      reply(status, value, { contentType, headers = {} } = {}) {
        if (res.destroyed) return;
        entry.status = status;
        if (status === 429) state.counters.rateLimited429 += 1;
        const allHeaders = { ...ctx.extraHeaders, ...headers };
        if (typeof value === "string") {
          send(res, status, value, { contentType: contentType ?? "application/json", headers: allHeaders });
        } else {
          sendJson(res, status, value, allHeaders);
        }
      },
      replyError(status, messages, headers = {}) {
        ctx.reply(status, errorBody(family, status, messages), { headers });
      },
      /** Answers with a generated body (see streamBody); logs how much of it was produced. */
      async stream(status, options) {
        if (res.destroyed) return;
        entry.status = status;
        if (status === 429) state.counters.rateLimited429 += 1;
        const headers = { ...ctx.extraHeaders, ...options.headers };
        entry.bodyBytesSent = await streamBody(res, status, { ...options, headers });
      },
      /** Drops the connection without a response, as a crashing proxy would. */
      destroy(reason) {
        entry.fault = reason;
        req.socket.destroy();
      },
    };
    return ctx;
  }

  /**
   * Meraki's shards: a request for an organization that has one, arriving at another host (the
   * `x-intended-host` header a test's fetch sets when it reroutes `https://<host>` to the mock,
   * else `Host`), is answered with the shard's redirect status and `Location:
   * https://<shard host><same raw path>`, as the API does. Checked before faults, so a queued
   * fault meets the request that reached the shard.
   */
  function shardRedirect(req, ctx, segments) {
    const orgId = organizationIdOf(segments);
    const shard = orgId === null ? undefined : state.config.shards[orgId];
    if (!shard || ctx.entry.host === shard.host) return false;
    ctx.reply(shard.status, "", { contentType: "text/plain", headers: { location: `https://${shard.host}${req.url}` } });
    return true;
  }

  function takeRateLimitToken(segments) {
    const orgId = organizationIdOf(segments);
    if (!state.config.rateLimit || orgId === null) return null;
    return state.buckets.take(state.config.rateLimit, orgId);
  }

  function applyFault(ctx, fault) {
    ctx.extraHeaders = { ...(fault.headers ?? {}) };
    if (fault.retryAfter !== undefined) ctx.extraHeaders["retry-after"] = fault.retryAfter;
    if (fault.reset) return ctx.destroy("reset");
    if (fault.hang) {
      // Never answer: the socket stays open until the client gives up or close() destroys it.
      ctx.entry.fault = "hang";
      return;
    }
    if (fault.status === undefined) return routeApi(ctx, services); // delay/headers only
    if (fault.bodyBytes !== undefined || fault.endless) {
      const { bodyBytes: bytes, endless, dripMs, chunked, gzip, contentType } = fault;
      return ctx.stream(fault.status, { bytes, endless, dripMs, chunked, gzip, contentType });
    }
    if (fault.echo) return echo(ctx, fault);
    const body = fault.body ?? errorBody(ctx.family, fault.status, defaultFaultMessages(ctx.family, fault.status));
    ctx.reply(fault.status, typeof body === "string" ? body : JSON.stringify(body), {
      contentType: fault.contentType ?? "application/json",
    });
  }

  /**
   * Answers `fault.status` with everything the request carried, as a careless server does: every
   * header and the body, in the body (Meraki's `errors`, Symphony's `message`, and the request as
   * JSON, its body parsed when it is JSON) and in `x-echo-<name>` response headers.
   */
  function echo(ctx, fault) {
    const lines = [`${ctx.method} ${ctx.entry.path}`, ...Object.entries(ctx.headers).map(([k, v]) => `${k}: ${v}`), ctx.bodyText];
    let parsed = null;
    try {
      parsed = JSON.parse(ctx.bodyText);
    } catch {}
    const contentType = fault.contentType ?? "application/json";
    const body = isJsonContentType(contentType)
      ? JSON.stringify({
          errors: lines,
          code: fault.status,
          message: lines.join("\n"),
          request: { method: ctx.method, path: ctx.entry.path, headers: ctx.headers, body: ctx.bodyText, json: parsed },
        })
      : lines.join("\n");
    const headers = {};
    for (const [name, value] of Object.entries(ctx.headers)) {
      if (/^[\x20-\x7e]*$/.test(value)) headers[`x-echo-${name}`] = value;
    }
    ctx.reply(fault.status, body, { contentType, headers });
  }

  function applyMode(ctx, action) {
    if (action === "rate429") return ctx.replyError(429, defaultFaultMessages(ctx.family, 429), { "retry-after": "1" });
    return ctx.replyError(503, ["Service unavailable"]);
  }

  // ---- services for the route handlers: config, counters, detach-sites callbacks -----------------
  const services = {
    get config() {
      return state.config;
    },
    signIn: state.signIn,
    callbackJobs: state.callbackJobs,
    nextRevision: () => ++state.counters.revision,
    nextCallbackId: () => String(FIRST_CALLBACK_ID + state.counters.callbackSeq++),
    scheduleCallback({ callbackId, callbackUrl, payload, headers = {} }) {
      const target = state.config.callbackTarget;
      if (!target) return;
      const record = { callbackId, callbackUrl, target, outcome: "pending", status: null, error: null, sentAt: null };
      state.callbacks.push(record);
      life.laterCallback(CALLBACK_DELAY_MS, () => deliverCallback(record, payload, headers));
    },
  };

  async function deliverCallback(record, payload, headers) {
    record.sentAt = payload.sentAt = new Date().toISOString();
    const controller = life.abortController();
    const timer = setTimeout(() => controller.abort(new Error(`no answer in ${CALLBACK_TIMEOUT_MS} ms`)), CALLBACK_TIMEOUT_MS);
    try {
      const res = await fetch(record.target, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "app-admin-wasm-mock", ...headers },
        body: JSON.stringify(payload),
        signal: controller.signal,
      });
      await res.arrayBuffer().catch(() => {});
      record.status = res.status;
      record.outcome = res.ok ? "delivered" : "rejected";
    } catch (err) {
      record.outcome = "failed";
      record.error = String(err?.cause?.message ?? err?.message ?? err);
    } finally {
      clearTimeout(timer);
      life.releaseAbortController(controller);
    }
  }

  // ---- server -----------------------------------------------------------------------------------
  const server = http.createServer((req, res) => {
    req.on("error", () => {}); // aborted uploads are expected (reset faults, impatient clients)
    res.on("error", () => {});
    const fail = (err) => {
      if (!res.headersSent) sendJson(res, 500, { errors: [`Mock internal error: ${err?.message ?? err}`] });
      else res.destroy();
    };
    const toMock = () => void handle(req, res).catch(fail);
    if (!front) return toMock();
    try {
      front(req, res, toMock);
    } catch (err) {
      fail(err);
    }
  });
  server.on("connection", (socket) => life.track(socket));
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address();
  const host = options.host ?? "127.0.0.1";

  return {
    url: `http://${urlHost(host)}:${port}`,
    port,
    state,
    /** Stops listening and destroys every open socket (hung requests too); resolves once closed. */
    close: () => life.close(server),
    ...controls,
  };
}

// ---- helpers ----------------------------------------------------------------------------------------

function defaultConfig() {
  return {
    apiKey: "test-api-key", sessionTokens: ["test-session-token"], rateLimit: null, callbackTarget: null, shards: {},
    bots: {}, callbackStepMs: 200,
  };
}

/** The host a request was meant for: `x-intended-host` (set by a test's rerouting fetch), else `Host`. */
function intendedHost(req) {
  return String(req.headers["x-intended-host"] ?? req.headers.host ?? "").toLowerCase();
}

/** Checks `{orgId: "n123.meraki.com" | {host, status = 308}}`; returns `{orgId: {host, status}}`. */
function normalizeShards(value) {
  if (value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw new TypeError("shards must be an object");
  const shards = {};
  for (const [orgId, spec] of Object.entries(value)) {
    const { host, status = 308 } = typeof spec === "string" ? { host: spec } : (spec ?? {});
    if (typeof host !== "string" || !/^[a-z0-9.-]+(:\d+)?$/i.test(host)) throw new TypeError(`shards.${orgId}.host must be a host name`);
    if (![301, 302, 303, 307, 308].includes(status)) throw new TypeError(`shards.${orgId}.status must be 301, 302, 303, 307 or 308`);
    shards[orgId] = { host: host.toLowerCase(), status };
  }
  return shards;
}

/** Validates the configurable options, taking anything not given from `base`. */
function normalizeConfig(opts, base) {
  const config = structuredClone(base);
  if (opts.apiKey !== undefined) {
    if (typeof opts.apiKey !== "string" || opts.apiKey === "") throw new TypeError("apiKey must be a non-empty string");
    config.apiKey = opts.apiKey;
  }
  if (opts.sessionTokens !== undefined) {
    if (!Array.isArray(opts.sessionTokens) || !opts.sessionTokens.every((t) => typeof t === "string")) {
      throw new TypeError("sessionTokens must be an array of strings");
    }
    config.sessionTokens = [...opts.sessionTokens];
  }
  if (opts.rateLimit !== undefined) config.rateLimit = normalizeRateLimit(opts.rateLimit);
  if (opts.callbackTarget !== undefined) config.callbackTarget = normalizeCallbackTarget(opts.callbackTarget);
  if (opts.shards !== undefined) config.shards = normalizeShards(opts.shards);
  if (opts.bots !== undefined) config.bots = normalizeBots(opts.bots);
  if (opts.callbackStepMs !== undefined) {
    if (!Number.isFinite(opts.callbackStepMs) || opts.callbackStepMs < 0) throw new TypeError("callbackStepMs must be a number of ms, 0 or more");
    config.callbackStepMs = opts.callbackStepMs;
  }
  return config;
}

/** Checks `{username: public key PEM}` (each PEM must parse as a public key). */
function normalizeBots(value) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new TypeError("bots must be an object {username: publicKeyPem}");
  for (const [username, pem] of Object.entries(value)) {
    try {
      createPublicKey(pem);
    } catch {
      throw new TypeError(`bots.${username} must be a public key PEM`);
    }
  }
  return { ...value };
}

function normalizeCallbackTarget(url) {
  if (url === null || url === undefined || url === "") return null;
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`callback target is not a URL: ${url}`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new TypeError("callback target must be http(s)");
  return parsed.href;
}

function isApiPath(pathname) {
  return /^\/(api|pod|login)(\/|$)/.test(pathname);
}

function urlHost(host) {
  if (host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

function defaultFaultMessages(family, status) {
  if (status === 429) return [family === "symphony" ? "Too many requests" : "API rate limit exceeded for organization"];
  if (status >= 500) return ["Internal error"];
  return [`Mock fault ${status}`];
}

// ---- command line -------------------------------------------------------------------------------------

function parseCli(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: "8787" },
      host: { type: "string", default: "127.0.0.1" },
      static: { type: "string", multiple: true, default: [] },
      rate: { type: "string" },
      burst: { type: "string" },
      "api-key": { type: "string" },
      "session-token": { type: "string", multiple: true },
      "callback-target": { type: "string" },
      shard: { type: "string", multiple: true, default: [] },
    },
  });
  const staticMap = {};
  for (const spec of values.static) {
    const eq = spec.indexOf("=");
    if (eq <= 0) throw new TypeError(`--static expects PREFIX=DIR, got ${spec}`);
    staticMap[spec.slice(0, eq)] = spec.slice(eq + 1);
  }
  return {
    port: Number(values.port),
    host: values.host,
    static: values.static.length ? staticMap : undefined,
    rateLimit: values.rate ? { perSecond: Number(values.rate), burst: values.burst ? Number(values.burst) : undefined } : null,
    apiKey: values["api-key"],
    sessionTokens: values["session-token"],
    callbackTarget: values["callback-target"],
    shards: Object.fromEntries(values.shard.map((spec) => spec.split("="))),
  };
}

async function main() {
  const mock = await startMock(parseCli(process.argv.slice(2)));
  process.stdout.write(`MOCK_URL=${mock.url}\n`); // the one line scripts wait for
  const stop = async () => {
    await mock.close();
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

function isMainModule() {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMainModule()) {
  main().catch((err) => {
    process.stderr.write(`mock: ${err?.message ?? err}\n`);
    process.exit(1);
  });
}
