//! Parity of our JSON reader (`app_admin_wasm::core::json`) with `serde_json`.
//!
//! The shipped wasm reads request bodies with `core::json` instead of `serde_json::Value`, so
//! `serde_json` (still a dependency, and what the reader replaced) is the oracle here:
//!
//! - any JSON value `serde_json` writes (compact and pretty; strings with control characters,
//!   quotes, backslashes and astral characters; i64, u64 and finite f64 numbers) is read by
//!   `parse`; `write` gives text that `serde_json` reads back to the same value; objects answer
//!   `get` for each of their names and keep their order; numbers answer `as_i64`, `is_i64` and
//!   `is_u64` as `serde_json` does and `as_f64` within 8 ulps of it (exact on Clinger's fast path); `pointer` finds every node;
//! - on arbitrary text (JSON-ish byte soup, token soup, one-character mutations of valid JSON,
//!   nesting around the depth limit) `parse` accepts exactly what `serde_json` accepts, with one
//!   deliberate difference: a number past `f64`'s range (`1e400`) is refused by `serde_json` and
//!   accepted by us, as by `JSON.parse`; and where `serde_json` stops at its recursion limit,
//!   `parse` answers `Error::TooDeep`;
//! - nothing panics (a panic fails the case).
//!
//! The runs are seeded, so `cargo test` is reproducible; set `PROPTEST_RNG_SEED=<u64>` to explore
//! other values and `PROPTEST_CASES=<n>` to run more (or fewer) of them.
#![cfg(not(target_arch = "wasm32"))]

use app_admin_wasm::core::json;
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::test_runner::TestCaseError;
use serde_json::Value;

#[path = "support/seeded.rs"]
mod seeded;

/// The default seed (each test adds its own offset); `PROPTEST_RNG_SEED` replaces it.
const SEED: u64 = 0x5eed_0150;

fn config(cases: u32, offset: u64) -> ProptestConfig {
    seeded::config(cases, SEED + offset)
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

/// Characters that JSON escapes or that trip naive code.
#[rustfmt::skip]
const SPECIAL_CHARS: &[char] = &[
    '"', '\\', '/', '\0', '\u{1}', '\u{8}', '\u{c}', '\n', '\r', '\t', '\u{1f}', ' ', '\u{7f}',
    'é', '\u{301}', '\u{2028}', '\u{2029}', '\u{feff}', '\u{fffd}', '\u{ffff}', '\u{10000}',
    '\u{1f600}', '\u{10ffff}', '~',
];

fn string_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => select(SPECIAL_CHARS),
        2 => prop::char::range('\0', '\u{1f}'),
        3 => prop::char::range('a', 'z'),
        3 => any::<char>(),
    ]
}

fn json_string() -> impl Strategy<Value = String> {
    prop::collection::vec(string_char(), 0..10).prop_map(String::from_iter)
}

