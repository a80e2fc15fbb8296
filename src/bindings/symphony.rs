//! `SymphonyClient`: update an app on a Symphony pod, with the session token refreshed on a 401.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use super::args::{self, CallArgs};
use super::io::{self, Io};
use super::{errors, json};
use crate::core::error::{CallError, ErrorKind};
use crate::core::options::{self, SymphonyConfig};
use crate::core::redact;
use crate::core::relayed::{self, Envelope};
use crate::core::report::{Path, Reporter, ValidationIssue};
use crate::core::request::{credential_text, Credential, Operation, Request};
use crate::core::symphony;
use crate::transport::call::{self, Via};
use crate::transport::wait::{self, Interrupted};

const OP: Operation = Operation::UpdateApp;

/// A client of the Symphony Pod API's app administration.
///
/// Calls are validated first, retried on 429, 5xx, network errors and timeouts, and, with a
/// `sessionTokenProvider`, retried once with a fresh token after a 401. The session token and
/// `notification.apiKey` never appear in an error or a dry run.
#[wasm_bindgen]
pub struct SymphonyClient {
    inner: Rc<Inner>,
}

struct Inner {
    config: SymphonyConfig,
    /// The caller's `fetch` and `hooks`.
    io: Io,
    provider: Option<js_sys::Function>,
    token: RefCell<Option<String>>,
    /// The provider's answer while it is pending, so concurrent calls share one request for a token.
    pending: RefCell<Option<js_sys::Promise>>,
}

impl Inner {
    /// The current token, asking the provider when there is none yet. Fails with the JS error
    /// the call rejects with.
    async fn token(&self, wait: &Wait<'_>) -> Result<String, JsValue> {
        let current = self.token.borrow().clone();
        match current {
            Some(token) => Ok(token),
            None => self.fetch_token(wait).await,
        }
    }

    /// A token other than `used` (which the server refused): another call's refresh, or the
    /// provider's next answer.
    async fn refresh(&self, used: &str, wait: &Wait<'_>) -> Result<String, JsValue> {
        let current = self.token.borrow().clone();
        match current {
            Some(token) if token != used => Ok(token),
            _ => self.fetch_token(wait).await,
        }
    }

    async fn fetch_token(&self, wait: &Wait<'_>) -> Result<String, JsValue> {
        self.ask_provider(wait).await.map_err(|e| match e {
            Asked::Failed(e) => errors::call(e),
            Asked::SignInFailed(e) => e,
        })
    }

    async fn ask_provider(&self, wait: &Wait<'_>) -> Result<String, Asked> {
        let Some(provider) = &self.provider else {
            return Err(token_error(
                "No sessionToken is set and no sessionTokenProvider is given.".into(),
            )
            .into());
        };
        // A provider's message may quote the token it was asked to replace.
        let old = self.token.borrow().clone().unwrap_or_default();
        let failed = |e: &JsValue| provider_failed(e, &old);
        let pending = self.pending.borrow().clone();
        let promise = match pending {
            Some(p) => p,
            None => {
                let answer = provider.call0(&JsValue::NULL).map_err(|e| failed(&e))?;
                // `Promise.resolve` reads `answer.constructor` (and a thenable's `then`): a getter
                // there that throws fails the provider instead of escaping from the call.
                let p = promise_resolve(&answer).map_err(|e| failed(&e))?;
                *self.pending.borrow_mut() = Some(p.clone());
                p
            }
        };
        let fail = |kind| CallError {
            kind,
            operation: OP.id(),
            attempts: wait.attempts,
        };
        let answer = match wait::within(&promise, wait.signal, wait.timeout_ms).await {
            // This caller stops waiting; the provider's answer still serves the others.
            Err(Interrupted::Aborted) => return Err(fail(ErrorKind::Abort).into()),
            Err(Interrupted::TimedOut) => {
                return Err(fail(ErrorKind::Timeout(wait.timeout_ms)).into())
            }
            // The package's own sign-in failed: its error says so, and passes through.
            Err(Interrupted::Rejected(e)) if errors::is_sign_in_failure(&e) => {
                Err(Asked::SignInFailed(e))
            }
            Err(Interrupted::Rejected(e)) => Err(failed(&e).into()),
            Ok(answer) => Ok(answer),
        };
        self.pending.borrow_mut().take();
        let token = answer?.as_string().ok_or_else(|| {
            token_error("sessionTokenProvider must return (or resolve to) a string.".into())
        })?;
        let mut r = Reporter::new();
        if !credential_text(
            &token,
            "The token from sessionTokenProvider",
            &mut r,
            &Path::Root.key("sessionTokenProvider"),
        ) {
            return Err(CallError::validation(OP.id(), r.finish().errors).into());
        }
        *self.token.borrow_mut() = Some(token.clone());
        Ok(token)
    }
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Promise, js_name = resolve, catch)]
    fn promise_resolve(value: &JsValue) -> Result<js_sys::Promise, JsValue>;
}

