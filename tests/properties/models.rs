//! The models of `properties.rs`: for each validator, the pages' examples, the field names, the
//! shape and the near-miss strings.

use super::generators::{arr, obj, pool, text, Model, Shape};
use serde_json::json;

// ---------------------------------------------------------------------------------------------
// The models
// ---------------------------------------------------------------------------------------------

/// A real RSA-2048 public key (the one the unit tests use).
const RSA_PUBLIC_KEY: &str = include_str!("../fixtures/rsa-public.pem");

// The API pages' examples, shared with the unit tests (tests/fixtures/README.md).
const PRIVATE_APP_EXAMPLE: &str = include_str!("../fixtures/private-app-example.json");
const DETACH_SITES_EXAMPLE: &str = include_str!("../fixtures/detach-sites-example.json");
const CALLBACK_PAYLOAD: &str = include_str!("../fixtures/callback-payload.json");
const WEBHOOK_PAYLOAD: &str = include_str!("../fixtures/webhook-payload.json");
const APPLICATION_DETAIL: &str = include_str!("../fixtures/application-detail.json");

/// A fixture as JSON, each `"$RSA_PUBLIC_KEY"` replaced with [`RSA_PUBLIC_KEY`].
fn fixture(text: &str) -> serde_json::Value {
    let key = serde_json::to_string(RSA_PUBLIC_KEY).expect("a string");
    serde_json::from_str(&text.replace("\"$RSA_PUBLIC_KEY\"", &key)).expect("the fixture is JSON")
}

/// The https URLs, and near misses, that several fields take.
#[rustfmt::skip]
const URLS: &[&str] = &[
    "https://webhook.site/28efa24e-f830-4d9f-a12b-fbb9e5035031", "https://example.com",
    "https://apps.mydomain.com/app.html", "HTTPS://APPS.MYDOMAIN.COM:8443/x?y=1#z",
    "https://127.0.0.1/", "https://[::1]:8443/", "https://user:pass@example.com/",
    "https://@example.com", "http://example.com", "http://localhost:8080/", "https://",
    "https:///path", "https://example.com:0", "https://example.com:65536",
    "https://example.com:99999999999999999999/", "https://example.com:abc/", "https://[::1",
    "https://exa mple.com", "https://example.com\\x", "https://例え.jp/", "https://a..b/",
    "ftp://example.com", "//example.com", "example.com", "",
];

