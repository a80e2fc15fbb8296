//! The bodies the relay answers with when it refuses a call: each API's own error envelope, so
//! the page's client reads them as it reads the API's, plus `issues` on a 400, from which it
//! rebuilds the `ValidationError` it would have raised itself.

use serde::Serialize;

use super::Api;
use crate::core::error::validation_message;
use crate::core::report::ValidationIssue;

#[derive(Serialize)]
struct Meraki<'a> {
    errors: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issues: Option<&'a [ValidationIssue]>,
}

#[derive(Serialize)]
struct Symphony<'a> {
    code: u16,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    issues: Option<&'a [ValidationIssue]>,
}

/// `{"errors": [message]}` (Meraki) or `{"code": status, "message": message}` (Symphony).
pub fn error(api: Api, status: u16, message: &str) -> String {
    write(api, status, vec![message.to_owned()], None)
}

/// A 400 for `issues`: Meraki `{"errors": ["<path>: <message>", …], "issues": […]}` (an issue at
/// the root is its message alone), Symphony `{"code": 400, "message": "…", "issues": […]}` with
/// the message a `ValidationError` would have.
pub fn invalid(api: Api, issues: &[ValidationIssue]) -> String {
    let lines = match api {
        Api::Meraki => issues
            .iter()
            .map(|i| match i.path.as_str() {
                "" => i.message.clone(),
                path => format!("{path}: {}", i.message),
            })
            .collect(),
        Api::Symphony => vec![validation_message(issues)],
    };
    write(api, 400, lines, Some(issues))
}

fn write(
    api: Api,
    status: u16,
    messages: Vec<String>,
    issues: Option<&[ValidationIssue]>,
) -> String {
    let text = match api {
        Api::Meraki => serde_json::to_string(&Meraki {
            errors: messages,
            issues,
        }),
        Api::Symphony => serde_json::to_string(&Symphony {
            code: status,
            message: messages.join(" "),
            issues,
        }),
    };
    // Strings and numbers only: serializing cannot fail.
    text.unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::report::Path;

    #[test]
    fn each_api_in_its_own_envelope() {
        assert_eq!(
            error(Api::Meraki, 404, "No such route."),
            r#"{"errors":["No such route."]}"#
        );
        assert_eq!(
            error(Api::Symphony, 403, "Not allowed."),
            r#"{"code":403,"message":"Not allowed."}"#
        );
        let issues = [
            ValidationIssue::new(
                &Path::Root,
                "path-parameter",
                "id must be a non-empty string.",
            ),
            ValidationIssue::new(&Path::Root.key("name"), "required", "name is required."),
        ];
        assert_eq!(
            invalid(Api::Meraki, &issues),
            r#"{"errors":["id must be a non-empty string.","/name: name is required."],"issues":[{"path":"","code":"path-parameter","message":"id must be a non-empty string."},{"path":"/name","code":"required","message":"name is required."}]}"#
        );
        let symphony: serde_json::Value =
            serde_json::from_str(&invalid(Api::Symphony, &issues)).unwrap();
        assert_eq!(symphony["code"], 400);
        assert_eq!(symphony["message"], validation_message(&issues));
        assert_eq!(symphony["issues"][1]["code"], "required");
    }
}
