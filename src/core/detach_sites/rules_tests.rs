//! Tests of every rule in `rules.rs`: a passing and a breaking case each.

use super::*;
use crate::core::testing::{self, pairs};
use serde_json::json;
use serde_json::Value;

/// The validator on a serde_json value, as the tests write them.
fn validate(v: &Value) -> ValidationReport {
    super::validate(&crate::core::testing::own(v))
}

fn assert_error(v: Value, path: &str, code: &str) -> ValidationReport {
    testing::one_error(validate, &v, path, code)
}

fn assert_warning(v: Value, path: &str, code: &str) {
    testing::one_warning(validate, &v, path, code);
}

fn assert_clean(v: Value) {
    testing::clean(validate, &v)
}

fn with_callback(cb: Value) -> Value {
    json!({"sites": ["1234567890"], "callback": cb})
}

const URL: &str = "https://webhook.site/28efa24e-f830-4d9f-a12b-fbb9e5035031";

#[test]
fn the_pages_example_sets_both_kinds_of_callback_and_passes_with_a_warning() {
    let example = testing::fixture(testing::DETACH_SITES_EXAMPLE);
    assert_eq!(example["callback"]["url"], URL);
    let rep = testing::one_warning(validate, &example, "/callback", "callback-choice");
    let msg = &rep.warnings[0].message;
    assert!(
        msg.contains("remove httpServer") && msg.contains("remove url and sharedSecret"),
        "{msg}"
    );
    assert!(!msg.contains("\"secret\""));
}

#[test]
fn each_kind_of_callback_alone_is_valid() {
    assert_clean(json!({"sites": ["1"]}));
    assert_clean(json!({"sites": ["1"], "callback": null}));
    assert_clean(with_callback(json!({"url": URL, "sharedSecret": "s"})));
    assert_clean(with_callback(json!({"httpServer": {"id": "abc"}})));
    assert_clean(with_callback(
        json!({"httpServer": {"id": "abc"}, "payloadTemplate": {"id": "wpt_00005"}}),
    ));
}

#[test]
fn empty_strings_count_as_blank() {
    // The page asks to leave url and sharedSecret blank when httpServer is used.
    assert_clean(with_callback(
        json!({"httpServer": {"id": "abc"}, "url": "", "sharedSecret": ""}),
    ));
    assert_clean(with_callback(
        json!({"httpServer": {"id": ""}, "url": URL, "sharedSecret": "s"}),
    ));
    assert_clean(with_callback(
        json!({"httpServer": null, "url": URL, "sharedSecret": "s"}),
    ));
    assert_clean(with_callback(
        json!({"httpServer": {"id": null}, "url": URL, "sharedSecret": "s"}),
    ));
}

#[test]
fn both_complete_kinds_are_a_choice_warning() {
    assert_warning(
        with_callback(json!({"httpServer": {"id": "abc"}, "url": URL, "sharedSecret": "s"})),
        "/callback",
        "callback-choice",
    );
}

#[test]
fn half_a_pair_next_to_http_server_is_still_incomplete() {
    let rep = assert_error(
        with_callback(json!({"httpServer": {"id": "abc"}, "url": URL})),
        "/callback",
        "callback-incomplete",
    );
    assert!(rep.errors[0].message.contains("remove url"));
    let rep = assert_error(
        with_callback(json!({"httpServer": {"id": "abc"}, "sharedSecret": "s"})),
        "/callback",
        "callback-incomplete",
    );
    assert!(rep.errors[0].message.contains("remove sharedSecret"));
}

#[test]
fn neither_kind_is_a_target_error() {
    let rep = assert_error(with_callback(json!({})), "/callback", "callback-target");
    assert!(rep.errors[0].message.contains("either"));
    assert_error(
        with_callback(json!({"payloadTemplate": {"id": "wpt_1"}})),
        "/callback",
        "callback-target",
    );
    assert_error(
        with_callback(json!({"url": "", "sharedSecret": ""})),
        "/callback",
        "callback-target",
    );
    let rep = assert_error(
        with_callback(json!({"httpServer": {"id": ""}})),
        "/callback",
        "callback-target",
    );
    assert!(rep.errors[0].message.contains("empty"));
}

