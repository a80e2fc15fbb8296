//! Building a request: the URL (with every path parameter encoded as one segment), the headers
//! and the exact body. Nothing here sends anything; the transport runs what this builds.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::{Serialize, Serializer};

use super::portal::ExtraHeaders;
use super::redact::MASK;
use super::report::{Path, Reporter, ValidationIssue};
use super::syntax::url::parse_http_url;

/// The operations, named by the API's operationId.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// Meraki `PUT /organizations/{organizationId}/secureConnect/privateApplications/{id}`.
    UpdatePrivateApplication,
    /// Meraki `DELETE /organizations/{organizationId}/secureConnect/sites`, with a JSON body.
    DetachSites,
    /// Symphony `POST {podUrl}/pod/v1/admin/app/{id}/update`.
    UpdateApp,
    /// Meraki `GET /organizations/{organizationId}/webhooks/callbacks/statuses/{callbackId}`:
    /// the outcome of a detach's callback. No body.
    GetCallbackStatus,
    /// Symphony's RSA sign-in, `POST {sessionAuthUrl}/login/pubkey/authenticate` with a signed
    /// JWT; it answers the session token. No credential header (`Credential::None`).
    PubkeyAuthenticate,
}

impl Operation {
    /// The API's operationId, as errors report it.
    pub fn id(self) -> &'static str {
        match self {
            Operation::UpdatePrivateApplication => {
                "updateOrganizationSecureConnectPrivateApplication"
            }
            Operation::DetachSites => "deleteOrganizationSecureConnectSites",
            Operation::UpdateApp => "updateApp",
            Operation::GetCallbackStatus => "getOrganizationWebhooksCallbacksStatus",
            Operation::PubkeyAuthenticate => "pubkeyAuthenticate",
        }
    }

    /// The HTTP method.
    pub fn method(self) -> &'static str {
        match self {
            Operation::UpdatePrivateApplication => "PUT",
            Operation::DetachSites => "DELETE",
            Operation::UpdateApp | Operation::PubkeyAuthenticate => "POST",
            Operation::GetCallbackStatus => "GET",
        }
    }
}

/// How the credential travels.
#[derive(Clone, PartialEq, Eq)]
pub enum Credential {
    /// Meraki: `Authorization: Bearer <key>`.
    Bearer(String),
    /// Meraki: `X-Cisco-Meraki-API-Key: <key>`.
    MerakiKeyHeader(String),
    /// Symphony: `sessionToken: <token>`.
    SessionToken(String),
    /// None at all: a client in a page that talks to a relay, which holds the credential; and
    /// the RSA sign-in, whose body is the credential.
    None,
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Credential(***)")
    }
}

impl Credential {
    /// The header name and value that carry this credential, if there is one.
    pub fn header(&self) -> Option<(&'static str, String)> {
        Some(match self {
            Credential::Bearer(k) => ("Authorization", format!("Bearer {k}")),
            Credential::MerakiKeyHeader(k) => ("X-Cisco-Meraki-API-Key", k.clone()),
            Credential::SessionToken(t) => ("sessionToken", t.clone()),
            Credential::None => return None,
        })
    }

    /// The secret itself, for redaction (`""` when there is none).
    pub fn secret(&self) -> &str {
        match self {
            Credential::Bearer(s)
            | Credential::MerakiKeyHeader(s)
            | Credential::SessionToken(s) => s,
            Credential::None => "",
        }
    }
}

/// A request ready to send: what `prepare*()` shows and what the transport runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Which operation this is.
    pub operation: Operation,
    /// The full URL.
    pub url: String,
    /// The exact JSON body, byte for byte.
    pub body: String,
    /// The credential header.
    pub credential: Credential,
}

/// A request as `prepare*()` returns it: the credential masked as `***`, the body exact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct PreparedRequest {
    /// `PUT`, `DELETE` or `POST`.
    pub method: String,
    /// The full URL, each path parameter percent-encoded as one segment.
    pub url: String,
    /// The headers that will be sent; the API key or session token is replaced by `"***"`.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, string>"))]
    pub headers: Headers,
    /// The exact JSON that would be sent, byte for byte (a `sharedSecret` or
    /// `notification.apiKey` in it is there: mask it yourself before displaying).
    pub body: String,
}

