//! `MerakiClient.getCallbackStatus` and `waitForCallback`: the outcome of a detach's callback,
//! read or polled until it is final. Polls go through the organization's rate limit, retries and
//! shard like every call.

use std::cell::Cell;

use wasm_bindgen::prelude::*;

use super::args;
use super::errors;
use super::meraki::{MerakiClient, Prepared};
use crate::core::detach_sites::status;
use crate::core::error::{CallError, ErrorKind};
use crate::core::report::{Path, ValidationIssue};
use crate::core::request::Operation;
use crate::transport::sleep;
use crate::transport::wait::{bounded, Interrupted};

const OP: Operation = Operation::GetCallbackStatus;

#[wasm_bindgen(typescript_custom_section)]
const TS: &str = r#"
/**
 * The status of a detach's callback, as the server sent it: a field this model does not list is
 * on the object too, and a field may come with another type than the one declared here.
 */
export interface CallbackStatus {
    /** The callback's id (the detach answer's `callback.id`). */
    callbackId?: string;
    /** `new` and `running` go on; `completed` and `failed` are final. Another value is passed on as sent. */
    status?: "new" | "running" | "completed" | "failed" | (string & {});
    /** What went wrong, when it failed. */
    errors?: string[];
    /** Who made the call that created the callback. */
    createdBy?: { adminId?: string; [field: string]: unknown };
    /** Where the callback was sent. */
    webhook?: {
        /** The URL the callback was sent to. */
        url?: string;
        /** The webhook HTTP server, when the callback named one. */
        httpServer?: { id?: string; [field: string]: unknown };
        /** The payload template used. */
        payloadTemplate?: { id?: string; [field: string]: unknown };
        /** When the callback was sent (ISO 8601). */
        sentAt?: string;
        [field: string]: unknown;
    };
    /** A field this version of the package does not know, kept as the server sent it. */
    [field: string]: unknown;
}

/** Options of `waitForCallback`. */
export interface WaitForCallbackOptions {
    /** Milliseconds between polls (default 2000). Each poll also waits for the organization's rate limit. */
    intervalMs?: number;
    /** How long to wait for `completed` or `failed` in all, in milliseconds (default 600000, 10 minutes); then `TimeoutError`. */
    timeoutMs?: number;
    /** Stops waiting (a poll in flight, or the pause between polls): `AbortError`. */
    signal?: AbortSignal;
}
"#;

#[wasm_bindgen]
impl MerakiClient {
    /// Reads the status of a detach's callback
    /// (`GET /organizations/{organizationId}/webhooks/callbacks/statuses/{callbackId}`; the
    /// detach answer's `callback.id` is the `callbackId`).
    ///
    /// Resolves to the status as the server sent it, unknown fields kept. Rejects like
    /// `detachSites` (an unknown `callbackId` is an `ApiError` with status 404).
    #[wasm_bindgen(js_name = getCallbackStatus, unchecked_return_type = "Promise<CallbackStatus>")]
    pub fn get_callback_status(
        &self,
        #[wasm_bindgen(js_name = organizationId, unchecked_param_type = "string")] organization_id: JsValue,
        #[wasm_bindgen(js_name = callbackId, unchecked_param_type = "string")] callback_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> js_sys::Promise {
        let prepared = self.prepare_status(&organization_id, &callback_id);
        self.run(OP, prepared, options)
    }

