//! One HTTP attempt with gloo-net: send, read the body up to a size cap, and say how it ended.

use gloo_net::http::{Method, RequestBuilder, Response};
use js_sys::Uint8Array;
use wasm_bindgen::{prelude::*, JsCast};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, RequestRedirect, ResponseType};

use super::runtime::{race_abort, Attempt};
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
        Operation::UpdatePrivateApplication => Method::PUT,
        Operation::DetachSites => Method::DELETE,
        Operation::UpdateApp => Method::POST,
    };
    // Redirects are not followed: one to another host would carry the API key there.
    let mut builder = RequestBuilder::new(&request.url)
        .method(method)
        .redirect(RequestRedirect::Manual)
        .abort_signal(Some(signal));
    for (name, value) in request.headers() {
        builder = builder.header(name, &value);
    }
    let raw: web_sys::Request = builder
        .body(request.body.as_str())
        .map_err(|e| e.to_string())?
        .into();
    // Held until the body is read: in Node, a `Request` that is garbage-collected while its
    // body streams stops following the signal (undici links them through a WeakRef), and the
    // timeout would then never end a body that never ends.
    // (`JsValue::clone`, a second reference: `Request::clone` would be the JS method.)
    let _alive: JsValue = AsRef::<JsValue>::as_ref(&raw).clone();
    let response = gloo_net::http::Request::from(raw)
        .send()
        .await
        .map_err(|e| e.to_string())?;
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
    /// A `ReadableStream` of the body (only the method used here).
    type BodyStream;
    #[wasm_bindgen(method, catch, js_name = getReader)]
    fn get_reader(this: &BodyStream) -> Result<BodyReader, JsValue>;

    type BodyReader;
    #[wasm_bindgen(method, catch)]
    fn read(this: &BodyReader) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn cancel(this: &BodyReader) -> Result<js_sys::Promise, JsValue>;

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
        let step: ReadResult = JsFuture::from(reader.read().map_err(describe)?)
            .await
            .map_err(describe)?
            .unchecked_into();
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
        if let Ok(cancelled) = reader.cancel() {
            let _ = race_abort(&cancelled, signal).await;
        }
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
