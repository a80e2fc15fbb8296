//! Building the detach request: a DELETE whose JSON body carries the sites and the callback.

use crate::core::json::Value;

use crate::core::options::MerakiConfig;
use crate::core::report::ValidationIssue;
use crate::core::request::{segments, Operation, Request};

/// Checks the arguments and body of a detach and builds its request.
/// `body` is the exact JSON text that will be sent; `value` is that text parsed.
pub fn build(
    config: &MerakiConfig,
    organization_id: &str,
    value: &Value,
    body: String,
) -> Result<Request, Vec<ValidationIssue>> {
    let [org] = segments(
        [("organizationId", organization_id)],
        super::rules::validate(value).errors,
    )?;
    Ok(Request {
        operation: Operation::DetachSites,
        url: format!(
            "{}/organizations/{org}/secureConnect/sites",
            config.base_url
        ),
        body,
        credential: config.credential.clone(),
    })
}

/// Where a detach body carries a secret.
pub const SECRETS: &[&str] = &["/callback/sharedSecret"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::options;
    use crate::core::redact;
    use crate::core::testing::own;
    use serde_json::json;

    #[test]
    fn builds_a_delete_with_the_body_as_given() {
        let config = options::meraki(&own(&json!({"apiKey": "k-1"}))).unwrap();
        let value = json!({"sites": ["1234567890"]});
        let r = build(&config, "org/1", &own(&value), value.to_string()).unwrap();
        assert_eq!(r.operation.method(), "DELETE");
        assert_eq!(
            r.url,
            "https://api.meraki.com/api/v1/organizations/org%2F1/secureConnect/sites"
        );
        assert_eq!(r.body, r#"{"sites":["1234567890"]}"#);
    }

    #[test]
    fn refuses_a_bad_body_or_org() {
        let config = options::meraki(&own(&json!({"apiKey": "k-1"}))).unwrap();
        let e = build(&config, "..", &own(&json!({"sites": []})), String::new()).unwrap_err();
        let codes: Vec<_> = e.iter().map(|i| i.code).collect();
        assert_eq!(codes, ["path-parameter", "empty-list"]);
    }

    #[test]
    fn finds_the_shared_secret() {
        assert_eq!(
            redact::found_owned(
                &own(&json!({"callback": {"sharedSecret": "s3cret"}})),
                SECRETS
            ),
            ["s3cret"]
        );
        assert!(
            redact::found_owned(&own(&json!({"callback": {"sharedSecret": ""}})), SECRETS)
                .is_empty()
        );
        assert!(redact::found_owned(&own(&json!({"sites": ["1"]})), SECRETS).is_empty());
    }
}
