//! `private_app::rules::validate` on any JSON: no panic, and the report's invariants hold.
#![no_main]

use app_admin_wasm::core::private_app::rules as rules;
use app_admin_wasm_fuzz::{check_report, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some((value, ours)) = parse(data) {
        check_report(&value, &rules::validate(&ours), rules::CODES);
    }
});
