//! The `fetch` and `hooks` options of both clients. They hold functions, which the JSON the
//! other options travel through drops, so they are read here with `Reflect`, as
//! `sessionTokenProvider` is.

use wasm_bindgen::{prelude::*, JsCast};

use crate::core::report::{Path, ValidationIssue};
use crate::transport::Hooks;

/// The checked `fetch` and `hooks` options.
pub struct Io {
    /// The caller's `fetch`, or `undefined` for the global one.
    pub fetch: JsValue,
    /// The caller's hooks, when at least one is a function.
    pub hooks: Option<Hooks>,
}

/// Reads `options.fetch` and `options.hooks`. A `fetch` that is not a function, `hooks` that is
/// not an object, or a hook that is not a function is an `option` issue at its path. Options
/// that are not an object are left to the JSON check, which reports them.
pub fn read(options: &JsValue) -> Result<Io, Vec<ValidationIssue>> {
    let mut issues = Vec::new();
    let mut io = Io {
        fetch: JsValue::UNDEFINED,
        hooks: None,
    };
    if !options.is_object() {
        return Ok(io);
    }
    let root = Path::Root;
    match member(
        options,
        "fetch",
        &root,
        "a function (url, init) => Promise<Response>",
    ) {
        Ok(Some(f)) => io.fetch = f.into(),
        Ok(None) => {}
        Err(issue) => issues.push(issue),
    }
    match js_sys::Reflect::get(options, &JsValue::from_str("hooks")) {
        Ok(h) if h.is_undefined() || h.is_null() => {}
        Ok(h) if h.is_object() && !h.is_function() => {
            let at = root.key("hooks");
            let mut hook = |name| {
                member(&h, name, &at, "a function")
                    .map_err(|issue| issues.push(issue))
                    .ok()
                    .flatten()
            };
            let (on_request, on_response) = (hook("onRequest"), hook("onResponse"));
            if on_request.is_some() || on_response.is_some() {
                io.hooks = Some(Hooks::new(&h, on_request, on_response));
            }
        }
        Ok(_) => issues.push(issue(&root.key("hooks"), "hooks must be an object.")),
        Err(_) => issues.push(unreadable(&root.key("hooks"))),
    }
    if issues.is_empty() {
        Ok(io)
    } else {
        Err(issues)
    }
}

/// `object[name]` when it is a function, `None` when absent (undefined or null), else the
/// issue saying it must be `what`.
fn member(
    object: &JsValue,
    name: &str,
    parent: &Path,
    what: &str,
) -> Result<Option<js_sys::Function>, ValidationIssue> {
    let at = parent.key(name);
    match js_sys::Reflect::get(object, &JsValue::from_str(name)) {
        Ok(v) if v.is_function() => Ok(Some(v.unchecked_into())),
        Ok(v) if v.is_undefined() || v.is_null() => Ok(None),
        Ok(_) => Err(issue(&at, &format!("{} must be {what}.", dotted(&at)))),
        Err(_) => Err(unreadable(&at)),
    }
}

fn issue(at: &Path, message: &str) -> ValidationIssue {
    ValidationIssue::new(at, "option", message)
}

/// A getter that throws (or a Proxy trap) is reported, not let out of the constructor.
fn unreadable(at: &Path) -> ValidationIssue {
    issue(
        at,
        &format!("{} could not be read: its getter threw.", dotted(at)),
    )
}

/// `/hooks/onRequest` as `hooks.onRequest`, for messages.
fn dotted(at: &Path) -> String {
    at.pointer().trim_start_matches('/').replace('/', ".")
}
