//! What a client in a page needs besides the API's own options: extra request headers (a
//! portal's CSRF token), the fetch credentials mode (its session cookie), a base URL relative to
//! the page (a relay on the page's own origin), and the rule that a client without a credential
//! may only talk to such a relay, never to the API itself.

use super::json::Value;
use super::redirect::MERAKI_DOMAINS;
use super::report::{Path, Reporter};
use super::request::base_url_of;
use super::syntax::url::parse_http_url;

/// Header names the client sets itself, or that carry a credential: the `headers` option may not
/// set them (compared case-insensitively). `Accept` is the client's too: a second one would be
/// joined to it.
const REFUSED: [&str; 7] = [
    "Authorization",
    "X-Cisco-Meraki-API-Key",
    "sessionToken",
    "Content-Type",
    "Content-Length",
    "Host",
    "Accept",
];

/// The `headers` option, checked: names in the order given, values as given. The values count
/// as secrets (a CSRF token, a portal's own key): [`std::fmt::Debug`] shows the names only.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ExtraHeaders(pub Vec<(String, String)>);

impl std::fmt::Debug for ExtraHeaders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(k, _)| k))
            .finish()
    }
}

impl ExtraHeaders {
    /// The values, to be scrubbed from whatever a call produces.
    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(_, v)| v.as_str())
    }
}

/// The fetch `credentials` mode: whether a browser sends the page's cookies with each request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CredentialsMode {
    /// `"omit"`: never.
    Omit,
    /// `"same-origin"` (fetch's default): to the page's own origin only.
    #[default]
    SameOrigin,
    /// `"include"`: also to another origin (which must allow it with CORS).
    Include,
}

impl CredentialsMode {
    /// As fetch spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            CredentialsMode::Omit => "omit",
            CredentialsMode::SameOrigin => "same-origin",
            CredentialsMode::Include => "include",
        }
    }
}

/// What every request of a client carries besides the operation: `headers` and `credentials`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extras {
    /// The `headers` option.
    pub headers: ExtraHeaders,
    /// The `credentials` option.
    pub credentials: CredentialsMode,
}

/// Reads `headers` and `credentials` from the options object `o` (at the root).
pub fn extras(o: &super::fields::Obj, r: &mut Reporter) -> Extras {
    let credentials = match o.string(r, "credentials", false) {
        None | Some("same-origin") => CredentialsMode::SameOrigin,
        Some("omit") => CredentialsMode::Omit,
        Some("include") => CredentialsMode::Include,
        Some(_) => {
            r.error(
                &o.path.key("credentials"),
                "option",
                "credentials must be \"omit\", \"same-origin\" or \"include\".",
            );
            CredentialsMode::SameOrigin
        }
    };
    let at = o.path.key("headers");
    let headers = match o.map.get("headers") {
        None | Some(Value::Null) => ExtraHeaders::default(),
        Some(Value::Object(map)) => {
            let mut kept: Vec<(String, String)> = Vec::new();
            for (name, value) in map.iter() {
                let here = at.key(name);
                let problem = if !is_token(name) {
                    "A header name is a token: letters, digits and !#$%&'*+-.^_`|~, without spaces, colons or line breaks."
                } else if REFUSED.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                    "This header cannot be set in headers: the client sets it, or it carries a credential (keep that on the server)."
                } else if kept.iter().any(|(k, _)| k.eq_ignore_ascii_case(name)) {
                    "This header is given twice (header names are case-insensitive)."
                } else {
                    match value {
                        Value::String(v) if is_field_value(v) => {
                            kept.push((name.to_owned(), v.to_string()));
                            continue;
                        }
                        // The value is never quoted: it may be a secret.
                        Value::String(_) => "A header value may hold only visible ASCII or Latin-1 characters, spaces and tabs (no line breaks).",
                        _ => "A header value must be a string.",
                    }
                };
                r.error(&here, "option", problem);
            }
            ExtraHeaders(kept)
        }
        Some(_) => {
            r.error(
                &at,
                "option",
                "headers must be a plain object of header names and string values.",
            );
            ExtraHeaders::default()
        }
    };
    Extras {
        headers,
        credentials,
    }
}

/// RFC 9110's token: what a header name may be.
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// A header value fetch sends as written: visible ASCII, space, tab, and Latin-1 letters and
/// signs (a `ByteString`); no control character, so no line break can split the request.
fn is_field_value(value: &str) -> bool {
    value
        .chars()
        .all(|c| c == '\t' || (' '..='~').contains(&c) || ('\u{a0}'..='\u{ff}').contains(&c))
}

