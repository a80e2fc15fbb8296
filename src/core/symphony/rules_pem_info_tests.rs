//! Tests of the rules in `rules.rs` for the PEM fields, `applicationInfo`, the URLs and
//! `allowOrigins`: a passing and a breaking case each. The helpers and the sample are in
//! `rules_tests.rs`, whose child module this is.

use super::*;

#[test]
fn a_valid_pem_with_escaped_newlines_is_a_warning() {
    let escaped = KEY.replace('\n', "\\n");
    let issue = assert_warning(
        with("/cert", json!(escaped)),
        "/cert",
        "pem-escaped-newlines",
    );
    assert!(issue.message.contains("line breaks"), "{}", issue.message);
    for pointer in [
        "/authenticationKeys/current/key",
        "/authenticationKeys/previous/key",
    ] {
        assert_warning(
            with(pointer, json!(escaped)),
            pointer,
            "pem-escaped-newlines",
        );
    }
}

#[test]
fn the_pages_elided_pem_stays_a_form_error() {
    // The page's example, a backslash and an `n` for each line break and a body cut short with
    // "...": not a key, escaped or not.
    let from_page: String = serde_json::from_str(
        r#""-----BEGIN PUBLIC KEY-----\\nMIICIANBgkqhw0BAQ...cCAwEAAQ==\\n-----END PUBLIC KEY-----""#,
    )
    .unwrap();
    let issue = assert_error(with("/cert", json!(from_page)), "/cert", "pem-form");
    assert!(issue.message.contains("not base64"), "{}", issue.message);
}

#[test]
fn cert_and_keys_must_be_pem_blocks() {
    for (pointer, bad) in [
        ("/cert", "MIIBIjANBgkq".to_owned()),
        ("/cert", KEY.replace("END PUBLIC", "END RSA PUBLIC")),
        (
            "/authenticationKeys/current/key",
            KEY.replace("-----END PUBLIC KEY-----", ""),
        ),
        (
            "/authenticationKeys/previous/key",
            KEY.replace("aQIDAQAB", "aQID AQ!B"),
        ),
        ("/authenticationKeys/previous/key", String::new()),
    ] {
        assert_error(with(pointer, json!(bad)), pointer, "pem-form");
    }
    assert_error(with("/cert", json!(1)), "/cert", "type");
    assert_clean(with("/cert", Value::Null));
}

#[test]
fn a_partial_application_info_is_a_warning() {
    for pointer in ["/applicationInfo/appId", "/applicationInfo/name"] {
        let issue = assert_warning(without(pointer), "/applicationInfo", "info-incomplete");
        let field = pointer.rsplit('/').next().unwrap();
        assert!(
            issue.message.contains(&format!("\"{field}\"")),
            "{}",
            issue.message
        );
    }
    assert_warning(
        with("/applicationInfo/name", Value::Null),
        "/applicationInfo",
        "info-incomplete",
    );
    let issue = assert_warning(
        with(
            "/applicationInfo",
            json!({"appUrl": "https://apps.example.com"}),
        ),
        "/applicationInfo",
        "info-incomplete",
    );
    assert!(
        issue.message.contains("\"appId\" and no \"name\""),
        "{}",
        issue.message
    );
    assert_warning(
        with("/applicationInfo/name", json!("   ")),
        "/applicationInfo/name",
        "info-incomplete",
    );
    assert_warning(
        with("/applicationInfo/name", json!("")),
        "/applicationInfo/name",
        "info-incomplete",
    );
    // A name of another type is the schema's type error, not a missing name.
    assert_error(
        with("/applicationInfo/name", json!(5)),
        "/applicationInfo/name",
        "type",
    );
    assert_clean(without("/applicationInfo"));
    assert_clean(with("/applicationInfo/publisher", Value::Null));
    assert_error(
        with("/applicationInfo", json!("my-app")),
        "/applicationInfo",
        "type",
    );
    assert_error(
        with("/applicationInfo/appId", json!(12)),
        "/applicationInfo/appId",
        "type",
    );
}

