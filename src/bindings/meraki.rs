//! `MerakiClient`: the Meraki operations, validated before anything is sent.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::args::{self, CallArgs};
use super::{errors, json};
use crate::core::error::CallError;
use crate::core::options::{self, MerakiConfig};
use crate::core::private_app;
use crate::core::rate_limit::TokenBucket;
use crate::core::redact;
use crate::core::request::Request;
use crate::transport::call;

/// A client of the Meraki Dashboard API for Secure Connect.
///
/// Every call is validated first (a wrong call never reaches the network), retried on 429
/// (honouring `Retry-After`), 5xx, network errors and timeouts, and rate-limited per
/// organization. The API key never appears in an error or a dry run.
#[wasm_bindgen]
pub struct MerakiClient {
    inner: Rc<Inner>,
}

struct Inner {
    config: MerakiConfig,
    buckets: RefCell<HashMap<String, Rc<RefCell<TokenBucket>>>>,
}

impl Inner {
    fn bucket(&self, organization_id: &str) -> Option<Rc<RefCell<TokenBucket>>> {
        let rps = self.config.requests_per_second;
        (rps > 0.0).then(|| {
            let mut buckets = self.buckets.borrow_mut();
            let bucket = buckets
                .entry(organization_id.to_owned())
                .or_insert_with(|| Rc::new(RefCell::new(TokenBucket::new(rps))));
            bucket.clone()
        })
    }
}

#[wasm_bindgen]
impl MerakiClient {
    /// Creates a client. Throws `ValidationError` when an option breaks a rule (a missing
    /// `apiKey`, a `baseUrl` that is not `https://`, …).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "MerakiClientOptions")] options: JsValue,
    ) -> Result<MerakiClient, JsValue> {
        let options = json::of(&options).map_err(|i| errors::validation(vec![i]))?;
        let config = options::meraki(&options.value).map_err(errors::validation)?;
        Ok(MerakiClient {
            inner: Rc::new(Inner {
                config,
                buckets: RefCell::default(),
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
        #[wasm_bindgen(js_name = organizationId, unchecked_param_type = "string")]
        organization_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "PrivateApplicationUpdate")] update: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> js_sys::Promise {
        const OP: &str = "updateOrganizationSecureConnectPrivateApplication";
        let prepared =
            self.build_update(&organization_id, &id, &update)
                .and_then(|(request, org)| {
                    let call = args::call_options(options.as_ref(), self.inner.config.call)
                        .map_err(|i| CallError::validation(OP, i))?;
                    Ok((request, org, call))
                });
        let inner = self.inner.clone();
        future_to_promise(async move {
            let (request, org, CallArgs { settings, signal }) = prepared.map_err(errors::call)?;
            let bucket = inner.bucket(&org);
            let secret = request.credential.secret().to_owned();
            let done = call::run::<private_app::model::PrivateApplication>(
                &request,
                settings,
                signal.as_ref(),
                bucket.as_deref(),
                &[&secret],
            )
            .await
            .map_err(errors::call)?;
            args::parse_body(&done.body)
        })
    }

    /// The request `updatePrivateApplication` would send, without sending it: method, URL,
    /// headers (the API key as `***`) and the exact body. Throws `ValidationError` like the call.
    #[wasm_bindgen(js_name = prepareUpdatePrivateApplication, unchecked_return_type = "PreparedRequest")]
    pub fn prepare_update_private_application(
        &self,
        #[wasm_bindgen(js_name = organizationId, unchecked_param_type = "string")]
        organization_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "PrivateApplicationUpdate")] update: JsValue,
    ) -> Result<JsValue, JsValue> {
        let (request, _) = self
            .build_update(&organization_id, &id, &update)
            .map_err(errors::call)?;
        Ok(errors::to_js(&request.prepared()))
    }
}

impl MerakiClient {
    fn build_update(
        &self,
        organization_id: &JsValue,
        id: &JsValue,
        update: &JsValue,
    ) -> Result<(Request, String), CallError> {
        const OP: &str = "updateOrganizationSecureConnectPrivateApplication";
        // A value quoted back in a message may be the key pasted into the wrong field.
        let key = self.inner.config.credential.secret();
        let invalid = |mut issues: Vec<_>| {
            redact::issues(&mut issues, &[key]);
            CallError::validation(OP, issues)
        };
        let org = args::string("organizationId", organization_id);
        let id = args::string("id", id);
        let body = json::of(update).map_err(|i| invalid(vec![i]))?;
        let (org, id) = args::both(org, id).map_err(invalid)?;
        let request =
            private_app::request::build(&self.inner.config, &org, &id, &body.value, body.text)
                .map_err(invalid)?;
        Ok((request, org))
    }
}