/// Checks a base URL (`baseUrl`, `podUrl`) that may be relative to the page: one starting with a
/// single `/` is resolved against `page` (the page's `location.href`; `None` outside a browser).
/// Returns the absolute URL without a trailing slash, or `""` with an issue at `at`.
///
/// A relative URL names the page's own origin, so it keeps the page's scheme, `http://` too:
/// the browser already talks to that origin in that scheme, and a relay there is the page's
/// own server. An absolute URL follows the usual rule (`https://`, `http://` only for loopback).
pub fn base_url(value: &str, page: Option<&str>, r: &mut Reporter, at: &Path) -> String {
    if !value.starts_with('/') {
        return base_url_of(value, false, r, at);
    }
    let problem = if value.starts_with("//") {
        "A relative URL starts with one slash (\"/api/meraki\"): \"//\" would name another host."
    } else {
        match page.map(origin) {
            None => "A relative URL (\"/api/…\") is resolved against the page, and there is none here: outside a browser, give an absolute https:// URL.",
            Some(None) => "A relative URL is resolved against the page, whose address is not http:// or https://: give an absolute URL.",
            Some(Some(origin)) => return base_url_of(&[origin.as_str(), value].concat(), true, r, at),
        }
    };
    r.error(at, "base-url", problem);
    String::new()
}

/// The origin of the page's address (`https://host:port`, without a user name or password),
/// or `None` when it is not an http(s) URL.
fn origin(page: &str) -> Option<String> {
    parse_http_url(page).ok()?;
    let (scheme, rest) = page.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    Some([scheme, "://", host].concat())
}

/// Whether `base_url` (as given) names a Meraki API host: `api.meraki.com`, a regional one, or
/// any host under their domains (a shard). A client without an API key can only fail there.
pub fn is_meraki_host(base_url: &str) -> bool {
    let Ok(url) = parse_http_url(base_url) else {
        return false;
    };
    let host = url.host.trim_end_matches('.').to_ascii_lowercase();
    MERAKI_DOMAINS
        .iter()
        .any(|d| host == *d || host.strip_suffix(d).is_some_and(|rest| rest.ends_with('.')))
}

