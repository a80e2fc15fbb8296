//! The request headers a webhook receiver may pass to `verifyDetachSitesCallback`: a fetch
//! `Headers` object (or anything else iterable of `[name, value]` pairs: a `Map`, an array of
//! pairs), or a plain object as Node's `req.headers` is, whose values are strings or arrays of
//! strings. Only the values are kept: a payload template may put the secret in any header, and
//! the check compares it with every one.
//!
//! `js/runtime.js` reads them; an exception it meets (a throwing getter, a hostile proxy or
//! iterator) is caught here, and an endless iterator is cut off there: the caller gets a
//! `ValidationError`, never a trap or a hang.

use wasm_bindgen::prelude::*;

use crate::core::json::{self, Value};
use crate::core::report::{Path, ValidationIssue};

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    /// Every string value of `headers` (an object), as a JSON array; throws "too-many" past
    /// 10,000.
    #[wasm_bindgen(catch, js_name = headerValues)]
    fn header_values(headers: &JsValue) -> Result<String, JsValue>;
}

/// The header values in `headers`, or `None` when the caller passed no headers (`undefined` or
/// `null`).
pub fn values(headers: &JsValue) -> Result<Option<Vec<String>>, ValidationIssue> {
    if headers.is_undefined() || headers.is_null() {
        return Ok(None);
    }
    if !headers.is_object() {
        return Err(problem(
            "The headers must be a Headers object or a plain object of header values, such as a Node request's req.headers.",
        ));
    }
    let unreadable = || {
        problem("The headers could not be read: pass a Headers object or a plain object of header values.")
    };
    // What was thrown is never quoted: it may hold anything, a secret included.
    let text = header_values(headers).map_err(|thrown| {
        if thrown.as_string().as_deref() == Some("too-many") {
            problem("The headers hold more than 10000 values: pass the request's headers only.")
        } else {
            unreadable()
        }
    })?;
    match json::parse(&text) {
        Ok(Value::Array(items)) => Ok(Some(
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
        )),
        _ => Err(unreadable()),
    }
}

fn problem(message: &str) -> ValidationIssue {
    ValidationIssue::new(&Path::Root, "option", message)
}
