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

    /// Cancels a body's reader without waiting, and without leaving a rejection unhandled.
    #[wasm_bindgen(js_name = cancelQuietly)]
    fn cancel_reader(reader: &JsValue);

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

/// Stops reading a response body (and so its download), whatever the reader is.
pub fn cancel_quietly(reader: &impl AsRef<JsValue>) {
    cancel_reader(reader.as_ref());
}
