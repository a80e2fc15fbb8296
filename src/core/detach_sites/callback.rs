//! The detach-sites webhook, as a receiver sees it: the core of `verifyDetachSitesCallback`.
//!
//! Meraki signs nothing: its default payload template sends the request's `sharedSecret` back as a
//! plain top-level field, and a receiver proves the call came from Meraki by comparing that field
//! with the secret it chose — in constant time, so the comparison does not reveal, by how long it
//! takes, how much of a guess was right. No issue message ever contains either secret.

use crate::core::json::Value;

use crate::core::fields::{as_object, Obj};
use crate::core::report::{Path, Reporter, ValidationIssue};

/// Every code [`verify`] can emit, with its meaning.
pub const CODES: &[(&str, &str)] = &[
    (
        "type",
        "The payload or one of its fields has another JSON type than the page gives.",
    ),
    (
        "shared-secret",
        "The payload's `sharedSecret` is missing or not the expected one (or the expected one is empty).",
    ),
];

/// Checks a callback payload's shape (that of [`DetachSitesCallback`](super::model::DetachSitesCallback))
/// and its top-level `sharedSecret` against `expected_secret`. The caller returns the payload
/// as it came, every field kept.
///
/// Unknown fields are allowed (a payload template may add some). An empty `expected_secret`
/// never verifies. On failure, every issue found is returned: shape problems and, at
/// `/sharedSecret`, a `shared-secret` issue when the secret is missing or wrong.
pub fn verify(payload: &Value, expected_secret: &str) -> Result<(), Vec<ValidationIssue>> {
    let mut r = Reporter::new();
    let root = Path::Root;
    let Some(o) = as_object(&mut r, &root, payload, "The callback payload") else {
        return Err(r.finish().errors);
    };
    check_shape(&mut r, &o);

    let secret_path = root.key("sharedSecret");
    match payload.get("sharedSecret") {
        Some(Value::String(given)) => {
            if expected_secret.is_empty() {
                r.error(
                    &secret_path,
                    "shared-secret",
                    "The expected shared secret is empty, so no payload can be verified: pass the secret you set in callback.sharedSecret.",
                );
            } else if !secrets_match(given.as_bytes(), expected_secret.as_bytes()) {
                r.error(
                    &secret_path,
                    "shared-secret",
                    "The payload's sharedSecret does not match the expected secret: the callback may not come from Meraki.",
                );
            }
        }
        Some(Value::Null) | None => r.error(
            &secret_path,
            "shared-secret",
            "The payload has no sharedSecret field: if your payload template moves the secret into a header, check that header instead.",
        ),
        Some(_) => r.error(
            &secret_path,
            "shared-secret",
            "The payload's sharedSecret must be a string.",
        ),
    }

    let report = r.finish();
    if report.valid {
        Ok(())
    } else {
        Err(report.errors)
    }
}

/// The documented fields have the documented types; `null` counts as absent.
fn check_shape(r: &mut Reporter, o: &Obj) {
    for key in ["organization", "network"] {
        o.with_object(r, key, false, |r, part| {
            part.string(r, "id", false);
            part.string(r, "name", false);
        });
    }
    o.string(r, "sentAt", false);
    o.string(r, "callbackId", false);
    o.with_object(r, "message", false, |r, message| {
        for key in ["action", "status", "message"] {
            message.string(r, key, false);
        }
        message.with_object(r, "request", false, |r, request| {
            request.string(r, "siteId", false);
        });
    });
}

