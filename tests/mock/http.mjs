// Small HTTP helpers shared by the mock's modules: CORS, replies, body reading, path parsing.

import zlib from "node:zlib";

/** Largest request body the mock accepts; bigger bodies get 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Headers every response carries, so a page on another origin (the demo page, the wasm tests in
 * headless Chromium) can read statuses, bodies and the Retry-After header.
 */
export const CORS_HEADERS = Object.freeze({
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "Retry-After",
});

/** Extra headers of a preflight answer. */
export const PREFLIGHT_HEADERS = Object.freeze({
  "access-control-allow-methods": "GET, POST, PUT, DELETE, OPTIONS",
  "access-control-allow-headers": "authorization, content-type, x-cisco-meraki-api-key, sessiontoken",
  "access-control-max-age": "600",
});

/** Writes a complete response unless the socket is already gone (client aborted, close()). */
export function send(res, status, body = "", { contentType, headers = {} } = {}) {
  if (res.destroyed || res.writableEnded) return;
  const payload = typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  // A 204 has no body, and a real server sends neither Content-Length nor Content-Type with it.
  if (status === 204 && Buffer.byteLength(payload) === 0) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const head = { ...headers, "content-length": Buffer.byteLength(payload) };
  if (contentType) head["content-type"] = contentType;
  res.writeHead(status, head);
  res.end(payload);
}

const FILLER_PREFIX = Buffer.from('{"errors":["');
const FILLER = Buffer.alloc(64 * 1024, "x");
const DRIP_BYTES = 16;

/**
 * Answers with a generated body that is never held whole in memory: `bytes` of filler (a JSON
 * prefix, then "x"), or an `endless` one, as fast as the client reads it (back-pressure kept) or
 * one small chunk every `dripMs`. `Content-Length` is announced unless `chunked`, `gzip` or
 * `endless`; `gzip` compresses on the fly (`Content-Encoding: gzip`). Resolves, once the response
 * has ended or its connection closed, with the filler bytes produced (before compression).
 */
export function streamBody(res, status, { contentType = "application/json", headers = {}, bytes = 0, endless = false, dripMs = 0, chunked = false, gzip = false } = {}) {
  return new Promise((resolve) => {
    if (res.destroyed || res.writableEnded) return resolve(0);
    const head = { ...headers, "content-type": contentType };
    if (!endless && !chunked && !gzip) head["content-length"] = bytes;
    if (gzip) head["content-encoding"] = "gzip";
    res.writeHead(status, head);
    const sink = gzip ? zlib.createGzip() : res;
    if (gzip) {
      sink.on("error", () => {});
      sink.pipe(res);
    }
    let sent = 0;
    let timer = null;
    let done = false;
    res.on("close", () => {
      done = true;
      clearTimeout(timer);
      if (gzip) sink.destroy();
      resolve(sent);
    });
    const piece = (size) => {
      const n = endless ? size : Math.min(size, bytes - sent);
      const chunk = sent === 0 ? Buffer.concat([FILLER_PREFIX, FILLER]).subarray(0, n) : FILLER.subarray(0, n);
      sent += chunk.length;
      return chunk;
    };
    const pump = () => {
      while (!done && !res.destroyed) {
        if (!endless && sent >= bytes) return void sink.end();
        if (dripMs > 0) {
          sink.write(piece(DRIP_BYTES));
          timer = setTimeout(pump, dripMs);
          return;
        }
        if (!sink.write(piece(FILLER.length))) return void sink.once("drain", pump);
      }
    };
    pump();
  });
}

export function sendJson(res, status, value, headers = {}) {
  send(res, status, JSON.stringify(value), { contentType: "application/json; charset=utf-8", headers });
}

/**
 * Reads the whole request body, up to `limit` bytes. Past the limit it keeps draining (and drops)
 * the rest, so the client finishes its upload and reads our 413 instead of seeing a broken pipe.
 * Never rejects: an aborted upload resolves with `aborted: true`.
 */
export function readBody(req, limit = MAX_BODY_BYTES) {
  return new Promise((resolve) => {
    const chunks = [];
    let bytes = 0;
    let settled = false;
    const finish = (result) => {
      if (!settled) {
        settled = true;
        resolve(result);
      }
    };
    req.on("data", (chunk) => {
      bytes += chunk.length;
      if (bytes <= limit) chunks.push(chunk);
    });
    req.on("end", () => {
      const tooLarge = bytes > limit;
      finish({ text: tooLarge ? "" : Buffer.concat(chunks).toString("utf8"), bytes, tooLarge, aborted: false });
    });
    req.on("error", () => finish({ text: "", bytes, tooLarge: false, aborted: true }));
    req.on("close", () => finish({ text: "", bytes, tooLarge: false, aborted: !req.complete }));
  });
}

/**
 * Request headers with lower-cased names and values exactly as sent. Built from rawHeaders
 * because Node's req.headers silently drops duplicates of some headers (e.g. Authorization);
 * a duplicate here is joined with ", " so a client that sends one twice is visible.
 */
export function receivedHeaders(req) {
  const out = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i].toLowerCase();
    const value = req.rawHeaders[i + 1];
    out[name] = name in out ? `${out[name]}, ${value}` : value;
  }
  return out;
}

/** The path part of a raw request target, without the query string. */
export function rawPathname(rawUrl) {
  const q = rawUrl.indexOf("?");
  return q === -1 ? rawUrl : rawUrl.slice(0, q);
}

/**
 * Splits the raw path on "/" first and only then percent-decodes each segment, so an encoded
 * "/" inside an id stays inside its segment. Returns null when a segment is malformed.
 */
export function decodeSegments(pathname) {
  const parts = pathname.split("/").slice(1);
  try {
    return parts.map((p) => decodeURIComponent(p));
  } catch {
    return null;
  }
}

/** True for `application/json`, with or without parameters such as charset. */
export function isJsonContentType(value) {
  if (typeof value !== "string") return false;
  return value.split(";")[0].trim().toLowerCase() === "application/json";
}

/** Parses a JSON object; returns { value } or { error } with a readable reason. */
export function parseJsonObject(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { error: `The request body is not valid JSON (${err.message})` };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { error: "The request body must be a JSON object" };
  }
  return { value };
}

export function isPlainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
