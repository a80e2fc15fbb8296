//! The README lists every validation code a validator can emit: a new code without a line in
//! the README fails here.
#![cfg(not(target_arch = "wasm32"))]

use app_admin_wasm::core::detach_sites::callback::CODES as CALLBACK;
use app_admin_wasm::core::detach_sites::rules::CODES as DETACH;
use app_admin_wasm::core::private_app::rules::CODES as PRIVATE_APP;
use app_admin_wasm::core::symphony::rules::CODES as SYMPHONY;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

#[test]
fn every_code_is_in_the_readme() {
    let text = readme();
    let shared = [
        "not-json",
        "too-deep",
        "path-parameter",
        "credential",
        "base-url",
        "option",
    ];
    let validators = [PRIVATE_APP, DETACH, CALLBACK, SYMPHONY];
    let codes = validators
        .iter()
        .flat_map(|v| v.iter().map(|(c, _)| *c))
        .chain(shared);
    let missing: Vec<&str> = codes
        .filter(|c| !text.contains(&format!("| `{c}` |")))
        .collect();
    assert!(
        missing.is_empty(),
        "codes missing from README.md: {missing:?}"
    );
}