/// Header names and values, sorted by name and serialized as an object, exactly as the
/// `BTreeMap<String, String>` this replaces: a sorted Vec keeps B-tree code out of the wasm
/// (13 KB), and there are only a few headers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers(Vec<(String, String)>);

impl FromIterator<(String, String)> for Headers {
    /// Keeps names sorted; a repeated name replaces the earlier value, as a map would.
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Self {
        let mut headers = Headers::default();
        for (name, value) in iter {
            let at = headers.0.partition_point(|(k, _)| *k < name);
            match headers.0.get_mut(at) {
                Some(slot) if slot.0 == name => slot.1 = value,
                _ => headers.0.insert(at, (name, value)),
            }
        }
        headers
    }
}

/// For tests: the value of a header that is there (panics otherwise).
#[cfg(test)]
impl std::ops::Index<&str> for Headers {
    type Output = String;

    fn index(&self, name: &str) -> &String {
        let found = self.0.iter().find(|(k, _)| k == name);
        &found.expect("no such header").1
    }
}

impl Serialize for Headers {
    /// As an object (`{"Accept": …}`), names in order, as the B-tree map was.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl Request {
    /// The headers to send: the credential (first, when there is one), the JSON content type
    /// and accept, then the caller's `extra` headers.
    pub fn headers<'a>(&self, extra: &'a ExtraHeaders) -> Vec<(&'a str, String)> {
        // Pushed one by one: iterator chains cost the wasm more than this.
        let mut headers = Vec::with_capacity(3 + extra.0.len());
        headers.extend(self.credential.header());
        headers.push(("Content-Type", "application/json".to_owned()));
        headers.push(("Accept", "application/json".to_owned()));
        for (name, value) in &extra.0 {
            headers.push((name.as_str(), value.clone()));
        }
        headers
    }

    /// The headers with the credential and every extra header's value masked (`Bearer ***`,
    /// `***`): what a dry run and a hook show.
    pub fn shown_headers<'a>(&self, extra: &'a ExtraHeaders) -> Vec<(&'a str, String)> {
        let mut headers = self.headers(extra);
        let masked = usize::from(self.credential.header().is_some());
        if masked == 1 {
            headers[0].1 = match &self.credential {
                Credential::Bearer(_) => "Bearer ***",
                _ => MASK,
            }
            .to_owned();
        }
        for header in headers.iter_mut().skip(masked + 2) {
            header.1 = MASK.to_owned();
        }
        headers
    }

    /// The dry-run view of this request, with the credential and extra header values masked.
    pub fn prepared(&self) -> PreparedRequest {
        self.prepared_with(&ExtraHeaders::default())
    }

    /// [`Self::prepared`] with the client's `extra` headers (their values masked).
    pub fn prepared_with(&self, extra: &ExtraHeaders) -> PreparedRequest {
        PreparedRequest {
            method: self.operation.method().to_owned(),
            url: self.url.clone(),
            headers: self
                .shown_headers(extra)
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
            body: self.body.clone(),
        }
    }
}

/// Everything but RFC 3986's unreserved characters is encoded, so no id can add a path
/// segment, a query or a fragment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Encodes a path parameter as exactly one URL path segment.
///
/// Empty values, `.` and `..` (which URL parsers fold into the parent path) and values with
/// CR or LF are refused, with an issue naming the parameter.
pub fn path_segment(name: &str, value: &str, r: &mut Reporter) -> String {
    let problem = if value.is_empty() {
        Some(format!("{name} must be a non-empty string."))
    } else if value == "." || value == ".." {
        Some(format!(
            "{name} cannot be \".\" or \"..\": a URL parser would fold it into another path."
        ))
    } else if value.contains(['\r', '\n']) {
        Some(format!("{name} cannot contain a line break."))
    } else {
        None
    };
    match problem {
        Some(message) => {
            r.error(&Path::Root, "path-parameter", message);
            String::new()
        }
        None => utf8_percent_encode(value, SEGMENT).to_string(),
    }
}

