//! Validation rules for `ApplicationDetail` (../shared/design/rules.md, "ApplicationDetail" and
//! "Everywhere").
//!
//! No message ever quotes `notification.apiKey` or a property's value.

use crate::core::json::Value;

use crate::core::fields::{as_object, earlier_equal, quote, strings, type_name, Obj};
use crate::core::redact;
use crate::core::report::{Path, Reporter, ValidationReport};
use crate::core::syntax::dns::check_dns_name;
use crate::core::syntax::pem::{check_pem, PemForm};
use crate::core::syntax::url::parse_http_url;

/// Every code [`validate`] can emit, with its meaning.
pub const CODES: &[(&str, &str)] = &[
    (
        "type",
        "A value has another JSON type than the page gives (the root must be an object; a property value cannot be null).",
    ),
    ("required", "A required field is missing or null: a property's `key` or `value`."),
    (
        "unknown-field",
        "Warning: a field the model does not know (often a typo); it is still sent.",
    ),
    ("duplicate", "Warning: a permission is listed more than once."),
    (
        "info-incomplete",
        "Warning: `applicationInfo` has no `appId` or no `name`, or a blank `name` (the schema requires neither, and this is an update).",
    ),
    (
        "https-url",
        "`applicationInfo.appUrl`, `iconUrl` or `notification.url` is not a valid URL starting with `https://`.",
    ),
    ("app-id-length", "`applicationInfo.appId` does not have 1 to 256 characters."),
    (
        "domain-mismatch",
        "`applicationInfo.domain` is neither the host of `appUrl` nor a parent domain of it.",
    ),
    (
        "allow-origins-form",
        "Warning: `allowOrigins` is not a domain name or a comma-separated list of domain names (`*`, a scheme, a port…); the page sets no form, so it is sent as given.",
    ),
    (
        "permission-form",
        "A permission is not 1 to 64 characters of A-Z, 0-9 and _.",
    ),
    (
        "pem-form",
        "`cert` or an authentication key is not one PEM block (BEGIN line, base64 body, matching END line).",
    ),
    (
        "pem-escaped-newlines",
        "Warning: `cert` or an authentication key is a valid PEM block written with literal \\n sequences instead of line breaks (as the page's own examples are); it is sent as given.",
    ),
    (
        "key-action",
        "An authentication key's `action` is not in its list: `SAVE` or `REVOKE` (current), `REVOKE` or `EXTEND` (previous).",
    ),
    (
        "expiration-date",
        "`expirationDate` is not a positive integer of epoch milliseconds that a JavaScript number holds exactly.",
    ),
    (
        "expiration-on-current",
        "Warning: `expirationDate` is set on the current key; it is meant for rotated (previous) keys only.",
    ),
    ("property-key-length", "A property's `key` does not have 1 to 1024 characters."),
    ("property-key-duplicate", "A property's `key` repeats an earlier one in the list."),
    ("property-value-length", "A property's `value` has more than 4096 characters."),
    (
        "property-secret-like",
        "Warning: a property's `key` looks like a secret (password, secret, token, key); properties are shared with the client side.",
    ),
];

/// The 13 permissions the page lists; others are allowed as custom permissions.
pub const KNOWN_PERMISSIONS: [&str; 13] = [
    "SEND_MESSAGES",
    "GET_USER_CONNECTIONS",
    "REQUEST_USER_CONNECTIONS",
    "SET_PRESENCE",
    "GET_PRESENCE",
    "GET_BASIC_USER_INFO",
    "GET_EXTENDED_USER_INFO",
    "GET_BASIC_CONTACT_INFO",
    "GET_EXTENDED_CONTACT_INFO",
    "ACT_AS_USER",
    "MANAGE_SIGNALS",
    "MANAGE_USER_FOLLOWING",
    "TRUST_APP",
];

/// The largest integer a JavaScript `number` holds exactly (2^53 − 1).
const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

