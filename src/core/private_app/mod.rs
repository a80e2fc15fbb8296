//! Meraki — update a Secure Connect private application.

pub mod model;
pub mod request;
pub mod rules;
