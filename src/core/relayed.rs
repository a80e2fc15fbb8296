//! A relay's validation answer, read back on the page. The relay on a portal's server checks
//! each call again with the same rules and refuses a bad one with 400 and the API's own error
//! envelope plus the issues: Meraki `{"errors": ["<path>: <message>", …], "issues": […]}`,
//! Symphony `{"code": 400, "message": "…", "issues": […]}`. A client without a credential (the
//! relay's client) turns that answer back into the `ValidationError` it would have raised
//! itself. A real API never sends `issues`, and a client with a credential talks to the API,
//! so only a keyless client reads them; anything malformed stays the `ApiError` it was.

use super::error::{CallError, ErrorKind};
use super::json::{self, Value};
use super::redact;
use super::response::FailureBody;

/// Whose envelope the relay answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Envelope {
    /// `{"errors": [strings…], "issues": […]}`.
    Meraki,
    /// `{"code": 400, "message": "…", "issues": […]}`.
    Symphony,
}

/// One issue as the relay sent it. Its `code` is any string (a newer relay may know codes this
/// page does not), so it is owned, unlike a local issue's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelayedIssue {
    /// The JSON Pointer (`""` or starting with `/`).
    pub path: String,
    /// The issue's code.
    pub code: String,
    /// The issue's sentence.
    pub message: String,
}

/// The issues of a relay's validation answer: status 400, a JSON object with `envelope`'s own
/// members and a non-empty `issues` array of `{path, code, message}` strings (other members of
/// an issue are dropped). `None` for anything else.
pub fn issues(status: u16, body: &str, envelope: Envelope) -> Option<Vec<RelayedIssue>> {
    if status != 400 {
        return None;
    }
    let value = json::parse(body).ok()?;
    let own = match envelope {
        Envelope::Meraki => value
            .get("errors")?
            .as_array()?
            .iter()
            .all(|e| e.as_str().is_some()),
        Envelope::Symphony => {
            matches!(value.get("code"), Some(Value::Number(n)) if n.as_i64() == Some(400))
                && value.get("message")?.as_str().is_some()
        }
    };
    let items = value.get("issues")?.as_array()?;
    if !own || items.is_empty() {
        return None;
    }
    let mut issues = Vec::with_capacity(items.len());
    for item in items {
        let text = |key| item.get(key).and_then(Value::as_str).map(str::to_owned);
        let issue = RelayedIssue {
            path: text("path")?,
            code: text("code")?,
            message: text("message")?,
        };
        if !(issue.path.is_empty() || issue.path.starts_with('/')) || issue.code.is_empty() {
            return None;
        }
        issues.push(issue);
    }
    Some(issues)
}