/// Finite doubles of every magnitude (normal and subnormal), and short decimals as people and
/// `JSON.stringify` write them.
fn finite_f64() -> impl Strategy<Value = f64> {
    use prop::num::f64::{NEGATIVE, NORMAL, POSITIVE, SUBNORMAL, ZERO};
    prop_oneof![
        3 => POSITIVE | NEGATIVE | NORMAL | SUBNORMAL | ZERO,
        2 => (-1_000_000i64..1_000_000, 0i32..9).prop_map(|(m, e)| m as f64 / 10f64.powi(e)),
        1 => any::<i32>().prop_map(f64::from),
        1 => (1.0f64..2.0, -330i32..308).prop_map(|(m, e)| m * 10f64.powi(e)),
        1 => select(&[
            f64::MAX, f64::MIN, f64::MIN_POSITIVE, f64::EPSILON, 5e-324, -5e-324, 1e308, 1e-308,
            9007199254740992.0, 9007199254740994.0, 9223372036854775808.0, 18446744073709551616.0,
            0.1, 0.2, 0.3, 1e21, 1e22, 1e23, 2.225073858507201e-308,
        ][..]),
    ]
}

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        2 => any::<i64>().prop_map(Value::from),
        1 => any::<u64>().prop_map(Value::from),
        1 => (i64::MAX as u64..=u64::MAX).prop_map(Value::from),
        1 => select(&[0i64, -1, 1, i64::MIN, i64::MAX][..]).prop_map(Value::from),
        2 => (-1000i64..1000).prop_map(Value::from),
        4 => finite_f64().prop_map(|f| {
            Value::Number(serde_json::Number::from_f64(f).expect("a finite double"))
        }),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        json_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(json_string(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// The bytes JSON's grammar is made of.
const JSONISH: &str = "{}[],:\"\\ -+.eE0123456789tfnrul";

fn jsonish_char() -> impl Strategy<Value = char> {
    let alphabet: Vec<char> = JSONISH.chars().collect();
    prop_oneof![
        20 => select(alphabet),
        1 => select(&['\n', '\t', '\r', '\0', '/', 'x', 'a', '\u{0b}', '\u{a0}', '\u{1f600}'][..]),
        1 => any::<char>(),
    ]
}

/// JSON-ish byte soup.
fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(jsonish_char(), 0..24).prop_map(String::from_iter)
}

/// Tokens, valid and nearly valid, run together: far more often whole JSON than byte soup.
#[rustfmt::skip]
const TOKENS: &[&str] = &[
    "{", "}", "[", "]", ",", ":", " ", "\n", "{", "[", "]", "}", ",", ":",
    "\"a\"", "\"\"", "\"\\u00e9\"", "\"\\ud83d\\ude00\"", "\"\\ud800\"", "\"\\udc00\"",
    "\"\\ud800\\u0041\"", "\"\\uD83D\\uDE00\"", "\"\\u12\"", "\"\\x\"", "\"\\/\\b\\f\\n\\r\\t\"",
    "\"\t\"", "\"\u{7f}\"", "\"😀\"", "\"", "\\",
    "0", "-0", "1", "-1", "12", "01", "-", "1.", ".5", "1.5", "-12.5e+3", "1E-2", "1e", "1e+",
    "9223372036854775808", "-9223372036854775809", "18446744073709551616",
    "1e400", "-1e400", "1e-400", "1.7976931348623157e308", "1.7976931348623159e308",
    "true", "false", "null", "tru", "nul", "True", "NaN", "Infinity",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(select(TOKENS), 0..16).prop_map(|t| t.concat())
}

/// Valid JSON texts: generated, and a few that `serde_json` would not write itself.
fn valid_text() -> impl Strategy<Value = String> {
    let fixed = select(
        &[
            r#"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#,
            " \n\t{ \"a\" : [ 1 , 2 ] } \r\n",
            r#""esc \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00 end""#,
            "[0, -0, 1.5, -2.25e3, 1E+2, 3e-2, 123456789012345678901234567890]",
            r#"{"a":1,"a":2}"#,
            "[1e400, -1E+999, 1e-400]",
            "[[[[[[[[[[1]]]]]]]]]]",
            "{\"\u{1f600}\":\"\\u0000\"}",
        ][..],
    )
    .prop_map(str::to_owned);
    prop_oneof![
        2 => json_value().prop_map(|v| serde_json::to_string(&v).expect("serializable")),
        1 => json_value().prop_map(|v| serde_json::to_string_pretty(&v).expect("serializable")),
        1 => fixed,
    ]
}

#[derive(Debug, Clone)]
enum Edit {
    Delete,
    Insert(char),
    Replace(char),
}

/// A valid text with one character deleted, inserted or replaced.
fn mutated() -> impl Strategy<Value = String> {
    let edit = prop_oneof![
        Just(Edit::Delete),
        jsonish_char().prop_map(Edit::Insert),
        jsonish_char().prop_map(Edit::Replace),
    ];
    (valid_text(), any::<Index>(), edit).prop_map(|(text, at, edit)| {
        let mut chars: Vec<char> = text.chars().collect();
        match edit {
            Edit::Insert(c) => chars.insert(at.index(chars.len() + 1), c),
            Edit::Delete if !chars.is_empty() => {
                chars.remove(at.index(chars.len()));
            }
            Edit::Replace(c) if !chars.is_empty() => {
                let i = at.index(chars.len());
                chars[i] = c;
            }
            _ => {}
        }
        chars.into_iter().collect()
    })
}

/// Arrays and objects nested around `serde_json`'s recursion limit, closed, left open or broken.
fn deep() -> impl Strategy<Value = String> {
    let opener = select(&["[", "{\"k\":", "[1,", "{\"a\":0,\"k\":", "[ "][..]);
    let leaf = select(&["1", "[]", "{}", "\"x\"", "1e400", "", "]", "[1,]", "null"][..]);
    let ending = select(&["closed", "open", "extra"][..]);
    (
        100usize..=140,
        prop::collection::vec(opener, 1..4),
        leaf,
        ending,
    )
        .prop_map(|(depth, openers, leaf, ending)| {
            let mut text = String::new();
            let mut closers = Vec::new();
            for i in 0..depth {
                let opener = openers[i % openers.len()];
                text.push_str(opener);
                closers.push(if opener.starts_with('[') { ']' } else { '}' });
            }
            text.push_str(leaf);
            match ending {
                "closed" => text.extend(closers.iter().rev()),
                "open" => text.extend(closers.iter().rev().skip(closers.len() / 2)),
                _ => {
                    text.extend(closers.iter().rev());
                    text.push(']');
                }
            }
            text
        })
}

// ---------------------------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------------------------

fn short(s: &str) -> String {
    const LIMIT: usize = 300;
    if s.chars().count() <= LIMIT {
        format!("{s:?}")
    } else {
        let head: String = s.chars().take(LIMIT).collect();
        format!("{head:?}… ({} bytes)", s.len())
    }
}

/// Our value written (identity edit) and read back by `serde_json`.
fn written(value: &json::Value) -> Result<Value, TestCaseError> {
    let mut out = String::new();
    json::write(value, &|s: &str| s.to_owned(), &mut out);
    serde_json::from_str(&out).map_err(|e| {
        TestCaseError::fail(format!("we wrote {} which is not JSON: {e}", short(&out)))
    })
}

/// How many doubles lie between `a` and `b` (0 for `0.0` and `-0.0`).
fn ulps(a: f64, b: f64) -> u64 {
    if a == b {
        return 0;
    }
    // Doubles ordered as integers: negative ones mirrored below zero.
    let key = |f: f64| {
        let bits = f.to_bits() as i64;
        if bits < 0 {
            i64::MIN - bits
        } else {
            bits
        }
    };
    key(a).abs_diff(key(b))
}

/// Whether `a` and `b` are the same JSON, doubles allowed `max_ulps` apart.
fn close(a: &Value, b: &Value, max_ulps: u64) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() && y.is_f64() => {
            match (x.as_f64(), y.as_f64()) {
                (Some(x), Some(y)) => ulps(x, y) <= max_ulps,
                _ => false,
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| close(x, y, max_ulps))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((kx, x), (ky, y))| kx == ky && close(x, y, max_ulps))
        }
        _ => a == b,
    }
}

