//! Reading a response (rules.md, "Answers"). A 2xx means the server applied the change, so it
//! resolves whatever its body holds: the body as sent, or `{}` when there is none. Turning a 2xx
//! into an error would make a caller retry a change that was already made. Only two 2xx answers
//! are failures: a body that is nothing but an error envelope, and a body that is not JSON at all
//! (a proxy's HTML page). Every other status becomes an [`ApiFailure`] carrying what the server
//! said (Meraki's `errors`, Symphony's `message`).

use super::json::{self, Value};

use super::request::Operation;

/// The body of a failed response: JSON text when it was JSON, else the text.
#[derive(Debug, Clone, PartialEq)]
pub enum FailureBody {
    /// The body, which is JSON (handed to JS as parsed).
    Json(String),
    /// The body as text (not JSON, or empty).
    Text(String),
}

/// A response that is not a success: a status other than 2xx, or one of the two 2xx bodies that
/// are not results.
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

/// What a successful call resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// No body, or only white space (a 204, an empty 200 or 201): resolves to `{}`.
    Empty,
    /// JSON of any shape, resolved as sent (`JSON.parse` of the body): an object with fields of
    /// any type, known or not, and also an array, a string, a number or `null`.
    Json,
}

/// Reads a response with status `status` and text `body`; `retry_after_ms` is the already-parsed
/// `Retry-After` (see [`super::retry::parse_retry_after`]).
///
/// A body the core's reader stops short of — nested deeper than [`json::MAX_DEPTH`], or holding
/// half a surrogate pair (`"\ud800"`) — is still handed on as JSON: `JSON.parse` reads it (and
/// should it not, the transport fails the call with [`not_json`]). It is not checked for being
/// an error envelope.
pub fn read(status: u16, body: &str, retry_after_ms: Option<f64>) -> Result<Answer, ApiFailure> {
    let parsed = json::parse(body);
    if (200..300).contains(&status) {
        if body.trim_matches(JSON_SPACE).is_empty() {
            return Ok(Answer::Empty);
        }
        return match parsed {
            Ok(value) if is_error_envelope(&value) => {
                let mut messages = vec![format!(
                    "The server answered {status} with an error body instead of the result."
                )];
                messages.extend(messages_of(&value));
                Err(ApiFailure {
                    status,
                    messages,
                    body: FailureBody::Json(body.to_owned()),
                    retry_after_ms,
                })
            }
            Ok(_) | Err(json::Error::TooDeep | json::Error::LoneSurrogate) => Ok(Answer::Json),
            Err(json::Error::Syntax) => Err(not_json(status, body, retry_after_ms)),
        };
    }
    let (messages, body) = match parsed {
        Ok(value) => (messages_of(&value), FailureBody::Json(body.to_owned())),
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

/// The failure for a 2xx whose non-empty body is not JSON: an HTML page from a proxy, a
/// truncated answer. The text is kept as the error's `body`.
pub fn not_json(status: u16, body: &str, retry_after_ms: Option<f64>) -> ApiFailure {
    ApiFailure {
        status,
        messages: vec![format!(
            "The server answered {status} with a body that is not JSON."
        )],
        body: FailureBody::Text(body.to_owned()),
        retry_after_ms,
    }
}

/// JSON's white space (RFC 8259): what an empty body may hold and still be empty.
const JSON_SPACE: &[char] = &[' ', '\t', '\n', '\r'];

/// A body that is exactly an error envelope and nothing else: Meraki's `{"errors": [...]}`, or
/// Symphony's `{"code": <number>, "message": "<text>"}`. Any other member (a detach job's
/// `status` next to its `message`, a field a newer API adds) makes it a result. A repeated
/// member name counts once, as `JSON.parse` keeps only the last.
fn is_error_envelope(value: &Value) -> bool {
    let Value::Object(map) = value else {
        return false;
    };
    let only = |names: &[&str]| map.keys().all(|k| names.contains(&k));
    let meraki = only(&["errors"]) && map.get("errors").and_then(Value::as_array).is_some();
    let symphony = only(&["code", "message"])
        && matches!(map.get("code"), Some(Value::Number(_)))
        && map.get("message").and_then(Value::as_str).is_some();
    meraki || symphony
}

/// Adds what the API pages say about a failure of `operation` (Symphony's 403: the roles; a
/// refused RSA sign-in: that it was the sign-in, not the update, that failed).
pub fn explain(operation: Operation, failure: &mut ApiFailure) {
    if operation == Operation::PubkeyAuthenticate {
        let why = match failure.status {
            401 | 403 => " the pod refused the JWT signed with privateKey for this username: check the username and that the bot's public key on the pod pairs with this private key.",
            _ => " the pod's sign-in endpoint did not give a session token.",
        };
        failure
            .messages
            .push(["The Symphony sign-in failed (no update was sent):", why].concat());
    }
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
    use crate::core::testing::{OFFICIAL_DS_201, OFFICIAL_PA_200, OFFICIAL_SY_200};

    #[test]
    fn the_official_answers_resolve() {
        assert_eq!(read(200, OFFICIAL_PA_200, None), Ok(Answer::Json));
        assert_eq!(read(201, OFFICIAL_DS_201, None), Ok(Answer::Json));
        // `notification.apiKey: 123456` and a property `value: 4000`: numbers where the model
        // says string, and still the update was made.
        assert_eq!(read(200, OFFICIAL_SY_200, None), Ok(Answer::Json));
    }

    #[test]
    fn any_json_of_a_2xx_resolves_whatever_its_shape() {
        for body in [
            r#"{"name":"Jira","mockRevision":3}"#,
            r#"{"name": 5, "destinations": "all", "sslVerificationEnabled": "yes"}"#,
            "[1]",
            r#""done""#,
            "42",
            "null",
            "{}",
            // An envelope with anything else beside it is a result.
            r#"{"errors":["x"],"applicationId":"1"}"#,
            r#"{"status":"ok","message":"Done"}"#,
            r#"{"code":0,"message":"Done","appId":"a"}"#,
            // Shapes that merely resemble an envelope.
            r#"{"errors":"not a list"}"#,
            r#"{"message":"Done"}"#,
            r#"{"code":"200","message":"OK"}"#,
            r#"{"code":200,"message":null}"#,
        ] {
            for status in [200, 201, 202, 204, 299] {
                assert_eq!(
                    read(status, body, None),
                    Ok(Answer::Json),
                    "{status} {body}"
                );
            }
        }
        // What the core does not read but `JSON.parse` does: still JSON, for it to read.
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(read(200, &deep, None), Ok(Answer::Json));
        for lone in [r#"{"name":"\ud800"}"#, r#"["\udc00"]"#, r#""\ud800\u0041""#] {
            assert_eq!(read(200, lone, None), Ok(Answer::Json), "{lone}");
        }
    }

    #[test]
    fn an_empty_2xx_resolves_to_an_empty_object() {
        for body in ["", " ", "\r\n", "\t \n"] {
            for status in [200, 201, 204] {
                assert_eq!(
                    read(status, body, None),
                    Ok(Answer::Empty),
                    "{status} {body:?}"
                );
            }
        }
    }

    #[test]
    fn a_2xx_that_is_not_json_is_a_failure() {
        for body in [
            "<html><body>Gateway</body></html>",
            "OK",
            "{\"name\":",
            "\u{feff}{}",
        ] {
            let e = read(200, body, Some(5.0)).unwrap_err();
            assert_eq!(e.status, 200);
            assert_eq!(e.body, FailureBody::Text(body.into()));
            assert_eq!(
                e.messages,
                ["The server answered 200 with a body that is not JSON."]
            );
            assert_eq!(e.retry_after_ms, Some(5.0));
        }
    }

    #[test]
    fn a_2xx_that_is_only_an_error_envelope_is_a_failure() {
        let body = r#"{"errors":["Something went wrong"]}"#;
        let e = read(200, body, None).unwrap_err();
        assert_eq!(e.status, 200);
        assert_eq!(e.body, FailureBody::Json(body.into()));
        assert_eq!(
            e.messages,
            [
                "The server answered 200 with an error body instead of the result.",
                "Something went wrong"
            ]
        );
        let e = read(201, r#"{"errors":[]}"#, None).unwrap_err();
        assert_eq!(e.messages.len(), 1);
        let e = read(200, r#"{"code":500,"message":"Boom"}"#, None).unwrap_err();
        assert_eq!(e.messages[1], "Boom");
        let e = read(200, r#" {"message":"Boom","code":1} "#, None).unwrap_err();
        assert_eq!(e.messages[1], "Boom");
        // A repeated name counts once, as in `JSON.parse`.
        assert!(read(200, r#"{"errors":["a"],"errors":["b"]}"#, None).is_err());
    }

    #[test]
    fn a_symphony_403_names_the_roles() {
        let mut e = read(
            403,
            r#"{"code":403,"message":"Caller lacks necessary entitlement."}"#,
            None,
        )
        .unwrap_err();
        explain(Operation::UpdateApp, &mut e);
        assert_eq!(e.messages[0], "Caller lacks necessary entitlement.");
        assert!(e.messages[1]
            .contains("Super Administrator, Super Compliance Officer or User Provisioning"));
        let mut m = read(403, r#"{"errors":["Forbidden"]}"#, None).unwrap_err();
        explain(Operation::UpdatePrivateApplication, &mut m);
        assert_eq!(m.messages.len(), 1);
    }

    #[test]
    fn a_refused_sign_in_says_it_was_the_sign_in() {
        for status in [401, 403, 500] {
            let mut e = read(status, r#"{"code":401,"message":"Invalid JWT"}"#, None).unwrap_err();
            explain(Operation::PubkeyAuthenticate, &mut e);
            assert_eq!(e.messages[0], "Invalid JWT");
            assert!(
                e.messages[1].starts_with("The Symphony sign-in failed (no update was sent):"),
                "{}",
                e.messages[1]
            );
            assert_eq!(e.messages[1].contains("pairs with"), status != 500);
        }
    }

    #[test]
    fn meraki_and_symphony_error_bodies() {
        let e = read(400, r#"{"errors":["'name' is required","x"]}"#, None).unwrap_err();
        assert_eq!(e.messages, ["'name' is required", "x"]);
        let e = read(401, r#"{"code":401,"message":"Invalid session"}"#, None).unwrap_err();
        assert_eq!(e.messages, ["Invalid session"]);
        let e = read(502, "Bad gateway", Some(1000.0)).unwrap_err();
        assert_eq!(e.body, FailureBody::Text("Bad gateway".into()));
        assert!(e.messages[0].contains("502"));
        assert_eq!(e.retry_after_ms, Some(1000.0));
        // Not 2xx: an empty body is a failure too, with our own message.
        let e = read(500, "", None).unwrap_err();
        assert_eq!(
            e.messages,
            ["The server answered 500 (Internal Server Error)."]
        );
    }
}