/// `error` as a keyless client reports it: a relay's validation answer becomes a
/// `ValidationError` ([`ErrorKind::Relayed`]), scrubbed of `secrets`; anything else is returned
/// as it was.
pub fn validation(error: CallError, envelope: Envelope, secrets: &[&str]) -> CallError {
    let ErrorKind::Api(failure) = &error.kind else {
        return error;
    };
    let FailureBody::Json(body) = &failure.body else {
        return error;
    };
    match issues(failure.status, body, envelope) {
        Some(mut issues) => {
            for issue in &mut issues {
                issue.message = redact::text(&issue.message, secrets);
                issue.path = redact::text(&issue.path, secrets);
            }
            CallError {
                kind: ErrorKind::Relayed(issues),
                ..error
            }
        }
        None => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::response::read;

    const MERAKI: &str = r#"{"errors":["/name: The name is required."],"issues":[{"path":"/name","code":"required","message":"The name is required."}]}"#;
    const SYMPHONY: &str = r#"{"code":400,"message":"1 problem","issues":[{"path":"","code":"future-code","message":"M.","extra":1}]}"#;

    fn failed(status: u16, body: &str) -> CallError {
        CallError {
            kind: ErrorKind::Api(read(status, body, None).unwrap_err()),
            operation: "updateApp",
            attempts: 1,
        }
    }

    #[test]
    fn a_relay_400_with_issues_is_read_back_as_sent() {
        assert_eq!(
            issues(400, MERAKI, Envelope::Meraki).unwrap(),
            [RelayedIssue {
                path: "/name".into(),
                code: "required".into(),
                message: "The name is required.".into()
            }]
        );
        let got = issues(400, SYMPHONY, Envelope::Symphony).unwrap();
        assert_eq!(
            (got[0].path.as_str(), got[0].code.as_str()),
            ("", "future-code")
        );
        let e = validation(failed(400, MERAKI), Envelope::Meraki, &[]);
        assert!(
            matches!(&e.kind, ErrorKind::Relayed(i) if i.len() == 1),
            "{e:?}"
        );
        assert_eq!(e.message(), "1 problem: /name: The name is required.");
        assert_eq!((e.operation, e.attempts), ("updateApp", 1));
    }

    #[test]
    fn anything_else_stays_an_api_error() {
        let issue = r#"{"path":"/a","code":"c","message":"m"}"#;
        for (status, body, envelope) in [
            (422, MERAKI, Envelope::Meraki),
            (400, SYMPHONY, Envelope::Meraki),
            (400, MERAKI, Envelope::Symphony),
            (400, r#"{"errors":["x"]}"#, Envelope::Meraki),
            (400, r#"{"errors":["x"],"issues":[]}"#, Envelope::Meraki),
            (400, r#"{"errors":"x","issues":[ISSUE]}"#, Envelope::Meraki),
            (400, r#"{"errors":[1],"issues":[ISSUE]}"#, Envelope::Meraki),
            (400, r#"{"issues":[ISSUE]}"#, Envelope::Meraki),
            (
                400,
                r#"{"errors":[],"issues":{"0":ISSUE}}"#,
                Envelope::Meraki,
            ),
            (400, r#"{"errors":[],"issues":[ISSUE,5]}"#, Envelope::Meraki),
            (
                400,
                r#"{"errors":[],"issues":[{"path":"/a","code":"c"}]}"#,
                Envelope::Meraki,
            ),
            (
                400,
                r#"{"errors":[],"issues":[{"path":1,"code":"c","message":"m"}]}"#,
                Envelope::Meraki,
            ),
            (
                400,
                r#"{"errors":[],"issues":[{"path":"a","code":"c","message":"m"}]}"#,
                Envelope::Meraki,
            ),
            (
                400,
                r#"{"errors":[],"issues":[{"path":"","code":"","message":"m"}]}"#,
                Envelope::Meraki,
            ),
            (
                400,
                r#"{"code":"400","message":"m","issues":[ISSUE]}"#,
                Envelope::Symphony,
            ),
            (
                400,
                r#"{"code":401,"message":"m","issues":[ISSUE]}"#,
                Envelope::Symphony,
            ),
            (400, r#"{"code":400,"issues":[ISSUE]}"#, Envelope::Symphony),
            (400, "not json", Envelope::Meraki),
        ] {
            let body = body.replace("ISSUE", issue);
            assert_eq!(issues(status, &body, envelope), None, "{status} {body}");
            let e = validation(failed(status, &body), envelope, &[]);
            assert!(matches!(e.kind, ErrorKind::Api(_)), "{body}");
        }
        let other = CallError {
            kind: ErrorKind::Abort,
            operation: "updateApp",
            attempts: 0,
        };
        assert_eq!(validation(other.clone(), Envelope::Meraki, &[]), other);
    }

    #[test]
    fn secrets_are_scrubbed_from_relayed_issues() {
        let body = r#"{"code":400,"message":"m","issues":[{"path":"/x-csrf-sekrit","code":"c","message":"quoted csrf-sekrit"}]}"#;
        let e = validation(failed(400, body), Envelope::Symphony, &["csrf-sekrit"]);
        assert!(!format!("{e:?}").contains("sekrit"), "{e:?}");
    }
}