const ROOT_FIELDS: &[&str] = &[
    "applicationInfo",
    "iconUrl",
    "description",
    "allowOrigins",
    "permissions",
    "cert",
    "authenticationKeys",
    "notification",
    "properties",
];
const INFO_FIELDS: &[&str] = &["appId", "name", "appUrl", "domain", "publisher"];
const KEYS_FIELDS: &[&str] = &["current", "previous"];
const KEY_FIELDS: &[&str] = &["key", "expirationDate", "action"];
const NOTIFICATION_FIELDS: &[&str] = &["url", "apiKey"];
const PROPERTY_FIELDS: &[&str] = &["key", "value"];

/// Checks an `ApplicationDetail` body against every rule; never panics, whatever the value.
pub fn validate(value: &Value) -> ValidationReport {
    let mut r = Reporter::new();
    let root = Path::Root;
    if let Some(o) = as_object(&mut r, &root, value, "The application detail") {
        o.warn_unknown(&mut r, ROOT_FIELDS);
        o.with_object(&mut r, "applicationInfo", false, check_application_info);
        if let Some(url) = o.string(&mut r, "iconUrl", false) {
            check_https_url(&mut r, &root.key("iconUrl"), url, "iconUrl");
        }
        o.string(&mut r, "description", false);
        if let Some(origins) = o.string(&mut r, "allowOrigins", false) {
            check_allow_origins(&mut r, &root.key("allowOrigins"), origins);
        }
        check_permissions(&mut r, &o);
        if let Some(cert) = o.string(&mut r, "cert", false) {
            check_pem_field(&mut r, &root.key("cert"), cert, "cert");
        }
        check_authentication_keys(&mut r, &o);
        check_notification(&mut r, &o);
        check_properties(&mut r, &o);
    }
    let mut report = r.finish();
    // A message may quote the notification apiKey (pasted into another field): it never shows.
    if !(report.errors.is_empty() && report.warnings.is_empty()) {
        redact::report(&mut report, &redact::found(value, SECRETS));
    }
    report
}

/// Where an `ApplicationDetail` carries a secret.
pub const SECRETS: &[&str] = &["/notification/apiKey"];

/// `applicationInfo` (when an object): `appId` 1–256 characters; a missing `appId` or `name`, or
/// a blank `name`, only warned about (the schema has no `required` list and this is an update);
/// `appUrl` https; `domain` the app URL's host or a parent domain of it.
fn check_application_info(r: &mut Reporter, info: &Obj) {
    let path = info.path;
    info.warn_unknown(r, INFO_FIELDS);
    let app_id = info.string(r, "appId", false);
    if let Some(id) = app_id {
        let n = id.chars().count();
        if n == 0 || n > 256 {
            r.error(
                &path.key("appId"),
                "app-id-length",
                format!("\"appId\" must have 1 to 256 characters; it has {n}."),
            );
        }
    }
    let name = info.string(r, "name", false);
    // Absent means missing or null: a member of another type already has its `type` error.
    let absent = |key| matches!(info.map.get(key), None | Some(Value::Null));
    let missing = match (absent("appId"), absent("name")) {
        (true, true) => Some("no \"appId\" and no \"name\""),
        (true, false) => Some("no \"appId\""),
        (false, true) => Some("no \"name\""),
        (false, false) => None,
    };
    if let Some(missing) = missing {
        r.warn(
            path,
            "info-incomplete",
            format!(
                "\"applicationInfo\" has {missing}: the update goes ahead, but the page describes it as the information an application requires."
            ),
        );
    }
    if name.is_some_and(|n| n.trim().is_empty()) {
        r.warn(
            &path.key("name"),
            "info-incomplete",
            "\"name\" is blank: the update goes ahead, but give the application a name.",
        );
    }
    let host = info
        .string(r, "appUrl", false)
        .and_then(|url| check_https_url(r, &path.key("appUrl"), url, "appUrl"));
    if let Some(domain) = info.string(r, "domain", false) {
        if let Some(host) = host {
            if !domain_covers(domain, host) {
                r.error(
                    &path.key("domain"),
                    "domain-mismatch",
                    format!(
                        "\"domain\" {} must be the app URL's host {} or a parent domain of it.",
                        quote(domain),
                        quote(host)
                    ),
                );
            }
        }
    }
    info.string(r, "publisher", false);
}

