//! The transport against the mock, in headless Chromium, cross-origin: the runner serves the
//! page from another port than the mock, so each call passes a CORS preflight.
#![cfg(target_arch = "wasm32")]

#[path = "wasm/common.rs"]
#[macro_use]
mod common;
#[path = "wasm/update_app.rs"]
mod update_app;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

shared_transport_tests!();

// Browser only: the preflights a cross-origin page needs.
transport_tests!(
    the_call_was_cross_origin_with_a_preflight,
    the_detach_was_cross_origin_with_a_preflight,
    the_update_app_was_cross_origin_with_a_preflight,
    a_redirect_is_opaque_in_a_browser_and_not_followed,
);
