//! The models of `DELETE /organizations/{organizationId}/secureConnect/sites` and of the webhook
//! Meraki sends to the callback URL when the job is done, documented from the Meraki API page.
//!
//! `Debug` never prints a shared secret: the types that hold one mask it as `***`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The body of the request (sent as the body of the DELETE): the sites to detach from Secure
/// Connect and, optionally, where to report the result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct DetachSitesRequest {
    /// List of site IDs to detach
    pub sites: Vec<String>,
    /// Details for the callback. Please include either an httpServerId OR url and sharedSecret
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub callback: Option<Callback>,
}

/// Details for the callback: `httpServer.id` (a configured webhook receiver) or `url` and
/// `sharedSecret` (the page asks for one kind; both at once is only a warning).
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Callback {
    /// The callback URL for the webhook target. If using this field, please also specify a
    /// sharedSecret. Must be an absolute `https://` URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub url: Option<String>,
    /// A shared secret that will be included in the requests sent to the callback URL. It can be
    /// used to verify that the request was sent by Meraki. If using this field, please also
    /// specify an url.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub shared_secret: Option<String>,
    /// The webhook receiver used for the callback webhook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub http_server: Option<HttpServer>,
    /// The payload template of the webhook used for the callback
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub payload_template: Option<PayloadTemplate>,
}

impl fmt::Debug for Callback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Callback")
            .field("url", &self.url)
            .field("shared_secret", &self.shared_secret.as_ref().map(|_| "***"))
            .field("http_server", &self.http_server)
            .field("payload_template", &self.payload_template)
            .finish()
    }
}

/// The webhook receiver used for the callback webhook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct HttpServer {
    /// The webhook receiver ID that will receive information. If specifying this, please leave
    /// the url and sharedSecret fields blank.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub id: Option<String>,
}

/// The payload template of the webhook used for the callback.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct PayloadTemplate {
    /// The ID of the payload template. Defaults to 'wpt_00005' for the Callback (included) template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub id: Option<String>,
}

/// The answer to a detach request (201), as the server sent it: a field this model does not list
/// is on the object too, and a field may come with another type than the one declared here (the
/// call resolves whatever the body holds).
// In Rust, read an answer as `core::received::Received<DetachSitesResult>`, which keeps those
// fields as sent instead of failing (plain comments: they stay out of the TypeScript docs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct DetachSitesResult {
    /// Action performed by the job
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub action: Option<String>,
    /// Status of the job
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub status: Option<String>,
    /// Message from the job. Can either be a success message or an error if there is a failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub message: Option<String>,
    /// Request that was sent to the job
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub request: Option<DetachRequestInfo>,
    /// Information for callback used to send back results
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub callback: Option<CallbackInfo>,
}

/// Request that was sent to the job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct DetachRequestInfo {
    /// ID of the site to enroll
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub site_id: Option<String>,
}

/// Information for callback used to send back results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CallbackInfo {
    /// The ID of the callback. To check the status of the callback, use this ID in a request to
    /// /webhooks/callbacks/statuses/{id}
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub id: Option<String>,
    /// The callback URL for the webhook target. This was either provided in the original request
    /// or comes from a configured webhook receiver
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub url: Option<String>,
    /// The status of the callback
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub status: Option<String>,
}

/// The callback payload Meraki POSTs to the callback URL when the job is done. Read it with
/// `verifyDetachSitesCallback`, which checks its `sharedSecret`.
// In Rust: `core::detach_sites::callback::verify`.
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct DetachSitesCallback {
    /// The organization the job ran in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub organization: Option<IdName>,
    /// The network the job concerns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub network: Option<IdName>,
    /// When Meraki sent the callback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub sent_at: Option<String>,
    /// The ID of the callback, as returned in the detach answer's `callback.id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub callback_id: Option<String>,
    /// The result of the job.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub message: Option<CallbackMessage>,
    /// The shared secret given in the request's `callback.sharedSecret`, which Meraki's default
    /// payload template sends back as a top-level field (a custom template may move it into a
    /// header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub shared_secret: Option<String>,
}