/// Whether `domain` is `host` or a parent domain of it, ignoring case and one trailing dot.
/// An IP address is covered only by itself.
fn domain_covers(domain: &str, host: &str) -> bool {
    let d = domain.strip_suffix('.').unwrap_or(domain).as_bytes();
    let h = host.strip_suffix('.').unwrap_or(host).as_bytes();
    if d.is_empty() {
        return false;
    }
    if h.eq_ignore_ascii_case(d) {
        return true;
    }
    let is_ip = h.first() == Some(&b'[') || h.iter().all(|b| b.is_ascii_digit() || *b == b'.');
    !is_ip
        && h.len() > d.len()
        && h[h.len() - d.len() - 1] == b'.'
        && h[h.len() - d.len()..].eq_ignore_ascii_case(d)
}

/// A valid URL starting with `https://`; returns its host when it is one.
fn check_https_url<'u>(r: &mut Reporter, path: &Path, url: &'u str, what: &str) -> Option<&'u str> {
    match parse_http_url(url) {
        Err(why) => {
            r.error(
                path,
                "https-url",
                format!(
                    "\"{what}\" {} is not a valid URL: {why} Write an absolute https:// URL.",
                    quote(url)
                ),
            );
            None
        }
        Ok(u) if !u.secure => {
            r.error(
                path,
                "https-url",
                format!("\"{what}\" must start with https://, not http://."),
            );
            None
        }
        Ok(u) => Some(u.host),
    }
}

/// `allowOrigins`: a domain name, or several separated by commas (spaces around them tolerated).
/// The page describes the field but sets no form, so anything else is only a warning.
fn check_allow_origins(r: &mut Reporter, path: &Path, origins: &str) {
    if origins.trim().is_empty() {
        r.warn(
            path,
            "allow-origins-form",
            "\"allowOrigins\" is empty: give a domain name such as mydomain.com, or leave the field out.",
        );
        return;
    }
    for item in origins.split(',').map(str::trim) {
        if item.is_empty() {
            r.warn(
                path,
                "allow-origins-form",
                "\"allowOrigins\" has an empty item: remove the extra comma.",
            );
            continue;
        }
        let why = match check_dns_name(item) {
            Ok(labels) if labels > 1 => continue,
            Ok(_) => "a domain name has at least two labels, such as example.com.",
            Err(why) => why,
        };
        let hint = if item.contains("://") {
            " Write the domain alone, without https:// or a path."
        } else {
            ""
        };
        r.warn(
            path,
            "allow-origins-form",
            format!(
                "{} in \"allowOrigins\" is not a domain name ({}); it is sent as given.{hint}",
                quote(item),
                why.trim_end_matches('.')
            ),
        );
    }
}

/// `permissions[]`: 1–64 characters of A-Z, 0-9 and _; custom ones allowed; repeats warn.
fn check_permissions(r: &mut Reporter, o: &Obj) {
    let Some(items) = o.array(r, "permissions", false) else {
        return;
    };
    let path = o.path.key("permissions");
    let permissions = strings(r, &path, items);
    // Repeats found by sorting (`earlier_equal`), not with a B-tree set: 13 KB less wasm.
    // Only well-formed permissions count, as before.
    let keys: Vec<_> = permissions
        .iter()
        .map(|&(_, p)| is_permission(p).then_some(p))
        .collect();
    let repeated = earlier_equal(&keys);
    for (n, &(i, p)) in permissions.iter().enumerate() {
        if let Some(problem) = permission_problem(p) {
            r.error(&path.index(i), "permission-form", problem);
        } else if repeated[n].is_some() {
            r.warn(
                &path.index(i),
                "duplicate",
                format!("Permission \"{p}\" is listed more than once; one entry is enough."),
            );
        }
    }
}

