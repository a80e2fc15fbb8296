// The three mocked operations, checked the way the real APIs check them.
//
// Each handler gets `ctx` (the request: method, segments, headers, bodyText, and reply helpers that
// write the family's error shape) and `env` (the mock's configuration and services).

import { isJsonContentType, isPlainObject, parseJsonObject } from "./http.mjs";
import { getCallbackStatus, pubkeyAuthenticate, recordCallbackJob } from "./signin.mjs";

const CREATED_AT = "2021-12-13T16:07:07.222000Z"; // the API page's example value
const NO_ROLE_TOKEN = "no-role-token"; // a valid session whose user lacks the admin role

const ROUTES = [
  {
    method: "PUT",
    pattern: ["api", "v1", "organizations", ":organizationId", "secureConnect", "privateApplications", ":id"],
    handler: updatePrivateApplication,
  },
  {
    method: "DELETE",
    pattern: ["api", "v1", "organizations", ":organizationId", "secureConnect", "sites"],
    handler: detachSites,
  },
  {
    method: "POST",
    pattern: ["pod", "v1", "admin", "app", ":id", "update"],
    handler: updateApp,
  },
  {
    method: "GET",
    pattern: ["api", "v1", "organizations", ":organizationId", "webhooks", "callbacks", "statuses", ":callbackId"],
    handler: (ctx, env, params) => {
      if (!merakiAuthorized(ctx.headers, env.config.apiKey)) return ctx.replyError(401, ["Invalid API key"]);
      return getCallbackStatus(ctx, env, params);
    },
  },
  {
    method: "POST",
    pattern: ["login", "pubkey", "authenticate"],
    handler: pubkeyAuthenticate,
  },
];

/** Symphony paths (the pod's and its sign-in) answer errors as `{code, message}`; everything else the Meraki way. */
export function familyOf(segments) {
  return segments[0] === "pod" || segments[0] === "login" ? "symphony" : "meraki";
}

export function errorBody(family, status, messages) {
  return family === "symphony" ? { code: status, message: messages.join("; ") } : { errors: messages };
}

/** Meraki keys its rate limit by organization: the segment after /api/v1/organizations/. */
export function organizationIdOf(segments) {
  const [api, version, orgs, orgId] = segments;
  return api === "api" && version === "v1" && orgs === "organizations" && orgId ? orgId : null;
}

/** Dispatches an API request: 404 for unknown paths, 405 for a known path with another method. */
export async function routeApi(ctx, env) {
  const candidates = ROUTES.map((route) => ({ route, params: matchPattern(route.pattern, ctx.segments) }))
    .filter((c) => c.params);
  if (candidates.length === 0) return ctx.replyError(404, ["Not found"]);
  const hit = candidates.find((c) => c.route.method === ctx.method);
  if (!hit) {
    const allow = candidates.map((c) => c.route.method).join(", ");
    return ctx.replyError(405, [`Method ${ctx.method} not allowed; use ${allow}`], { allow });
  }
  return hit.route.handler(ctx, env, hit.params);
}

/** Returns the named parameters when every segment fits (parameters must be non-empty), else null. */
function matchPattern(pattern, segments) {
  if (pattern.length !== segments.length) return null;
  const params = {};
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i].startsWith(":")) {
      if (segments[i] === "") return null;
      params[pattern[i].slice(1)] = segments[i];
    } else if (pattern[i] !== segments[i]) {
      return null;
    }
  }
  return params;
}

// ---------------------------------------------------------------------------------------------
// Shared checks

function merakiAuthorized(headers, apiKey) {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers["authorization"] ?? "");
  return (bearer !== null && bearer[1] === apiKey) || headers["x-cisco-meraki-api-key"] === apiKey;
}

/**
 * Content-Type and JSON checks common to all three operations. `emptyErrors` is what an empty body
 * means for this operation. Returns the parsed object, or null after answering 400.
 */
function jsonBodyOrReply(ctx, emptyErrors) {
  if (ctx.bodyText.length === 0) {
    ctx.replyError(400, emptyErrors);
    return null;
  }
  if (!isJsonContentType(ctx.headers["content-type"])) {
    ctx.replyError(400, [`Content-Type must be application/json (got ${ctx.headers["content-type"] ?? "none"})`]);
    return null;
  }
  const parsed = parseJsonObject(ctx.bodyText);
  if (parsed.error) {
    ctx.replyError(400, [parsed.error]);
    return null;
  }
  return parsed.value;
}

const isMissing = (value) => value === undefined || value === null;
const nonEmptyString = (value) => typeof value === "string" && value.length > 0;

// ---------------------------------------------------------------------------------------------
// Meraki: PUT /organizations/{organizationId}/secureConnect/privateApplications/{id}

function updatePrivateApplication(ctx, env, { organizationId, id }) {
  if (!merakiAuthorized(ctx.headers, env.config.apiKey)) return ctx.replyError(401, ["Invalid API key"]);
  const body = jsonBodyOrReply(ctx, ["'name' is required", "'destinations' is required", "The request body is empty"]);
  if (!body) return;
  const errors = validatePrivateApplication(body);
  if (errors.length > 0) return ctx.replyError(400, errors);

  ctx.reply(200, {
    applicationId: id,
    ...body,
    // The API generates this from the name and organization, overriding what the caller sent.
    externalFQDN: `https://${slug(body.name)}-${organizationId}.ztna.ciscoplus.com`,
    createdAt: CREATED_AT,
    modifiedAt: new Date().toISOString(),
    // Not on the API page: lets tests check that the client keeps fields it does not know.
    mockRevision: env.nextRevision(),
  });
}

