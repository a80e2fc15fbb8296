//! One error type for every call, mapped once at the JavaScript boundary to the five exported
//! classes (`ValidationError`, `ApiError`, `NetworkError`, `TimeoutError`, `AbortError`).

use super::relayed::RelayedIssue;
use super::report::ValidationIssue;
use super::response::{ApiFailure, FailureBody};

/// The most a response body may hold (8 MiB, after any decompression). Every answer the three
/// operations document is a few kilobytes; a larger body is refused unread rather than buffered.
pub const MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;

/// The failure for an answer with status `status` whose body exceeds [`MAX_RESPONSE_BYTES`]:
/// an `ApiError` with that status, an empty `body`, and retried only as its status would be.
pub fn response_too_large(status: u16) -> ApiFailure {
    ApiFailure {
        status,
        messages: vec![
            "The response body is larger than 8 MB, the most this client reads; it was not read."
                .to_owned(),
        ],
        body: FailureBody::Text(String::new()),
        retry_after_ms: None,
    }
}

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorKind {
    /// Input or options break a rule; nothing was sent.
    Validation(Vec<ValidationIssue>),
    /// A relay refused the call for the same rules (see [`super::relayed`]): a
    /// `ValidationError` with the issues the relay sent.
    Relayed(Vec<RelayedIssue>),
    /// The server answered with a non-2xx status, or a 2xx whose body is only an error envelope
    /// or is not JSON at all (see [`super::response::read`]).
    Api(ApiFailure),
    /// The request could not be completed (connection refused, reset, DNS, CORS).
    Network(String),
    /// An attempt ran past `timeoutMs` and no retry was left.
    Timeout(f64),
    /// The caller's signal fired.
    Abort,
}

/// A failed call: what went wrong, in which operation, after how many attempts.
#[derive(Debug, Clone, PartialEq)]
pub struct CallError {
    /// Why.
    pub kind: ErrorKind,
    /// The operationId.
    pub operation: &'static str,
    /// How many requests were sent (0 when validation stopped the call).
    pub attempts: u32,
}

impl CallError {
    /// A validation failure of `operation`.
    pub fn validation(operation: &'static str, issues: Vec<ValidationIssue>) -> Self {
        CallError {
            kind: ErrorKind::Validation(issues),
            operation,
            attempts: 0,
        }
    }

    /// The error's message: what happened, in one or two sentences, never a secret.
    pub fn message(&self) -> String {
        let tries = match self.attempts {
            1 => " (1 attempt)".to_owned(),
            n => format!(" ({n} attempts)"),
        };
        match &self.kind {
            ErrorKind::Validation(issues) => validation_message(issues),
            ErrorKind::Relayed(issues) => message_of(
                issues.len(),
                &mut issues.iter().map(|i| (i.path.as_str(), i.message.as_str())),
            ),
            ErrorKind::Api(f) => format!(
                "{} failed with HTTP {}: {}{tries}",
                self.operation,
                f.status,
                f.messages.join("; ")
            ),
            ErrorKind::Network(detail) => format!(
                "{} could not reach the server: {detail}{tries}",
                self.operation
            ),
            // Whole milliseconds: formatting an f64 would ship 17 KB of float printing to browsers.
            ErrorKind::Timeout(ms) => format!(
                "{} timed out: no answer within {} ms{tries}",
                self.operation,
                ms.ceil() as u64
            ),
            ErrorKind::Abort => format!(
                "{} was aborted by the caller's signal{tries}",
                self.operation
            ),
        }
    }
}

/// The message of a `ValidationError`: the count and the first issues with their paths.
pub fn validation_message(issues: &[ValidationIssue]) -> String {
    message_of(
        issues.len(),
        &mut issues.iter().map(|i| (i.path.as_str(), i.message.as_str())),
    )
}

/// [`validation_message`] of `count` `(path, message)` pairs, local or relayed (one copy of
/// this in the wasm, not one per kind of issue).
fn message_of<'a>(count: usize, issues: &mut dyn Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = match count {
        1 => "1 problem: ".to_owned(),
        n => format!("{n} problems: "),
    };
    for (i, (path, message)) in issues.take(3).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let at = if path.is_empty() { "(root)" } else { path };
        out.push_str(&format!("{at}: {message}"));
    }
    if count > 3 {
        out.push_str(&format!(" …and {} more (see .issues).", count - 3));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue(path: &str) -> ValidationIssue {
        ValidationIssue {
            path: path.into(),
            code: "type",
            message: "Bad.".into(),
        }
    }

    #[test]
    fn validation_message_names_paths_and_count() {
        assert_eq!(validation_message(&[issue("")]), "1 problem: (root): Bad.");
        let many: Vec<_> = (0..5).map(|i| issue(&format!("/a/{i}"))).collect();
        let m = validation_message(&many);
        assert!(m.starts_with("5 problems: /a/0: Bad. /a/1"), "{m}");
        assert!(m.ends_with("…and 2 more (see .issues)."), "{m}");
    }

    #[test]
    fn a_body_too_large_is_an_api_failure_with_its_status() {
        let f = response_too_large(200);
        assert_eq!(
            (f.status, &f.body, f.retry_after_ms),
            (200, &FailureBody::Text(String::new()), None)
        );
        let e = CallError {
            kind: ErrorKind::Api(f),
            operation: "updateApp",
            attempts: 1,
        };
        assert_eq!(
            e.message(),
            "updateApp failed with HTTP 200: The response body is larger than 8 MB, \
             the most this client reads; it was not read. (1 attempt)"
        );
    }

    #[test]
    fn messages_name_operation_and_attempts() {
        let e = CallError {
            kind: ErrorKind::Timeout(50.0),
            operation: "updateApp",
            attempts: 4,
        };
        assert_eq!(
            e.message(),
            "updateApp timed out: no answer within 50 ms (4 attempts)"
        );
        let e = CallError {
            kind: ErrorKind::Abort,
            operation: "updateApp",
            attempts: 1,
        };
        assert!(e.message().ends_with("(1 attempt)"));
    }
}
