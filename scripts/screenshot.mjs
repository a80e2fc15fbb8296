// Remakes docs/demo.png, the README's picture of the demo: the update section with two broken
// fields flagged by their JSON Pointers. Needs a built pkg/ (make pkg) and the npm dev deps.
import { resolve } from "node:path";
import { startDemo } from "./demo-server.mjs";
import { launch } from "../tests/browser/chromium.mjs";

const root = resolve(import.meta.dirname, "..");
const mock = await startDemo(); // as `make demo` serves it: the page talks to the relays
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
  await page.goto(`${mock.url}/`);
  await page.waitForFunction(() => document.getElementById("update-prepared").textContent.startsWith("PUT "));
  const body = JSON.parse(await page.inputValue("#update"));
  body.destinations[0].protocolPorts[0].ports = "80-70000";
  body.destinations[0].destinationAddr.push("10.0.0.0-10.0.0.9");
  await page.fill("#update", JSON.stringify(body, null, 2));
  await page.screenshot({ path: resolve(root, "docs/demo.png") });
  console.log("wrote docs/demo.png");
} finally {
  await browser.close();
  await mock.close();
}
