#![allow(dead_code)]
//! Transport tests of the Symphony update-app call, shared by the Node and the browser suites
//! (registered through `common`, which re-exports them).

use app_admin_wasm::core::error::{CallError, ErrorKind};
use app_admin_wasm::core::request::{Credential, Operation, Request};
use app_admin_wasm::core::symphony::model::ApplicationDetail;
use app_admin_wasm::transport::call::{run, Via};
use serde_json::{json, Value};
use wasm_bindgen::JsValue;

use crate::common::{
    assert_json_body, body_json, faults, log, sent_after_a_preflight, settings, text, typed, MOCK,
};

// ---- Symphony update app: a POST with the sessionToken header ----------------------------------

pub const SESSION_TOKEN: &str = "test-session-token";
pub const NOTIFICATION_KEY: &str = "wasm-notif-APILEAK-77";
pub const ROLES: &str = "Super Administrator, Super Compliance Officer or User Provisioning";

/// An ApplicationDetail as JSON text: a PEM key on real line breaks (JSON `\n` escapes), an
/// epoch-milliseconds expirationDate, a notification apiKey, unicode, a custom permission.
pub const SYMPHONY_BODY: &str = r#"{"applicationInfo":{"appId":"wasm-bot","name":"Wasm Bot ✓","appUrl":"https://apps.acme.example/wasm-bot","domain":"acme.example","publisher":"Acme"},"iconUrl":"https://apps.acme.example/icon.png","allowOrigins":"apps.acme.example","permissions":["SEND_MESSAGES","ACME_CUSTOM_1"],"authenticationKeys":{"current":{"key":"-----BEGIN PUBLIC KEY-----\nMIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCoWwQkLt+NL00OoDeP9eGzNKXy\nfT9lsgcNHEYBTzrF46SJYFv3DgFf09EjkohmeAYCVqYneyx9gKPBxO0q8Sj+UXLs\nRSsUtPqXBgfK9dyuOTPwNdkpbt4v958quRygFHog/hxzdWwMT+tJI1fPhGTHJqY5\noDzwudmN9RKd0huUMwIDAQAB\n-----END PUBLIC KEY-----","action":"SAVE"},"previous":{"key":"-----BEGIN PUBLIC KEY-----\nMIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDY7z15Ca83TTRL42HInhxyP8LS\nbrpbJz002b8HN0/5gCMZjAfQjlGPcAlFz1JVjjzjADYksSmT6vSuNmxYgSmxLvdQ\nf6HSg78u91+fJH/uKYpXFFa8gPjgGW6aAD/uQgPrzfF51N50Xy2s21w6oQJ15QHp\nAZVSO6vnTXKlufKA6QIDAQAB\n-----END PUBLIC KEY-----","expirationDate":1700815176000,"action":"REVOKE"}},"notification":{"url":"https://apps.acme.example/notify","apiKey":"wasm-notif-APILEAK-77"},"properties":[{"key":"welcome","value":"Bonjour 👋 «ça va?»"},{"key":"theme","value":""}]}"#;

/// Runs the update-app call for app `{id}/x` with `token`, scrubbing the token and the
/// notification apiKey, with `max_retries` retries.
async fn update_app(id: &str, token: &str, max_retries: u32) -> Result<JsValue, CallError> {
    let secrets = [token, NOTIFICATION_KEY];
    run(
        &update_app_request(id, token),
        settings(5000.0, max_retries),
        None,
        None,
        &secrets,
        &Via::default(),
    )
    .await
    .map(|done| done.value)
}

/// An update-app request for app `{id}/x` (its slash percent-encoded, as the client does).
pub fn update_app_request(id: &str, token: &str) -> Request {
    Request {
        operation: Operation::UpdateApp,
        url: format!("{MOCK}/pod/v1/admin/app/{id}%2Fx/update"),
        body: SYMPHONY_BODY.to_owned(),
        credential: Credential::SessionToken(token.to_owned()),
    }
}

