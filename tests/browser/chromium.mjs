// Debian's Chromium driven by playwright-core (never a downloaded browser), with the flags this
// closed network needs, and screenshots written under tests/out/.
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { chromium } from "playwright-core";

export const OUT = resolve(import.meta.dirname, "..", "out");

export async function launch() {
  mkdirSync(OUT, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/**
 * The demo as `make demo` serves it (www/ and pkg/ beside the mock), open in Chromium and
 * loaded: the prepared request box `readyId` shows a request starting with `method`.
 * Page errors are pushed to `pageErrors`.
 */
export async function openDemo({ readyId, method, viewport, pageErrors = [] }) {
  const { startMock } = await import("../mock/server.mjs");
  const root = resolve(import.meta.dirname, "..", "..");
  const mock = await startMock({ static: { "/": resolve(root, "www"), "/pkg/": resolve(root, "pkg") } });
  const browser = await launch();
  const page = await browser.newPage(viewport ? { viewport } : undefined);
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  await page.goto(`${mock.url}/`);
  await page.waitForFunction(([id, m]) => document.getElementById(id).textContent.startsWith(`${m} `), [readyId, method]);
  return { mock, browser, page };
}

/** Closes what `openDemo` opened (either may be missing if it failed half-way). */
export async function closeDemo({ browser, mock }) {
  await browser?.close();
  await mock?.close();
}
