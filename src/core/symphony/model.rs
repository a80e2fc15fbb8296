//! The models of Symphony's `POST /pod/v1/admin/app/{id}/update` ("Update App"), documented from
//! the Symphony Pod API page and the vendor's public spec. The same `ApplicationDetail` is the
//! body sent and the answer received.
//!
//! `Debug` never prints `notification.apiKey`: it is masked as `***`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Details of an application: what to update it with, and what the pod answers.
///
/// As an answer, it is what the pod sent: a field this model does not list is on the object too,
/// and a field may come with another type than the one declared here (the Symphony spec's own
/// example answers with numbers for `notification.apiKey` and a property's `value`).
// In Rust, read an answer as `core::received::Received<ApplicationDetail>`, which keeps those
// fields as sent instead of failing (plain comments: they stay out of the TypeScript docs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ApplicationDetail {
    /// Required information for creating an application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub application_info: Option<ApplicationInfo>,
    /// Url to a icon to use for app. Must start with "https://".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub icon_url: Option<String>,
    /// Description of the application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub description: Option<String>,
    /// The permitted domains to send or receive a request from. The field is for the purpose of
    /// CORS which set the app specific "ALLOW-ORIGIN-DOMAINS" header in HTTP. A domain name such
    /// as `"mydomain.com"`, or several separated by commas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub allow_origins: Option<String>,
    /// List of application permissions provisioned for the application. In addition to the known
    /// ones, custom permissions are accepted. A custom permission should only contain upper case
    /// alphanumeric characters and underscore. It should not be empty or only contain spaces and
    /// its length is limited to 64 characters.
    ///
    /// Known permissions: `SEND_MESSAGES`, `GET_USER_CONNECTIONS`, `REQUEST_USER_CONNECTIONS`,
    /// `SET_PRESENCE`, `GET_PRESENCE`, `GET_BASIC_USER_INFO`, `GET_EXTENDED_USER_INFO`,
    /// `GET_BASIC_CONTACT_INFO`, `GET_EXTENDED_CONTACT_INFO`, `ACT_AS_USER`, `MANAGE_SIGNALS`,
    /// `MANAGE_USER_FOLLOWING`, `TRUST_APP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub permissions: Option<Vec<String>>,
    /// The app public certificate in pem format: `-----BEGIN …-----`, the base64 body on real
    /// line breaks (not literal `\n` sequences), `-----END …-----`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub cert: Option<String>,
    /// App RSA keys information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub authentication_keys: Option<AppAuthenticationKeys>,
    /// Application callback information
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub notification: Option<AppNotification>,
    /// Application configuration properties that are shared with the extension application,
    /// client side. Do not store sensitive information here. Since SBE 20.14.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub properties: Option<Vec<AppProperty>>,
}

/// Required information for creating an application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ApplicationInfo {
    /// An unique id for the application, 1 to 256 characters. Required in a request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub app_id: Option<String>,
    /// User defined name for the application. Required in a request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub name: Option<String>,
    /// Url for the app. Must start with "https://".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub app_url: Option<String>,
    /// Domain for the app. Must match the app url's domain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub domain: Option<String>,
    /// The publisher of the application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub publisher: Option<String>,
}

/// App RSA keys information: the current key and, after a rotation, the previous one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AppAuthenticationKeys {
    /// The app's current RSA key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub current: Option<AppAuthenticationKey>,
    /// The app's previous (rotated) RSA key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub previous: Option<AppAuthenticationKey>,
}

/// An RSA key of the app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AppAuthenticationKey {
    /// The RSA public key in PEM format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub key: Option<String>,
    /// Expiration date of the key, in epoch milliseconds (for example 1700815176000). Set only
    /// for rotated keys (`previous`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "number"))]
    pub expiration_date: Option<i64>,
    /// Action to perform on the key: for the current key `SAVE` or `REVOKE`; for the previous
    /// (rotated) key `REVOKE` or `EXTEND`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub action: Option<String>,
}

/// Application callback information.
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AppNotification {
    /// Url where notifications should be sent (must start with "https://").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub url: Option<String>,
    /// Api key sent back in every notification as the header `X-API-KEY`. Write only: the pod
    /// never returns it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub api_key: Option<String>,
}

impl fmt::Debug for AppNotification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppNotification")
            .field("url", &self.url)
            .field("api_key", &self.api_key.as_ref().map(|_| "***"))
            .finish()
    }
}

/// An application configuration property, shared with the extension application on the client
/// side: not for secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AppProperty {
    /// Name of the property: 1 to 1024 characters, unique within the list.
    pub key: String,
    /// Value of the property: a string (may be empty, not null) of at most 4096 characters.
    pub value: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::received::Received;
    use serde_json::{json, Value};

    fn sample() -> Value {
        json!({
            "applicationInfo": {
                "appId": "my-app",
                "name": "My App",
                "appUrl": "https://apps.mydomain.com/app",
                "domain": "mydomain.com",
                "publisher": "Acme"
            },
            "iconUrl": "https://myiconUrl.com",
            "description": "a test app",
            "allowOrigins": "mydomain.com",
            "permissions": ["SEND_MESSAGES", "ACT_AS_USER"],
            "cert": "-----BEGIN PUBLIC KEY-----\nTWFu\n-----END PUBLIC KEY-----",
            "authenticationKeys": {
                "current": {"key": "-----BEGIN PUBLIC KEY-----\nTWFu\n-----END PUBLIC KEY-----", "action": "SAVE"},
                "previous": {"key": "-----BEGIN PUBLIC KEY-----\nTWE=\n-----END PUBLIC KEY-----", "expirationDate": 1700815176000i64, "action": "EXTEND"}
            },
            "notification": {"url": "https://mydomain.com/notify", "apiKey": "k-123"},
            "properties": [{"key": "theme", "value": ""}]
        })
    }

    #[test]
    fn a_full_detail_round_trips() {
        let detail: ApplicationDetail = serde_json::from_value(sample()).unwrap();
        let keys = detail.authentication_keys.as_ref().unwrap();
        assert_eq!(
            keys.previous.as_ref().unwrap().expiration_date,
            Some(1_700_815_176_000)
        );
        assert_eq!(detail.properties.as_ref().unwrap()[0].value, "");
        assert_eq!(serde_json::to_value(&detail).unwrap(), sample());
    }

    #[test]
    fn absent_fields_are_left_out() {
        let detail = ApplicationDetail {
            description: Some("d".into()),
            ..ApplicationDetail::default()
        };
        assert_eq!(
            serde_json::to_value(&detail).unwrap(),
            json!({"description": "d"})
        );
    }

    #[test]
    fn an_answer_keeps_unknown_fields() {
        let mut answer = sample();
        answer["notification"] = json!({"url": "https://mydomain.com/notify"});
        answer["enabled"] = json!(true);
        let got: Received<ApplicationDetail> = serde_json::from_value(answer.clone()).unwrap();
        assert_eq!(got.extra["enabled"], true);
        assert_eq!(serde_json::to_value(&got).unwrap(), answer);
    }

    #[test]
    fn debug_masks_the_notification_api_key() {
        let n = AppNotification {
            url: Some("https://x.com".into()),
            api_key: Some("very-secret-api-key".into()),
        };
        let shown = format!("{n:?}");
        assert!(
            !shown.contains("very-secret") && shown.contains("***"),
            "{shown}"
        );
    }
}