#[rustfmt::skip]
pub(crate) fn private_app_model() -> Model {
    let example = fixture(PRIVATE_APP_EXAMPLE);
    let mut browser = example.clone();
    browser["destinations"] = json!([
        {"destinationAddr": ["10.0.0.5", "10.0.0.6/32"], "protocolPorts": [{"protocol": "tcp", "ports": "443"}], "accessType": "browser"},
        {"destinationAddr": ["10.1.0.0/16"], "protocolPorts": [{"protocol": "UDP", "ports": "53"}, {"protocol": "ANY", "ports": "1-1024, 8080"}], "accessType": "network"}
    ]);
    let addr = text(&[
        "10.0.0.5", "10.0.0.5/32", "10.0.0.0/24", "172.6.0.0/32", "255.100.100.0/24", "0.0.0.0/0",
        "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "10.0.0.0/33",
        "10.0.0.0/", "10.0.0.0/08", "10.0.0.0/-1", "::1", "2001:db8::1", "::ffff:10.0.0.1",
        "fe80::1%eth0", "10.0.0.1-10.0.0.5", "10.0.0.1 - 10.0.0.9", "10.0.0.1-5",
        "host.example.com", "localhost", "10.0.0.5:443", " 10.0.0.5", "10.0.0.5 ", "",
        "1.2.3.4/32/32", "\u{ff11}.2.3.4", "1.2.3.\u{665}", "0x7f.0.0.1", "4294967296", "1e3.0.0.1",
        "+1.2.3.4", "1.2.3.4/\u{ff13}2",
    ]);
    let ports = text(&[
        "443", "80-82", "80,443,8000-8100", " 80 , 443 ", "0", "1", "65535", "65536",
        "99999999999999999999", "80-", "-80", "82-80", "80,,443", ",", "", " ", "80-82-84", "+80",
        "080", "80,80", "1-65535,443", "\u{664}\u{664}\u{663}", "80\t,\t443", "1-1", "443 ", "a",
        "80;443", "80-90,85-95",
    ]);
    let protocol = text(&[
        "TCP", "tcp", "Tcp", "UDP", "udp", "ANY", "any", "SCTP", "ICMP", "http/https", "rdp-tcp",
        "", " TCP", "TCP ", "\u{ff34}CP", "tcp\0", "\u{212a}",
    ]);
    let shape = obj(vec![
        (
            "name",
            text(&[
                "Jira", "My App 1", "", "   ", "Jira!", "Jira_App", "J\u{ed}ra", "日本語", "a-b c",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "\t", "x\u{301}",
            ]),
        ),
        ("description", text(&["Jira App For My Org", ""])),
        (
            "destinations",
            arr(obj(vec![
                ("destinationAddr", arr(addr)),
                (
                    "protocolPorts",
                    arr(obj(vec![("protocol", protocol), ("ports", ports)])),
                ),
                (
                    "accessType",
                    text(&[
                        "browser", "network", "Browser", "NETWORK", "web", "", " network",
                        "networks", "BROWSER",
                    ]),
                ),
            ])),
        ),
        (
            "appProtocol",
            text(&[
                "http", "https", "HTTPS", "Http", "ftp", "", "https ", "h t t p",
            ]),
        ),
        (
            "sni",
            text(&[
                "xyz123.jira.com", "jira.example.com", "example.com.", "a..com", "-a.com", "a-.com",
                "localhost", "1.2.3.4", "1.2.3.4.5", "exa_mple.com", "ex ample.com",
                "*.example.com", "münchen.de", "xn--mnchen-3ya.de", "", ".", "com.", "a.b.c.d.e.f",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com",
            ]),
        ),
        (
            "externalFQDN",
            text(&["https://jira-5001.ztna.ciscoplus.com", ""]),
        ),
        ("sslVerificationEnabled", Shape::Bool),
        (
            "applicationGroupIds",
            arr(text(&["1122321", "", "1122321 ", "x", "1122321"])),
        ),
    ]);
    Model {
        bases: vec![example, browser, json!({})],
        known: &[
            "name", "description", "destinations", "appProtocol", "sni", "externalFQDN",
            "sslVerificationEnabled", "applicationGroupIds", "destinationAddr", "protocolPorts",
            "accessType", "protocol", "ports",
        ],
        shape,
    }
}

#[rustfmt::skip]
pub(crate) fn detach_sites_model() -> Model {
    // The page's example sets both kinds of callback (an error); the others are valid variants.
    let example = fixture(DETACH_SITES_EXAMPLE);
    let with_url = json!({
        "sites": ["1234567890", "1520758"],
        "callback": {
            "url": "https://webhook.site/28efa24e-f830-4d9f-a12b-fbb9e5035031",
            "sharedSecret": "secret",
            "payloadTemplate": {"id": "wpt_2100"}
        }
    });
    let with_server = json!({
        "sites": ["1234567890"],
        "callback": {"httpServer": {"id": "aHR0cHM6Ly93d3cuZXhhbXBsZS5jb20vd2ViaG9va3M="}}
    });
    let id = text(&[
        "aHR0cHM6Ly93d3cuZXhhbXBsZS5jb20vd2ViaG9va3M=", "wpt_2100", "", " ",
    ]);
    let shape = obj(vec![
        (
            "sites",
            arr(text(&[
                "1234567890", "1520758", "", "  ", "../x", "a/b", "%2F", "1234567890",
            ])),
        ),
        (
            "callback",
            obj(vec![
                ("url", Shape::Str(pool(URLS))),
                (
                    "sharedSecret",
                    text(&[
                        "secret", "", "s3cr3t-shared-with-meraki", "https", "must", "The", "a",
                    ]),
                ),
                ("httpServer", obj(vec![("id", id.clone())])),
                ("payloadTemplate", obj(vec![("id", id)])),
            ]),
        ),
    ]);
    Model {
        bases: vec![example, with_url, with_server],
        known: &[
            "sites", "callback", "url", "sharedSecret", "httpServer", "payloadTemplate", "id",
        ],
        shape,
    }
}

