//! Bindings to `js/runtime.js`: an abortable sleep and a per-attempt signal with a timeout.

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

    /// The body of `response` as text (decoded as `Response.text()` does), or `null` when it
    /// holds more than `cap` bytes (the download is then cancelled). Rejects as soon as
    /// `signal` fires, cancelling the download.
    #[wasm_bindgen(catch, js_name = readBody)]
    pub async fn read_body(
        response: &web_sys::Response,
        signal: &AbortSignal,
        cap: f64,
    ) -> Result<JsValue, JsValue>;

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
