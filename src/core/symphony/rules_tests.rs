//! Tests of every rule in `rules.rs`: a passing and a breaking case each.

use super::*;
use crate::core::report::ValidationIssue;
use crate::core::testing::{self, pairs};
use serde_json::json;
use serde_json::Value;

/// The validator on a serde_json value, as the tests write them.
fn validate(v: &Value) -> ValidationReport {
    super::validate(&crate::core::testing::own(v))
}

fn assert_error(v: Value, path: &str, code: &str) -> ValidationIssue {
    testing::one_error(validate, &v, path, code)
        .errors
        .remove(0)
}

fn assert_warning(v: Value, path: &str, code: &str) -> ValidationIssue {
    testing::one_warning(validate, &v, path, code)
        .warnings
        .remove(0)
}

fn assert_clean(v: Value) {
    testing::clean(validate, &v)
}

use crate::core::testing::RSA_PUBLIC_KEY as KEY;
use crate::core::testing::{fixture, APPLICATION_DETAIL};

/// The page's sample values, with a real multi-line PEM where the page shows an escaped one.
fn sample() -> Value {
    fixture(APPLICATION_DETAIL)
}

/// `sample()` with the member at `pointer` set to `value` (an object parent must exist).
fn with(pointer: &str, value: Value) -> Value {
    let mut v = sample();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    v.pointer_mut(parent)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .insert(key.into(), value);
    v
}

fn without(pointer: &str) -> Value {
    let mut v = sample();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    v.pointer_mut(parent)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove(key);
    v
}

#[test]
fn the_sample_with_a_real_pem_is_valid() {
    assert_clean(sample());
    assert_clean(json!({}));
    let crlf = KEY.replace('\n', "\r\n");
    assert_clean(with("/cert", json!(crlf)));
}

#[path = "rules_pem_info_tests.rs"]
mod pem_info;

#[test]
fn permissions_have_the_documented_form() {
    let all: Vec<Value> = KNOWN_PERMISSIONS.iter().map(|p| json!(p)).collect();
    assert_clean(with("/permissions", Value::Array(all)));
    assert_clean(with(
        "/permissions",
        json!(["X", "A".repeat(64), "MY_APP_2"]),
    ));
    assert_clean(with("/permissions", json!([])));
    for bad in [
        json!(""),
        json!(" "),
        json!("A".repeat(65)),
        json!("send_messages"),
        json!("SEND-MESSAGES"),
        json!("SEND MESSAGES"),
        json!("ÉTAT"),
    ] {
        assert_error(
            with("/permissions", json!(["ACT_AS_USER", bad])),
            "/permissions/1",
            "permission-form",
        );
    }
    let issue = assert_error(
        with("/permissions", json!(["send_messages"])),
        "/permissions/0",
        "permission-form",
    );
    assert!(
        issue.message.contains("\"SEND_MESSAGES\""),
        "{}",
        issue.message
    );
    assert_error(
        with("/permissions", json!(["ACT_AS_USER", 3])),
        "/permissions/1",
        "type",
    );
    assert_error(
        with("/permissions", json!("ACT_AS_USER")),
        "/permissions",
        "type",
    );
}

#[test]
fn repeated_permissions_warn() {
    assert_warning(
        with(
            "/permissions",
            json!(["ACT_AS_USER", "TRUST_APP", "ACT_AS_USER"]),
        ),
        "/permissions/2",
        "duplicate",
    );
}

#[test]
fn key_actions_are_closed_lists() {
    for ok in ["SAVE", "REVOKE"] {
        assert_clean(with("/authenticationKeys/current/action", json!(ok)));
    }
    for ok in ["REVOKE", "EXTEND"] {
        assert_clean(with("/authenticationKeys/previous/action", json!(ok)));
    }
    for bad in ["EXTEND", "save", "DELETE", ""] {
        let pointer = "/authenticationKeys/current/action";
        let issue = assert_error(with(pointer, json!(bad)), pointer, "key-action");
        assert!(issue.message.contains("SAVE or REVOKE"));
    }
    for bad in ["SAVE", "extend"] {
        let pointer = "/authenticationKeys/previous/action";
        let issue = assert_error(with(pointer, json!(bad)), pointer, "key-action");
        assert!(issue.message.contains("REVOKE or EXTEND"));
    }
    assert_error(
        with("/authenticationKeys/previous/action", json!(true)),
        "/authenticationKeys/previous/action",
        "type",
    );
}

#[test]
fn expiration_date_is_a_safe_positive_integer() {
    let pointer = "/authenticationKeys/previous/expirationDate";
    for ok in [
        json!(1),
        json!(1700815176000i64),
        json!(9007199254740991i64),
        json!(1700815176000.0),
    ] {
        assert_clean(with(pointer, ok));
    }
    for bad in [
        json!(0),
        json!(-1700815176000i64),
        json!(9007199254740992i64),
        json!(u64::MAX),
        json!(1e300),
        json!(-0.0),
    ] {
        assert_error(with(pointer, bad), pointer, "expiration-date");
    }
    for bad in [
        json!("1700815176000"),
        json!(1700815176000.5),
        json!(true),
        json!([1]),
    ] {
        assert_error(with(pointer, bad), pointer, "type");
    }
    assert_clean(with(pointer, Value::Null));
}