/// Compares two secrets in time that depends only on the longer length: every byte position is
/// visited whatever differs, and a length difference is folded into the result rather than
/// returned early. An empty expected secret never matches.
fn secrets_match(given: &[u8], expected: &[u8]) -> bool {
    let longest = given.len().max(expected.len());
    let mut diff: u8 = 0;
    for i in 0..longest {
        let a = given.get(i).copied().unwrap_or(0);
        let b = expected.get(i).copied().unwrap_or(0);
        diff |= std::hint::black_box(a ^ b);
    }
    let length_diff = given.len() ^ expected.len();
    let differs = u64::from(diff) | length_diff as u64;
    std::hint::black_box(differs) == 0 && !expected.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::detach_sites::model::DetachSitesCallback;
    use crate::core::received::Received;
    use crate::core::testing::own;
    use crate::core::testing::{fixture, CALLBACK_PAYLOAD};
    use serde_json::json;
    use serde_json::Value;

    const SECRET: &str = "s3cr3t-shared-with-meraki";

    fn payload() -> Value {
        fixture(CALLBACK_PAYLOAD)
    }

    fn only_issue(result: Result<(), Vec<ValidationIssue>>) -> ValidationIssue {
        let issues = result.expect_err("should not verify");
        assert_eq!(issues.len(), 1, "{issues:?}");
        issues.into_iter().next().unwrap()
    }

    fn assert_secret_free(issue: &ValidationIssue, secrets: &[&str]) {
        for s in secrets {
            assert!(!issue.message.contains(s), "{issue:?}");
        }
    }

    #[test]
    fn a_good_payload_verifies_and_reads_as_the_model() {
        verify(&own(&payload()), SECRET).unwrap();
        let got: Received<DetachSitesCallback> = serde_json::from_value(payload()).unwrap();
        let known = &got.known;
        assert_eq!(known.callback_id.as_deref(), Some("1284392014819"));
        assert_eq!(
            known.organization.as_ref().unwrap().name.as_deref(),
            Some("My organization")
        );
        assert_eq!(
            known.network.as_ref().unwrap().id.as_deref(),
            Some("L_24329156")
        );
        let message = known.message.as_ref().unwrap();
        assert_eq!(message.status.as_deref(), Some("success"));
        assert_eq!(
            message.request.as_ref().unwrap().site_id.as_deref(),
            Some("1520758")
        );
        assert!(got.extra.is_empty());
    }

    #[test]
    fn unknown_fields_are_allowed_and_kept() {
        let mut p = payload();
        p["alertType"] = json!("Callback");
        p["message"]["jobId"] = json!(12);
        verify(&own(&p), SECRET).unwrap();
    }

    #[test]
    fn a_minimal_payload_verifies() {
        assert!(verify(&own(&json!({"sharedSecret": SECRET})), SECRET).is_ok());
        assert!(verify(
            &own(&json!({"sharedSecret": SECRET, "network": null})),
            SECRET
        )
        .is_ok());
    }

    #[test]
    fn a_wrong_secret_is_refused_without_quoting_either() {
        for wrong in [
            "s3cr3t-shared-with-merakI",
            "s3cr3t-shared-with-meraki-and-more",
            "s3cr3t",
            "",
            "x",
        ] {
            let mut p = payload();
            p["sharedSecret"] = json!(wrong);
            let issue = only_issue(verify(&own(&p), SECRET));
            assert_eq!(
                (issue.path.as_str(), issue.code),
                ("/sharedSecret", "shared-secret")
            );
            let shown: Vec<&str> = [wrong, SECRET]
                .into_iter()
                .filter(|s| s.len() > 1)
                .collect();
            assert_secret_free(&issue, &shown);
        }
    }

    #[test]
    fn a_missing_or_non_string_secret_is_refused() {
        for secret in [
            None,
            Some(Value::Null),
            Some(json!(1)),
            Some(json!([SECRET])),
        ] {
            let mut p = payload();
            let map = p.as_object_mut().unwrap();
            match secret {
                None => {
                    map.remove("sharedSecret");
                }
                Some(v) => {
                    map.insert("sharedSecret".into(), v);
                }
            }
            let issue = only_issue(verify(&own(&p), SECRET));
            assert_eq!(
                (issue.path.as_str(), issue.code),
                ("/sharedSecret", "shared-secret")
            );
            assert_secret_free(&issue, &[SECRET]);
        }
    }

    #[test]
    fn an_empty_expected_secret_never_verifies() {
        let mut p = payload();
        p["sharedSecret"] = json!("");
        let issue = only_issue(verify(&own(&p), ""));
        assert_eq!(
            (issue.path.as_str(), issue.code),
            ("/sharedSecret", "shared-secret")
        );
        assert!(issue.message.contains("empty"));
        assert!(verify(&own(&payload()), "").is_err());
    }

    #[test]
    fn a_wrong_shape_is_refused_with_every_issue() {
        let mut p = payload();
        p["organization"] = json!("My organization");
        p["network"]["id"] = json!(24329156);
        p["sentAt"] = json!(1720000000);
        p["callbackId"] = json!(true);
        p["message"]["status"] = json!({});
        p["message"]["request"]["siteId"] = json!(1520758);
        let issues = verify(&own(&p), SECRET).unwrap_err();
        let got: Vec<_> = issues.iter().map(|i| (i.path.as_str(), i.code)).collect();
        assert_eq!(
            got,
            [
                ("/organization", "type"),
                ("/network/id", "type"),
                ("/sentAt", "type"),
                ("/callbackId", "type"),
                ("/message/status", "type"),
                ("/message/request/siteId", "type"),
            ]
        );
        let mut p = payload();
        p["message"] = json!("done");
        let issue = only_issue(verify(&own(&p), SECRET));
        assert_eq!((issue.path.as_str(), issue.code), ("/message", "type"));
        let mut p = payload();
        p["message"]["request"] = json!(["1520758"]);
        let issue = only_issue(verify(&own(&p), SECRET));
        assert_eq!(
            (issue.path.as_str(), issue.code),
            ("/message/request", "type")
        );
    }

    #[test]
    fn shape_and_secret_issues_come_together() {
        let mut p = payload();
        p["callbackId"] = json!(5);
        p["sharedSecret"] = json!("guess");
        let issues = verify(&own(&p), SECRET).unwrap_err();
        let got: Vec<_> = issues.iter().map(|i| (i.path.as_str(), i.code)).collect();
        assert_eq!(
            got,
            [("/callbackId", "type"), ("/sharedSecret", "shared-secret")]
        );
    }

    #[test]
    fn a_non_object_payload_is_a_type_error() {
        for p in [json!(null), json!([SECRET]), json!(SECRET), json!(1)] {
            let issue = only_issue(verify(&own(&p), SECRET));
            assert_eq!((issue.path.as_str(), issue.code), ("", "type"));
            assert_secret_free(&issue, &[SECRET]);
        }
    }

    #[test]
    fn the_comparison_folds_length_and_content() {
        assert!(secrets_match(b"abc", b"abc"));
        assert!(!secrets_match(b"abd", b"abc"));
        assert!(!secrets_match(b"abc\0", b"abc"));
        assert!(!secrets_match(b"abc", b"abc\0"));
        assert!(!secrets_match(b"", b"abc"));
        assert!(!secrets_match(b"", b""));
        assert!(secrets_match("é€".as_bytes(), "é€".as_bytes()));
        assert!(!secrets_match(&[0; 4], &[0; 3]));
    }

    #[test]
    fn codes_lists_what_verify_emits() {
        let listed: Vec<&str> = CODES.iter().map(|(c, _)| *c).collect();
        assert_eq!(listed, ["type", "shared-secret"]);
    }
}
