//! The pure-Rust core: models, validation, building a request and reading a response.
//! Nothing in here calls JavaScript; `cargo test` exercises all of it natively.

pub mod detach_sites;
pub mod fields;
pub mod private_app;
pub mod received;
pub mod report;
pub mod symphony;
pub mod syntax;
