//! Symphony Pod API — update an app.

pub mod model;
pub mod request;
pub mod rules;
pub mod signin;
