#![allow(dead_code)]
//! Transport tests shared by the Node and the browser suites. Each test uses its own
//! organization id, so faults (matched by path) and log entries never mix between tests.

use std::cell::RefCell;

use app_admin_wasm::core::detach_sites::model::DetachSitesResult;
use app_admin_wasm::core::error::CallError;
use app_admin_wasm::core::error::ErrorKind;
use app_admin_wasm::core::options::CallSettings;
use app_admin_wasm::core::private_app::model::PrivateApplication;
use app_admin_wasm::core::rate_limit::TokenBucket;
use app_admin_wasm::core::received::Received;
use app_admin_wasm::core::request::{Credential, Operation, Request};
use app_admin_wasm::core::symphony::model::ApplicationDetail;
use app_admin_wasm::transport::call::{run, Via};
use app_admin_wasm::transport::limit::Limit;
use gloo_net::http::{Request as Http, Response};
use serde_json::{json, Value};
use wasm_bindgen::JsValue;

/// Registers each named function of this module as a `wasm_bindgen_test` of the including suite.
#[macro_export]
macro_rules! transport_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[wasm_bindgen_test::wasm_bindgen_test]
            async fn $name() {
                common::$name().await
            }
        )*
    };
}

/// Registers the tests both suites run (Node, and Chromium cross-origin).
#[macro_export]
macro_rules! shared_transport_tests {
    () => {
        transport_tests!(
            sends_the_exact_body_and_keeps_unknown_fields,
            a_2xx_resolves_whatever_its_body,
            retries_429_after_retry_after_then_succeeds,
            gives_up_after_max_retries_with_the_last_api_error,
            a_hung_attempt_times_out,
            a_body_over_the_cap_is_refused_unread,
            a_body_that_never_ends_times_out,
            the_callers_signal_aborts,
            a_refused_connection_is_a_network_error,
            server_echoes_of_the_key_are_masked,
            the_rate_limit_spaces_requests,
            detach_body_arrives_byte_for_byte,
            a_retried_detach_resends_the_body,
            detach_echoes_of_the_shared_secret_are_masked,
            update_app_arrives_with_the_session_token_and_exact_body,
            update_app_403_names_the_roles,
            update_app_echoes_of_the_token_and_api_key_are_masked,
        );
    };
}

/// The mock's address, given at compile time by scripts/test.sh (wasm cannot read env vars).
pub const MOCK: &str = env!(
    "APP_ADMIN_MOCK_URL",
    "run these tests through `make test`, which starts the mock"
);

pub const BODY: &str = r#"{"name":"Jira","destinations":[{"destinationAddr":["10.0.0.1/32"],"protocolPorts":[{"protocol":"TCP","ports":"443"}],"accessType":"browser"}]}"#;

/// What a call resolved to, as JSON text.
pub fn text(value: &JsValue) -> String {
    js_sys::JSON::stringify(value).unwrap().into()
}

/// A successful body read as its Rust model: the fields of the documented types typed, every
/// other field kept as sent (reading an answer object never fails on a field's type).
pub fn typed<T>(body: &str) -> Received<T>
where
    T: serde::de::DeserializeOwned + serde::Serialize + Default,
{
    serde_json::from_str(body).expect("the response is a JSON object")
}

/// A successful body as JSON.
pub fn body_json(body: &str) -> Value {
    serde_json::from_str(body).expect("the response is JSON")
}

pub fn request(org: &str, key: &str) -> Request {
    Request {
        operation: Operation::UpdatePrivateApplication,
        url: format!("{MOCK}/api/v1/organizations/{org}/secureConnect/privateApplications/app%2F1"),
        body: BODY.to_owned(),
        credential: Credential::Bearer(key.to_owned()),
    }
}

