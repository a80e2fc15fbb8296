//! One HTTP attempt with gloo-net: send, read the whole body, and say how it ended.

use gloo_net::http::{Method, RequestBuilder};
use web_sys::{AbortSignal, RequestRedirect, ResponseType};

use super::runtime::Attempt;
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
    let response = builder
        .body(request.body.as_str())
        .map_err(describe)?
        .send()
        .await
        .map_err(describe)?;
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
