//! Tests of the rules in `rules.rs` for `name`, `appProtocol` and `sni`, where the page leaves
//! some forms open (warnings) and forbids others (errors): a passing and a breaking case each.
//! The helpers and the two base values are in `rules_tests.rs`, whose child module this is.

use super::*;

// ---- name ----

#[test]
fn name_passes() {
    for name in ["Jira", "Jira - Prod 2", "a", "-", &"x".repeat(50)] {
        assert_eq!(issues(&set(network(), "/name", json!(name))), [], "{name}");
    }
}

#[test]
fn name_blank() {
    for name in ["", " ", "   ", "\t", "\u{3000}"] {
        assert_eq!(
            issues(&set(network(), "/name", json!(name))),
            [e("/name", "blank")],
            "{name:?}"
        );
    }
}

#[test]
fn name_characters() {
    for (name, shown) in [
        ("Jira_App", "'_'"),
        ("Jira & Confluence", "'&'"),
        ("Jira\n", "'\\n'"),
        ("Jira/Confluence", "'/'"),
        ("Jira.", "'.'"),
        ("Jira\u{0}", "'\\0'"),
        (" Jira\u{202e}", "'\\u{202e}'"),
        ("Jira™", "'™'"),
        ("Jira\u{a0}Prod", "'\\u{a0}'"),
    ] {
        let v = set(network(), "/name", json!(name));
        assert_eq!(issues(&v), [e("/name", "name-characters")], "{name:?}");
        assert!(
            message(&v, "/name", "name-characters").contains(shown),
            "{name:?}"
        );
    }
}

#[test]
fn a_letter_or_digit_outside_ascii_is_a_warning() {
    // Decomposed "ü" (u and a combining diaeresis) counts as a letter like the composed one.
    for (name, shown) in [
        ("Zürich", "'ü'"),
        ("Jíra", "'í'"),
        ("Zu\u{308}rich", "'\\u{308}'"),
        ("東京 Office", "'東'"),
        ("Rack ٣", "'٣'"),
    ] {
        let v = set(network(), "/name", json!(name));
        assert_eq!(issues(&v), [w("/name", "name-non-ascii")], "{name:?}");
        assert!(
            message(&v, "/name", "name-non-ascii").contains(shown),
            "{name:?}"
        );
    }
    // A special character next to it is still an error; both are reported.
    let v = set(network(), "/name", json!("Zürich_1"));
    assert_eq!(
        issues(&v),
        [e("/name", "name-characters"), w("/name", "name-non-ascii")]
    );
}

#[test]
fn name_length_is_a_warning() {
    let v = set(network(), "/name", json!("x".repeat(51)));
    assert_eq!(issues(&v), [w("/name", "name-length")]);
    assert!(report(&v).valid);
    let v = set(network(), "/name", json!("x_".repeat(30)));
    assert_eq!(
        issues(&v),
        [e("/name", "name-characters"), w("/name", "name-length")]
    );
    // Characters are counted, not bytes: 50 two-byte letters do not warn about length.
    let v = set(network(), "/name", json!("é".repeat(50)));
    assert_eq!(issues(&v), [w("/name", "name-non-ascii")]);
    let v = set(network(), "/name", json!("é".repeat(51)));
    assert_eq!(
        issues(&v),
        [w("/name", "name-non-ascii"), w("/name", "name-length")]
    );
}

// ---- appProtocol, sni ----

#[test]
fn app_protocol_other_than_http_or_https_is_a_warning() {
    for p in ["http", "HTTPS", "Http"] {
        assert_eq!(issues(&set(browser(), "/appProtocol", json!(p))), [], "{p}");
    }
    // The schema has no enum: another value goes ahead, with a warning.
    for p in ["ftp", "", "https ", "tcp"] {
        let v = set(browser(), "/appProtocol", json!(p));
        assert_eq!(issues(&v), [w("/appProtocol", "app-protocol")], "{p:?}");
    }
    // Its type is the schema's: a string.
    let v = set(browser(), "/appProtocol", json!(443));
    assert_eq!(issues(&v), [e("/appProtocol", "type")]);
}

#[test]
fn sni_is_a_dns_name() {
    for sni in ["jira.example.com", "a.b", "example.com."] {
        assert_eq!(issues(&set(browser(), "/sni", json!(sni))), [], "{sni}");
    }
    for sni in [
        "10.0.0.1",
        "-a.com",
        "",
        "a_b.com",
        "ünïcödé.com",
        "a..b",
        "1234",
    ] {
        let v = set(browser(), "/sni", json!(sni));
        assert_eq!(issues(&v), [e("/sni", "sni-form")], "{sni:?}");
    }
    let m = message(
        &set(browser(), "/sni", json!("10.0.0.1")),
        "/sni",
        "sni-form",
    );
    assert!(m.contains("an IP address is not a domain name"), "{m}");
}

#[test]
fn a_single_label_sni_is_a_warning() {
    for sni in ["jira", "jira.", "intranet-1"] {
        let v = set(browser(), "/sni", json!(sni));
        assert_eq!(issues(&v), [w("/sni", "sni-single-label")], "{sni:?}");
    }
    let m = message(
        &set(browser(), "/sni", json!("jira")),
        "/sni",
        "sni-single-label",
    );
    assert!(m.contains("jira.example.com"), "{m}");
}

#[test]
fn browser_only_fields_warn_without_a_browser_destination() {
    let v = set(network(), "/appProtocol", json!("https"));
    assert_eq!(issues(&v), [w("", "browser-only-field")]);
    assert!(message(&v, "", "browser-only-field").contains("\"appProtocol\""));
    let v = set(network(), "/sni", json!("jira.example.com"));
    assert_eq!(issues(&v), [w("", "browser-only-field")]);
    assert!(message(&v, "", "browser-only-field").contains("\"sni\""));
    let v = set(network(), "/appProtocol", json!("ftp"));
    assert_eq!(
        issues(&v),
        [
            w("/appProtocol", "app-protocol"),
            w("", "browser-only-field")
        ]
    );
    // One browser destination among network ones is enough.
    let b = browser().pointer(D0).unwrap().clone();
    let v = set(
        set(network(), "/destinations/1", b),
        "/sni",
        json!("jira.example.com"),
    );
    assert_eq!(issues(&v), []);
}
