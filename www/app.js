// The demo imports the package the way a page would: its browser entry, loaded by init().
import { init, MerakiClient, validatePrivateApplicationUpdate } from "/pkg/web/index.js";

const $ = (id) => document.getElementById(id);
const example = {
  name: "Jira",
  description: "Jira App For My Org",
  destinations: [
    { destinationAddr: ["172.6.0.0/32", "255.100.100.0/24"], protocolPorts: [{ protocol: "TCP", ports: "80-82" }], accessType: "network" },
  ],
  sslVerificationEnabled: true,
  applicationGroupIds: ["1122321"],
};
$("update").value = JSON.stringify(example, null, 2);
$("baseUrl").value = `${location.origin}/api/v1`;

await init();

function client() {
  return new MerakiClient({ apiKey: $("apiKey").value, baseUrl: $("baseUrl").value });
}

function parse(text) {
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    return { error: `Not JSON yet: ${e.message}` };
  }
}

function showIssues(list, report) {
  list.replaceChildren(
    ...report.errors.map((i) => item(i, "error")),
    ...report.warnings.map((i) => item(i, "warning")),
  );
}
function item(issue, kind) {
  const li = document.createElement("li");
  li.className = kind;
  const where = document.createElement("code");
  where.textContent = issue.path || "(root)";
  li.append(`${kind}: `, where, ` ${issue.message} [${issue.code}]`);
  return li;
}

function refresh() {
  const parsed = parse($("update").value);
  const send = $("update-send");
  if (parsed.error) {
    $("update-issues").replaceChildren(Object.assign(document.createElement("li"), { className: "error", textContent: parsed.error }));
    $("update-prepared").textContent = "";
    send.disabled = true;
    return;
  }
  const report = validatePrivateApplicationUpdate(parsed.value);
  showIssues($("update-issues"), report);
  send.disabled = !report.valid;
  try {
    const p = client().prepareUpdatePrivateApplication($("orgId").value, $("appId").value, parsed.value);
    const headers = Object.entries(p.headers).map(([k, v]) => `${k}: ${v}`).join("\n");
    $("update-prepared").textContent = `${p.method} ${p.url}\n${headers}\n\n${p.body}`;
  } catch (e) {
    $("update-prepared").textContent = `${e.name}: ${e.message}`;
  }
}

async function sendUpdate() {
  const out = $("update-result");
  out.className = "result";
  out.textContent = "Sending…";
  try {
    const app = await client().updatePrivateApplication($("orgId").value, $("appId").value, JSON.parse($("update").value));
    out.className = "result ok";
    out.textContent = `PrivateApplication\n${JSON.stringify(app, null, 2)}`;
  } catch (e) {
    out.className = "result failed";
    const fields = Object.fromEntries(Object.entries(e).filter(([k]) => k !== "name"));
    out.textContent = `${e.name}: ${e.message}\n${JSON.stringify(fields, null, 2)}`;
  }
}

async function setFaults() {
  await fetch("/__mock/mode", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ rate429: $("fault429").checked, unavailable503: $("fault503").checked }),
  });
}

for (const id of ["update", "orgId", "appId", "apiKey", "baseUrl"]) $(id).addEventListener("input", refresh);
$("update-send").addEventListener("click", sendUpdate);
$("fault429").addEventListener("change", setFaults);
$("fault503").addEventListener("change", setFaults);
refresh();
