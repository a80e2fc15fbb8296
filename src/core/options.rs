//! Client options: their TypeScript shapes, defaults and rules. A constructor with bad options
//! throws `ValidationError` whose issues point into the options object (`/apiKey`, `/baseUrl`).

use crate::core::json::Value;
use serde::{Deserialize, Serialize};

use super::fields::{as_object, Obj};
use super::portal::{self, Extras};
use super::report::{Path, Reporter, ValidationIssue};
use super::request::{credential_text, Credential};

/// The Meraki Dashboard API's global base URL.
pub const MERAKI_BASE_URL: &str = "https://api.meraki.com/api/v1";
/// Default per-attempt timeout.
pub const DEFAULT_TIMEOUT_MS: f64 = 60_000.0;
/// Default number of retries after the first attempt.
pub const DEFAULT_MAX_RETRIES: u32 = 3;
/// Meraki's documented limit per organization.
pub const DEFAULT_REQUESTS_PER_SECOND: f64 = 10.0;
/// `setTimeout` cannot wait longer than this.
const MAX_TIMEOUT_MS: f64 = 2_147_483_647.0;
/// More retries than this is a loop, not a policy.
const MAX_RETRIES_LIMIT: f64 = 100.0;

/// How the Meraki API key is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum AuthScheme {
    /// `Authorization: Bearer <key>` (Meraki's preferred form).
    #[default]
    Bearer,
    /// `X-Cisco-Meraki-API-Key: <key>`.
    ApiKeyHeader,
}

/// Options of `new MerakiClient(options)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct MerakiClientOptions {
    /// The Meraki Dashboard API key, sent as `Authorization: Bearer <key>`. It is never shown in
    /// an error, a message or a dry run. Leave it out in a web page that talks to a relay on
    /// its server (which holds the key): then no credential header is sent. Without a key,
    /// `baseUrl` cannot be a Meraki API host (a `ValidationError`, code `credential`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub api_key: Option<String>,
    /// Default `"https://api.meraki.com/api/v1"`; the regional bases (`api.meraki.ca`,
    /// `api.meraki.cn`, `api.meraki.in`, `api.gov-meraki.com`) work too. Must be `https://`
    /// (plain `http://` only for 127.0.0.1 or localhost, for tests). In a web page it may be
    /// relative to the page, such as `"/api/meraki"` (a relay on the page's own origin, in the
    /// page's own scheme); outside a page a relative URL is a `ValidationError`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub base_url: Option<String>,
    /// `"bearer"` (default) sends `Authorization: Bearer <key>`; `"apiKeyHeader"` sends
    /// `X-Cisco-Meraki-API-Key: <key>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub auth_scheme: Option<AuthScheme>,
    /// Per-attempt timeout in milliseconds. Default 60000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub timeout_ms: Option<f64>,
    /// Retries after the first attempt (429, 5xx, network errors, timeouts). Default 3; 0 disables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub max_retries: Option<u32>,
    /// Client-side limit per organization, shared by every call this client makes for that
    /// organization. Default 10 (Meraki's limit); 0 disables. Not together with `rateLimiter`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub requests_per_second: Option<f64>,
    /// Extra headers sent with every request, such as a portal's CSRF token:
    /// `{ "X-CSRF-Token": token }`. Names are HTTP tokens; `Authorization`,
    /// `X-Cisco-Meraki-API-Key`, `sessionToken`, `Content-Type`, `Content-Length`, `Host` and
    /// `Accept` are refused. Values are treated as secrets: shown as `***` in `prepare*()`,
    /// in hooks, and never in an error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(optional, type = "Record<string, string>")
    )]
    pub headers: Option<Vec<(String, String)>>,
    /// The fetch credentials mode: whether a browser sends the page's cookies (a portal's
    /// session) with each request. Default `"same-origin"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(optional, type = "\"omit\" | \"same-origin\" | \"include\"")
    )]
    pub credentials: Option<String>,
}