fn pointer_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Walks our value beside `serde_json`'s reading of the same (generated) text.
fn same_tree(
    root: &json::Value,
    ours: &json::Value,
    theirs: &Value,
    path: &str,
    f64s: Floats,
) -> Result<(), TestCaseError> {
    if !path.is_empty() {
        let found = root.pointer(path);
        prop_assert!(
            found.is_some_and(|v| std::ptr::eq(v, ours)),
            "pointer {} finds {:?}",
            short(path),
            found
        );
    }
    match (ours, theirs) {
        (json::Value::Null, Value::Null) => prop_assert!(ours.is_null()),
        (json::Value::Bool(a), Value::Bool(b)) => prop_assert_eq!(a, b),
        (json::Value::String(a), Value::String(b)) => {
            prop_assert_eq!(a.as_ref(), b.as_str());
            prop_assert_eq!(ours.as_str(), Some(b.as_str()));
        }
        (json::Value::Number(a), Value::Number(b)) => {
            let text = a.as_text();
            prop_assert_eq!(a.as_i64(), b.as_i64(), "as_i64 of {}", text);
            prop_assert_eq!(a.is_i64(), b.is_i64(), "is_i64 of {}", text);
            prop_assert_eq!(a.is_u64(), b.is_u64(), "is_u64 of {}", text);
            match (f64s, b.as_f64()) {
                (Floats::Check, Some(expected)) => {
                    let got = a.as_f64();
                    let exact: f64 = text.parse().expect("a JSON number is a Rust float");
                    prop_assert!(
                        got.is_finite() && ulps(got, expected) <= 8,
                        "as_f64 of {}: ours {:?}, serde_json {:?} ({} ulps apart; \
                         correctly rounded {:?}, {} ulps from ours)",
                        text,
                        got,
                        expected,
                        ulps(got, expected),
                        exact,
                        ulps(got, exact)
                    );
                }
                (Floats::Check, None) => prop_assert!(false, "serde_json has no f64 for {}", text),
                (Floats::Skip, _) => {}
            }
        }
        (json::Value::Array(items), Value::Array(expected)) => {
            prop_assert_eq!(ours.as_array().map(<[_]>::len), Some(expected.len()));
            prop_assert_eq!(items.len(), expected.len());
            for (i, (a, b)) in items.iter().zip(expected).enumerate() {
                same_tree(root, a, b, &format!("{path}/{i}"), f64s)?;
            }
        }
        (json::Value::Object(map), Value::Object(expected)) => {
            prop_assert_eq!(map.len(), expected.len());
            prop_assert_eq!(map.is_empty(), expected.is_empty());
            let keys: Vec<&str> = map.keys().collect();
            let expected_keys: Vec<&str> = expected.keys().map(String::as_str).collect();
            prop_assert_eq!(keys, expected_keys, "member names, in order");
            for ((key, a), (_, b)) in map.iter().zip(expected) {
                let got = map.get(key);
                prop_assert!(
                    got.is_some_and(|v| std::ptr::eq(v, a)),
                    "get({}) finds {:?}",
                    short(key),
                    got
                );
                prop_assert!(ours.get(key).is_some_and(|v| std::ptr::eq(v, a)));
                same_tree(root, a, b, &format!("{path}/{}", pointer_token(key)), f64s)?;
            }
            let absent = format!(
                "{}\u{0}absent",
                expected.keys().next_back().map_or("", |k| k)
            );
            prop_assert_eq!(map.get(&absent).is_some(), expected.contains_key(&absent));
        }
        _ => prop_assert!(false, "ours {:?}, serde_json {:?}", ours, theirs),
    }
    Ok(())
}