/// Encodes each path parameter as one segment and adds the body's issues: the segments, or
/// every issue of both (arguments first).
pub fn segments<const N: usize>(
    params: [(&str, &str); N],
    body_issues: Vec<ValidationIssue>,
) -> Result<[String; N], Vec<ValidationIssue>> {
    let mut r = Reporter::new();
    let encoded = params.map(|(name, value)| path_segment(name, value, &mut r));
    let mut problems = issues(r).err().unwrap_or_default();
    problems.extend(body_issues);
    if problems.is_empty() {
        Ok(encoded)
    } else {
        Err(problems)
    }
}

/// Checks a base URL (`baseUrl`, `podUrl`) and returns it without a trailing slash.
///
/// It must be `https://` (plain `http://` only for loopback hosts, for tests) with no
/// credentials, query or fragment, which would change where or how requests go.
pub fn base_url(value: &str, r: &mut Reporter, at: &Path) -> String {
    base_url_of(value, false, r, at)
}

/// [`base_url`], where `page_origin` says the URL was resolved from the page's own origin:
/// then plain `http://` is allowed too, as the page itself was loaded that way.
pub fn base_url_of(value: &str, page_origin: bool, r: &mut Reporter, at: &Path) -> String {
    let problem = match parse_http_url(value) {
        Err(e) => Some(e.to_owned()),
        Ok(u) if !u.secure && !u.is_loopback() && !page_origin => Some(
            "Use an https:// URL: plain http:// is allowed only for 127.0.0.1 or localhost."
                .to_owned(),
        ),
        Ok(u) if u.has_userinfo => Some(
            "Put no user name or password in the URL: credentials go in apiKey or sessionToken."
                .to_owned(),
        ),
        Ok(u) if u.query.is_some() || u.fragment.is_some() => {
            Some("The URL cannot have a query (?) or a fragment (#).".to_owned())
        }
        Ok(_) => None,
    };
    match problem {
        Some(message) => {
            r.error(at, "base-url", message);
            String::new()
        }
        None => value.trim_end_matches('/').to_owned(),
    }
}

/// Checks a credential: non-empty, and only visible ASCII so it cannot split a header.
pub fn credential_text(value: &str, name: &str, r: &mut Reporter, at: &Path) -> bool {
    let problem = if value.trim().is_empty() {
        format!("{name} is required and cannot be blank.")
    } else if !value.bytes().all(|b| b.is_ascii_graphic()) {
        format!("{name} may hold only visible ASCII characters (no spaces or line breaks).")
    } else {
        return true;
    };
    r.error(at, "credential", problem);
    false
}

