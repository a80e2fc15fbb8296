//! The detach-sites webhook, as a receiver sees it: the core of `verifyDetachSitesCallback`.
//!
//! Meraki signs nothing: its webhook format sends the request's `sharedSecret` back as a plain
//! top-level field of the JSON body, and a payload template can move it into a header instead.
//! A receiver proves the call came from Meraki by comparing the secret it chose with that field,
//! or with the request's header values, in constant time, so the comparison does not reveal, by
//! how long it takes, how much of a guess was right. Past the secret, the payload is only
//! required to be a JSON object: it is returned as sent, whatever its fields hold (the page's
//! callback schema and Meraki's general webhook format differ, and a template can change both).
//! No issue message ever contains either secret or a header's value.

use crate::core::json::Value;

use crate::core::fields::as_object;
use crate::core::report::{Path, Reporter, ValidationIssue};

/// Every code [`verify`] can emit, with its meaning.
pub const CODES: &[(&str, &str)] = &[
    ("type", "The payload is not a JSON object."),
    (
        "shared-secret",
        "Neither the payload's top-level `sharedSecret` nor any given header holds the expected secret (or the expected one is empty).",
    ),
];

/// Checks that `payload` is a JSON object and that the expected secret is its top-level
/// `sharedSecret` or, when the caller passed the request's headers, one of `header_values`
/// (`None`: no headers were passed). The caller returns the payload as it came, every field kept.
///
/// Every candidate is compared, in constant time each, whatever matched before it. An empty
/// `expected_secret` never verifies. On failure, the issues found: `type` at the root for a
/// payload that is not an object, `shared-secret` at `/sharedSecret` for a secret that is
/// missing or wrong.
pub fn verify(
    payload: &Value,
    expected_secret: &str,
    header_values: Option<&[&str]>,
) -> Result<(), Vec<ValidationIssue>> {
    let mut r = Reporter::new();
    let root = Path::Root;
    if as_object(&mut r, &root, payload, "The callback payload").is_none() {
        return Err(r.finish().errors);
    }

    let in_body = payload.get("sharedSecret");
    let body_secret = in_body.and_then(Value::as_str);
    let candidates = body_secret
        .into_iter()
        .chain(header_values.unwrap_or_default().iter().copied());
    // `|` rather than `||` and `any`: every candidate is compared, whatever came before.
    let matched = candidates.fold(false, |found, given| {
        found | secrets_match(given.as_bytes(), expected_secret.as_bytes())
    });
    if matched {
        return Ok(());
    }

    let message = if expected_secret.is_empty() {
        "The expected shared secret is empty, so no payload can be verified: pass the secret you set in callback.sharedSecret."
    } else if header_values.is_some() {
        "Neither the payload's sharedSecret nor any of the given headers holds the expected secret: the callback may not come from Meraki."
    } else {
        match in_body {
            Some(Value::String(_)) => {
                "The payload's sharedSecret does not match the expected secret: the callback may not come from Meraki."
            }
            Some(Value::Null) | None => {
                "The payload has no sharedSecret field: if your payload template moves the secret into a header, pass the request's headers as well."
            }
            Some(_) => "The payload's sharedSecret is not a string, so it cannot match the expected secret.",
        }
    };
    r.error(&root.key("sharedSecret"), "shared-secret", message);
    Err(r.finish().errors)
}

/// Compares two secrets in time that depends only on the longer length: every byte position is
/// visited whatever differs, and a length difference is folded into the result rather than
/// returned early. An empty expected secret never matches.
fn secrets_match(given: &[u8], expected: &[u8]) -> bool {
    let longest = given.len().max(expected.len());
    let mut diff: u8 = 0;
    for i in 0..longest {
        let a = given.get(i).copied().unwrap_or(0);
        let b = expected.get(i).copied().unwrap_or(0);
        diff |= std::hint::black_box(a ^ b);
    }
    let length_diff = given.len() ^ expected.len();
    let differs = u64::from(diff) | length_diff as u64;
    std::hint::black_box(differs) == 0 && !expected.is_empty()
}

#[cfg(test)]
#[path = "callback_tests.rs"]
mod tests;
