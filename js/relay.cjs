"use strict";
// The relay a portal's server mounts, so that its pages call Meraki and Symphony without ever
// holding the key (server code: only the package's Node entry has it). Written once, as a
// Fetch-style handler, `(Request) => Promise<Response>`; `.node` is a small adapter for
// node:http, Express and Connect, as Hono's node-server and tRPC's adapters do it.
//
// Which operation a method and path are, whether the ids and the body pass, and the 400/404/405
// bodies are decided by the core (`__relayDecide`, the same rules as the clients'); this file
// only adapts HTTP to it and forwards through the caller's client (its rate limit, retries,
// timeouts). It never logs, and what it answers is scrubbed by the client (the key, the session
// token, a sharedSecret, a notification.apiKey); no header of the page's request is forwarded
// or echoed.

// The clients' internal call option: resolve with `{ status, body }` (the upstream status and
// the scrubbed body text) instead of the parsed body. Not part of the public API.
const MARKER = Symbol.for("app-admin-wasm.relay");
const DEFAULT_MAX_BODY_BYTES = 1_048_576;
const OPTION_NAMES = ["client", "prefix", "authorize", "organizations", "maxBodyBytes"];
// A prefix is a plain path: segments of unreserved characters and sub-delims, no `%`, `.`/`..`,
// `?` or `#`, so that the match below is a plain string comparison.
const PREFIX = /^(\/[A-Za-z0-9\-._~!$&'()*+,;=:@]+)*\/?$/;
// A Host header used only to give the Request its URL (never to pick where a call goes).
const HOST = /^([A-Za-z0-9\-.]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/;

module.exports = function relays(glue, errors) {
  const { ValidationError, ApiError, NetworkError, TimeoutError, AbortError } = errors;
  const APIS = {
    meraki: {
      create: "createMerakiRelay",
      Client: glue.MerakiClient,
      organizations: true,
      forward: {
        updateOrganizationSecureConnectPrivateApplication: (client, call, body, options) =>
          client.updatePrivateApplication(call.organizationId, call.id, body, options),
        deleteOrganizationSecureConnectSites: (client, call, body, options) =>
          client.detachSites(call.organizationId, body, options),
        getOrganizationWebhooksCallbacksStatus: (client, call, _body, options) =>
          client.getCallbackStatus(call.organizationId, call.id, options),
      },
    },
    symphony: {
      create: "createSymphonyRelay",
      Client: glue.SymphonyClient,
      organizations: false,
      forward: {
        updateApp: (client, call, body, options) => client.updateApp(call.id, body, options),
      },
    },
  };

  /** The options, checked: every problem at once, as a ValidationError (code `option`). */
  function settings(api, options) {
    const { create, Client } = APIS[api];
    const issues = [];
    const problem = (key, message) => issues.push({ path: key ? `/${key}` : "", code: "option", message });
    if (options === null || typeof options !== "object") {
      problem("", `${create} takes an options object ({ client, prefix, authorize, … }).`);
    } else {
      for (const key of Object.keys(options)) {
        if (!OPTION_NAMES.includes(key) || (key === "organizations" && !APIS[api].organizations)) {
          problem(key, `${create} has no option ${JSON.stringify(key)}.`);
        }
      }
      if (!(options.client instanceof Client)) problem("client", `client must be a ${Client.name}, which holds the credential.`);
      const prefix = options.prefix;
      if (typeof prefix !== "string" || !PREFIX.test(prefix) || prefix.split("/").some((s) => s === "." || s === "..")) {
        problem("prefix", 'prefix must be the path the relay is mounted under, such as "/api/meraki" (no ., .., %, ? or #).');
      }
      if (typeof options.authorize !== "function") {
        problem("authorize", "authorize is required: a function (call, request) that resolves to true only for a caller allowed to make this call (the portal's own session and role).");
      }
      const orgs = options.organizations;
      if (orgs !== undefined && !(Array.isArray(orgs) && orgs.length > 0 && orgs.every((o) => typeof o === "string" && o !== ""))) {
        problem("organizations", "organizations must be a non-empty list of organizationId strings, or left out.");
      }
      const max = options.maxBodyBytes;
      if (max !== undefined && !(Number.isSafeInteger(max) && max > 0)) {
        problem("maxBodyBytes", "maxBodyBytes must be a whole number of bytes above 0.");
      }
    }
    if (issues.length > 0) {
      const first = issues.slice(0, 3).map((i) => `${i.path || "(root)"}: ${i.message}`).join(" ");
      throw new ValidationError(`${issues.length === 1 ? "1 problem" : `${issues.length} problems`}: ${first}`, issues);
    }
    return {
      client: options.client,
      prefix: options.prefix.replace(/\/$/, ""),
      authorize: options.authorize,
      organizations: options.organizations ? new Set(options.organizations) : null,
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    };
  }

  function createRelay(api, options) {
    const config = settings(api, options);
    const { client, prefix, authorize, organizations, maxBodyBytes } = config;

    const answer = (status, body, headers = {}) =>
      new Response(body, {
        status,
        headers: {
          ...(body === null ? {} : { "content-type": "application/json" }),
          "cache-control": "no-store",
          "x-content-type-options": "nosniff",
          ...headers,
        },
      });
    const error = (status, message, headers) => answer(status, glue.__relayError(api, status, message), headers);
    const refusal = (r) => answer(r.status, r.body, r.allow ? { allow: r.allow } : {});

    /** The part of `target` (path and query, as sent) after the prefix, or null outside it. */
    function below(target) {
      if (prefix === "") return target;
      if (!target.startsWith(prefix)) return null;
      const rest = target.slice(prefix.length);
      return rest === "" || rest[0] === "/" || rest[0] === "?" ? rest : null;
    }

    /**
     * The one implementation behind both doors. `target` is the request target as sent (the
     * Node door passes it raw; a Request's URL has already been normalized by its parser).
     */
    async function serve(request, target) {
      try {
        const rest = below(target);
        if (rest === null) return error(404, "Not under the relay's prefix.");
        // The request's own method; override headers (X-HTTP-Method-Override, …) are never read.
        const method = request.method;
        const route = glue.__relayDecide(api, method, rest, undefined);
        if ("status" in route) return refusal(route);
        // A GET (the callback status) has no body to type, cap or check: the route is the call.
        if (method === "GET") return await admit(route, undefined, request);
        if (!isJson(request.headers.get("content-type"))) {
          return error(415, "The request body must be JSON, sent as Content-Type: application/json.");
        }
        const text = await readText(request, maxBodyBytes);
        if (text === TOO_LARGE) {
          return error(413, `The request body is larger than ${maxBodyBytes} bytes, the most this relay takes.`, { connection: "close" });
        }
        if (text === NOT_TEXT) return refusal(glue.__relayNotText(api));
        const decision = glue.__relayDecide(api, method, rest, text);
        if ("status" in decision) return refusal(decision);
        return await admit(decision, text, request);
      } catch {
        // A failure of the relay itself: its details stay on the server.
        return error(500, "The relay failed.");
      }
    }

    /** The allowlist, then `authorize`, then the call forwarded; `text` is the checked body, if any. */
    async function admit(decision, text, request) {
      if (organizations && !organizations.has(decision.organizationId)) {
        return error(403, "This organization is not one the relay serves.");
      }
      // The core accepted the text as JSON; authorize sees it parsed, and what is forwarded
      // is parsed anew, so that authorize cannot change it.
      const parse = () => (text === undefined ? undefined : JSON.parse(text));
      const call = { ...decision, body: parse() };
      let allowed = false;
      try {
        allowed = (await authorize(call, request)) === true;
      } catch {
        allowed = false; // a throw refuses, as false does; nothing of it reaches the page
      }
      if (!allowed) return error(403, "Not allowed.");
      return forward(decision, parse(), request.signal);
    }

    async function forward(call, body, signal) {
      try {
        const done = await APIS[api].forward[call.operation](client, call, body, { signal, [MARKER]: true });
        const empty = done.body.trim() === "" || [204, 205, 304].includes(done.status);
        return answer(done.status, empty ? null : done.body);
      } catch (e) {
        if (e instanceof ApiError) {
          // The API's envelope as the client read it, already scrubbed of every secret; a
          // status that is not an error (a redirect not followed, a 2xx error body) is the
          // upstream's fault: 502.
          const status = e.status >= 400 && e.status <= 599 ? e.status : 502;
          const headers = e.retryAfterMs === undefined ? {} : { "retry-after": String(Math.ceil(e.retryAfterMs / 1000)) };
          const envelope = e.body !== null && typeof e.body === "object" && status === e.status
            ? JSON.stringify(e.body)
            : glue.__relayError(api, status, e.messages.join(" "));
          return answer(status, envelope, headers);
        }
        if (e instanceof NetworkError) return error(502, "The relay could not reach the API.");
        if (e instanceof TimeoutError) return error(504, "The API did not answer in time.");
        if (e instanceof AbortError) return error(503, "The call was cancelled: the page went away.");
        if (e instanceof ValidationError) {
          // The client's own check refused what the core accepted (it should not happen).
          const envelope = JSON.parse(glue.__relayError(api, 400, e.message));
          return answer(400, JSON.stringify({ ...envelope, issues: e.issues }));
        }
        throw e;
      }
    }

    const fetch = (request) => {
      let target;
      try {
        const url = new URL(request.url);
        target = url.pathname + url.search;
      } catch {
        return Promise.resolve(error(400, "The request URL cannot be read."));
      }
      return serve(request, target);
    };

    const node = (req, res, next) => {
      // Express and Connect strip a mount path from req.url; originalUrl keeps the whole target.
      const target = typeof req.originalUrl === "string" ? req.originalUrl : req.url;
      if (typeof target !== "string" || below(target) === null) {
        if (typeof next === "function") return next();
        return void send(req, res, error(404, "Not under the relay's prefix."));
      }
      if (req.readableEnded) {
        // A body parser (express.json()) read the body first: the relay cannot check it.
        return void send(req, res, error(500, "The request body was read before the relay: mount the relay before any body parser."));
      }
      const controller = new AbortController();
      // The page went away before the answer was written: the upstream call is aborted.
      res.on("close", () => {
        if (!res.writableFinished) controller.abort();
      });
      let request;
      try {
        request = toRequest(req, target, controller.signal);
      } catch {
        // A method Request refuses (CONNECT, TRACE…) is none of the operations': 404 or 405.
        return void send(req, res, refusal(glue.__relayDecide(api, String(req.method), below(target), undefined)));
      }
      serve(request, target)
        .then((response) => send(req, res, response))
        .catch(() => send(req, res, error(500, "The relay failed.")));
    };

    return Object.freeze({ fetch, node });
  }

  return {
    createMerakiRelay: (options) => createRelay("meraki", options),
    createSymphonyRelay: (options) => createRelay("symphony", options),
  };
};

/** `application/json`, with at most a UTF-8 charset. */
function isJson(contentType) {
  if (typeof contentType !== "string") return false;
  const [type, ...params] = contentType.split(";").map((p) => p.trim().toLowerCase());
  if (type !== "application/json") return false;
  return params.every((p) => p === "" || !p.startsWith("charset=") || /^charset="?utf-8"?$/.test(p));
}

const TOO_LARGE = Symbol("too large");
const NOT_TEXT = Symbol("not text");

/**
 * The body as text, or TOO_LARGE as soon as it passes `max` bytes (announced by Content-Length
 * or counted while reading: the rest is never read), or NOT_TEXT when it is not UTF-8.
 */
async function readText(request, max) {
  const announced = request.headers.get("content-length");
  if (announced !== null && /^\d+$/.test(announced.trim()) && Number(announced) > max) {
    await request.body?.cancel().catch(() => {});
    return TOO_LARGE;
  }
  if (request.body === null) return "";
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      reader.cancel().catch(() => {});
      return TOO_LARGE;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return NOT_TEXT;
  }
}

/** A Request for Node's `req`: its method, headers and streamed body, and `signal`. */
function toRequest(req, target, signal) {
  const host = typeof req.headers.host === "string" && HOST.test(req.headers.host) ? req.headers.host : "localhost";
  const scheme = req.socket?.encrypted ? "https" : "http";
  // The URL only informs authorize(); the handler routes on the raw target it is given.
  const path = target.startsWith("/") && !target.startsWith("//") ? target : "/";
  let url;
  try {
    url = new URL(path, `${scheme}://${host}`);
  } catch {
    url = new URL("http://localhost/");
  }
  const headers = new Headers();
  const raw = req.rawHeaders ?? [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i], raw[i + 1]);
    } catch {
      // a header Headers refuses is left out: the relay reads only Content-Type and Content-Length
    }
  }
  const method = typeof req.method === "string" ? req.method : "GET";
  const init = { method, headers, signal };
  if (method !== "GET" && method !== "HEAD") {
    init.body = bodyStream(req);
    init.duplex = "half";
  }
  // Throws for a method Request refuses (CONNECT, TRACE): the caller refuses those itself.
  return new Request(url, init);
}

/**
 * `req` as a ReadableStream that reads only as fast as the relay asks. Cancelling pauses `req`
 * rather than destroying it, so the 413 can still be written on the same connection.
 */
function bodyStream(req) {
  return new ReadableStream({
    start(controller) {
      req.on("data", (chunk) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if (controller.desiredSize <= 0) req.pause();
      });
      req.on("end", () => controller.close());
      req.on("error", (e) => controller.error(e));
      req.pause();
    },
    pull() {
      req.resume();
    },
    cancel() {
      req.pause();
      req.removeAllListeners("data");
    },
  });
}

/** Writes `response` to `res` (headers, status, body); a connection that is gone is left alone. */
async function send(req, res, response) {
  try {
    const body = response.body === null ? null : Buffer.from(await response.arrayBuffer());
    if (res.headersSent || res.destroyed) return;
    res.statusCode = response.status;
    for (const [name, value] of response.headers) res.setHeader(name, value);
    // A body left unread (a 413, an early refusal) is not drained: the connection closes.
    if (!req.complete) res.setHeader("connection", "close");
    res.end(body);
  } catch {
    // the page went away while the answer was being written
  }
}
