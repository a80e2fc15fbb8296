//! The invariants every fuzz target asserts (the same as `tests/properties.rs`): for any JSON
//! value, a validator answers without panicking, `valid` is true exactly when there is no error,
//! each issue sits at an RFC 6901 pointer that resolves in the input (or, for a missing field, at
//! an absent member of an object that exists), its code is listed in the validator's `CODES`, and
//! its message is non-empty and at most [`message_limit`] bytes.

use std::sync::OnceLock;

use app_admin_wasm::core::json;
use app_admin_wasm::core::report::{ValidationIssue, ValidationReport};
use serde_json::Value;

/// The longest message allowed, in bytes: 600, or `FUZZ_MESSAGE_LIMIT` when it is set (to look
/// past a known overlong message for other problems).
pub fn message_limit() -> usize {
    static LIMIT: OnceLock<usize> = OnceLock::new();
    *LIMIT.get_or_init(|| {
        std::env::var("FUZZ_MESSAGE_LIMIT")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(600)
    })
}

/// The input as JSON, read twice: by serde_json (for the checks) and by the crate's own reader
/// (what the validators take, as in the package). `None` when it is not JSON (the fuzzer then
/// moves on).
pub fn parse(data: &[u8]) -> Option<(Value, json::Value<'_>)> {
    let text = std::str::from_utf8(data).ok()?;
    Some((serde_json::from_str(text).ok()?, json::parse(text).ok()?))
}

/// Whether `path` is an RFC 6901 pointer: empty, or starting with `/`, with every `~` followed
/// by `0` or `1`.
pub fn is_json_pointer(path: &str) -> bool {
    if path.is_empty() {
        return true;
    }
    let b = path.as_bytes();
    b[0] == b'/'
        && b.iter()
            .enumerate()
            .all(|(i, c)| *c != b'~' || matches!(b.get(i + 1), Some(b'0' | b'1')))
}

/// Asserts the invariants of one issue; `missing_ok` lists the codes that may point at an
/// absent member of an existing object.
pub fn check_issue(
    input: &Value,
    issue: &ValidationIssue,
    codes: &[(&str, &str)],
    missing_ok: &[&str],
) {
    let path = issue.path.as_str();
    assert!(
        codes.iter().any(|(c, _)| *c == issue.code),
        "code not in CODES: {issue:?}"
    );
    assert!(is_json_pointer(path), "not a JSON Pointer: {issue:?}");
    match input.pointer(path) {
        Some(target) => assert!(
            issue.code != "required" || target.is_object(),
            "`required` at a non-object: {issue:?}"
        ),
        None => {
            let parent = path.rsplit_once('/').map_or("", |(p, _)| p);
            assert!(
                missing_ok.contains(&issue.code)
                    && !path.is_empty()
                    && input.pointer(parent).is_some_and(Value::is_object),
                "path does not resolve in the input: {issue:?}"
            );
        }
    }
    assert!(!issue.message.trim().is_empty(), "empty message: {issue:?}");
    assert!(
        issue.message.len() <= message_limit(),
        "message of {} bytes (limit {}): {issue:?}",
        issue.message.len(),
        message_limit()
    );
}

/// Asserts the invariants of a validator's report.
pub fn check_report(input: &Value, report: &ValidationReport, codes: &[(&str, &str)]) {
    assert_eq!(
        report.valid,
        report.errors.is_empty(),
        "valid disagrees with errors: {report:?}"
    );
    for issue in report.errors.iter().chain(&report.warnings) {
        check_issue(input, issue, codes, &["required"]);
    }
}
