//! The "Everywhere" rules: the value is an object, each field has the type the API page gives,
//! `null` counts as absent where a field is optional, and unknown fields are warnings.
//!
//! Validators read fields through these helpers so that every model reports type and
//! presence problems the same way, with the same codes.

use super::json::{Map, Value};

use super::report::{Path, Reporter};

/// A JSON object being validated, with the path it sits at.
#[derive(Debug, Clone, Copy)]
pub struct Obj<'a> {
    /// The members.
    pub map: &'a Map<'a>,
    /// Where the object is.
    pub path: &'a Path<'a>,
}

/// How many characters of a user's value a message quotes.
pub const QUOTE_LIMIT: usize = 60;
/// How many bytes a quote may take once escaped (an invisible character escapes to `\u{e0001}`).
pub const QUOTE_BYTES: usize = 120;

/// A user's value quoted for a message: escaped, and cut after [`QUOTE_LIMIT`] characters or
/// [`QUOTE_BYTES`] escaped bytes, so a 10 MB string is never echoed back.
pub fn quote(s: &str) -> String {
    let mut out = String::from('"');
    for (n, c) in s.chars().enumerate() {
        let escaped = c.escape_debug();
        if n == QUOTE_LIMIT || out.len() + escaped.len() > QUOTE_BYTES {
            out.push('…');
            break;
        }
        out.extend(escaped);
    }
    out.push('"');
    out
}

/// The JSON type names used in messages.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Requires `value` to be an object; reports `type` at `path` otherwise.
pub fn as_object<'a>(
    r: &mut Reporter,
    path: &'a Path<'a>,
    value: &'a Value<'a>,
    what: &str,
) -> Option<Obj<'a>> {
    match value {
        Value::Object(map) => Some(Obj { map, path }),
        other => {
            r.error(
                path,
                "type",
                format!("{what} must be an object, not {}.", type_name(other)),
            );
            None
        }
    }
}

impl<'a> Obj<'a> {
    /// Warns `unknown-field` for each member not in `known`; such members are still sent as given.
    pub fn warn_unknown(&self, r: &mut Reporter, known: &[&str]) {
        for key in self.map.keys() {
            if !known.contains(&key) {
                let hint = closest(key, known)
                    .map(|k| format!(" Did you mean \"{k}\"?"))
                    .unwrap_or_default();
                r.warn(
                    &self.path.key(key),
                    "unknown-field",
                    format!(
                        "{} is not a field of this object; it is sent as given.{hint}",
                        quote(key)
                    ),
                );
            }
        }
    }

    /// The member `key`, treating `null` as absent. Reports `required` at the object when it is
    /// missing and `required` is set.
    pub fn get(&self, r: &mut Reporter, key: &str, required: bool) -> Option<&'a Value<'a>> {
        match self.map.get(key) {
            Some(Value::Null) | None => {
                if required {
                    r.error(self.path, "required", format!("\"{key}\" is required."));
                }
                None
            }
            Some(v) => Some(v),
        }
    }

