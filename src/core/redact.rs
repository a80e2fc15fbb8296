//! Secrets never leave in an error: whatever a server echoes back is scrubbed of the API key,
//! session token, shared secret and notification apiKey before anyone sees it.

use super::json::{self, Value};

use super::report::{ValidationIssue, ValidationReport};

/// The mask written in place of a secret.
pub const MASK: &str = "***";

/// Replaces every occurrence of each secret in `text` with `***`. Secrets shorter than four
/// characters are left alone (masking "a" would shred any text and protect nothing).
pub fn text(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_owned();
    for s in secrets.iter().filter(|s| s.len() >= 4) {
        if out.contains(*s) {
            out = out.replace(*s, MASK);
        }
    }
    out
}

/// The same for the messages of validation issues: a value quoted back may be a pasted key.
pub fn issues(issues: &mut [ValidationIssue], secrets: &[&str]) {
    for issue in issues {
        issue.message = text(&issue.message, secrets);
    }
}

/// The same for a whole report, errors and warnings.
pub fn report(report: &mut ValidationReport, secrets: &[&str]) {
    issues(&mut report.errors, secrets);
    issues(&mut report.warnings, secrets);
}

/// The non-empty strings at these JSON Pointers of `value`: the secrets a body carries.
pub fn found<'v>(value: &'v Value, pointers: &[&str]) -> Vec<&'v str> {
    pointers
        .iter()
        .filter_map(|p| value.pointer(p)?.as_str())
        .filter(|s| !s.is_empty())
        .collect()
}

/// [`found`], owned: the secrets to scrub from whatever a call produces later.
pub fn found_owned(value: &Value, pointers: &[&str]) -> Vec<String> {
    found(value, pointers)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// The same for every string (and member name) inside JSON text: read, scrubbed, written
/// anew, so a secret hidden behind `\u` escapes is found too.
pub fn json(body: &str, secrets: &[&str]) -> String {
    match json::parse(body) {
        Ok(value) => {
            let mut out = String::with_capacity(body.len());
            json::write(&value, &|s| text(s, secrets), &mut out);
            out
        }
        Err(_) => text(body, secrets),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::testing::own;
    use serde_json::json;

    #[test]
    fn masks_every_occurrence_everywhere() {
        assert_eq!(
            text("key abcd1234 and abcd1234", &["abcd1234"]),
            "key *** and ***"
        );
        let body =
            r#"{"errors": ["bad key abcd1234"], "abcd1234": [{"x": "zz-sekrit-zz"}], "n": 1.50}"#;
        assert_eq!(
            json(body, &["abcd1234", "sekrit"]),
            r#"{"errors":["bad key ***"],"***":[{"x":"zz-***-zz"}],"n":1.50}"#
        );
        // An escape does not hide a secret, and text that is not JSON is masked as text.
        assert_eq!(json(r#"["\u0073ekrit"]"#, &["sekrit"]), r#"["***"]"#);
        assert_eq!(json("sekrit <html>", &["sekrit"]), "*** <html>");
    }

    #[test]
    fn issue_messages_are_masked() {
        let mut list = vec![ValidationIssue {
            path: "/sni".into(),
            code: "sni-form",
            message: "\"k-SECRET-1\" is not a DNS name.".into(),
        }];
        issues(&mut list, &["k-SECRET-1"]);
        assert_eq!(list[0].message, "\"***\" is not a DNS name.");
    }

    #[test]
    fn finds_secrets_by_pointer() {
        let v = json!({"callback": {"sharedSecret": "s3cret"}, "notification": {"apiKey": ""}});
        assert_eq!(
            found(
                &own(&v),
                &["/callback/sharedSecret", "/notification/apiKey", "/nope"]
            ),
            ["s3cret"]
        );
    }

    #[test]
    fn tiny_secrets_are_not_masked() {
        assert_eq!(text("a cat", &["a"]), "a cat");
    }
}
