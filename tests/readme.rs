//! The README lists every validation code a validator can emit, each marked error or warning as
//! the code lists say: a new code without a line in the README, or with the wrong kind, fails here.
#![cfg(not(target_arch = "wasm32"))]

use app_admin_wasm::core::detach_sites::callback::CODES as CALLBACK;
use app_admin_wasm::core::detach_sites::rules::CODES as DETACH;
use app_admin_wasm::core::private_app::rules::CODES as PRIVATE_APP;
use app_admin_wasm::core::symphony::rules::CODES as SYMPHONY;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

#[test]
fn every_code_is_in_the_readme_with_its_kind() {
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
    // A warning's meaning starts with "Warning:" in the code lists (the validators' own tests
    // hold them to it); the README's kind column must agree.
    let codes = validators
        .iter()
        .flat_map(|v| v.iter().copied())
        .chain(shared.map(|c| (c, "")));
    let mut wrong = Vec::new();
    for (code, meaning) in codes {
        let kind = if meaning.starts_with("Warning:") {
            "warning"
        } else {
            "error"
        };
        let other = if kind == "error" { "warning" } else { "error" };
        if !text.contains(&format!("| `{code}` | {kind} |"))
            || text.contains(&format!("| `{code}` | {other} |"))
        {
            wrong.push(format!("{code} ({kind})"));
        }
    }
    assert!(
        wrong.is_empty(),
        "codes missing from README.md or listed with the wrong kind: {wrong:?}"
    );
}

#[test]
fn a_code_is_either_always_an_error_or_always_a_warning() {
    let validators = [PRIVATE_APP, DETACH, CALLBACK, SYMPHONY];
    let all: Vec<(&str, &str)> = validators.iter().flat_map(|v| v.iter().copied()).collect();
    for (code, meaning) in &all {
        for (other, other_meaning) in &all {
            if code == other {
                assert_eq!(
                    meaning.starts_with("Warning:"),
                    other_meaning.starts_with("Warning:"),
                    "{code} is a warning in one list and an error in another"
                );
            }
        }
    }
}
