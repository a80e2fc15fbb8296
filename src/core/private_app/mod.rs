//! Meraki — update a Secure Connect private application.

pub mod model;
pub mod rules;