#[test]
fn url_and_secret_go_together() {
    let rep = assert_error(
        with_callback(json!({"url": URL})),
        "/callback",
        "callback-incomplete",
    );
    assert!(rep.errors[0].message.contains("without \"sharedSecret\""));
    assert_error(
        with_callback(json!({"url": URL, "sharedSecret": ""})),
        "/callback",
        "callback-incomplete",
    );
    let rep = assert_error(
        with_callback(json!({"sharedSecret": "top-secret-value"})),
        "/callback",
        "callback-incomplete",
    );
    assert!(!rep.errors[0].message.contains("top-secret-value"));
    assert_error(
        with_callback(json!({"sharedSecret": "s", "url": null})),
        "/callback",
        "callback-incomplete",
    );
}

#[test]
fn callback_url_must_be_absolute_https() {
    for ok in [
        "https://example.com/hook",
        "HTTPS://example.com",
        "https://example.com:8443/a?b=c",
    ] {
        assert_clean(with_callback(json!({"url": ok, "sharedSecret": "s"})));
    }
    for bad in [
        "http://example.com/hook",
        "example.com/hook",
        "/hook",
        "https://",
        "https://exa mple.com",
        "ftp://example.com",
    ] {
        assert_error(
            with_callback(json!({"url": bad, "sharedSecret": "s"})),
            "/callback/url",
            "https-url",
        );
    }
}

#[test]
fn a_user_name_or_password_in_the_callback_url_is_a_warning() {
    for url in [
        "https://user:pw@example.com/hook",
        "https://user@example.com",
    ] {
        let v = with_callback(json!({"url": url, "sharedSecret": "s"}));
        let rep = testing::one_warning(validate, &v, "/callback/url", "url-credentials");
        assert!(
            !rep.warnings[0].message.contains("pw@"),
            "{:?}",
            rep.warnings
        );
    }
    // Still an error when it is not https.
    assert_error(
        with_callback(json!({"url": "http://user:pw@example.com", "sharedSecret": "s"})),
        "/callback/url",
        "https-url",
    );
}

#[test]
fn a_long_url_is_shortened_in_the_message_at_a_char_boundary() {
    let url = format!("ftp://{}", "é".repeat(200));
    let rep = assert_error(
        with_callback(json!({"url": url, "sharedSecret": "s"})),
        "/callback/url",
        "https-url",
    );
    let msg = &rep.errors[0].message;
    assert!(msg.contains('…') && msg.chars().count() < 200, "{msg}");
}

#[test]
fn payload_template_id_must_not_be_empty() {
    assert_error(
        with_callback(json!({"httpServer": {"id": "abc"}, "payloadTemplate": {"id": ""}})),
        "/callback/payloadTemplate/id",
        "empty-string",
    );
    assert_clean(with_callback(
        json!({"httpServer": {"id": "abc"}, "payloadTemplate": {}}),
    ));
    assert_clean(with_callback(
        json!({"httpServer": {"id": "abc"}, "payloadTemplate": {"id": null}}),
    ));
    assert_error(
        with_callback(json!({"httpServer": {"id": "abc"}, "payloadTemplate": {"id": 5}})),
        "/callback/payloadTemplate/id",
        "type",
    );
}

#[test]
fn sites_is_required_and_not_empty() {
    assert_error(json!({}), "", "required");
    assert_error(json!({"sites": null}), "", "required");
    assert_error(json!({"sites": []}), "/sites", "empty-list");
    assert_error(json!({"sites": "123"}), "/sites", "type");
    assert_error(json!({"sites": ["1", ""]}), "/sites/1", "empty-string");
    assert_error(json!({"sites": ["1", 2]}), "/sites/1", "type");
    assert_error(json!({"sites": [null]}), "/sites/0", "type");
}

#[test]
fn repeated_sites_warn() {
    assert_warning(json!({"sites": ["1", "2", "1"]}), "/sites/2", "duplicate");
    assert_clean(json!({"sites": ["1", "2", "3"]}));
}

#[test]
fn unknown_fields_warn_at_each_level() {
    assert_warning(
        json!({"sites": ["1"], "site": "x"}),
        "/site",
        "unknown-field",
    );
    assert_warning(
        with_callback(json!({"httpServer": {"id": "a"}, "sharedSecrets": "s"})),
        "/callback/sharedSecrets",
        "unknown-field",
    );
    assert_warning(
        with_callback(json!({"httpServer": {"id": "a", "name": "n"}})),
        "/callback/httpServer/name",
        "unknown-field",
    );
    assert_warning(
        with_callback(json!({"httpServer": {"id": "a"}, "payloadTemplate": {"id": "w", "x": 1}})),
        "/callback/payloadTemplate/x",
        "unknown-field",
    );
}

