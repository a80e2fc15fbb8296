//! One HTTP attempt with gloo-net: send, read the whole body, and say how it ended.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortSignal, RequestRedirect, ResponseType};

use super::runtime::Attempt;

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The global `fetch` (a page, a worker and Node 18+ all have one), as gloo-net binds it.
    #[wasm_bindgen(js_name = fetch)]
    fn fetch(input: &str, init: &web_sys::RequestInit) -> js_sys::Promise;
}
use crate::core::request::{Operation, Request};

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
}

/// Sends `request` once, giving up after `timeout_ms` or when `signal` fires.
pub async fn send(
    request: &Request,
    signal: Option<&AbortSignal>,
    timeout_ms: f64,
) -> Result<Answer, Failure> {
    let attempt = Attempt::new(signal, timeout_ms);
    let result = exchange(request, &attempt.signal()).await;
    let timed_out = attempt.timed_out();
    attempt.done();
    result.map_err(|detail| {
        if signal.is_some_and(AbortSignal::aborted) {
            Failure::Aborted
        } else if timed_out {
            Failure::TimedOut
        } else {
            Failure::Network(detail)
        }
    })
}

async fn exchange(request: &Request, signal: &AbortSignal) -> Result<Answer, String> {
    let method = match request.operation {
        Operation::UpdatePrivateApplication => "PUT",
        Operation::DetachSites => "DELETE",
        Operation::UpdateApp => "POST",
    };
    // `fetch(url, init)` rather than gloo-net's `fetch(Request)`: Node's fetch copies a `Request`
    // it is given (body included), and gloo-net's builder makes a throwaway one besides; the three
    // copies cost about 0.25 ms a call. gloo-net reads the response.
    let headers = web_sys::Headers::new().map_err(describe_js)?;
    for (name, value) in request.headers() {
        headers.set(name, &value).map_err(describe_js)?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_headers(&headers);
    // Bytes, not a string: Node's fetch streams a `Request`'s string body in separate writes,
    // which made each call about 0.3 ms slower than a fetch with the same string.
    init.set_body(&js_sys::Uint8Array::from(request.body.as_bytes()));
    // Redirects are not followed: one to another host would carry the API key there.
    init.set_redirect(RequestRedirect::Manual);
    init.set_signal(Some(signal));
    let promise = fetch(&request.url, &init);
    let response = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(describe_js)?;
    let response = gloo_net::http::Response::from(response.unchecked_into::<web_sys::Response>());
    let status = if response.type_() == ResponseType::Opaqueredirect {
        0
    } else {
        response.status()
    };
    let retry_after = response.headers().get("retry-after");
    let body = response.text().await.map_err(describe)?;
    Ok(Answer {
        status,
        retry_after,
        body,
    })
}

fn describe(e: gloo_net::Error) -> String {
    e.to_string()
}

/// As gloo-net words a JS error: `name: message`.
fn describe_js(e: JsValue) -> String {
    match e.dyn_ref::<js_sys::Error>() {
        Some(e) => format!("{}: {}", String::from(e.name()), String::from(e.message())),
        None => "fetch failed".into(),
    }
}
