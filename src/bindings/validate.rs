//! The exported validators (any value in, a `ValidationReport` out) and the webhook check.

use wasm_bindgen::prelude::*;

use super::json::{self, report_of};
use super::{errors, headers};
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

/// For a receiver of the detach-sites webhook: finds the expected secret in the payload's
/// top-level `sharedSecret` or, when the request's headers are given (a `Headers` object, or a
/// plain object such as Node's `req.headers`), in a header's value, comparing in constant time,
/// and returns the payload as sent (every field kept, whatever its type). Throws
/// `ValidationError` otherwise (`shared-secret`, or `type` for a payload that is not an object);
/// its message never holds either secret or a header's value.
#[wasm_bindgen(js_name = verifyDetachSitesCallback, unchecked_return_type = "DetachSitesCallback")]
pub fn verify_detach_sites_callback(
    #[wasm_bindgen(unchecked_param_type = "unknown")] payload: JsValue,
    #[wasm_bindgen(js_name = sharedSecret, unchecked_param_type = "string")] shared_secret: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CallbackHeaders")] headers: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let invalid = |i| errors::validation(vec![i]);
    let Some(secret) = shared_secret.as_string() else {
        let issue = ValidationIssue::new(
            &Path::Root,
            "shared-secret",
            "The expected sharedSecret must be a string.",
        );
        return Err(invalid(issue));
    };
    let headers = headers::values(&headers.unwrap_or(JsValue::UNDEFINED)).map_err(invalid)?;
    let text = json::text(&payload).map_err(invalid)?;
    let payload = json::read(&text).map_err(invalid)?;
    let header_values: Option<Vec<&str>> = headers
        .as_ref()
        .map(|values| values.iter().map(String::as_str).collect());
    match detach_sites::callback::verify(&payload, &secret, header_values.as_deref()) {
        // The JSON text just verified, parsed again: the payload as sent, every field kept.
        Ok(_) => js_sys::JSON::parse(&text).map_err(|_| errors::validation(vec![])),
        Err(mut issues) => {
            // The messages quote nothing; scrubbing both secrets keeps it so should one ever
            // change. (Header values are not scrubbed: most are words such as "application/json".)
            let sent = payload
                .get("sharedSecret")
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            redact::issues(&mut issues, &[&secret, sent]);
            Err(errors::validation(issues))
        }
    }
}
