// Symphony's RSA sign-in (POST /login/pubkey/authenticate) and Meraki's callback statuses
// (GET /api/v1/organizations/{orgId}/webhooks/callbacks/statuses/{callbackId}), as the mock
// answers them. State lives in server.mjs (`env.signIn`, `env.callbackJobs`); the checks are here.

import { createPublicKey, randomBytes, verify } from "node:crypto";
import { isPlainObject } from "./http.mjs";

const MAX_EXP_AHEAD_S = 300; // the pod refuses a JWT that expires more than 5 minutes ahead
const SKEW_S = 5; // tolerated clock difference with the client

function base64urlJson(part) {
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
}

/**
 * Checks a compact JWT against `bots` ({username: public key PEM}): RS512 signature, `alg`,
 * `sub`, `exp`. Returns the username, or `{error}` saying why it is refused.
 */
export function checkJwt(jwt, bots, nowMs = Date.now()) {
  if (typeof jwt !== "string" || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(jwt)) return { error: "token is not a compact JWT" };
  const [head, claims, signature] = jwt.split(".");
  let header, payload;
  try {
    header = base64urlJson(head);
    payload = base64urlJson(claims);
  } catch {
    return { error: "JWT header or claims are not base64url JSON" };
  }
  if (header?.alg !== "RS512") return { error: `alg must be RS512 (got ${header?.alg})` };
  const pem = typeof payload?.sub === "string" ? bots[payload.sub] : undefined;
  if (!pem) return { error: `unknown user ${JSON.stringify(payload?.sub)}` };
  const signed = verify("RSA-SHA512", Buffer.from(`${head}.${claims}`), createPublicKey(pem), Buffer.from(signature, "base64url"));
  if (!signed) return { error: "signature does not verify with the user's public key" };
  const now = Math.floor(nowMs / 1000);
  if (typeof payload.exp !== "number") return { error: "exp is required" };
  if (payload.exp < now - SKEW_S) return { error: "JWT expired" };
  if (payload.exp > now + MAX_EXP_AHEAD_S + SKEW_S) return { error: "exp is more than 5 minutes ahead" };
  return { username: payload.sub };
}

/** POST /login/pubkey/authenticate `{"token": jwt}` → `{"token", "name": "sessionToken"}`. */
export function pubkeyAuthenticate(ctx, env) {
  let body;
  try {
    body = JSON.parse(ctx.bodyText);
  } catch {
    return ctx.replyError(400, ["The body must be JSON {\"token\": \"<jwt>\"}"]);
  }
  const checked = checkJwt(isPlainObject(body) ? body.token : undefined, env.config.bots);
  if (checked.error) {
    env.signIn.refused += 1;
    return ctx.replyError(401, [`Invalid JWT: ${checked.error}`]);
  }
  const token = `mock-session-${randomBytes(12).toString("hex")}`;
  env.signIn.issued.add(token);
  env.signIn.count += 1;
  ctx.reply(200, { token, name: "sessionToken" });
}

/** Records the callback of a detach, for its status (failed when a site id starts with "fail"). */
export function recordCallbackJob(env, { callbackId, organizationId, sites, callback, url }) {
  env.callbackJobs.set(callbackId, {
    organizationId,
    createdAt: Date.now(),
    outcome: sites.some((s) => s.startsWith("fail")) ? "failed" : "completed",
    failedSites: sites.filter((s) => s.startsWith("fail")),
    webhook: {
      url,
      httpServer: { id: callback.httpServer?.id ?? null },
      payloadTemplate: { id: callback.payloadTemplate?.id ?? null },
    },
  });
}

/** What a callback's status is now: `new`, then `running`, then its outcome, one `callbackStepMs` apart. */
export function callbackStatus(job, stepMs, nowMs = Date.now()) {
  const elapsed = nowMs - job.createdAt;
  if (elapsed < stepMs) return "new";
  if (elapsed < 2 * stepMs) return "running";
  return job.outcome;
}

/** GET …/webhooks/callbacks/statuses/{callbackId}. */
export function getCallbackStatus(ctx, env, { organizationId, callbackId }) {
  const job = env.callbackJobs.get(callbackId);
  if (!job || job.organizationId !== organizationId) return ctx.replyError(404, [`Callback ${callbackId} not found`]);
  const status = callbackStatus(job, env.config.callbackStepMs);
  const done = status === "completed" || status === "failed";
  ctx.reply(200, {
    callbackId,
    status,
    errors: status === "failed" ? job.failedSites.map((s) => `Site ${s} could not be detached`) : [],
    createdBy: { adminId: "212406" },
    webhook: { ...job.webhook, sentAt: done ? new Date(job.createdAt + 2 * env.config.callbackStepMs).toISOString() : null },
    mockRevision: env.nextRevision(),
  });
}
