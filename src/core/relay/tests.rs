//! The relay's decisions, each refusal next to the call it refuses.

use super::*;
use serde_json::{json, Value as Json};

const APP: &str = "/organizations/5001/secureConnect/privateApplications/app-1";
const SITES: &str = "/organizations/5001/secureConnect/sites";
const UPDATE: &str = "/pod/v1/admin/app/my-app/update";

fn body(r: &Refusal) -> Json {
    serde_json::from_str(&r.body).expect("a JSON body")
}

fn codes(r: &Refusal) -> Vec<String> {
    body(r)["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .map(|i| i["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn routes_the_three_operations_with_decoded_ids() {
    let call = decide(Api::Meraki, "PUT", APP, None).unwrap();
    assert_eq!(call.operation, Operation::UpdatePrivateApplication);
    assert_eq!(call.organization_id.as_deref(), Some("5001"));
    assert_eq!(call.id.as_deref(), Some("app-1"));
    let call = decide(Api::Meraki, "DELETE", SITES, Some(r#"{"sites":["1234"]}"#)).unwrap();
    assert_eq!((call.operation, call.id), (Operation::DetachSites, None));
    let call = decide(
        Api::Symphony,
        "POST",
        "/pod/v1/admin/app/my%20app/update",
        Some("{}"),
    )
    .unwrap();
    assert_eq!(call.id.as_deref(), Some("my app"));
    assert_eq!(
        serde_json::to_value(decide(Api::Meraki, "PUT", APP, None).unwrap()).unwrap(),
        json!({"operation": "updateOrganizationSecureConnectPrivateApplication", "organizationId": "5001", "id": "app-1"})
    );
}

#[test]
fn each_api_routes_only_its_own_operations() {
    assert_eq!(
        decide(Api::Symphony, "PUT", APP, None).unwrap_err().status,
        404
    );
    assert_eq!(
        decide(Api::Meraki, "POST", UPDATE, None)
            .unwrap_err()
            .status,
        404
    );
    for other in [
        "/organizations/5001",
        "/organizations/5001/secureConnect/privateApplications",
        "/organizations/5001/secureConnect/sites/extra",
        "/organizations/5001/secureconnect/sites",
        "/networks/1",
        "",
        "?x=1",
    ] {
        let r = decide(Api::Meraki, "PUT", other, None).unwrap_err();
        assert_eq!((r.status, r.allow), (404, None), "{other}");
        assert_eq!(
            body(&r)["errors"][0]
                .as_str()
                .map(|m| m.starts_with("No such operation")),
            Some(true)
        );
    }
}

#[test]
fn another_method_is_405_with_allow() {
    for (api, method, path, allow) in [
        (Api::Meraki, "GET", APP, "PUT"),
        (Api::Meraki, "POST", SITES, "DELETE"),
        (Api::Meraki, "put", APP, "PUT"),
        (Api::Symphony, "PUT", UPDATE, "POST"),
        (Api::Symphony, "OPTIONS", UPDATE, "POST"),
    ] {
        let r = decide(api, method, path, Some("{}")).unwrap_err();
        assert_eq!((r.status, r.allow), (405, Some(allow)), "{method} {path}");
    }
    assert_eq!(
        body(&decide(Api::Symphony, "GET", UPDATE, None).unwrap_err()),
        json!({"code": 405, "message": "This path takes POST only."})
    );
}

#[test]
fn dot_segments_and_separators_are_refused_raw_or_encoded() {
    for path in [
        "/organizations/../secureConnect/sites",
        "/organizations/%2e%2e/secureConnect/sites",
        "/organizations/%2E./secureConnect/sites",
        "/organizations/5001/secureConnect/privateApplications/.",
        "/organizations/5001/secureConnect/privateApplications/%2e",
        "/organizations//secureConnect/sites",
        "//decoy.test/organizations/5001/secureConnect/sites",
        "/organizations/5001/secureConnect/sites/",
        "/organizations/5001\\x/secureConnect/sites",
        "/organizations/5001%0d%0aHost:%20decoy/secureConnect/sites",
        "/organizations/50%2F01/secureConnect/sites",
        "/organizations/50%2f01/secureConnect/sites",
        "/organizations/50%5C01/secureConnect/sites",
        "/organizations/5001/secureConnect/sites?organizationId=1",
        "/organizations/5001/secureConnect/sites?",
    ] {
        let r = decide(Api::Meraki, "DELETE", path, Some(r#"{"sites":["1"]}"#)).unwrap_err();
        assert_eq!(r.status, 400, "{path}");
        assert_eq!(codes(&r), ["path-parameter"], "{path}");
    }
    for path in [
        "http://decoy.test/pod/v1/admin/app/x/update",
        "pod/v1/admin/app/x/update",
    ] {
        assert_eq!(
            decide(Api::Symphony, "POST", path, None)
                .unwrap_err()
                .status,
            400,
            "{path}"
        );
    }
}

#[test]
fn a_bad_body_gets_every_issue_with_the_clients_codes() {
    let r = decide(Api::Meraki, "DELETE", SITES, Some(r#"{"sites":[]}"#)).unwrap_err();
    assert_eq!(r.status, 400);
    assert_eq!(codes(&r), ["empty-list"]);
    let b = body(&r);
    assert_eq!(
        b["errors"][0],
        format!("/sites: {}", b["issues"][0]["message"].as_str().unwrap())
    );
    assert_eq!(
        codes(
            &decide(
                Api::Meraki,
                "PUT",
                "/organizations/5001/secureConnect/privateApplications/%2e%2e",
                None
            )
            .unwrap_err()
        ),
        ["path-parameter"]
    );
    // The id and the body at once, ids first, as the client reports them.
    let r = decide(
        Api::Symphony,
        "POST",
        "/pod/v1/admin/app/a%2Fb/update",
        Some(r#"{"iconUrl":"http://x"}"#),
    )
    .unwrap_err();
    assert_eq!(codes(&r), ["path-parameter", "https-url"]);
    assert_eq!(body(&r)["code"], 400);
    for (text, code) in [
        ("{", "not-json"),
        ("", "not-json"),
        (&"[".repeat(200) as &str, "too-deep"),
    ] {
        let r = decide(Api::Meraki, "DELETE", SITES, Some(text)).unwrap_err();
        assert_eq!(codes(&r), [code]);
    }
}

#[test]
fn the_same_rules_as_the_clients() {
    use crate::core::testing::{fixture, DETACH_SITES_EXAMPLE, PRIVATE_APP_EXAMPLE};
    // The API pages' examples: the relay says what the client's validator says.
    let app = fixture(PRIVATE_APP_EXAMPLE).to_string();
    assert!(decide(Api::Meraki, "PUT", APP, Some(&app)).is_ok());
    let sites = fixture(DETACH_SITES_EXAMPLE).to_string();
    let report = detach_sites::rules::validate(&json::parse(&sites).unwrap());
    match decide(Api::Meraki, "DELETE", SITES, Some(&sites)) {
        Ok(_) => assert!(report.valid),
        Err(r) => assert_eq!(
            body(&r)["issues"],
            serde_json::to_value(&report.errors).unwrap()
        ),
    }
    // Whatever the client's validator refuses, the relay refuses with the same issues.
    let broken = r#"{"name":"","destinations":[{"destinationAddr":["10.0.0.1/40"],"protocolPorts":[{"protocol":"TCP","ports":"99999"}],"accessType":"network"}]}"#;
    let expected = private_app::rules::validate(&json::parse(broken).unwrap()).errors;
    assert!(!expected.is_empty());
    let r = decide(Api::Meraki, "PUT", APP, Some(broken)).unwrap_err();
    assert_eq!(body(&r)["issues"], serde_json::to_value(&expected).unwrap());
}

#[test]
fn routes_the_callback_status_get_with_both_ids_checked() {
    let target = "/organizations/5001/webhooks/callbacks/statuses/cb%201";
    let call = decide(Api::Meraki, "GET", target, None).unwrap();
    assert_eq!(call.operation, Operation::GetCallbackStatus);
    assert_eq!(call.organization_id.as_deref(), Some("5001"));
    assert_eq!(call.id.as_deref(), Some("cb 1"));
    let r = decide(Api::Meraki, "POST", target, None).unwrap_err();
    assert_eq!((r.status, r.allow), (405, Some("GET")));
    for bad in [
        "/organizations/5001/webhooks/callbacks/statuses/%2e%2e",
        "/organizations/5001/webhooks/callbacks/statuses/a%2Fb",
    ] {
        assert_eq!(
            decide(Api::Meraki, "GET", bad, None).unwrap_err().status,
            400,
            "{bad}"
        );
    }
    assert_eq!(
        decide(Api::Symphony, "GET", target, None)
            .unwrap_err()
            .status,
        404
    );
}