impl fmt::Debug for DetachSitesCallback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DetachSitesCallback")
            .field("organization", &self.organization)
            .field("network", &self.network)
            .field("sent_at", &self.sent_at)
            .field("callback_id", &self.callback_id)
            .field("message", &self.message)
            .field("shared_secret", &self.shared_secret.as_ref().map(|_| "***"))
            .finish()
    }
}

/// An object named by its ID and name (the organization or the network of a callback).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct IdName {
    /// The ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub id: Option<String>,
    /// The name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub name: Option<String>,
}

/// The result of the job, inside a callback payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CallbackMessage {
    /// Action performed by the job
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub action: Option<String>,
    /// Status of the job
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub status: Option<String>,
    /// Message from the job. Can either be a success message or an error if there is a failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub message: Option<String>,
    /// Request that was sent to the job
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub request: Option<DetachRequestInfo>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::received::Received;
    use crate::core::testing::{fixture, DETACH_SITES_EXAMPLE};
    use serde_json::{json, Value};

    #[test]
    fn the_pages_request_example_round_trips() {
        let example = fixture(DETACH_SITES_EXAMPLE);
        let req: DetachSitesRequest = serde_json::from_value(example.clone()).unwrap();
        let cb = req.callback.as_ref().unwrap();
        assert_eq!(cb.shared_secret.as_deref(), Some("secret"));
        assert_eq!(
            cb.payload_template.as_ref().unwrap().id.as_deref(),
            Some("wpt_2100")
        );
        assert_eq!(serde_json::to_value(&req).unwrap(), example);
    }

    #[test]
    fn optional_fields_are_left_out_when_absent() {
        let req = DetachSitesRequest {
            sites: vec!["1".into()],
            callback: Some(Callback {
                http_server: Some(HttpServer {
                    id: Some("h".into()),
                }),
                ..Callback::default()
            }),
        };
        assert_eq!(
            serde_json::to_value(&req).unwrap(),
            json!({"sites": ["1"], "callback": {"httpServer": {"id": "h"}}})
        );
    }

    #[test]
    fn the_pages_response_example_reads_and_keeps_unknown_fields() {
        let text = r#"{"action":"detach","status":"success","message":"Site enrolled successfully",
            "request":{"siteId":"1520758"},
            "callback":{"id":"1284392014819","url":"https://webhook.site/28efa24e-f830-4d9f-a12b-fbb9e5035031","status":"new"},
            "jobId":"j-1"}"#;
        let got: Received<DetachSitesResult> = serde_json::from_str(text).unwrap();
        assert_eq!(got.known.action.as_deref(), Some("detach"));
        assert_eq!(
            got.known.request.as_ref().unwrap().site_id.as_deref(),
            Some("1520758")
        );
        assert_eq!(
            got.known.callback.as_ref().unwrap().id.as_deref(),
            Some("1284392014819")
        );
        assert_eq!(got.extra["jobId"], "j-1");
        let back = serde_json::to_value(&got).unwrap();
        assert_eq!(back, serde_json::from_str::<Value>(text).unwrap());
    }

    #[test]
    fn debug_masks_the_shared_secret() {
        let cb = Callback {
            url: Some("https://example.com/hook".into()),
            shared_secret: Some("hunter2-very-secret".into()),
            ..Callback::default()
        };
        let shown = format!("{cb:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("***"));
        let payload = DetachSitesCallback {
            shared_secret: Some("hunter2-very-secret".into()),
            callback_id: Some("42".into()),
            ..DetachSitesCallback::default()
        };
        let shown = format!("{payload:?}");
        assert!(
            !shown.contains("hunter2") && shown.contains("42"),
            "{shown}"
        );
    }
}