/// Runs `req` as the clients do, without a signal, rate limit or secrets to scrub.
/// What the mock logged for one request carried `body` byte for byte, as JSON, with a
/// content-length of its UTF-8 bytes.
pub fn assert_json_body(entry: &Value, body: &str) {
    assert_eq!(
        entry["body"].as_str(),
        Some(body),
        "the body changed on the way"
    );
    assert_eq!(entry["headers"]["content-type"], "application/json");
    assert_eq!(
        entry["headers"]["content-length"].as_str(),
        Some(body.len().to_string().as_str()),
        "content-length counts UTF-8 bytes"
    );
}

pub async fn call(req: &Request, timeout_ms: f64, max_retries: u32) -> Result<JsValue, CallError> {
    let settings = settings(timeout_ms, max_retries);
    let done = run(req, settings, None, None, &[], &Via::default()).await;
    done.map(|d| d.value)
}

/// Browser only: sends `req` (once, no retry) from the test page, which is on another origin
/// than the mock, and checks what the mock logged under `part`: a CORS preflight from the page's
/// origin asking for `method` and each of `headers` (lower case), then the request itself.
/// Returns the preflight's and the request's log entries.
pub async fn sent_after_a_preflight(
    req: &Request,
    part: &str,
    method: &str,
    headers: &[&str],
) -> (Value, Value) {
    call(req, 5000.0, 0).await.unwrap();
    let logged = log_with_preflights(part).await;
    let methods: Vec<&str> = logged
        .iter()
        .map(|e| e["method"].as_str().unwrap())
        .collect();
    assert_eq!(
        methods,
        ["OPTIONS", method],
        "a preflight, then the {method}"
    );
    let preflight = &logged[0];
    let origin = preflight["headers"]["origin"].as_str().unwrap_or_default();
    assert!(
        !origin.is_empty() && !MOCK.starts_with(origin),
        "page origin {origin:?} vs mock {MOCK}"
    );
    assert_eq!(
        preflight["headers"]["access-control-request-method"],
        method
    );
    let asked = preflight["headers"]["access-control-request-headers"]
        .as_str()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let asked: Vec<&str> = asked.split(',').map(str::trim).collect();
    for header in headers {
        assert!(asked.contains(header), "{header} not in {asked:?}");
    }
    (logged[0].clone(), logged[1].clone())
}

pub fn settings(timeout_ms: f64, max_retries: u32) -> CallSettings {
    CallSettings {
        timeout_ms,
        max_retries,
    }
}

async fn control(path: &str, body: Value) -> Response {
    Http::post(&format!("{MOCK}/__mock/{path}"))
        .header("Content-Type", "application/json")
        .body(body.to_string())
        .unwrap()
        .send()
        .await
        .unwrap()
}

pub async fn faults(org: &str, list: Value) {
    let list: Vec<Value> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let mut f = f.clone();
            f["match"] = json!({ "pathIncludes": org });
            f
        })
        .collect();
    let r = control("faults", json!({ "faults": list })).await;
    assert_eq!(r.status(), 200, "the mock refused the faults");
}

/// The mock's log entries for `org`.
pub async fn log(org: &str) -> Vec<Value> {
    let mut seen = log_with_preflights(org).await;
    seen.retain(|e| e["method"] != "OPTIONS");
    seen
}

/// The mock's log entries whose path holds `part`, CORS preflights included.
pub async fn log_with_preflights(part: &str) -> Vec<Value> {
    let text = Http::get(&format!("{MOCK}/__mock/requests"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let all: Vec<Value> = serde_json::from_str(&text).unwrap();
    all.into_iter()
        .filter(|e| e["path"].as_str().is_some_and(|p| p.contains(part)))
        .collect()
}

pub async fn sends_the_exact_body_and_keeps_unknown_fields() {
    let org = format!("wasm-ok-{}", js_sys::Math::random());
    let done = call(&request(&org, "test-api-key"), 5000.0, 0)
        .await
        .unwrap();
    assert_eq!(
        typed::<PrivateApplication>(&text(&done))
            .known
            .application_id
            .as_deref(),
        Some("app/1")
    );
    assert!(
        body_json(&text(&done)).get("mockRevision").is_some(),
        "unknown field dropped: {}",
        text(&done)
    );
    let seen = log(&org).await;
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0]["method"], "PUT");
    assert_eq!(seen[0]["body"], BODY);
    assert_eq!(seen[0]["headers"]["authorization"], "Bearer test-api-key");
    assert_eq!(seen[0]["headers"]["content-type"], "application/json");
    assert_eq!(seen[0]["segments"][6], "app/1");
    assert!(seen[0]["path"]
        .as_str()
        .unwrap()
        .ends_with("/privateApplications/app%2F1"));
}

