//! The transport against the mock, in Node (wasm-bindgen-test's default).
#![cfg(target_arch = "wasm32")]

#[path = "wasm/common.rs"]
#[macro_use]
mod common;
#[path = "wasm/update_app.rs"]
mod update_app;

transport_tests!(
    sends_the_exact_body_and_keeps_unknown_fields,
    retries_429_after_retry_after_then_succeeds,
    gives_up_after_max_retries_with_the_last_api_error,
    a_hung_attempt_times_out,
    a_body_over_the_cap_is_refused_unread,
    a_body_that_never_ends_times_out,
    the_callers_signal_aborts,
    a_refused_connection_is_a_network_error,
    server_echoes_of_the_key_are_masked,
    the_rate_limit_spaces_requests,
    detach_body_arrives_byte_for_byte,
    a_retried_detach_resends_the_body,
    detach_echoes_of_the_shared_secret_are_masked,
    update_app_arrives_with_the_session_token_and_exact_body,
    update_app_403_names_the_roles,
    update_app_echoes_of_the_token_and_api_key_are_masked,
);
