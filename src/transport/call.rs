//! A whole call: rate limit, attempts, retries with backoff or `Retry-After`, Meraki's shard
//! redirects, the caller's hooks, and the final error.

use std::cell::RefCell;

use wasm_bindgen::JsValue;
use web_sys::AbortSignal;

use super::attempt::{self, headers_object, Answer, Failure};
use super::limit::Limit;
use super::runtime::{sleep, Hooks};

use crate::core::error::{CallError, ErrorKind};
use crate::core::options::CallSettings;
use crate::core::portal::Extras;
use crate::core::redact;
use crate::core::redirect::{self, Scope};
use crate::core::request::Request;
use crate::core::response::{self, ApiFailure, FailureBody};
use crate::core::retry::{self, Attempt};

/// A successful call: what it resolves to, and what the relay passes back besides.
#[derive(Debug)]
pub struct Done {
    /// The body as `JSON.parse` gives it, or `{}` when it was empty.
    pub value: JsValue,
    /// The 2xx status it came with.
    pub status: u16,
    /// The body text as sent.
    pub body: String,
}

/// How a call reaches the server, besides the request itself. `Via::default()` is the global
/// `fetch`, no hooks, no redirects followed.
#[derive(Default)]
pub struct Via<'a> {
    /// The caller's `fetch` option (`undefined`: the global `fetch`).
    pub fetch: JsValue,
    /// The caller's `hooks` option.
    pub hooks: Option<&'a Hooks>,
    /// Meraki: which redirects to follow, and where the organization's shard is.
    pub redirects: Option<Redirects<'a>>,
    /// Requests this call sent before (Symphony's retry after a 401 goes on counting).
    pub sent: u32,
    /// The client's extra headers and credentials mode (`None`: none, fetch's
    /// `"same-origin"`).
    pub extras: Option<&'a Extras>,
}

/// Meraki's shard redirects for one organization.
#[derive(Clone, Copy)]
pub struct Redirects<'a> {
    /// Which `Location`s may be followed (from the client's base URL).
    pub scope: &'a Scope,
    /// The client's base URL.
    pub base_url: &'a str,
    /// The organization's shard origin, once a redirect named one: its calls start there.
    pub shard: &'a RefCell<Option<String>>,
}

/// How an attempt ended.
enum Ended {
    Done(Done),
    Failed(Attempt, ErrorKind),
    Aborted,
}

/// What one request came to: the attempt's end, or a redirect that is followed (to this URL).
enum Step {
    End(Ended),
    Follow(u16, String),
}

impl Ended {
    /// What `onResponse` reports: the status, and when no answer came (status 0), why.
    fn reported(&self) -> (u16, Option<&'static str>) {
        match self {
            Ended::Done(done) => (done.status, None),
            Ended::Failed(Attempt::Status(status, _), _) => (*status, None),
            Ended::Failed(Attempt::Network, _) => (0, Some("network")),
            Ended::Failed(Attempt::Timeout, _) => (0, Some("timeout")),
            Ended::Aborted => (0, Some("abort")),
        }
    }
}

/// Runs `request` until it succeeds, fails for good, or `signal` fires, and resolves to what the
/// 2xx answer holds: the body as `JSON.parse` gives it, or `{}` when it was empty.
///
/// `limit` is the organization's rate limit, if any (each attempt waits for a slot); `secrets`
/// are scrubbed from any error and from what hooks see. A followed redirect is a request of its
/// own (hooks see it, `attempts` counts it) within the same attempt: it takes no rate-limit slot
/// and is no retry.
pub async fn run(
    request: &Request,
    settings: CallSettings,
    signal: Option<&AbortSignal>,
    limit: Option<&Limit<'_>>,
    secrets: &[&str],
    via: &Via<'_>,
) -> Result<Done, CallError> {
    let operation = request.operation.id();
    let none = Extras::default();
    let extras = via.extras.unwrap_or(&none);
    let mut attempts = via.sent;
    let mut retries = 0;
    let fail = |kind, attempts| CallError {
        kind,
        operation,
        attempts,
    };
    loop {
        if let Some(limit) = limit {
            if limit.wait(signal).await.is_err() {
                return Err(fail(ErrorKind::Abort, attempts));
            }
        }
        if signal.is_some_and(AbortSignal::aborted) {
            return Err(fail(ErrorKind::Abort, attempts));
        }
        // An organization whose shard is known is called there directly.
        let shard = via.redirects.and_then(|r| r.shard.borrow().clone());
        let mut url = match shard {
            Some(shard) => redirect::rebase(&request.url, &shard),
            None => request.url.clone(),
        };
        let mut hops = 0;
        let (ended, started) = loop {
            attempts += 1;
            if let Some(hooks) = via.hooks {
                let headers = headers_object(request.shown_headers(&extras.headers));
                let shown = redact::text(&url, secrets);
                let method = request.operation.method();
                hooks.request(operation, method, &shown, &headers, attempts);
            }
            let started = now();
            let io = (&via.fetch, extras);
            let sent = attempt::send(request, &url, io, signal, settings.timeout_ms).await;
            let redirects = via.redirects.as_ref();
            let timeout = settings.timeout_ms;
            match step(request, sent, &url, hops, redirects, secrets, timeout) {
                Step::End(ended) => break (ended, started),
                Step::Follow(status, next) => {
                    if let Some(r) = redirects {
                        *r.shard.borrow_mut() = redirect::shard_of(&next, r.base_url);
                    }
                    report(
                        via.hooks,
                        operation,
                        (status, None),
                        started,
                        attempts,
                        None,
                    );
                    url = next;
                    hops += 1;
                }
            }
        };
        let reported = ended.reported();
        let (outcome, error) = match ended {
            Ended::Done(done) => {
                report(via.hooks, operation, reported, started, attempts, None);
                return Ok(done);
            }
            Ended::Aborted => {
                report(via.hooks, operation, reported, started, attempts, None);
                return Err(fail(ErrorKind::Abort, attempts));
            }
            Ended::Failed(outcome, error) => (outcome, error),
        };
        let random = js_sys::Math::random();
        let wait = retry::next_wait(outcome, retries, settings.max_retries, random);
        report(via.hooks, operation, reported, started, attempts, wait);
        let Some(wait) = wait else {
            return Err(fail(error, attempts));
        };
        retries += 1;
        if sleep(wait, signal).await.is_err() {
            return Err(fail(ErrorKind::Abort, attempts));
        }
    }
}