    /// A string member; a member of another type is a `type` error at the member.
    pub fn string(&self, r: &mut Reporter, key: &str, required: bool) -> Option<&'a str> {
        match self.get(r, key, required)? {
            Value::String(s) => Some(s.as_ref()),
            other => {
                self.wrong_type(r, key, "a string", other);
                None
            }
        }
    }

    /// A boolean member.
    pub fn boolean(&self, r: &mut Reporter, key: &str, required: bool) -> Option<bool> {
        match self.get(r, key, required)? {
            Value::Bool(b) => Some(*b),
            other => {
                self.wrong_type(r, key, "a boolean (true or false)", other);
                None
            }
        }
    }

    /// An array member.
    pub fn array(&self, r: &mut Reporter, key: &str, required: bool) -> Option<&'a [Value<'a>]> {
        match self.get(r, key, required)? {
            Value::Array(a) => Some(a),
            other => {
                self.wrong_type(r, key, "an array", other);
                None
            }
        }
    }

    /// Runs `check` on member `key` when it is an object, with the path to it; a wrong type is
    /// reported, and absence too when `required`. Gives what `check` gives.
    pub fn with_object<R>(
        &self,
        r: &mut Reporter,
        key: &str,
        required: bool,
        check: impl FnOnce(&mut Reporter, &Obj) -> R,
    ) -> Option<R> {
        let path = self.path.key(key);
        let map = self.object(r, key, required)?;
        Some(check(r, &Obj { map, path: &path }))
    }

    /// An object member (a wrong type is reported, absence too when `required`).
    pub fn object(&self, r: &mut Reporter, key: &str, required: bool) -> Option<&'a Map<'a>> {
        match self.get(r, key, required)? {
            Value::Object(m) => Some(m),
            other => {
                self.wrong_type(r, key, "an object", other);
                None
            }
        }
    }

    /// An integer member (a JSON number with no fraction that fits in an `i64`).
    pub fn integer(&self, r: &mut Reporter, key: &str, required: bool) -> Option<i64> {
        match self.get(r, key, required)? {
            Value::Number(n) if n.is_i64() => n.as_i64(),
            Value::Number(n) if n.is_u64() => {
                r.error(
                    &self.path.key(key),
                    "range",
                    format!("\"{key}\" is too large."),
                );
                None
            }
            Value::Number(n) => match n.as_f64() {
                f if f.fract() == 0.0 && f.abs() < 9.007_199_254_740_992e15 => Some(f as i64),
                _ => {
                    self.wrong_type(r, key, "an integer", &Value::Number(*n));
                    None
                }
            },
            other => {
                self.wrong_type(r, key, "an integer", other);
                None
            }
        }
    }

    /// A number member (any finite JSON number).
    pub fn number(&self, r: &mut Reporter, key: &str, required: bool) -> Option<f64> {
        match self.get(r, key, required)? {
            Value::Number(n) => Some(n.as_f64()),
            other => {
                self.wrong_type(r, key, "a number", other);
                None
            }
        }
    }

    fn wrong_type(&self, r: &mut Reporter, key: &str, expected: &str, got: &Value) {
        r.error(
            &self.path.key(key),
            "type",
            format!("\"{key}\" must be {expected}, not {}.", type_name(got)),
        );
    }
}

/// The items of an array that must hold strings: yields `(index, &str)` for strings and reports
/// `type` for the others.
pub fn strings<'a>(r: &mut Reporter, path: &Path, items: &'a [Value<'a>]) -> Vec<(usize, &'a str)> {
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item {
            Value::String(s) => out.push((i, s.as_ref())),
            other => r.error(
                &path.index(i),
                "type",
                format!("Each item must be a string, not {}.", type_name(other)),
            ),
        }
    }
    out
}

/// For each key, the index of the first earlier key equal to it (`None` keys match nothing).
/// A sorted Vec of `(key, index)` instead of a B-tree set or map: O(n log n) all the same, and
/// with no B-tree left the wasm is 13 KB smaller (this one `sort_unstable` is all it adds).
pub fn earlier_equal(keys: &[Option<&str>]) -> Vec<Option<usize>> {
    let mut sorted: Vec<(&str, usize)> = keys
        .iter()
        .enumerate()
        .filter_map(|(i, k)| Some(((*k)?, i)))
        .collect();
    // Indices are unique, so equal keys end up in list order, the first one leading.
    sorted.sort_unstable();
    let mut out = vec![None; keys.len()];
    let mut first = 0;
    for (n, &(k, i)) in sorted.iter().enumerate() {
        if n > 0 && sorted[n - 1].0 == k {
            out[i] = Some(first);
        } else {
            first = i;
        }
    }
    out
}

/// Warns `duplicate` at each item equal to an earlier one (compared with `same`).
pub fn warn_repeats(r: &mut Reporter, path: &Path, items: &[(usize, &str)], what: &str) {
    for (n, (i, s)) in items.iter().enumerate() {
        if items[..n].iter().any(|(_, t)| t == s) {
            r.warn(
                &path.index(*i),
                "duplicate",
                format!("{what} \"{s}\" is listed more than once."),
            );
        }
    }
}

