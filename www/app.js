// The demo imports the package the way a page would: its browser entry, loaded by init().
import {
  init, MerakiClient, SymphonyClient,
  validatePrivateApplicationUpdate, validateDetachSitesRequest, validateApplicationDetail,
} from "/pkg/web/index.js";

const $ = (id) => document.getElementById(id);
const MASK = "***";

// The Backend panel: by default the page calls the demo server's relays, as a portal's page does,
// and holds no key; "direct" calls the mock API itself with a key typed in.
const BACKENDS = {
  relay: { baseUrl: "/api/meraki", podUrl: "/api/symphony" },
  direct: { baseUrl: `${location.origin}/api/v1`, podUrl: location.origin }, // the mock serves Symphony at its root
};
const direct = () => $("backend-direct").checked;

/** Shows the chosen backend's URLs; the key and token fields only matter when calling the mock directly. */
function showBackend() {
  const urls = BACKENDS[direct() ? "direct" : "relay"];
  $("baseUrl").value = urls.baseUrl;
  $("podUrl").value = urls.podUrl;
  for (const id of ["apiKey", "sessionToken"]) $(id).disabled = !direct();
}

/** The relays want this page's CSRF token, a cookie the demo server set with the page, in a header. */
function relayHeaders() {
  const csrf = document.cookie.split("; ").find((c) => c.startsWith("demo_csrf="))?.slice("demo_csrf=".length);
  return csrf ? { "X-CSRF-Token": csrf } : {};
}

showBackend();
await init();

function client() {
  if (!direct()) return new MerakiClient({ baseUrl: $("baseUrl").value, headers: relayHeaders() });
  return new MerakiClient({ apiKey: $("apiKey").value, baseUrl: $("baseUrl").value });
}

/** Runs `use` with a fresh SymphonyClient and frees the client's wasm memory once it is done. */
function withSymphony(use) {
  const symphony = new SymphonyClient(direct()
    ? { podUrl: $("podUrl").value, sessionToken: $("sessionToken").value }
    : { podUrl: $("podUrl").value, headers: relayHeaders() });
  let result;
  try {
    result = use(symphony);
  } catch (e) {
    symphony.free();
    throw e;
  }
  if (result instanceof Promise) return result.finally(() => symphony.free());
  symphony.free();
  return result;
}

function parse(text) {
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    return { error: `Not JSON yet: ${e.message}` };
  }
}

// ---- secrets: prepare*() returns the exact body, so whatever displays it masks them itself ----

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/** The object holding the last key of `path` inside `value`, when there is one. */
function holder(value, path) {
  const parent = path.slice(0, -1).reduce((o, k) => (isObject(o) ? o[k] : undefined), value);
  return isObject(parent) && Object.hasOwn(parent, path.at(-1)) ? parent : undefined;
}

/** The non-empty string secrets found at `paths` in `value`. */
function secretsIn(value, paths) {
  return paths.map((p) => holder(value, p)?.[p.at(-1)]).filter((s) => typeof s === "string" && s !== "");
}

/** The body with every secret at `paths` replaced by "***" (an empty string stays: it hides nothing). */
function maskBody(body, paths) {
  if (paths.length === 0) return body;
  let value;
  try {
    value = JSON.parse(body);
  } catch {
    return "(body not shown: it is not JSON)";
  }
  for (const path of paths) {
    const parent = holder(value, path);
    if (parent && parent[path.at(-1)] !== "") parent[path.at(-1)] = MASK;
  }
  return JSON.stringify(value);
}

/** Text with each secret replaced by "***"; like the package's errors, secrets under 4 characters are left. */
function scrub(text, secrets) {
  return secrets.filter((s) => s.length >= 4).reduce((t, s) => t.replaceAll(s, MASK), text);
}

// ---- one section: editor, live issues, prepared request, Send, typed result ------------------

function issueItem(issue, kind, secrets) {
  const li = document.createElement("li");
  li.className = kind;
  const where = document.createElement("code");
  where.textContent = issue.path || "(root)";
  li.append(`${kind}: `, where, ` ${scrub(issue.message, secrets)} [${issue.code}]`);
  return li;
}

