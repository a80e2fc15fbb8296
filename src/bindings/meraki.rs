//! `MerakiClient`: the Meraki operations, validated before anything is sent.

use std::cell::RefCell;
use std::rc::Rc;

use crate::core::json::Value;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

use super::args::{self, CallArgs};
use super::io::{self, Io};
use super::{errors, json, limiter};
use crate::core::detach_sites;
use crate::core::error::CallError;
use crate::core::options::{self, CallSettings, MerakiConfig};
use crate::core::private_app;
use crate::core::rate_limit::TokenBucket;
use crate::core::redact;
use crate::core::redirect::Scope;
use crate::core::relayed::{self, Envelope};
use crate::core::report::ValidationIssue;
use crate::core::request::{Credential, Operation, Request};
use crate::transport::call::{self, Done, Redirects, Via};
use crate::transport::limit::{Limit, Limiter};

/// A client of the Meraki Dashboard API for Secure Connect.
///
/// Every call is validated first (a wrong call never reaches the network), retried on 429
/// (honouring `Retry-After`), 5xx, network errors and timeouts, and rate-limited per
/// organization. The API key never appears in an error or a dry run.
#[wasm_bindgen]
pub struct MerakiClient {
    pub(super) inner: Rc<Inner>,
}

pub(super) struct Inner {
    pub(super) config: MerakiConfig,
    /// The caller's `fetch` and `hooks`.
    io: Io,
    /// The caller's `rateLimiter`: when given, the client keeps no bucket of its own.
    limiter: Option<Limiter>,
    /// Which redirects may be followed, from the base URL.
    scope: Scope,
    /// What the client keeps per organization. A Vec searched in order, not a B-tree map: a
    /// client sees few organizations, and with no B-tree left the wasm is 13 KB smaller.
    orgs: RefCell<Vec<(String, Rc<Org>)>>,
}

/// An organization's rate limit and shard.
struct Org {
    /// `None` when `requestsPerSecond` is 0 or a `rateLimiter` is given.
    bucket: Option<RefCell<TokenBucket>>,
    /// The origin of the organization's shard, once a redirect named one.
    shard: RefCell<Option<String>>,
}

/// A checked call, ready to run.
pub(super) struct Prepared {
    pub(super) request: Request,
    pub(super) organization_id: String,
    /// The key and any secret the body carries, scrubbed from every error.
    pub(super) secrets: Vec<String>,
}

impl Inner {
    fn org(&self, organization_id: &str) -> Rc<Org> {
        let mut orgs = self.orgs.borrow_mut();
        if let Some((_, org)) = orgs.iter().find(|(id, _)| id == organization_id) {
            return org.clone();
        }
        let rps = self.config.requests_per_second;
        let own = rps > 0.0 && self.limiter.is_none();
        let org = Rc::new(Org {
            bucket: own.then(|| RefCell::new(TokenBucket::new(rps))),
            shard: RefCell::default(),
        });
        orgs.push((organization_id.to_owned(), org.clone()));
        org
    }
}