fn is_permission(p: &str) -> bool {
    (1..=64).contains(&p.len())
        && p.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// What is wrong with a permission, as a sentence, or `None` when it has the right form.
fn permission_problem(p: &str) -> Option<String> {
    if is_permission(p) {
        return None;
    }
    let n = p.chars().count();
    let fixed = p.trim().to_ascii_uppercase();
    Some(if p.trim().is_empty() {
        "A permission cannot be empty: remove the item or name a permission such as SEND_MESSAGES."
            .to_owned()
    } else if n > 64 {
        format!("A permission has at most 64 characters; this one has {n}.")
    } else if is_permission(&fixed) {
        format!(
            "Permission {} must be written in capitals without spaces: \"{fixed}\".",
            quote(p)
        )
    } else {
        format!(
            "Permission {} may hold only A-Z, 0-9 and _ (for example SEND_MESSAGES).",
            quote(p)
        )
    })
}

/// A PEM block; one written with literal `\n` sequences is sent as given, with a warning (the
/// page's own examples are written that way).
fn check_pem_field(r: &mut Reporter, path: &Path, text: &str, what: &str) {
    match check_pem(text) {
        Ok(PemForm::LineBreaks) => {}
        Ok(PemForm::EscapedNewlines) => r.warn(
            path,
            "pem-escaped-newlines",
            format!(
                "\"{what}\" is written with literal \\n sequences instead of line breaks: it is sent as given, as the page's own examples are, but most tools expect real line breaks."
            ),
        ),
        Err(problem) => r.error(
            path,
            problem.code(),
            format!("\"{what}\" {}", problem.message()),
        ),
    }
}

/// `authenticationKeys.current` and `.previous`: a PEM `key`, an `action` from the key's list,
/// and an `expirationDate` meant for the previous key only.
fn check_authentication_keys(r: &mut Reporter, o: &Obj) {
    o.with_object(r, "authenticationKeys", false, |r, keys| {
        keys.warn_unknown(r, KEYS_FIELDS);
        for (name, actions) in [
            ("current", ["SAVE", "REVOKE"]),
            ("previous", ["REVOKE", "EXTEND"]),
        ] {
            keys.with_object(r, name, false, |r, key| check_key(r, key, name, actions));
        }
    });
}

fn check_key(r: &mut Reporter, k: &Obj, name: &str, actions: [&str; 2]) {
    k.warn_unknown(r, KEY_FIELDS);
    if let Some(key) = k.string(r, "key", false) {
        check_pem_field(
            r,
            &k.path.key("key"),
            key,
            if name == "current" {
                "authenticationKeys.current.key"
            } else {
                "authenticationKeys.previous.key"
            },
        );
    }
    if let Some(action) = k.string(r, "action", false) {
        if !actions.contains(&action) {
            r.error(
                &k.path.key("action"),
                "key-action",
                format!(
                    "The {name} key's \"action\" must be {} or {}, not {}.",
                    actions[0],
                    actions[1],
                    quote(action)
                ),
            );
        }
    }
    check_expiration_date(r, k, name == "current");
}

/// `expirationDate`: a positive integer of epoch milliseconds, exact as a JavaScript number.
fn check_expiration_date(r: &mut Reporter, k: &Obj, on_current: bool) {
    let value = match k.map.get("expirationDate") {
        None | Some(Value::Null) => return,
        Some(v) => v,
    };
    let path = k.path.key("expirationDate");
    if on_current {
        r.warn(
            &path,
            "expiration-on-current",
            "\"expirationDate\" is set only for rotated keys: remove it from the current key, or set it on \"previous\".",
        );
    }
    let in_range = match value {
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                (1..=MAX_SAFE_INTEGER).contains(&i)
            } else if n.is_u64() {
                false
            } else {
                let f = n.as_f64();
                if f.fract() != 0.0 {
                    r.error(
                        &path,
                        "type",
                        "\"expirationDate\" must be a whole number of epoch milliseconds, such as 1700815176000.",
                    );
                    return;
                }
                f >= 1.0 && f <= MAX_SAFE_INTEGER as f64
            }
        }
        other => {
            r.error(
                &path,
                "type",
                format!(
                    "\"expirationDate\" must be an integer of epoch milliseconds, not {}.",
                    type_name(other)
                ),
            );
            return;
        }
    };
    if !in_range {
        r.error(
            &path,
            "expiration-date",
            "\"expirationDate\" must be a positive number of epoch milliseconds no larger than 9007199254740991, such as 1700815176000.",
        );
    }
}