function validatePrivateApplication(body) {
  const errors = [];
  if (isMissing(body.name)) errors.push("'name' is required");
  else if (!nonEmptyString(body.name)) errors.push("'name' must be a non-empty string");
  if (isMissing(body.destinations)) errors.push("'destinations' is required");
  else if (!Array.isArray(body.destinations) || body.destinations.length === 0) {
    errors.push("'destinations' must be a non-empty array");
  }
  return errors;
}

function slug(name) {
  return name.toLowerCase().trim().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

// ---------------------------------------------------------------------------------------------
// Meraki: DELETE /organizations/{organizationId}/secureConnect/sites (JSON body on a DELETE)

function detachSites(ctx, env, { organizationId }) {
  if (!merakiAuthorized(ctx.headers, env.config.apiKey)) return ctx.replyError(401, ["Invalid API key"]);
  // A client that drops the DELETE body (as the official Python library does) lands here.
  const body = jsonBodyOrReply(ctx, ["'sites' is required", "The DELETE request has no body; 'sites' travels in a JSON body"]);
  if (!body) return;
  const errors = validateDetachSites(body);
  if (errors.length > 0) return ctx.replyError(400, errors);

  const job = () => ({
    action: "detach",
    status: "success",
    message: "Sites detached successfully",
    request: { siteId: body.sites[0] },
  });
  const result = job();
  const callback = body.callback;
  if (isPlainObject(callback)) {
    const callbackId = env.nextCallbackId();
    const url = callback.url ?? `https://receiver.example/webhooks/${callback.httpServer?.id}`;
    result.callback = { id: callbackId, url, status: "new" };
    recordCallbackJob(env, { callbackId, organizationId, sites: body.sites, callback, url });
    if (nonEmptyString(callback.url) && nonEmptyString(callback.sharedSecret)) {
      // Meraki's default template sends the secret as a plain field; a payload template can move
      // it into a header instead, as the mock's template HEADER_SECRET_TEMPLATE does.
      const inHeader = callback.payloadTemplate?.id === HEADER_SECRET_TEMPLATE;
      const payload = {
        organization: { id: organizationId, name: "Mock Org" },
        network: { id: "N_1", name: "Mock Network" },
        sentAt: null, // filled in when sent
        callbackId,
        sharedSecret: callback.sharedSecret,
        message: job(),
      };
      if (inHeader) delete payload.sharedSecret;
      env.scheduleCallback({
        callbackId,
        callbackUrl: callback.url,
        payload,
        headers: inHeader ? { "x-shared-secret": callback.sharedSecret } : {},
      });
    }
  }
  ctx.reply(201, result);
}

/** The mock's payload template that sends the callback's secret as header `x-shared-secret`. */
export const HEADER_SECRET_TEMPLATE = "wpt_mock_secret_header";

function validateDetachSites(body) {
  const errors = [];
  const { sites, callback } = body;
  if (isMissing(sites)) errors.push("'sites' is required");
  else if (!Array.isArray(sites) || sites.length === 0 || !sites.every((s) => typeof s === "string")) {
    errors.push("'sites' must be a non-empty array of strings");
  }
  if (!isMissing(callback)) {
    if (!isPlainObject(callback)) {
      errors.push("'callback' must be an object");
    } else {
      // The page: "include either an httpServerId OR url and sharedSecret" (its own example has all three).
      const hasServer = nonEmptyString(callback.httpServer?.id);
      const hasUrlAndSecret = nonEmptyString(callback.url) && nonEmptyString(callback.sharedSecret);
      if (!hasServer && !hasUrlAndSecret) {
        errors.push("'callback' needs either 'httpServer.id' or both 'url' and 'sharedSecret'");
      }
    }
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Symphony: POST /pod/v1/admin/app/{id}/update

function updateApp(ctx, env, { id }) {
  const token = ctx.headers["sessiontoken"];
  if (token === NO_ROLE_TOKEN) return ctx.replyError(403, ["Caller lacks necessary entitlement."]);
  if (!env.config.sessionTokens.includes(token) && !env.signIn.issued.has(token)) {
    return ctx.replyError(401, ["Invalid session"]);
  }
  const body = jsonBodyOrReply(ctx, ["The request body (ApplicationDetail) is required"]);
  if (!body) return;

  const detail = { ...body };
  detail.applicationInfo = isPlainObject(body.applicationInfo)
    ? { ...body.applicationInfo, appId: body.applicationInfo.appId ?? id }
    : { appId: id };
  if (isPlainObject(body.notification)) {
    // notification.apiKey is write-only: the pod never echoes it.
    const { apiKey: _writeOnly, ...notification } = body.notification;
    detail.notification = notification;
  }
  detail.mockRevision = env.nextRevision();
  ctx.reply(200, detail);
}