#[test]
fn wrong_types_are_reported_at_the_member() {
    assert_error(
        json!({"sites": ["1"], "callback": "https://x.com"}),
        "/callback",
        "type",
    );
    let rep = validate(&with_callback(
        json!({"url": 1, "sharedSecret": true, "httpServer": "abc", "payloadTemplate": []}),
    ));
    let errs = pairs(&rep.errors);
    for want in [
        ("/callback/url", "type"),
        ("/callback/sharedSecret", "type"),
        ("/callback/httpServer", "type"),
        ("/callback/payloadTemplate", "type"),
    ] {
        assert!(errs.contains(&want), "{want:?} not in {errs:?}");
    }
    assert_eq!(errs.len(), 4);
    // A mistyped member does not also raise a guess about which kind of callback was meant.
    assert_error(
        with_callback(json!({"url": ["https://x.com"], "sharedSecret": "s"})),
        "/callback/url",
        "type",
    );
    assert_error(
        with_callback(json!({"httpServer": {"id": 7}})),
        "/callback/httpServer/id",
        "type",
    );
}

#[test]
fn a_non_object_root_is_a_type_error() {
    for v in [json!(null), json!([]), json!("x"), json!(1), json!(true)] {
        assert_error(v, "", "type");
    }
}

#[test]
fn several_issues_are_reported_at_once() {
    let rep = validate(&json!({
        "sites": ["", "a", "a"],
        "callback": {"url": "http://x.com", "sharedSecret": "s", "httpServer": {"id": "h"}, "extra": 1}
    }));
    assert_eq!(
        pairs(&rep.errors),
        [("/sites/0", "empty-string"), ("/callback/url", "https-url"),]
    );
    assert_eq!(
        pairs(&rep.warnings),
        [
            ("/sites/2", "duplicate"),
            ("/callback/extra", "unknown-field"),
            ("/callback", "callback-choice"),
        ]
    );
}

#[test]
fn the_shared_secret_never_appears_in_a_message() {
    let secret = "s3cr3t-do-not-print";
    for cb in [
        json!({"sharedSecret": secret}),
        json!({"sharedSecret": secret, "httpServer": {"id": "h"}}),
        json!({"sharedSecret": secret, "url": "http://x.com"}),
        json!({"sharedSecret": secret, "url": "x"}),
    ] {
        let rep = validate(&with_callback(cb));
        assert!(!rep.errors.is_empty());
        for issue in rep.errors.iter().chain(&rep.warnings) {
            assert!(!issue.message.contains(secret), "{issue:?}");
        }
    }
}

#[test]
fn codes_lists_every_code_emitted_here() {
    let listed: Vec<&str> = CODES.iter().map(|(c, _)| *c).collect();
    for code in [
        "type",
        "required",
        "unknown-field",
        "empty-list",
        "empty-string",
        "duplicate",
        "callback-choice",
        "callback-target",
        "callback-incomplete",
        "https-url",
        "url-credentials",
    ] {
        assert!(listed.contains(&code), "{code}");
    }
    assert_eq!(listed.len(), 11);
    // Warnings say so in their meaning, and only they do.
    let warnings = crate::core::testing::warning_codes(CODES);
    assert_eq!(
        warnings,
        [
            "unknown-field",
            "duplicate",
            "callback-choice",
            "url-credentials"
        ]
    );
}

#[test]
fn never_panics_on_junk() {
    // As deep as the JSON reader lets a value be (127 levels).
    let deep = (0..126).fold(json!(1), |v, _| json!({"callback": v, "sites": [1]}));
    for v in [
        deep,
        json!({"sites": [[], {}, 1.5, null, true]}),
        json!({"sites": ["1"], "callback": {"url": "https://[::1", "sharedSecret": "s"}}),
        json!({"sites": ["1"], "callback": {"url": "\u{0}", "sharedSecret": "\u{10FFFF}"}}),
    ] {
        let _ = validate(&v);
    }
}

#[test]
fn the_shared_secret_is_never_quoted_back() {
    let v = json!({"sites": ["1"], "callback": {"url": "https://s3cret-value here", "sharedSecret": "s3cret-value"}});
    let rep = validate(&v);
    assert_eq!(pairs(&rep.errors), [("/callback/url", "https-url")]);
    assert!(!format!("{rep:?}").contains("s3cret-value"), "{rep:?}");
}
