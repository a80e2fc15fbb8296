//! `detach_sites::callback::verify` on any JSON payload, against three expected secrets chosen
//! by the input's length: a fixed one, the payload's own (so that it can verify), and the empty
//! one (which never verifies). No panic; a payload verifies only with its own non-empty secret;
//! a refusal carries issues that hold the invariants.
#![no_main]

use app_admin_wasm::core::detach_sites::callback;
use app_admin_wasm_fuzz::{check_issue, parse};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Some((payload, ours)) = parse(data) else { return };
    let own = payload.get("sharedSecret").and_then(Value::as_str);
    let expected = match data.len() % 3 {
        0 => "s3cr3t-shared-with-meraki",
        1 => own.unwrap_or(""),
        _ => "",
    };
    match callback::verify(&ours, expected, None) {
        Ok(_) => assert!(
            !expected.is_empty() && own == Some(expected),
            "verified without the expected secret"
        ),
        Err(issues) => {
            assert!(!issues.is_empty(), "refused without an issue");
            for issue in &issues {
                check_issue(&payload, issue, callback::CODES, &["shared-secret"]);
            }
        }
    }
});
