//! The exported validators: any value in, a `ValidationReport` out.

use wasm_bindgen::prelude::*;

use super::{errors::to_js, json::report_of};
use crate::core::private_app;

/// Checks a `PrivateApplicationUpdate` against every rule of the API page, reporting all
/// problems at once with JSON Pointers. Accepts any value; never throws.
#[wasm_bindgen(js_name = validatePrivateApplicationUpdate, unchecked_return_type = "ValidationReport")]
pub fn validate_private_application_update(
    #[wasm_bindgen(unchecked_param_type = "unknown")] value: JsValue,
) -> JsValue {
    to_js(&report_of(&value, private_app::rules::validate))
}
