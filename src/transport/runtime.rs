//! Bindings to `js/runtime.js` (an abortable sleep, a per-attempt signal with a timeout, one
//! request through fetch) and `js/runtime.js` (the caller's hooks).

use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    /// Waits `ms`; rejects as soon as `signal` fires.
    #[wasm_bindgen(catch)]
    pub async fn sleep(ms: f64, signal: Option<&AbortSignal>) -> Result<JsValue, JsValue>;

    /// Settles like `promise`, or rejects with "abort" as soon as `signal` fires.
    #[wasm_bindgen(catch, js_name = raceAbort)]
    pub async fn race_abort(
        promise: &js_sys::Promise,
        signal: &AbortSignal,
    ) -> Result<JsValue, JsValue>;

    /// One request through `fetcher` (the caller's `fetch` option; the global `fetch` when it
    /// is not a function) with the fetch `credentials` mode and no body when `body` is `None`
    /// (a GET), bounded by `signal`, its body read up to `cap` bytes. Resolves to an
    /// [`Exchanged`]; rejects with "abort" when `signal` fires, or with the error of a fetch that
    /// failed or gave something that is not a Response.
    #[wasm_bindgen(catch)]
    pub async fn exchange(
        fetcher: &JsValue,
        url: &str,
        method: &str,
        headers: &js_sys::Object,
        body: Option<&js_sys::Uint8Array>,
        signal: &AbortSignal,
        cap: f64,
        credentials: &str,
    ) -> Result<JsValue, JsValue>;

    /// What [`exchange`] resolves to: a plain object of checked fields.
    pub type Exchanged;

    /// The status; 0 for a browser's opaque redirect.
    #[wasm_bindgen(method, getter)]
    pub fn status(this: &Exchanged) -> u16;

    /// The `Retry-After` header.
    #[wasm_bindgen(method, getter, js_name = retryAfter)]
    pub fn retry_after(this: &Exchanged) -> Option<String>;

    /// The `Location` header.
    #[wasm_bindgen(method, getter)]
    pub fn location(this: &Exchanged) -> Option<String>;

    /// The body as text, or `None` when it was over the cap (and not read).
    #[wasm_bindgen(method, getter)]
    pub fn body(this: &Exchanged) -> Option<String>;

    /// A signal for one attempt: fires on the caller's signal or after the timeout.
    pub type Attempt;

    #[wasm_bindgen(constructor)]
    pub fn new(signal: Option<&AbortSignal>, ms: f64) -> Attempt;

    #[wasm_bindgen(method, getter)]
    pub fn signal(this: &Attempt) -> AbortSignal;

    #[wasm_bindgen(method, js_name = timedOut)]
    pub fn timed_out(this: &Attempt) -> bool;

    #[wasm_bindgen(method)]
    pub fn done(this: &Attempt);
}

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    /// A client's `hooks` option. Its methods never throw: a hook's failure is swallowed there
    /// (and reported once with `console.warn`).
    pub type Hooks;

    /// The hooks of `target` (the `hooks` object, their `this`).
    #[wasm_bindgen(constructor)]
    pub fn new(
        target: &JsValue,
        on_request: Option<js_sys::Function>,
        on_response: Option<js_sys::Function>,
    ) -> Hooks;

    /// Calls `onRequest({ operation, method, url, headers, attempt })`.
    #[wasm_bindgen(method)]
    pub fn request(
        this: &Hooks,
        operation: &str,
        method: &str,
        url: &str,
        headers: &js_sys::Object,
        attempt: u32,
    );

    /// Calls `onResponse({ operation, status, durationMs, attempt, retryInMs?, error? })`.
    #[wasm_bindgen(method)]
    pub fn response(
        this: &Hooks,
        operation: &str,
        status: u16,
        duration_ms: f64,
        attempt: u32,
        retry_in_ms: Option<f64>,
        error: Option<&str>,
    );
}
