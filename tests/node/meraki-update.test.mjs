// MerakiClient.updatePrivateApplication / prepareUpdatePrivateApplication against the mock:
// what is sent (byte for byte), what comes back, path parameters, validation and options.
// Run: node --test tests/node/meraki-update.test.mjs

import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { MerakiClient, ValidationError, validatePrivateApplicationUpdate } from "../../pkg/node/index.mjs";
import { startMock } from "../mock/server.mjs";
import { API_KEY, APP, REFUSED_IDS, apiPageExample, appPath, merakiBase, rejection, thrown } from "./helpers.mjs";

const EXAMPLE = apiPageExample();
const CREATED_AT = "2021-12-13T16:07:07.222000Z"; // what the mock answers
const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

let mock;
let client;
before(async () => {
  mock = await startMock({ port: 0 });
  client = new MerakiClient({ apiKey: API_KEY, baseUrl: merakiBase(mock) });
});
after(() => mock?.close());
beforeEach(() => mock.reset());

/** Headers of a prepared request with lower-cased names (the contract gives no casing). */
function lowerHeaders(headers) {
  assert.equal(typeof headers, "object");
  assert.ok(!(headers instanceof Map), "headers are a plain Record, as JSON would give");
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

describe("happy path with the API page's example", () => {
  test("the example is valid, externalFQDN being a warning only", () => {
    const report = validatePrivateApplicationUpdate(EXAMPLE);
    assert.equal(report.valid, true);
    assert.deepEqual(report.errors, []);
    assert.ok(
      report.warnings.some((w) => w.path === "/externalFQDN" && w.code === "server-generated"),
      JSON.stringify(report.warnings),
    );
  });

  test("resolves with every field the server sent, unknown mockRevision included", async () => {
    const result = await client.updatePrivateApplication("7777", "183456", EXAMPLE);
    assert.match(result.modifiedAt, ISO_DATE);
    assert.deepEqual(result, {
      applicationId: "183456",
      ...EXAMPLE,
      // The server generates it from the name and organization: its value wins over the example's.
      externalFQDN: "https://jira-7777.ztna.ciscoplus.com",
      createdAt: CREATED_AT,
      modifiedAt: result.modifiedAt,
      mockRevision: 1,
    });
  });

  test("sends PUT to the exact path with bearer auth, JSON content type and the exact body", async () => {
    const prepared = client.prepareUpdatePrivateApplication("7777", "183456", EXAMPLE);
    await client.updatePrivateApplication("7777", "183456", EXAMPLE);
    const log = mock.requests();
    assert.equal(log.length, 1);
    const [entry] = log;
    assert.equal(entry.method, "PUT");
    assert.equal(entry.path, "/api/v1/organizations/7777/secureConnect/privateApplications/183456");
    assert.deepEqual(entry.segments, ["api", "v1", "organizations", "7777", "secureConnect", "privateApplications", "183456"]);
    assert.equal(entry.headers["authorization"], `Bearer ${API_KEY}`);
    assert.equal(entry.headers["x-cisco-meraki-api-key"], undefined);
    assert.equal(entry.headers["content-type"], "application/json");
    assert.equal(entry.body, prepared.body, "sent body = prepared body, byte for byte");
    assert.equal(entry.body, JSON.stringify(EXAMPLE), "sent body = JSON.stringify(update)");
    assert.equal(entry.status, 200);
    assert.equal(prepared.url, mock.url + entry.path);
    assert.equal(prepared.method, entry.method);
  });

  test("authScheme apiKeyHeader sends X-Cisco-Meraki-API-Key and no Authorization", async () => {
    const keyHeader = new MerakiClient({ apiKey: API_KEY, baseUrl: merakiBase(mock), authScheme: "apiKeyHeader" });
    const result = await keyHeader.updatePrivateApplication("5001", "183456", APP);
    assert.equal(result.applicationId, "183456");
    const [entry] = mock.requests();
    assert.equal(entry.headers["x-cisco-meraki-api-key"], API_KEY);
    assert.equal(entry.headers["authorization"], undefined);
    assert.equal(entry.body, JSON.stringify(APP));

    const prepared = lowerHeaders(keyHeader.prepareUpdatePrivateApplication("5001", "183456", APP).headers);
    assert.equal(prepared["x-cisco-meraki-api-key"], "***");
    assert.equal(prepared["authorization"], undefined);
  });

  test("authScheme bearer given explicitly behaves as the default", async () => {
    const bearer = new MerakiClient({ apiKey: API_KEY, baseUrl: merakiBase(mock), authScheme: "bearer" });
    await bearer.updatePrivateApplication("5001", "183456", APP);
    assert.equal(mock.requests()[0].headers["authorization"], `Bearer ${API_KEY}`);
  });
});

describe("prepareUpdatePrivateApplication", () => {
  test("masks the key, gives the exact request, and sends nothing", () => {
    const prepared = client.prepareUpdatePrivateApplication("7777", "183456", EXAMPLE);
    assert.equal(prepared.method, "PUT");
    assert.equal(prepared.url, `${merakiBase(mock)}/organizations/7777/secureConnect/privateApplications/183456`);
    const headers = lowerHeaders(prepared.headers);
    assert.equal(headers["authorization"], "Bearer ***");
    assert.equal(headers["content-type"], "application/json");
    assert.equal(prepared.body, JSON.stringify(EXAMPLE));
    assert.ok(!JSON.stringify(prepared).includes(API_KEY), "the key is nowhere in the prepared request");
    assert.deepEqual(mock.requests(), []);
    assert.equal(mock.stats().requests, 0);
  });

  test("does not change the update it was given", () => {
    const update = structuredClone(EXAMPLE);
    client.prepareUpdatePrivateApplication("7777", "183456", update);
    assert.deepEqual(update, EXAMPLE);
  });

  test("a default client points at api.meraki.com", () => {
    const prepared = new MerakiClient({ apiKey: API_KEY }).prepareUpdatePrivateApplication("5001", "1", APP);
    assert.equal(prepared.url, "https://api.meraki.com/api/v1/organizations/5001/secureConnect/privateApplications/1");
  });
});

describe("path parameters", () => {
  const HOSTILE_IDS = ["../x", "a/b?c#d", "%2e%2e", "ünïcødé 名前 🚀", "...", "a b+c&d=e;f", "\\..\\x", "?", "#"];

  for (const id of HOSTILE_IDS) {
    test(`id ${JSON.stringify(id)} arrives as one decoded segment`, async () => {
      const prepared = client.prepareUpdatePrivateApplication("5001", id, APP);
      const result = await client.updatePrivateApplication("5001", id, APP);
      const log = mock.requests();
      assert.equal(log.length, 1);
      const [entry] = log;
      assert.deepEqual(entry.segments, ["api", "v1", "organizations", "5001", "secureConnect", "privateApplications", id]);
      assert.equal(entry.status, 200);
      assert.doesNotMatch(entry.path, /[?#]/, "no query or fragment reached the server");
      assert.equal(prepared.url, mock.url + entry.path);
      assert.equal(result.applicationId, id);
    });
  }

  test("a hostile organizationId is one segment too", async () => {
    const org = "../../x/y?z";
    await client.updatePrivateApplication(org, "183456", APP);
    const [entry] = mock.requests();
    assert.deepEqual(entry.segments, ["api", "v1", "organizations", org, "secureConnect", "privateApplications", "183456"]);
    assert.equal(entry.path, appPath(org, "183456"));
  });


  for (const [id, label] of REFUSED_IDS) {
    test(`id ${label} is refused with ValidationError and nothing is sent`, async () => {
      const promise = client.updatePrivateApplication("5001", id, APP);
      assert.ok(promise instanceof Promise, "a bad id rejects, it does not throw");
      const e = await rejection(promise);
      assert.ok(e instanceof ValidationError, String(e));
      assert.ok(e instanceof Error);
      assert.equal(e.name, "ValidationError");
      assert.ok(e.issues.some((i) => i.code === "path-parameter"), JSON.stringify(e.issues));
      const sync = thrown(() => client.prepareUpdatePrivateApplication("5001", id, APP));
      assert.ok(sync instanceof ValidationError);
      assert.deepEqual(sync.issues, e.issues);
      assert.deepEqual(mock.requests(), []);
    });

    test(`organizationId ${label} is refused with ValidationError`, async () => {
      const e = await rejection(client.updatePrivateApplication(id, "183456", APP));
      assert.ok(e instanceof ValidationError);
      assert.ok(e.issues.some((i) => i.code === "path-parameter"), JSON.stringify(e.issues));
      assert.deepEqual(mock.requests(), []);
    });
  }
});

describe("validation before sending", () => {
  const BAD = {
    name: "Bad!",
    destinations: [
      {
        destinationAddr: ["10.0.0.1/33", "::1"],
        protocolPorts: [
          { protocol: "TCP", ports: "0" },
          { protocol: "tcp", ports: "80" },
        ],
        accessType: "web",
      },
    ],
    appProtocol: "ftp",
    sslVerificationEnabled: "yes",
  };
  const EXPECTED = [
    ["/name", "name-characters"],
    ["/destinations/0/accessType", "access-type"],
    ["/destinations/0/destinationAddr/0", "ipv4-form"],
    ["/destinations/0/destinationAddr/1", "ipv4-form"],
    ["/destinations/0/protocolPorts/0/ports", "port-range"],
    ["/destinations/0/protocolPorts/1/protocol", "protocol-duplicate"],
    ["/sslVerificationEnabled", "type"],
  ];
  const pairs = (issues) => issues.map((i) => [i.path, i.code]).sort();

  test("an invalid update rejects with ValidationError listing every issue, nothing sent", async () => {
    const e = await rejection(client.updatePrivateApplication("5001", "183456", BAD));
    assert.ok(e instanceof ValidationError);
    assert.equal(e.name, "ValidationError");
    assert.deepEqual(pairs(e.issues), [...EXPECTED].sort());
    for (const issue of e.issues) {
      assert.equal(typeof issue.message, "string");
      assert.ok(issue.message.length > 10, issue.message);
    }
    assert.match(e.message, /7 problems/);
    assert.deepEqual(mock.requests(), []);
  });

  test("the call reports the same errors as validatePrivateApplicationUpdate", async () => {
    const report = validatePrivateApplicationUpdate(BAD);
    assert.equal(report.valid, false);
    const e = await rejection(client.updatePrivateApplication("5001", "183456", BAD));
    assert.deepEqual(e.issues, report.errors);
    const sync = thrown(() => client.prepareUpdatePrivateApplication("5001", "183456", BAD));
    assert.deepEqual(sync.issues, report.errors);
  });

  test("what the page leaves open is only a warning: the update is sent as given", async () => {
    const cases = [
      [{ appProtocol: "ftp" }, [["/appProtocol", "app-protocol"]]],
      [{ sni: "jira" }, [["/sni", "sni-single-label"]]],
      [{ name: "Zürich Jira" }, [["/name", "name-non-ascii"]]],
      [{ name: "J".repeat(51) }, [["/name", "name-length"]]],
    ];
    const browserApp = {
      name: "Jira",
      destinations: [{ destinationAddr: ["10.1.2.3/32"], protocolPorts: [{ protocol: "TCP", ports: "443" }], accessType: "browser" }],
    };
    for (const [change, expected] of cases) {
      mock.reset();
      const update = { ...browserApp, ...change };
      const report = validatePrivateApplicationUpdate(update);
      assert.deepEqual([report.valid, report.errors], [true, []], JSON.stringify(change));
      assert.deepEqual(pairs(report.warnings), expected, JSON.stringify(change));
      await client.updatePrivateApplication("5001", "183456", update);
      assert.equal(mock.requests()[0].body, JSON.stringify(update), "sent byte for byte");
    }
    // The errors stay errors: ASCII punctuation in the name, an sni that is no DNS name.
    for (const [change, expected] of [[{ name: "Jira_Prod" }, ["/name", "name-characters"]], [{ sni: "10.0.0.1" }, ["/sni", "sni-form"]]]) {
      assert.deepEqual(pairs(validatePrivateApplicationUpdate({ ...browserApp, ...change }).errors), [expected]);
    }
    assert.deepEqual(pairs(validatePrivateApplicationUpdate(BAD).warnings), [["", "browser-only-field"], ["/appProtocol", "app-protocol"]]);
  });

  test("missing required fields are reported at the object that holds them", async () => {
    const e = await rejection(client.updatePrivateApplication("5001", "183456", { description: "no name" }));
    assert.ok(e instanceof ValidationError);
    assert.deepEqual(pairs(e.issues), [["", "required"], ["", "required"]]);
    assert.deepEqual(mock.requests(), []);
  });

  for (const [value, label] of [[null, "null"], [[APP], "an array"], ["{}", "a string"], [undefined, "undefined"]]) {
    test(`an update that is ${label} rejects with a root type issue`, async () => {
      const e = await rejection(client.updatePrivateApplication("5001", "183456", value));
      assert.ok(e instanceof ValidationError);
      assert.deepEqual(pairs(e.issues), [["", "type"]]);
      assert.deepEqual(mock.requests(), []);
    });
  }

  test("warnings do not block the call", async () => {
    const withWarning = { ...APP, externalFQDN: "https://x.example" };
    assert.equal(validatePrivateApplicationUpdate(withWarning).warnings.length, 1);
    const result = await client.updatePrivateApplication("5001", "183456", withWarning);
    assert.equal(result.applicationId, "183456");
    assert.equal(mock.requests()[0].body, JSON.stringify(withWarning));
  });
});

describe("constructor options", () => {
  const BAD_OPTIONS = [
    [{}, "/apiKey", "credential", "missing apiKey (the default baseUrl is a Meraki host)"],
    [{ apiKey: "" }, "/apiKey", null, "empty apiKey"],
    [{ apiKey: API_KEY, baseUrl: "http://api.meraki.com/api/v1" }, "/baseUrl", "base-url", "http:// non-loopback"],
    [{ apiKey: API_KEY, baseUrl: "http://10.0.0.1/api/v1" }, "/baseUrl", "base-url", "http:// private address"],
    [{ apiKey: API_KEY, baseUrl: "http://localhost.evil.example/api/v1" }, "/baseUrl", "base-url", "http:// localhost look-alike"],
    [{ apiKey: API_KEY, baseUrl: "http://127.0.0.1.nip.io/api/v1" }, "/baseUrl", "base-url", "http:// 127.0.0.1 look-alike"],
    [{ apiKey: API_KEY, baseUrl: "https://user:pass@api.meraki.com/api/v1" }, "/baseUrl", "base-url", "credentials"],
    [{ apiKey: API_KEY, baseUrl: "https://user@api.meraki.com/api/v1" }, "/baseUrl", "base-url", "a user name"],
    [{ apiKey: API_KEY, baseUrl: "https://api.meraki.com/api/v1?x=1" }, "/baseUrl", "base-url", "a query"],
    [{ apiKey: API_KEY, baseUrl: "https://api.meraki.com/api/v1#top" }, "/baseUrl", "base-url", "a fragment"],
    [{ apiKey: API_KEY, baseUrl: "ftp://api.meraki.com/api/v1" }, "/baseUrl", "base-url", "ftp://"],
    [{ apiKey: API_KEY, baseUrl: "not a url" }, "/baseUrl", "base-url", "not a URL"],
    [{ apiKey: API_KEY, authScheme: "basic" }, "/authScheme", "option", "bad authScheme"],
    [{ apiKey: API_KEY, timeoutMs: 0 }, "/timeoutMs", "option", "timeoutMs 0"],
    [{ apiKey: API_KEY, timeoutMs: -1 }, "/timeoutMs", "option", "timeoutMs -1"],
    [{ apiKey: API_KEY, maxRetries: -1 }, "/maxRetries", "option", "maxRetries -1"],
    [{ apiKey: API_KEY, maxRetries: 1.5 }, "/maxRetries", "option", "maxRetries 1.5"],
    [{ apiKey: API_KEY, requestsPerSecond: -1 }, "/requestsPerSecond", "option", "requestsPerSecond -1"],
  ];

  for (const [options, path, code, label] of BAD_OPTIONS) {
    test(`${label} throws ValidationError at ${path || "(root)"}`, () => {
      const e = thrown(() => new MerakiClient(options));
      assert.ok(e instanceof ValidationError, String(e));
      assert.ok(e instanceof Error);
      assert.equal(e.name, "ValidationError");
      assert.ok(Array.isArray(e.issues) && e.issues.length >= 1);
      assert.ok(
        e.issues.some((i) => i.path === path && (code === null || i.code === code)),
        JSON.stringify(e.issues),
      );
    });
  }

  for (const [options, label] of [[undefined, "no options"], [null, "null"], ["test-api-key", "a bare string"]]) {
    test(`${label} throws ValidationError`, () => {
      const e = thrown(() => new MerakiClient(options));
      assert.ok(e instanceof ValidationError, String(e));
    });
  }

  const GOOD_BASES = [
    ["http://127.0.0.1:8787/api/v1", "http://127.0.0.1:8787/api/v1"],
    ["http://localhost:8787/api/v1", "http://localhost:8787/api/v1"],
    ["http://[::1]:8787/api/v1", "http://[::1]:8787/api/v1"],
    ["https://api.meraki.ca/api/v1", "https://api.meraki.ca/api/v1"],
    ["https://api.meraki.com/api/v1/", "https://api.meraki.com/api/v1"], // a trailing slash is not doubled
  ];
  for (const [baseUrl, expected] of GOOD_BASES) {
    test(`accepts baseUrl ${baseUrl}`, () => {
      const prepared = new MerakiClient({ apiKey: API_KEY, baseUrl }).prepareUpdatePrivateApplication("1", "2", APP);
      assert.equal(prepared.url, `${expected}/organizations/1/secureConnect/privateApplications/2`);
    });
  }

  test("accepts maxRetries 0 and requestsPerSecond 0", () => {
    assert.ok(new MerakiClient({ apiKey: API_KEY, maxRetries: 0, requestsPerSecond: 0 }) instanceof MerakiClient);
  });
});