pub async fn retries_429_after_retry_after_then_succeeds() {
    let org = format!("wasm-429-{}", js_sys::Math::random());
    faults(&org, json!([{ "status": 429, "retryAfter": "1" }])).await;
    let done = call(&request(&org, "test-api-key"), 5000.0, 2).await;
    assert!(done.is_ok(), "{:?}", done.err());
    let seen = log(&org).await;
    assert_eq!(seen.len(), 2);
    let gap = seen[1]["at"].as_f64().unwrap() - seen[0]["at"].as_f64().unwrap();
    assert!(gap >= 950.0, "waited only {gap} ms of a 1 s Retry-After");
}

pub async fn gives_up_after_max_retries_with_the_last_api_error() {
    let org = format!("wasm-503-{}", js_sys::Math::random());
    faults(&org, json!([{ "status": 503, "times": 5 }])).await;
    let e = call(&request(&org, "test-api-key"), 5000.0, 1)
        .await
        .unwrap_err();
    assert_eq!(e.attempts, 2);
    assert!(
        matches!(&e.kind, ErrorKind::Api(f) if f.status == 503),
        "{e:?}"
    );
}

pub async fn a_hung_attempt_times_out() {
    let org = format!("wasm-hang-{}", js_sys::Math::random());
    faults(&org, json!([{ "hang": true }])).await;
    let e = call(&request(&org, "test-api-key"), 300.0, 0)
        .await
        .unwrap_err();
    assert_eq!((e.kind, e.attempts), (ErrorKind::Timeout(300.0), 1));
}

/// A 2xx resolves whatever its body holds (the change was made): an empty 204 to `{}`, the
/// Symphony spec's own 200 example (numbers where the model says string) as sent. Only a body
/// that is exactly an error envelope rejects, and it is sent once even with retries left.
pub async fn a_2xx_resolves_whatever_its_body() {
    let org = format!("wasm-2xx-{}", js_sys::Math::random());
    let official = include_str!("../fixtures/official/sy-response-200-example.json");
    let envelope = r#"{"errors":["Something went wrong"]}"#;
    faults(
        &org,
        json!([
            { "status": 204, "body": "" },
            { "status": 200, "body": official },
            { "status": 200, "body": envelope },
        ]),
    )
    .await;
    let req = request(&org, "test-api-key");
    let empty = call(&req, 5000.0, 3).await.unwrap();
    assert_eq!(text(&empty), "{}");
    let done = call(&req, 5000.0, 3).await.unwrap();
    assert_eq!(
        body_json(&text(&done)),
        body_json(official),
        "resolved as sent"
    );
    let read = typed::<ApplicationDetail>(&text(&done));
    assert_eq!(read.extra["notification"]["apiKey"], 123456);
    let e = call(&req, 5000.0, 3).await.unwrap_err();
    assert_eq!(e.attempts, 1, "{e:?}");
    match &e.kind {
        ErrorKind::Api(f) => assert_eq!(
            (f.status, f.messages[1].as_str()),
            (200, "Something went wrong")
        ),
        other => panic!("expected an ApiError, got {other:?}"),
    }
    assert_eq!(log(&org).await.len(), 3, "each answer took one request");
}