/// Why the provider gave no token.
enum Asked {
    /// The provider failed, or gave no usable token.
    Failed(CallError),
    /// The package's own sign-in failed: its JS error, passed through unchanged.
    SignInFailed(JsValue),
}

impl From<CallError> for Asked {
    fn from(e: CallError) -> Self {
        Asked::Failed(e)
    }
}

/// What bounds a wait for the provider: the call's signal and timeout, and the requests sent so far.
struct Wait<'a> {
    signal: Option<&'a AbortSignal>,
    timeout_ms: f64,
    attempts: u32,
}

fn token_error(message: String) -> CallError {
    CallError::validation(
        OP.id(),
        vec![ValidationIssue::new(
            &Path::Root.key("sessionTokenProvider"),
            "credential",
            message,
        )],
    )
}

fn provider_failed(error: &JsValue, old_token: &str) -> CallError {
    // Read through `Reflect.get`: a `message` getter that throws must not escape into the call.
    let detail = error
        .dyn_ref::<js_sys::Error>()
        .map(|e| {
            js_sys::Reflect::get(e, &JsValue::from_str("message"))
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_else(|| "it threw an Error without a readable message".into())
        })
        .unwrap_or_else(|| "it threw a non-Error value".into());
    token_error(format!(
        "sessionTokenProvider failed: {}",
        redact::text(&detail, &[old_token])
    ))
}

