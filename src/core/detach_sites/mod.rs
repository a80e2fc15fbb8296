//! Meraki — detach sites from Secure Connect (DELETE with a JSON body), and its webhook callback.

pub mod callback;
pub mod model;
pub mod request;
pub mod rules;
pub mod status;