pub async fn a_body_over_the_cap_is_refused_unread() {
    let org = format!("wasm-big-{}", js_sys::Math::random());
    // Chunked, so no Content-Length announces it: the cap is found while reading.
    let bytes = app_admin_wasm::core::error::MAX_RESPONSE_BYTES + 1_000_000;
    faults(&org, json!([{ "bodyBytes": bytes, "chunked": true }])).await;
    let e = call(&request(&org, "test-api-key"), 20_000.0, 2)
        .await
        .unwrap_err();
    // A 200 is not retried: one attempt, an ApiError that says why.
    assert_eq!(e.attempts, 1, "{e:?}");
    match &e.kind {
        ErrorKind::Api(f) => {
            assert_eq!(f.status, 200);
            assert!(f.messages[0].contains("larger than 8 MB"), "{f:?}");
        }
        other => panic!("expected an ApiError, got {other:?}"),
    }
}

pub async fn a_body_that_never_ends_times_out() {
    let org = format!("wasm-endless-{}", js_sys::Math::random());
    faults(&org, json!([{ "endless": true, "dripMs": 20 }])).await;
    let e = call(&request(&org, "test-api-key"), 400.0, 0)
        .await
        .unwrap_err();
    assert_eq!((e.kind, e.attempts), (ErrorKind::Timeout(400.0), 1));
}

pub async fn the_callers_signal_aborts() {
    let org = format!("wasm-abort-{}", js_sys::Math::random());
    faults(&org, json!([{ "hang": true }])).await;
    let controller = web_sys::AbortController::new().unwrap();
    let signal = controller.signal();
    let req = request(&org, "test-api-key");
    let via = Via::default();
    let call = run(&req, settings(10_000.0, 3), Some(&signal), None, &[], &via);
    let abort = async {
        let _ = app_admin_wasm::transport::sleep(100.0, None).await;
        controller.abort();
    };
    let (result, ()) = futures::join!(call, abort);
    let e = result.unwrap_err();
    assert_eq!((e.kind, e.attempts), (ErrorKind::Abort, 1));
}

pub async fn a_refused_connection_is_a_network_error() {
    let mut req = request("wasm-refused", "k");
    req.url = "http://127.0.0.1:9/api/v1/x".into();
    let e = call(&req, 5000.0, 0).await.unwrap_err();
    assert!(matches!(e.kind, ErrorKind::Network(_)), "{e:?}");
}

pub async fn server_echoes_of_the_key_are_masked() {
    let org = format!("wasm-echo-{}", js_sys::Math::random());
    faults(
        &org,
        json!([{ "status": 500, "body": "{\"errors\":[\"bad key k-SECRET-1\"]}" }]),
    )
    .await;
    let e = run(
        &request(&org, "k-SECRET-1"),
        settings(5000.0, 0),
        None,
        None,
        &["k-SECRET-1"],
        &Via::default(),
    )
    .await
    .unwrap_err();
    let text = format!("{e:?} {}", e.message());
    assert!(!text.contains("k-SECRET-1"), "{text}");
    assert!(text.contains("bad key ***"), "{text}");
}

pub async fn the_rate_limit_spaces_requests() {
    let org = format!("wasm-rate-{}", js_sys::Math::random());
    let bucket = RefCell::new(TokenBucket::new(10.0));
    let limit = Limit::Bucket(&bucket);
    let req = request(&org, "test-api-key");
    let start = js_sys::Date::now();
    let via = Via::default();
    let calls = (0..12).map(|_| run(&req, settings(5000.0, 0), None, Some(&limit), &[], &via));
    for r in futures::future::join_all(calls).await {
        assert!(r.is_ok(), "{:?}", r.err());
    }
    let at: Vec<f64> = log(&org)
        .await
        .iter()
        .map(|e| e["at"].as_f64().unwrap())
        .collect();
    assert_eq!(at.len(), 12);
    let span = at.iter().cloned().fold(f64::MIN, f64::max) - start;
    // A burst of 9, then one every 100 ms: the 12th cannot leave before 300 ms.
    assert!(
        span >= 295.0,
        "12 calls at 10/s all arrived within {span} ms"
    );
}

