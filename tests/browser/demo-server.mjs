// What every browser's demo tests share, whichever library drives the browser: the demo served as
// `make demo` serves it (scripts/demo-server.mjs: the page, the relays and the mock on one origin),
// the output folder for screenshots, the "page is ready" check, and closing what was opened.
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { startDemo } from "../../scripts/demo-server.mjs";

export const OUT = resolve(import.meta.dirname, "..", "out");

/**
 * The demo on a free port, as `make demo` serves it: the mock's controls (its log shows what the
 * relays sent upstream) and close(); also makes sure OUT exists.
 */
export async function startDemoServer() {
  mkdirSync(OUT, { recursive: true });
  return startDemo();
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
