// `make demo`: serves the page (www/ and pkg/), the two relays that hold the mock's credentials,
// and the built-in mock API, all on one origin on 127.0.0.1 (scripts/demo-server.mjs); prints the
// URL and runs until Ctrl-C. The page calls the relays at /api/meraki and /api/symphony.
import { parseArgs } from "node:util";
import { startDemo } from "./demo-server.mjs";

const { values } = parseArgs({ options: { port: { type: "string", default: "8787" } } });
const demo = await startDemo({ port: Number(values.port), keepAlive: true });
console.log(`Demo: ${demo.url}/  (relays at /api/meraki and /api/symphony hold the mock's key and session token; the mock API is at ${demo.url}/api/v1, key "test-api-key"; Ctrl-C stops)`);
const stop = async () => {
  await demo.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
