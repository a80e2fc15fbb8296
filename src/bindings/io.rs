//! The `fetch` and `hooks` options of both clients. They hold functions, which the JSON the
//! other options travel through drops, so they are read here with `Reflect`, as
//! `sessionTokenProvider` is.

use wasm_bindgen::{prelude::*, JsCast};

use super::{errors, json};
use crate::core::json::Value;
use crate::core::report::{Path, ValidationIssue};
use crate::transport::Hooks;

/// A constructor's options: `fetch` and `hooks` read here, the others through JSON by `check`.
/// Every issue of both at once becomes the `ValidationError`, also when the options cannot be
/// written as JSON at all (a getter that throws).
pub fn options<C>(
    options: &JsValue,
    check: impl FnOnce(&Value) -> Result<C, Vec<ValidationIssue>>,
) -> Result<(C, Io), JsValue> {
    let io = read(options);
    let config = json::text(options).and_then(|text| json::read(&text).map(|v| check(&v)));
    match (config, io) {
        (Ok(Ok(config)), Ok(io)) => Ok((config, io)),
        (config, io) => Err(refused(io.err(), config.map(Result::err))),
    }
}

/// The `ValidationError` of a constructor: the `fetch`/`hooks` issues, then the JSON's (not
/// generic, so each client's options share one copy).
fn refused(
    io: Option<Vec<ValidationIssue>>,
    json: Result<Option<Vec<ValidationIssue>>, ValidationIssue>,
) -> JsValue {
    let mut issues = io.unwrap_or_default();
    match json {
        Ok(checked) => issues.extend(checked.unwrap_or_default()),
        Err(issue) => issues.push(issue),
    }
    errors::validation(issues)
}

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
    let fetch = "fetch must be a function (url, init) => Promise<Response>.";
    match member(options, "fetch") {
        Some(Ok(f)) => io.fetch = f.into(),
        Some(Err(unreadable)) => issues.push(issue("fetch", "", unreadable, fetch)),
        None => {}
    }
    match js_sys::Reflect::get(options, &JsValue::from_str("hooks")) {
        Ok(h) if h.is_undefined() || h.is_null() => {}
        Ok(h) if h.is_object() && !h.is_function() => {
            let mut hook = |name| match member(&h, name) {
                Some(Ok(f)) => Some(f),
                Some(Err(unreadable)) => {
                    let must = ["hooks.", name, " must be a function."].concat();
                    issues.push(issue("hooks", name, unreadable, &must));
                    None
                }
                None => None,
            };
            let (on_request, on_response) = (hook("onRequest"), hook("onResponse"));
            if on_request.is_some() || on_response.is_some() {
                io.hooks = Some(Hooks::new(&h, on_request, on_response));
            }
        }
        other => {
            let must = "hooks must be an object.";
            issues.push(issue("hooks", "", other.is_err(), must));
        }
    }
    // JSON.stringify writes a `Headers` or a `Map` as `{}`: its entries would vanish unseen.
    if let Ok(h) = js_sys::Reflect::get(options, &JsValue::from_str("headers")) {
        let object = js_sys::Object::get_prototype_of(&js_sys::Object::new());
        let plain = |p: js_sys::Object| p.is_null() || p == object;
        if h.is_object() && !js_sys::Reflect::get_prototype_of(&h).is_ok_and(plain) {
            let must = "headers must be a plain object of header names and string values, such as { \"X-CSRF-Token\": token } (not a Headers or a Map).";
            issues.push(issue("headers", "", false, must));
        }
    }
    if issues.is_empty() {
        Ok(io)
    } else {
        Err(issues)
    }
}

/// The page's address (`location.href`), against which a relative `baseUrl` or `podUrl` is
/// resolved; `None` where there is no page (Node), or it cannot be read.
pub fn page() -> Option<String> {
    let location = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("location")).ok()?;
    if !location.is_object() {
        return None;
    }
    js_sys::Reflect::get(&location, &JsValue::from_str("href"))
        .ok()?
        .as_string()
}

/// `object[name]`: `None` when absent (undefined or null), the function, or `Err(unreadable)`
/// when it is something else (`false`) or its getter threw (`true`).
fn member(object: &JsValue, name: &str) -> Option<Result<js_sys::Function, bool>> {
    match js_sys::Reflect::get(object, &JsValue::from_str(name)) {
        Ok(v) if v.is_function() => Some(Ok(v.unchecked_into())),
        Ok(v) if v.is_undefined() || v.is_null() => None,
        Ok(_) => Some(Err(false)),
        // A getter that throws (or a Proxy trap) is reported, not let out of the constructor.
        Err(_) => Some(Err(true)),
    }
}

/// The `option` issue at `/key` or `/key/member`: `must`, or that a getter threw.
fn issue(key: &str, member: &str, unreadable: bool, must: &str) -> ValidationIssue {
    let parent = Path::Root;
    let at = parent.key(key);
    let at = if member.is_empty() {
        at
    } else {
        Path::Key(&at, member)
    };
    let message = if unreadable {
        "This option could not be read: its getter threw."
    } else {
        must
    };
    ValidationIssue::new(&at, "option", message)
}