/// The known name closest to `key` when it is a likely typo (case or one or two letters off).
fn closest<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    let lower = key.to_ascii_lowercase();
    known
        .iter()
        .map(|k| (edit_distance(&lower, &k.to_ascii_lowercase()), *k))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    if a.chars().count().abs_diff(b.len()) > 2 || b.len() > 64 {
        return usize::MAX;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::testing::own;
    use serde_json::json;

    fn run(v: &Value, f: impl FnOnce(&mut Reporter, Obj)) -> crate::core::report::ValidationReport {
        let mut r = Reporter::new();
        let root = Path::Root;
        if let Some(o) = as_object(&mut r, &root, v, "The value") {
            f(&mut r, o);
        }
        r.finish()
    }

    #[test]
    fn earlier_equal_points_at_the_first_equal_key() {
        let keys = [
            Some("b"),
            Some("a"),
            None,
            Some("b"),
            Some("a"),
            Some("b"),
            None,
        ];
        assert_eq!(
            earlier_equal(&keys),
            [None, None, None, Some(0), Some(1), Some(0), None]
        );
        assert!(earlier_equal(&[]).is_empty());
    }

    #[test]
    fn non_object_is_a_type_error_at_the_root() {
        let rep = run(&own(&json!([1])), |_, _| {});
        assert_eq!(rep.errors[0].path, "");
        assert_eq!(rep.errors[0].code, "type");
    }

    #[test]
    fn null_is_absent_and_missing_required_is_reported_at_the_object() {
        let rep = run(&own(&json!({"a": null})), |r, o| {
            assert_eq!(o.string(r, "a", false), None);
            assert_eq!(o.string(r, "b", true), None);
        });
        assert_eq!(rep.errors.len(), 1);
        assert_eq!(
            (rep.errors[0].path.as_str(), rep.errors[0].code),
            ("", "required")
        );
    }

    #[test]
    fn wrong_type_is_reported_at_the_member() {
        let rep = run(
            &own(&json!({"a": 1, "b": "x", "c": 1.5, "d": 3.0})),
            |r, o| {
                o.string(r, "a", true);
                o.boolean(r, "b", true);
                o.integer(r, "c", true);
                assert_eq!(o.integer(r, "d", true), Some(3));
            },
        );
        let paths: Vec<_> = rep
            .errors
            .iter()
            .map(|e| (e.path.as_str(), e.code))
            .collect();
        assert_eq!(paths, [("/a", "type"), ("/b", "type"), ("/c", "type")]);
    }

    #[test]
    fn unknown_fields_warn_with_a_suggestion() {
        let rep = run(&own(&json!({"nmae": "x", "name": "y"})), |r, o| {
            o.warn_unknown(r, &["name"])
        });
        assert!(rep.valid);
        assert_eq!(rep.warnings.len(), 1);
        assert_eq!(rep.warnings[0].path, "/nmae");
        assert!(rep.warnings[0].message.contains("Did you mean \"name\""));
    }

    #[test]
    fn quotes_are_escaped_and_bounded_in_characters_and_bytes() {
        assert_eq!(quote("a\"b"), "\"a\\\"b\"");
        assert_eq!(quote(&"é".repeat(61)), format!("\"{}…\"", "é".repeat(60)));
        let invisible = quote(&"\u{e0001}".repeat(61));
        assert!(
            invisible.len() <= QUOTE_BYTES + 8 && invisible.ends_with("…\""),
            "{invisible}"
        );
    }

    #[test]
    fn repeats_warn_at_the_later_item() {
        let mut r = Reporter::new();
        let items = [(0, "a"), (1, "b"), (2, "a")];
        warn_repeats(&mut r, &Path::Root, &items, "Site");
        let rep = r.finish();
        assert_eq!(rep.warnings.len(), 1);
        assert_eq!(rep.warnings[0].path, "/2");
    }
}
