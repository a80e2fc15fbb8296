//! Responses keep every field the server sent: the documented ones typed, the rest as JSON.
//!
//! A 2xx answer is a success whatever its fields hold (rules.md, "Answers"), so reading one into
//! a model must not fail where the server's types differ from the page's: the Symphony page's own
//! 200 example has `notification.apiKey: 123456` and a property `value: 4000`, numbers where the
//! model says string. Such a field is kept as sent, untyped, beside the typed ones.

use serde::de::{self, DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A response model `T` together with the fields `T` does not list or cannot hold as sent, so
/// nothing the server sent is lost and a field of an unexpected type is not an error (a newer
/// API version may add or change fields before this package knows them).
///
/// Reading never fails for an object body: each top-level field goes to `known` when `T` reads it
/// and writes it back unchanged, and to `extra` otherwise (an unknown field, a field of another
/// type, an object holding an unknown or mistyped field, a `null`). Writing a `Received` back
/// gives the body as it was sent. Meant for the answer models, whose fields are all optional; a
/// body that is not an object is refused (read it as a `serde_json::Value`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Received<T> {
    /// The documented fields that came with the documented types.
    #[serde(flatten)]
    pub known: T,
    /// Every other field, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl<'de, T> Deserialize<'de> for Received<T>
where
    T: DeserializeOwned + Serialize + Default,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let Value::Object(sent) = Value::deserialize(deserializer)? else {
            return Err(de::Error::custom("an answer model reads a JSON object"));
        };
        let mut typed = Map::new();
        let mut extra = Map::new();
        for (name, value) in sent {
            let alone = Value::Object(Map::from_iter([(name.clone(), value.clone())]));
            let fits = serde_json::from_value::<T>(alone)
                .ok()
                .and_then(|t| serde_json::to_value(t).ok())
                .is_some_and(|back| back.get(&name) == Some(&value));
            if fits {
                typed.insert(name, value);
            } else {
                extra.insert(name, value);
            }
        }
        // Each field was read alone; together they read the same (all fields are optional).
        // Should a model need fields together, nothing is lost: all goes to `extra`.
        match serde_json::from_value(Value::Object(typed.clone())) {
            Ok(known) => Ok(Received { known, extra }),
            Err(_) => {
                extra.extend(typed);
                Ok(Received {
                    known: T::default(),
                    extra,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::detach_sites::model::DetachSitesResult;
    use crate::core::private_app::model::PrivateApplication;
    use crate::core::symphony::model::ApplicationDetail;
    use crate::core::testing::{OFFICIAL_DS_201, OFFICIAL_PA_200, OFFICIAL_SY_200};

    fn round_trips<T>(text: &str) -> Received<T>
    where
        T: DeserializeOwned + Serialize + Default,
    {
        let got: Received<T> = serde_json::from_str(text).expect("an answer always reads");
        let back = serde_json::to_value(&got).unwrap();
        assert_eq!(back, serde_json::from_str::<Value>(text).unwrap());
        got
    }

    #[test]
    fn unknown_fields_are_kept_and_round_trip() {
        let text = r#"{"applicationId":"183456","name":"Jira","riskScore":7,"labels":{"a":[1,2]}}"#;
        let got = round_trips::<PrivateApplication>(text);
        assert_eq!(got.known.application_id.as_deref(), Some("183456"));
        assert_eq!(got.extra.len(), 2);
        assert_eq!(got.extra["riskScore"], 7);
    }

    #[test]
    fn the_official_answers_read_every_field_kept() {
        let pa = round_trips::<PrivateApplication>(OFFICIAL_PA_200);
        assert!(pa.extra.is_empty(), "{:?}", pa.extra);
        assert_eq!(pa.known.name.as_deref(), Some("Jira"));
        let ds = round_trips::<DetachSitesResult>(OFFICIAL_DS_201);
        assert!(ds.extra.is_empty(), "{:?}", ds.extra);
        assert_eq!(ds.known.callback.unwrap().status.as_deref(), Some("new"));
        let sy = round_trips::<ApplicationDetail>(OFFICIAL_SY_200);
        let info = sy.known.application_info.as_ref().unwrap();
        assert_eq!(info.app_id.as_deref(), Some("my-test-app"));
        // Numbers where the model says string: kept as sent, beside the typed fields.
        assert_eq!(sy.extra["notification"]["apiKey"], 123456);
        assert_eq!(sy.extra["properties"][0]["value"], 4000);
        assert!(sy.known.notification.is_none() && sy.known.properties.is_none());
        assert_eq!(sy.extra["authenticationKeys"], Value::Null);
    }

    #[test]
    fn a_field_of_another_type_is_kept_untyped_not_refused() {
        let text = r#"{"name":5,"sslVerificationEnabled":"yes","description":"d",
            "destinations":[{"destinationAddr":["10.0.0.1"],"protocolPorts":[],"accessType":"network","zone":"eu"}]}"#;
        let got = round_trips::<PrivateApplication>(text);
        assert_eq!(got.known.description.as_deref(), Some("d"));
        assert_eq!(got.extra["name"], 5);
        assert_eq!(got.extra["sslVerificationEnabled"], "yes");
        // A nested unknown field would be dropped by the typed model: the field stays whole.
        assert_eq!(got.extra["destinations"][0]["zone"], "eu");
    }

    #[test]
    fn a_body_that_is_not_an_object_is_not_a_model() {
        assert!(serde_json::from_str::<Received<PrivateApplication>>("[1]").is_err());
    }
}
