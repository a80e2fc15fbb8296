//! A whole call: rate limit, attempts, retries with backoff or `Retry-After`, and the final error.

use std::cell::RefCell;

use wasm_bindgen::JsValue;
use web_sys::AbortSignal;

use super::attempt::{self, Failure};
use super::runtime::sleep;
use crate::core::error::{CallError, ErrorKind};
use crate::core::options::CallSettings;
use crate::core::rate_limit::TokenBucket;
use crate::core::redact;
use crate::core::request::Request;
use crate::core::response::{self, Answer, ApiFailure, FailureBody};
use crate::core::retry::{self, Attempt};

/// Runs `request` until it succeeds, fails for good, or `signal` fires, and resolves to what the
/// 2xx answer holds: the body as `JSON.parse` gives it, or `{}` when it was empty. (Only the
/// value: a struct that also carried the text, status and attempts cost 770 bytes of wasm.)
///
/// `bucket` is the organization's rate limit, if any; `secrets` are scrubbed from any error.
pub async fn run(
    request: &Request,
    settings: CallSettings,
    signal: Option<&AbortSignal>,
    bucket: Option<&RefCell<TokenBucket>>,
    secrets: &[&str],
) -> Result<JsValue, CallError> {
    let operation = request.operation.id();
    let mut attempts = 0u32;
    let fail = |kind, attempts| CallError {
        kind,
        operation,
        attempts,
    };
    loop {
        if let Some(bucket) = bucket {
            let wait = bucket.borrow_mut().reserve(now());
            if wait > 0.0 && sleep(wait, signal).await.is_err() {
                return Err(fail(ErrorKind::Abort, attempts));
            }
        }
        if signal.is_some_and(AbortSignal::aborted) {
            return Err(fail(ErrorKind::Abort, attempts));
        }
        attempts += 1;
        let (outcome, error) = match attempt::send(request, signal, settings.timeout_ms).await {
            Ok(answer) => {
                let retry_after = answer
                    .retry_after
                    .as_deref()
                    .and_then(|v| retry::parse_retry_after(v, now()));
                match response::read(answer.status, &answer.body, retry_after)
                    .and_then(|a| resolve(a, answer.status, &answer.body))
                {
                    Ok(value) => return Ok(value),
                    Err(mut failure) => {
                        response::explain(request.operation, &mut failure);
                        failure
                            .messages
                            .iter_mut()
                            .for_each(|m| *m = redact::text(m, secrets));
                        match &mut failure.body {
                            FailureBody::Json(t) => *t = redact::json(t, secrets),
                            FailureBody::Text(t) => *t = redact::text(t, secrets),
                        }
                        (
                            Attempt::Status(failure.status, failure.retry_after_ms),
                            ErrorKind::Api(failure),
                        )
                    }
                }
            }
            Err(Failure::TooLarge(f)) => (Attempt::Status(f.status, None), ErrorKind::Api(f)),
            Err(Failure::Aborted) => return Err(fail(ErrorKind::Abort, attempts)),
            Err(Failure::TimedOut) => (Attempt::Timeout, ErrorKind::Timeout(settings.timeout_ms)),
            Err(Failure::Network(detail)) => (
                Attempt::Network,
                ErrorKind::Network(redact::text(&detail, secrets)),
            ),
        };
        match retry::next_wait(
            outcome,
            attempts - 1,
            settings.max_retries,
            js_sys::Math::random(),
        ) {
            None => return Err(fail(error, attempts)),
            Some(wait) => {
                if sleep(wait, signal).await.is_err() {
                    return Err(fail(ErrorKind::Abort, attempts));
                }
            }
        }
    }
}

/// The value a 2xx resolves to. The core has read the body as JSON already; `JSON.parse` builds
/// the JS value (every field and number as sent) and is the last word on what JSON is.
fn resolve(answer: Answer, status: u16, body: &str) -> Result<JsValue, ApiFailure> {
    match answer {
        Answer::Empty => Ok(js_sys::Object::new().into()),
        Answer::Json => {
            js_sys::JSON::parse(body).map_err(|_| response::not_json(status, body, None))
        }
    }
}

fn now() -> f64 {
    js_sys::Date::now()
}
