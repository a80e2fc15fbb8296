//! The `rateLimiter` option of `MerakiClient`: where its calls wait for a rate-limit slot when
//! the client's own limiter (`requestsPerSecond`) is not the one to use. The limiters the package
//! ships, `memoryRateLimiter()` and `redisRateLimiter()`, are plain JS (`js/rate-limiters.js`):
//! in Rust they cost the wasm about 1.8 KB gzipped, and the Redis one needs the same schedule in
//! JS anyway for its outages.

use wasm_bindgen::{prelude::*, JsCast};

use crate::core::report::{Path, ValidationIssue};
pub use crate::transport::limit::without_limiter;
use crate::transport::limit::Limiter;

#[wasm_bindgen(typescript_custom_section)]
const LIMITER_TS: &str = r#"
/**
 * Decides when a Meraki request may be sent, per organization: `memoryRateLimiter()` (one
 * process), `redisRateLimiter()` (several processes sharing one budget), or your own.
 */
export interface RateLimiter {
    /**
     * Resolves when a request for this organization may be sent; rejects with `AbortError` when
     * `signal` fires first. Called once before every attempt of a call (retries included).
     */
    acquire(organizationId: string, signal?: AbortSignal): Promise<void>;
}

export interface MerakiClientOptions {
    /**
     * Where calls wait for their rate-limit slot, instead of the client's own limiter: a
     * `memoryRateLimiter()` shared by several clients, a `redisRateLimiter()` shared by several
     * processes, or your own `RateLimiter`. Not together with `requestsPerSecond` (set the rate on
     * the limiter). An `acquire` that throws or rejects (other than on the call's signal) lets
     * the call go without waiting, reported once per client with `console.warn`.
     */
    rateLimiter?: RateLimiter;
}
"#;

/// Reads `options.rateLimiter`: absent (undefined or null), or a limiter with an `acquire`
/// method. Anything else, a getter that throws, or `requestsPerSecond` given too, is an `option`
/// issue.
pub fn read(options: &JsValue) -> Result<Option<Limiter>, Vec<ValidationIssue>> {
    if !options.is_object() {
        return Ok(None);
    }
    let Some(limiter) = member(options, "rateLimiter").map_err(|_| unreadable("rateLimiter"))?
    else {
        return Ok(None);
    };
    let mut issues = Vec::new();
    let acquire = if limiter.is_object() || limiter.is_function() {
        member(&limiter, "acquire").map_err(|_| unreadable("rateLimiter"))?
    } else {
        None
    };
    let acquire = acquire.and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if acquire.is_none() {
        issues.push(issue(
            "rateLimiter",
            "rateLimiter must be an object with an acquire(organizationId, signal) method, such as memoryRateLimiter() or redisRateLimiter().",
        ));
    }
    if !matches!(member(options, "requestsPerSecond"), Ok(None)) {
        issues.push(issue(
            "requestsPerSecond",
            "requestsPerSecond cannot be given with rateLimiter: set the rate on the limiter, e.g. memoryRateLimiter({ requestsPerSecond }).",
        ));
    }
    match acquire {
        Some(acquire) if issues.is_empty() => Ok(Some(Limiter::new(&limiter, &acquire))),
        _ => Err(issues),
    }
}

/// `object[name]`, `None` when undefined or null; `Err` when its getter threw.
fn member(object: &JsValue, name: &str) -> Result<Option<JsValue>, JsValue> {
    let value = js_sys::Reflect::get(object, &JsValue::from_str(name))?;
    Ok((!value.is_undefined() && !value.is_null()).then_some(value))
}

fn issue(key: &str, message: &str) -> ValidationIssue {
    ValidationIssue::new(&Path::Root.key(key), "option", message)
}

fn unreadable(key: &str) -> Vec<ValidationIssue> {
    vec![issue(
        key,
        "This option could not be read: its getter threw.",
    )]
}
