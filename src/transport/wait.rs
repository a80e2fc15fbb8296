//! Work bounded like an attempt: the caller's signal ends it, and so does the timeout. Used for
//! each HTTP attempt and for the caller's own promise (a session-token provider).

use std::future::Future;

use wasm_bindgen::JsValue;
use web_sys::AbortSignal;

use super::runtime::{race_abort, Attempt};

/// How bounded work ended without a value.
#[derive(Debug)]
pub enum Interrupted<E = JsValue> {
    /// The caller's signal fired.
    Aborted,
    /// `timeout_ms` passed first.
    TimedOut,
    /// The work failed on its own, with this error.
    Rejected(E),
}

/// Runs `work` with a signal that fires when `signal` does or after `timeout_ms`, and says which
/// of the two ended it when it fails. The timer and the listener are removed either way.
pub async fn bounded<T, E, F>(
    signal: Option<&AbortSignal>,
    timeout_ms: f64,
    work: impl FnOnce(AbortSignal) -> F,
) -> Result<T, Interrupted<E>>
where
    F: Future<Output = Result<T, E>>,
{
    let attempt = Attempt::new(signal, timeout_ms);
    let result = work(attempt.signal()).await;
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

/// Waits for `promise`, at most `timeout_ms`, and no longer than `signal` allows.
pub async fn within(
    promise: &js_sys::Promise,
    signal: Option<&AbortSignal>,
    timeout_ms: f64,
) -> Result<JsValue, Interrupted> {
    bounded(signal, timeout_ms, |s| async move {
        race_abort(promise, &s).await
    })
    .await
}
