//! The transport against the mock, in Node (wasm-bindgen-test's default).
#![cfg(target_arch = "wasm32")]

#[path = "wasm/common.rs"]
#[macro_use]
mod common;
#[path = "wasm/update_app.rs"]
mod update_app;

shared_transport_tests!();
