// Debian's Firefox ESR driven by puppeteer-core over WebDriver BiDi (no patched or downloaded
// browser, no driver binary), with the preferences this closed network needs.
import puppeteer from "puppeteer-core";
import { closeDemo, demoReady, startDemoServer } from "./demo-server.mjs";

export { OUT, closeDemo } from "./demo-server.mjs";

export const FIREFOX = process.env.FIREFOX ?? "/usr/bin/firefox-esr";

// On top of puppeteer's own test profile (updates, telemetry, safe browsing and add-on checks
// already off): nothing else that would try to reach the internet from a closed network.
const OFFLINE_PREFS = {
  "network.proxy.type": 0, // direct: the tests only talk to 127.0.0.1
  "network.captive-portal-service.enabled": false,
  "network.connectivity-service.enabled": false,
  "network.dns.disablePrefetch": true,
  "network.prefetch-next": false,
  "browser.region.network.url": "",
  "browser.region.update.enabled": false,
  "browser.topsites.contile.enabled": false,
  "extensions.blocklist.enabled": false,
  "toolkit.telemetry.enabled": false,
  "toolkit.telemetry.server": "",
  "datareporting.usage.uploadEnabled": false,
};

export function launch() {
  return puppeteer.launch({
    browser: "firefox",
    executablePath: FIREFOX,
    headless: true,
    protocol: "webDriverBiDi",
    extraPrefsFirefox: OFFLINE_PREFS,
    defaultViewport: { width: 1280, height: 900 },
  });
}

/**
 * The demo as `make demo` serves it, open in Firefox and loaded: the prepared request box
 * `readyId` shows a request starting with `method`. Uncaught page errors and console errors are
 * pushed to `pageErrors`; `beforeLoad(page)` runs before the page is opened.
 */
export async function openDemo({ readyId, method, viewport, pageErrors = [], beforeLoad = () => {} }) {
  const mock = await startDemoServer();
  let browser;
  try {
    browser = await launch();
    const [page = await browser.newPage()] = await browser.pages();
    if (viewport) await page.setViewport(viewport);
    page.on("pageerror", (e) => pageErrors.push(`pageerror: ${e}`));
    page.on("console", (m) => m.type() === "error" && pageErrors.push(`console.error: ${m.text()}`));
    await beforeLoad(page);
    await page.goto(`${mock.url}/`);
    await page.waitForFunction(demoReady, {}, [readyId, method]);
    return { mock, browser, page };
  } catch (e) {
    await closeDemo({ browser, mock });
    throw e;
  }
}