#[wasm_bindgen]
impl SymphonyClient {
    /// Creates a client. Throws `ValidationError` when an option breaks a rule (no `podUrl`, a
    /// `podUrl` that is not `https://`, neither `sessionToken` nor `sessionTokenProvider`, …).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "SymphonyClientOptions")] options: JsValue,
    ) -> Result<SymphonyClient, JsValue> {
        let provider =
            match js_sys::Reflect::get(&options, &JsValue::from_str("sessionTokenProvider")) {
                Ok(p) if p.is_function() => Some(p.unchecked_into::<js_sys::Function>()),
                Ok(p) if p.is_undefined() || p.is_null() => None,
                Ok(_) => {
                    let issue = ValidationIssue::new(
                        &Path::Root.key("sessionTokenProvider"),
                        "option",
                        "sessionTokenProvider must be a function.",
                    );
                    return Err(errors::validation(vec![issue]));
                }
                Err(_) => None,
            };
        let page = io::page();
        let (config, io) = io::options(&options, |value| {
            let page = page.as_deref();
            options::symphony_in(value, provider.is_some(), page).map_err(|mut issues| {
                redact::issues(&mut issues, &redact::found(value, &["/sessionToken"]));
                issues
            })
        })?;
        let token = RefCell::new(config.session_token.clone());
        Ok(SymphonyClient {
            inner: Rc::new(Inner {
                config,
                io,
                provider,
                token,
                pending: RefCell::default(),
            }),
        })
    }

    /// Updates an app (`POST {podUrl}/pod/v1/admin/app/{id}/update`).
    ///
    /// Resolves to the app as the pod returned it, unknown fields kept (`notification.apiKey` is
    /// write-only: the pod does not echo it). Rejects with `ValidationError` (nothing sent),
    /// `ApiError` (a 403 names the roles the call needs), `NetworkError`, `TimeoutError` or `AbortError`.
    #[wasm_bindgen(js_name = updateApp, unchecked_return_type = "Promise<ApplicationDetail & { [field: string]: unknown }>")]
    pub fn update_app(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(js_name = applicationDetail, unchecked_param_type = "ApplicationDetail")]
        application_detail: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> js_sys::Promise {
        let prepared = self.prepare(&id, &application_detail);
        let call_args = args::call_options(options.as_ref(), self.inner.config.call)
            .map_err(|i| CallError::validation(OP.id(), i));
        let inner = self.inner.clone();
        super::promise(Box::pin(async move {
            let (mut request, body_secrets) = prepared.map_err(errors::call)?;
            let CallArgs {
                settings,
                signal,
                relay,
            } = call_args.map_err(errors::call)?;
            let first = Wait {
                signal: signal.as_ref(),
                timeout_ms: settings.timeout_ms,
                attempts: 0,
            };
            // A relay's client (no token, no provider) sends no token, and its 401 is final.
            let keyless = inner.config.keyless;
            if !keyless {
                request.credential = Credential::SessionToken(inner.token(&first).await?);
            }
            let run = |request: Request, sent: u32| {
                let signal = signal.clone();
                let mut secrets = body_secrets.clone();
                secrets.push(request.credential.secret().to_owned());
                let inner = inner.clone();
                async move {
                    let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
                    let via = Via {
                        fetch: inner.io.fetch.clone(),
                        hooks: inner.io.hooks.as_ref(),
                        redirects: None,
                        sent,
                        extras: Some(&inner.config.extras),
                    };
                    let ended =
                        call::run(&request, settings, signal.as_ref(), None, &secrets, &via).await;
                    // Only a relay's client reads a 400's issues: the pod never sends them.
                    match keyless {
                        true => {
                            ended.map_err(|e| relayed::validation(e, Envelope::Symphony, &secrets))
                        }
                        false => ended,
                    }
                }
            };
            let done = match run(request.clone(), 0).await {
                Err(CallError {
                    kind: ErrorKind::Api(f),
                    attempts,
                    ..
                }) if f.status == 401 && inner.provider.is_some() => {
                    // The token was refused: one fresh token, one more try (not counted in
                    // maxRetries; `attempts` goes on counting requests).
                    let used = request.credential.secret().to_owned();
                    let wait = Wait {
                        signal: signal.as_ref(),
                        timeout_ms: settings.timeout_ms,
                        attempts,
                    };
                    let token = inner.refresh(&used, &wait).await?;
                    request.credential = Credential::SessionToken(token);
                    run(request, attempts).await
                }
                other => other,
            }
            .map_err(errors::call)?;
            Ok(args::answer(done, relay, &|| {
                let token = inner.token.borrow().clone();
                body_secrets.iter().cloned().chain(token).collect()
            }))
        }))
    }

    /// The request `updateApp` would send, without sending it: method, URL, headers (the
    /// session token as `***`) and the exact body (a `notification.apiKey` in it is there: mask
    /// it before displaying). Throws `ValidationError` like the call.
    #[wasm_bindgen(js_name = prepareUpdateApp, unchecked_return_type = "PreparedRequest")]
    pub fn prepare_update_app(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(js_name = applicationDetail, unchecked_param_type = "ApplicationDetail")]
        application_detail: JsValue,
    ) -> Result<JsValue, JsValue> {
        let (request, _) = self
            .prepare(&id, &application_detail)
            .map_err(errors::call)?;
        let extra = &self.inner.config.extras.headers;
        Ok(json::to_js(&request.prepared_with(extra)))
    }
}

impl SymphonyClient {
    /// Checks the id and body and builds the request (its token is set when the call runs),
    /// with the secrets the body carries. Issues are scrubbed of them and of the token.
    fn prepare(&self, id: &JsValue, detail: &JsValue) -> Result<(Request, Vec<String>), CallError> {
        let invalid = |issues| CallError::validation(OP.id(), issues);
        let id = args::path_parameter(id);
        let text = json::text(detail).map_err(|i| invalid(vec![i]))?;
        let body = json::read(&text).map_err(|i| invalid(vec![i]))?;
        let mut secrets = redact::found_owned(&body, symphony::rules::SECRETS);
        let config = &self.inner.config;
        secrets.extend(config.extras.headers.values().map(str::to_owned));
        let token = self.inner.token.borrow().clone().unwrap_or_default();
        match symphony::request::build(&config.pod_url, &token, &id, &body, text.clone()) {
            Ok(mut request) => {
                if config.keyless {
                    request.credential = Credential::None;
                }
                Ok((request, secrets))
            }
            Err(mut issues) => {
                secrets.push(token);
                redact::issues(
                    &mut issues,
                    &secrets.iter().map(String::as_str).collect::<Vec<_>>(),
                );
                Err(invalid(issues))
            }
        }
    }
}
