//! One HTTP request: sent through fetch (the caller's `fetch` option or the global one), the
//! body read up to a size cap, and how it ended.

use js_sys::Uint8Array;
use wasm_bindgen::{prelude::*, JsCast};
use web_sys::AbortSignal;

use super::runtime::{exchange, Exchanged};
use super::wait::{bounded, Interrupted};
use crate::core::error::{response_too_large, MAX_RESPONSE_BYTES};
use crate::core::portal::Extras;
use crate::core::request::Request;
use crate::core::response::ApiFailure;

/// What the server answered.
#[derive(Debug)]
pub struct Answer {
    /// HTTP status; 0 when a browser hid a redirect behind an opaque response.
    pub status: u16,
    /// The raw `Retry-After` header.
    pub retry_after: Option<String>,
    /// The raw `Location` header.
    pub location: Option<String>,
    /// The body text.
    pub body: String,
}

/// How an attempt failed to produce an answer.
#[derive(Debug)]
pub enum Failure {
    /// The caller's signal fired.
    Aborted,
    /// The attempt's timeout fired.
    TimedOut,
    /// Anything else fetch rejected with (refused, reset, DNS, CORS), or a caller's `fetch`
    /// that threw or gave something other than a Response.
    Network(String),
    /// The server answered, but with a body larger than [`MAX_RESPONSE_BYTES`]: not read.
    TooLarge(ApiFailure),
}

/// Sends `request` once to `url` through `fetch` (the global one when it is not a function),
/// with the client's `extras` (its extra headers and credentials mode), giving up after
/// `timeout_ms` or when `signal` fires. The timeout covers the body too, so a body that never
/// ends ends with the attempt.
pub async fn send(
    request: &Request,
    url: &str,
    (fetch, extras): (&JsValue, &Extras),
    signal: Option<&AbortSignal>,
    timeout_ms: f64,
) -> Result<Answer, Failure> {
    let sent = bounded(signal, timeout_ms, |s| async move {
        // `fetch(url, init)` with a plain object of headers and a byte body: Node's fetch
        // copies a `Request` it is given (about 0.25 ms a call), checks a `Headers` twice, and
        // streams a string body in separate writes (about 0.3 ms).
        let headers = headers_object(request.headers(&extras.headers));
        let method = request.operation.method();
        // fetch refuses any body on a GET, even an empty one.
        let body = (method != "GET").then(|| Uint8Array::from(request.body.as_bytes()));
        // The body is read in JavaScript: chunks stay out of the module's memory until they
        // are known to fit under the cap, and one call costs less than a crossing per chunk.
        let cap = MAX_RESPONSE_BYTES as f64;
        let credentials = extras.credentials.as_str();
        exchange(
            fetch,
            url,
            method,
            &headers,
            body.as_ref(),
            &s,
            cap,
            credentials,
        )
        .await
    })
    .await;
    let answer = match sent {
        Ok(answer) => answer.unchecked_into::<Exchanged>(),
        Err(Interrupted::Aborted) => return Err(Failure::Aborted),
        Err(Interrupted::TimedOut) => return Err(Failure::TimedOut),
        Err(Interrupted::Rejected(e)) => return Err(Failure::Network(describe(&e))),
    };
    let status = answer.status();
    match answer.body() {
        Some(body) => Ok(Answer {
            status,
            retry_after: answer.retry_after(),
            location: answer.location(),
            body,
        }),
        None => Err(Failure::TooLarge(response_too_large(status))),
    }
}

/// Headers as a plain object (what fetch copies fastest, and what a hook is shown).
pub fn headers_object(headers: Vec<(&str, String)>) -> js_sys::Object {
    let object = js_sys::Object::new();
    for (name, value) in headers {
        // Setting a data property of a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(
            &object,
            &JsValue::from_str(name),
            &JsValue::from_str(&value),
        );
    }
    object
}

/// A JavaScript error (a fetch or stream failure, or whatever a caller's `fetch` threw) as text.
/// Read through `Reflect.get`, which a hostile getter cannot turn into an exception here.
fn describe(error: &JsValue) -> String {
    if let Some(text) = error.as_string() {
        return text;
    }
    let text = |key: &str| {
        error
            .is_object()
            .then(|| js_sys::Reflect::get(error, &JsValue::from_str(key)).ok())
            .flatten()
            .and_then(|v| v.as_string())
    };
    match (text("name"), text("message")) {
        (Some(name), Some(message)) => format!("{name}: {message}"),
        (_, Some(message)) => message,
        _ => "fetch failed with something other than an Error".to_owned(),
    }
}
