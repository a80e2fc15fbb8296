//! The one place Rust errors become the JavaScript error classes of `js/errors.js`.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::json::to_js;

use crate::core::error::{validation_message, CallError, ErrorKind};
use crate::core::relayed::RelayedIssue;
use crate::core::report::ValidationIssue;
use crate::core::response::FailureBody;

#[wasm_bindgen(module = "/js/errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = ValidationError)]
    type ValidationErrorClass;
    #[wasm_bindgen(constructor, js_class = "ValidationError")]
    fn new(message: &str, issues: JsValue) -> ValidationErrorClass;

    #[wasm_bindgen(js_name = ApiError)]
    type ApiErrorClass;
    #[wasm_bindgen(constructor, js_class = "ApiError")]
    fn new(message: &str, fields: JsValue) -> ApiErrorClass;

    #[wasm_bindgen(js_name = NetworkError)]
    type NetworkErrorClass;
    #[wasm_bindgen(constructor, js_class = "NetworkError")]
    fn new(message: &str, fields: JsValue) -> NetworkErrorClass;

    #[wasm_bindgen(js_name = TimeoutError)]
    type TimeoutErrorClass;
    #[wasm_bindgen(constructor, js_class = "TimeoutError")]
    fn new(message: &str, fields: JsValue) -> TimeoutErrorClass;

    #[wasm_bindgen(js_name = AbortError)]
    type AbortErrorClass;
    #[wasm_bindgen(constructor, js_class = "AbortError")]
    fn new(message: &str, fields: JsValue) -> AbortErrorClass;
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ApiFields<'a> {
    status: u16,
    messages: &'a [String],
    /// The body as `JSON.parse` gives it, or the text.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    body: JsValue,
    #[serde(skip_serializing_if = "Option::is_none")]
    retry_after_ms: Option<f64>,
    operation: &'a str,
    attempts: u32,
}

#[derive(Serialize)]
struct CallFields<'a> {
    operation: &'a str,
    attempts: u32,
}

/// A `ValidationError` carrying `issues`.
pub fn validation(issues: Vec<ValidationIssue>) -> JsValue {
    ValidationErrorClass::new(&validation_message(&issues), to_js(&issues)).into()
}

/// A relay's issues as plain objects, set field by field: a serde serializer of their own
/// would add more to the wasm than this does.
fn relayed(issues: &[RelayedIssue]) -> JsValue {
    let array = js_sys::Array::new();
    for issue in issues {
        let object = js_sys::Object::new();
        for (key, value) in [
            ("path", &issue.path),
            ("code", &issue.code),
            ("message", &issue.message),
        ] {
            // Setting a data property of a fresh plain object cannot fail.
            let _ = js_sys::Reflect::set(&object, &key.into(), &value.into());
        }
        array.push(&object);
    }
    array.into()
}

/// The JS error for a failed call.
pub fn call(error: CallError) -> JsValue {
    let message = error.message();
    let fields = CallFields {
        operation: error.operation,
        attempts: error.attempts,
    };
    match &error.kind {
        ErrorKind::Validation(issues) => validation(issues.clone()),
        ErrorKind::Relayed(issues) => ValidationErrorClass::new(&message, relayed(issues)).into(),
        ErrorKind::Api(f) => {
            let body = match &f.body {
                FailureBody::Json(t) => js_sys::JSON::parse(t).unwrap_or_else(|_| t.into()),
                FailureBody::Text(t) => t.into(),
            };
            let fields = ApiFields {
                status: f.status,
                messages: &f.messages,
                body,
                retry_after_ms: f.retry_after_ms,
                operation: error.operation,
                attempts: error.attempts,
            };
            ApiErrorClass::new(&message, to_js(&fields)).into()
        }
        ErrorKind::Network(_) => NetworkErrorClass::new(&message, to_js(&fields)).into(),
        ErrorKind::Timeout(_) => TimeoutErrorClass::new(&message, to_js(&fields)).into(),
        ErrorKind::Abort => AbortErrorClass::new(&message, to_js(&fields)).into(),
    }
}

/// Whether `error` is a failure of the package's own RSA sign-in (`rsaSessionTokenProvider`):
/// an `ApiError`, `NetworkError`, `TimeoutError` or `AbortError` whose `operation` is
/// `pubkeyAuthenticate`. A `SymphonyClient` call passes it through as it is, so a refused
/// sign-in reads as one, not as a provider that misbehaved.
pub fn is_sign_in_failure(error: &JsValue) -> bool {
    let ours = error.is_instance_of::<ApiErrorClass>()
        || error.is_instance_of::<NetworkErrorClass>()
        || error.is_instance_of::<TimeoutErrorClass>()
        || error.is_instance_of::<AbortErrorClass>();
    ours && js_sys::Reflect::get(error, &JsValue::from_str("operation"))
        .ok()
        .and_then(|o| o.as_string())
        .is_some_and(|o| o == crate::core::request::Operation::PubkeyAuthenticate.id())
}
