//! JavaScript values in, JSON out: `JSON.stringify` gives the exact text that will be sent, and
//! turns what JSON cannot express (cycles, BigInt) into an issue instead of a trap.

use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::core::report::{Path, ValidationIssue, ValidationReport};

/// A JS value as JSON: the parsed value and the exact text.
pub struct Json {
    /// The parsed value.
    pub value: Value,
    /// The text `JSON.stringify` produced, sent byte for byte.
    pub text: String,
}

/// Converts `value`, or says why it cannot be JSON.
pub fn of(value: &JsValue) -> Result<Json, ValidationIssue> {
    // JSON.stringify writes a Map or a Set as `{}`: its entries would vanish without a word,
    // and an empty update could then pass as valid.
    if value.is_instance_of::<js_sys::Map>() || value.is_instance_of::<js_sys::Set>() {
        return Err(root_issue(
            "type",
            "The value must be a plain object, not a Map or a Set (JSON would write it as {} and drop its entries): convert it with Object.fromEntries().",
        ));
    }
    let text = match js_sys::JSON::stringify(value) {
        // JSON.stringify throws a RangeError when the nesting overflows its stack, and a
        // TypeError for a cycle or a BigInt.
        Err(e) if e.is_instance_of::<js_sys::RangeError>() => return Err(too_deep()),
        Err(_) => {
            return Err(root_issue(
                "not-json",
                "The value cannot be written as JSON: it holds a BigInt or refers to itself.",
            ))
        }
        Ok(s) => match s.as_string() {
            Some(text) => text,
            None => {
                let kind = value.js_typeof().as_string().unwrap_or_default();
                let message = format!("The value must be an object, not {kind}.");
                return Err(root_issue("type", &message));
            }
        },
    };
    match serde_json::from_str(&text) {
        Ok(value) => Ok(Json { value, text }),
        // Never printing serde_json's error keeps its messages and std's I/O error texts out of
        // the wasm; the depth is measured instead, on this rare path only.
        Err(_) if depth(&text) > MAX_DEPTH => Err(too_deep()),
        Err(_) => Err(root_issue("not-json", "The value cannot be read as JSON.")),
    }
}

/// serde_json's nesting limit.
const MAX_DEPTH: usize = 128;

/// The deepest nesting of arrays and objects in JSON `text` (brackets inside strings skipped).
fn depth(text: &str) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for b in text.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

fn too_deep() -> ValidationIssue {
    root_issue("too-deep", "The value is nested more than 128 levels deep.")
}

fn root_issue(code: &'static str, message: &str) -> ValidationIssue {
    ValidationIssue::new(&Path::Root, code, message)
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

/// A Rust value as plain JS objects (maps as objects, as `JSON.parse` would). Measured against
/// JSON text and one `JSON.parse`: serde-wasm-bindgen is 13% faster for a report and smaller.
pub fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::UNDEFINED)
}