#[wasm_bindgen]
impl MerakiClient {
    /// Creates a client. Throws `ValidationError` when an option breaks a rule (no `apiKey`
    /// for a Meraki host, a `baseUrl` that is not `https://`, …).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "MerakiClientOptions")] options: JsValue,
    ) -> Result<MerakiClient, JsValue> {
        let page = io::page();
        // The limiter is read apart: JSON cannot write what it may hold (a Redis client).
        let limiter = limiter::read(&options);
        let checked = |value: &Value| match (options::meraki_in(value, page.as_deref()), &limiter) {
            (Ok(config), Ok(_)) => Ok(config),
            (config, limiter) => {
                let mut issues = config.err().unwrap_or_default();
                issues.extend(limiter.as_ref().err().cloned().unwrap_or_default());
                Err(issues)
            }
        };
        let (config, io) = io::options(&limiter::without_limiter(&options), checked)?;
        Ok(MerakiClient {
            inner: Rc::new(Inner {
                scope: Scope::of(&config.base_url),
                config,
                io,
                limiter: limiter.ok().flatten(),
                orgs: RefCell::default(),
            }),
        })
    }

    /// Updates a Secure Connect private application
    /// (`PUT /organizations/{organizationId}/secureConnect/privateApplications/{id}`).
    ///
    /// Resolves to the application as the server returned it, unknown fields kept. Rejects with
    /// `ValidationError` (nothing sent), `ApiError`, `NetworkError`, `TimeoutError` or `AbortError`.
    #[wasm_bindgen(js_name = updatePrivateApplication, unchecked_return_type = "Promise<PrivateApplication>")]
    pub fn update_private_application(
        &self,
        #[wasm_bindgen(js_name = organizationId, unchecked_param_type = "string")] organization_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "PrivateApplicationUpdate")] update: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> js_sys::Promise {
        let prepared = self.prepare_update(&organization_id, &id, &update);
        self.run(Operation::UpdatePrivateApplication, prepared, options)
    }

    /// The request `updatePrivateApplication` would send, without sending it: method, URL,
    /// headers (the API key as `***`) and the exact body. Throws `ValidationError` like the call.
    #[wasm_bindgen(js_name = prepareUpdatePrivateApplication, unchecked_return_type = "PreparedRequest")]
    pub fn prepare_update_private_application(
        &self,
        #[wasm_bindgen(js_name = organizationId, unchecked_param_type = "string")] organization_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "PrivateApplicationUpdate")] update: JsValue,
    ) -> Result<JsValue, JsValue> {
        let prepared = self
            .prepare_update(&organization_id, &id, &update)
            .map_err(errors::call)?;
        let extra = &self.inner.config.extras.headers;
        Ok(json::to_js(&prepared.request.prepared_with(extra)))
    }

    /// Detaches sites from Secure Connect (`DELETE /organizations/{organizationId}/secureConnect/sites`).
    ///
    /// The JSON body (`sites`, and an optional `callback`) travels with the DELETE. Resolves to
    /// the job's result (201), unknown fields kept; with a callback, Meraki later POSTs a
    /// `DetachSitesCallback` to its URL (see `verifyDetachSitesCallback`). Rejects like
    /// `updatePrivateApplication`; the callback's `sharedSecret` never appears in an error.
    #[wasm_bindgen(js_name = detachSites, unchecked_return_type = "Promise<DetachSitesResult>")]
    pub fn detach_sites(
        &self,
        #[wasm_bindgen(js_name = organizationId, unchecked_param_type = "string")] organization_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DetachSitesRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> js_sys::Promise {
        let prepared = self.prepare_detach(&organization_id, &request);
        self.run(Operation::DetachSites, prepared, options)
    }

    /// The request `detachSites` would send, without sending it. The body is exact, so a
    /// `callback.sharedSecret` you put in it is there: mask it before displaying the body.
    /// Throws `ValidationError` like the call.
    #[wasm_bindgen(js_name = prepareDetachSites, unchecked_return_type = "PreparedRequest")]
    pub fn prepare_detach_sites(
        &self,
        #[wasm_bindgen(js_name = organizationId, unchecked_param_type = "string")] organization_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DetachSitesRequest")] request: JsValue,
    ) -> Result<JsValue, JsValue> {
        let prepared = self
            .prepare_detach(&organization_id, &request)
            .map_err(errors::call)?;
        let extra = &self.inner.config.extras.headers;
        Ok(json::to_js(&prepared.request.prepared_with(extra)))
    }
}

impl MerakiClient {
    fn prepare_update(
        &self,
        organization_id: &JsValue,
        id: &JsValue,
        update: &JsValue,
    ) -> Result<Prepared, CallError> {
        let id = args::path_parameter(id);
        let build = |config: &MerakiConfig, org: &str, value: &Value, text| {
            private_app::request::build(config, org, &id, value, text)
        };
        self.prepare(
            Operation::UpdatePrivateApplication,
            organization_id,
            update,
            build,
            &[],
        )
    }

