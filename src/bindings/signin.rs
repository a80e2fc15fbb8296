//! `rsaSessionTokenProvider`: Symphony's usual bot sign-in (a JWT signed with the bot's RSA key,
//! traded at `/login/pubkey/authenticate` for a session token), as a ready
//! `sessionTokenProvider`.
//!
//! The options and the key are checked here, synchronously; the JWT is signed by `js/runtime.js`
//! (WebCrypto); the sign-in request runs through the transport as any call does (timeout,
//! retries on 429/5xx, the `fetch` option). A refused sign-in is an `ApiError` of operation
//! `pubkeyAuthenticate`, which `SymphonyClient` passes through unchanged.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::{errors, io};
use crate::core::error::{CallError, ErrorKind};
use crate::core::redact;
use crate::core::report::{Path, ValidationIssue};
use crate::core::request::Operation;
use crate::core::response::{ApiFailure, FailureBody};
use crate::core::symphony::signin::{self, SignInConfig};
use crate::transport::call::{self, Via};

const OP: Operation = Operation::PubkeyAuthenticate;

#[wasm_bindgen(typescript_custom_section)]
const TS: &str = r#"
/** Options of `rsaSessionTokenProvider`. */
export interface RsaSessionTokenProviderOptions {
    /** The pod, e.g. `https://acme.symphony.com` (checked as `SymphonyClient`'s `podUrl` is). */
    podUrl: string;
    /** The bot's username: the JWT's `sub`. */
    username: string;
    /**
     * The bot's RSA private key as PEM text: PKCS#8 (`-----BEGIN PRIVATE KEY-----`) or PKCS#1
     * (`-----BEGIN RSA PRIVATE KEY-----`), not encrypted. Read a key file with `"utf8"`. It
     * never appears in an error, and nothing the package returns exposes it.
     */
    privateKey: string;
    /** Where the sign-in goes when it is not the pod itself: `{sessionAuthUrl}/login/pubkey/authenticate`. */
    sessionAuthUrl?: string;
    /** Per-attempt timeout of the sign-in request in milliseconds (default 60000). */
    timeoutMs?: number;
    /** Retries of the sign-in request on 429, 5xx, network errors and timeouts (default 3). */
    maxRetries?: number;
    /** The `fetch` the sign-in request goes through (default: the global `fetch`), as the clients' option. */
    fetch?: FetchFunction;
}
"#;

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = signJwt)]
    async fn sign_jwt(pkcs8: &js_sys::Uint8Array, username: &str) -> Result<JsValue, JsValue>;

    // `catch` although it never throws: without a shim, wasm-bindgen wires a plain function
    // straight into the wasm's imports, which the package build's CommonJS copy of the
    // snippets does not cover.
    #[wasm_bindgen(catch, js_name = tokenProvider)]
    fn token_provider(sign_in: &JsValue) -> Result<js_sys::Function, JsValue>;
}

/// Creates a `sessionTokenProvider` that signs in to Symphony with the bot's RSA private key.
///
/// Each call signs a JWT (`{"alg":"RS512","typ":"JWT"}`, claims `sub` = `username` and `exp` =
/// now + 240 s) with WebCrypto, POSTs `{"token": jwt}` to `{sessionAuthUrl or
/// podUrl}/login/pubkey/authenticate` and resolves to the answer's `token`. Throws
/// `ValidationError` at once when an option is wrong (a `privateKey` that is not an RSA private
/// key PEM, PKCS#8 or PKCS#1: code `private-key`). A refused sign-in rejects with an `ApiError`
/// whose `operation` is `pubkeyAuthenticate` and whose message says the sign-in failed; a
/// `SymphonyClient` call that needed the token rejects with that same error. The key never
/// appears in an error, and the function returned has no properties that hold it.
#[wasm_bindgen(js_name = rsaSessionTokenProvider, unchecked_return_type = "() => Promise<string>")]
pub fn rsa_session_token_provider(
    #[wasm_bindgen(unchecked_param_type = "RsaSessionTokenProviderOptions")] options: JsValue,
) -> Result<js_sys::Function, JsValue> {
    let (config, io) = io::options(&options, |value| {
        signin::options(value).map_err(|mut issues| {
            redact::issues(&mut issues, &redact::found(value, &["/privateKey"]));
            issues
        })
    })?;
    let state = Rc::new((config, io.fetch));
    let sign_in = Closure::<dyn Fn() -> js_sys::Promise>::new(move || {
        let state = state.clone();
        super::promise(Box::pin(async move { sign_in(&state.0, &state.1).await }))
    });
    token_provider(&sign_in.into_js_value())
}

/// One sign-in: the JWT, the request, the token.
async fn sign_in(config: &SignInConfig, fetch: &JsValue) -> Result<JsValue, JsValue> {
    let der = js_sys::Uint8Array::from(&config.pkcs8[..]);
    let jwt = sign_jwt(&der, &config.username)
        .await
        .map_err(|e| unusable(e.as_string().as_deref()))?
        .as_string()
        .unwrap_or_default();
    let request = signin::request(config, &jwt).ok_or_else(|| unusable(None))?;
    let via = Via {
        fetch: fetch.clone(),
        ..Via::default()
    };
    let value = call::run(&request, config.call, None, None, &[&jwt], &via)
        .await
        .map_err(errors::call)?
        .value;
    let token = js_sys::Reflect::get(&value, &JsValue::from_str("token"))
        .ok()
        .and_then(|t| t.as_string())
        .filter(|t| !t.is_empty());
    token.map(JsValue::from).ok_or_else(|| {
        // A 2xx without a token: the sign-in did not give what it is for.
        let body = js_sys::JSON::stringify(&value)
            .ok()
            .and_then(|t| t.as_string())
            .unwrap_or_default();
        errors::call(CallError {
            kind: ErrorKind::Api(ApiFailure {
                status: 200,
                messages: vec![
                    "The Symphony sign-in failed (no update was sent): the answer has no token."
                        .to_owned(),
                ],
                body: FailureBody::Json(redact::json(&body, &[&jwt])),
                retry_after_ms: None,
            }),
            operation: OP.id(),
            attempts: 1,
        })
    })
}

/// The `ValidationError` of a key WebCrypto cannot use, or of a runtime without WebCrypto.
fn unusable(reason: Option<&str>) -> JsValue {
    let (path, code, message) = match reason {
        Some("webcrypto") => (
            Path::Root,
            "webcrypto",
            "The Symphony sign-in needs WebCrypto (crypto.subtle): Node 20.19 or later, or a page served over https.",
        ),
        _ => (
            Path::Root.key("privateKey"),
            "private-key",
            "privateKey could not be used to sign: WebCrypto refused it as an RSA private key.",
        ),
    };
    errors::validation(vec![ValidationIssue::new(&path, code, message)])
}
