//! # app-admin-wasm
//!
//! Validated, typed admin calls for Cisco Meraki Secure Connect and Symphony pods.
//!
//! Three layers, arrows pointing one way:
//! - [`core`]: plain Rust — models, validation rules, building a request, reading a response;
//! - `transport` (wasm only): runs a prepared request through fetch, with timeouts, abort,
//!   retries and the per-organization rate limit;
//! - `bindings` (wasm only): the JavaScript API, converting at the boundary.
#![deny(missing_docs)]

pub mod core;

#[cfg(target_arch = "wasm32")]
mod bindings;
#[cfg(target_arch = "wasm32")]
pub mod transport;

#[cfg(target_arch = "wasm32")]
pub use bindings::{MerakiClient, SymphonyClient};