#[rustfmt::skip]
pub(crate) fn symphony_model() -> Model {
    let key = RSA_PUBLIC_KEY;
    let sample = fixture(APPLICATION_DETAIL);
    // The page's own values, with its escaped PEM.
    let page = json!({
        "iconUrl": "https://myiconUrl.com",
        "description": "a test app",
        "allowOrigins": "mydomain.com",
        "permissions": ["SEND_MESSAGES"],
        "cert": "-----BEGIN PUBLIC KEY-----\\nMIICIANBgkqhw0BAQ...cCAwEAAQ==\\n-----END PUBLIC KEY-----"
    });
    let body: String = key
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<Vec<_>>()
        .join("\n");
    let pems: Vec<String> = vec![
        key.to_owned(),
        key.replace('\n', "\r\n"),
        key.replace('\n', "\\n"),
        key.trim_end().to_owned(),
        format!("  {key}  "),
        key.replace("-----END PUBLIC KEY-----", "-----END PRIVATE KEY-----"),
        key.replace("-----END PUBLIC KEY-----\n", ""),
        key.replace("-----BEGIN PUBLIC KEY-----\n", ""),
        format!("{key}{key}"),
        format!("{key}trailing"),
        format!("junk\n{key}"),
        format!("-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n"),
        format!("-----BEGIN PUBLIC KEY-----\n!!!{body}\n-----END PUBLIC KEY-----\n"),
        format!(
            "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
            body.replace('\n', "")
        ),
        format!("-----BEGIN RSA PUBLIC KEY-----\n{body}\n-----END RSA PUBLIC KEY-----\n"),
        format!("-----BEGIN -----\n{body}\n-----END -----\n"),
        format!("-----BEGIN PUBLIC KEY-----\n{body}=\n-----END PUBLIC KEY-----\n"),
        "-----BEGIN PUBLIC KEY-----".to_owned(),
        "-----".to_owned(),
        "-----BEGIN PUBLIC KEY-----\\nMIICIANBgkqhw0BAQ...cCAwEAAQ==\\n-----END PUBLIC KEY-----"
            .to_owned(),
        String::new(),
    ];
    let pem = Shape::Str(pems);
    let url = Shape::Str(pool(URLS));
    let a256 = "a".repeat(256);
    let a257 = "a".repeat(257);
    let e257 = "é".repeat(257);
    let k1024 = "k".repeat(1024);
    let k1025 = "k".repeat(1025);
    let v4096 = "v".repeat(4096);
    let v4097 = "v".repeat(4097);
    let e2049 = "é".repeat(2049);
    let e4097 = "é".repeat(4097);
    // A key of authenticationKeys: each action, a lower-cased one (`odd_action`), and epoch
    // milliseconds around the safe-integer edge.
    let key = |pem: Shape, odd_action: &'static str| {
        obj(vec![
            ("key", pem),
            (
                "expirationDate",
                Shape::Int(vec![
                    1_700_815_176_000, 0, -1, 1, (1 << 53) - 1, 1 << 53, i64::MAX, i64::MIN,
                ]),
            ),
            (
                "action",
                text(&["SAVE", "REVOKE", "EXTEND", odd_action, "", "DELETE"]),
            ),
        ])
    };
    let shape = obj(vec![
        (
            "applicationInfo",
            obj(vec![
                (
                    "appId",
                    Shape::Str(vec![
                        "my-test-app".into(), String::new(), a256, a257, e257, "\u{1f600}".into(),
                    ]),
                ),
                ("name", text(&["My test app", "", "  ", "\u{200b}", "x"])),
                ("appUrl", url.clone()),
                (
                    "domain",
                    text(&[
                        "mydomain.com", "apps.mydomain.com", "MYDOMAIN.COM.", "other.com", "",
                        "com", "1.2.3.4", "127.0.0.1", ".mydomain.com", "ydomain.com", "[::1]",
                        "example.com", "pps.mydomain.com",
                    ]),
                ),
                ("publisher", text(&["Acme", ""])),
            ]),
        ),
        ("iconUrl", url.clone()),
        ("description", text(&["a test app", ""])),
        (
            "allowOrigins",
            text(&[
                "mydomain.com", "a.com, b.com", "a.com,,b.com", "https://a.com", "", " ", ",",
                "a.com,", "*", "localhost", "1.2.3.4", "a.com/path",
            ]),
        ),
        (
            "permissions",
            arr(Shape::Str(vec![
                "SEND_MESSAGES".into(), "send_messages".into(), " SEND_MESSAGES ".into(),
                String::new(), "   ".into(), "A".repeat(64), "A".repeat(65), "a".repeat(65),
                "MY_CUSTOM_PERMISSION_2".into(), "SEND-MESSAGES".into(), "\u{c0}B".into(),
                "TRUST_APP".into(), "SEND_MESSAGES".into(),
            ])),
        ),
        ("cert", pem.clone()),
        (
            "authenticationKeys",
            obj(vec![
                ("current", key(pem.clone(), "save")),
                ("previous", key(pem, "extend")),
            ]),
        ),
        (
            "notification",
            obj(vec![
                ("url", url),
                ("apiKey", text(&["api-key-value-123", "", "https", "must"])),
            ]),
        ),
        (
            "properties",
            arr(obj(vec![
                (
                    "key",
                    Shape::Str(vec![
                        "theme".into(), String::new(), "password".into(), "API_KEY".into(),
                        "Token".into(), "dbSecret".into(), k1024, k1025, "theme".into(),
                    ]),
                ),
                (
                    "value",
                    Shape::Str(vec![
                        "dark".into(), String::new(), v4096, v4097, e2049, e4097,
                    ]),
                ),
            ])),
        ),
    ]);
    Model {
        bases: vec![sample, page, json!({})],
        known: &[
            "applicationInfo", "iconUrl", "description", "allowOrigins", "permissions", "cert",
            "authenticationKeys", "notification", "properties", "appId", "name", "appUrl", "domain",
            "publisher", "current", "previous", "key", "expirationDate", "action", "url", "apiKey",
            "value",
        ],
        shape,
    }
}