/// Whether [`same_tree`] checks `as_f64` (a property of its own, so that a failure there does
/// not hide the others).
#[derive(Debug, Clone, Copy)]
enum Floats {
    Check,
    Skip,
}

/// Property 1: what `serde_json` wrote for `original` is read, written and looked into alike.
fn check_written(original: &Value, text: &str, f64s: Floats) -> Result<(), TestCaseError> {
    let theirs: Value = serde_json::from_str(text).expect("serde_json reads what it writes");
    let ours =
        json::parse(text).map_err(|e| TestCaseError::fail(format!("{e:?} for {}", short(text))))?;
    let back = written(&ours)?;
    // The same numbers' text, read by the same `serde_json`: exactly equal.
    prop_assert_eq!(&back, &theirs, "written back, for {}", short(text));
    // `serde_json` without `float_roundtrip` reads about 30% of random doubles 1 ulp off what it
    // wrote (0.2% 2 ulps off), so the original is matched with that slack.
    prop_assert!(
        close(&back, original, 2),
        "written back {:?}, original {:?}",
        back,
        original
    );
    same_tree(&ours, &ours, &theirs, "", f64s)
}

/// Where `serde_json` refused `text` for a number past `f64`'s range: the byte range of that
/// number, if it is one we read as infinite.
fn out_of_range_number(text: &str, error: &serde_json::Error) -> Option<std::ops::Range<usize>> {
    if !error.to_string().starts_with("number out of range") {
        return None;
    }
    // `serde_json` counts lines from 1 and columns in bytes from 1; the error is at or just past
    // the number's last byte.
    let line_start: usize = text
        .split_inclusive('\n')
        .take(error.line() - 1)
        .map(str::len)
        .sum();
    let bytes = text.as_bytes();
    let is_number_byte =
        |b: u8| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E');
    let at = (line_start + error.column()).min(bytes.len());
    let mut end = (at.saturating_sub(2)..=at)
        .rev()
        .find(|&i| i > 0 && is_number_byte(bytes[i - 1]))?;
    let mut start = end;
    while start > 0 && is_number_byte(bytes[start - 1]) {
        start -= 1;
    }
    // Forward again from the start, by JSON's grammar, to where serde_json stopped.
    end = start;
    let digits = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    if bytes.get(end) == Some(&b'-') {
        end += 1;
    }
    end = digits(end);
    if bytes.get(end) == Some(&b'.') {
        end = digits(end + 1);
    }
    if matches!(bytes.get(end), Some(b'e' | b'E')) {
        end += 1;
        if matches!(bytes.get(end), Some(b'+' | b'-')) {
            end += 1;
        }
        end = digits(end);
    }
    // A number followed by what could continue one (`1e400.5`) is refused for that.
    if bytes.get(end).copied().is_some_and(is_number_byte) {
        return None;
    }
    match json::parse(&text[start..end]) {
        Ok(json::Value::Number(n)) if n.as_f64().is_infinite() => Some(start..end),
        _ => None,
    }
}