/// Options of `new SymphonyClient(options)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct SymphonyClientOptions {
    /// The pod's URL, e.g. `"https://acme.symphony.com"`: requests go to
    /// `{podUrl}/pod/v1/admin/app/{id}/update`. Must be `https://` (plain `http://` only for
    /// 127.0.0.1 or localhost, for tests). In a web page it may be relative to the page, such
    /// as `"/api/symphony"` (a relay on the page's own origin).
    pub pod_url: String,
    /// A session token, sent as the `sessionToken` header. One of `sessionToken` and
    /// `sessionTokenProvider` (a function, declared with the bindings) is required, except
    /// when `podUrl` is relative to the page or a loopback host (a relay, which holds the
    /// token): then, without either, no token is sent. Never shown in an error or a dry run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub session_token: Option<String>,
    /// Per-attempt timeout in milliseconds. Default 60000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub timeout_ms: Option<f64>,
    /// Retries after the first attempt (429, 5xx, network errors, timeouts). Default 3; 0 disables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub max_retries: Option<u32>,
    /// Extra headers sent with every request, such as a portal's CSRF token:
    /// `{ "X-CSRF-Token": token }`. Names are HTTP tokens; `Authorization`,
    /// `X-Cisco-Meraki-API-Key`, `sessionToken`, `Content-Type`, `Content-Length`, `Host` and
    /// `Accept` are refused. Values are treated as secrets: shown as `***` in `prepare*()`,
    /// in hooks, and never in an error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(optional, type = "Record<string, string>")
    )]
    pub headers: Option<Vec<(String, String)>>,
    /// The fetch credentials mode: whether a browser sends the page's cookies (a portal's
    /// session) with each request. Default `"same-origin"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(optional, type = "\"omit\" | \"same-origin\" | \"include\"")
    )]
    pub credentials: Option<String>,
}

/// A checked Symphony configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct SymphonyConfig {
    /// The pod URL without a trailing slash.
    pub pod_url: String,
    /// The session token given in the options, if any.
    pub session_token: Option<String>,
    /// No token and no provider: a relay's client, which sends no `sessionToken` at all.
    pub keyless: bool,
    /// Defaults for each call.
    pub call: CallSettings,
    /// Extra headers and the credentials mode.
    pub extras: Extras,
}

/// Checks `new SymphonyClient(options)` outside a page: [`symphony_in`] without one.
pub fn symphony(
    options: &Value,
    has_provider: bool,
) -> Result<SymphonyConfig, Vec<ValidationIssue>> {
    symphony_in(options, has_provider, None)
}

/// Checks `new SymphonyClient(options)`. `has_provider` says whether `sessionTokenProvider`
/// is a function (functions do not survive the trip through JSON); `page` is the page's
/// `location.href` (`None` outside a browser), against which a relative `podUrl` is resolved.
pub fn symphony_in(
    options: &Value,
    has_provider: bool,
    page: Option<&str>,
) -> Result<SymphonyConfig, Vec<ValidationIssue>> {
    let mut r = Reporter::new();
    let root = Path::Root;
    let Some(o) = as_object(&mut r, &root, options, "The options") else {
        return Err(r.finish().errors);
    };
    o.warn_unknown(
        &mut r,
        &[
            "podUrl",
            "sessionToken",
            "sessionTokenProvider",
            "timeoutMs",
            "maxRetries",
            "fetch",
            "hooks",
            "headers",
            "credentials",
        ],
    );
    let given_url = o.string(&mut r, "podUrl", true);
    let pod_url = given_url.map(|u| portal::base_url(u, page, &mut r, &root.key("podUrl")));
    let token = o.string(&mut r, "sessionToken", false);
    let token =
        token.filter(|t| credential_text(t, "sessionToken", &mut r, &root.key("sessionToken")));
    // A sessionToken that is there but wrong already has its issue; null (JSON's form of
    // undefined-ish values such as NaN) counts as absent.
    let given = o.map.get("sessionToken").is_some_and(|t| !t.is_null());
    // Without either, only a relay can be called: one on the page's origin, or on loopback.
    let keyless = token.is_none() && !has_provider && !given;
    if keyless && !given_url.is_some_and(portal::keyless_allowed) {
        r.error(
            &root,
            "required",
            "Set sessionToken, or sessionTokenProvider (a function returning a token); only a podUrl relative to the page (a relay) goes without.",
        );
    }
    let call = call_settings_of(
        &o,
        &mut r,
        CallSettings {
            timeout_ms: DEFAULT_TIMEOUT_MS,
            max_retries: DEFAULT_MAX_RETRIES,
        },
    );
    let extras = portal::extras(&o, &mut r);
    match (pod_url, r.has_errors()) {
        (Some(pod_url), false) => Ok(SymphonyConfig {
            pod_url,
            session_token: token.map(str::to_owned),
            keyless,
            call,
            extras,
        }),
        _ => Err(r.finish().errors),
    }
}

