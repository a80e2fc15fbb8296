//! The exported validators (any value in, a `ValidationReport` out) and the webhook check.

use wasm_bindgen::prelude::*;

use super::errors;
use super::json::{self, report_of};
use crate::core::report::{Path, ValidationIssue};
use crate::core::{detach_sites, private_app, redact, symphony};

/// Checks a `PrivateApplicationUpdate` against every rule of the API page, reporting all
/// problems at once with JSON Pointers. Accepts any value; never throws.
#[wasm_bindgen(js_name = validatePrivateApplicationUpdate, unchecked_return_type = "ValidationReport")]
pub fn validate_private_application_update(
    #[wasm_bindgen(unchecked_param_type = "unknown")] value: JsValue,
) -> JsValue {
    report_of(&value, private_app::rules::validate)
}

/// Checks a `DetachSitesRequest` (sites, and a callback with either `httpServer.id` or `url`
/// and `sharedSecret`), reporting all problems at once. Accepts any value; never throws.
#[wasm_bindgen(js_name = validateDetachSitesRequest, unchecked_return_type = "ValidationReport")]
pub fn validate_detach_sites_request(
    #[wasm_bindgen(unchecked_param_type = "unknown")] value: JsValue,
) -> JsValue {
    report_of(&value, detach_sites::rules::validate)
}

/// Checks a Symphony `ApplicationDetail` (https URLs, domain, permissions, PEM keys, key
/// actions, properties), reporting all problems at once. Accepts any value; never throws.
#[wasm_bindgen(js_name = validateApplicationDetail, unchecked_return_type = "ValidationReport")]
pub fn validate_application_detail(
    #[wasm_bindgen(unchecked_param_type = "unknown")] value: JsValue,
) -> JsValue {
    report_of(&value, symphony::rules::validate)
}

/// For a Node receiver of the detach-sites webhook: checks the payload's top-level
/// `sharedSecret` against yours in constant time, and the payload's shape, and returns it typed
/// (every field kept). Throws `ValidationError` otherwise; its message never holds either secret.
#[wasm_bindgen(js_name = verifyDetachSitesCallback, unchecked_return_type = "DetachSitesCallback")]
pub fn verify_detach_sites_callback(
    #[wasm_bindgen(unchecked_param_type = "unknown")] payload: JsValue,
    #[wasm_bindgen(js_name = sharedSecret, unchecked_param_type = "string")] shared_secret: JsValue,
) -> Result<JsValue, JsValue> {
    let Some(secret) = shared_secret.as_string() else {
        let issue = ValidationIssue::new(
            &Path::Root,
            "shared-secret",
            "The expected sharedSecret must be a string.",
        );
        return Err(errors::validation(vec![issue]));
    };
    let invalid = |i| errors::validation(vec![i]);
    let text = json::text(&payload).map_err(invalid)?;
    let payload = json::read(&text).map_err(invalid)?;
    match detach_sites::callback::verify(&payload, &secret) {
        Ok(_) => js_sys::JSON::parse(&text).map_err(|_| errors::validation(vec![])),
        Err(mut issues) => {
            let sent = payload
                .get("sharedSecret")
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            redact::issues(&mut issues, &[&secret, sent]);
            Err(errors::validation(issues))
        }
    }
}