#[test]
fn expiration_date_on_the_current_key_warns() {
    let pointer = "/authenticationKeys/current/expirationDate";
    assert_warning(
        with(pointer, json!(1700815176000i64)),
        pointer,
        "expiration-on-current",
    );
    // A bad value there is both: the warning and the error.
    let rep = validate(&with(pointer, json!(-5)));
    assert_eq!(pairs(&rep.errors), [(pointer, "expiration-date")]);
    assert_eq!(pairs(&rep.warnings), [(pointer, "expiration-on-current")]);
}

#[test]
fn property_keys_have_1_to_1024_characters_and_are_unique() {
    assert_clean(with(
        "/properties",
        json!([{"key": "é".repeat(1024), "value": "v"}]),
    ));
    assert_error(
        with(
            "/properties",
            json!([{"key": "é".repeat(1025), "value": "v"}]),
        ),
        "/properties/0/key",
        "property-key-length",
    );
    assert_error(
        with("/properties", json!([{"key": "", "value": "v"}])),
        "/properties/0/key",
        "property-key-length",
    );
    let issue = assert_error(
        with(
            "/properties",
            json!([{"key": "a", "value": "1"}, {"key": "b", "value": "2"}, {"key": "a", "value": "3"}]),
        ),
        "/properties/2/key",
        "property-key-duplicate",
    );
    assert!(issue.message.contains("\"a\""));
    // Keys are compared as written.
    assert_clean(with(
        "/properties",
        json!([{"key": "a", "value": ""}, {"key": "A", "value": ""}]),
    ));
}

#[test]
fn property_values_are_strings_up_to_4096_characters() {
    assert_clean(with(
        "/properties",
        json!([{"key": "k1", "value": "é".repeat(4096)}]),
    ));
    assert_clean(with("/properties", json!([{"key": "k1", "value": ""}])));
    assert_error(
        with(
            "/properties",
            json!([{"key": "k1", "value": "é".repeat(4097)}]),
        ),
        "/properties/0/value",
        "property-value-length",
    );
    let issue = assert_error(
        with("/properties", json!([{"key": "k1", "value": null}])),
        "/properties/0/value",
        "type",
    );
    assert!(issue.message.contains("\"\""));
    assert_error(
        with("/properties", json!([{"key": "k1"}])),
        "/properties/0",
        "required",
    );
    assert_error(
        with("/properties", json!([{"value": "v"}])),
        "/properties/0",
        "required",
    );
    assert_error(
        with("/properties", json!([{"key": "k1", "value": 5}])),
        "/properties/0/value",
        "type",
    );
    assert_error(
        with("/properties", json!(["k1=v"])),
        "/properties/0",
        "type",
    );
    assert_error(
        with("/properties", json!({"k1": "v"})),
        "/properties",
        "type",
    );
}

#[test]
fn secret_like_property_keys_warn_without_quoting_the_value() {
    for key in [
        "password",
        "DB_PASSWORD",
        "clientSecret",
        "authToken",
        "apiKey",
        "KEY",
    ] {
        let issue = assert_warning(
            with(
                "/properties",
                json!([{"key": key, "value": "hunter2-value"}]),
            ),
            "/properties/0/key",
            "property-secret-like",
        );
        assert!(!issue.message.contains("hunter2"), "{}", issue.message);
    }
    assert_clean(with(
        "/properties",
        json!([{"key": "theme", "value": "secret"}]),
    ));
}

#[test]
fn unknown_fields_warn_at_each_level() {
    for pointer in [
        "/iconURL",
        "/applicationInfo/appID",
        "/authenticationKeys/next",
        "/authenticationKeys/current/expiration",
        "/notification/apikey",
        "/properties/0/secret",
    ] {
        let mut v = sample();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        v.pointer_mut(parent)
            .unwrap()
            .as_object_mut()
            .unwrap()
            .insert(key.into(), json!("x"));
        assert_warning(v, pointer, "unknown-field");
    }
}

#[test]
fn wrong_types_and_null_as_absent() {
    for (pointer, bad) in [
        ("/description", json!(1)),
        ("/authenticationKeys", json!([])),
        ("/authenticationKeys/current", json!("key")),
        ("/notification", json!("https://x.com")),
        ("/notification/apiKey", json!(123)),
        ("/applicationInfo/publisher", json!({})),
        ("/properties", json!("a=b")),
    ] {
        assert_error(with(pointer, bad), pointer, "type");
    }
    for pointer in [
        "/applicationInfo",
        "/iconUrl",
        "/description",
        "/allowOrigins",
        "/permissions",
        "/cert",
        "/authenticationKeys",
        "/authenticationKeys/previous",
        "/authenticationKeys/current/key",
        "/notification",
        "/notification/apiKey",
        "/properties",
    ] {
        assert_clean(with(pointer, Value::Null));
    }
}

