// rsaSessionTokenProvider against the mock's /login/pubkey/authenticate: keys generated per run in
// both PEM forms, a refused sign-in, the refresh after a 401, one sign-in for concurrent calls,
// the key absent from everything the package shows, and keys that are not RSA private keys.
// Run: node --test tests/node/rsa-signin.test.mjs

import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import {
  ApiError, SymphonyClient, ValidationError, rsaSessionTokenProvider,
} from "../../pkg/node/index.mjs";
import { startMock } from "../mock/server.mjs";
import { rejection, thrown, views } from "./helpers.mjs";

const USER = "deploy-bot";
const DETAIL = { description: "Signed in with a key" };
const rsa = () => generateKeyPairSync("rsa", { modulusLength: 2048 });
const { publicKey, privateKey } = rsa();
const PKCS8 = privateKey.export({ type: "pkcs8", format: "pem" });
const PKCS1 = privateKey.export({ type: "pkcs1", format: "pem" });
const PUBLIC = publicKey.export({ type: "spki", format: "pem" });
const OTHER = rsa().privateKey.export({ type: "pkcs8", format: "pem" });
/** Lines of a key's base64 body: none may show up anywhere. */
const needles = (pem) => pem.split("\n").filter((l) => l.length > 40);

let mock;
before(async () => {
  mock = await startMock({ port: 0, sessionTokens: [], bots: { [USER]: PUBLIC } });
});
after(() => mock?.close());
beforeEach(() => mock.reset());

const logins = () => mock.requests().filter((e) => e.path === "/login/pubkey/authenticate");
const updates = () => mock.requests().filter((e) => e.path.startsWith("/pod/"));
const provide = (options = {}) => rsaSessionTokenProvider({ podUrl: mock.url, username: USER, privateKey: PKCS8, ...options });
const client = (provider) => new SymphonyClient({ podUrl: mock.url, sessionTokenProvider: provider });

function assertNoKey(value, keys = [PKCS8, PKCS1, OTHER]) {
  for (const [form, text] of Object.entries(views(value))) {
    for (const key of keys) {
      for (const line of needles(key)) assert.ok(!text.includes(line), `the key shows in ${form}: ${text.slice(0, 200)}`);
    }
  }
}

