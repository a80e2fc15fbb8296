//! The JavaScript API: thin conversions at the boundary, nothing more. Rules live in `core`,
//! I/O in `transport`.

mod args;
mod callback_status;
mod errors;
mod headers;
mod io;
mod json;
mod meraki;
mod signin;
mod symphony;
mod types;
mod validate;

pub use meraki::MerakiClient;
pub use symphony::SymphonyClient;