#[test]
fn a_non_object_root_is_a_type_error() {
    for v in [json!(null), json!([]), json!("x"), json!(1.5), json!(false)] {
        assert_error(v, "", "type");
    }
}

#[test]
fn several_issues_are_reported_at_once() {
    let v = json!({
        "applicationInfo": {"appId": "", "appUrl": "http://x.com"},
        "iconUrl": "icon.png",
        "permissions": ["ok_not", "TRUST_APP", "TRUST_APP"],
        "authenticationKeys": {"current": {"action": "EXTEND", "expirationDate": 1}},
        "properties": [{"key": "token", "value": null}],
        "colour": "blue"
    });
    let rep = validate(&v);
    assert_eq!(
        pairs(&rep.errors),
        [
            ("/applicationInfo/appId", "app-id-length"),
            ("/applicationInfo/appUrl", "https-url"),
            ("/iconUrl", "https-url"),
            ("/permissions/0", "permission-form"),
            ("/authenticationKeys/current/action", "key-action"),
            ("/properties/0/value", "type"),
        ]
    );
    assert_eq!(
        pairs(&rep.warnings),
        [
            ("/colour", "unknown-field"),
            ("/applicationInfo", "info-incomplete"),
            ("/permissions/2", "duplicate"),
            (
                "/authenticationKeys/current/expirationDate",
                "expiration-on-current"
            ),
            ("/properties/0/key", "property-secret-like"),
        ]
    );
}

#[test]
fn the_api_key_never_appears_in_a_message() {
    let secret = "notification-api-key-do-not-print";
    let v = json!({
        "notification": {"url": "http://x.com", "apiKey": secret, "apiKeys": secret},
        "properties": [{"key": "apiKey", "value": secret}, {"key": "apiKey", "value": secret}]
    });
    let rep = validate(&v);
    assert!(!rep.errors.is_empty() && !rep.warnings.is_empty());
    for issue in rep.errors.iter().chain(&rep.warnings) {
        assert!(!issue.message.contains(secret), "{issue:?}");
    }
}

#[test]
fn long_values_are_shortened_in_messages() {
    let long = format!("{}.com", "é".repeat(100));
    let issue = assert_warning(
        with("/allowOrigins", json!(long)),
        "/allowOrigins",
        "allow-origins-form",
    );
    assert!(
        issue.message.contains('…') && issue.message.chars().count() < 200,
        "{}",
        issue.message
    );
}

#[test]
fn codes_lists_every_code_emitted_here() {
    let listed: Vec<&str> = CODES.iter().map(|(c, _)| *c).collect();
    let emitted = [
        "type",
        "required",
        "unknown-field",
        "duplicate",
        "info-incomplete",
        "https-url",
        "app-id-length",
        "domain-mismatch",
        "allow-origins-form",
        "permission-form",
        "pem-form",
        "pem-escaped-newlines",
        "key-action",
        "expiration-date",
        "expiration-on-current",
        "property-key-length",
        "property-key-duplicate",
        "property-value-length",
        "property-secret-like",
    ];
    assert_eq!(listed, emitted);
    let warnings = crate::core::testing::warning_codes(CODES);
    assert_eq!(
        warnings,
        [
            "unknown-field",
            "duplicate",
            "info-incomplete",
            "allow-origins-form",
            "pem-escaped-newlines",
            "expiration-on-current",
            "property-secret-like"
        ]
    );
}

#[test]
fn never_panics_on_junk() {
    for v in [
        json!({"applicationInfo": {"appId": "x", "name": "n", "appUrl": "https://[::1]", "domain": "é"}}),
        json!({"applicationInfo": {"appId": "x", "name": "n", "appUrl": "https://é.com", "domain": "xé.com"}}),
        json!({"applicationInfo": {"appId": "x", "name": "n", "appUrl": "https://a.b", "domain": "a.b.c.d.e"}}),
        json!({"properties": [null, [], 1, {"key": null, "value": {}}]}),
        json!({"authenticationKeys": {"current": {"expirationDate": -9.2e18}, "previous": {"expirationDate": 9.3e18}}}),
        json!({"permissions": [null, {}, "\u{0}"], "allowOrigins": ",,,"}),
    ] {
        let _ = validate(&v);
    }
}

#[test]
fn the_notification_api_key_is_never_quoted_back() {
    let v = json!({"iconUrl": "https://k3y-value-1 x", "notification": {"url": "https://a.example.com/cb", "apiKey": "k3y-value-1"}});
    let rep = validate(&v);
    assert_eq!(pairs(&rep.errors), [("/iconUrl", "https-url")]);
    assert!(!format!("{rep:?}").contains("k3y-value-1"), "{rep:?}");
}