describe("signing in with an RSA key", () => {
  for (const [form, key] of [["PKCS#8", PKCS8], ["PKCS#1", PKCS1]]) {
    test(`a ${form} key signs an RS512 JWT the pod accepts, and updateApp runs with its token`, async () => {
      const provider = provide({ privateKey: key });
      const before = Math.floor(Date.now() / 1000);
      const app = await client(provider).updateApp("app-1", DETAIL);
      assert.equal(app.description, DETAIL.description);
      assert.equal(mock.stats().signIns, 1);
      const [login] = logins();
      assert.equal(login.method, "POST");
      assert.equal(login.headers["content-type"], "application/json");
      assert.equal(login.headers.sessiontoken, undefined, "the sign-in carries no session token");
      const { token: jwt, ...rest } = JSON.parse(login.body);
      assert.deepEqual(rest, {});
      const [head, claims] = jwt.split(".").slice(0, 2).map((p) => JSON.parse(Buffer.from(p, "base64url")));
      assert.deepEqual(head, { alg: "RS512", typ: "JWT" });
      assert.equal(claims.sub, USER);
      assert.ok(claims.exp >= before + 239 && claims.exp <= Math.ceil(Date.now() / 1000) + 240, `exp ${claims.exp}`);
      const [update] = updates();
      assert.match(update.headers.sessiontoken, /^mock-session-/);
    });
  }

  test("the provider alone resolves to the token; each call signs in again", async () => {
    const provider = provide();
    const a = await provider();
    const b = await provider();
    assert.match(a, /^mock-session-/);
    assert.notEqual(a, b);
    assert.equal(mock.stats().signIns, 2);
  });

  test("a key the pod does not know: ApiError of the sign-in, and no update sent", async () => {
    const e = await rejection(client(provide({ privateKey: OTHER })).updateApp("app-1", DETAIL));
    assert.ok(e instanceof ApiError, `${e?.name}: ${e?.message}`);
    assert.equal(e.operation, "pubkeyAuthenticate");
    assert.equal(e.status, 401);
    assert.match(e.message, /sign-in failed \(no update was sent\)/);
    assert.equal(updates().length, 0);
    assert.equal(mock.stats().signIns, 0);
    assertNoKey(e);
  });

  test("an unknown username is refused the same way; 403 too", async () => {
    let e = await rejection(client(provide({ username: "nobody" })).updateApp("app-1", DETAIL));
    assert.equal(e.operation, "pubkeyAuthenticate");
    assert.match(e.message, /sign-in failed/);
    mock.addFaults([{ status: 403, match: { pathIncludes: "/login/" } }]);
    e = await rejection(client(provide()).updateApp("app-1", DETAIL));
    assert.ok(e instanceof ApiError);
    assert.equal(e.status, 403);
    assert.match(e.message, /sign-in failed/);
    assert.equal(updates().length, 0);
  });

  test("a 503 of the sign-in is retried like any request", async () => {
    mock.addFaults([{ status: 503, match: { pathIncludes: "/login/" } }]);
    await client(provide()).updateApp("app-1", DETAIL);
    assert.equal(logins().length, 2);
    assert.equal(mock.stats().signIns, 1);
  });

  test("an expired session: the 401 makes it sign in again, once (2 sign-ins in all)", async () => {
    const c = client(provide());
    await c.updateApp("app-1", DETAIL);
    assert.equal(mock.expireSessionTokens(), 1);
    await c.updateApp("app-1", DETAIL);
    assert.equal(mock.stats().signIns, 2);
    assert.deepEqual(updates().map((e) => e.status), [200, 401, 200]);
  });

  test("20 concurrent calls share one sign-in", async () => {
    const c = client(provide());
    const apps = await Promise.all(Array.from({ length: 20 }, (_, i) => c.updateApp(`app-${i}`, DETAIL)));
    assert.equal(apps.length, 20);
    assert.equal(mock.stats().signIns, 1);
    assert.equal(logins().length, 1);
    assert.equal(new Set(updates().map((e) => e.headers.sessiontoken)).size, 1);
  });

  test("sessionAuthUrl and the fetch option: the sign-in goes there, through that fetch", async () => {
    const seen = [];
    const provider = rsaSessionTokenProvider({
      podUrl: "https://acme.symphony.com",
      sessionAuthUrl: `${mock.url}/`,
      username: USER,
      privateKey: PKCS1,
      fetch: (url, init) => {
        seen.push([url, init.method, init.headers]);
        return fetch(url, init);
      },
    });
    assert.match(await provider(), /^mock-session-/);
    assert.deepEqual(seen, [[`${mock.url}/login/pubkey/authenticate`, "POST", { "Content-Type": "application/json", Accept: "application/json" }]]);
  });
});