/// Issues about call arguments, ready to become a `ValidationError`.
pub fn issues(r: Reporter) -> Result<(), Vec<ValidationIssue>> {
    let report = r.finish();
    if report.valid {
        Ok(())
    } else {
        Err(report.errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(v: &str) -> Result<String, Vec<ValidationIssue>> {
        let mut r = Reporter::new();
        let s = path_segment("id", v, &mut r);
        issues(r).map(|_| s)
    }

    #[test]
    fn hostile_ids_stay_one_segment() {
        assert_eq!(seg("../x").unwrap(), "..%2Fx");
        assert_eq!(seg("a/b?c#d").unwrap(), "a%2Fb%3Fc%23d");
        assert_eq!(seg("%2e%2e").unwrap(), "%252e%252e");
        assert_eq!(seg("L_123-abc.~").unwrap(), "L_123-abc.~");
        assert_eq!(seg("é").unwrap(), "%C3%A9");
    }

    #[test]
    fn folding_ids_are_refused() {
        for bad in ["", ".", "..", "a\r\nHost: x", "a\n"] {
            let e = seg(bad).unwrap_err();
            assert_eq!(e[0].code, "path-parameter", "{bad:?}");
        }
    }

    #[test]
    fn base_urls() {
        let ok = |v: &str| {
            let mut r = Reporter::new();
            let s = base_url(v, &mut r, &Path::Root);
            issues(r).map(|_| s)
        };
        assert_eq!(
            ok("https://api.meraki.com/api/v1/").unwrap(),
            "https://api.meraki.com/api/v1"
        );
        assert_eq!(
            ok("http://127.0.0.1:8080/api/v1").unwrap(),
            "http://127.0.0.1:8080/api/v1"
        );
        for bad in [
            "http://api.meraki.com/api/v1",
            "https://u:p@api.meraki.com",
            "https://a.com/?x=1",
            "https://a.com/#f",
            "api.meraki.com",
            "",
        ] {
            assert_eq!(ok(bad).unwrap_err()[0].code, "base-url", "{bad}");
        }
    }

    #[test]
    fn credentials_cannot_split_headers() {
        for (v, good) in [
            ("abc123", true),
            ("", false),
            ("  ", false),
            ("a\r\nX: y", false),
            ("a b", false),
        ] {
            let mut r = Reporter::new();
            assert_eq!(
                credential_text(v, "apiKey", &mut r, &Path::Root),
                good,
                "{v:?}"
            );
        }
    }

    #[test]
    fn prepared_masks_the_credential_only() {
        let req = Request {
            operation: Operation::UpdatePrivateApplication,
            url: "https://x/y".into(),
            body: "{\"a\":1}".into(),
            credential: Credential::Bearer("sekrit".into()),
        };
        let p = req.prepared();
        assert_eq!(p.headers["Authorization"], "Bearer ***");
        assert_eq!(p.headers["Content-Type"], "application/json");
        assert_eq!(p.method, "PUT");
        assert!(!format!("{p:?}{req:?}").contains("sekrit"));
        let s = Request {
            credential: Credential::SessionToken("tok".into()),
            ..req
        }
        .prepared();
        assert_eq!(s.headers["sessionToken"], "***");
    }

    #[test]
    fn no_credential_no_credential_header_and_extra_values_masked() {
        let extra = ExtraHeaders(vec![("X-CSRF-Token".into(), "csrf-sekrit".into())]);
        let req = Request {
            operation: Operation::DetachSites,
            url: "https://portal.example/api/meraki/x".into(),
            body: "{}".into(),
            credential: Credential::None,
        };
        let sent = req.headers(&extra);
        assert_eq!(
            sent,
            [
                ("Content-Type", "application/json".to_owned()),
                ("Accept", "application/json".to_owned()),
                ("X-CSRF-Token", "csrf-sekrit".to_owned())
            ]
        );
        let p = req.prepared_with(&extra);
        assert_eq!(p.headers["X-CSRF-Token"], "***");
        assert_eq!(p.headers["Content-Type"], "application/json");
        assert!(!format!("{p:?}").contains("sekrit"));
        let keyed = Request {
            credential: Credential::Bearer("key-sekrit".into()),
            ..req
        };
        let shown = keyed.shown_headers(&extra);
        assert_eq!(shown[0], ("Authorization", "Bearer ***".to_owned()));
        assert_eq!(shown[1].1, "application/json");
        assert_eq!(shown[3], ("X-CSRF-Token", "***".to_owned()));
        assert_eq!(keyed.headers(&extra)[3].1, "csrf-sekrit");
    }

    #[test]
    fn headers_serialize_as_the_sorted_map_they_replace() {
        for credential in [
            Credential::Bearer("k".into()),
            Credential::MerakiKeyHeader("k".into()),
            Credential::SessionToken("t".into()),
        ] {
            let req = Request {
                operation: Operation::UpdateApp,
                url: "https://x/y".into(),
                body: "{}".into(),
                credential,
            };
            let map: std::collections::BTreeMap<_, _> =
                req.prepared().headers.0.into_iter().collect();
            assert_eq!(
                serde_json::to_string(&req.prepared().headers).unwrap(),
                serde_json::to_string(&map).unwrap()
            );
            assert_eq!(map.len(), 3);
        }
    }
}
