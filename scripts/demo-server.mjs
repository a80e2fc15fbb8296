// The demo as a portal is built, on one origin: the page (www/ and pkg/), two relays that hold the
// credentials, and the built-in mock API they call. `make demo` (scripts/demo.mjs) and the browser
// tests both start it from here, so the tests drive what `make demo` serves.
//
//   page ── same origin, demo session cookie + X-CSRF-Token ──▶ /api/meraki, /api/symphony (relays)
//                                                                 │ key / session token added here
//                                                                 ▼
//                                                     the mock's /api/v1 and /pod/v1 (same server)
import { randomBytes, timingSafeEqual } from "node:crypto";
import { resolve } from "node:path";
import { startMock } from "../tests/mock/server.mjs";
import { MerakiClient, SymphonyClient, createMerakiRelay, createSymphonyRelay } from "../pkg/node/index.mjs";

const ROOT = resolve(import.meta.dirname, "..");
/** The mock's own credentials: they live in this process only; the page never receives them. */
export const DEMO_API_KEY = "test-api-key";
export const DEMO_SESSION_TOKEN = "test-session-token";
const MAX_SESSIONS = 1000; // a long-running demo forgets its oldest page loads

/**
 * Starts the demo on 127.0.0.1:`port` (0 = a free port). Returns the mock's controls (url,
 * requests(), reset(), stats()…: its log shows what the relays sent upstream) with `close()`.
 */
export async function startDemo({ port = 0, keepAlive = false } = {}) {
  // Demo session id → its CSRF token. Each load of the page is a new "login".
  const sessions = new Map();
  let relays = [];

  const front = (req, res, next) => {
    if (isPageLoad(req)) startSession(res, sessions);
    // The mock's control API is for the fault switches only here: its log and config hold the key.
    if (req.url.startsWith("/__mock") && !/^\/__mock\/mode(\?|$)/.test(req.url)) {
      return void res.writeHead(404, { "content-type": "text/plain" }).end("Not part of the demo.\n");
    }
    const tryRelay = (i) => (i < relays.length ? relays[i].node(req, res, () => tryRelay(i + 1)) : next());
    tryRelay(0);
  };
  const mock = await startMock({
    port,
    keepAlive,
    static: { "/": resolve(ROOT, "www"), "/pkg/": resolve(ROOT, "pkg") },
    front,
  });

  // A real portal checks its own login session and this user's role for this operation and
  // organization. The demo has no users: it checks that the call comes from a page this server
  // served (its HttpOnly session cookie) and carries that session's CSRF token in a header, which
  // another site's page cannot read or send.
  const authorize = (_call, request) => {
    const csrf = sessions.get(cookieOf(request.headers.get("cookie"), "demo_session"));
    const sent = request.headers.get("x-csrf-token");
    return csrf !== undefined && sent !== null && sameText(csrf, sent);
  };
  relays = [
    createMerakiRelay({
      client: new MerakiClient({ apiKey: DEMO_API_KEY, baseUrl: `${mock.url}/api/v1` }),
      prefix: "/api/meraki",
      authorize,
    }),
    createSymphonyRelay({
      client: new SymphonyClient({ podUrl: mock.url, sessionToken: DEMO_SESSION_TOKEN }),
      prefix: "/api/symphony",
      authorize,
    }),
  ];
  return mock;
}

function isPageLoad(req) {
  if (req.method !== "GET") return false;
  const path = req.url.split("?")[0];
  return path === "/" || path === "/index.html";
}

/** A new demo session: an HttpOnly cookie the page cannot read, and a CSRF token cookie it can. */
function startSession(res, sessions) {
  const id = randomBytes(18).toString("base64url");
  const csrf = randomBytes(18).toString("base64url");
  sessions.set(id, csrf);
  if (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value);
  res.setHeader("set-cookie", [
    `demo_session=${id}; Path=/; HttpOnly; SameSite=Strict`,
    `demo_csrf=${csrf}; Path=/; SameSite=Strict`,
  ]);
}

function cookieOf(header, name) {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function sameText(a, b) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
