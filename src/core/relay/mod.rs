//! The relay's decisions, for a portal's server that holds the key: given the API, the method,
//! the raw target after the relay's prefix and the body, which operation to forward with which
//! ids, or why not (404, 405 with `Allow`, 400 with the API's envelope and the issues). The ids
//! and the body go through the same rules as the clients' (`request::segments`, each operation's
//! `validate`), so a rule never exists twice. The JavaScript handlers only adapt to this.
//!
//! Only the Node build of the package exposes it (the `relay` feature); nothing else calls it,
//! so it never reaches the browser's `.wasm`.

pub mod envelope;
pub mod target;

use serde::Serialize;

use crate::core::json::{self, Value};
use crate::core::redact;
use crate::core::report::{Path, ValidationIssue};
use crate::core::request::{segments, Operation};
use crate::core::{detach_sites, private_app, symphony};

/// Which API a relay serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// The Meraki Dashboard API (Secure Connect).
    Meraki,
    /// A Symphony pod's admin API.
    Symphony,
}

/// A part of a route: a literal segment, or a path parameter by name.
enum Part {
    Literal(&'static str),
    Param(&'static str),
}
use Part::{Literal, Param};

/// The only routes: each operation's path, relative to the API's base, as in the API.
const ROUTES: &[(Api, Operation, &[Part])] = &[
    (
        Api::Meraki,
        Operation::UpdatePrivateApplication,
        &[
            Literal("organizations"),
            Param("organizationId"),
            Literal("secureConnect"),
            Literal("privateApplications"),
            Param("id"),
        ],
    ),
    (
        Api::Meraki,
        Operation::DetachSites,
        &[
            Literal("organizations"),
            Param("organizationId"),
            Literal("secureConnect"),
            Literal("sites"),
        ],
    ),
    (
        Api::Meraki,
        Operation::GetCallbackStatus,
        &[
            Literal("organizations"),
            Param("organizationId"),
            Literal("webhooks"),
            Literal("callbacks"),
            Literal("statuses"),
            Param("id"),
        ],
    ),
    (
        Api::Symphony,
        Operation::UpdateApp,
        &[
            Literal("pod"),
            Literal("v1"),
            Literal("admin"),
            Literal("app"),
            Param("id"),
            Literal("update"),
        ],
    ),
];

/// A call the relay may forward: the operation and its decoded, checked ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Call {
    /// The operationId (`updateOrganizationSecureConnectPrivateApplication`, …).
    #[serde(serialize_with = "operation_id")]
    pub operation: Operation,
    /// Meraki's organization, decoded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// The application's id, decoded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

fn operation_id<S: serde::Serializer>(op: &Operation, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(op.id())
}

/// A refused call: the status, `Allow` for a 405, and the body in the API's envelope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refusal {
    /// 400, 404 or 405.
    pub status: u16,
    /// The method the path takes, for a 405.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow: Option<&'static str>,
    /// JSON text in the API's envelope.
    pub body: String,
}

impl Refusal {
    fn invalid(api: Api, issues: &[ValidationIssue]) -> Self {
        Refusal {
            status: 400,
            allow: None,
            body: envelope::invalid(api, issues),
        }
    }
}

/// Where `target` (the raw path after the prefix, query included, still percent-encoded) leads
/// with `method`, and, when `body` is given, whether the call may go: the ids and the body are
/// checked with the clients' rules and every issue is reported at once. Without `body` only the
/// route and the ids are checked (the handler asks before reading a body it may not need).
///
/// The method is the request's own (never an override header) and is compared exactly.
pub fn decide(api: Api, method: &str, target: &str, body: Option<&str>) -> Result<Call, Refusal> {
    let not_found = || Refusal {
        status: 404,
        allow: None,
        body: envelope::error(
            api,
            404,
            "No such operation: the relay serves only this API's operations, at their own paths.",
        ),
    };
    // The prefix alone (with or without a query) is no operation.
    if target.split('?').next() == Some("") {
        return Err(not_found());
    }
    let t = target::split(target).map_err(|problem| {
        Refusal::invalid(
            api,
            &[ValidationIssue::new(&Path::Root, "path-parameter", problem)],
        )
    })?;
    let (operation, parts) = ROUTES
        .iter()
        .filter(|(a, _, _)| *a == api)
        .find(|(_, _, parts)| matches(parts, &t.raw))
        .map(|(_, op, parts)| (*op, *parts))
        .ok_or_else(not_found)?;
    if method != operation.method() {
        return Err(Refusal {
            status: 405,
            allow: Some(operation.method()),
            body: envelope::error(
                api,
                405,
                &format!("This path takes {} only.", operation.method()),
            ),
        });
    }
    if t.query {
        let issue = ValidationIssue::new(
            &Path::Root,
            "path-parameter",
            "The relay takes no query string: these operations have no query parameters.",
        );
        return Err(Refusal::invalid(api, &[issue]));
    }
    let param = |name| {
        let at = parts
            .iter()
            .position(|p| matches!(p, Param(n) if *n == name))?;
        Some(t.decoded[at].as_str())
    };
    let organization_id = param("organizationId");
    let id = param("id");
    let params: Vec<(&str, &str)> = [("organizationId", organization_id), ("id", id)]
        .into_iter()
        .filter_map(|(name, value)| Some((name, value?)))
        .collect();
    let call = Call {
        operation,
        organization_id: organization_id.map(str::to_owned),
        id: id.map(str::to_owned),
    };
    let (body_issues, secrets) = match body {
        None => (Vec::new(), Vec::new()),
        Some(text) => check_body(operation, text),
    };
    let mut issues = separators(&params);
    // The clients' own rules for the ids (non-empty, not `.`/`..`, no line break) and the body.
    match params.as_slice() {
        [a] => segments([*a], body_issues).err(),
        [a, b] => segments([*a, *b], body_issues).err(),
        _ => Some(body_issues).filter(|i| !i.is_empty()),
    }
    .into_iter()
    .for_each(|found| issues.extend(found));
    if issues.is_empty() {
        return Ok(call);
    }
    // A value quoted back in a message may be a secret pasted into the wrong field.
    redact::issues(
        &mut issues,
        &secrets.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    Err(Refusal::invalid(api, &issues))
}

/// The 400 for a body whose bytes are not UTF-8: it cannot be JSON, and decoding it leniently
/// would forward something else than what the page sent.
pub fn not_text(api: Api) -> Refusal {
    let issue = ValidationIssue::new(
        &Path::Root,
        "not-json",
        "The request body is not UTF-8 text.",
    );
    Refusal::invalid(api, &[issue])
}

fn matches(parts: &[Part], raw: &[&str]) -> bool {
    parts.len() == raw.len()
        && parts.iter().zip(raw).all(|(part, segment)| match part {
            Literal(l) => l == segment,
            Param(_) => true,
        })
}

/// An id that decodes to a `/` or `\` is refused: the client would send it encoded as one
/// segment, but servers and proxies on the way differ on whether `%2F` and `%5C` split a path.
fn separators(params: &[(&str, &str)]) -> Vec<ValidationIssue> {
    params
        .iter()
        .filter(|(_, value)| value.contains(['/', '\\']))
        .map(|(name, _)| {
            ValidationIssue::new(
                &Path::Root,
                "path-parameter",
                format!("{name} cannot contain / or \\ (encoded as %2F or %5C) through the relay."),
            )
        })
        .collect()
}

/// The body's issues under the operation's rules, and the secrets it carries.
fn check_body(operation: Operation, text: &str) -> (Vec<ValidationIssue>, Vec<String>) {
    let value = match json::parse(text) {
        Ok(value) => value,
        Err(json::Error::TooDeep) => {
            let issue = ValidationIssue::new(
                &Path::Root,
                "too-deep",
                "The request body is nested 128 levels deep or more.",
            );
            return (vec![issue], Vec::new());
        }
        Err(json::Error::Syntax | json::Error::LoneSurrogate) => {
            let issue =
                ValidationIssue::new(&Path::Root, "not-json", "The request body is not JSON.");
            return (vec![issue], Vec::new());
        }
    };
    let (report, secret_paths) = rules(operation, &value);
    (report, redact::found_owned(&value, secret_paths))
}

fn rules(operation: Operation, value: &Value) -> (Vec<ValidationIssue>, &'static [&'static str]) {
    match operation {
        Operation::UpdatePrivateApplication => (private_app::rules::validate(value).errors, &[]),
        Operation::DetachSites => (
            detach_sites::rules::validate(value).errors,
            detach_sites::request::SECRETS,
        ),
        Operation::UpdateApp => (
            symphony::rules::validate(value).errors,
            symphony::rules::SECRETS,
        ),
        // No body to check: the callback status is a GET, and the RSA sign-in is not relayed.
        Operation::GetCallbackStatus | Operation::PubkeyAuthenticate => (Vec::new(), &[]),
    }
}

#[cfg(test)]
mod tests;
