// What every browser's demo tests share, whichever library drives the browser: the demo served as
// `make demo` serves it (www/ and pkg/ beside the mock), the output folder for screenshots, the
// "page is ready" check, and closing what was opened.
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { startMock } from "../mock/server.mjs";

export const OUT = resolve(import.meta.dirname, "..", "out");
const ROOT = resolve(import.meta.dirname, "..", "..");

/** The mock on a free port with www/ at `/` and pkg/ at `/pkg/`; also makes sure OUT exists. */
export async function startDemoServer() {
  mkdirSync(OUT, { recursive: true });
  return startMock({ static: { "/": resolve(ROOT, "www"), "/pkg/": resolve(ROOT, "pkg") } });
}

/**
 * Runs in the page: true once the prepared-request box `id` shows a request starting with
 * `method`, i.e. the wasm is loaded and the section is wired. Pass it to the driver's
 * waitForFunction with [id, method].
 */
export function demoReady([id, method]) {
  return document.getElementById(id).textContent.startsWith(`${method} `);
}

/** Closes what an openDemo opened (either may be missing if it failed half-way). */
export async function closeDemo({ browser, mock }) {
  await browser?.close();
  await mock?.close();
}
