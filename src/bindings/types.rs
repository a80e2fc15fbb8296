//! TypeScript declarations that tsify cannot derive: call options (they hold an `AbortSignal`)
//! and the index signatures that say responses keep fields this version does not list.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS: &str = r#"
/** Options of one call; each overrides the client's setting for this call only. */
export interface CallOptions {
    /** Aborts the call: the request in flight, a retry wait, or its place in the rate-limit queue. Rejects with `AbortError`. */
    signal?: AbortSignal;
    /** Per-attempt timeout in milliseconds (the client's `timeoutMs` by default). */
    timeoutMs?: number;
    /** Retries after the first attempt (the client's `maxRetries` by default); 0 disables. */
    maxRetries?: number;
}

export interface PrivateApplication {
    /** A field this version of the package does not know, kept as the server sent it. */
    [field: string]: unknown;
}
"#;

#[wasm_bindgen(typescript_custom_section)]
const DETACH_TS: &str = r#"
export interface DetachSitesResult {
    /** A field this version of the package does not know, kept as the server sent it. */
    [field: string]: unknown;
}

export interface DetachSitesCallback {
    /**
     * Any other field, kept as sent: Meraki's general webhook fields (`version`, `alertId`,
     * `alertType`, `alertData`, `occurredAt`, …) or a custom payload template's. The fields
     * listed here are not checked either: after the secret matches, the payload is returned as
     * sent, so a template that changes a field's type is not refused.
     */
    [field: string]: unknown;
}

/** A fetch `Headers` instance where the project's lib or types declare one, else `never`. */
type HeadersInstance = typeof globalThis extends { Headers: { prototype: infer T } } ? T : never;

/**
 * The headers of the request that carried a webhook, for `verifyDetachSitesCallback`: a fetch
 * `Headers` object (`request.headers` in a fetch handler), anything iterable of `[name, value]`
 * pairs, or a plain object of header values as Node's `req.headers` is (a value may be an array
 * of strings). Only the values are compared with the secret; the names do not matter.
 */
export type CallbackHeaders =
    | HeadersInstance
    | Iterable<readonly [string, string]>
    | { readonly [name: string]: string | readonly string[] | undefined };
"#;

#[wasm_bindgen(typescript_custom_section)]
const SYMPHONY_TS: &str = r#"
export interface SymphonyClientOptions {
    /**
     * Returns a fresh session token: `rsaSessionTokenProvider(…)` for the usual bot sign-in
     * with an RSA key, or your own function.
     * Called before the first call (unless `sessionToken` is given) and once more whenever a
     * call meets a 401; that call is then retried once. Concurrent calls share one request.
     */
    sessionTokenProvider?: () => string | Promise<string>;
}
"#;

#[wasm_bindgen(typescript_custom_section)]
const IO_TS: &str = r#"
export interface MerakiClientOptions {
    /**
     * The `fetch` every request goes through (default: the global `fetch`): for a proxy, a
     * test double or tracing. Called as `fetch(url, init)` exactly as the built-in would be;
     * timeouts, `signal`, retries, redirects and the 8 MiB body cap apply to it as to the
     * built-in. A function that throws, or resolves to something that is not a Response, fails
     * the attempt as a `NetworkError`.
     */
    fetch?: FetchFunction;
    /** Observes every request and its answer (logging, tracing); see `ClientHooks`. */
    hooks?: ClientHooks;
}

export interface SymphonyClientOptions {
    /** The `fetch` every request goes through (default: the global `fetch`); see `MerakiClientOptions.fetch`. */
    fetch?: FetchFunction;
    /** Observes every request and its answer (logging, tracing); see `ClientHooks`. */
    hooks?: ClientHooks;
}

/** A `fetch` for the `fetch` option: `globalThis.fetch`, undici's, or your own wrapper of one. */
export type FetchFunction = (url: string, init: FetchInit) => Promise<FetchResponse>;

/** The second argument of a `fetch` option: exactly what the built-in `fetch` is given. */
export interface FetchInit {
    /** `PUT`, `DELETE`, `POST` or `GET`. */
    method: string;
    /**
     * The request's headers: the credential (`Authorization`, `X-Cisco-Meraki-API-Key` or
     * `sessionToken`; none for a client without one, nor on the RSA sign-in, whose body is the
     * credential), `Content-Type`, `Accept`, and the client's `headers` option.
     */
    headers: Record<string, string>;
    /**
     * The exact JSON body as UTF-8 bytes; absent on a `GET` (`getCallbackStatus`), which carries no body: a `Uint8Array` over an `ArrayBuffer` (spelt this way so
     * that it is `Uint8Array<ArrayBuffer>` from TypeScript 5.7, which the DOM's `RequestInit`
     * needs, and `Uint8Array` before).
     */
    body?: ReturnType<typeof Uint8Array.from>;
    /** Always `"manual"`: the client decides which redirects to follow. */
    redirect: "manual";
    /** The client's `credentials` option (default `"same-origin"`): whether a browser sends cookies. */
    credentials: "omit" | "same-origin" | "include";
    /** Fires on the call's `signal` or when the attempt times out. */
    signal: AbortSignal;
}

/**
 * What a `fetch` option resolves to: a `Response` (the global class, or undici's). Only these
 * members are read.
 */
export interface FetchResponse {
    /** The HTTP status. */
    readonly status: number;
    /** `"opaqueredirect"` for a redirect a browser hid (read as status 0). */
    readonly type?: string;
    /** The response headers (`retry-after`, `location`, `content-length` are read). */
    readonly headers: { get(name: string): string | null };
    /** The body stream, read up to 8 MiB. */
    readonly body: { getReader(): unknown } | null;
}

/**
 * The `hooks` option: called for every request a call sends (each retry, each followed
 * redirect), for logging and tracing. The credential and the values of the `headers` option are
 * masked as `***`, and the body left out.
 * The call does not wait for a hook; one that throws or rejects is ignored (reported once per
 * client with `console.warn`) and never fails the call. Without hooks nothing is logged.
 */
export interface ClientHooks {
    /** Called just before each request is sent (after any rate-limit wait). */
    onRequest?(info: RequestHookInfo): void;
    /** Called once for each `onRequest`, when its request ended: answered, or not (`error`). */
    onResponse?(info: ResponseHookInfo): void;
}

/** What `onRequest` is told. */
export interface RequestHookInfo {
    /** The API's operationId, e.g. `updateOrganizationSecureConnectPrivateApplication`. */
    operation: string;
    /** `PUT`, `DELETE` or `POST`. */
    method: string;
    /** The URL this request goes to (a Meraki shard's, after a redirect). */
    url: string;
    /** The headers sent, the credential masked (`Bearer ***` or `***`), and each value of the `headers` option as `***`. */
    headers: Record<string, string>;
    /** This request's number within the call, from 1: retries and followed redirects each count, as in the errors' `attempts`. */
    attempt: number;
}

/** What `onResponse` is told. */
export interface ResponseHookInfo {
    /** The API's operationId. */
    operation: string;
    /** The HTTP status; 0 when no answer came (see `error`) or a browser hid a redirect. */
    status: number;
    /** Milliseconds from sending the request to the end of its answer's body (or of the wait for it). */
    durationMs: number;
    /** The number of the request this answers, as in `onRequest`. */
    attempt: number;
    /** Present when the call retries: the wait, in milliseconds, before the next attempt. */
    retryInMs?: number;
    /** Present when no answer came: the network failed, the attempt timed out, or the call's signal fired. */
    error?: "network" | "timeout" | "abort";
}
"#;