/// Secrets a receiver may expect; payloads carry these and near misses of them.
#[rustfmt::skip]
pub(crate) const SECRETS: &[&str] = &[
    "s3cr3t-shared-with-meraki", "secret", "", "s3cr3t-shared-with-merakI",
    "s3cr3t-shared-with-meraki\0", "é€\u{1f600}",
];

#[rustfmt::skip]
pub(crate) fn callback_model() -> Model {
    let payload = fixture(CALLBACK_PAYLOAD);
    let s = text(&[
        "2930418", "My organization", "", "detach", "success", "failed",
    ]);
    let part = obj(vec![("id", s.clone()), ("name", s.clone())]);
    let shape = obj(vec![
        ("organization", part.clone()),
        ("network", part),
        ("sentAt", text(&["2024-07-03T12:00:00.123456Z", ""])),
        ("callbackId", text(&["1284392014819", ""])),
        (
            "message",
            obj(vec![
                ("action", s.clone()),
                ("status", s.clone()),
                ("message", s.clone()),
                ("request", obj(vec![("siteId", s)])),
            ]),
        ),
        ("sharedSecret", text(SECRETS)),
    ]);
    Model {
        bases: vec![
            payload,
            fixture(WEBHOOK_PAYLOAD),
            json!({"sharedSecret": "secret"}),
        ],
        known: &[
            "organization", "network", "id", "name", "sentAt", "callbackId", "message", "action",
            "status", "request", "siteId", "sharedSecret",
        ],
        shape,
    }
}