    fn prepare_detach(
        &self,
        organization_id: &JsValue,
        request: &JsValue,
    ) -> Result<Prepared, CallError> {
        let build = detach_sites::request::build;
        self.prepare(
            Operation::DetachSites,
            organization_id,
            request,
            build,
            detach_sites::request::SECRETS,
        )
    }

    /// Reads the arguments and builds the request with `build`. Every issue of every argument is
    /// reported at once, scrubbed of the key and of the secrets the body holds at `secret_paths`.
    fn prepare(
        &self,
        operation: Operation,
        organization_id: &JsValue,
        body: &JsValue,
        build: impl FnOnce(&MerakiConfig, &str, &Value, String) -> Result<Request, Vec<ValidationIssue>>,
        secret_paths: &[&str],
    ) -> Result<Prepared, CallError> {
        let config = &self.inner.config;
        let invalid = |issues| CallError::validation(operation.id(), issues);
        let org = args::path_parameter(organization_id);
        let text = json::text(body).map_err(|i| invalid(vec![i]))?;
        let body = json::read(&text).map_err(|i| invalid(vec![i]))?;
        let mut secrets = redact::found_owned(&body, secret_paths);
        secrets.push(config.credential.secret().to_owned());
        secrets.extend(config.extras.headers.values().map(str::to_owned));
        match build(config, &org, &body, text.clone()) {
            Ok(request) => Ok(Prepared {
                request,
                organization_id: org,
                secrets,
            }),
            Err(mut issues) => {
                // A value quoted back in a message may be a secret pasted into the wrong field.
                redact::issues(
                    &mut issues,
                    &secrets.iter().map(String::as_str).collect::<Vec<_>>(),
                );
                Err(invalid(issues))
            }
        }
    }

    /// Runs a prepared call on the organization's rate limit and resolves to the response object.
    pub(super) fn run(
        &self,
        operation: Operation,
        prepared: Result<Prepared, CallError>,
        options: Option<js_sys::Object>,
    ) -> js_sys::Promise {
        let defaults = self.inner.config.call;
        let call_args = args::call_options(options.as_ref(), defaults)
            .map_err(|i| CallError::validation(operation.id(), i));
        let inner = self.inner.clone();
        super::promise(Box::pin(async move {
            let prepared = prepared.map_err(errors::call)?;
            let CallArgs {
                settings,
                signal,
                relay,
            } = call_args.map_err(errors::call)?;
            let ended = inner.send(&prepared, settings, signal.as_ref()).await;
            // Only a relay's client reads a 400's issues: the API itself never sends them.
            let keyless = inner.config.credential == Credential::None;
            let done = ended.map_err(|e| match keyless {
                true => {
                    let secrets: Vec<&str> = prepared.secrets.iter().map(String::as_str).collect();
                    errors::call(relayed::validation(e, Envelope::Meraki, &secrets))
                }
                false => errors::call(e),
            })?;
            Ok(args::answer(done, relay, &|| prepared.secrets.clone()))
        }))
    }
}

impl Inner {
    /// Sends a prepared call through the organization's rate limit and shard.
    pub(super) async fn send(
        &self,
        prepared: &Prepared,
        settings: CallSettings,
        signal: Option<&AbortSignal>,
    ) -> Result<Done, CallError> {
        let org = self.org(&prepared.organization_id);
        let secrets: Vec<&str> = prepared.secrets.iter().map(String::as_str).collect();
        let via = Via {
            fetch: self.io.fetch.clone(),
            hooks: self.io.hooks.as_ref(),
            redirects: Some(Redirects {
                scope: &self.scope,
                base_url: &self.config.base_url,
                shard: &org.shard,
            }),
            sent: 0,
            extras: Some(&self.config.extras),
        };
        let limit = match (&self.limiter, &org.bucket) {
            (Some(limiter), _) => Some(Limit::Js(limiter, &prepared.organization_id)),
            (None, Some(bucket)) => Some(Limit::Bucket(bucket)),
            (None, None) => None,
        };
        call::run(
            &prepared.request,
            settings,
            signal,
            limit.as_ref(),
            &secrets,
            &via,
        )
        .await
    }
}
