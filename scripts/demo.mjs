// `make demo`: serves www/ and pkg/ with the built-in mock API on 127.0.0.1, prints the URL,
// and runs until Ctrl-C. The page calls the mock at <origin>/api/v1 by default.
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { startMock } from "../tests/mock/server.mjs";

const { values } = parseArgs({ options: { port: { type: "string", default: "8787" } } });
const root = resolve(import.meta.dirname, "..");
const mock = await startMock({
  port: Number(values.port),
  static: { "/": resolve(root, "www"), "/pkg/": resolve(root, "pkg") },
  keepAlive: true,
});
console.log(`Demo: ${mock.url}/  (mock Meraki API at ${mock.url}/api/v1, API key "test-api-key"; Ctrl-C stops)`);
const stop = async () => {
  await mock.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
