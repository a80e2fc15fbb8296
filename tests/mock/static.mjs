// Static files for `make demo`: the demo page and the wasm package, served from the same server
// as the mock so one command brings everything up.

import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { send } from "./http.mjs";

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm", // required for WebAssembly.instantiateStreaming
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
};

export function contentTypeFor(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
}

/**
 * Builds a handler from a map of URL prefix → directory. The handler returns false when no prefix
 * matches (so the caller can fall through to the API), true once it has answered.
 */
export function createStaticHandler(map) {
  const mounts = Object.entries(map)
    .map(([prefix, dir]) => ({ prefix: prefix.endsWith("/") ? prefix : `${prefix}/`, root: path.resolve(dir) }))
    .sort((a, b) => b.prefix.length - a.prefix.length); // longest prefix wins

  return async function serveStatic(req, res, pathname) {
    const mount = mounts.find((m) => pathname.startsWith(m.prefix));
    if (!mount) return false;
    const file = resolveInside(mount.root, pathname.slice(mount.prefix.length));
    if (!file) {
      send(res, 404, "Not found\n", { contentType: "text/plain; charset=utf-8" });
      return true;
    }
    await serveFile(req, res, file);
    return true;
  };
}

/**
 * Maps the rest of the URL path onto a file under `root`, or null. Each segment is decoded on its
 * own and refused if it could climb out ("..", "."), hide a separator, or carry a NUL; the resolved
 * path is then checked to be inside the root as a second line of defence.
 */
function resolveInside(root, rest) {
  const segments = rest.split("/").filter((s) => s !== "");
  const decoded = [];
  for (const segment of segments) {
    let s;
    try {
      s = decodeURIComponent(segment);
    } catch {
      return null;
    }
    if (s === "." || s === ".." || /[/\\\0]/.test(s)) return null;
    decoded.push(s);
  }
  const file = path.resolve(root, ...decoded);
  return file === root || file.startsWith(root + path.sep) ? file : null;
}

async function serveFile(req, res, file) {
  try {
    let target = file;
    if ((await stat(target)).isDirectory()) target = path.join(target, "index.html");
    const data = await readFile(target);
    const headers = { "cache-control": "no-store" }; // the demo is rebuilt often; never serve stale wasm
    if (req.method === "HEAD") {
      res.writeHead(200, { ...headers, "content-type": contentTypeFor(target), "content-length": data.length });
      res.end();
      return;
    }
    send(res, 200, data, { contentType: contentTypeFor(target), headers });
  } catch {
    send(res, 404, "Not found\n", { contentType: "text/plain; charset=utf-8" });
  }
}