/// `serde_json`'s verdict on `text`, with the one difference we make on purpose: a number past
/// `f64`'s range is read (as infinite, as `JSON.parse` does), so such a number is replaced by `0`
/// before `serde_json` judges the rest.
fn serde_verdict(text: &str) -> Result<Value, serde_json::Error> {
    let mut text = text.to_owned();
    loop {
        match serde_json::from_str::<Value>(&text) {
            Err(e) => match out_of_range_number(&text, &e) {
                Some(range) => text.replace_range(range, "0"),
                None => return Err(e),
            },
            verdict => return verdict,
        }
    }
}

/// Property 2: `parse` accepts exactly what `serde_json` accepts (past the deliberate difference
/// above), refuses its recursion limit as `TooDeep`, reads the same value, and never panics.
fn check_verdict(text: &str) -> Result<(), TestCaseError> {
    let ours = json::parse(text);
    let theirs = serde_verdict(text);
    match (&ours, &theirs) {
        (Ok(value), Ok(expected)) => {
            // With a number past f64's range there is no value of serde_json's to compare with.
            if let Ok(direct) = serde_json::from_str::<Value>(text) {
                let back = written(value)?;
                prop_assert_eq!(&back, &direct, "written back, for {}", short(text));
                prop_assert_eq!(&direct, expected);
            }
        }
        (Err(error), Err(e)) => {
            let too_deep = e.to_string().contains("recursion limit");
            prop_assert_eq!(
                *error == json::Error::TooDeep,
                too_deep,
                "for {}: ours {:?}, serde_json {}",
                short(text),
                error,
                e
            );
        }
        _ => prop_assert!(
            false,
            "for {}: ours {:?}, serde_json {:?}",
            short(text),
            ours.as_ref().map(|_| "accepted"),
            theirs
                .as_ref()
                .map(|_| "accepted")
                .map_err(ToString::to_string)
        ),
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(1_000, 1))]
    #[test]
    fn what_serde_json_writes_is_read_and_written_back_alike(v in json_value()) {
        check_written(&v, &serde_json::to_string(&v).expect("serializable"), Floats::Skip)?;
        check_written(&v, &serde_json::to_string_pretty(&v).expect("serializable"), Floats::Skip)?;
    }
}

