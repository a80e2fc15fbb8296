//! Reading call arguments from JavaScript: strings, call options and signals.

use wasm_bindgen::{prelude::*, JsCast};
use web_sys::AbortSignal;

use super::json;
use crate::core::options::{call_settings, CallSettings};
use crate::core::report::{Path, ValidationIssue};
use crate::transport::call::Done;

/// A call's settings and signal.
pub struct CallArgs {
    /// Timeout and retries for this call.
    pub settings: CallSettings,
    /// The caller's signal.
    pub signal: Option<AbortSignal>,
    /// The relay's internal marker: resolve with the status and the body text.
    pub relay: Relay,
}

/// Whether a call was made by the relay: a flag in the Node build (the `relay` feature), nothing
/// at all in the browser's, which must not pay for the relay.
#[cfg(feature = "relay")]
pub type Relay = bool;
/// Whether a call was made by the relay: never, in the browser build.
#[cfg(not(feature = "relay"))]
#[derive(Clone, Copy)]
pub struct Relay;

#[cfg(feature = "relay")]
const NOT_RELAYED: Relay = false;
#[cfg(not(feature = "relay"))]
const NOT_RELAYED: Relay = Relay;

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
            relay: NOT_RELAYED,
        });
    };
    let signal = signal_of(options)?;
    let text = json::text(options).map_err(|i| vec![i])?;
    let value = json::read(&text).map_err(|i| vec![i])?;
    let settings = call_settings(&value, defaults)?;
    #[cfg(feature = "relay")]
    let relay = super::relay::marked(options);
    #[cfg(not(feature = "relay"))]
    let relay = NOT_RELAYED;
    Ok(CallArgs {
        settings,
        signal,
        relay,
    })
}

/// Reads `options.signal`: absent, or a genuine `AbortSignal`.
pub fn signal_of(options: &js_sys::Object) -> Result<Option<AbortSignal>, Vec<ValidationIssue>> {
    Ok(
        match js_sys::Reflect::get(options, &JsValue::from_str("signal")) {
            Ok(s) if s.is_undefined() || s.is_null() => None,
            Ok(s) => match s.dyn_into::<AbortSignal>() {
                Ok(s) if genuine(&s) => Some(s),
                _ => {
                    return Err(vec![ValidationIssue::new(
                        &Path::Root.key("signal"),
                        "option",
                        "signal must be an AbortSignal.",
                    )])
                }
            },
            Err(_) => None,
        },
    )
}

/// Whether `signal` is a real `AbortSignal` that the transport can use without running the
/// caller's code: `instanceof` alone lets through `Object.create(AbortSignal.prototype)`, a
/// `Proxy` of a signal, or one whose `aborted` or listener methods were replaced, and any of
/// those would throw from inside a pending call, which then never settles.
fn genuine(signal: &AbortSignal) -> bool {
    const USED: [&str; 4] = [
        "aborted",
        "reason",
        "addEventListener",
        "removeEventListener",
    ];
    let prototype = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("AbortSignal"))
        .and_then(|class| js_sys::Reflect::get(&class, &JsValue::from_str("prototype")));
    let same_prototype = match (js_sys::Reflect::get_prototype_of(signal), prototype) {
        (Ok(p), Ok(expected)) => JsValue::from(p) == expected,
        _ => false,
    };
    let own_keys_untouched = js_sys::Reflect::own_keys(signal).is_ok_and(|keys| {
        !keys
            .iter()
            .any(|k| k.as_string().is_some_and(|k| USED.contains(&k.as_str())))
    });
    // The brand check: the getter throws for anything but a real signal (a Proxy included).
    let readable = js_sys::Reflect::get(signal, &JsValue::from_str("aborted"))
        .is_ok_and(|a| a.as_bool().is_some());
    same_prototype && own_keys_untouched && readable
}

/// What a successful call resolves to: the body as a JS value, or, for the relay (`relay`, Node
/// build only), `{ status, body }` with the body's text scrubbed of the call's `secrets` (asked
/// for only then: the browser build computes nothing for the relay).
pub fn answer(done: Done, relay: Relay, secrets: &impl Fn() -> Vec<String>) -> JsValue {
    #[cfg(feature = "relay")]
    if relay {
        let secrets = secrets();
        let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
        return super::relay::answer(done, &secrets);
    }
    let _ = (relay, secrets);
    done.value
}
