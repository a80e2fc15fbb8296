//! Bounded property tests of the validators (issue 8, item 1): each validator, and the
//! detach-sites callback check, gets at least 10,000 generated values (deeply nested junk, long
//! and huge strings, unicode with astral and combining characters, every wrong type, objects made
//! of the model's own field names with near-miss values, and mutations of the API pages' examples)
//! and must, for every one of them:
//!
//! - not panic;
//! - answer `valid` exactly when there is no error;
//! - put each issue at an RFC 6901 JSON Pointer that resolves (`Value::pointer`) to a real place in
//!   the input, except that an issue about a missing field (`required`, and `shared-secret` for a
//!   callback without its secret) may point at the missing member of an object that exists;
//! - use only codes listed in the validator's `CODES`;
//! - write messages that are non-empty and at most [`MESSAGE_LIMIT`] bytes, even for 1 MB inputs.
//!
//! The runs are seeded, so `cargo test` is reproducible; set `PROPTEST_RNG_SEED=<u64>` to explore
//! other values and `PROPTEST_CASES=<n>` to run more (or fewer) of them.
//! The same invariants are fuzzed by the targets in `fuzz/`.
#![cfg(not(target_arch = "wasm32"))]

use app_admin_wasm::core::detach_sites::{callback, rules as detach_sites};
use app_admin_wasm::core::private_app::rules as private_app;
use app_admin_wasm::core::report::{ValidationIssue, ValidationReport};
use app_admin_wasm::core::symphony::rules as symphony;
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::test_runner::{RngAlgorithm, RngSeed, TestCaseError};
use serde_json::{json, Map, Number, Value};
use std::fmt;

/// Generated values per validator (the issue asks for at least 10,000).
const CASES: u32 = 10_000;
/// The longest message allowed, in bytes.
const MESSAGE_LIMIT: usize = 600;
/// Size of the "huge" strings planted in some inputs.
const HUGE: usize = 1 << 20;
/// The default seed (each test adds its own offset); `PROPTEST_RNG_SEED` replaces it.
const SEED: u64 = 0x5eed_0008;

fn config(offset: u64) -> ProptestConfig {
    let base = ProptestConfig::default();
    let seeded = std::env::var_os("PROPTEST_RNG_SEED").is_some();
    let cases_set = std::env::var_os("PROPTEST_CASES").is_some();
    ProptestConfig {
        cases: if cases_set { base.cases } else { CASES },
        rng_seed: if seeded {
            base.rng_seed
        } else {
            RngSeed::Fixed(SEED + offset)
        },
        // Every `prop_oneof!` seeds an RNG for each branch it passes over: XorShift makes that
        // cheap, where ChaCha (the default) makes it most of the time of a debug build.
        rng_algorithm: RngAlgorithm::XorShift,
        failure_persistence: None,
        max_shrink_iters: 4096,
        ..base
    }
}

// ---------------------------------------------------------------------------------------------
// The invariants
// ---------------------------------------------------------------------------------------------

/// Whether `path` is an RFC 6901 pointer: empty, or `/`-separated tokens where `~` is always
/// followed by `0` or `1`.
fn is_json_pointer(path: &str) -> bool {
    if path.is_empty() {
        return true;
    }
    if !path.starts_with('/') {
        return false;
    }
    let bytes = path.as_bytes();
    bytes
        .iter()
        .enumerate()
        .all(|(i, b)| *b != b'~' || matches!(bytes.get(i + 1), Some(b'0' | b'1')))
}

fn short(s: &str) -> String {
    short_n(s, 200)
}

/// Checks one issue against `input`; `missing_ok` lists the codes that may point at an absent
/// member of an existing object.
fn check_issue(
    input: &Value,
    issue: &ValidationIssue,
    codes: &[(&str, &str)],
    missing_ok: &[&str],
) -> Result<(), TestCaseError> {
    let path = issue.path.as_str();
    let what = || {
        format!(
            "{:?} {:?}: {}",
            issue.code,
            short(path),
            short(&issue.message)
        )
    };
    prop_assert!(
        codes.iter().any(|(c, _)| *c == issue.code),
        "code not in CODES: {}",
        what()
    );
    prop_assert!(is_json_pointer(path), "not a JSON Pointer: {}", what());
    match input.pointer(path) {
        Some(target) => {
            if issue.code == "required" {
                // Reported at the object that should hold the field.
                prop_assert!(target.is_object(), "`required` at a non-object: {}", what());
            }
        }
        None => {
            let parent = path.rsplit_once('/').map(|(p, _)| p).unwrap_or("");
            prop_assert!(
                missing_ok.contains(&issue.code)
                    && !path.is_empty()
                    && input.pointer(parent).is_some_and(Value::is_object),
                "path does not resolve in the input: {}",
                what()
            );
        }
    }
    prop_assert!(
        !issue.message.trim().is_empty(),
        "empty message: {}",
        what()
    );
    prop_assert!(
        issue.message.len() <= MESSAGE_LIMIT,
        "message of {} bytes (limit {MESSAGE_LIMIT}): {}",
        issue.message.len(),
        what()
    );
    Ok(())
}

