//! The pure-Rust core: models, validation, building a request and reading a response.
//! Nothing in here calls JavaScript; `cargo test` exercises all of it natively.

pub mod detach_sites;
pub mod error;
pub mod fields;
pub mod http_date;
pub mod json;
pub mod options;
pub mod portal;
pub mod private_app;
pub mod rate_limit;
pub mod received;
pub mod redact;
pub mod redirect;
// The relay's decisions: in the Node build (the `relay` feature) and native tests, never in the
// browser's .wasm.
#[cfg(any(feature = "relay", not(target_arch = "wasm32")))]
pub mod relay;
pub mod relayed;
pub mod report;
pub mod request;
pub mod response;
pub mod retry;
pub mod rsa_key;
pub mod symphony;
pub mod syntax;
#[cfg(test)]
pub mod testing;
