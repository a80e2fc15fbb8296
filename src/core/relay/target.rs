//! Reading the request target a page sent to the relay: the raw path after the prefix, still
//! percent-encoded, split into segments and decoded one by one. Anything a URL parser, a proxy
//! or the upstream server could read differently from us is refused here, before any routing.

use percent_encoding::percent_decode_str;

/// A target split into its path segments.
#[derive(Debug, PartialEq, Eq)]
pub struct Target<'a> {
    /// Each segment as sent (still percent-encoded): compared with a route's literal segments.
    pub raw: Vec<&'a str>,
    /// Each segment decoded: the ids a route takes from them.
    pub decoded: Vec<String>,
    /// Whether a `?` followed the path (the operations take no query parameters).
    pub query: bool,
}

/// Why a target cannot be routed: a sentence for the 400 answer.
pub type Problem = &'static str;

/// Splits and decodes `target` (`/segment/segment…`, optionally `?query`).
///
/// Refused: a path that does not start with `/`; a character that must travel percent-encoded
/// (space, `\`, CR, LF, `"`, non-ASCII…); an empty segment (`//host`, a trailing `/`); a
/// malformed `%` escape or one that decodes to something that is not UTF-8; a `.` or `..`
/// segment, raw or encoded (`%2e%2e`, `%2E.`), which URL parsers fold into another path.
pub fn split(target: &str) -> Result<Target<'_>, Problem> {
    let (path, query) = match target.split_once('?') {
        Some((path, _)) => (path, true),
        None => (target, false),
    };
    let Some(rest) = path.strip_prefix('/') else {
        return Err("The path after the relay's prefix must start with /.");
    };
    if let Some(b) = path.bytes().find(|&b| !allowed(b)) {
        return Err(if b == b'\r' || b == b'\n' {
            "The path cannot contain a line break."
        } else {
            "The path holds a character that must be percent-encoded (a space, \\, a quote, a non-ASCII character…)."
        });
    }
    let mut raw = Vec::new();
    let mut decoded = Vec::new();
    for segment in rest.split('/') {
        if segment.is_empty() {
            return Err("The path cannot have an empty segment (// or a trailing /).");
        }
        if !escapes_well_formed(segment) {
            return Err("The path has a % that is not followed by two hexadecimal digits.");
        }
        let Ok(text) = percent_decode_str(segment).decode_utf8() else {
            return Err("A path segment does not decode to UTF-8 text.");
        };
        if text == "." || text == ".." {
            return Err("The path cannot have a . or .. segment, plain or percent-encoded: a URL parser would fold it into another path.");
        }
        raw.push(segment);
        decoded.push(text.into_owned());
    }
    Ok(Target {
        raw,
        decoded,
        query,
    })
}

/// RFC 3986's `pchar` (unreserved, sub-delims, `:`, `@`, and `%` for escapes) and `/`.
fn allowed(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@%/".contains(&b)
}

/// Every `%` starts an escape of two hexadecimal digits (`percent_decode_str` leaves a broken one
/// as it is, which another parser might read otherwise).
fn escapes_well_formed(segment: &str) -> bool {
    let bytes = segment.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(i + 1) && hex(i + 2)) {
                return false;
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_decodes_each_segment_on_its_own() {
        let t = split("/organizations/org%201/secureConnect/sites").unwrap();
        assert_eq!(
            t.raw,
            ["organizations", "org%201", "secureConnect", "sites"]
        );
        assert_eq!(t.decoded[1], "org 1");
        assert!(!t.query);
        // An encoded / stays inside its segment here; the route refuses it in an id.
        assert_eq!(split("/a%2Fb").unwrap().decoded, ["a/b"]);
        assert!(split("/a?x=1").unwrap().query);
        assert_eq!(split("/%C3%A9").unwrap().decoded, ["é"]);
    }

    #[test]
    fn refuses_what_another_parser_could_read_otherwise() {
        for bad in [
            "",
            "organizations",
            "//decoy.test/x",
            "/a//b",
            "/a/",
            "/a/../b",
            "/a/./b",
            "/a/%2e%2e/b",
            "/a/%2E./b",
            "/a/.%2e",
            "/%2e",
            "/a\\b",
            "/a b",
            "/a\r\nHost: x",
            "/é",
            "/a%zz",
            "/a%2",
            "/a%ff",
            "http://decoy.test/x",
        ] {
            assert!(split(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn line_breaks_are_named() {
        assert_eq!(split("/a\nb"), Err("The path cannot contain a line break."));
    }
}