fn check_report(
    input: &Value,
    report: &ValidationReport,
    codes: &[(&str, &str)],
) -> Result<(), TestCaseError> {
    prop_assert_eq!(
        report.valid,
        report.errors.is_empty(),
        "valid disagrees with errors: {:?}",
        report.errors
    );
    for issue in report.errors.iter().chain(&report.warnings) {
        check_issue(input, issue, codes, &["required"])?;
    }
    Ok(())
}

fn check_verify(input: &Value, secret: &str) -> Result<(), TestCaseError> {
    match callback::verify(input, secret) {
        Ok(_) => {
            prop_assert!(!secret.is_empty(), "verified against an empty secret");
            prop_assert_eq!(
                input.get("sharedSecret").and_then(Value::as_str),
                Some(secret),
                "verified with another secret"
            );
        }
        Err(issues) => {
            prop_assert!(!issues.is_empty(), "refused without an issue");
            for issue in &issues {
                check_issue(
                    input,
                    issue,
                    callback::CODES,
                    &["required", "shared-secret"],
                )?;
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------------------------

/// Characters that matter to the rules (separators, digits, pointer escapes, white space) and
/// unicode that trips naive code: combining marks, astral characters, zero-width and bidi
/// controls, non-ASCII digits and letters that case-fold to ASCII.
#[rustfmt::skip]
const CHARS: &[char] = &[
    'a', 'Z', '0', '1', '9', '.', ',', '-', '_', '/', ':', '@', '[', ']', '?', '#', '%', '~', '*',
    ' ', '\t', '\n', '\r', '\\', '"', '\'', '\0', '\u{7f}', 'é', 'ß', '\u{301}', '\u{300}',
    '\u{200b}', '\u{200d}', '\u{202e}', '\u{feff}', '\u{fffd}', '\u{212a}', '\u{17f}', '\u{130}',
    '\u{660}', '\u{ff11}', '\u{3002}', '\u{2024}', '日', '\u{1d11e}', '\u{1f600}', '\u{1f469}',
    '\u{1f3fd}', '\u{e0001}', '\u{e0100}', '\u{10ffff}', '\u{10fffd}',
];

fn any_char() -> impl Strategy<Value = char> {
    prop_oneof![3 => select(CHARS), 1 => any::<char>()]
}

fn short_string() -> impl Strategy<Value = String> {
    prop::collection::vec(any_char(), 0..12).prop_map(String::from_iter)
}

/// A unit repeated: lengths around the rules' limits (50, 60, 63, 64, 253, 256, 1024, 4096)
/// and beyond; the longest are the rarest, to keep generation cheap.
#[rustfmt::skip]
fn long_string(unit: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    let reps = prop_oneof![
        8 => select(&[2usize, 25, 26, 51, 61, 64, 65, 127, 128, 254, 257][..]),
        2 => select(&[513usize, 1025, 2049, 4097][..]),
        1 => Just(10_000usize),
    ];
    (unit, reps).prop_map(|(u, n)| {
        let u = if u.is_empty() { "x".to_owned() } else { u };
        // A long unit (a 4097-character value, say) is repeated less: at most about 64 KB.
        let n = n.min((65_536 / u.len()).max(2));
        u.repeat(n)
    })
}

/// About 1 MB: a unit repeated, with the unit's own shape so that it meets the same parser path.
fn huge_string(unit: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    unit.prop_map(|u| {
        let u = if u.is_empty() { "9".to_owned() } else { u };
        u.repeat(HUGE / u.len() + 1)
    })
}

fn pool(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// A string for a field whose near-miss values are `near`: mostly those, else junk.
fn string_from(near: Vec<String>) -> BoxedStrategy<String> {
    let seps = select(&[",", ", ", ",,", "-", "/", ".", " ", "\n", "\\n", ""][..]);
    prop_oneof![
        10 => select(near.clone()),
        2 => (select(near.clone()), seps, select(near.clone()))
            .prop_map(|(a, s, b)| format!("{a}{s}{b}")),
        3 => short_string(),
        1 => long_string(select(near.clone())),
        1 => long_string(short_string()),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------------

#[rustfmt::skip]
fn number() -> impl Strategy<Value = Value> {
    let edges = select(
        &[
            0i64, -1, 1, 443, 65_535, 65_536, 1_700_815_176_000, (1 << 53) - 1, 1 << 53, i64::MAX,
            i64::MIN,
        ][..],
    );
    let floats = select(
        &[
            0.5,
            -0.0,
            1.5,
            1e300,
            -1e300,
            1_700_815_176_000.0,
            9_007_199_254_740_992.0,
            4.9e-324,
        ][..],
    );
    prop_oneof![
        2 => edges.prop_map(Value::from),
        1 => any::<i64>().prop_map(Value::from),
        1 => (1u64 << 63..=u64::MAX).prop_map(Value::from),
        1 => floats.prop_map(Value::from),
        1 => prop::num::f64::NORMAL
            .prop_map(|f| Number::from_f64(f).map_or(Value::Null, Value::Number)),
    ]
}

fn leaf(strings: BoxedStrategy<String>) -> BoxedStrategy<Value> {
    prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        2 => number(),
        4 => strings.prop_map(Value::String),
    ]
    .boxed()
}

/// A member name: one the model knows, a near miss of one (a typo, another case, a pointer
/// escape character), or junk.
fn key(known: &'static [&'static str]) -> BoxedStrategy<String> {
    let typo = (select(known), any::<Index>(), select(CHARS), 0u8..5).prop_map(|(k, at, c, op)| {
        let mut chars: Vec<char> = k.chars().collect();
        let i = at.index(chars.len() + 1);
        match op {
            0 if i < chars.len() => {
                chars.remove(i);
            }
            1 => chars.insert(i, c),
            2 => return k.to_ascii_uppercase(),
            3 => return format!("{k}/~0"),
            _ => {
                let last = chars.len() - 1;
                chars.swap(0, last);
            }
        }
        chars.into_iter().collect()
    });
    prop_oneof![
        6 => select(known).prop_map(str::to_owned),
        2 => typo,
        2 => short_string(),
        1 => long_string(short_string()),
    ]
    .boxed()
}

/// Arbitrary JSON up to a few levels, with the model's field names among the member names.
fn arb_json(
    known: &'static [&'static str],
    strings: BoxedStrategy<String>,
) -> BoxedStrategy<Value> {
    leaf(strings)
        .prop_recursive(5, 40, 5, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::vec((key(known), inner), 0..5)
                    .prop_map(|members| Value::Object(members.into_iter().collect())),
            ]
        })
        .boxed()
}

/// A value buried under up to 40 levels of arrays and objects.
fn deep(known: &'static [&'static str], strings: BoxedStrategy<String>) -> BoxedStrategy<Value> {
    (
        arb_json(known, strings),
        prop::collection::vec((any::<bool>(), select(known)), 0..=40),
    )
        .prop_map(|(mut v, layers)| {
            for (array, k) in layers {
                v = if array {
                    Value::Array(vec![v])
                } else {
                    let mut m = Map::new();
                    m.insert(k.to_owned(), v);
                    Value::Object(m)
                };
            }
            v
        })
        .boxed()
}

// ---------------------------------------------------------------------------------------------
// Shapes: the model's structure, with each field present, absent, null, near-miss or junk
// ---------------------------------------------------------------------------------------------

#[derive(Clone)]
enum Shape {
    Obj(Vec<(&'static str, Shape)>),
    Arr(Box<Shape>),
    Str(Vec<String>),
    Bool,
    Int(Vec<i64>),
}

fn obj(fields: Vec<(&'static str, Shape)>) -> Shape {
    Shape::Obj(fields)
}
fn arr(item: Shape) -> Shape {
    Shape::Arr(Box::new(item))
}
fn text(items: &[&str]) -> Shape {
    Shape::Str(pool(items))
}

/// A value of `shape`, with junk mixed in at every level.
fn shaped(
    shape: &Shape,
    known: &'static [&'static str],
    junk: &BoxedStrategy<Value>,
) -> BoxedStrategy<Value> {
    match shape {
        Shape::Str(near) => string_from(near.clone()).prop_map(Value::String).boxed(),
        Shape::Bool => prop_oneof![4 => any::<bool>().prop_map(Value::Bool), 1 => number()].boxed(),
        Shape::Int(near) => prop_oneof![
            3 => select(near.clone()).prop_map(Value::from),
            1 => number(),
        ]
        .boxed(),
        Shape::Arr(item) => {
            let one = prop_oneof![9 => shaped(item, known, junk), 1 => junk.clone()];
            let short = prop::collection::vec(one.clone(), 0..4);
            if matches!(**item, Shape::Obj(ref f) if f.iter().any(|(_, s)| !matches!(s, Shape::Str(_))))
            {
                // Lists of deep objects stay short: long ones would cost more than they find.
                return short.prop_map(Value::Array).boxed();
            }
            // Lists over 64 items take another code path for repeats: make sure some repeat.
            let long = prop::collection::vec(one, 60..72).prop_map(|mut v| {
                let n = v.len();
                for i in (0..n).step_by(7) {
                    v[i] = v[(i * 5) % n].clone();
                }
                v
            });
            prop_oneof![20 => short, 1 => long]
                .prop_map(Value::Array)
                .boxed()
        }
        Shape::Obj(fields) => {
            let members: Vec<BoxedStrategy<Option<(String, Value)>>> = fields
                .iter()
                .map(|(name, field)| {
                    let name = (*name).to_owned();
                    let n2 = name.clone();
                    let n3 = name.clone();
                    prop_oneof![
                        3 => Just(None),
                        10 => shaped(field, known, junk).prop_map(move |v| Some((name.clone(), v))),
                        1 => Just(Some((n2, Value::Null))),
                        1 => junk.clone().prop_map(move |v| Some((n3.clone(), v))),
                    ]
                    .boxed()
                })
                .collect();
            let extra = prop::collection::vec((key(known), junk.clone()), 0..2);
            (members, prop_oneof![5 => Just(vec![]), 1 => extra])
                .prop_map(|(members, extra)| {
                    let mut m: Map<String, Value> = members.into_iter().flatten().collect();
                    m.extend(extra);
                    Value::Object(m)
                })
                .boxed()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Mutations of the pages' examples
// ---------------------------------------------------------------------------------------------

fn pointers(v: &Value, at: &mut String, out: &mut Vec<String>) {
    out.push(at.clone());
    let len = at.len();
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                at.push('/');
                at.push_str(&k.replace('~', "~0").replace('/', "~1"));
                pointers(child, at, out);
                at.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                at.push('/');
                at.push_str(&i.to_string());
                pointers(child, at, out);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// `orig` turned into another JSON type, chosen by `kind`.
fn retype(orig: Value, kind: u8) -> Value {
    let candidates = [
        Value::Null,
        json!(true),
        json!(0),
        json!(-1.5),
        json!(""),
        json!("x"),
        json!([]),
        json!({}),
        Value::Array(vec![orig.clone()]),
        json!({ "value": orig.clone() }),
        Value::String(orig.to_string()),
    ];
    let differs: Vec<Value> = candidates
        .into_iter()
        .filter(|c| std::mem::discriminant(c) != std::mem::discriminant(&orig))
        .collect();
    differs[kind as usize % differs.len()].clone()
}

#[derive(Debug, Clone)]
struct Mutation {
    op: u8,
    at: Index,
    kind: u8,
    value: Value,
    name: String,
}

fn apply(v: &mut Value, m: &Mutation) {
    let mut all = Vec::new();
    pointers(v, &mut String::new(), &mut all);
    let path = &all[m.at.index(all.len())];
    match m.op % 7 {
        // Remove the member or item (the root stays).
        0 | 1 => {
            if let Some((parent, token)) = path.rsplit_once('/') {
                match v.pointer_mut(parent) {
                    Some(Value::Object(map)) => {
                        map.remove(&unescape(token));
                    }
                    Some(Value::Array(items)) => {
                        if let Ok(i) = token.parse::<usize>() {
                            if i < items.len() {
                                items.remove(i);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        // Replace with a value of another type.
        2 => {
            let target = v.pointer_mut(path).unwrap();
            *target = retype(target.take(), m.kind);
        }
        // Replace with a near-miss or junk value.
        3 | 4 => *v.pointer_mut(path).unwrap() = m.value.clone(),
        // Set to null.
        5 => *v.pointer_mut(path).unwrap() = Value::Null,
        // Add a member (a known name, a typo, junk) or repeat an item.
        _ => match v.pointer_mut(path).unwrap() {
            Value::Object(map) => {
                map.insert(m.name.clone(), m.value.clone());
            }
            Value::Array(items) => {
                let again = match items.first() {
                    Some(first) if m.kind % 2 == 0 => first.clone(),
                    _ => m.value.clone(),
                };
                items.push(again);
            }
            other => *other = m.value.clone(),
        },
    }
}

fn mutated(
    bases: Vec<Value>,
    known: &'static [&'static str],
    values: BoxedStrategy<Value>,
) -> BoxedStrategy<Value> {
    let mutation = (any::<u8>(), any::<Index>(), any::<u8>(), values, key(known)).prop_map(
        |(op, at, kind, value, name)| Mutation {
            op,
            at,
            kind,
            value,
            name,
        },
    );
    (select(bases), prop::collection::vec(mutation, 1..4))
        .prop_map(|(mut v, ms)| {
            for m in &ms {
                apply(&mut v, m);
            }
            v
        })
        .boxed()
}

/// Everything for one validator: its examples, field names, shape and near-miss strings.
struct Model {
    bases: Vec<Value>,
    known: &'static [&'static str],
    shape: Shape,
}

fn all_strings(shape: &Shape, out: &mut Vec<String>) {
    match shape {
        Shape::Obj(fields) => fields.iter().for_each(|(_, s)| all_strings(s, out)),
        Shape::Arr(item) => all_strings(item, out),
        Shape::Str(near) => out.extend(near.iter().cloned()),
        Shape::Bool | Shape::Int(_) => {}
    }
}

/// The mix of generators for one validator.
fn values(model: Model) -> BoxedStrategy<Value> {
    let mut near = Vec::new();
    all_strings(&model.shape, &mut near);
    let strings = string_from(near.clone());
    let junk = arb_json(model.known, strings.clone());
    let replacement = prop_oneof![4 => leaf(strings.clone()), 1 => junk.clone()].boxed();
    let huge = huge_string(select(near.clone()))
        .prop_map(Value::String)
        .boxed();
    let huge_key = huge_string(select(model.known).prop_map(str::to_owned));
    let planted = (
        select(model.bases.clone()),
        prop::collection::vec(any::<Index>(), 1..3),
        huge,
        huge_key,
    )
        .prop_map(|(mut v, at, huge, huge_key)| {
            for (n, i) in at.iter().enumerate() {
                let m = Mutation {
                    op: if n == 0 { 3 } else { 6 },
                    at: *i,
                    kind: 0,
                    value: huge.clone(),
                    name: huge_key.clone(),
                };
                apply(&mut v, &m);
            }
            v
        });
    prop_oneof![
        30 => junk.clone(),
        10 => deep(model.known, strings.clone()),
        25 => shaped(&model.shape, model.known, &junk),
        34 => mutated(model.bases, model.known, replacement),
        // About one case in a hundred.
        1 => planted,
    ]
    .boxed()
}

// ---------------------------------------------------------------------------------------------
// The models
// ---------------------------------------------------------------------------------------------

const RSA_PUBLIC_KEY: &str = "-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA4X1zkSPWFXBrYIvlXMXr
lWZ2lu0dtXaV4KTwzmftTDsVYma1efTpBrCjq3h3Z+OGhYeFkLkc4Q0N9+jsQMdc
pDCCVHT7AVh63Kfv3XzaOYKWzEFFrlYpyABM4opmfdIepCRdwMShkcmPPDrKZjc5
98jfc5ApGtGMrauW3yT3RmdLfyr74dcBXZUHnDDi6J2wwjUfcc1yzlYaJH8vogzw
Ljq2e1HOTPYBBiUpMIHfBt1jNLnOPFjUQd88MJDZg61/IsXrtvlOGlK56M53lL8r
H+Svv8AKQR95PjcD9Bks0y/c/CsrVuQNwnSkPZR7HGjIo6U/BRpX3LSqSARBON4M
aQIDAQAB
-----END PUBLIC KEY-----
";

/// The https URLs, and near misses, that several fields take.
#[rustfmt::skip]
const URLS: &[&str] = &[
    "https://webhook.site/28efa24e-f830-4d9f-a12b-fbb9e5035031", "https://example.com",
    "https://apps.mydomain.com/app.html", "HTTPS://APPS.MYDOMAIN.COM:8443/x?y=1#z",
    "https://127.0.0.1/", "https://[::1]:8443/", "https://user:pass@example.com/",
    "https://@example.com", "http://example.com", "http://localhost:8080/", "https://",
    "https:///path", "https://example.com:0", "https://example.com:65536",
    "https://example.com:99999999999999999999/", "https://example.com:abc/", "https://[::1",
    "https://exa mple.com", "https://example.com\\x", "https://例え.jp/", "https://a..b/",
    "ftp://example.com", "//example.com", "example.com", "",
];

#[rustfmt::skip]
fn private_app_model() -> Model {
    let example = json!({
        "name": "Jira",
        "description": "Jira App For My Org",
        "destinations": [{
            "destinationAddr": ["172.6.0.0/32", "255.100.100.0/24"],
            "protocolPorts": [{"protocol": "TCP", "ports": "80-82"}],
            "accessType": "network"
        }],
        "appProtocol": "https",
        "sni": "xyz123.jira.com",
        "externalFQDN": "https://jira-5001.ztna.ciscoplus.com",
        "sslVerificationEnabled": true,
        "applicationGroupIds": ["1122321"]
    });
    let mut browser = example.clone();
    browser["destinations"] = json!([
        {"destinationAddr": ["10.0.0.5", "10.0.0.6/32"], "protocolPorts": [{"protocol": "tcp", "ports": "443"}], "accessType": "browser"},
        {"destinationAddr": ["10.1.0.0/16"], "protocolPorts": [{"protocol": "UDP", "ports": "53"}, {"protocol": "ANY", "ports": "1-1024, 8080"}], "accessType": "network"}
    ]);
    let addr = text(&[
        "10.0.0.5", "10.0.0.5/32", "10.0.0.0/24", "172.6.0.0/32", "255.100.100.0/24", "0.0.0.0/0",
        "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "10.0.0.0/33",
        "10.0.0.0/", "10.0.0.0/08", "10.0.0.0/-1", "::1", "2001:db8::1", "::ffff:10.0.0.1",
        "fe80::1%eth0", "10.0.0.1-10.0.0.5", "10.0.0.1 - 10.0.0.9", "10.0.0.1-5",
        "host.example.com", "localhost", "10.0.0.5:443", " 10.0.0.5", "10.0.0.5 ", "",
        "1.2.3.4/32/32", "\u{ff11}.2.3.4", "1.2.3.\u{665}", "0x7f.0.0.1", "4294967296", "1e3.0.0.1",
        "+1.2.3.4", "1.2.3.4/\u{ff13}2",
    ]);
    let ports = text(&[
        "443", "80-82", "80,443,8000-8100", " 80 , 443 ", "0", "1", "65535", "65536",
        "99999999999999999999", "80-", "-80", "82-80", "80,,443", ",", "", " ", "80-82-84", "+80",
        "080", "80,80", "1-65535,443", "\u{664}\u{664}\u{663}", "80\t,\t443", "1-1", "443 ", "a",
        "80;443", "80-90,85-95",
    ]);
    let protocol = text(&[
        "TCP", "tcp", "Tcp", "UDP", "udp", "ANY", "any", "SCTP", "ICMP", "http/https", "rdp-tcp",
        "", " TCP", "TCP ", "\u{ff34}CP", "tcp\0", "\u{212a}",
    ]);
    let shape = obj(vec![
        (
            "name",
            text(&[
                "Jira", "My App 1", "", "   ", "Jira!", "Jira_App", "J\u{ed}ra", "日本語", "a-b c",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "\t", "x\u{301}",
            ]),
        ),
        ("description", text(&["Jira App For My Org", ""])),
        (
            "destinations",
            arr(obj(vec![
                ("destinationAddr", arr(addr)),
                (
                    "protocolPorts",
                    arr(obj(vec![("protocol", protocol), ("ports", ports)])),
                ),
                (
                    "accessType",
                    text(&[
                        "browser", "network", "Browser", "NETWORK", "web", "", " network",
                        "networks", "BROWSER",
                    ]),
                ),
            ])),
        ),
        (
            "appProtocol",
            text(&[
                "http", "https", "HTTPS", "Http", "ftp", "", "https ", "h t t p",
            ]),
        ),
        (
            "sni",
            text(&[
                "xyz123.jira.com", "jira.example.com", "example.com.", "a..com", "-a.com", "a-.com",
                "localhost", "1.2.3.4", "1.2.3.4.5", "exa_mple.com", "ex ample.com",
                "*.example.com", "münchen.de", "xn--mnchen-3ya.de", "", ".", "com.", "a.b.c.d.e.f",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com",
            ]),
        ),
        (
            "externalFQDN",
            text(&["https://jira-5001.ztna.ciscoplus.com", ""]),
        ),
        ("sslVerificationEnabled", Shape::Bool),
        (
            "applicationGroupIds",
            arr(text(&["1122321", "", "1122321 ", "x", "1122321"])),
        ),
    ]);
    Model {
        bases: vec![example, browser, json!({})],
        known: &[
            "name", "description", "destinations", "appProtocol", "sni", "externalFQDN",
            "sslVerificationEnabled", "applicationGroupIds", "destinationAddr", "protocolPorts",
            "accessType", "protocol", "ports",
        ],
        shape,
    }
}

#[rustfmt::skip]
fn detach_sites_model() -> Model {
    // The page's example sets both kinds of callback (an error); the others are valid variants.
    let example = json!({
        "sites": ["1234567890"],
        "callback": {
            "url": "https://webhook.site/28efa24e-f830-4d9f-a12b-fbb9e5035031",
            "sharedSecret": "secret",
            "httpServer": {"id": "aHR0cHM6Ly93d3cuZXhhbXBsZS5jb20vd2ViaG9va3M="},
            "payloadTemplate": {"id": "wpt_2100"}
        }
    });
    let with_url = json!({
        "sites": ["1234567890", "1520758"],
        "callback": {
            "url": "https://webhook.site/28efa24e-f830-4d9f-a12b-fbb9e5035031",
            "sharedSecret": "secret",
            "payloadTemplate": {"id": "wpt_2100"}
        }
    });
    let with_server = json!({
        "sites": ["1234567890"],
        "callback": {"httpServer": {"id": "aHR0cHM6Ly93d3cuZXhhbXBsZS5jb20vd2ViaG9va3M="}}
    });
    let id = text(&[
        "aHR0cHM6Ly93d3cuZXhhbXBsZS5jb20vd2ViaG9va3M=", "wpt_2100", "", " ",
    ]);
    let shape = obj(vec![
        (
            "sites",
            arr(text(&[
                "1234567890", "1520758", "", "  ", "../x", "a/b", "%2F", "1234567890",
            ])),
        ),
        (
            "callback",
            obj(vec![
                ("url", Shape::Str(pool(URLS))),
                (
                    "sharedSecret",
                    text(&[
                        "secret", "", "s3cr3t-shared-with-meraki", "https", "must", "The", "a",
                    ]),
                ),
                ("httpServer", obj(vec![("id", id.clone())])),
                ("payloadTemplate", obj(vec![("id", id)])),
            ]),
        ),
    ]);
    Model {
        bases: vec![example, with_url, with_server],
        known: &[
            "sites", "callback", "url", "sharedSecret", "httpServer", "payloadTemplate", "id",
        ],
        shape,
    }
}

#[rustfmt::skip]
fn symphony_model() -> Model {
    let key = RSA_PUBLIC_KEY;
    let sample = json!({
        "applicationInfo": {
            "appId": "my-test-app",
            "name": "My test app",
            "appUrl": "https://apps.mydomain.com/app.html",
            "domain": "mydomain.com",
            "publisher": "Acme"
        },
        "iconUrl": "https://myiconUrl.com",
        "description": "a test app",
        "allowOrigins": "mydomain.com",
        "permissions": ["SEND_MESSAGES", "GET_BASIC_USER_INFO", "MY_CUSTOM_PERMISSION_2"],
        "cert": key,
        "authenticationKeys": {
            "current": {"key": key, "action": "SAVE"},
            "previous": {"key": key, "expirationDate": 1700815176000i64, "action": "EXTEND"}
        },
        "notification": {"url": "https://mydomain.com/notifications", "apiKey": "api-key-value-123"},
        "properties": [{"key": "theme", "value": "dark"}, {"key": "empty", "value": ""}]
    });
    // The page's own values, with its escaped PEM.
    let page = json!({
        "iconUrl": "https://myiconUrl.com",
        "description": "a test app",
        "allowOrigins": "mydomain.com",
        "permissions": ["SEND_MESSAGES"],
        "cert": "-----BEGIN PUBLIC KEY-----\\nMIICIANBgkqhw0BAQ...cCAwEAAQ==\\n-----END PUBLIC KEY-----"
    });
    let body: String = key
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<Vec<_>>()
        .join("\n");
    let pems: Vec<String> = vec![
        key.to_owned(),
        key.replace('\n', "\r\n"),
        key.replace('\n', "\\n"),
        key.trim_end().to_owned(),
        format!("  {key}  "),
        key.replace("-----END PUBLIC KEY-----", "-----END PRIVATE KEY-----"),
        key.replace("-----END PUBLIC KEY-----\n", ""),
        key.replace("-----BEGIN PUBLIC KEY-----\n", ""),
        format!("{key}{key}"),
        format!("{key}trailing"),
        format!("junk\n{key}"),
        format!("-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n"),
        format!("-----BEGIN PUBLIC KEY-----\n!!!{body}\n-----END PUBLIC KEY-----\n"),
        format!(
            "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
            body.replace('\n', "")
        ),
        format!("-----BEGIN RSA PUBLIC KEY-----\n{body}\n-----END RSA PUBLIC KEY-----\n"),
        format!("-----BEGIN -----\n{body}\n-----END -----\n"),
        format!("-----BEGIN PUBLIC KEY-----\n{body}=\n-----END PUBLIC KEY-----\n"),
        "-----BEGIN PUBLIC KEY-----".to_owned(),
        "-----".to_owned(),
        "-----BEGIN PUBLIC KEY-----\\nMIICIANBgkqhw0BAQ...cCAwEAAQ==\\n-----END PUBLIC KEY-----"
            .to_owned(),
        String::new(),
    ];
    let pem = Shape::Str(pems);
    let url = Shape::Str(pool(URLS));
    let a256 = "a".repeat(256);
    let a257 = "a".repeat(257);
    let e257 = "é".repeat(257);
    let k1024 = "k".repeat(1024);
    let k1025 = "k".repeat(1025);
    let v4096 = "v".repeat(4096);
    let v4097 = "v".repeat(4097);
    let e2049 = "é".repeat(2049);
    let e4097 = "é".repeat(4097);
    let shape = obj(vec![
        (
            "applicationInfo",
            obj(vec![
                (
                    "appId",
                    Shape::Str(vec![
                        "my-test-app".into(), String::new(), a256, a257, e257, "\u{1f600}".into(),
                    ]),
                ),
                ("name", text(&["My test app", "", "  ", "\u{200b}", "x"])),
                ("appUrl", url.clone()),
                (
                    "domain",
                    text(&[
                        "mydomain.com", "apps.mydomain.com", "MYDOMAIN.COM.", "other.com", "",
                        "com", "1.2.3.4", "127.0.0.1", ".mydomain.com", "ydomain.com", "[::1]",
                        "example.com", "pps.mydomain.com",
                    ]),
                ),
                ("publisher", text(&["Acme", ""])),
            ]),
        ),
        ("iconUrl", url.clone()),
        ("description", text(&["a test app", ""])),
        (
            "allowOrigins",
            text(&[
                "mydomain.com", "a.com, b.com", "a.com,,b.com", "https://a.com", "", " ", ",",
                "a.com,", "*", "localhost", "1.2.3.4", "a.com/path",
            ]),
        ),
        (
            "permissions",
            arr(Shape::Str(vec![
                "SEND_MESSAGES".into(), "send_messages".into(), " SEND_MESSAGES ".into(),
                String::new(), "   ".into(), "A".repeat(64), "A".repeat(65), "a".repeat(65),
                "MY_CUSTOM_PERMISSION_2".into(), "SEND-MESSAGES".into(), "\u{c0}B".into(),
                "TRUST_APP".into(), "SEND_MESSAGES".into(),
            ])),
        ),
        ("cert", pem.clone()),
        (
            "authenticationKeys",
            obj(vec![
                (
                    "current",
                    obj(vec![
                        ("key", pem.clone()),
                        (
                            "expirationDate",
                            Shape::Int(vec![
                                1_700_815_176_000, 0, -1, 1, (1 << 53) - 1, 1 << 53, i64::MAX,
                                i64::MIN,
                            ]),
                        ),
                        (
                            "action",
                            text(&["SAVE", "REVOKE", "EXTEND", "save", "", "DELETE"]),
                        ),
                    ]),
                ),
                (
                    "previous",
                    obj(vec![
                        ("key", pem),
                        (
                            "expirationDate",
                            Shape::Int(vec![
                                1_700_815_176_000, 0, -1, 1, (1 << 53) - 1, 1 << 53, i64::MAX,
                                i64::MIN,
                            ]),
                        ),
                        (
                            "action",
                            text(&["SAVE", "REVOKE", "EXTEND", "extend", "", "DELETE"]),
                        ),
                    ]),
                ),
            ]),
        ),
        (
            "notification",
            obj(vec![
                ("url", url),
                ("apiKey", text(&["api-key-value-123", "", "https", "must"])),
            ]),
        ),
        (
            "properties",
            arr(obj(vec![
                (
                    "key",
                    Shape::Str(vec![
                        "theme".into(), String::new(), "password".into(), "API_KEY".into(),
                        "Token".into(), "dbSecret".into(), k1024, k1025, "theme".into(),
                    ]),
                ),
                (
                    "value",
                    Shape::Str(vec![
                        "dark".into(), String::new(), v4096, v4097, e2049, e4097,
                    ]),
                ),
            ])),
        ),
    ]);
    Model {
        bases: vec![sample, page, json!({})],
        known: &[
            "applicationInfo", "iconUrl", "description", "allowOrigins", "permissions", "cert",
            "authenticationKeys", "notification", "properties", "appId", "name", "appUrl", "domain",
            "publisher", "current", "previous", "key", "expirationDate", "action", "url", "apiKey",
            "value",
        ],
        shape,
    }
}

/// Secrets a receiver may expect; payloads carry these and near misses of them.
#[rustfmt::skip]
const SECRETS: &[&str] = &[
    "s3cr3t-shared-with-meraki", "secret", "", "s3cr3t-shared-with-merakI",
    "s3cr3t-shared-with-meraki\0", "é€\u{1f600}",
];

#[rustfmt::skip]
fn callback_model() -> Model {
    let payload = json!({
        "organization": {"id": "2930418", "name": "My organization"},
        "network": {"id": "L_24329156", "name": "Main Office"},
        "sentAt": "2024-07-03T12:00:00.123456Z",
        "callbackId": "1284392014819",
        "message": {
            "action": "detach",
            "status": "success",
            "message": "Site detached successfully",
            "request": {"siteId": "1520758"}
        },
        "sharedSecret": "s3cr3t-shared-with-meraki"
    });
    let s = text(&[
        "2930418", "My organization", "", "detach", "success", "failed",
    ]);
    let part = obj(vec![("id", s.clone()), ("name", s.clone())]);
    let shape = obj(vec![
        ("organization", part.clone()),
        ("network", part),
        ("sentAt", text(&["2024-07-03T12:00:00.123456Z", ""])),
        ("callbackId", text(&["1284392014819", ""])),
        (
            "message",
            obj(vec![
                ("action", s.clone()),
                ("status", s.clone()),
                ("message", s.clone()),
                ("request", obj(vec![("siteId", s)])),
            ]),
        ),
        ("sharedSecret", text(SECRETS)),
    ]);
    Model {
        bases: vec![payload, json!({"sharedSecret": "secret"})],
        known: &[
            "organization", "network", "id", "name", "sentAt", "callbackId", "message", "action",
            "status", "request", "siteId", "sharedSecret",
        ],
        shape,
    }
}

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------

/// A generated value, shown on failure as compact JSON with long strings elided (a failing case
/// may hold 1 MB strings; the fixed seed reproduces it in full).
struct Input(Value);

impl fmt::Debug for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn elide(s: &str) -> String {
            if s.len() <= 300 {
                return s.to_owned();
            }
            let end = s.char_indices().nth(40).map_or(s.len(), |(i, _)| i);
            format!("{}…<{} bytes>", &s[..end], s.len())
        }
        fn walk(v: &Value) -> Value {
            match v {
                Value::String(s) => Value::String(elide(s)),
                Value::Array(items) => Value::Array(items.iter().map(walk).collect()),
                Value::Object(m) => {
                    Value::Object(m.iter().map(|(k, v)| (elide(k), walk(v))).collect())
                }
                other => other.clone(),
            }
        }
        let text = walk(&self.0).to_string();
        f.write_str(&short_n(&text, 20_000))
    }
}

fn short_n(s: &str, limit: usize) -> String {
    match s.char_indices().nth(limit) {
        None => s.to_owned(),
        Some((end, _)) => format!("{}… ({} bytes in all)", &s[..end], s.len()),
    }
}

fn inputs(model: Model) -> impl Strategy<Value = Input> {
    values(model).prop_map(Input)
}

proptest! {
    #![proptest_config(config(1))]
    #[test]
    fn private_app_validate_holds_its_invariants(v in inputs(private_app_model())) {
        check_report(&v.0, &private_app::validate(&v.0), private_app::CODES)?;
    }
}

proptest! {
    #![proptest_config(config(2))]
    #[test]
    fn detach_sites_validate_holds_its_invariants(v in inputs(detach_sites_model())) {
        check_report(&v.0, &detach_sites::validate(&v.0), detach_sites::CODES)?;
    }
}

proptest! {
    #![proptest_config(config(3))]
    #[test]
    fn symphony_validate_holds_its_invariants(v in inputs(symphony_model())) {
        check_report(&v.0, &symphony::validate(&v.0), symphony::CODES)?;
    }
}

proptest! {
    #![proptest_config(config(4))]
    #[test]
    fn callback_verify_holds_its_invariants(
        v in inputs(callback_model()),
        secret in prop_oneof![4 => select(SECRETS).prop_map(str::to_owned), 1 => short_string()],
    ) {
        check_verify(&v.0, &secret)?;
    }
}

/// The checks themselves catch what they should.
#[test]
fn the_checks_refuse_bad_reports() {
    let input = json!({"a": [1, {"b/c": 2}]});
    let issue = |path: &str, code: &'static str, message: &str| ValidationIssue {
        path: path.into(),
        code,
        message: message.into(),
    };
    let codes: &[(&str, &str)] = &[("type", ""), ("required", "")];
    let ok = |i: ValidationIssue| check_issue(&input, &i, codes, &["required"]).is_ok();
    assert!(ok(issue("", "type", "x")));
    assert!(ok(issue("/a/1/b~1c", "type", "x")));
    assert!(ok(issue("/a/1", "required", "x")));
    assert!(ok(issue("/a/1/missing", "required", "x")));
    assert!(!ok(issue("/a/1/missing", "type", "x")));
    assert!(!ok(issue("/a/0/missing", "required", "x")));
    assert!(!ok(issue("/a/0", "required", "x")));
    assert!(!ok(issue("/a/1/b/c", "type", "x")));
    assert!(!ok(issue("/a/1/b~2c", "type", "x")));
    assert!(!ok(issue("a", "type", "x")));
    assert!(!ok(issue("/a/2", "type", "x")));
    assert!(!ok(issue("", "other", "x")));
    assert!(!ok(issue("", "type", " ")));
    assert!(!ok(issue("", "type", &"x".repeat(MESSAGE_LIMIT + 1))));
    let report = ValidationReport {
        valid: true,
        errors: vec![issue("", "type", "x")],
        warnings: vec![],
    };
    assert!(check_report(&input, &report, codes).is_err());
}
