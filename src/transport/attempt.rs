//! One HTTP attempt with gloo-net: send, read the body up to a size cap, and say how it ended.

use gloo_net::http::Response;
use js_sys::Uint8Array;
use wasm_bindgen::{prelude::*, JsCast};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, RequestRedirect, ResponseType};

use super::runtime::{cancel_quietly, race_abort, Attempt};
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
    })?
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
    let headers = web_sys::Headers::new().map_err(describe)?;
    for (name, value) in request.headers() {
        headers.set(name, &value).map_err(describe)?;
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
    Ok(match read_capped(&response, signal).await? {
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

    /// A `ReadableStream` of the body (only the method used here).
    type BodyStream;
    #[wasm_bindgen(method, catch, js_name = getReader)]
    fn get_reader(this: &BodyStream) -> Result<BodyReader, JsValue>;

    type BodyReader;
    #[wasm_bindgen(method, catch)]
    fn read(this: &BodyReader) -> Result<js_sys::Promise, JsValue>;

    /// What `read()` resolves to.
    type ReadResult;
    #[wasm_bindgen(method, getter)]
    fn done(this: &ReadResult) -> bool;
    #[wasm_bindgen(method, getter)]
    fn value(this: &ReadResult) -> JsValue;

    /// UTF-8 decoding exactly as `Response.text()` does it (BOM dropped, bad bytes replaced).
    type TextDecoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextDecoder;
    #[wasm_bindgen(method)]
    fn decode(this: &TextDecoder, bytes: &Uint8Array) -> String;
}

/// The body as text (decoded as `Response.text()` does), or
/// `None` when it holds more than [`MAX_RESPONSE_BYTES`]. Chunks wait in JavaScript until the
/// end, so a refused body never reaches (or grows) the module's memory; reading stops, and the
/// connection is cancelled, as soon as the cap is passed or `Content-Length` announces more.
async fn read_capped(response: &Response, signal: &AbortSignal) -> Result<Option<String>, String> {
    let Some(stream) = response.body() else {
        return Ok(Some(String::new()));
    };
    let reader = stream
        .unchecked_into::<BodyStream>()
        .get_reader()
        .map_err(describe)?;
    let announced = response
        .headers()
        .get("content-length")
        .and_then(|v| v.trim().parse::<u64>().ok());
    let chunks = js_sys::Array::new();
    let mut total = 0usize;
    let mut too_large = announced.is_some_and(|n| n > MAX_RESPONSE_BYTES as u64);
    while !too_large {
        // Each read races the attempt's signal: in Node the fetch's own `Request` can be
        // garbage-collected while its body streams, and then stops following the signal
        // (undici links them through a WeakRef), so a body that never ends would outlive the
        // timeout. Here the timeout always ends the read, and the download with it.
        let step: ReadResult = match race_abort(&reader.read().map_err(describe)?, signal).await {
            Ok(step) => step.unchecked_into(),
            Err(e) => {
                cancel_quietly(&reader);
                return Err(describe(e));
            }
        };
        if step.done() {
            break;
        }
        let chunk: Uint8Array = step
            .value()
            .dyn_into()
            .map_err(|_| "the response body stream gave a chunk that is not bytes".to_owned())?;
        total += chunk.length() as usize;
        too_large = total > MAX_RESPONSE_BYTES;
        chunks.push(&chunk);
    }
    if too_large {
        // Ends the download; a cancel that fails (or is slow: the attempt's timeout still
        // bounds it) changes nothing for the caller.
        cancel_quietly(&reader);
        return Ok(None);
    }
    let all = Uint8Array::new_with_length(total as u32);
    let mut at = 0;
    for chunk in chunks.iter() {
        let chunk: Uint8Array = chunk.unchecked_into();
        all.set(&chunk, at);
        at += chunk.length();
    }
    Ok(Some(TextDecoder::new().decode(&all)))
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
