//! Validation rules for `ApplicationDetail` (../shared/design/rules.md, "ApplicationDetail" and
//! "Everywhere").
//!
//! No message ever quotes `notification.apiKey` or a property's value.

use std::collections::HashSet;

use serde_json::Value;

use crate::core::fields::{as_object, quote, strings, type_name, Obj};
use crate::core::redact;
use crate::core::report::{Path, Reporter, ValidationReport};
use crate::core::syntax::dns::check_dns_name;
use crate::core::syntax::pem::check_pem;
use crate::core::syntax::url::parse_http_url;

/// Every code [`validate`] can emit, with its meaning.
pub const CODES: &[(&str, &str)] = &[
    (
        "type",
        "A value has another JSON type than the page gives (the root must be an object; a property value cannot be null).",
    ),
    ("required", "A required field is missing or null (`applicationInfo.appId`, `applicationInfo.name`, a property's `key` or `value`)."),
    (
        "unknown-field",
        "Warning: a field the model does not know (often a typo); it is still sent.",
    ),
    ("duplicate", "Warning: a permission is listed more than once."),
    ("blank", "`applicationInfo.name` is empty or only white space."),
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
        "`allowOrigins` is not a domain name or a comma-separated list of domain names.",
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
        "`cert` or an authentication key holds literal \\n sequences instead of line breaks.",
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
        check_application_info(&mut r, &o);
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

/// `applicationInfo`: `appId` 1–256 characters and `name` not blank, both required; `appUrl`
/// https; `domain` the app URL's host or a parent domain of it.
fn check_application_info(r: &mut Reporter, o: &Obj) {
    let path = o.path.key("applicationInfo");
    let Some(map) = o.object(r, "applicationInfo", false) else {
        return;
    };
    let info = Obj { map, path: &path };
    info.warn_unknown(r, INFO_FIELDS);
    if let Some(id) = info.string(r, "appId", true) {
        let n = id.chars().count();
        if n == 0 || n > 256 {
            r.error(
                &path.key("appId"),
                "app-id-length",
                format!("\"appId\" must have 1 to 256 characters; it has {n}."),
            );
        }
    }
    if let Some(name) = info.string(r, "name", true) {
        if name.trim().is_empty() {
            r.error(
                &path.key("name"),
                "blank",
                "\"name\" cannot be blank: give the application a name.",
            );
        }
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
fn check_allow_origins(r: &mut Reporter, path: &Path, origins: &str) {
    if origins.trim().is_empty() {
        r.error(
            path,
            "allow-origins-form",
            "\"allowOrigins\" cannot be empty: give a domain name such as mydomain.com, or leave the field out.",
        );
        return;
    }
    for item in origins.split(',').map(str::trim) {
        if item.is_empty() {
            r.error(
                path,
                "allow-origins-form",
                "\"allowOrigins\" has an empty item: remove the extra comma.",
            );
        } else if let Err(why) = check_dns_name(item) {
            let hint = if item.contains("://") {
                " Write the domain alone, without https:// or a path."
            } else {
                ""
            };
            r.error(
                path,
                "allow-origins-form",
                format!(
                    "{} in \"allowOrigins\" is not a domain name: {why}{hint}",
                    quote(item)
                ),
            );
        }
    }
}

/// `permissions[]`: 1–64 characters of A-Z, 0-9 and _; custom ones allowed; repeats warn.
fn check_permissions(r: &mut Reporter, o: &Obj) {
    let Some(items) = o.array(r, "permissions", false) else {
        return;
    };
    let path = o.path.key("permissions");
    let permissions = strings(r, &path, items);
    let mut seen = HashSet::with_capacity(permissions.len());
    for (i, p) in permissions {
        if let Some(problem) = permission_problem(p) {
            r.error(&path.index(i), "permission-form", problem);
        } else if !seen.insert(p) {
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

/// A PEM block; literal `\n` sequences get their own code and message.
fn check_pem_field(r: &mut Reporter, path: &Path, text: &str, what: &str) {
    if let Err(problem) = check_pem(text) {
        r.error(
            path,
            problem.code(),
            format!("\"{what}\" {}", problem.message()),
        );
    }
}

/// `authenticationKeys.current` and `.previous`: a PEM `key`, an `action` from the key's list,
/// and an `expirationDate` meant for the previous key only.
fn check_authentication_keys(r: &mut Reporter, o: &Obj) {
    let path = o.path.key("authenticationKeys");
    let Some(map) = o.object(r, "authenticationKeys", false) else {
        return;
    };
    let keys = Obj { map, path: &path };
    keys.warn_unknown(r, KEYS_FIELDS);
    for (name, actions) in [
        ("current", ["SAVE", "REVOKE"]),
        ("previous", ["REVOKE", "EXTEND"]),
    ] {
        let key_path = path.key(name);
        if let Some(map) = keys.object(r, name, false) {
            check_key(
                r,
                &Obj {
                    map,
                    path: &key_path,
                },
                name,
                actions,
            );
        }
    }
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
                let f = n.as_f64().unwrap_or(f64::NAN);
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
    let path = o.path.key("notification");
    let Some(map) = o.object(r, "notification", false) else {
        return;
    };
    let n = Obj { map, path: &path };
    n.warn_unknown(r, NOTIFICATION_FIELDS);
    if let Some(url) = n.string(r, "url", false) {
        check_https_url(r, &path.key("url"), url, "notification.url");
    }
    n.string(r, "apiKey", false);
}

/// `properties[]`: `key` 1–1024 characters, unique, not secret-like (warning); `value` a string
/// (empty allowed, null not) of at most 4096 characters.
fn check_properties(r: &mut Reporter, o: &Obj) {
    let Some(items) = o.array(r, "properties", false) else {
        return;
    };
    let path = o.path.key("properties");
    let mut seen = HashSet::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let item_path = path.index(i);
        let Some(p) = as_object(r, &item_path, item, "Each property") else {
            continue;
        };
        // The same key, borrowed for as long as `items` (the set outlives this item's path).
        let listed_key = item.get("key").and_then(Value::as_str);
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
                if listed_key.is_some_and(|k| !seen.insert(k)) {
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
mod tests {
    use super::*;
    use crate::core::report::ValidationIssue;
    use crate::core::testing::{self, pairs};
    use serde_json::json;

    fn assert_error(v: Value, path: &str, code: &str) -> ValidationIssue {
        testing::one_error(validate, &v, path, code)
            .errors
            .remove(0)
    }

    fn assert_warning(v: Value, path: &str, code: &str) -> ValidationIssue {
        testing::one_warning(validate, &v, path, code)
            .warnings
            .remove(0)
    }

    fn assert_clean(v: Value) {
        testing::clean(validate, &v)
    }

    use crate::core::testing::RSA_PUBLIC_KEY as KEY;

    /// The page's sample values, with a real multi-line PEM where the page shows an escaped one.
    fn sample() -> Value {
        json!({
            "applicationInfo": {
                "appId": "my-test-app",
                "name": "My test app",
                "appUrl": "https://apps.mydomain.com/app.html",
                "domain": "mydomain.com",
                "publisher": "Acme"
            },
            "iconUrl": "https://myiconUrl.com",
            "description": "a test app",
            "allowOrigins": "mydomain.com",
            "permissions": ["SEND_MESSAGES", "GET_BASIC_USER_INFO", "MY_CUSTOM_PERMISSION_2"],
            "cert": KEY,
            "authenticationKeys": {
                "current": {"key": KEY, "action": "SAVE"},
                "previous": {"key": KEY, "expirationDate": 1700815176000i64, "action": "EXTEND"}
            },
            "notification": {"url": "https://mydomain.com/notifications", "apiKey": "api-key-value-123"},
            "properties": [{"key": "theme", "value": "dark"}, {"key": "empty", "value": ""}]
        })
    }

    /// `sample()` with the member at `pointer` set to `value` (an object parent must exist).
    fn with(pointer: &str, value: Value) -> Value {
        let mut v = sample();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        v.pointer_mut(parent)
            .unwrap()
            .as_object_mut()
            .unwrap()
            .insert(key.into(), value);
        v
    }

    fn without(pointer: &str) -> Value {
        let mut v = sample();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        v.pointer_mut(parent)
            .unwrap()
            .as_object_mut()
            .unwrap()
            .remove(key);
        v
    }

    #[test]
    fn the_sample_with_a_real_pem_is_valid() {
        assert_clean(sample());
        assert_clean(json!({}));
        let crlf = KEY.replace('\n', "\r\n");
        assert_clean(with("/cert", json!(crlf)));
    }

    #[test]
    fn the_pages_escaped_pem_is_named_as_such() {
        let from_page: String = serde_json::from_str(
            r#""-----BEGIN PUBLIC KEY-----\\nMIICIANBgkqhw0BAQ...cCAwEAAQ==\\n-----END PUBLIC KEY-----""#,
        )
        .unwrap();
        let issue = assert_error(
            with("/cert", json!(from_page)),
            "/cert",
            "pem-escaped-newlines",
        );
        assert!(issue.message.contains("line break"), "{}", issue.message);
        let escaped = KEY.replace('\n', "\\n");
        assert_error(
            with("/authenticationKeys/current/key", json!(escaped)),
            "/authenticationKeys/current/key",
            "pem-escaped-newlines",
        );
    }

    #[test]
    fn cert_and_keys_must_be_pem_blocks() {
        for (pointer, bad) in [
            ("/cert", "MIIBIjANBgkq".to_owned()),
            ("/cert", KEY.replace("END PUBLIC", "END RSA PUBLIC")),
            (
                "/authenticationKeys/current/key",
                KEY.replace("-----END PUBLIC KEY-----", ""),
            ),
            (
                "/authenticationKeys/previous/key",
                KEY.replace("aQIDAQAB", "aQID AQ!B"),
            ),
            ("/authenticationKeys/previous/key", String::new()),
        ] {
            assert_error(with(pointer, json!(bad)), pointer, "pem-form");
        }
        assert_error(with("/cert", json!(1)), "/cert", "type");
        assert_clean(with("/cert", Value::Null));
    }

    #[test]
    fn application_info_requires_app_id_and_name() {
        assert_error(
            without("/applicationInfo/appId"),
            "/applicationInfo",
            "required",
        );
        assert_error(
            without("/applicationInfo/name"),
            "/applicationInfo",
            "required",
        );
        assert_error(
            with("/applicationInfo/name", Value::Null),
            "/applicationInfo",
            "required",
        );
        assert_error(
            with("/applicationInfo/name", json!("   ")),
            "/applicationInfo/name",
            "blank",
        );
        assert_error(
            with("/applicationInfo/name", json!("")),
            "/applicationInfo/name",
            "blank",
        );
        assert_clean(without("/applicationInfo"));
        assert_clean(with("/applicationInfo/publisher", Value::Null));
        assert_error(
            with("/applicationInfo", json!("my-app")),
            "/applicationInfo",
            "type",
        );
        assert_error(
            with("/applicationInfo/appId", json!(12)),
            "/applicationInfo/appId",
            "type",
        );
    }

    #[test]
    fn app_id_has_1_to_256_characters() {
        assert_clean(with("/applicationInfo/appId", json!("é".repeat(256))));
        assert_clean(with("/applicationInfo/appId", json!("a")));
        let issue = assert_error(
            with("/applicationInfo/appId", json!("é".repeat(257))),
            "/applicationInfo/appId",
            "app-id-length",
        );
        assert!(issue.message.contains("257"));
        assert_error(
            with("/applicationInfo/appId", json!("")),
            "/applicationInfo/appId",
            "app-id-length",
        );
    }

    #[test]
    fn urls_must_be_https() {
        for pointer in ["/applicationInfo/appUrl", "/iconUrl", "/notification/url"] {
            assert_clean(with(pointer, json!("https://mydomain.com:8443/x?y=1")));
            for bad in [
                "http://mydomain.com/x",
                "mydomain.com",
                "https://",
                "https://my domain.com",
            ] {
                assert_error(with(pointer, json!(bad)), pointer, "https-url");
            }
        }
    }

    #[test]
    fn domain_is_the_app_hosts_domain_or_a_parent() {
        for ok in [
            "mydomain.com",
            "MyDomain.COM",
            "apps.mydomain.com",
            "mydomain.com.",
        ] {
            assert_clean(with("/applicationInfo/domain", json!(ok)));
        }
        for bad in [
            "otherdomain.com",
            "domain.com",
            "x.apps.mydomain.com",
            "",
            "https://mydomain.com",
        ] {
            assert_error(
                with("/applicationInfo/domain", json!(bad)),
                "/applicationInfo/domain",
                "domain-mismatch",
            );
        }
        // Without a (valid) appUrl there is nothing to compare with.
        assert_clean(without("/applicationInfo/appUrl"));
        let mut v = with("/applicationInfo/appUrl", json!("http://apps.mydomain.com"));
        v["applicationInfo"]["domain"] = json!("other.com");
        assert_eq!(
            pairs(&validate(&v).errors),
            [("/applicationInfo/appUrl", "https-url")]
        );
        // An address is covered only by itself.
        let mut v = with("/applicationInfo/appUrl", json!("https://10.0.0.1/app"));
        v["applicationInfo"]["domain"] = json!("0.0.1");
        assert_error(v.clone(), "/applicationInfo/domain", "domain-mismatch");
        v["applicationInfo"]["domain"] = json!("10.0.0.1");
        assert_clean(v);
    }

    #[test]
    fn allow_origins_is_one_or_more_domains() {
        for ok in [
            "mydomain.com",
            "a.com,b.org",
            "a.com , b.org,c.net",
            " a.com ",
        ] {
            assert_clean(with("/allowOrigins", json!(ok)));
        }
        for bad in [
            "",
            "  ",
            "a.com,",
            "a.com,,b.org",
            "localhost",
            "https://a.com",
            "a.com;b.org",
            "*",
        ] {
            assert_error(
                with("/allowOrigins", json!(bad)),
                "/allowOrigins",
                "allow-origins-form",
            );
        }
        let rep = validate(&with("/allowOrigins", json!("a_b.com, 10.0.0.1")));
        assert_eq!(
            pairs(&rep.errors),
            [
                ("/allowOrigins", "allow-origins-form"),
                ("/allowOrigins", "allow-origins-form")
            ]
        );
        assert_error(
            with("/allowOrigins", json!(["a.com"])),
            "/allowOrigins",
            "type",
        );
    }

    #[test]
    fn permissions_have_the_documented_form() {
        let all: Vec<Value> = KNOWN_PERMISSIONS.iter().map(|p| json!(p)).collect();
        assert_clean(with("/permissions", Value::Array(all)));
        assert_clean(with(
            "/permissions",
            json!(["X", "A".repeat(64), "MY_APP_2"]),
        ));
        assert_clean(with("/permissions", json!([])));
        for bad in [
            json!(""),
            json!(" "),
            json!("A".repeat(65)),
            json!("send_messages"),
            json!("SEND-MESSAGES"),
            json!("SEND MESSAGES"),
            json!("ÉTAT"),
        ] {
            assert_error(
                with("/permissions", json!(["ACT_AS_USER", bad])),
                "/permissions/1",
                "permission-form",
            );
        }
        let issue = assert_error(
            with("/permissions", json!(["send_messages"])),
            "/permissions/0",
            "permission-form",
        );
        assert!(
            issue.message.contains("\"SEND_MESSAGES\""),
            "{}",
            issue.message
        );
        assert_error(
            with("/permissions", json!(["ACT_AS_USER", 3])),
            "/permissions/1",
            "type",
        );
        assert_error(
            with("/permissions", json!("ACT_AS_USER")),
            "/permissions",
            "type",
        );
    }

    #[test]
    fn repeated_permissions_warn() {
        assert_warning(
            with(
                "/permissions",
                json!(["ACT_AS_USER", "TRUST_APP", "ACT_AS_USER"]),
            ),
            "/permissions/2",
            "duplicate",
        );
    }

    #[test]
    fn key_actions_are_closed_lists() {
        for ok in ["SAVE", "REVOKE"] {
            assert_clean(with("/authenticationKeys/current/action", json!(ok)));
        }
        for ok in ["REVOKE", "EXTEND"] {
            assert_clean(with("/authenticationKeys/previous/action", json!(ok)));
        }
        for bad in ["EXTEND", "save", "DELETE", ""] {
            let pointer = "/authenticationKeys/current/action";
            let issue = assert_error(with(pointer, json!(bad)), pointer, "key-action");
            assert!(issue.message.contains("SAVE or REVOKE"));
        }
        for bad in ["SAVE", "extend"] {
            let pointer = "/authenticationKeys/previous/action";
            let issue = assert_error(with(pointer, json!(bad)), pointer, "key-action");
            assert!(issue.message.contains("REVOKE or EXTEND"));
        }
        assert_error(
            with("/authenticationKeys/previous/action", json!(true)),
            "/authenticationKeys/previous/action",
            "type",
        );
    }

    #[test]
    fn expiration_date_is_a_safe_positive_integer() {
        let pointer = "/authenticationKeys/previous/expirationDate";
        for ok in [
            json!(1),
            json!(1700815176000i64),
            json!(9007199254740991i64),
            json!(1700815176000.0),
        ] {
            assert_clean(with(pointer, ok));
        }
        for bad in [
            json!(0),
            json!(-1700815176000i64),
            json!(9007199254740992i64),
            json!(u64::MAX),
            json!(1e300),
            json!(-0.0),
        ] {
            assert_error(with(pointer, bad), pointer, "expiration-date");
        }
        for bad in [
            json!("1700815176000"),
            json!(1700815176000.5),
            json!(true),
            json!([1]),
        ] {
            assert_error(with(pointer, bad), pointer, "type");
        }
        assert_clean(with(pointer, Value::Null));
    }

    #[test]
    fn expiration_date_on_the_current_key_warns() {
        let pointer = "/authenticationKeys/current/expirationDate";
        assert_warning(
            with(pointer, json!(1700815176000i64)),
            pointer,
            "expiration-on-current",
        );
        // A bad value there is both: the warning and the error.
        let rep = validate(&with(pointer, json!(-5)));
        assert_eq!(pairs(&rep.errors), [(pointer, "expiration-date")]);
        assert_eq!(pairs(&rep.warnings), [(pointer, "expiration-on-current")]);
    }

    #[test]
    fn property_keys_have_1_to_1024_characters_and_are_unique() {
        assert_clean(with(
            "/properties",
            json!([{"key": "é".repeat(1024), "value": "v"}]),
        ));
        assert_error(
            with(
                "/properties",
                json!([{"key": "é".repeat(1025), "value": "v"}]),
            ),
            "/properties/0/key",
            "property-key-length",
        );
        assert_error(
            with("/properties", json!([{"key": "", "value": "v"}])),
            "/properties/0/key",
            "property-key-length",
        );
        let issue = assert_error(
            with(
                "/properties",
                json!([{"key": "a", "value": "1"}, {"key": "b", "value": "2"}, {"key": "a", "value": "3"}]),
            ),
            "/properties/2/key",
            "property-key-duplicate",
        );
        assert!(issue.message.contains("\"a\""));
        // Keys are compared as written.
        assert_clean(with(
            "/properties",
            json!([{"key": "a", "value": ""}, {"key": "A", "value": ""}]),
        ));
    }

    #[test]
    fn property_values_are_strings_up_to_4096_characters() {
        assert_clean(with(
            "/properties",
            json!([{"key": "k1", "value": "é".repeat(4096)}]),
        ));
        assert_clean(with("/properties", json!([{"key": "k1", "value": ""}])));
        assert_error(
            with(
                "/properties",
                json!([{"key": "k1", "value": "é".repeat(4097)}]),
            ),
            "/properties/0/value",
            "property-value-length",
        );
        let issue = assert_error(
            with("/properties", json!([{"key": "k1", "value": null}])),
            "/properties/0/value",
            "type",
        );
        assert!(issue.message.contains("\"\""));
        assert_error(
            with("/properties", json!([{"key": "k1"}])),
            "/properties/0",
            "required",
        );
        assert_error(
            with("/properties", json!([{"value": "v"}])),
            "/properties/0",
            "required",
        );
        assert_error(
            with("/properties", json!([{"key": "k1", "value": 5}])),
            "/properties/0/value",
            "type",
        );
        assert_error(
            with("/properties", json!(["k1=v"])),
            "/properties/0",
            "type",
        );
        assert_error(
            with("/properties", json!({"k1": "v"})),
            "/properties",
            "type",
        );
    }

    #[test]
    fn secret_like_property_keys_warn_without_quoting_the_value() {
        for key in [
            "password",
            "DB_PASSWORD",
            "clientSecret",
            "authToken",
            "apiKey",
            "KEY",
        ] {
            let issue = assert_warning(
                with(
                    "/properties",
                    json!([{"key": key, "value": "hunter2-value"}]),
                ),
                "/properties/0/key",
                "property-secret-like",
            );
            assert!(!issue.message.contains("hunter2"), "{}", issue.message);
        }
        assert_clean(with(
            "/properties",
            json!([{"key": "theme", "value": "secret"}]),
        ));
    }

    #[test]
    fn unknown_fields_warn_at_each_level() {
        for pointer in [
            "/iconURL",
            "/applicationInfo/appID",
            "/authenticationKeys/next",
            "/authenticationKeys/current/expiration",
            "/notification/apikey",
            "/properties/0/secret",
        ] {
            let mut v = sample();
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            v.pointer_mut(parent)
                .unwrap()
                .as_object_mut()
                .unwrap()
                .insert(key.into(), json!("x"));
            assert_warning(v, pointer, "unknown-field");
        }
    }

    #[test]
    fn wrong_types_and_null_as_absent() {
        for (pointer, bad) in [
            ("/description", json!(1)),
            ("/authenticationKeys", json!([])),
            ("/authenticationKeys/current", json!("key")),
            ("/notification", json!("https://x.com")),
            ("/notification/apiKey", json!(123)),
            ("/applicationInfo/publisher", json!({})),
            ("/properties", json!("a=b")),
        ] {
            assert_error(with(pointer, bad), pointer, "type");
        }
        for pointer in [
            "/applicationInfo",
            "/iconUrl",
            "/description",
            "/allowOrigins",
            "/permissions",
            "/cert",
            "/authenticationKeys",
            "/authenticationKeys/previous",
            "/authenticationKeys/current/key",
            "/notification",
            "/notification/apiKey",
            "/properties",
        ] {
            assert_clean(with(pointer, Value::Null));
        }
    }

    #[test]
    fn a_non_object_root_is_a_type_error() {
        for v in [json!(null), json!([]), json!("x"), json!(1.5), json!(false)] {
            assert_error(v, "", "type");
        }
    }

    #[test]
    fn several_issues_are_reported_at_once() {
        let v = json!({
            "applicationInfo": {"appId": "", "appUrl": "http://x.com"},
            "iconUrl": "icon.png",
            "permissions": ["ok_not", "TRUST_APP", "TRUST_APP"],
            "authenticationKeys": {"current": {"action": "EXTEND", "expirationDate": 1}},
            "properties": [{"key": "token", "value": null}],
            "colour": "blue"
        });
        let rep = validate(&v);
        assert_eq!(
            pairs(&rep.errors),
            [
                ("/applicationInfo/appId", "app-id-length"),
                ("/applicationInfo", "required"),
                ("/applicationInfo/appUrl", "https-url"),
                ("/iconUrl", "https-url"),
                ("/permissions/0", "permission-form"),
                ("/authenticationKeys/current/action", "key-action"),
                ("/properties/0/value", "type"),
            ]
        );
        assert_eq!(
            pairs(&rep.warnings),
            [
                ("/colour", "unknown-field"),
                ("/permissions/2", "duplicate"),
                (
                    "/authenticationKeys/current/expirationDate",
                    "expiration-on-current"
                ),
                ("/properties/0/key", "property-secret-like"),
            ]
        );
    }

    #[test]
    fn the_api_key_never_appears_in_a_message() {
        let secret = "notification-api-key-do-not-print";
        let v = json!({
            "notification": {"url": "http://x.com", "apiKey": secret, "apiKeys": secret},
            "properties": [{"key": "apiKey", "value": secret}, {"key": "apiKey", "value": secret}]
        });
        let rep = validate(&v);
        assert!(!rep.errors.is_empty() && !rep.warnings.is_empty());
        for issue in rep.errors.iter().chain(&rep.warnings) {
            assert!(!issue.message.contains(secret), "{issue:?}");
        }
    }

    #[test]
    fn long_values_are_shortened_in_messages() {
        let long = format!("{}.com", "é".repeat(100));
        let issue = assert_error(
            with("/allowOrigins", json!(long)),
            "/allowOrigins",
            "allow-origins-form",
        );
        assert!(
            issue.message.contains('…') && issue.message.chars().count() < 200,
            "{}",
            issue.message
        );
    }

    #[test]
    fn codes_lists_every_code_emitted_here() {
        let listed: Vec<&str> = CODES.iter().map(|(c, _)| *c).collect();
        let emitted = [
            "type",
            "required",
            "unknown-field",
            "duplicate",
            "blank",
            "https-url",
            "app-id-length",
            "domain-mismatch",
            "allow-origins-form",
            "permission-form",
            "pem-form",
            "pem-escaped-newlines",
            "key-action",
            "expiration-date",
            "expiration-on-current",
            "property-key-length",
            "property-key-duplicate",
            "property-value-length",
            "property-secret-like",
        ];
        assert_eq!(listed, emitted);
    }

    #[test]
    fn never_panics_on_junk() {
        for v in [
            json!({"applicationInfo": {"appId": "x", "name": "n", "appUrl": "https://[::1]", "domain": "é"}}),
            json!({"applicationInfo": {"appId": "x", "name": "n", "appUrl": "https://é.com", "domain": "xé.com"}}),
            json!({"applicationInfo": {"appId": "x", "name": "n", "appUrl": "https://a.b", "domain": "a.b.c.d.e"}}),
            json!({"properties": [null, [], 1, {"key": null, "value": {}}]}),
            json!({"authenticationKeys": {"current": {"expirationDate": -9.2e18}, "previous": {"expirationDate": 9.3e18}}}),
            json!({"permissions": [null, {}, "\u{0}"], "allowOrigins": ",,,"}),
        ] {
            let _ = validate(&v);
        }
    }

    #[test]
    fn the_notification_api_key_is_never_quoted_back() {
        let v = json!({"iconUrl": "https://k3y-value-1 x", "notification": {"url": "https://a.example.com/cb", "apiKey": "k3y-value-1"}});
        let rep = validate(&v);
        assert_eq!(pairs(&rep.errors), [("/iconUrl", "https-url")]);
        assert!(!format!("{rep:?}").contains("k3y-value-1"), "{rep:?}");
    }
}
