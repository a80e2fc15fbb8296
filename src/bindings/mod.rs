//! The JavaScript API: thin conversions at the boundary, nothing more. Rules live in `core`,
//! I/O in `transport`.

mod args;
mod errors;
mod headers;
mod io;
mod json;
mod limiter;
mod meraki;
#[cfg(feature = "relay")]
mod relay;
mod symphony;
mod types;
mod validate;

pub use meraki::MerakiClient;
pub use symphony::SymphonyClient;
