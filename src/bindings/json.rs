//! JavaScript values in, JSON out: `JSON.stringify` gives the exact text that will be sent, and
//! turns what JSON cannot express (cycles, BigInt) into an issue instead of a trap; the core's
//! reader then reads that text in place.

use wasm_bindgen::prelude::*;

use crate::core::json::{self, Value};
use crate::core::report::{Path, ValidationIssue, ValidationReport};

/// The JSON text of a JS value (sent byte for byte), or why it cannot be JSON.
pub fn text(value: &JsValue) -> Result<String, ValidationIssue> {
    // JSON.stringify writes a Map or a Set as `{}`: its entries would vanish without a word,
    // and an empty update could then pass as valid.
    if value.is_instance_of::<js_sys::Map>() || value.is_instance_of::<js_sys::Set>() {
        return Err(root_issue(
            "type",
            "The value must be a plain object, not a Map or a Set (JSON would write it as {} and drop its entries): convert it with Object.fromEntries().",
        ));
    }
    match js_sys::JSON::stringify(value) {
        // JSON.stringify throws a RangeError when the nesting overflows its stack, and a
        // TypeError for a cycle or a BigInt.
        Err(e) if e.is_instance_of::<js_sys::RangeError>() => Err(too_deep()),
        Err(_) => Err(root_issue(
            "not-json",
            "The value cannot be written as JSON: it holds a BigInt or refers to itself.",
        )),
        Ok(s) => s.as_string().ok_or_else(|| {
            let kind = value.js_typeof().as_string().unwrap_or_default();
            root_issue("type", &format!("The value must be an object, not {kind}."))
        }),
    }
}

/// Reads the text [`text`] gave (it fails only for lone surrogates and deep nesting).
pub fn read(text: &str) -> Result<Value<'_>, ValidationIssue> {
    json::parse(text).map_err(|e| match e {
        json::Error::TooDeep => too_deep(),
        json::Error::LoneSurrogate | json::Error::Syntax => {
            root_issue("not-json", "The value cannot be read as JSON.")
        }
    })
}

fn too_deep() -> ValidationIssue {
    root_issue("too-deep", "The value is nested 128 levels deep or more.")
}

fn root_issue(code: &'static str, message: &str) -> ValidationIssue {
    ValidationIssue::new(&Path::Root, code, message)
}

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    /// The report's JS object, from [`ValidationReport::packed`] and the number of errors.
    #[wasm_bindgen(js_name = report)]
    fn unpack_report(packed: &str, error_count: u32) -> JsValue;
}

/// Runs `validate` on any JS value and gives its report as a JS object: a value that is not
/// JSON gets a report, never a throw.
pub fn report_of(value: &JsValue, validate: fn(&Value) -> ValidationReport) -> JsValue {
    let text = text(value);
    let report = match text.as_deref().map_err(Clone::clone).and_then(read) {
        Ok(value) => validate(&value),
        Err(issue) => ValidationReport {
            valid: false,
            errors: vec![issue],
            warnings: vec![],
        },
    };
    unpack_report(&report.packed(), report.errors.len() as u32)
}

/// A Rust value as plain JS objects (maps as objects, as `JSON.parse` would). Measured against
/// JSON text and one `JSON.parse`: serde-wasm-bindgen is 13% faster for a report and smaller.
pub fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::UNDEFINED)
}
