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
     * Returns a fresh session token (for example by authenticating with the bot's RSA key).
     * Called before the first call (unless `sessionToken` is given) and once more whenever a
     * call meets a 401; that call is then retried once. Concurrent calls share one request.
     */
    sessionTokenProvider?: () => string | Promise<string>;
}
"#;
