//! Tests of the callback check: the secret from the body or a header, the payload taken as sent.

use super::*;
use crate::core::detach_sites::model::DetachSitesCallback;
use crate::core::received::Received;
use crate::core::testing::own;
use crate::core::testing::{fixture, CALLBACK_PAYLOAD, WEBHOOK_PAYLOAD};
use serde_json::json;
use serde_json::Value;

const SECRET: &str = "s3cr3t-shared-with-meraki";

fn payload() -> Value {
    fixture(CALLBACK_PAYLOAD)
}

fn without_secret(mut p: Value) -> Value {
    p.as_object_mut().unwrap().remove("sharedSecret");
    p
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
fn the_pages_callback_payload_verifies_and_reads_as_the_model() {
    verify(&own(&payload()), SECRET, None).unwrap();
    let got: Received<DetachSitesCallback> = serde_json::from_value(payload()).unwrap();
    let known = &got.known;
    assert_eq!(known.callback_id.as_deref(), Some("1284392014819"));
    assert_eq!(
        known.organization.as_ref().unwrap().name.as_deref(),
        Some("My organization")
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
fn merakis_general_webhook_format_verifies() {
    let webhook = fixture(WEBHOOK_PAYLOAD);
    assert_eq!(webhook["alertData"], json!({}));
    verify(&own(&webhook), SECRET, None).unwrap();
    verify(&own(&webhook), SECRET, Some(&["application/json"])).unwrap();
}

#[test]
fn the_secret_may_come_in_a_header() {
    let p = without_secret(payload());
    let headers = ["application/json", "Meraki", SECRET, "1024"];
    verify(&own(&p), SECRET, Some(&headers)).unwrap();
    verify(&own(&p), SECRET, Some(&[SECRET])).unwrap();
    // The body's field may then hold anything: the header's value is the proof.
    let mut p = payload();
    p["sharedSecret"] = json!("not it");
    verify(&own(&p), SECRET, Some(&headers)).unwrap();
    p["sharedSecret"] = json!(12);
    verify(&own(&p), SECRET, Some(&headers)).unwrap();
    // And a body that holds it needs no header to match.
    verify(&own(&payload()), SECRET, Some(&["x", "y"])).unwrap();
    verify(&own(&payload()), SECRET, Some(&[])).unwrap();
}

#[test]
fn a_wrong_secret_in_a_header_is_refused_without_quoting_either() {
    let p = without_secret(payload());
    let wrong = "s3cr3t-shared-with-merakI";
    for headers in [vec![wrong], vec!["application/json", wrong], vec![]] {
        let issue = only_issue(verify(&own(&p), SECRET, Some(&headers)));
        assert_eq!(
            (issue.path.as_str(), issue.code),
            ("/sharedSecret", "shared-secret")
        );
        assert!(issue.message.contains("headers"), "{}", issue.message);
        assert_secret_free(&issue, &[wrong, SECRET]);
    }
    // A header holding more than the secret, or the secret with a prefix, is not the secret.
    for header in [
        format!("{SECRET} "),
        format!("Bearer {SECRET}"),
        SECRET[1..].to_owned(),
    ] {
        let issue = only_issue(verify(&own(&p), SECRET, Some(&[header.as_str()])));
        assert_eq!(issue.code, "shared-secret");
    }
}

#[test]
fn fields_of_other_types_and_unknown_fields_are_accepted() {
    let mut p = payload();
    p["organization"] = json!("My organization");
    p["network"]["id"] = json!(24329156);
    p["sentAt"] = json!(1720000000);
    p["callbackId"] = json!(true);
    p["message"] = json!("done");
    p["alertType"] = json!("Callback");
    p["alertData"] = json!({"jobId": 12});
    verify(&own(&p), SECRET, None).unwrap();
    let mut webhook = fixture(WEBHOOK_PAYLOAD);
    webhook["networkTags"] = json!("a b");
    webhook["alertData"] = json!([1, 2]);
    webhook["version"] = json!(0.1);
    verify(&own(&webhook), SECRET, None).unwrap();
    assert!(verify(&own(&json!({"sharedSecret": SECRET})), SECRET, None).is_ok());
}

#[test]
fn a_wrong_secret_in_the_body_is_refused_without_quoting_either() {
    for wrong in [
        "s3cr3t-shared-with-merakI",
        "s3cr3t-shared-with-meraki-and-more",
        "s3cr3t",
        "",
        "x",
    ] {
        let mut p = payload();
        p["sharedSecret"] = json!(wrong);
        let issue = only_issue(verify(&own(&p), SECRET, None));
        assert_eq!(
            (issue.path.as_str(), issue.code),
            ("/sharedSecret", "shared-secret")
        );
        assert!(
            issue.message.contains("does not match"),
            "{}",
            issue.message
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
    let issue = only_issue(verify(&own(&without_secret(payload())), SECRET, None));
    assert_eq!(
        (issue.path.as_str(), issue.code),
        ("/sharedSecret", "shared-secret")
    );
    // Says where else the secret may be.
    assert!(issue.message.contains("header"), "{}", issue.message);
    for secret in [
        Value::Null,
        json!(1),
        json!([SECRET]),
        json!({"value": SECRET}),
    ] {
        let mut p = payload();
        p["sharedSecret"] = secret;
        let issue = only_issue(verify(&own(&p), SECRET, None));
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
    let issue = only_issue(verify(&own(&p), "", None));
    assert_eq!(
        (issue.path.as_str(), issue.code),
        ("/sharedSecret", "shared-secret")
    );
    assert!(issue.message.contains("empty"));
    assert!(verify(&own(&payload()), "", None).is_err());
    assert!(verify(&own(&p), "", Some(&[""])).is_err());
}

#[test]
fn a_non_object_payload_is_a_type_error() {
    for p in [json!(null), json!([SECRET]), json!(SECRET), json!(1)] {
        let issue = only_issue(verify(&own(&p), SECRET, Some(&[SECRET])));
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
