//! Responses keep every field the server sent: the documented ones typed, the rest as JSON.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A response model `T` together with the fields `T` does not list, so nothing the server
/// sent is lost (a newer API version may add fields before this package knows them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Received<T> {
    /// The documented fields.
    #[serde(flatten)]
    pub known: T,
    /// Every other field, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::private_app::model::PrivateApplication;

    #[test]
    fn unknown_fields_are_kept_and_round_trip() {
        let text = r#"{"applicationId":"183456","name":"Jira","riskScore":7,"labels":{"a":[1,2]}}"#;
        let got: Received<PrivateApplication> = serde_json::from_str(text).unwrap();
        assert_eq!(got.known.application_id.as_deref(), Some("183456"));
        assert_eq!(got.extra.len(), 2);
        assert_eq!(got.extra["riskScore"], 7);
        let back: Value = serde_json::to_value(&got).unwrap();
        assert_eq!(back, serde_json::from_str::<Value>(text).unwrap());
    }
}
