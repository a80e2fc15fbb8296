//! Where a Meraki call waits for its rate-limit slot: the client's own token bucket (in Rust, no
//! promise made when no wait is needed, so the default costs nothing per call), or a
//! `rateLimiter` the caller gave (`memoryRateLimiter()`, `redisRateLimiter()` or their own).

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

use super::runtime::sleep;
use crate::core::rate_limit::TokenBucket;

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    /// A caller's `rateLimiter`, wrapped so that its failures never fail a call (see
    /// `js/runtime.js`).
    pub type Limiter;

    /// The limiter `target` and its `acquire` method.
    #[wasm_bindgen(constructor)]
    pub fn new(target: &JsValue, acquire: &js_sys::Function) -> Limiter;

    /// Resolves when a request for `organization_id` may be sent (also when the limiter
    /// failed); rejects with "abort" when `signal` fires first.
    #[wasm_bindgen(method)]
    fn wait(this: &Limiter, organization_id: &str, signal: Option<&AbortSignal>)
        -> js_sys::Promise;

    /// The options without `rateLimiter`, for the JSON check of the client's options (the
    /// limiter may hold a Redis client, which JSON cannot write); the options themselves when
    /// they have none. (It never throws; `catch` keeps wasm-bindgen from importing it directly,
    /// which the CommonJS rewrite of the Node glue does not expect.)
    #[wasm_bindgen(js_name = withoutLimiter, catch)]
    fn without(options: &JsValue) -> Result<JsValue, JsValue>;
}

/// The rate limit one call goes through.
pub enum Limit<'a> {
    /// The client's bucket for the organization (`requestsPerSecond`).
    Bucket(&'a RefCell<TokenBucket>),
    /// The caller's `rateLimiter`, and the organization to ask it for.
    Js(&'a Limiter, &'a str),
}

/// The caller's signal fired while waiting.
pub struct Aborted;

impl Limit<'_> {
    /// Waits for the next slot, or until `signal` fires.
    pub async fn wait(&self, signal: Option<&AbortSignal>) -> Result<(), Aborted> {
        match self {
            Limit::Bucket(bucket) => {
                let wait = bucket.borrow_mut().reserve(js_sys::Date::now());
                if wait > 0.0 && sleep(wait, signal).await.is_err() {
                    return Err(Aborted);
                }
                Ok(())
            }
            Limit::Js(limiter, organization_id) => {
                JsFuture::from(limiter.wait(organization_id, signal))
                    .await
                    .map(drop)
                    .map_err(|_| Aborted)
            }
        }
    }
}

/// The options without `rateLimiter`, for the JSON check of the client's options (the limiter
/// may hold a Redis client, which JSON cannot write); the options themselves when they have none.
pub fn without_limiter(options: &JsValue) -> JsValue {
    without(options).unwrap_or_else(|_| options.clone())
}
