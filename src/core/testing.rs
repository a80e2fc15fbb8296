//! Assertions shared by the validators' tests.

use serde_json::Value;

use super::report::{ValidationIssue, ValidationReport};

/// A validator under test.
pub type Validator = fn(&Value) -> ValidationReport;

/// A real RSA-2048 public key, as `openssl rsa -pubout` writes it (shared with tests/properties.rs).
pub const RSA_PUBLIC_KEY: &str = include_str!("../../tests/fixtures/rsa-public.pem");
/// A 512-bit RSA private key as PKCS#8 (the key check and the sign-in options need a real one).
pub const RSA_PRIVATE_PKCS8: &str = "-----BEGIN PRIVATE KEY-----
MIIBUwIBADANBgkqhkiG9w0BAQEFAASCAT0wggE5AgEAAkEA3FpCRsSGIW12376I
ncC0o7wU9pceQhV1mS5HkR79TItyZfUX2GJz9kmWUJeQQr09lb3TgXGipUMhIWHi
w+REnQIDAQABAkBtiExDozLNcP1TMQH18LGaZkbBYNMApGwlbbTTdWUR457a2Qus
vi3+rXUf+0uUQhoU0EnvNxCtkrpzdBY4pWldAiEA+Za4mbR/hjWmPehJ2+AcURVB
R8ix9zxHSd4sCi75V0cCIQDiA0hay5Fuq0qWW95PCkvAu1ehI7NDHBJCqx3RYLO+
+wIgNB0YZl+d0PQaxgpegZ6FyxhZDRgGsMzRRccyAt5UCbkCIHf8FiVdfM+rz+US
0GpVpPGkg1jggwJVnLwX67SECeiRAiBPoZYt/D7IifgtJp+5yJJd+T0CDSUw+TOs
/T0uglmCng==
-----END PRIVATE KEY-----";

/// The private-application request example of the API page (shared with tests/properties.rs).
pub const PRIVATE_APP_EXAMPLE: &str = include_str!("../../tests/fixtures/private-app-example.json");
/// The detach-sites request example of the API page.
pub const DETACH_SITES_EXAMPLE: &str =
    include_str!("../../tests/fixtures/detach-sites-example.json");
/// The detach-sites webhook payload of the default template.
pub const CALLBACK_PAYLOAD: &str = include_str!("../../tests/fixtures/callback-payload.json");
/// A webhook payload in Meraki's general format (`alertId`, `alertData`, …).
pub const WEBHOOK_PAYLOAD: &str = include_str!("../../tests/fixtures/webhook-payload.json");
/// The Symphony page's sample values, with `"$RSA_PUBLIC_KEY"` for each PEM.
pub const APPLICATION_DETAIL: &str = include_str!("../../tests/fixtures/application-detail.json");

/// The vendors' own answer examples (tests/fixtures/official/), which must all resolve.
pub const OFFICIAL_PA_200: &str =
    include_str!("../../tests/fixtures/official/pa-response-200-example.json");
/// The detach-sites 201 example of the Meraki page.
pub const OFFICIAL_DS_201: &str =
    include_str!("../../tests/fixtures/official/ds-response-201-example.json");
/// The Symphony spec's 200 example for `updateApp` (numbers where the model says string).
pub const OFFICIAL_SY_200: &str =
    include_str!("../../tests/fixtures/official/sy-response-200-example.json");

/// A fixture as JSON, each `"$RSA_PUBLIC_KEY"` replaced with [`RSA_PUBLIC_KEY`].
pub fn fixture(text: &str) -> Value {
    let key = serde_json::to_string(RSA_PUBLIC_KEY).expect("a string");
    serde_json::from_str(&text.replace("\"$RSA_PUBLIC_KEY\"", &key)).expect("the fixture is JSON")
}

/// `v` as the core's own JSON value, as the bindings give it to the validators (the text is
/// leaked: a test's values live as long as the test process).
pub fn own(v: &Value) -> super::json::Value<'static> {
    let text: &'static str = Box::leak(v.to_string().into_boxed_str());
    super::json::parse(text).expect("serde_json writes JSON")
}

/// `(path, code)` of each issue, for exact comparisons.
pub fn pairs(issues: &[ValidationIssue]) -> Vec<(&str, &str)> {
    issues.iter().map(|i| (i.path.as_str(), i.code)).collect()
}

/// Exactly one error, at `path` with `code`, and no warnings.
pub fn one_error(validate: Validator, v: &Value, path: &str, code: &str) -> ValidationReport {
    let rep = validate(v);
    assert_eq!(pairs(&rep.errors), [(path, code)], "{v}");
    assert!(rep.warnings.is_empty(), "{v}: {:?}", rep.warnings);
    assert!(!rep.valid);
    rep
}

/// Valid, with exactly one warning, at `path` with `code`.
pub fn one_warning(validate: Validator, v: &Value, path: &str, code: &str) -> ValidationReport {
    let rep = validate(v);
    assert!(rep.valid, "{v}: {:?}", rep.errors);
    assert_eq!(pairs(&rep.warnings), [(path, code)], "{v}");
    rep
}

/// Valid, with no warning either.
pub fn clean(validate: Validator, v: &Value) {
    let rep = validate(v);
    assert!(
        rep.valid && rep.warnings.is_empty(),
        "{v}: {:?} {:?}",
        rep.errors,
        rep.warnings
    );
}

/// The codes a validator's code list marks as warnings (their meaning starts with "Warning:").
pub fn warning_codes(codes: &[(&'static str, &str)]) -> Vec<&'static str> {
    codes
        .iter()
        .filter(|(_, meaning)| meaning.starts_with("Warning:"))
        .map(|(code, _)| *code)
        .collect()
}