/**
 * Wires the section whose elements are #{id} (the JSON editor), #{id}-issues, #{id}-prepared,
 * #{id}-send and #{id}-result. `inputs` are the other controls the request depends on; `prepare`
 * and `send` take the parsed body; `secretPaths` are masked wherever the section shows the body, and
 * the strings `credentials()` returns (the key or token in use) are scrubbed from every message.
 * Returns the section's refresh function.
 */
function wireSection({ id, example, inputs = [], validate, prepare, send, resultType, secretPaths = [], credentials = () => [], onResult }) {
  const editor = $(id);
  const [issues, prepared, button, result] = ["issues", "prepared", "send", "result"].map((s) => $(`${id}-${s}`));
  let sending = false;

  function refresh() {
    const parsed = parse(editor.value);
    if (parsed.error) {
      issues.replaceChildren(Object.assign(document.createElement("li"), { className: "error", textContent: parsed.error }));
      prepared.textContent = "";
      button.disabled = true;
      return;
    }
    const secrets = [...secretsIn(parsed.value, secretPaths), ...credentials()];
    const report = validate(parsed.value);
    issues.replaceChildren(
      ...report.errors.map((i) => issueItem(i, "error", secrets)),
      ...report.warnings.map((i) => issueItem(i, "warning", secrets)),
    );
    button.disabled = sending || !report.valid;
    try {
      const p = prepare(parsed.value);
      const headers = Object.entries(p.headers).map(([k, v]) => `${k}: ${v}`).join("\n");
      prepared.textContent = `${p.method} ${p.url}\n${headers}\n\n${maskBody(p.body, secretPaths)}`;
    } catch (e) {
      prepared.textContent = `${e.name}: ${scrub(e.message, secrets)}`;
    }
  }

  async function onSend() {
    sending = true;
    button.disabled = true;
    result.className = "result";
    result.textContent = "Sending…";
    let secrets = credentials();
    try {
      const body = JSON.parse(editor.value);
      secrets = [...secretsIn(body, secretPaths), ...secrets]; // the package scrubs its errors; this is belt and braces
      const value = await send(body);
      result.className = "result ok";
      result.textContent = scrub(`${resultType}\n${JSON.stringify(value, null, 2)}`, secrets);
      onResult?.(value);
    } catch (e) {
      result.className = "result failed";
      const fields = Object.fromEntries(Object.entries(e).filter(([k]) => k !== "name"));
      result.textContent = scrub(`${e.name}: ${e.message}\n${JSON.stringify(fields, null, 2)}`, secrets);
    } finally {
      sending = false;
      refresh();
    }
  }

  editor.value = JSON.stringify(example, null, 2);
  for (const input of [editor, ...inputs.map($)]) input.addEventListener("input", refresh);
  button.addEventListener("click", onSend);
  refresh();
  return refresh;
}

/** A real RSA public key (made with `openssl genrsa 2048 | openssl rsa -pubout`), with real line breaks. */
const EXAMPLE_PUBLIC_KEY = [
  "-----BEGIN PUBLIC KEY-----",
  "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAjG8au+J5dyMmg96Nekhu",
  "JU7oC8gWsSQLizmpl6B/OuTwtigeW5c/oh9vv4jP+KtihptgNnEB9qiPQ3Q3J1x8",
  "TM1vC0AKA0fE+waJ0+nfWz+ywA9Gxv5CeAGwizoIVgePJNW/cHEzoiS7t2x/EVhk",
  "Fy1L55WQc6Tu72UCvjBX1jy5s46C+E/8/KdshRf2PHMQUX9HdHK32MH6ctDGVpN7",
  "ecL1Qo5AAxBWDaii2GdTJzvwHPuIwXrQIv1GEVk3zcDIZMg4Ai2vrORZGMxY11aY",
  "B64OwJXBsCj1cUHhPn3zGb2ee6rPtVX18Ad7RPGMjtAdavB2zZkG09OPadkgM4TM",
  "ywIDAQAB",
  "-----END PUBLIC KEY-----",
].join("\n");

/**
 * After a detach, shows its callback's status as it changes (new → running → completed or
 * failed), read with getCallbackStatus through a client made like the page's others.
 */
