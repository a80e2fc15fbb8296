//! Waiting for the caller's own promise (a session-token provider) under the same rules as an
//! attempt: the caller's signal ends the wait, and so does the timeout.

use wasm_bindgen::JsValue;
use web_sys::AbortSignal;

use super::runtime::{race_abort, Attempt};

/// How a bounded wait ended without a value.
#[derive(Debug)]
pub enum Interrupted {
    /// The caller's signal fired.
    Aborted,
    /// `timeout_ms` passed first.
    TimedOut,
    /// The promise rejected with this value.
    Rejected(JsValue),
}

/// Waits for `promise`, at most `timeout_ms`, and no longer than `signal` allows.
pub async fn within(
    promise: &js_sys::Promise,
    signal: Option<&AbortSignal>,
    timeout_ms: f64,
) -> Result<JsValue, Interrupted> {
    let attempt = Attempt::new(signal, timeout_ms);
    let result = race_abort(promise, &attempt.signal()).await;
    let timed_out = attempt.timed_out();
    attempt.done();
    result.map_err(|e| {
        if signal.is_some_and(AbortSignal::aborted) {
            Interrupted::Aborted
        } else if timed_out {
            Interrupted::TimedOut
        } else {
            Interrupted::Rejected(e)
        }
    })
}