describe("the key stays secret", () => {
  test("the provider function shows nothing of it", () => {
    for (const key of [PKCS8, PKCS1]) {
      const provider = provide({ privateKey: key });
      assert.equal(typeof provider, "function");
      assert.deepEqual(Reflect.ownKeys(provider), ["length", "name"], "an async function with no properties of its own");
      assertNoKey(provider);
      assert.ok(!String(provider).includes("PRIVATE KEY"));
    }
  });

  test("the client's hooks see the update, never the sign-in, its JWT or the key", async () => {
    const seen = [];
    const c = new SymphonyClient({
      podUrl: mock.url,
      sessionTokenProvider: provide(),
      hooks: { onRequest: (info) => seen.push(info), onResponse: (info) => seen.push(info) },
    });
    await c.updateApp("app-1", DETAIL);
    assert.deepEqual(seen.map((i) => i.operation), ["updateApp", "updateApp"]);
    const jwt = JSON.parse(logins()[0].body).token;
    const token = updates()[0].headers.sessiontoken;
    for (const text of [JSON.stringify(seen), ...Object.values(views(seen))]) {
      assert.ok(!text.includes(jwt) && !text.includes(token), text);
    }
    assertNoKey(seen);
  });

  test("no error of any kind shows it: refused sign-in, echoed request, bad options", async () => {
    const errors = [];
    errors.push(await rejection(client(provide({ privateKey: OTHER })).updateApp("a", DETAIL)));
    // A server that echoes the request (the JWT is there): scrubbed like any credential.
    mock.addFaults([{ status: 400, echo: true, match: { pathIncludes: "/login/" } }]);
    const echoed = await rejection(provide()());
    assert.ok(!JSON.stringify(echoed.body).includes(JSON.parse(logins().at(-1).body).token), "the JWT is scrubbed");
    errors.push(echoed);
    errors.push(thrown(() => rsaSessionTokenProvider({ podUrl: "http://example.com", username: "", privateKey: PKCS8 })));
    errors.push(thrown(() => rsaSessionTokenProvider({ podUrl: mock.url, username: USER, privateKey: PKCS8.slice(0, 900) })));
    errors.push(thrown(() => rsaSessionTokenProvider({ podUrl: mock.url, username: USER, privateKey: PKCS1.replace("-----END RSA PRIVATE KEY-----", "") })));
    errors.push(thrown(() => rsaSessionTokenProvider({ podUrl: mock.url, username: USER, privateKey: PKCS8, podUrl: 5, extra: PKCS1 })));
    for (const e of errors) assertNoKey(e);
  });
});

describe("what is not an RSA private key is refused before anything is sent", () => {
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const ed = generateKeyPairSync("ed25519");
  const cases = {
    "a public key (SPKI)": PUBLIC,
    "a public key (PKCS#1)": publicKey.export({ type: "pkcs1", format: "pem" }),
    "garbage": "not a key at all",
    "an empty string": "",
    "an EC key (PKCS#8)": ec.privateKey.export({ type: "pkcs8", format: "pem" }),
    "an EC key (SEC1)": ec.privateKey.export({ type: "sec1", format: "pem" }),
    "an Ed25519 key": ed.privateKey.export({ type: "pkcs8", format: "pem" }),
    "an encrypted key": privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "pw" }),
    "a PKCS#1 body under the PKCS#8 label": PKCS1.replaceAll("RSA PRIVATE KEY", "PRIVATE KEY"),
    "a key file read as a Buffer": Buffer.from(PKCS8),
    "nothing": undefined,
  };
  for (const [what, key] of Object.entries(cases)) {
    test(what, () => {
      const e = thrown(() => rsaSessionTokenProvider({ podUrl: mock.url, username: USER, privateKey: key }));
      assert.ok(e instanceof ValidationError, `${e?.name}: ${e?.message}`);
      assert.deepEqual(e.issues.map((i) => [i.path, i.code]), [["/privateKey", "private-key"]]);
      assert.equal(mock.requests().length, 0);
      if (typeof key === "string") assertNoKey(e, [key]);
    });
  }

  test("podUrl, sessionAuthUrl and username are checked like the client's", () => {
    const e = thrown(() => rsaSessionTokenProvider({ podUrl: "http://acme.symphony.com", sessionAuthUrl: "ftp://x", username: " ", privateKey: PKCS8 }));
    assert.ok(e instanceof ValidationError);
    assert.deepEqual(e.issues.map((i) => [i.path, i.code]), [["/podUrl", "base-url"], ["/sessionAuthUrl", "base-url"], ["/username", "required"]]);
    assert.ok(thrown(() => rsaSessionTokenProvider()) instanceof ValidationError);
    assert.ok(thrown(() => rsaSessionTokenProvider({ podUrl: mock.url, username: USER, privateKey: PKCS8, fetch: 5 })) instanceof ValidationError);
  });
});