/// `notification`: an https `url`; `apiKey` a string (never quoted).
fn check_notification(r: &mut Reporter, o: &Obj) {
    o.with_object(r, "notification", false, |r, n| {
        n.warn_unknown(r, NOTIFICATION_FIELDS);
        if let Some(url) = n.string(r, "url", false) {
            check_https_url(r, &n.path.key("url"), url, "notification.url");
        }
        n.string(r, "apiKey", false);
    });
}

/// `properties[]`: `key` 1–1024 characters, unique, not secret-like (warning); `value` a string
/// (empty allowed, null not) of at most 4096 characters.
fn check_properties(r: &mut Reporter, o: &Obj) {
    let Some(items) = o.array(r, "properties", false) else {
        return;
    };
    let path = o.path.key("properties");
    // The keys that count for uniqueness (a string of 1 to 1024 characters in an object),
    // compared by sorting (`earlier_equal`), not with a B-tree set: 13 KB less wasm.
    let keys: Vec<_> = items
        .iter()
        .map(|item| {
            item.get("key")
                .and_then(Value::as_str)
                .filter(|k| (1..=1024).contains(&k.chars().count()))
        })
        .collect();
    let repeated = earlier_equal(&keys);
    for (i, item) in items.iter().enumerate() {
        let item_path = path.index(i);
        let Some(p) = as_object(r, &item_path, item, "Each property") else {
            continue;
        };
        p.warn_unknown(r, PROPERTY_FIELDS);
        if let Some(key) = p.string(r, "key", true) {
            let key_path = item_path.key("key");
            let n = key.chars().count();
            if n == 0 || n > 1024 {
                r.error(
                    &key_path,
                    "property-key-length",
                    format!("A property's \"key\" must have 1 to 1024 characters; it has {n}."),
                );
            } else {
                if repeated[i].is_some() {
                    r.error(
                        &key_path,
                        "property-key-duplicate",
                        format!(
                            "Property key {} is already used earlier in the list: each key must be unique.",
                            quote(key)
                        ),
                    );
                }
                if looks_secret(key) {
                    r.warn(
                        &key_path,
                        "property-secret-like",
                        format!(
                            "Property {} looks like it holds a secret: properties are shared with the client side, so keep passwords, secrets, tokens and keys out of them.",
                            quote(key)
                        ),
                    );
                }
            }
        }
        if matches!(p.map.get("value"), Some(Value::Null)) {
            r.error(
                &item_path.key("value"),
                "type",
                "A property's \"value\" cannot be null: use \"\" for an empty value.",
            );
        } else if let Some(value) = p.string(r, "value", true) {
            if value.len() > 4096 {
                let n = value.chars().count();
                if n > 4096 {
                    r.error(
                        &item_path.key("value"),
                        "property-value-length",
                        format!(
                            "A property's \"value\" has at most 4096 characters; this one has {n}."
                        ),
                    );
                }
            }
        }
    }
}

/// Whether a property key names something secret: password, secret, token or key, in any case.
fn looks_secret(key: &str) -> bool {
    ["password", "secret", "token", "key"].iter().any(|word| {
        key.as_bytes()
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
    })
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
