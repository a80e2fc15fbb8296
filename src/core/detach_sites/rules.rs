//! Validation rules for `DetachSitesRequest` (../shared/design/rules.md, "DetachSitesRequest"
//! and "Everywhere").
//!
//! No message ever quotes `callback.sharedSecret`.

use crate::core::json::Value;

use crate::core::fields::{as_object, earlier_equal, quote, strings, Obj};
use crate::core::redact;
use crate::core::report::{Path, Reporter, ValidationReport};
use crate::core::syntax::url::parse_http_url;

/// Every code [`validate`] can emit, with its meaning.
pub const CODES: &[(&str, &str)] = &[
    (
        "type",
        "A value has another JSON type than the page gives (the root must be an object).",
    ),
    ("required", "A required field is missing or null."),
    (
        "unknown-field",
        "Warning: a field the model does not know (often a typo); it is still sent.",
    ),
    ("empty-list", "`sites` lists no site."),
    (
        "empty-string",
        "A site ID or `callback.payloadTemplate.id` is an empty string.",
    ),
    ("duplicate", "Warning: a site ID is listed more than once."),
    (
        "callback-choice",
        "Warning: `callback` names both `httpServer.id` and `url` with `sharedSecret`; the page asks for one of them (its own example sends both).",
    ),
    (
        "callback-target",
        "`callback` names neither `httpServer.id` nor `url` with `sharedSecret`: the callback has nowhere to go.",
    ),
    (
        "callback-incomplete",
        "`callback.url` is set without `callback.sharedSecret`, or the reverse.",
    ),
    ("https-url", "`callback.url` is not an absolute `https://` URL."),
    (
        "url-credentials",
        "Warning: `callback.url` carries a user name or password; the page does not forbid it, but `sharedSecret` is how Meraki's callbacks prove themselves.",
    ),
];

const ROOT_FIELDS: &[&str] = &["sites", "callback"];
const CALLBACK_FIELDS: &[&str] = &["url", "sharedSecret", "httpServer", "payloadTemplate"];
const ID_FIELDS: &[&str] = &["id"];

/// Checks a `DetachSitesRequest` body against every rule; never panics, whatever the value.
pub fn validate(value: &Value) -> ValidationReport {
    let mut r = Reporter::new();
    let root = Path::Root;
    if let Some(o) = as_object(&mut r, &root, value, "The request") {
        o.warn_unknown(&mut r, ROOT_FIELDS);
        check_sites(&mut r, &o);
        o.with_object(&mut r, "callback", false, check_callback);
    }
    let mut report = r.finish();
    // A message may quote the shared secret (pasted into the url, say): it never shows.
    if !(report.errors.is_empty() && report.warnings.is_empty()) {
        redact::report(&mut report, &redact::found(value, super::request::SECRETS));
    }
    report
}

/// `sites`: required, at least one non-empty string; repeats are a warning.
fn check_sites(r: &mut Reporter, o: &Obj) {
    let Some(items) = o.array(r, "sites", true) else {
        return;
    };
    let path = o.path.key("sites");
    if items.is_empty() {
        r.error(
            &path,
            "empty-list",
            "\"sites\" must list at least one site ID to detach.",
        );
        return;
    }
    let ids = strings(r, &path, items);
    // Repeats found by sorting (`earlier_equal`), not with a B-tree set: 13 KB less wasm.
    let keys: Vec<_> = ids
        .iter()
        .map(|&(_, id)| (!id.is_empty()).then_some(id))
        .collect();
    let repeated = earlier_equal(&keys);
    for (n, &(i, id)) in ids.iter().enumerate() {
        if id.is_empty() {
            r.error(
                &path.index(i),
                "empty-string",
                "A site ID cannot be empty: remove the item or give the site's ID.",
            );
        } else if repeated[n].is_some() {
            r.warn(
                &path.index(i),
                "duplicate",
                format!(
                    "Site {} is listed more than once; one entry is enough.",
                    quote(id)
                ),
            );
        }
    }
}

