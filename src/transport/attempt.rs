//! One HTTP attempt with gloo-net: send, read the body up to a size cap, and say how it ended.

use gloo_net::http::Response;
use js_sys::Uint8Array;
use wasm_bindgen::{prelude::*, JsCast};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, RequestRedirect, ResponseType};

use super::runtime::read_body;
use super::wait::{bounded, Interrupted};
use crate::core::error::{response_too_large, MAX_RESPONSE_BYTES};
use crate::core::request::{Operation, Request};
use crate::core::response::ApiFailure;

/// What the server answered.
#[derive(Debug)]
pub struct Answer {
    /// HTTP status; 0 when a browser hid a redirect behind an opaque response.
    pub status: u16,
    /// The raw `Retry-After` header.
    pub retry_after: Option<String>,
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
    /// Anything else fetch rejected with (refused, reset, DNS, CORS).
    Network(String),
    /// The server answered, but with a body larger than [`MAX_RESPONSE_BYTES`]: not read.
    TooLarge(ApiFailure),
}

/// Sends `request` once, giving up after `timeout_ms` or when `signal` fires. The timeout
/// covers the body too, so a body that never ends ends with the attempt.
pub async fn send(
    request: &Request,
    signal: Option<&AbortSignal>,
    timeout_ms: f64,
) -> Result<Answer, Failure> {
    match bounded(signal, timeout_ms, |s| async move {
        exchange(request, &s).await
    })
    .await
    {
        Ok(answer) => answer,
        Err(Interrupted::Aborted) => Err(Failure::Aborted),
        Err(Interrupted::TimedOut) => Err(Failure::TimedOut),
        Err(Interrupted::Rejected(detail)) => Err(Failure::Network(detail)),
    }
}

/// `Err` when no answer came (the caller decides why); `Ok(Err(TooLarge))` for a refused body.
async fn exchange(
    request: &Request,
    signal: &AbortSignal,
) -> Result<Result<Answer, Failure>, String> {
    let method = match request.operation {
        Operation::UpdatePrivateApplication => "PUT",
        Operation::DetachSites => "DELETE",
        Operation::UpdateApp => "POST",
    };
    // `fetch(url, init)` rather than gloo-net's `fetch(Request)`: Node's fetch copies a `Request`
    // it is given, and gloo-net's builder makes a throwaway one besides; those copies cost about
    // 0.25 ms a call. gloo-net reads the response.
    // A plain object: fetch checks and copies it once, where a `Headers` is checked twice.
    let headers = js_sys::Object::new();
    for (name, value) in request.headers() {
        js_sys::Reflect::set(
            &headers,
            &JsValue::from_str(name),
            &JsValue::from_str(&value),
        )
        .map_err(describe)?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_headers(&headers);
    // Bytes, not a string: Node's fetch streams a string body of a `Request` in separate
    // writes, about 0.3 ms a call.
    init.set_body(&Uint8Array::from(request.body.as_bytes()));
    // Redirects are not followed: one to another host would carry the API key there.
    init.set_redirect(RequestRedirect::Manual);
    init.set_signal(Some(signal));
    let response = JsFuture::from(fetch(&request.url, &init))
        .await
        .map_err(describe)?;
    let response = Response::from(response.unchecked_into::<web_sys::Response>());
    let status = if response.type_() == ResponseType::Opaqueredirect {
        0
    } else {
        response.status()
    };
    let retry_after = response.headers().get("retry-after");
    let raw: web_sys::Response = response.into();
    // The body is read in JavaScript: chunks stay out of the module's memory until they are
    // known to fit under the cap, and one call costs less than a crossing per chunk.
    let body = read_body(&raw, signal, MAX_RESPONSE_BYTES as f64)
        .await
        .map_err(describe)?;
    Ok(match body.as_string() {
        Some(body) => Ok(Answer {
            status,
            retry_after,
            body,
        }),
        None => Err(Failure::TooLarge(response_too_large(status))),
    })
}

#[wasm_bindgen]
extern "C" {
    /// The global `fetch` (a page, a worker and Node 18+ all have one), bound as gloo-net does.
    #[wasm_bindgen(js_name = fetch)]
    fn fetch(input: &str, init: &web_sys::RequestInit) -> js_sys::Promise;
}

/// A JavaScript error (a stream or fetch failure) as text.
fn describe(error: JsValue) -> String {
    let text = |key: &str| {
        js_sys::Reflect::get(&error, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_string())
    };
    match (text("name"), text("message")) {
        (Some(name), Some(message)) => format!("{name}: {message}"),
        (_, Some(message)) => message,
        _ => "the response body could not be read".to_owned(),
    }
}
