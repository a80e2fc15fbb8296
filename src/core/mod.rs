//! The pure-Rust core: models, validation, building a request and reading a response.
//! Nothing in here calls JavaScript; `cargo test` exercises all of it natively.

pub mod fields;
pub mod report;
pub mod syntax;
