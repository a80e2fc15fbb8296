//! JavaScript values in, JSON out: `JSON.stringify` gives the exact text that will be sent, and
//! turns what JSON cannot express (cycles, BigInt) into an issue instead of a trap.

use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::core::report::{Path, Reporter, ValidationIssue, ValidationReport};

/// A JS value as JSON: the parsed value and the exact text.
pub struct Json {
    /// The parsed value.
    pub value: Value,
    /// The text `JSON.stringify` produced, sent byte for byte.
    pub text: String,
}

/// Converts `value`, or says why it cannot be JSON.
pub fn of(value: &JsValue) -> Result<Json, ValidationIssue> {
    let issue = |code, message: &str| {
        let mut r = Reporter::new();
        r.error(&Path::Root, code, message);
        r.finish().errors.remove(0)
    };
    let text = match js_sys::JSON::stringify(value) {
        Err(_) => {
            return Err(issue(
                "not-json",
                "The value cannot be written as JSON: it holds a BigInt or refers to itself.",
            ))
        }
        Ok(s) => match s.as_string() {
            Some(text) => text,
            None => {
                let kind = value.js_typeof().as_string().unwrap_or_default();
                return Err(issue(
                    "type",
                    &format!("The value must be an object, not {kind}."),
                ));
            }
        },
    };
    match serde_json::from_str(&text) {
        Ok(value) => Ok(Json { value, text }),
        Err(e) if e.to_string().contains("recursion limit") => Err(issue(
            "too-deep",
            "The value is nested more than 128 levels deep.",
        )),
        Err(_) => Err(issue("not-json", "The value cannot be read as JSON.")),
    }
}

/// Runs `validate` on any JS value: a value that is not JSON gets a report, never a throw.
pub fn report_of(value: &JsValue, validate: fn(&Value) -> ValidationReport) -> ValidationReport {
    match of(value) {
        Ok(json) => validate(&json.value),
        Err(issue) => ValidationReport {
            valid: false,
            errors: vec![issue],
            warnings: vec![],
        },
    }
}
