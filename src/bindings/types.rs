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
    /** A field this version of the package does not know (a custom payload template's), kept as sent. */
    [field: string]: unknown;
}
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
