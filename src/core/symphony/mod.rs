//! Symphony Pod API — update an app.

pub mod model;
pub mod rules;