/// Timeout and retries of one call.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CallSettings {
    /// Per-attempt timeout.
    pub timeout_ms: f64,
    /// Retries after the first attempt.
    pub max_retries: u32,
}

/// A checked Meraki configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct MerakiConfig {
    /// Base URL without a trailing slash.
    pub base_url: String,
    /// The API key and how it is sent ([`Credential::None`]: a relay's client).
    pub credential: Credential,
    /// Defaults for each call.
    pub call: CallSettings,
    /// 0 disables the client-side limit.
    pub requests_per_second: f64,
    /// Extra headers and the credentials mode.
    pub extras: Extras,
}

/// Checks `new MerakiClient(options)` outside a page: [`meraki_in`] without one.
pub fn meraki(options: &Value) -> Result<MerakiConfig, Vec<ValidationIssue>> {
    meraki_in(options, None)
}

/// Checks `new MerakiClient(options)`; `page` is the page's `location.href` (`None` outside a
/// browser), against which a relative `baseUrl` is resolved.
pub fn meraki_in(
    options: &Value,
    page: Option<&str>,
) -> Result<MerakiConfig, Vec<ValidationIssue>> {
    let mut r = Reporter::new();
    let root = Path::Root;
    let Some(o) = as_object(&mut r, &root, options, "The options") else {
        return Err(r.finish().errors);
    };
    o.warn_unknown(
        &mut r,
        &[
            "apiKey",
            "baseUrl",
            "authScheme",
            "timeoutMs",
            "maxRetries",
            "requestsPerSecond",
            "fetch",
            "hooks",
            "headers",
            "credentials",
            "rateLimiter",
        ],
    );
    let key = o
        .string(&mut r, "apiKey", false)
        .filter(|k| credential_text(k, "apiKey", &mut r, &root.key("apiKey")));
    let given = o
        .string(&mut r, "baseUrl", false)
        .unwrap_or(MERAKI_BASE_URL);
    let base = portal::base_url(given, page, &mut r, &root.key("baseUrl"));
    // No key (absent or null; a wrong one has its issue already): fine for a relay, never for
    // the API itself, which would only answer 401.
    let keyless = o.map.get("apiKey").is_none_or(Value::is_null);
    if keyless && portal::is_meraki_host(given) {
        r.error(
            &root.key("apiKey"),
            "credential",
            "apiKey is required to call the Meraki API. A web page holds no key: point baseUrl at your server's relay (\"/api/meraki\") instead.",
        );
    }
    let scheme = match o.string(&mut r, "authScheme", false) {
        None | Some("bearer") => AuthScheme::Bearer,
        Some("apiKeyHeader") => AuthScheme::ApiKeyHeader,
        Some(_) => {
            r.error(
                &root.key("authScheme"),
                "option",
                "authScheme must be \"bearer\" or \"apiKeyHeader\".",
            );
            AuthScheme::Bearer
        }
    };
    let call = call_settings_of(
        &o,
        &mut r,
        CallSettings {
            timeout_ms: DEFAULT_TIMEOUT_MS,
            max_retries: DEFAULT_MAX_RETRIES,
        },
    );
    let rps = o
        .number(&mut r, "requestsPerSecond", false)
        .unwrap_or(DEFAULT_REQUESTS_PER_SECOND);
    if !(0.0..=1000.0).contains(&rps) {
        r.error(
            &root.key("requestsPerSecond"),
            "option",
            "requestsPerSecond must be from 0 (no limit) to 1000.",
        );
    }
    let extras = portal::extras(&o, &mut r);
    if r.has_errors() {
        return Err(r.finish().errors);
    }
    Ok(MerakiConfig {
        base_url: base,
        credential: match (key, scheme) {
            (None, _) => Credential::None,
            (Some(k), AuthScheme::Bearer) => Credential::Bearer(k.to_owned()),
            (Some(k), AuthScheme::ApiKeyHeader) => Credential::MerakiKeyHeader(k.to_owned()),
        },
        call,
        requests_per_second: rps,
        extras,
    })
}

