// The HTTP face of the mock's controls, under /__mock/. Used by the wasm tests in Chromium and a
// separate Node process, and by the demo page; it mirrors the programmatic API of startMock().
// Control calls are not logged, not rate limited and never consume faults.

import { isPlainObject, readBody, sendJson } from "./http.mjs";

/** Route table: "METHOD /__mock/name" → (mock, body) => JSON result. */
const ENDPOINTS = {
  "GET /__mock/health": () => ({ ok: true }),
  "GET /__mock/config": (mock) => mock.config(),
  "POST /__mock/reset": (mock, body) => ({ ok: true, config: mock.reset(body ?? {}) }),
  "GET /__mock/faults": (mock) => ({ faults: mock.pendingFaults() }),
  "POST /__mock/faults": (mock, body) => {
    const input = body ?? {};
    if (input.faults === undefined && input.mode === undefined) throw new TypeError("expected 'faults' and/or 'mode'");
    // Validate the mode first: if it is bad, no fault gets queued either.
    if (input.mode !== undefined) mock.setMode(input.mode);
    const pending = input.faults !== undefined ? mock.addFaults(input.faults) : mock.pendingFaults().length;
    return { ok: true, pending, mode: mock.getMode() };
  },
  "GET /__mock/mode": (mock) => mock.getMode(),
  "POST /__mock/mode": (mock, body) => mock.setMode(body ?? {}),
  "GET /__mock/requests": (mock) => mock.requests(),
  "GET /__mock/stats": (mock) => mock.stats(),
  "POST /__mock/expire-sessions": (mock) => ({ ok: true, expired: mock.expireSessionTokens() }),
  "GET /__mock/callback-target": (mock) => ({ url: mock.config().callbackTarget }),
  "POST /__mock/callback-target": (mock, body) => {
    if (!isPlainObject(body) || !("url" in body)) throw new TypeError("expected {\"url\": \"http://...\"} or {\"url\": null}");
    mock.setCallbackTarget(body.url);
    return { ok: true, url: mock.config().callbackTarget };
  },
};

export async function handleControl(req, res, pathname, mock) {
  const { text, tooLarge, aborted } = await readBody(req);
  if (aborted) return;
  if (tooLarge) return sendJson(res, 413, { error: "body too large" });
  const endpoint = ENDPOINTS[`${req.method} ${pathname.replace(/\/+$/, "")}`];
  if (!endpoint) return sendJson(res, 404, { error: `unknown control endpoint ${req.method} ${pathname}` });

  let body;
  if (text.trim() !== "") {
    try {
      body = JSON.parse(text);
    } catch (err) {
      return sendJson(res, 400, { error: `invalid JSON: ${err.message}` });
    }
  }
  try {
    sendJson(res, 200, endpoint(mock, body));
  } catch (err) {
    sendJson(res, 400, { error: err.message });
  }
}
