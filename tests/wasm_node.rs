//! The transport against the mock, in Node (wasm-bindgen-test's default).
#![cfg(target_arch = "wasm32")]

#[path = "wasm/common.rs"]
mod common;

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn sends_the_exact_body_and_keeps_unknown_fields() {
    common::sends_the_exact_body_and_keeps_unknown_fields().await
}
#[wasm_bindgen_test]
async fn retries_429_after_retry_after_then_succeeds() {
    common::retries_429_after_retry_after_then_succeeds().await
}
#[wasm_bindgen_test]
async fn gives_up_after_max_retries_with_the_last_api_error() {
    common::gives_up_after_max_retries_with_the_last_api_error().await
}
#[wasm_bindgen_test]
async fn a_hung_attempt_times_out() {
    common::a_hung_attempt_times_out().await
}
#[wasm_bindgen_test]
async fn the_callers_signal_aborts() {
    common::the_callers_signal_aborts().await
}
#[wasm_bindgen_test]
async fn a_refused_connection_is_a_network_error() {
    common::a_refused_connection_is_a_network_error().await
}
#[wasm_bindgen_test]
async fn server_echoes_of_the_key_are_masked() {
    common::server_echoes_of_the_key_are_masked().await
}
#[wasm_bindgen_test]
async fn the_rate_limit_spaces_requests() {
    common::the_rate_limit_spaces_requests().await
}
#[wasm_bindgen_test]
async fn detach_body_arrives_byte_for_byte() {
    common::detach_body_arrives_byte_for_byte().await
}
#[wasm_bindgen_test]
async fn a_retried_detach_resends_the_body() {
    common::a_retried_detach_resends_the_body().await
}
#[wasm_bindgen_test]
async fn detach_echoes_of_the_shared_secret_are_masked() {
    common::detach_echoes_of_the_shared_secret_are_masked().await
}
#[wasm_bindgen_test]
async fn update_app_arrives_with_the_session_token_and_exact_body() {
    common::update_app_arrives_with_the_session_token_and_exact_body().await
}
#[wasm_bindgen_test]
async fn update_app_403_names_the_roles() {
    common::update_app_403_names_the_roles().await
}
#[wasm_bindgen_test]
async fn update_app_echoes_of_the_token_and_api_key_are_masked() {
    common::update_app_echoes_of_the_token_and_api_key_are_masked().await
}
