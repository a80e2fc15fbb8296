//! Building the update-app request: `POST {podUrl}/pod/v1/admin/app/{id}/update`.

use crate::core::json::Value;

use crate::core::report::ValidationIssue;
use crate::core::request::{segments, Credential, Operation, Request};

/// Checks the id and body of an update and builds its request with the session `token`.
/// `body` is the exact JSON text that will be sent; `value` is that text parsed.
pub fn build(
    pod_url: &str,
    token: &str,
    id: &str,
    value: &Value,
    body: String,
) -> Result<Request, Vec<ValidationIssue>> {
    let [id] = segments([("id", id)], super::rules::validate(value).errors)?;
    Ok(Request {
        operation: Operation::UpdateApp,
        url: format!("{pod_url}/pod/v1/admin/app/{id}/update"),
        body,
        credential: Credential::SessionToken(token.to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::redact;
    use crate::core::testing::own;
    use serde_json::json;

    #[test]
    fn builds_a_post_with_the_session_token() {
        let value = json!({"applicationInfo": {"appId": "my-app", "name": "My app"}});
        let r = build(
            "https://acme.symphony.com",
            "t-1",
            "my/app",
            &own(&value),
            value.to_string(),
        )
        .unwrap();
        assert_eq!(r.operation.method(), "POST");
        assert_eq!(
            r.url,
            "https://acme.symphony.com/pod/v1/admin/app/my%2Fapp/update"
        );
        assert_eq!(
            r.credential.header(),
            Some(("sessionToken", "t-1".to_owned()))
        );
        assert_eq!(r.prepared().headers["sessionToken"], "***");
    }

    #[test]
    fn refuses_a_bad_id_and_body_together() {
        let e = build(
            "https://p",
            "t",
            "..",
            &own(&json!({"iconUrl": "http://x"})),
            String::new(),
        )
        .unwrap_err();
        let codes: Vec<_> = e.iter().map(|i| i.code).collect();
        assert_eq!(codes, ["path-parameter", "https-url"]);
    }

    #[test]
    fn finds_the_notification_api_key() {
        assert_eq!(
            redact::found_owned(
                &own(&json!({"notification": {"apiKey": "k-9"}})),
                crate::core::symphony::rules::SECRETS
            ),
            ["k-9"]
        );
        assert!(
            redact::found_owned(&own(&json!({})), crate::core::symphony::rules::SECRETS).is_empty()
        );
    }
}
