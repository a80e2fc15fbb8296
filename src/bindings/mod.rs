//! The JavaScript API: thin conversions at the boundary, nothing more. Rules live in `core`,
//! I/O in `transport`.

mod args;
mod callback_status;
mod errors;
mod headers;
mod io;
mod json;
mod limiter;
mod meraki;
#[cfg(feature = "relay")]
mod relay;
mod signin;
mod symphony;
mod types;
mod validate;

pub use meraki::MerakiClient;
pub use symphony::SymphonyClient;

/// A promise of `future`, through one shared instance of `future_to_promise`: each future type
/// given to it directly gets its own copy of the promise machinery in the wasm (about 2 KB).
fn promise(
    future: std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>>>,
    >,
) -> js_sys::Promise {
    wasm_bindgen_futures::future_to_promise(future)
}