/// Whether a client may go without a credential at `base_url` (as given): a URL relative to
/// the page (a relay on its own origin), or a loopback host (a local relay, tests).
pub fn keyless_allowed(base_url: &str) -> bool {
    (base_url.starts_with('/') && !base_url.starts_with("//"))
        || parse_http_url(base_url).is_ok_and(|u| u.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::fields::as_object;
    use crate::core::testing::own;
    use serde_json::json;

    fn run(options: serde_json::Value) -> (Extras, Vec<(String, &'static str)>, String) {
        let v = own(&options);
        let mut r = Reporter::new();
        let root = Path::Root;
        let o = as_object(&mut r, &root, &v, "x").unwrap();
        let e = extras(&o, &mut r);
        let rep = r.finish();
        let dump = format!("{rep:?}{e:?}");
        let issues = rep.errors.into_iter().map(|i| (i.path, i.code)).collect();
        (e, issues, dump)
    }

    #[test]
    fn headers_are_kept_in_order_and_credentials_default_to_same_origin() {
        let (e, issues, _) = run(json!({"headers": {"X-CSRF-Token": "abc", "x-trace": "t 1\té"}}));
        assert_eq!(issues, []);
        assert_eq!(
            e.headers.0,
            [
                ("X-CSRF-Token".to_owned(), "abc".to_owned()),
                ("x-trace".to_owned(), "t 1\té".to_owned())
            ]
        );
        assert_eq!(e.credentials, CredentialsMode::SameOrigin);
        assert_eq!(run(json!({})).0, Extras::default());
        for (mode, want) in [
            ("omit", CredentialsMode::Omit),
            ("include", CredentialsMode::Include),
            ("same-origin", CredentialsMode::SameOrigin),
        ] {
            let got = run(json!({ "credentials": mode })).0.credentials;
            assert_eq!((got, got.as_str()), (want, mode));
        }
    }

    #[test]
    fn bad_headers_are_option_issues_that_never_quote_a_value() {
        let (e, issues, dump) = run(json!({
            "credentials": "always",
            "headers": {
                "authorization": "sekrit-1", "X-CISCO-MERAKI-API-KEY": "sekrit-2",
                "SessionToken": "sekrit-3", "content-type": "text/plain", "Content-Length": "1",
                "HOST": "evil", "accept": "x", "X Space": "v", "X:Colon": "v", "": "v",
                "X-Line": "a\r\nInjected: sekrit-4", "X-Nul": "a\u{0}", "X-Emoji": "😀",
                "X-Number": 5, "X-Ok": "ok", "x-ok": "again"
            }
        }));
        // serde_json's `json!` sorts the names; the order of the issues is the order given.
        let mut paths: Vec<_> = issues.iter().map(|(p, c)| (p.as_str(), *c)).collect();
        paths.sort();
        let mut want = vec![
            ("/credentials", "option"),
            ("/headers/authorization", "option"),
            ("/headers/X-CISCO-MERAKI-API-KEY", "option"),
            ("/headers/SessionToken", "option"),
            ("/headers/content-type", "option"),
            ("/headers/Content-Length", "option"),
            ("/headers/HOST", "option"),
            ("/headers/accept", "option"),
            ("/headers/X Space", "option"),
            ("/headers/X:Colon", "option"),
            ("/headers/", "option"),
            ("/headers/X-Line", "option"),
            ("/headers/X-Nul", "option"),
            ("/headers/X-Emoji", "option"),
            ("/headers/X-Number", "option"),
            ("/headers/x-ok", "option"),
        ];
        want.sort();
        assert_eq!(paths, want);
        assert_eq!(e.headers.0.len(), 1);
        assert!(!dump.contains("sekrit"), "{dump}");
        assert!(
            !format!("{:?}", ExtraHeaders(vec![("A".into(), "sekrit".into())])).contains("sekrit")
        );
        for bad in [json!([]), json!("X-A: b"), json!(true)] {
            let (_, issues, _) = run(json!({ "headers": bad }));
            assert_eq!(issues, [("/headers".to_owned(), "option")]);
        }
    }

    fn base(value: &str, page: Option<&str>) -> Result<String, String> {
        let mut r = Reporter::new();
        let url = base_url(value, page, &mut r, &Path::Root.key("baseUrl"));
        let rep = r.finish();
        match rep.errors.first() {
            None => Ok(url),
            Some(i) => {
                assert_eq!((i.path.as_str(), i.code), ("/baseUrl", "base-url"));
                Err(i.message.clone())
            }
        }
    }

    #[test]
    fn a_relative_base_url_takes_the_page_origin_and_its_scheme() {
        let page = Some("https://portal.example.com:8443/admin/apps?x=1#y");
        assert_eq!(
            base("/api/meraki/", page).unwrap(),
            "https://portal.example.com:8443/api/meraki"
        );
        // The page's own origin over http: same-origin, so its scheme is kept.
        assert_eq!(
            base("/api/v1", Some("http://portal.internal/x")).unwrap(),
            "http://portal.internal/api/v1"
        );
        assert_eq!(
            base("/api/v1", Some("http://u:p@127.0.0.1:9/portal/")).unwrap(),
            "http://127.0.0.1:9/api/v1"
        );
        assert!(base("/api/meraki", None).unwrap_err().contains("no"));
        assert!(base("//evil.example/api", page)
            .unwrap_err()
            .contains("one slash"));
        assert!(base("/api", Some("file:///tmp/x.html")).is_err());
        assert!(base("/api?x=1", page).is_err());
        assert!(base("/a b", page).is_err());
        // Absolute URLs keep the usual rule.
        assert!(base("http://portal.internal/api", page).is_err());
        assert_eq!(
            base("https://relay.example.com/m", None).unwrap(),
            "https://relay.example.com/m"
        );
    }

    #[test]
    fn meraki_hosts_and_keyless_bases() {
        for host in [
            "https://api.meraki.com/api/v1",
            "https://API.Meraki.COM/api/v1",
            "https://api.meraki.ca/api/v1",
            "https://api.meraki.cn/api/v1",
            "https://api.meraki.in/api/v1",
            "https://api.gov-meraki.com/api/v1",
            "https://n123.meraki.com/api/v1",
            "http://api.meraki.com/api/v1",
        ] {
            assert!(is_meraki_host(host), "{host}");
        }
        for other in [
            "/api/meraki",
            "https://relay.example.com/api/meraki",
            "https://notmeraki.com/api",
            "https://meraki.com.evil.example/api",
            "http://127.0.0.1:8080/api/v1",
            "not a url",
        ] {
            assert!(!is_meraki_host(other), "{other}");
        }
        assert!(keyless_allowed("/api/symphony"));
        assert!(keyless_allowed("http://127.0.0.1:9"));
        assert!(keyless_allowed("http://localhost:9/x"));
        assert!(!keyless_allowed("//evil.example"));
        assert!(!keyless_allowed("https://acme.symphony.com"));
    }
}
