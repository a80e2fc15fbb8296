//! Reading a response: a 2xx with the expected JSON is a success; anything else becomes an
//! [`ApiFailure`] carrying what the server said (Meraki's `errors`, Symphony's `message`).

use super::json::{self, Value};

use super::request::Operation;
use super::shape::{self, Shape};
use super::{detach_sites, private_app, symphony};

/// The body of a failed response: JSON text when it was JSON, else the text.
#[derive(Debug, Clone, PartialEq)]
pub enum FailureBody {
    /// The body, which is JSON (handed to JS as parsed).
    Json(String),
    /// The body as text (not JSON, or empty).
    Text(String),
}

/// A response that is not the success the operation expects.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiFailure {
    /// The HTTP status (0 when a browser hid a redirect).
    pub status: u16,
    /// The server's messages: Meraki's `errors`, Symphony's `message`, or one we wrote.
    pub messages: Vec<String>,
    /// What the server sent.
    pub body: FailureBody,
    /// The wait the server asked for, from `Retry-After`.
    pub retry_after_ms: Option<f64>,
}

/// Reads the response of `operation`: status `status`, text `body`.
///
/// A 2xx with a JSON object of the documented shape is a success (the caller hands its text to
/// `JSON.parse`, so every field is kept); `retry_after_ms` is the already-parsed `Retry-After` (see [`super::retry::parse_retry_after`]).
pub fn read(
    operation: Operation,
    status: u16,
    body: &str,
    retry_after_ms: Option<f64>,
) -> Result<(), ApiFailure> {
    let parsed = json::parse(body);
    let json_body = || FailureBody::Json(body.to_owned());
    if (200..300).contains(&status) {
        let failure = |messages: String, body| {
            Err(ApiFailure {
                status,
                messages: vec![messages],
                body,
                retry_after_ms,
            })
        };
        return match parsed {
            Ok(value @ Value::Object(_)) => match shape::check(&value, shape_of(operation)) {
                Ok(()) if is_error_body(&value, shape_of(operation)) => {
                    let mut messages = vec![format!(
                        "The server answered {status} with an error body instead of the result."
                    )];
                    messages.extend(messages_of(&value));
                    Err(ApiFailure {
                        status,
                        messages,
                        body: json_body(),
                        retry_after_ms,
                    })
                }
                Ok(()) => Ok(()),
                Err(e) => failure(format!("The server answered {status} but its JSON does not match the documented response: {e}."), json_body()),
            },
            Ok(_) => failure(format!("The server answered {status} with JSON that is not an object."), json_body()),
            Err(_) => failure(format!("The server answered {status} with a body that is not JSON."), FailureBody::Text(body.to_owned())),
        };
    }
    let (messages, body) = match parsed {
        Ok(value) => (messages_of(&value), json_body()),
        Err(_) => (Vec::new(), FailureBody::Text(body.to_owned())),
    };
    let messages = if messages.is_empty() {
        vec![default_message(status)]
    } else {
        messages
    };
    Err(ApiFailure {
        status,
        messages,
        body,
        retry_after_ms,
    })
}

/// A 2xx body that is an error envelope (Meraki's `errors`, Symphony's `message`) and holds none
/// of the fields the documented result has: what a proxy or a confused server sends with a 200.
fn is_error_body(value: &Value, shape: &Shape) -> bool {
    let Shape::Obj(fields) = shape else {
        return false;
    };
    !messages_of(value).is_empty()
        && fields
            .iter()
            .all(|(name, _)| value.get(name).is_none_or(Value::is_null))
}

fn shape_of(operation: Operation) -> &'static Shape {
    match operation {
        Operation::UpdatePrivateApplication => &private_app::model::PRIVATE_APPLICATION,
        Operation::DetachSites => &detach_sites::model::DETACH_SITES_RESULT,
        Operation::UpdateApp => &symphony::model::APPLICATION_DETAIL,
    }
}

/// Adds what the API pages say about a failure of `operation` (Symphony's 403: the roles).
pub fn explain(operation: Operation, failure: &mut ApiFailure) {
    if operation == Operation::UpdateApp && failure.status == 403 {
        failure.messages.push(
            "Updating an app requires the Super Administrator, Super Compliance Officer or User Provisioning role.".to_owned(),
        );
    }
}