/// Checks the `timeoutMs` and `maxRetries` of a call's options over the client's defaults.
pub fn call_settings(
    options: &Value,
    defaults: CallSettings,
) -> Result<CallSettings, Vec<ValidationIssue>> {
    let mut r = Reporter::new();
    let root = Path::Root;
    if options.is_null() {
        return Ok(defaults);
    }
    let Some(o) = as_object(&mut r, &root, options, "The call options") else {
        return Err(r.finish().errors);
    };
    let settings = call_settings_of(&o, &mut r, defaults);
    if r.has_errors() {
        Err(r.finish().errors)
    } else {
        Ok(settings)
    }
}

pub(crate) fn call_settings_of(o: &Obj, r: &mut Reporter, defaults: CallSettings) -> CallSettings {
    let timeout_ms = o
        .number(r, "timeoutMs", false)
        .unwrap_or(defaults.timeout_ms);
    if !(timeout_ms > 0.0 && timeout_ms <= MAX_TIMEOUT_MS) {
        r.error(
            &o.path.key("timeoutMs"),
            "option",
            "timeoutMs must be a number of milliseconds above 0 (at most 2147483647).",
        );
    }
    let retries = o
        .number(r, "maxRetries", false)
        .unwrap_or(defaults.max_retries as f64);
    if !(retries.fract() == 0.0 && (0.0..=MAX_RETRIES_LIMIT).contains(&retries)) {
        r.error(
            &o.path.key("maxRetries"),
            "option",
            "maxRetries must be a whole number from 0 to 100.",
        );
    }
    CallSettings {
        timeout_ms,
        max_retries: retries.clamp(0.0, MAX_RETRIES_LIMIT) as u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::testing::own;
    use serde_json::json;

    #[test]
    fn defaults_match_the_contract() {
        let c = meraki_in(&own(&json!({"apiKey": "k-123"})), None).unwrap();
        assert_eq!(c.base_url, MERAKI_BASE_URL);
        assert_eq!(c.credential, Credential::Bearer("k-123".into()));
        assert_eq!(
            c.call,
            CallSettings {
                timeout_ms: 60_000.0,
                max_retries: 3
            }
        );
        assert_eq!(c.requests_per_second, 10.0);
        let c = meraki_in(&own(&json!({"apiKey": "k", "authScheme": "apiKeyHeader", "baseUrl": "https://api.meraki.ca/api/v1/", "maxRetries": 0, "requestsPerSecond": 0})), None).unwrap();
        assert_eq!(c.credential, Credential::MerakiKeyHeader("k".into()));
        assert_eq!(
            (
                c.base_url.as_str(),
                c.call.max_retries,
                c.requests_per_second
            ),
            ("https://api.meraki.ca/api/v1", 0, 0.0)
        );
    }

    #[test]
    fn every_bad_option_is_reported_with_its_pointer() {
        let e = meraki_in(&own(&json!({"baseUrl": "http://api.meraki.com", "authScheme": "basic", "timeoutMs": 0, "maxRetries": 1.5, "requestsPerSecond": -1})), None).unwrap_err();
        let got: Vec<_> = e.iter().map(|i| (i.path.as_str(), i.code)).collect();
        assert_eq!(
            got,
            [
                ("/baseUrl", "base-url"),
                ("/apiKey", "credential"),
                ("/authScheme", "option"),
                ("/timeoutMs", "option"),
                ("/maxRetries", "option"),
                ("/requestsPerSecond", "option")
            ]
        );
        assert_eq!(
            meraki_in(&own(&json!({"apiKey": "a\nb"})), None).unwrap_err()[0].code,
            "credential"
        );
        assert_eq!(
            meraki_in(&own(&json!(null)), None).unwrap_err()[0].code,
            "type"
        );
        assert_eq!(
            meraki_in(&own(&json!({"apiKey": 5})), None).unwrap_err()[0].path,
            "/apiKey"
        );
    }

    #[test]
    fn call_options_override_defaults() {
        let d = CallSettings {
            timeout_ms: 60_000.0,
            max_retries: 3,
        };
        assert_eq!(call_settings(&own(&json!(null)), d).unwrap(), d);
        assert_eq!(
            call_settings(&own(&json!({"timeoutMs": 50})), d).unwrap(),
            CallSettings {
                timeout_ms: 50.0,
                max_retries: 3
            }
        );
        assert_eq!(
            call_settings(&own(&json!({"maxRetries": -1})), d).unwrap_err()[0].path,
            "/maxRetries"
        );
    }

    #[test]
    fn symphony_options() {
        let c = symphony_in(
            &own(&json!({"podUrl": "https://acme.symphony.com/", "sessionToken": "t-1"})),
            false,
            None,
        )
        .unwrap();
        assert_eq!(
            (c.pod_url.as_str(), c.session_token.as_deref()),
            ("https://acme.symphony.com", Some("t-1"))
        );
        assert_eq!(
            c.call,
            CallSettings {
                timeout_ms: 60_000.0,
                max_retries: 3
            }
        );
        let c = symphony_in(
            &own(&json!({"podUrl": "https://acme.symphony.com"})),
            true,
            None,
        )
        .unwrap();
        assert_eq!(c.session_token, None);
        let e = symphony_in(
            &own(&json!({"podUrl": "https://acme.symphony.com"})),
            false,
            None,
        )
        .unwrap_err();
        assert_eq!((e[0].path.as_str(), e[0].code), ("", "required"));
        let null = json!({"podUrl": "https://acme.symphony.com", "sessionToken": null});
        let e = symphony_in(&own(&null), false, None).unwrap_err();
        assert_eq!((e[0].path.as_str(), e[0].code), ("", "required"));
        let e = symphony_in(
            &own(&json!({"podUrl": "http://acme.symphony.com", "sessionToken": "a b", "maxRetries": -1})),
            true, None
        )
        .unwrap_err();
        let got: Vec<_> = e.iter().map(|i| (i.path.as_str(), i.code)).collect();
        assert_eq!(
            got,
            [
                ("/podUrl", "base-url"),
                ("/sessionToken", "credential"),
                ("/maxRetries", "option")
            ]
        );
        assert_eq!(
            symphony_in(&own(&json!({"sessionToken": "t"})), false, None).unwrap_err()[0].code,
            "required"
        );
    }

    #[test]
    fn a_client_without_a_credential_talks_only_to_a_relay() {
        let page = Some("https://portal.example.com/admin/");
        let c = meraki_in(&own(&json!({"baseUrl": "/api/meraki"})), page).unwrap();
        assert_eq!(
            (c.base_url.as_str(), &c.credential),
            ("https://portal.example.com/api/meraki", &Credential::None)
        );
        assert_eq!(c.extras, Extras::default());
        let c = meraki_in(
            &own(&json!({"baseUrl": "https://relay.example.com/m", "apiKey": null})),
            None,
        )
        .unwrap();
        assert_eq!(c.credential, Credential::None);
        // A key with a relative base is the caller's choice: it is sent.
        let c = meraki_in(
            &own(&json!({"apiKey": "k-1", "baseUrl": "/api/meraki"})),
            page,
        )
        .unwrap();
        assert_eq!(c.credential, Credential::Bearer("k-1".into()));
        for meraki_host in [
            json!({}),
            json!({"baseUrl": "https://api.meraki.ca/api/v1"}),
            json!({"baseUrl": "https://n42.meraki.com/api/v1", "authScheme": "apiKeyHeader"}),
        ] {
            let e = meraki_in(&own(&meraki_host), page).unwrap_err();
            let got: Vec<_> = e.iter().map(|i| (i.path.as_str(), i.code)).collect();
            assert_eq!(got, [("/apiKey", "credential")], "{meraki_host}");
        }
        let e = meraki_in(&own(&json!({"baseUrl": "/api/meraki"})), None).unwrap_err();
        assert_eq!((e[0].path.as_str(), e[0].code), ("/baseUrl", "base-url"));
        let e = meraki_in(
            &own(&json!({"baseUrl": "/api/meraki", "headers": {"Authorization": "x"}, "credentials": "all"})),
            page,
        )
        .unwrap_err();
        let got: Vec<_> = e.iter().map(|i| (i.path.as_str(), i.code)).collect();
        assert_eq!(
            got,
            [
                ("/credentials", "option"),
                ("/headers/Authorization", "option")
            ]
        );
        let c = meraki_in(
            &own(&json!({"baseUrl": "/m", "headers": {"X-CSRF-Token": "t"}, "credentials": "include"})),
            page,
        )
        .unwrap();
        assert_eq!(c.extras.headers.0, [("X-CSRF-Token".into(), "t".into())]);
        assert_eq!(c.extras.credentials.as_str(), "include");
    }

    #[test]
    fn symphony_without_a_token_only_at_a_relative_or_loopback_pod_url() {
        let page = Some("http://127.0.0.1:8080/portal/");
        let c = symphony_in(&own(&json!({"podUrl": "/api/symphony"})), false, page).unwrap();
        assert_eq!(
            (c.pod_url.as_str(), c.keyless, c.session_token.as_deref()),
            ("http://127.0.0.1:8080/api/symphony", true, None)
        );
        let c = symphony_in(&own(&json!({"podUrl": "http://127.0.0.1:9"})), false, None).unwrap();
        assert!(c.keyless);
        let c = symphony_in(
            &own(&json!({"podUrl": "/s", "sessionToken": "t-1"})),
            false,
            page,
        )
        .unwrap();
        assert!(!c.keyless);
        let c = symphony_in(
            &own(&json!({"podUrl": "https://acme.symphony.com"})),
            true,
            page,
        )
        .unwrap();
        assert!(!c.keyless);
        let e = symphony_in(
            &own(&json!({"podUrl": "https://acme.symphony.com"})),
            false,
            page,
        )
        .unwrap_err();
        assert_eq!((e[0].path.as_str(), e[0].code), ("", "required"));
        let e = symphony_in(&own(&json!({"podUrl": "/api/symphony"})), false, None).unwrap_err();
        assert_eq!((e[0].path.as_str(), e[0].code), ("/podUrl", "base-url"));
        let e = symphony_in(
            &own(&json!({"podUrl": "/s", "headers": {"sessionToken": "x"}})),
            false,
            page,
        )
        .unwrap_err();
        assert_eq!(
            (e[0].path.as_str(), e[0].code),
            ("/headers/sessionToken", "option")
        );
    }

    #[test]
    fn errors_never_hold_the_key() {
        let e = meraki_in(
            &own(&json!({"apiKey": "sekrit key with space", "timeoutMs": "x"})),
            None,
        )
        .unwrap_err();
        assert!(!format!("{e:?}").contains("sekrit"));
    }
}