    /// Polls the callback's status (every `intervalMs`, default 2000) until it is `completed` or
    /// `failed`, and resolves to that last status either way: a `failed` callback is an answer,
    /// not an exception. Rejects with `TimeoutError` when no final status came within
    /// `timeoutMs` (default 10 minutes), `AbortError` when `signal` fires (also between polls),
    /// and like `getCallbackStatus` when a poll fails for good.
    #[wasm_bindgen(js_name = waitForCallback, unchecked_return_type = "Promise<CallbackStatus>")]
    pub fn wait_for_callback(
        &self,
        #[wasm_bindgen(js_name = organizationId, unchecked_param_type = "string")] organization_id: JsValue,
        #[wasm_bindgen(js_name = callbackId, unchecked_param_type = "string")] callback_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "WaitForCallbackOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> js_sys::Promise {
        let prepared = self.prepare_status(&organization_id, &callback_id);
        let waiting = wait_options(options.as_ref());
        let settings = self.inner.config.call;
        let inner = self.inner.clone();
        super::promise(Box::pin(async move {
            let prepared = prepared.map_err(errors::call)?;
            let (interval, limit, signal) = waiting.map_err(errors::call)?;
            let polls = Cell::new(0);
            let waited = bounded(signal.as_ref(), limit, |s| {
                let (inner, prepared, polls) = (&inner, &prepared, &polls);
                async move {
                    loop {
                        polls.set(polls.get() + 1);
                        let value = inner.send(prepared, settings, Some(&s)).await?.value;
                        let state = js_sys::Reflect::get(&value, &JsValue::from_str("status"))
                            .ok()
                            .and_then(|v| v.as_string());
                        if status::is_final(state.as_deref()) {
                            return Ok(value);
                        }
                        if sleep(interval, Some(&s)).await.is_err() {
                            return Err(CallError {
                                kind: ErrorKind::Abort,
                                operation: OP.id(),
                                attempts: polls.get(),
                            });
                        }
                    }
                }
            })
            .await;
            let ended = |kind| CallError {
                kind,
                operation: OP.id(),
                attempts: polls.get(),
            };
            waited.map_err(|e| {
                errors::call(match e {
                    Interrupted::Rejected(e) => e,
                    Interrupted::TimedOut => ended(ErrorKind::Timeout(limit)),
                    Interrupted::Aborted => ended(ErrorKind::Abort),
                })
            })
        }))
    }
}

impl MerakiClient {
    /// Checks both ids and builds the GET.
    fn prepare_status(
        &self,
        organization_id: &JsValue,
        callback_id: &JsValue,
    ) -> Result<Prepared, CallError> {
        let config = &self.inner.config;
        let org = args::path_parameter(organization_id);
        let id = args::path_parameter(callback_id);
        let request =
            status::build(config, &org, &id).map_err(|i| CallError::validation(OP.id(), i))?;
        Ok(Prepared {
            request,
            organization_id: org,
            secrets: vec![config.credential.secret().to_owned()],
        })
    }
}

/// `waitForCallback`'s options: the interval, the overall limit and the signal. Read with
/// `Reflect` (no trip through JSON: they are two numbers and a signal).
fn wait_options(
    options: Option<&js_sys::Object>,
) -> Result<(f64, f64, Option<web_sys::AbortSignal>), CallError> {
    let Some(options) = options.filter(|o| !o.is_undefined() && !o.is_null()) else {
        return Ok((status::DEFAULT_INTERVAL_MS, status::DEFAULT_WAIT_MS, None));
    };
    let mut issues = Vec::new();
    let signal = args::signal_of(options).unwrap_or_else(|mut i| {
        issues.append(&mut i);
        None
    });
    let mut ms = |key: &str, default: f64| {
        // A getter that throws, or anything but a number, is a wrong value (NaN fails the range).
        let value = match js_sys::Reflect::get(options, &JsValue::from_str(key)) {
            Ok(v) if v.is_undefined() || v.is_null() => None,
            Ok(v) => Some(v.as_f64().unwrap_or(f64::NAN)),
            Err(_) => Some(f64::NAN),
        };
        status::duration(key, value, default).unwrap_or_else(|message| {
            issues.push(ValidationIssue::new(
                &Path::Root.key(key),
                "option",
                message,
            ));
            default
        })
    };
    let interval = ms("intervalMs", status::DEFAULT_INTERVAL_MS);
    let limit = ms("timeoutMs", status::DEFAULT_WAIT_MS);
    if issues.is_empty() {
        Ok((interval, limit, signal))
    } else {
        Err(CallError::validation(OP.id(), issues))
    }
}