/// Browser only: the page and the mock are on different origins, so the PUT with its JSON body
/// and Authorization header must have passed a CORS preflight.
pub async fn the_call_was_cross_origin_with_a_preflight() {
    let org = format!("wasm-cors-{}", js_sys::Math::random());
    let req = request(&org, "test-api-key");
    let (_, put) =
        sent_after_a_preflight(&req, &org, "PUT", &["content-type", "authorization"]).await;
    assert_eq!(put["body"].as_str(), Some(BODY));
}

// ---- detach sites: a DELETE that carries a JSON body -------------------------------------------

const DETACH_SECRET: &str = "wasm-cb-SECRET-5150";

/// Two detach bodies: a url + sharedSecret callback with unicode and JSON-escaped site ids, and
/// an httpServer + payloadTemplate callback.
pub const DETACH_BODIES: [&str; 2] = [
    r#"{"sites":["1520758","ünïcødé-名前-🚀","q\"uo\\te/<&>","line\u2028sep"],"callback":{"url":"https://webhook.site/28efa24e-f830-4d9f-a12b-fbb9e5035031","sharedSecret":"wasm-cb-SECRET-5150"}}"#,
    r#"{"sites":["1520758"],"callback":{"httpServer":{"id":"aHR0cHM6Ly93d3cuZXhhbXBsZS5jb20vd2ViaG9va3M="},"payloadTemplate":{"id":"wpt_2100"}}}"#,
];

/// A detach request for organization `{org}/x` (its slash percent-encoded, as the client does).
pub fn detach_request(org: &str, body: &str) -> Request {
    Request {
        operation: Operation::DetachSites,
        url: format!("{MOCK}/api/v1/organizations/{org}%2Fx/secureConnect/sites"),
        body: body.to_owned(),
        credential: Credential::Bearer("test-api-key".to_owned()),
    }
}

pub async fn detach_body_arrives_byte_for_byte() {
    for (i, body) in DETACH_BODIES.iter().enumerate() {
        let org = format!("wasm-detach-{i}-{}", js_sys::Math::random());
        let done = run(
            &detach_request(&org, body),
            settings(5000.0, 0),
            None,
            None,
            &[DETACH_SECRET],
            &Via::default(),
        )
        .await
        .unwrap();
        let typed = typed::<DetachSitesResult>(&text(&done.value));
        let result = &typed.known;
        assert_eq!(result.action.as_deref(), Some("detach"));
        assert_eq!(result.status.as_deref(), Some("success"));
        assert_eq!(
            result.request.as_ref().and_then(|r| r.site_id.as_deref()),
            Some("1520758")
        );
        let callback = result
            .callback
            .as_ref()
            .expect("the 201 names the callback");
        assert_eq!(callback.status.as_deref(), Some("new"));
        assert!(callback.id.as_deref().is_some_and(|id| !id.is_empty()));
        let expected_url = if i == 0 {
            "https://webhook.site/28efa24e-f830-4d9f-a12b-fbb9e5035031".to_owned()
        } else {
            "https://receiver.example/webhooks/aHR0cHM6Ly93d3cuZXhhbXBsZS5jb20vd2ViaG9va3M="
                .to_owned()
        };
        assert_eq!(callback.url.as_deref(), Some(expected_url.as_str()));

        let seen = log(&org).await;
        assert_eq!(seen.len(), 1, "{seen:?}");
        assert_eq!(seen[0]["method"], "DELETE");
        assert_json_body(&seen[0], body);
        assert_eq!(seen[0]["status"], 201);
        assert_eq!(seen[0]["headers"]["authorization"], "Bearer test-api-key");
        assert_eq!(
            seen[0]["segments"],
            json!([
                "api",
                "v1",
                "organizations",
                format!("{org}/x"),
                "secureConnect",
                "sites"
            ])
        );
    }
}