proptest! {
    #![proptest_config(config(1_000, 6))]
    #[test]
    fn numbers_serde_json_writes_read_as_f64_within_8_ulps_of_it(
        v in prop::collection::vec(number(), 1..16).prop_map(Value::Array),
    ) {
        check_written(&v, &serde_json::to_string(&v).expect("serializable"), Floats::Check)?;
    }
}

proptest! {
    #![proptest_config(config(3_000, 2))]
    #[test]
    fn jsonish_soup_is_accepted_exactly_when_serde_json_accepts(text in soup()) {
        check_verdict(&text)?;
    }
}

proptest! {
    #![proptest_config(config(3_000, 3))]
    #[test]
    fn token_soup_is_accepted_exactly_when_serde_json_accepts(text in token_soup()) {
        check_verdict(&text)?;
    }
}

proptest! {
    #![proptest_config(config(2_000, 4))]
    #[test]
    fn mutated_json_is_accepted_exactly_when_serde_json_accepts(text in mutated()) {
        check_verdict(&text)?;
    }
}

proptest! {
    #![proptest_config(config(500, 5))]
    #[test]
    fn nesting_past_serde_json_limit_is_too_deep(text in deep()) {
        check_verdict(&text)?;
    }
}

/// The deliberate difference, and the checks' own footing.
#[test]
fn the_checks_hold_their_ground() {
    // Past f64's range: serde_json refuses, we read an infinite number; the rest still counts.
    assert!(serde_json::from_str::<Value>("[1e400, 1]").is_err());
    assert!(serde_verdict("[1e400, 1]").is_ok());
    assert!(serde_verdict("[-1E+999,\n 2e400 ]").is_ok());
    assert!(serde_verdict("[1e400,]").is_err());
    assert!(serde_verdict("[1e400 1]").is_err());
    assert!(serde_verdict("1e400x").is_err());
    assert!(serde_verdict("1e400.5").is_err());
    for text in [
        "[1e400, 1]",
        "{\"a\":\n-1e400}",
        "1e99999999999999999999",
        "1e400.5",
    ] {
        check_verdict(text).unwrap();
    }
    // A number in range is no exception, even where serde_json refuses something else.
    assert!(serde_verdict("[1e300 1]").is_err());
    // The walk and the comparison see a difference.
    let ours = json::parse(r#"{"a":[1,"x"]}"#).unwrap();
    let walk = |theirs: Value| same_tree(&ours, &ours, &theirs, "", Floats::Check);
    assert!(walk(serde_json::json!({"a": [1, "x"]})).is_ok());
    assert!(walk(serde_json::json!({"a": [2, "x"]})).is_err());
    assert!(walk(serde_json::json!({"a": [1, "y"]})).is_err());
    assert!(walk(serde_json::json!({"b": [1, "x"]})).is_err());
    assert!(walk(serde_json::json!({"a": [1.0, "x"]})).is_err());
    assert!(close(
        &serde_json::json!([1.0, {"a": 2}]),
        &serde_json::json!([1.0, {"a": 2}]),
        0
    ));
    assert!(!close(
        &serde_json::json!([1.0]),
        &serde_json::json!([1]),
        2
    ));
    assert!(!close(
        &serde_json::json!([0.1]),
        &serde_json::json!([0.2]),
        2
    ));
    assert_eq!(ulps(1.0, 1.0 + f64::EPSILON), 1);
    assert_eq!(ulps(-0.0, 0.0), 0);
    assert_eq!(ulps(-f64::from_bits(1), f64::from_bits(1)), 2);
}