/// What one request's result means: success, a failure (retried or not by the caller), or a
/// redirect to follow (Meraki only, within the rules of [`redirect`]).
fn step(
    request: &Request,
    sent: Result<Answer, Failure>,
    url: &str,
    hops: u32,
    redirects: Option<&Redirects<'_>>,
    secrets: &[&str],
    timeout_ms: f64,
) -> Step {
    let answer = match sent {
        Ok(answer) => answer,
        Err(Failure::TooLarge(f)) => {
            let outcome = Attempt::Status(f.status, None);
            return Step::End(Ended::Failed(outcome, ErrorKind::Api(f)));
        }
        Err(Failure::Aborted) => return Step::End(Ended::Aborted),
        Err(Failure::TimedOut) => {
            return Step::End(Ended::Failed(
                Attempt::Timeout,
                ErrorKind::Timeout(timeout_ms),
            ))
        }
        Err(Failure::Network(detail)) => {
            let kind = ErrorKind::Network(redact::text(&detail, secrets));
            return Step::End(Ended::Failed(Attempt::Network, kind));
        }
    };
    let mut refused = None;
    if let Some(r) = redirects.filter(|_| redirect::is_redirect(answer.status)) {
        match r.scope.follow(url, answer.location.as_deref(), hops) {
            Ok(next) => return Step::Follow(answer.status, next),
            Err(reason) => refused = Some(reason),
        }
    }
    let retry_after = answer
        .retry_after
        .as_deref()
        .and_then(|v| retry::parse_retry_after(v, now()));
    let operation = request.operation;
    let status = answer.status;
    match response::read(status, &answer.body, retry_after)
        .and_then(|read| resolve(read, status, &answer.body))
    {
        Ok(value) => Step::End(Ended::Done(Done {
            value,
            status,
            body: answer.body,
        })),
        Err(mut failure) => {
            response::explain(operation, &mut failure);
            failure.messages.extend(refused.map(str::to_owned));
            scrub(&mut failure, secrets);
            let outcome = Attempt::Status(failure.status, failure.retry_after_ms);
            Step::End(Ended::Failed(outcome, ErrorKind::Api(failure)))
        }
    }
}

/// Scrubs what a server sent back of every secret.
fn scrub(failure: &mut ApiFailure, secrets: &[&str]) {
    failure
        .messages
        .iter_mut()
        .for_each(|m| *m = redact::text(m, secrets));
    match &mut failure.body {
        FailureBody::Json(t) => *t = redact::json(t, secrets),
        FailureBody::Text(t) => *t = redact::text(t, secrets),
    }
}

/// Tells `onResponse` how a request ended, `retry_in` when another attempt follows.
fn report(
    hooks: Option<&Hooks>,
    operation: &str,
    (status, missing): (u16, Option<&str>),
    started: f64,
    attempt: u32,
    retry_in: Option<f64>,
) {
    if let Some(hooks) = hooks {
        hooks.response(
            operation,
            status,
            now() - started,
            attempt,
            retry_in,
            missing,
        );
    }
}

/// The value a 2xx resolves to. The core has read the body as JSON already; `JSON.parse` builds
/// the JS value (every field and number as sent) and is the last word on what JSON is.
fn resolve(read: response::Answer, status: u16, body: &str) -> Result<JsValue, ApiFailure> {
    match read {
        response::Answer::Empty => Ok(js_sys::Object::new().into()),
        response::Answer::Json => {
            js_sys::JSON::parse(body).map_err(|_| response::not_json(status, body, None))
        }
    }
}

fn now() -> f64 {
    js_sys::Date::now()
}
