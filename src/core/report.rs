//! Validation reports: every issue found in one pass, each with a JSON Pointer to where it is.

use serde::Serialize;

/// One problem found in a value, at an RFC 6901 JSON Pointer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ValidationIssue {
    /// RFC 6901 JSON Pointer into the value: `""` is the root, `"/destinations/0/protocolPorts/1/ports"` a leaf.
    pub path: String,
    /// Stable, machine-readable code (the README lists them all).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub code: &'static str,
    /// One sentence a person can act on.
    pub message: String,
}

/// The answer of a validator: errors block a call, warnings never do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ValidationReport {
    /// `true` exactly when `errors` is empty.
    pub valid: bool,
    /// Problems that stop the call: nothing is sent while there is one.
    pub errors: Vec<ValidationIssue>,
    /// Problems worth a look that do not stop the call (an unknown field, a guess-based limit).
    pub warnings: Vec<ValidationIssue>,
}

/// Where a value sits inside the validated document, built without allocating;
/// it becomes a JSON Pointer string only when an issue is reported.
#[derive(Debug, Clone, Copy)]
pub enum Path<'a> {
    /// The document itself (pointer `""`).
    Root,
    /// A member of an object.
    Key(&'a Path<'a>, &'a str),
    /// An element of an array.
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// The path of member `key` below this one.
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }

    /// The path of element `index` below this one.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }

    /// The RFC 6901 form: `~` is written `~0` and `/` is written `~1` inside a member name.
    pub fn pointer(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Key(parent, key) => {
                parent.write(out);
                out.push('/');
                for c in key.chars() {
                    match c {
                        '~' => out.push_str("~0"),
                        '/' => out.push_str("~1"),
                        c => out.push(c),
                    }
                }
            }
            Path::Index(parent, index) => {
                parent.write(out);
                out.push('/');
                out.push_str(&index.to_string());
            }
        }
    }
}

/// Collects issues while a validator walks a value.
#[derive(Debug, Default)]
pub struct Reporter {
    errors: Vec<ValidationIssue>,
    warnings: Vec<ValidationIssue>,
}

impl Reporter {
    /// An empty reporter.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a blocking problem at `path`.
    pub fn error(&mut self, path: &Path, code: &'static str, message: impl Into<String>) {
        self.errors.push(issue(path, code, message.into()));
    }

    /// Records a non-blocking problem at `path`.
    pub fn warn(&mut self, path: &Path, code: &'static str, message: impl Into<String>) {
        self.warnings.push(issue(path, code, message.into()));
    }

    /// Whether any error has been recorded so far.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The finished report.
    pub fn finish(self) -> ValidationReport {
        ValidationReport {
            valid: self.errors.is_empty(),
            errors: self.errors,
            warnings: self.warnings,
        }
    }
}

impl ValidationReport {
    /// The issues, errors first, as one string for the bindings to hand to JavaScript in one
    /// call: each of `path`, `code` and `message` as its length in UTF-16 units (what JS's
    /// `slice` counts), a `:`, and the text. No separator could be trusted: a path holds the
    /// caller's member names, any character included. Building the report's objects field by
    /// field through serde-wasm-bindgen took a quarter of a validation's time.
    pub fn packed(&self) -> String {
        let issues = || self.errors.iter().chain(&self.warnings);
        let bytes: usize = issues()
            .map(|i| i.path.len() + i.code.len() + i.message.len() + 12)
            .sum();
        let mut out = String::with_capacity(bytes);
        for issue in issues() {
            for field in [issue.path.as_str(), issue.code, issue.message.as_str()] {
                push_decimal(&mut out, utf16_len(field));
                out.push(':');
                out.push_str(field);
            }
        }
        out
    }
}

/// How many UTF-16 units `s` takes, from its bytes: one for each byte that starts a character,
/// and one more for each four-byte character. (Through `chars()` it was a call per character
/// in this size-optimized build: a third of a validation.)
fn utf16_len(s: &str) -> usize {
    let mut units = 0;
    for &b in s.as_bytes() {
        units += usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0);
    }
    units
}

/// `n` in decimal digits, without `core::fmt` (which costs more than the rest of the packing).
fn push_decimal(out: &mut String, n: usize) {
    if n >= 10 {
        push_decimal(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

fn issue(path: &Path, code: &'static str, message: String) -> ValidationIssue {
    ValidationIssue::new(path, code, message)
}

impl ValidationIssue {
    /// An issue at `path`.
    pub fn new(path: &Path, code: &'static str, message: impl Into<String>) -> Self {
        ValidationIssue {
            path: path.pointer(),
            code,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_tilde_and_slash() {
        let root = Path::Root;
        let a = root.key("a/b~c");
        let b = a.index(3);
        assert_eq!(b.pointer(), "/a~1b~0c/3");
        assert_eq!(root.pointer(), "");
    }

    #[test]
    fn packed_gives_each_field_with_its_length_in_utf16_units() {
        let mut r = Reporter::new();
        r.warn(&Path::Root.key("a:1\u{1f}😀"), "unknown-field", "\"😀\" é");
        r.error(&Path::Root, "type", "x");
        let rep = r.finish();
        assert_eq!(
            rep.packed(),
            "0:4:type1:x7:/a:1\u{1f}😀13:unknown-field6:\"😀\" é"
        );
        assert_eq!(ValidationReport::default().packed(), "");
        for s in ["", "a", "é", "€", "😀", "a😀é\u{10FFFF}"] {
            assert_eq!(utf16_len(s), s.encode_utf16().count(), "{s}");
        }
    }

    #[test]
    fn valid_is_true_exactly_when_no_errors() {
        let mut r = Reporter::new();
        r.warn(&Path::Root, "unknown-field", "x");
        assert!(r.finish().valid);
        let mut r = Reporter::new();
        r.error(&Path::Root, "type", "x");
        assert!(!r.finish().valid);
    }
}
