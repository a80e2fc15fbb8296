//! Reading call arguments from JavaScript: strings, call options and signals.

use wasm_bindgen::{prelude::*, JsCast};
use web_sys::AbortSignal;

use super::{errors, json};
use crate::core::error::{CallError, ErrorKind};
use crate::core::options::{call_settings, CallSettings};
use crate::core::report::{Path, ValidationIssue};
use crate::core::request::Operation;
use crate::core::response::{ApiFailure, FailureBody};
use crate::transport::call::Success;

/// A call's settings and signal.
pub struct CallArgs {
    /// Timeout and retries for this call.
    pub settings: CallSettings,
    /// The caller's signal.
    pub signal: Option<AbortSignal>,
}

/// A path parameter's text. Anything but a string becomes `""`, which the request builder
/// refuses with the parameter's name, together with every other issue of the call.
pub fn path_parameter(value: &JsValue) -> String {
    value.as_string().unwrap_or_default()
}

/// Reads `{ signal, timeoutMs, maxRetries }` over the client's defaults.
pub fn call_options(
    options: Option<&js_sys::Object>,
    defaults: CallSettings,
) -> Result<CallArgs, Vec<ValidationIssue>> {
    let Some(options) = options.filter(|o| !o.is_undefined() && !o.is_null()) else {
        return Ok(CallArgs {
            settings: defaults,
            signal: None,
        });
    };
    let signal = match js_sys::Reflect::get(options, &JsValue::from_str("signal")) {
        Ok(s) if s.is_undefined() || s.is_null() => None,
        Ok(s) => match s.dyn_into::<AbortSignal>() {
            Ok(s) => Some(s),
            Err(_) => {
                return Err(vec![ValidationIssue::new(
                    &Path::Root.key("signal"),
                    "option",
                    "signal must be an AbortSignal.",
                )])
            }
        },
        Err(_) => None,
    };
    let value = json::of(options).map_err(|i| vec![i])?.value;
    let settings = call_settings(&value, defaults)?;
    Ok(CallArgs { settings, signal })
}

/// The success body as a JS object (`JSON.parse`, so every field and number is as sent).
pub fn parse_body(operation: Operation, done: Success) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(&done.body).map_err(|_| {
        let failure = ApiFailure {
            status: done.status,
            messages: vec!["The response body is not JSON.".into()],
            body: FailureBody::Text(done.body),
            retry_after_ms: None,
        };
        let kind = ErrorKind::Api(failure);
        errors::call(CallError {
            kind,
            operation: operation.id(),
            attempts: done.attempts,
        })
    })
}
