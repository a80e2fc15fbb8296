//! The vendors' official request examples (tests/fixtures/official/, copied from their specs) run
//! through the validators: the client must take what the real API takes. Each passes with no
//! error and exactly the warnings the rules name, except the examples' own two faults, which are
//! checked both ways: a PEM body shortened with "..." (`pem-form`; a real key written the same
//! way, with literal `\n`, passes with a `pem-escaped-newlines` warning) and numbers where the
//! schema says string (`type`; as strings they pass).
#![cfg(not(target_arch = "wasm32"))]

use app_admin_wasm::core::detach_sites::rules as detach_sites;
use app_admin_wasm::core::json;
use app_admin_wasm::core::private_app::rules as private_app;
use app_admin_wasm::core::report::{ValidationIssue, ValidationReport};
use app_admin_wasm::core::symphony::rules as symphony;
use serde_json::Value;

const PRIVATE_APP: &str = include_str!("fixtures/official/pa-request-example.json");
const DETACH_SITES: &str = include_str!("fixtures/official/ds-request-example.json");
const SYMPHONY_FROM_200: &str = include_str!("fixtures/official/sy-request-from-200-example.json");
const SYMPHONY_ASSEMBLED: &str =
    include_str!("fixtures/official/sy-request-assembled-from-schema-examples.json");
const RSA_PUBLIC_KEY: &str = include_str!("fixtures/rsa-public.pem");

fn run(validate: fn(&json::Value) -> ValidationReport, v: &Value) -> ValidationReport {
    let text = v.to_string();
    let report = validate(&json::parse(&text).expect("a fixture is JSON"));
    assert_eq!(report.valid, report.errors.is_empty());
    report
}

fn pairs(issues: &[ValidationIssue]) -> Vec<(&str, &str)> {
    issues.iter().map(|i| (i.path.as_str(), i.code)).collect()
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("a fixture is JSON")
}

/// The real key written as the examples write theirs: literal `\n` between the lines.
fn escaped_key() -> String {
    RSA_PUBLIC_KEY.trim_end().replace('\n', "\\n")
}

/// The examples' two faults mended: every elided PEM replaced with `key`, and the numbers the
/// schema types as strings (`AppProperty.value`, `notification.apiKey`) written as strings.
fn mend(v: &Value, key: &str) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = match v {
                        Value::String(s) if s.contains("-----BEGIN") && s.contains("...") => {
                            Value::String(key.to_owned())
                        }
                        Value::Number(n) if k == "value" || k == "apiKey" => {
                            Value::String(n.to_string())
                        }
                        other => mend(other, key),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| mend(v, key)).collect()),
        other => other.clone(),
    }
}

#[test]
fn the_private_application_example_passes_with_the_named_warnings() {
    let rep = run(private_app::validate, &parse(PRIVATE_APP));
    assert_eq!(pairs(&rep.errors), []);
    // rules.md: appProtocol and sni with no browser destination, and externalFQDN, warn.
    assert_eq!(
        pairs(&rep.warnings),
        [
            ("", "browser-only-field"),
            ("", "browser-only-field"),
            ("/externalFQDN", "server-generated"),
        ]
    );
}

#[test]
fn the_detach_example_passes_with_a_callback_choice_warning() {
    let rep = run(detach_sites::validate, &parse(DETACH_SITES));
    assert_eq!(pairs(&rep.errors), []);
    assert_eq!(pairs(&rep.warnings), [("/callback", "callback-choice")]);
    // Its shared secret is never quoted back.
    assert!(!rep.warnings[0].message.contains("\"secret\""));
}

#[test]
fn the_symphony_200_example_fails_only_on_its_own_faults() {
    let rep = run(symphony::validate, &parse(SYMPHONY_FROM_200));
    assert_eq!(
        pairs(&rep.errors),
        [
            ("/cert", "pem-form"),
            ("/notification/apiKey", "type"),
            ("/properties/0/value", "type"),
        ]
    );
    assert_eq!(pairs(&rep.warnings), []);
}

#[test]
fn the_symphony_200_example_mended_passes_with_an_escaped_pem_warning() {
    let rep = run(
        symphony::validate,
        &mend(&parse(SYMPHONY_FROM_200), &escaped_key()),
    );
    assert_eq!(pairs(&rep.errors), []);
    assert_eq!(pairs(&rep.warnings), [("/cert", "pem-escaped-newlines")]);
    // With real line breaks, nothing is left to say.
    let rep = run(
        symphony::validate,
        &mend(&parse(SYMPHONY_FROM_200), RSA_PUBLIC_KEY),
    );
    assert!(rep.valid && rep.warnings.is_empty(), "{rep:?}");
}

#[test]
fn the_assembled_symphony_example_fails_only_on_its_own_faults() {
    let rep = run(symphony::validate, &parse(SYMPHONY_ASSEMBLED));
    assert_eq!(
        pairs(&rep.errors),
        [
            ("/cert", "pem-form"),
            ("/authenticationKeys/current/key", "pem-form"),
            ("/properties/0/value", "type"),
        ]
    );
    // rules.md: an expirationDate on the current key warns.
    assert_eq!(
        pairs(&rep.warnings),
        [(
            "/authenticationKeys/current/expirationDate",
            "expiration-on-current"
        )]
    );
}

#[test]
fn the_assembled_symphony_example_mended_passes_with_the_named_warnings() {
    let rep = run(
        symphony::validate,
        &mend(&parse(SYMPHONY_ASSEMBLED), &escaped_key()),
    );
    assert_eq!(pairs(&rep.errors), []);
    assert_eq!(
        pairs(&rep.warnings),
        [
            ("/cert", "pem-escaped-newlines"),
            ("/authenticationKeys/current/key", "pem-escaped-newlines"),
            (
                "/authenticationKeys/current/expirationDate",
                "expiration-on-current"
            ),
        ]
    );
}

#[test]
fn the_fixtures_are_the_vendors_examples_unchanged() {
    // Spot checks that the copies still carry what makes them worth testing.
    assert!(PRIVATE_APP.contains("\"accessType\": \"network\""));
    let ds = parse(DETACH_SITES);
    assert!(ds["callback"]["httpServer"]["id"].is_string() && ds["callback"]["url"].is_string());
    for text in [SYMPHONY_FROM_200, SYMPHONY_ASSEMBLED] {
        let v = parse(text);
        assert!(v["cert"].as_str().unwrap().contains("\\n"));
        assert!(v["cert"].as_str().unwrap().contains("..."));
        assert!(v["properties"][0]["value"].is_number());
    }
}
