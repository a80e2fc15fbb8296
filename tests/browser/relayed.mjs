// What both browsers' relay tests check upstream: what the demo's relays sent the mock after the
// page updated an app, detached sites and updated a Symphony app.
import assert from "node:assert/strict";
import { DEMO_API_KEY, DEMO_SESSION_TOKEN } from "../../scripts/demo-server.mjs";

/** The callback-status path the page polls after a detach. */
export const STATUS_PATH = /\/webhooks\/callbacks\/statuses\//;

/**
 * The mock saw the three operations, with the key and the token the relays added and the
 * editors' bodies exactly, and neither the page's cookie nor its CSRF header. The page's
 * callback-status polls go through the relay as well: those GETs carry the key too, and are
 * checked apart from the three operations.
 */
export function assertRelayedUpstream(mock, editors) {
  const upstream = mock.requests();
  const polls = upstream.filter((r) => STATUS_PATH.test(r.path));
  assert.ok(polls.length > 0, "the page polled the callback status through the relay");
  for (const p of polls) assert.equal(`${p.method} ${p.headers.authorization}`, `GET Bearer ${DEMO_API_KEY}`);
  const log = upstream.filter((r) => !STATUS_PATH.test(r.path));
  assert.deepEqual(log.map((r) => `${r.method} ${r.path} ${r.status}`), [
    "PUT /api/v1/organizations/123456/secureConnect/privateApplications/183456 200",
    "DELETE /api/v1/organizations/123456/secureConnect/sites 201",
    "POST /pod/v1/admin/app/my-app/update 200",
  ]);
  const [put, del, post] = log;
  assert.equal(put.headers.authorization, `Bearer ${DEMO_API_KEY}`);
  assert.equal(del.headers.authorization, `Bearer ${DEMO_API_KEY}`);
  assert.equal(post.headers.sessiontoken, DEMO_SESSION_TOKEN);
  assert.equal(put.body, JSON.stringify(JSON.parse(editors.update)));
  assert.equal(del.body, JSON.stringify(JSON.parse(editors.detach)));
  assert.equal(post.body, JSON.stringify(JSON.parse(editors.symphony)));
  for (const r of log) assert.equal(r.headers.cookie, undefined, "the page's cookie went upstream");
  for (const r of log) assert.equal(r.headers["x-csrf-token"], undefined, "the page's CSRF header went upstream");
}