/// A retried DELETE sends its whole body again.
pub async fn a_retried_detach_resends_the_body() {
    let org = format!("wasm-detach-retry-{}", js_sys::Math::random());
    faults(&org, json!([{ "status": 503 }])).await;
    let done = run(
        &detach_request(&org, DETACH_BODIES[0]),
        settings(5000.0, 1),
        None,
        None,
        &[DETACH_SECRET],
        &Via::default(),
    )
    .await;
    assert!(done.is_ok(), "{:?}", done.err());
    let seen = log(&org).await;
    let got: Vec<(&str, i64, &str)> = seen
        .iter()
        .map(|e| {
            (
                e["method"].as_str().unwrap(),
                e["status"].as_i64().unwrap(),
                e["body"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("DELETE", 503, DETACH_BODIES[0]),
            ("DELETE", 201, DETACH_BODIES[0])
        ]
    );
}

/// A server echo of the callback's sharedSecret (and of the key) is masked in the error.
pub async fn detach_echoes_of_the_shared_secret_are_masked() {
    let org = format!("wasm-detach-echo-{}", js_sys::Math::random());
    faults(
        &org,
        json!([{ "status": 500, "body": format!("{{\"errors\":[\"bad test-api-key {DETACH_SECRET}\"]}}") }]),
    )
    .await;
    let e = run(
        &detach_request(&org, DETACH_BODIES[0]),
        settings(5000.0, 0),
        None,
        None,
        &["test-api-key", DETACH_SECRET],
        &Via::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(e.operation, "deleteOrganizationSecureConnectSites");
    assert!(
        matches!(&e.kind, ErrorKind::Api(f) if f.status == 500),
        "{e:?}"
    );
    let text = format!("{e:?} {}", e.message());
    assert!(
        !text.contains(DETACH_SECRET) && !text.contains("SECRET"),
        "{text}"
    );
    assert!(!text.contains("test-api-key"), "{text}");
    assert!(text.contains("bad *** ***"), "{text}");
}

/// Browser only: a cross-origin DELETE with a JSON body and Authorization needs a CORS preflight
/// that names the method and both headers; the mock must have seen it before the DELETE.
pub async fn the_detach_was_cross_origin_with_a_preflight() {
    let org = format!("wasm-detach-cors-{}", js_sys::Math::random());
    let req = detach_request(&org, DETACH_BODIES[1]);
    let (_, delete) =
        sent_after_a_preflight(&req, &org, "DELETE", &["content-type", "authorization"]).await;
    assert_eq!(delete["body"].as_str(), Some(DETACH_BODIES[1]));
}

// The Symphony tests live in update_app.rs; the suites call them through this module.
pub use crate::update_app::*;

// ---- Meraki's shard redirects in a browser ------------------------------------------------------

/// Browser only: fetch hides a redirect's target from a page (an opaque answer, status 0), so
/// even a redirect the Meraki rules would follow ends as an `ApiError` with status 0: nothing
/// followed, no shard remembered, one request.
pub async fn a_redirect_is_opaque_in_a_browser_and_not_followed() {
    use app_admin_wasm::core::redirect::Scope;
    use app_admin_wasm::transport::call::Redirects;
    let org = format!("wasm-redirect-{}", js_sys::Math::random());
    let base = format!("{MOCK}/api/v1");
    let location = format!("{base}/organizations/{org}/secureConnect/privateApplications/moved");
    let fault = json!({ "status": 308, "headers": { "location": location }, "body": "" });
    faults(&org, json!([fault])).await;
    let scope = Scope::of(&base);
    let shard = RefCell::new(None);
    let via = Via {
        redirects: Some(Redirects {
            scope: &scope,
            base_url: &base,
            shard: &shard,
        }),
        ..Via::default()
    };
    let req = request(&org, "test-api-key");
    let e = run(&req, settings(5000.0, 3), None, None, &[], &via)
        .await
        .unwrap_err();
    match &e.kind {
        ErrorKind::Api(f) => assert_eq!(f.status, 0, "{:?}", f.messages),
        other => panic!("expected an ApiError, got {other:?}"),
    }
    assert_eq!(e.attempts, 1);
    assert!(shard.borrow().is_none(), "no shard remembered");
    assert_eq!(log(&org).await.len(), 1, "the Location was not requested");
}
