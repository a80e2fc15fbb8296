//! Symphony's RSA sign-in (`rsaSessionTokenProvider`): its options, and the request that trades
//! a signed JWT for a session token. The JWT itself is signed in JavaScript (WebCrypto); the
//! request runs through the same transport as every call (timeouts, retries, the `fetch` option).

use crate::core::fields::as_object;
use crate::core::json::Value;
use crate::core::options::{
    call_settings_of, CallSettings, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS,
};
use crate::core::report::{Path, Reporter, ValidationIssue};
use crate::core::request::{base_url, Credential, Operation, Request};
use crate::core::rsa_key;

/// The sign-in endpoint, under `sessionAuthUrl` (or `podUrl`).
const AUTHENTICATE: &str = "/login/pubkey/authenticate";

/// Checked options of `rsaSessionTokenProvider`. Its `Debug` never shows the key.
pub struct SignInConfig {
    /// `{sessionAuthUrl or podUrl}/login/pubkey/authenticate`.
    pub url: String,
    /// The JWT's `sub`.
    pub username: String,
    /// The private key as PKCS#8 DER (a PKCS#1 key already wrapped).
    pub pkcs8: Vec<u8>,
    /// Timeout and retries of the sign-in request.
    pub call: CallSettings,
}

impl std::fmt::Debug for SignInConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SignInConfig({}, {}, key ***)", self.url, self.username)
    }
}

/// Checks `{ podUrl, username, privateKey, sessionAuthUrl?, timeoutMs?, maxRetries? }` (`fetch`
/// is read apart: functions do not survive JSON). No message quotes the key.
pub fn options(value: &Value) -> Result<SignInConfig, Vec<ValidationIssue>> {
    let mut r = Reporter::new();
    let root = Path::Root;
    let Some(o) = as_object(&mut r, &root, value, "The options") else {
        return Err(r.finish().errors);
    };
    o.warn_unknown(
        &mut r,
        &[
            "podUrl",
            "sessionAuthUrl",
            "username",
            "privateKey",
            "timeoutMs",
            "maxRetries",
            "fetch",
        ],
    );
    let pod = o
        .string(&mut r, "podUrl", true)
        .map(|u| base_url(u, &mut r, &root.key("podUrl")));
    let auth = o
        .string(&mut r, "sessionAuthUrl", false)
        .map(|u| base_url(u, &mut r, &root.key("sessionAuthUrl")));
    let username = o.string(&mut r, "username", true);
    if username.is_some_and(|u| u.trim().is_empty()) {
        r.error(
            &root.key("username"),
            "required",
            "username cannot be blank.",
        );
    }
    let key = match o.map.get("privateKey") {
        Some(Value::String(pem)) => rsa_key::pkcs8_der(pem)
            .map_err(|p| r.error(&root.key("privateKey"), "private-key", p.message()))
            .ok(),
        // A Buffer (a key file read without "utf8") or anything else: not quoted.
        _ => {
            let message = rsa_key::KeyProblem::NotPem.message();
            r.error(&root.key("privateKey"), "private-key", message);
            None
        }
    };
    let defaults = CallSettings {
        timeout_ms: DEFAULT_TIMEOUT_MS,
        max_retries: DEFAULT_MAX_RETRIES,
    };
    let call = call_settings_of(&o, &mut r, defaults);
    match (auth.or(pod), username, key, r.has_errors()) {
        (Some(base), Some(username), Some(pkcs8), false) => Ok(SignInConfig {
            url: [base.as_str(), AUTHENTICATE].concat(),
            username: username.to_owned(),
            pkcs8,
            call,
        }),
        _ => Err(r.finish().errors),
    }
}

/// The sign-in request for `jwt`: `{"token": jwt}`, no credential header. `None` when `jwt` is
/// not the compact form (three base64url parts), which could not be written into JSON as is.
pub fn request(config: &SignInConfig, jwt: &str) -> Option<Request> {
    let compact = jwt.split('.').count() == 3
        && jwt
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.');
    compact.then(|| Request {
        operation: Operation::PubkeyAuthenticate,
        url: config.url.clone(),
        body: ["{\"token\":\"", jwt, "\"}"].concat(),
        credential: Credential::None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::testing::{own, RSA_PRIVATE_PKCS8, RSA_PUBLIC_KEY};
    use serde_json::json;

    const KEY: &str = RSA_PRIVATE_PKCS8;

    #[test]
    fn the_url_is_under_session_auth_url_or_the_pod() {
        let c = options(&own(
            &json!({"podUrl": "https://acme.symphony.com/", "username": "bot", "privateKey": KEY}),
        ))
        .unwrap();
        assert_eq!(c.url, "https://acme.symphony.com/login/pubkey/authenticate");
        assert_eq!(c.username, "bot");
        assert_eq!(c.call.timeout_ms, 60_000.0);
        let c = options(&own(&json!({"podUrl": "https://acme.symphony.com",
            "sessionAuthUrl": "https://acme-api.symphony.com:8444", "username": "bot", "privateKey": KEY})))
        .unwrap();
        assert_eq!(
            c.url,
            "https://acme-api.symphony.com:8444/login/pubkey/authenticate"
        );
        assert!(!format!("{c:?}").contains("MII"));
    }

    #[test]
    fn every_bad_option_is_reported_and_the_key_never_quoted() {
        let e = options(&own(
            &json!({"podUrl": "http://acme.symphony.com", "username": " ",
            "privateKey": RSA_PUBLIC_KEY, "sessionAuthUrl": "x"}),
        ))
        .unwrap_err();
        let got: Vec<_> = e.iter().map(|i| (i.path.as_str(), i.code)).collect();
        assert_eq!(
            got,
            [
                ("/podUrl", "base-url"),
                ("/sessionAuthUrl", "base-url"),
                ("/username", "required"),
                ("/privateKey", "private-key")
            ]
        );
        for junk in [
            json!(null),
            json!({"type": "Buffer", "data": [45, 45]}),
            json!("hunter2-secret"),
        ] {
            let e = options(&own(
                &json!({"podUrl": "https://a.b", "username": "bot", "privateKey": junk}),
            ))
            .unwrap_err();
            assert_eq!(
                (e[0].path.as_str(), e[0].code),
                ("/privateKey", "private-key")
            );
            assert!(!format!("{e:?}").contains("hunter2"));
        }
        let e = options(&own(&json!({"podUrl": "https://a.b", "privateKey": KEY}))).unwrap_err();
        assert_eq!(e[0].code, "required");
        assert!(e[0].message.contains("username"), "{}", e[0].message);
    }

    #[test]
    fn the_request_carries_the_jwt_and_no_credential() {
        let c = options(&own(
            &json!({"podUrl": "https://a.b", "username": "bot", "privateKey": KEY}),
        ))
        .unwrap();
        let r = request(&c, "eyJh.eyJz.c2ln-_").unwrap();
        assert_eq!(r.body, r#"{"token":"eyJh.eyJz.c2ln-_"}"#);
        assert_eq!(r.operation.method(), "POST");
        let shown = r.prepared();
        let names = serde_json::to_string(&shown.headers).unwrap();
        assert_eq!(
            names,
            r#"{"Accept":"application/json","Content-Type":"application/json"}"#
        );
        for bad in ["a.b", "a.b.c\"", "a.b.c\n", "a.b.c.d"] {
            assert!(request(&c, bad).is_none(), "{bad}");
        }
    }
}
