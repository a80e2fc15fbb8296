//! The request headers a webhook receiver may pass to `verifyDetachSitesCallback`: a fetch
//! `Headers` object (or anything else iterable of `[name, value]` pairs: a `Map`, an array of
//! pairs), or a plain object as Node's `req.headers` is, whose values are strings or arrays of
//! strings. Only the values are kept: a payload template may put the secret in any header, and
//! the check compares it with every one.
//!
//! Everything is read through calls that report a thrown exception instead of letting it unwind
//! through the wasm (a throwing getter, a hostile proxy or iterator), and an endless iterator is
//! cut off: the caller gets a `ValidationError`, never a trap or a hang.

use wasm_bindgen::prelude::*;

use crate::core::report::{Path, ValidationIssue};

/// More headers than any server takes (Node's default limit is 2,000): past this, the value is
/// not a request's headers.
const MAX_HEADERS: usize = 10_000;

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
    let unreadable = |_| {
        problem("The headers could not be read: pass a Headers object or a plain object of header values.")
    };
    let mut out = Vec::new();
    if let Some(pairs) = js_sys::try_iter(headers).map_err(unreadable)? {
        // Headers, Map, [[name, value], …]: each item is a pair whose second member is the value.
        for (n, pair) in pairs.enumerate() {
            if n == MAX_HEADERS {
                return Err(too_many());
            }
            let pair = pair.map_err(unreadable)?;
            if pair.is_object() {
                let value = js_sys::Reflect::get_u32(&pair, 1).map_err(unreadable)?;
                push_value(&mut out, &value);
            }
        }
    } else {
        let names = js_sys::Reflect::own_keys(headers).map_err(unreadable)?;
        if names.length() as usize > MAX_HEADERS {
            return Err(too_many());
        }
        for name in names.iter().filter(JsValue::is_string) {
            let value = js_sys::Reflect::get(headers, &name).map_err(unreadable)?;
            push_value(&mut out, &value);
        }
    }
    Ok(Some(out))
}

/// A string value, or each string of an array of them (Node gives `set-cookie` as an array);
/// anything else (`undefined` for a header Node left out) holds no secret.
fn push_value(out: &mut Vec<String>, value: &JsValue) {
    if let Some(s) = value.as_string() {
        out.push(s);
    } else if js_sys::Array::is_array(value) {
        let items = js_sys::Array::from(value);
        out.extend(
            items
                .iter()
                .take(MAX_HEADERS)
                .filter_map(|item| item.as_string()),
        );
    }
}

fn too_many() -> ValidationIssue {
    problem("The headers hold more than 10000 values: pass the request's headers only.")
}

fn problem(message: &str) -> ValidationIssue {
    ValidationIssue::new(&Path::Root, "option", message)
}
