// The updates the benchmarks validate and send, shared by bench.mjs and compare.mjs.

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const SPEC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../shared/spec/meraki-update-private-application.json");

/** The request body example of the API page. */
export function apiPageExample() {
  const page = JSON.parse(readFileSync(SPEC, "utf8"));
  const example = page.spec.requestBody.content["application/json"].schema.example;
  if (typeof example !== "object" || example === null) throw new Error(`no request body example in ${SPEC}`);
  return example;
}

/** An update with 20 issues (15 errors, 5 warnings with the current rules). */
export function twentyIssues() {
  const destination = () => ({
    destinationAddr: ["300.1.1.1", "10.0.0.0/33"],
    protocolPorts: [{ protocol: "XYZ", ports: "99999" }],
    accessType: "bogus",
  });
  return {
    name: "Jira!!",
    description: 5,
    destinations: [destination(), destination()],
    appProtocol: "gopher",
    sni: 3,
    sslVerificationEnabled: "yes",
    applicationGroupIds: [1, 2],
    externalFQDN: "x",
    extra1: 1,
  };
}