/// Meraki's `{"errors": [...]}` or Symphony's `{"code": n, "message": "..."}`.
fn messages_of(value: &Value) -> Vec<String> {
    if let Some(errors) = value.get("errors").and_then(Value::as_array) {
        return errors
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
    }
    if let Some(message) = value.get("message").and_then(Value::as_str) {
        return vec![message.to_owned()];
    }
    Vec::new()
}

fn default_message(status: u16) -> String {
    let reason = match status {
        0 => "the browser refused to follow a redirect",
        300..=399 => {
            "a redirect, which is not followed (it could send the API key to another host)"
        }
        400 => "Bad Request",
        401 => "Unauthorized: the API key or session token was refused",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "an unexpected status",
    };
    format!("The server answered {status} ({reason}).")
}

#[cfg(test)]
mod tests {
    use super::*;
    const OP: Operation = Operation::UpdatePrivateApplication;

    #[test]
    fn success_allows_unknown_fields() {
        assert_eq!(
            read(OP, 200, r#"{"name":"Jira","mockRevision":3}"#, None),
            Ok(())
        );
    }

    #[test]
    fn a_2xx_that_is_not_the_model_is_a_failure() {
        let e = read(OP, 200, "<html>", None).unwrap_err();
        assert_eq!(
            (e.status, e.body.clone()),
            (200, FailureBody::Text("<html>".into()))
        );
        let e = read(OP, 200, "[1]", None).unwrap_err();
        assert!(e.messages[0].contains("not an object"));
        let e = read(OP, 201, r#"{"name": 5}"#, None).unwrap_err();
        assert!(e.messages[0].contains("does not match"), "{:?}", e.messages);
        let e = read(OP, 200, "", None).unwrap_err();
        assert!(e.messages[0].contains("not JSON"));
    }

    #[test]
    fn a_2xx_error_envelope_is_a_failure() {
        let e = read(OP, 200, r#"{"errors":["Something went wrong"]}"#, None).unwrap_err();
        assert_eq!(e.status, 200);
        assert_eq!(e.messages.len(), 2);
        assert!(e.messages[0].contains("error body"), "{:?}", e.messages);
        assert_eq!(e.messages[1], "Something went wrong");
        let app = Operation::UpdateApp;
        let e = read(app, 200, r#"{"code":500,"message":"Boom"}"#, None).unwrap_err();
        assert_eq!(e.messages[1], "Boom");
        // A result that has its own `message` field (a detach job) is a result.
        let detach = Operation::DetachSites;
        assert!(read(detach, 201, r#"{"status":"ok","message":"Done"}"#, None).is_ok());
        // An object without messages is not an envelope: unknown fields are kept.
        assert!(read(OP, 200, r#"{"mockRevision":1}"#, None).is_ok());
    }

    #[test]
    fn a_symphony_403_names_the_roles() {
        let mut e = read(
            OP,
            403,
            r#"{"code":403,"message":"Caller lacks necessary entitlement."}"#,
            None,
        )
        .unwrap_err();
        explain(Operation::UpdateApp, &mut e);
        assert_eq!(e.messages[0], "Caller lacks necessary entitlement.");
        assert!(e.messages[1]
            .contains("Super Administrator, Super Compliance Officer or User Provisioning"));
        let mut m = read(OP, 403, r#"{"errors":["Forbidden"]}"#, None).unwrap_err();
        explain(Operation::UpdatePrivateApplication, &mut m);
        assert_eq!(m.messages.len(), 1);
    }

    #[test]
    fn meraki_and_symphony_error_bodies() {
        let e = read(OP, 400, r#"{"errors":["'name' is required","x"]}"#, None).unwrap_err();
        assert_eq!(e.messages, ["'name' is required", "x"]);
        let e = read(OP, 401, r#"{"code":401,"message":"Invalid session"}"#, None).unwrap_err();
        assert_eq!(e.messages, ["Invalid session"]);
        let e = read(OP, 502, "Bad gateway", Some(1000.0)).unwrap_err();
        assert_eq!(e.body, FailureBody::Text("Bad gateway".into()));
        assert!(e.messages[0].contains("502"));
        assert_eq!(e.retry_after_ms, Some(1000.0));
    }
}