pub async fn update_app_arrives_with_the_session_token_and_exact_body() {
    let id = format!("wasm-sym-{}", js_sys::Math::random());
    let done = update_app(&id, SESSION_TOKEN, 0).await.unwrap();
    let typed = typed::<ApplicationDetail>(&text(&done));
    let detail = &typed.known;
    let info = detail.application_info.as_ref().expect("applicationInfo");
    assert_eq!(info.app_id.as_deref(), Some("wasm-bot"));
    assert_eq!(info.name.as_deref(), Some("Wasm Bot ✓"));
    let keys = detail
        .authentication_keys
        .as_ref()
        .expect("authenticationKeys");
    let previous = keys.previous.as_ref().expect("previous key");
    assert_eq!(previous.expiration_date, Some(1_700_815_176_000));
    assert_eq!(previous.action.as_deref(), Some("REVOKE"));
    assert!(previous
        .key
        .as_deref()
        .is_some_and(|k| k.starts_with("-----BEGIN PUBLIC KEY-----\nMIGf")
            && k.ends_with("\n-----END PUBLIC KEY-----")));
    let notification = detail.notification.as_ref().expect("notification");
    assert_eq!(
        notification.url.as_deref(),
        Some("https://apps.acme.example/notify")
    );
    assert_eq!(
        notification.api_key, None,
        "the pod never echoes notification.apiKey"
    );
    assert_eq!(
        detail.properties.as_ref().map(|p| p[0].value.as_str()),
        Some("Bonjour 👋 «ça va?»")
    );
    assert!(
        body_json(&text(&done)).get("mockRevision").is_some(),
        "unknown field dropped: {}",
        text(&done)
    );
    assert!(!text(&done).contains(NOTIFICATION_KEY));

    let seen = log(&id).await;
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0]["method"], "POST");
    assert_eq!(seen[0]["status"], 200);
    assert_json_body(&seen[0], SYMPHONY_BODY);
    assert_eq!(seen[0]["headers"]["sessiontoken"], SESSION_TOKEN);
    assert_eq!(seen[0]["headers"]["authorization"], Value::Null);
    assert_eq!(
        seen[0]["segments"],
        json!(["pod", "v1", "admin", "app", format!("{id}/x"), "update"])
    );
    assert!(seen[0]["path"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/app/{id}%2Fx/update")));
}

/// A valid session without the admin role: 403, and the error names the roles the call needs.
pub async fn update_app_403_names_the_roles() {
    let id = format!("wasm-sym-403-{}", js_sys::Math::random());
    let e = update_app(&id, "no-role-token", 2).await.unwrap_err();
    assert_eq!(e.operation, "updateApp");
    assert_eq!(e.attempts, 1, "a 403 is not retried");
    let ErrorKind::Api(f) = &e.kind else {
        panic!("not an Api error: {e:?}");
    };
    assert_eq!(f.status, 403);
    assert!(
        f.messages
            .iter()
            .any(|m| m == "Caller lacks necessary entitlement."),
        "{:?}",
        f.messages
    );
    assert!(
        f.messages.iter().any(|m| m.contains(ROLES)),
        "{:?}",
        f.messages
    );
    assert!(e.message().contains(ROLES), "{}", e.message());
    assert_eq!(log(&id).await.len(), 1);
}

/// A server echo of the session token and the notification apiKey is masked in the error.
pub async fn update_app_echoes_of_the_token_and_api_key_are_masked() {
    let id = format!("wasm-sym-echo-{}", js_sys::Math::random());
    faults(
        &id,
        json!([{ "status": 500, "body": format!("{{\"code\":500,\"message\":\"bad {SESSION_TOKEN} {NOTIFICATION_KEY}\"}}") }]),
    )
    .await;
    let e = update_app(&id, SESSION_TOKEN, 0).await.unwrap_err();
    let ErrorKind::Api(f) = &e.kind else {
        panic!("not an Api error: {e:?}");
    };
    assert_eq!(f.status, 500);
    assert_eq!(f.messages, ["bad *** ***"]);
    let text = format!("{e:?} {}", e.message());
    assert!(
        !text.contains(SESSION_TOKEN) && !text.contains("APILEAK"),
        "{text}"
    );
}

/// Browser only: a cross-origin POST with a JSON body and the non-standard sessionToken header
/// needs a CORS preflight that names both headers; the mock must have seen it before the POST.
pub async fn the_update_app_was_cross_origin_with_a_preflight() {
    let id = format!("wasm-sym-cors-{}", js_sys::Math::random());
    let req = update_app_request(&id, SESSION_TOKEN);
    let (preflight, post) =
        sent_after_a_preflight(&req, &id, "POST", &["sessiontoken", "content-type"]).await;
    assert_eq!(
        preflight["headers"]["sessiontoken"],
        Value::Null,
        "the preflight carries no token"
    );
    assert_eq!(post["headers"]["sessiontoken"], SESSION_TOKEN);
    assert_eq!(post["body"].as_str(), Some(SYMPHONY_BODY));
}
