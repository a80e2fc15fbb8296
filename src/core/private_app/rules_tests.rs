//! Tests of every rule in `rules.rs`: a passing and a breaking case each. Those of the
//! destinations are in the child module `destinations` (`rules_destinations_tests.rs`).

use super::*;
use crate::core::fields::QUOTE_LIMIT;
use crate::core::testing::{fixture, PRIVATE_APP_EXAMPLE};
use serde_json::json;
use serde_json::Value;

/// The validator on a serde_json value, as the tests write them.
fn validate(v: &Value) -> ValidationReport {
    super::validate(&crate::core::testing::own(v))
}

type Issue = (char, String, &'static str);

fn e(path: &str, code: &'static str) -> Issue {
    ('E', path.to_owned(), code)
}

fn w(path: &str, code: &'static str) -> Issue {
    ('W', path.to_owned(), code)
}

/// Validates `v` and checks what holds for every report: `valid` matches the errors, every
/// code is listed in CODES, every message is a short sentence.
fn report(v: &Value) -> ValidationReport {
    let rep = validate(v);
    assert_eq!(rep.valid, rep.errors.is_empty());
    for (i, warning) in rep
        .errors
        .iter()
        .map(|i| (i, false))
        .chain(rep.warnings.iter().map(|i| (i, true)))
    {
        let meaning = CODES.iter().find(|(c, _)| *c == i.code).map(|(_, m)| *m);
        let Some(meaning) = meaning else {
            panic!("code {} is not in CODES", i.code)
        };
        // A code is always an error or always a warning, and CODES says which.
        assert_eq!(
            meaning.starts_with("Warning:"),
            warning,
            "{} reported as {}",
            i.code,
            if warning { "a warning" } else { "an error" }
        );
        assert!(
            i.message.len() <= 400 && (i.message.ends_with('.') || i.message.ends_with('?')),
            "message of {} at {:?}: {:?}",
            i.code,
            i.path,
            i.message
        );
    }
    rep
}

/// Errors then warnings, as (kind, path, code).
fn issues(v: &Value) -> Vec<Issue> {
    let rep = report(v);
    let errors = rep.errors.iter().map(|i| ('E', i.path.clone(), i.code));
    let warnings = rep.warnings.iter().map(|i| ('W', i.path.clone(), i.code));
    errors.chain(warnings).collect()
}

fn message(v: &Value, path: &str, code: &str) -> String {
    let rep = report(v);
    rep.errors
        .iter()
        .chain(&rep.warnings)
        .find(|i| i.path == path && i.code == code)
        .unwrap_or_else(|| panic!("no {code} at {path:?} in {rep:?}"))
        .message
        .clone()
}

/// `v` with the member or item at `pointer` set to `new` (a member is added if missing).
fn set(mut v: Value, pointer: &str, new: Value) -> Value {
    let (parent, last) = pointer.rsplit_once('/').expect("a pointer below the root");
    match v.pointer_mut(parent).expect(parent) {
        Value::Object(m) => {
            m.insert(last.replace("~1", "/").replace("~0", "~"), new);
        }
        Value::Array(a) => match last.parse::<usize>().unwrap() {
            i if i == a.len() => a.push(new),
            i => a[i] = new,
        },
        other => panic!("cannot set below {other}"),
    }
    v
}

fn remove(mut v: Value, pointer: &str) -> Value {
    let (parent, last) = pointer.rsplit_once('/').unwrap();
    v.pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .expect(parent)
        .remove(last)
        .expect(pointer);
    v
}

fn network() -> Value {
    json!({
        "name": "Jira",
        "destinations": [{
            "destinationAddr": ["10.0.0.0/24"],
            "protocolPorts": [{"protocol": "TCP", "ports": "443"}],
            "accessType": "network"
        }]
    })
}

fn browser() -> Value {
    json!({
        "name": "Jira",
        "destinations": [{
            "destinationAddr": ["10.0.0.5"],
            "protocolPorts": [{"protocol": "TCP", "ports": "443"}],
            "accessType": "browser"
        }],
        "appProtocol": "https",
        "sni": "jira.example.com"
    })
}

const D0: &str = "/destinations/0";
const ADDR0: &str = "/destinations/0/destinationAddr/0";
const PP0: &str = "/destinations/0/protocolPorts/0";
const PROTO0: &str = "/destinations/0/protocolPorts/0/protocol";
const PORTS0: &str = "/destinations/0/protocolPorts/0/ports";

// ---- the page's example and the two base values ----

#[test]
fn page_example_is_valid_with_only_warnings() {
    let example = fixture(PRIVATE_APP_EXAMPLE);
    let rep = report(&example);
    assert!(rep.valid);
    assert!(rep.errors.is_empty());
    // The example sets appProtocol and sni with network access only: rules.md makes each a
    // warning, besides the one for externalFQDN.
    assert_eq!(
        issues(&example),
        [
            w("", "browser-only-field"),
            w("", "browser-only-field"),
            w("/externalFQDN", "server-generated"),
        ]
    );
    assert!(message(&example, "", "browser-only-field").contains("\"appProtocol\""));
}

#[test]
fn base_values_have_no_issues() {
    assert_eq!(issues(&network()), []);
    assert_eq!(issues(&browser()), []);
}

// ---- Everywhere ----

#[test]
fn root_must_be_an_object() {
    for v in [
        Value::Null,
        json!(1),
        json!("Jira"),
        json!(true),
        json!([]),
        json!([network()]),
    ] {
        assert_eq!(issues(&v), [e("", "type")], "{v}");
    }
    assert!(message(&json!([]), "", "type").contains("not an array"));
}

#[test]
fn required_fields_are_reported_at_the_holding_object() {
    assert_eq!(issues(&json!({})), [e("", "required"), e("", "required")]);
    assert_eq!(issues(&remove(network(), "/name")), [e("", "required")]);
    assert_eq!(
        issues(&set(network(), "/name", Value::Null)),
        [e("", "required")]
    );
    assert_eq!(
        issues(&set(network(), "/destinations", Value::Null)),
        [e("", "required")]
    );
    assert_eq!(
        issues(&set(network(), D0, json!({}))),
        [e(D0, "required"), e(D0, "required"), e(D0, "required")]
    );
    assert_eq!(
        issues(&remove(network(), "/destinations/0/accessType")),
        [e(D0, "required")]
    );
    assert_eq!(
        issues(&set(network(), PP0, json!({}))),
        [e(PP0, "required"), e(PP0, "required")]
    );
    assert_eq!(issues(&remove(network(), PORTS0)), [e(PP0, "required")]);
    assert!(message(&remove(network(), PROTO0), PP0, "required").contains("\"protocol\""));
}

#[test]
fn unknown_fields_warn_at_every_level_and_do_not_block() {
    let v = set(network(), "/nmae", json!("x"));
    let v = set(v, "/destinations/0/port", json!(1));
    let v = set(v, "/destinations/0/protocolPorts/0/portz", json!("443"));
    let v = set(v, "/a~1b", json!(null));
    assert_eq!(
        issues(&v),
        [
            w("/a~1b", "unknown-field"),
            w("/nmae", "unknown-field"),
            w("/destinations/0/port", "unknown-field"),
            w("/destinations/0/protocolPorts/0/portz", "unknown-field"),
        ]
    );
    assert!(report(&v).valid);
    assert!(message(&v, "/nmae", "unknown-field").contains("\"name\""));
}

#[test]
fn null_counts_as_absent_for_optional_fields() {
    let mut v = network();
    for key in [
        "description",
        "appProtocol",
        "sni",
        "externalFQDN",
        "sslVerificationEnabled",
        "applicationGroupIds",
    ] {
        v = set(v, &format!("/{key}"), Value::Null);
    }
    assert_eq!(issues(&v), []);
    // An item of a list is not an optional field: null there is a type error.
    assert_eq!(
        issues(&set(network(), ADDR0, Value::Null)),
        [e(ADDR0, "type")]
    );
    assert_eq!(
        issues(&set(network(), "/destinations/0", Value::Null)),
        [e(D0, "type")]
    );
}

#[test]
fn wrong_types_everywhere() {
    let v = json!({
        "name": 1,
        "description": [],
        "destinations": [
            {"destinationAddr": {}, "protocolPorts": "tcp", "accessType": true},
            {
                "destinationAddr": [1],
                "protocolPorts": [1, {"protocol": 1, "ports": 443}],
                "accessType": "network"
            },
            "10.0.0.1"
        ],
        "appProtocol": false,
        "sni": 2,
        "externalFQDN": {},
        "sslVerificationEnabled": "yes",
        "applicationGroupIds": {"a": 1}
    });
    assert_eq!(
        issues(&v),
        [
            e("/name", "type"),
            e("/description", "type"),
            e("/destinations/0/accessType", "type"),
            e("/destinations/0/destinationAddr", "type"),
            e("/destinations/0/protocolPorts", "type"),
            e("/destinations/1/destinationAddr/0", "type"),
            e("/destinations/1/protocolPorts/0", "type"),
            e("/destinations/1/protocolPorts/1/protocol", "type"),
            e("/destinations/1/protocolPorts/1/ports", "type"),
            e("/destinations/2", "type"),
            e("/appProtocol", "type"),
            e("/sni", "type"),
            e("/externalFQDN", "type"),
            e("/sslVerificationEnabled", "type"),
            e("/applicationGroupIds", "type"),
        ]
    );
    assert_eq!(
        issues(&set(network(), "/destinations", json!({"a": 1}))),
        [e("/destinations", "type")]
    );
    assert_eq!(
        issues(&set(
            network(),
            "/applicationGroupIds",
            json!([1, null, "x"])
        )),
        [
            e("/applicationGroupIds/0", "type"),
            e("/applicationGroupIds/1", "type")
        ]
    );
}

#[test]
fn many_problems_are_reported_at_once() {
    let v = json!({
        "name": "",
        "destinations": [
            {
                "destinationAddr": ["::1", "10.0.0.0/24", "10.0.0.7"],
                "protocolPorts": [
                    {"protocol": "UDP", "ports": "0"},
                    {"protocol": "udp", "ports": "80,,443"}
                ],
                "accessType": "browser"
            },
            {"accessType": "vpn", "destinationAddr": [], "protocolPorts": []}
        ],
        "appProtocol": "ftp",
        "sni": "x_y",
        "externalFQDN": "y",
        "applicationGroupIds": ["1", "1", ""],
        "extra": true
    });
    assert_eq!(
        issues(&v),
        [
            e("/name", "blank"),
            e("/destinations/0/destinationAddr/0", "ipv4-form"),
            e("/destinations/0/destinationAddr/1", "browser-single-host"),
            e(
                "/destinations/0/protocolPorts/0/protocol",
                "protocol-browser-tcp"
            ),
            e("/destinations/0/protocolPorts/0/ports", "port-range"),
            e(
                "/destinations/0/protocolPorts/1/protocol",
                "protocol-browser-tcp"
            ),
            e(
                "/destinations/0/protocolPorts/1/protocol",
                "protocol-duplicate"
            ),
            e("/destinations/0/protocolPorts/1/ports", "ports-form"),
            e("/destinations/1/accessType", "access-type"),
            e("/destinations/1/destinationAddr", "empty-list"),
            e("/destinations/1/protocolPorts", "empty-list"),
            e("/sni", "sni-form"),
            e("/applicationGroupIds/2", "empty-string"),
            w("/extra", "unknown-field"),
            w("/appProtocol", "app-protocol"),
            w("/externalFQDN", "server-generated"),
            w("/applicationGroupIds/1", "duplicate"),
        ]
    );
    assert!(!report(&v).valid);
}

// ---- name, appProtocol, sni ----

#[path = "rules_name_sni_tests.rs"]
mod name_sni;

// ---- destinations, destinationAddr, protocol, ports ----

#[path = "rules_destinations_tests.rs"]
mod destinations;

// ---- externalFQDN, sslVerificationEnabled, applicationGroupIds, description ----

#[test]
fn external_fqdn_is_server_generated() {
    let v = set(
        browser(),
        "/externalFQDN",
        json!("https://jira-5001.ztna.ciscoplus.com"),
    );
    assert_eq!(issues(&v), [w("/externalFQDN", "server-generated")]);
    assert!(report(&v).valid);
    assert_eq!(
        issues(&set(browser(), "/externalFQDN", json!(5))),
        [e("/externalFQDN", "type")]
    );
}

#[test]
fn ssl_verification_is_a_boolean() {
    for b in [true, false] {
        assert_eq!(
            issues(&set(browser(), "/sslVerificationEnabled", json!(b))),
            []
        );
    }
    for bad in [json!("true"), json!(1), json!([])] {
        assert_eq!(
            issues(&set(browser(), "/sslVerificationEnabled", bad)),
            [e("/sslVerificationEnabled", "type")]
        );
    }
}

#[test]
fn application_group_ids() {
    let at = "/applicationGroupIds";
    for ok in [
        json!([]),
        json!(["1", "2"]),
        json!(["a", "A"]),
        json!([" "]),
    ] {
        assert_eq!(issues(&set(network(), at, ok.clone())), [], "{ok}");
    }
    assert_eq!(
        issues(&set(network(), at, json!(["1", ""]))),
        [e("/applicationGroupIds/1", "empty-string")]
    );
    let v = set(network(), at, json!(["1", "2", "1", "1"]));
    assert_eq!(
        issues(&v),
        [
            w("/applicationGroupIds/2", "duplicate"),
            w("/applicationGroupIds/3", "duplicate")
        ]
    );
    assert!(message(&v, "/applicationGroupIds/3", "duplicate").contains("applicationGroupIds/0"));
    assert_eq!(issues(&set(network(), at, json!("1"))), [e(at, "type")]);
    assert_eq!(
        issues(&set(network(), at, json!([1122321]))),
        [e("/applicationGroupIds/0", "type")]
    );
}

#[test]
fn group_id_repeats_are_found_in_long_lists() {
    let mut ids: Vec<Value> = (0..200).map(|i| json!(format!("g{i}"))).collect();
    ids.push(json!("g7"));
    ids.push(json!("G7"));
    let v = set(network(), "/applicationGroupIds", Value::Array(ids));
    assert_eq!(issues(&v), [w("/applicationGroupIds/200", "duplicate")]);
    assert!(message(&v, "/applicationGroupIds/200", "duplicate").contains("applicationGroupIds/7"));
}

#[test]
fn description_is_a_string() {
    for d in ["", "Jira App For My Org", "ünïcödé ✓"] {
        assert_eq!(issues(&set(network(), "/description", json!(d))), []);
    }
    assert_eq!(
        issues(&set(network(), "/description", json!(5))),
        [e("/description", "type")]
    );
}

// ---- hostile input ----

#[test]
fn huge_strings_are_not_echoed_back() {
    let v = set(network(), "/name", json!("a".repeat(100_000)));
    assert_eq!(issues(&v), [w("/name", "name-length")]);
    let v = set(network(), "/name", json!("_".repeat(100_000)));
    assert_eq!(
        issues(&v),
        [e("/name", "name-characters"), w("/name", "name-length")]
    );
    let v = set(network(), ADDR0, json!("é".repeat(100_000)));
    assert_eq!(issues(&v), [e(ADDR0, "ipv4-form")]);
    assert!(message(&v, ADDR0, "ipv4-form").contains("…"));
    let v = set(network(), PORTS0, json!("9".repeat(100_000)));
    assert_eq!(issues(&v), [e(PORTS0, "port-range")]);
    let v = set(network(), PROTO0, json!("😀".repeat(100_000)));
    assert_eq!(issues(&v), [w(PROTO0, "protocol-unknown")]);
    let v = set(
        browser(),
        "/sni",
        json!(format!("{}.com", "a".repeat(100_000))),
    );
    assert_eq!(issues(&v), [e("/sni", "sni-form")]);
    // `report` has checked every message above stays under 400 bytes.
}

#[test]
fn quoting_cuts_on_character_boundaries() {
    assert_eq!(quote("abc"), "\"abc\"");
    assert_eq!(quote("a\"b\n"), "\"a\\\"b\\n\"");
    let mixed = format!("{}{}", "a".repeat(59), "😀".repeat(10));
    assert_eq!(quote(&mixed), format!("\"{}😀…\"", "a".repeat(59)));
    let exact = "é".repeat(QUOTE_LIMIT);
    assert_eq!(quote(&exact), format!("\"{exact}\""));
    assert!(quote(&"é".repeat(QUOTE_LIMIT + 1)).ends_with("é…\""));
}

#[test]
fn huge_lists_stay_fast() {
    let many_ports = format!("{}1", "1,".repeat(50_000));
    let v = set(network(), PORTS0, json!(many_ports));
    assert_eq!(issues(&v), [w(PORTS0, "ports-overlap")]);

    let addrs = vec![json!("::1"); 10_000];
    let v = set(
        network(),
        "/destinations/0/destinationAddr",
        Value::Array(addrs),
    );
    let rep = report(&v);
    assert_eq!(rep.errors.len(), 10_000);
    assert_eq!(
        rep.errors[9_999].path,
        "/destinations/0/destinationAddr/9999"
    );

    let ids = vec![json!("1"); 20_000];
    let rep = report(&set(network(), "/applicationGroupIds", Value::Array(ids)));
    assert_eq!(rep.warnings.len(), 19_999);
}

#[test]
fn deeply_nested_junk_is_not_walked() {
    // As deep as the JSON reader lets a value be (127 levels, 5 of them above the junk).
    let mut junk = json!("x");
    for _ in 0..61 {
        junk = json!([{ "a": junk }]);
    }
    let v = set(network(), "/description", junk.clone());
    assert_eq!(issues(&v), [e("/description", "type")]);
    let v = set(
        network(),
        "/destinations/0/protocolPorts/0/ports",
        junk.clone(),
    );
    assert_eq!(issues(&v), [e(PORTS0, "type")]);
    let v = set(network(), "/junk", junk);
    assert_eq!(issues(&v), [w("/junk", "unknown-field")]);
}

#[test]
fn odd_numbers_are_type_errors_not_panics() {
    let v = json!({
        "name": 1.5e300,
        "destinations": [-0.0],
        "sslVerificationEnabled": u64::MAX,
    });
    assert_eq!(
        issues(&v),
        [
            e("/name", "type"),
            e("/destinations/0", "type"),
            e("/sslVerificationEnabled", "type"),
        ]
    );
}

// ---- the code list ----

#[test]
fn codes_are_unique_kebab_case_and_complete() {
    for (n, (code, meaning)) in CODES.iter().enumerate() {
        assert!(
            !code.is_empty()
                && code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !code.starts_with('-')
                && !code.ends_with('-'),
            "{code}"
        );
        assert!(!meaning.is_empty() && meaning.ends_with('.'), "{code}");
        assert!(!CODES[..n].iter().any(|(c, _)| c == code), "{code} twice");
    }
    let mut listed: Vec<&str> = CODES.iter().map(|(c, _)| *c).collect();
    listed.sort_unstable();
    let mut expected = vec![
        "type",
        "required",
        "unknown-field",
        "duplicate",
        "blank",
        "name-characters",
        "name-non-ascii",
        "name-length",
        "empty-list",
        "ipv4-form",
        "browser-single-host",
        "access-type",
        "protocol-unknown",
        "protocol-browser-tcp",
        "protocol-duplicate",
        "ports-form",
        "port-range",
        "ports-overlap",
        "app-protocol",
        "browser-only-field",
        "sni-form",
        "sni-single-label",
        "server-generated",
        "empty-string",
    ];
    expected.sort_unstable();
    assert_eq!(listed, expected);
}
