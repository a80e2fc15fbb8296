// Debian's Chromium driven by playwright-core (never a downloaded browser), with the flags this
// closed network needs, and screenshots written under tests/out/.
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";
import { OUT, closeDemo, demoReady, startDemoServer } from "./demo-server.mjs";

export { OUT, closeDemo };

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
 * Page errors are pushed to `pageErrors`; `beforeLoad(page)` runs before the page is opened.
 */
export async function openDemo({ readyId, method, viewport, pageErrors = [], beforeLoad = () => {} }) {
  const mock = await startDemoServer();
  let browser;
  try {
    browser = await launch();
    const page = await browser.newPage(viewport ? { viewport } : undefined);
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    await beforeLoad(page);
    await page.goto(`${mock.url}/`);
    await page.waitForFunction(demoReady, [readyId, method]);
    return { mock, browser, page };
  } catch (e) {
    await closeDemo({ browser, mock });
    throw e;
  }
}