#[test]
fn app_id_has_1_to_256_characters() {
    assert_clean(with("/applicationInfo/appId", json!("é".repeat(256))));
    assert_clean(with("/applicationInfo/appId", json!("a")));
    let issue = assert_error(
        with("/applicationInfo/appId", json!("é".repeat(257))),
        "/applicationInfo/appId",
        "app-id-length",
    );
    assert!(issue.message.contains("257"));
    assert_error(
        with("/applicationInfo/appId", json!("")),
        "/applicationInfo/appId",
        "app-id-length",
    );
}

#[test]
fn urls_must_be_https() {
    for pointer in ["/applicationInfo/appUrl", "/iconUrl", "/notification/url"] {
        assert_clean(with(pointer, json!("https://mydomain.com:8443/x?y=1")));
        for bad in [
            "http://mydomain.com/x",
            "mydomain.com",
            "https://",
            "https://my domain.com",
        ] {
            assert_error(with(pointer, json!(bad)), pointer, "https-url");
        }
    }
}

#[test]
fn domain_is_the_app_hosts_domain_or_a_parent() {
    for ok in [
        "mydomain.com",
        "MyDomain.COM",
        "apps.mydomain.com",
        "mydomain.com.",
    ] {
        assert_clean(with("/applicationInfo/domain", json!(ok)));
    }
    for bad in [
        "otherdomain.com",
        "domain.com",
        "x.apps.mydomain.com",
        "",
        "https://mydomain.com",
    ] {
        assert_error(
            with("/applicationInfo/domain", json!(bad)),
            "/applicationInfo/domain",
            "domain-mismatch",
        );
    }
    // Without a (valid) appUrl there is nothing to compare with.
    assert_clean(without("/applicationInfo/appUrl"));
    let mut v = with("/applicationInfo/appUrl", json!("http://apps.mydomain.com"));
    v["applicationInfo"]["domain"] = json!("other.com");
    assert_eq!(
        pairs(&validate(&v).errors),
        [("/applicationInfo/appUrl", "https-url")]
    );
    // An address is covered only by itself.
    let mut v = with("/applicationInfo/appUrl", json!("https://10.0.0.1/app"));
    v["applicationInfo"]["domain"] = json!("0.0.1");
    assert_error(v.clone(), "/applicationInfo/domain", "domain-mismatch");
    v["applicationInfo"]["domain"] = json!("10.0.0.1");
    assert_clean(v);
}

#[test]
fn allow_origins_is_one_or_more_domains() {
    for ok in [
        "mydomain.com",
        "a.com,b.org",
        "a.com , b.org,c.net",
        " a.com ",
    ] {
        assert_clean(with("/allowOrigins", json!(ok)));
    }
    // The page sets no form: anything else goes ahead with a warning.
    for other in [
        "",
        "  ",
        "a.com,",
        "a.com,,b.org",
        "localhost",
        "https://a.com",
        "a.com:8443",
        "a.com;b.org",
        "*",
    ] {
        assert_warning(
            with("/allowOrigins", json!(other)),
            "/allowOrigins",
            "allow-origins-form",
        );
    }
    let issue = assert_warning(
        with("/allowOrigins", json!("https://a.com")),
        "/allowOrigins",
        "allow-origins-form",
    );
    assert!(
        issue.message.contains("without https://"),
        "{}",
        issue.message
    );
    let rep = validate(&with("/allowOrigins", json!("a_b.com, 10.0.0.1")));
    assert!(rep.valid);
    assert_eq!(
        pairs(&rep.warnings),
        [
            ("/allowOrigins", "allow-origins-form"),
            ("/allowOrigins", "allow-origins-form")
        ]
    );
    assert_error(
        with("/allowOrigins", json!(["a.com"])),
        "/allowOrigins",
        "type",
    );
}
