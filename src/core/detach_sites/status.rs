//! The status of a detach's callback (`GET /organizations/{organizationId}/webhooks/callbacks/
//! statuses/{callbackId}`): how a script without a public HTTPS endpoint learns that a detach
//! finished. The detach answer's `callback.id` names it.

use crate::core::options::MerakiConfig;
use crate::core::report::ValidationIssue;
use crate::core::request::{segments, Operation, Request};

/// Checks both ids and builds the GET (no body).
pub fn build(
    config: &MerakiConfig,
    organization_id: &str,
    callback_id: &str,
) -> Result<Request, Vec<ValidationIssue>> {
    let [org, id] = segments(
        [
            ("organizationId", organization_id),
            ("callbackId", callback_id),
        ],
        Vec::new(),
    )?;
    Ok(Request {
        operation: Operation::GetCallbackStatus,
        url: format!(
            "{}/organizations/{org}/webhooks/callbacks/statuses/{id}",
            config.base_url
        ),
        body: String::new(),
        credential: config.credential.clone(),
    })
}

/// How often `waitForCallback` polls, by default (ms).
pub const DEFAULT_INTERVAL_MS: f64 = 2_000.0;
/// How long `waitForCallback` waits for a final status, by default: 10 minutes.
pub const DEFAULT_WAIT_MS: f64 = 600_000.0;
/// The longest a timer can wait in JavaScript (`setTimeout`'s limit).
const MAX_MS: f64 = 2_147_483_647.0;

/// Checks one of `waitForCallback`'s durations (`intervalMs`, `timeoutMs`): absent (`None`) is
/// `default`; otherwise a number of ms above 0 that a timer can wait. `Err` is the issue's message.
pub fn duration(name: &str, value: Option<f64>, default: f64) -> Result<f64, String> {
    match value {
        None => Ok(default),
        Some(ms) if ms > 0.0 && ms <= MAX_MS => Ok(ms),
        Some(_) => Err([
            name,
            " must be a number of milliseconds above 0 (at most 2147483647).",
        ]
        .concat()),
    }
}

/// Whether polling stops at this `status`: `completed` and `failed` are final (a failed callback
/// is an answer, not an error); `new`, `running` and anything unknown are not.
pub fn is_final(status: Option<&str>) -> bool {
    matches!(status, Some("completed" | "failed"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::options;
    use crate::core::testing::own;
    use serde_json::json;

    #[test]
    fn builds_a_get_without_a_body() {
        let config = options::meraki(&own(&json!({"apiKey": "k-1"}))).unwrap();
        let r = build(&config, "org/1", "1284392014819").unwrap();
        assert_eq!(r.operation.method(), "GET");
        assert_eq!(r.operation.id(), "getOrganizationWebhooksCallbacksStatus");
        assert_eq!(
            r.url,
            "https://api.meraki.com/api/v1/organizations/org%2F1/webhooks/callbacks/statuses/1284392014819"
        );
        assert_eq!(r.body, "");
        let shown = r.prepared();
        assert_eq!(shown.headers["Authorization"], "Bearer ***");
    }

    #[test]
    fn both_ids_are_checked_and_encoded() {
        let config = options::meraki(&own(&json!({"apiKey": "k-1"}))).unwrap();
        let e = build(&config, "..", "").unwrap_err();
        assert_eq!(e.len(), 2);
        assert!(e.iter().all(|i| i.code == "path-parameter"));
        assert!(e[1].message.contains("callbackId"), "{}", e[1].message);
        let r = build(&config, "1", "a/../b?c").unwrap();
        assert!(r.url.ends_with("/statuses/a%2F..%2Fb%3Fc"), "{}", r.url);
    }

    #[test]
    fn durations_have_defaults_and_limits() {
        assert_eq!(duration("intervalMs", None, 2_000.0), Ok(2_000.0));
        assert_eq!(duration("timeoutMs", Some(1.5), 600_000.0), Ok(1.5));
        assert_eq!(
            duration("t", Some(2_147_483_647.0), 1.0),
            Ok(2_147_483_647.0)
        );
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 2_147_483_648.0] {
            let e = duration("intervalMs", Some(bad), 1.0).unwrap_err();
            assert!(e.starts_with("intervalMs must be"), "{bad}: {e}");
        }
    }

    #[test]
    fn only_completed_and_failed_are_final() {
        assert!(is_final(Some("completed")) && is_final(Some("failed")));
        for other in [
            None,
            Some("new"),
            Some("running"),
            Some("Completed"),
            Some(""),
        ] {
            assert!(!is_final(other), "{other:?}");
        }
    }
}