/// `callback`: `httpServer.id` or `url` with `sharedSecret` (both kinds at once is a warning,
/// neither an error, half of the pair an error), where an empty string counts as left blank;
/// `url` must be https; `payloadTemplate.id` non-empty.
fn check_callback(r: &mut Reporter, cb: &Obj) {
    cb.warn_unknown(r, CALLBACK_FIELDS);
    let url = cb.string(r, "url", false).filter(|s| !s.is_empty());
    let secret = cb
        .string(r, "sharedSecret", false)
        .is_some_and(|s| !s.is_empty());

    // Some(non-empty?) when httpServer.id is a string.
    let server_id = cb
        .with_object(r, "httpServer", false, |r, server| {
            server.warn_unknown(r, ID_FIELDS);
            server.string(r, "id", false).map(|id| !id.is_empty())
        })
        .flatten();
    let server = server_id == Some(true);

    // A member of the wrong type already has its error; guessing which kind was meant would
    // only add a second, confusing one.
    let mistyped = ["url", "sharedSecret"]
        .iter()
        .any(|k| !matches!(cb.map.get(k), None | Some(Value::Null | Value::String(_))))
        || match cb.map.get("httpServer") {
            None | Some(Value::Null) => false,
            Some(Value::Object(m)) => {
                !matches!(m.get("id"), None | Some(Value::Null | Value::String(_)))
            }
            Some(_) => true,
        };

    if mistyped {
        // Reported as `type` above.
    } else {
        match (url.is_some(), secret) {
            // The page: "If using this field, please also specify a sharedSecret" (and the
            // reverse), so half of the pair is refused, whatever httpServer says.
            (true, false) => r.error(
                cb.path,
                "callback-incomplete",
                if server {
                    "\"url\" is set without \"sharedSecret\": add the shared secret Meraki should send to your URL, or remove url to use httpServer.id alone."
                } else {
                    "\"url\" is set without \"sharedSecret\": add the shared secret Meraki should send to your URL, or use httpServer.id instead."
                },
            ),
            (false, true) => r.error(
                cb.path,
                "callback-incomplete",
                if server {
                    "\"sharedSecret\" is set without \"url\": add the https:// URL Meraki should call, or remove sharedSecret to use httpServer.id alone."
                } else {
                    "\"sharedSecret\" is set without \"url\": add the https:// URL Meraki should call, or use httpServer.id instead."
                },
            ),
            // The page asks for one kind, but its own example sends both: the server takes it.
            (true, true) if server => r.warn(
                cb.path,
                "callback-choice",
                "The callback names both httpServer.id and url with sharedSecret, and the page asks for one: remove httpServer to use your own URL, or remove url and sharedSecret to use the configured receiver.",
            ),
            (false, false) if !server => r.error(
                cb.path,
                "callback-target",
                if server_id.is_some() {
                    "\"httpServer.id\" is empty: give the ID of a configured webhook receiver, or set url with sharedSecret instead."
                } else {
                    "A callback needs either httpServer.id or both url and sharedSecret: set one of them, or remove \"callback\"."
                },
            ),
            _ => {}
        }
    }

    if let Some(url) = url {
        check_https_url(r, &cb.path.key("url"), url);
    }

    cb.with_object(r, "payloadTemplate", false, |r, template| {
        template.warn_unknown(r, ID_FIELDS);
        if template.string(r, "id", false) == Some("") {
            r.error(
                &template.path.key("id"),
                "empty-string",
                "\"payloadTemplate.id\" cannot be empty: give a template ID such as wpt_00005, or remove payloadTemplate to use the default.",
            );
        }
    });
}

/// An absolute `https://` URL (Meraki calls webhooks over TLS only); a user name or password in
/// it is only warned about.
fn check_https_url(r: &mut Reporter, path: &Path, url: &str) {
    match parse_http_url(url) {
        Err(why) => r.error(
            path,
            "https-url",
            format!(
                "{} is not a valid callback URL: {why} Write an absolute https:// URL.",
                quote(url)
            ),
        ),
        Ok(u) if !u.secure => r.error(
            path,
            "https-url",
            "The callback URL must start with https://: Meraki sends webhooks only over TLS.",
        ),
        // The page sets no rule against it; a receiver behind basic authentication may need it.
        Ok(u) if u.has_userinfo => r.warn(
            path,
            "url-credentials",
            "The callback URL carries a user name or password, which is sent as given and kept in Meraki's configuration: rely on sharedSecret instead where you can.",
        ),
        Ok(_) => {}
    }
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