async function followCallback(result) {
  const out = $("detach-callback");
  const id = result?.callback?.id;
  out.textContent = "";
  if (typeof id !== "string") return;
  const org = $("detach-orgId").value;
  const meraki = client();
  const seen = [];
  try {
    for (let polls = 0; polls < 240; polls++) {
      const { status } = await meraki.getCallbackStatus(org, id);
      if (seen.at(-1) !== status) seen.push(status);
      out.textContent = `Callback ${id}: ${seen.join(" → ")}`;
      if (status === "completed" || status === "failed") return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } catch (e) {
    out.textContent = `Callback ${id}: ${e.name}: ${scrub(e.message, [$("apiKey").value])}`;
  } finally {
    meraki.free();
  }
}

const sections = [
  wireSection({
    id: "update",
    inputs: ["orgId", "appId"],
    example: {
      name: "Jira",
      description: "Jira App For My Org",
      destinations: [
        { destinationAddr: ["172.6.0.0/32", "255.100.100.0/24"], protocolPorts: [{ protocol: "TCP", ports: "80-82" }], accessType: "network" },
      ],
      sslVerificationEnabled: true,
      applicationGroupIds: ["1122321"],
    },
    validate: validatePrivateApplicationUpdate,
    prepare: (body) => client().prepareUpdatePrivateApplication($("orgId").value, $("appId").value, body),
    send: (body) => client().updatePrivateApplication($("orgId").value, $("appId").value, body),
    resultType: "PrivateApplication",
    credentials: () => [$("apiKey").value],
  }),
  wireSection({
    id: "detach",
    inputs: ["detach-orgId"],
    // The API page's example without its httpServer (see the note under the editor).
    example: {
      sites: ["1234567890"],
      callback: {
        url: "https://webhook.site/28efa24e-f830-4d9f-a12b-fbb9e5035031",
        sharedSecret: "secret",
        payloadTemplate: { id: "wpt_2100" },
      },
    },
    validate: validateDetachSitesRequest,
    prepare: (body) => client().prepareDetachSites($("detach-orgId").value, body),
    send: (body) => client().detachSites($("detach-orgId").value, body),
    resultType: "DetachSitesResult",
    secretPaths: [["callback", "sharedSecret"]],
    credentials: () => [$("apiKey").value],
    onResult: followCallback,
  }),
  wireSection({
    id: "symphony",
    inputs: ["symphony-appId"],
    // A valid ApplicationDetail: the API page's own cert example is elided with "..." (see the note).
    example: {
      applicationInfo: {
        appId: "my-app",
        name: "My App",
        appUrl: "https://apps.example.com/my-app",
        domain: "example.com",
        publisher: "Acme",
      },
      iconUrl: "https://apps.example.com/icon.png",
      description: "My App, updated from the app-admin-wasm demo",
      allowOrigins: "example.com",
      permissions: ["SEND_MESSAGES", "GET_BASIC_USER_INFO"],
      cert: EXAMPLE_PUBLIC_KEY,
      authenticationKeys: { current: { key: EXAMPLE_PUBLIC_KEY, action: "SAVE" } },
      notification: { url: "https://apps.example.com/notify", apiKey: "notification-key-123" },
      properties: [{ key: "theme", value: "dark" }],
    },
    validate: validateApplicationDetail,
    prepare: (body) => withSymphony((symphony) => symphony.prepareUpdateApp($("symphony-appId").value, body)),
    send: (body) => withSymphony((symphony) => symphony.updateApp($("symphony-appId").value, body)),
    resultType: "ApplicationDetail",
    secretPaths: [["notification", "apiKey"]],
    credentials: () => [$("sessionToken").value],
  }),
];

async function setFaults() {
  await fetch("/__mock/mode", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      rate429: $("fault429").checked,
      unavailable503: $("fault503").checked,
      slowMs: $("faultSlow").checked ? 2000 : 0,
    }),
  });
}

for (const id of ["apiKey", "baseUrl", "podUrl", "sessionToken"]) $(id).addEventListener("input", () => sections.forEach((refresh) => refresh()));
for (const id of ["backend-relay", "backend-direct"]) {
  $(id).addEventListener("change", () => {
    showBackend();
    sections.forEach((refresh) => refresh());
  });
}
$("fault429").addEventListener("change", setFaults);
$("fault503").addEventListener("change", setFaults);
$("faultSlow").addEventListener("change", setFaults);
