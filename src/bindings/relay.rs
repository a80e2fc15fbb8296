//! The relay's side of the bindings (the `relay` feature: the Node build only). The handlers are
//! JavaScript (`js/relay.cjs`); the decisions are the core's (`core::relay`). Everything here is
//! internal: the names start with `__`, so the package entries leave them out, and the public
//! declarations do not list them.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::json::to_js;
use crate::core::redact;
use crate::core::relay::{self, Api};
use crate::transport::call::Done;

/// The key of the clients' internal call option that makes a call resolve with
/// `{ status, body }` (the relay passes the upstream status back). A registered symbol: JSON
/// cannot write it, so it never meets the options' rules, and no string option can collide.
const MARKER: &str = "app-admin-wasm.relay";

/// Whether call `options` carry the relay's marker.
pub fn marked(options: &js_sys::Object) -> bool {
    js_sys::Reflect::get(options, &js_sys::Symbol::for_(MARKER)).is_ok_and(|v| v.is_truthy())
}

#[derive(Serialize)]
struct Answer {
    status: u16,
    body: String,
}

/// A success for the relay: the upstream status and body text, scrubbed of the credential and
/// the secrets the request body carried (an echo must not hand them to the page).
pub fn answer(done: Done, secrets: &[&str]) -> JsValue {
    to_js(&Answer {
        status: done.status,
        body: redact::json(&done.body, secrets),
    })
}

fn api(name: &str) -> Option<Api> {
    match name {
        "meraki" => Some(Api::Meraki),
        "symphony" => Some(Api::Symphony),
        _ => None,
    }
}

#[derive(Serialize)]
#[serde(untagged)]
enum Decision {
    Call(relay::Call),
    Refusal(relay::Refusal),
}

/// `core::relay::decide` for the handlers: `{ operation, organizationId?, id? }` or
/// `{ status, allow?, body }`. `api` is `"meraki"` or `"symphony"` (anything else: `null`).
#[wasm_bindgen(js_name = __relayDecide)]
pub fn relay_decide(api_name: &str, method: &str, target: &str, body: Option<String>) -> JsValue {
    let Some(api) = api(api_name) else {
        return JsValue::NULL;
    };
    match relay::decide(api, method, target, body.as_deref()) {
        Ok(call) => to_js(&Decision::Call(call)),
        Err(refusal) => to_js(&Decision::Refusal(refusal)),
    }
}

/// The API's error envelope with one message, as JSON text (`null` for an unknown `api`).
#[wasm_bindgen(js_name = __relayError)]
pub fn relay_error(api_name: &str, status: u16, message: &str) -> Option<String> {
    api(api_name).map(|api| relay::envelope::error(api, status, message))
}

/// `core::relay::not_text`: the 400 for a body that is not UTF-8, as `{ status, body }`.
#[wasm_bindgen(js_name = __relayNotText)]
pub fn relay_not_text(api_name: &str) -> JsValue {
    api(api_name).map_or(JsValue::NULL, |api| to_js(&relay::not_text(api)))
}
