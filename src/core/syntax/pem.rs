//! PEM blocks (public keys and certificates).
//!
//! A block is `-----BEGIN <label>-----`, a base64 body over one or more lines, and
//! `-----END <label>-----` with the same label. Line breaks may be `\n` or `\r\n`, and white space
//! around the block and around each line is tolerated. A block written with literal `\n`
//! sequences (the two characters `\` `n`) instead of line breaks — as the Symphony page's own
//! examples are, and as a key copied out of a JSON string or a shell often is — is read the same
//! way, and told apart, so that the caller can warn about it without refusing it.

/// How a valid PEM block separates its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PemForm {
    /// Real line breaks (`\n` or `\r\n`).
    LineBreaks,
    /// The two characters `\` `n` where line breaks belong (some or all of them).
    EscapedNewlines,
}

/// What is wrong with a text that should be a PEM block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PemProblem {
    /// The text does not start with a `-----BEGIN <label>-----` line.
    NoBegin,
    /// The END line is malformed or names another label than the BEGIN line.
    MismatchedEnd,
    /// No `-----END <label>-----` line follows the body.
    MissingEnd,
    /// Something other than white space follows the END line.
    TextAfterEnd,
    /// The body holds characters outside base64 or is not a possible base64 length.
    BodyNotBase64,
    /// Nothing stands between the BEGIN and END lines.
    EmptyBody,
}

impl PemProblem {
    /// The stable code of every problem.
    pub fn code(self) -> &'static str {
        "pem-form"
    }

    /// What is wrong, as the end of a sentence that starts with the field's name
    /// (for example "`cert` " + message).
    pub fn message(self) -> &'static str {
        match self {
            PemProblem::NoBegin => {
                "must be a PEM block that starts with a line such as -----BEGIN PUBLIC KEY-----."
            }
            PemProblem::MismatchedEnd => {
                "must end with an -----END …----- line that repeats the label of its BEGIN line."
            }
            PemProblem::MissingEnd => {
                "has no -----END …----- line: paste the whole PEM block, including its last line."
            }
            PemProblem::TextAfterEnd => {
                "has text after its -----END …----- line: keep only the one PEM block."
            }
            PemProblem::BodyNotBase64 => {
                "has a body that is not base64 (only A-Z, a-z, 0-9, +, / and trailing = are allowed between the BEGIN and END lines): paste the whole key, not one shortened with \"...\"."
            }
            PemProblem::EmptyBody => {
                "has nothing between its BEGIN and END lines: paste the whole key."
            }
        }
    }
}

/// Checks that `s` is one PEM block, its lines separated by line breaks or by literal `\n`
/// sequences, and says which. Allocates nothing.
pub fn check_pem(s: &str) -> Result<PemForm, PemProblem> {
    let form = if s.as_bytes().windows(2).any(|w| w == b"\\n") {
        PemForm::EscapedNewlines
    } else {
        PemForm::LineBreaks
    };
    // Blank lines before the BEGIN line and after the END line are white space around the block
    // (an escaped block may start or end with a literal `\n`).
    let mut lines = lines(s)
        .map(|l| l.trim_matches(|c: char| c == '\r' || c == ' ' || c == '\t'))
        .skip_while(|l| l.is_empty());
    let begin_label = lines
        .next()
        .and_then(|first| armor_label(first, "-----BEGIN "))
        .ok_or(PemProblem::NoBegin)?;

    let mut body = Base64Body::default();
    let mut ended = false;
    for line in lines.by_ref() {
        if line.starts_with("-----") {
            match armor_label(line, "-----END ") {
                Some(label) if label == begin_label => {
                    ended = true;
                    break;
                }
                _ => return Err(PemProblem::MismatchedEnd),
            }
        }
        body.push_line(line)?;
    }
    if !ended {
        return Err(PemProblem::MissingEnd);
    }
    if lines.any(|l| !l.is_empty()) {
        return Err(PemProblem::TextAfterEnd);
    }
    body.finish().map(|()| form)
}

/// The lines of `s`, split at each line break and at each literal `\n` (a backslash and an `n`).
/// By hand rather than with `split("\\n")`: a string pattern's searcher costs 0.9 KB of wasm.
fn lines(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let text = rest?;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // Both separators are ASCII, so `i` is always a character boundary.
            let width = match bytes[i] {
                b'\n' => 1,
                b'\\' if bytes.get(i + 1) == Some(&b'n') => 2,
                _ => {
                    i += 1;
                    continue;
                }
            };
            rest = Some(&text[i + width..]);
            return Some(&text[..i]);
        }
        rest = None;
        Some(text)
    })
}

/// The label of an armor line `-----BEGIN X-----` / `-----END X-----` (`head` includes the word
/// and its space). The label must be non-empty and printable ASCII without leading or trailing
/// hyphens or spaces.
fn armor_label<'a>(line: &'a str, head: &str) -> Option<&'a str> {
    let label = line.strip_prefix(head)?.strip_suffix("-----")?;
    let ok = !label.is_empty()
        && label.bytes().all(|b| (b' '..=b'~').contains(&b))
        && !label.starts_with(['-', ' '])
        && !label.ends_with(['-', ' ']);
    ok.then_some(label)
}

/// Counts base64 characters across the body's lines, checking `=` appears only at the end.
#[derive(Default)]
struct Base64Body {
    data: usize,
    padding: usize,
}

impl Base64Body {
    fn push_line(&mut self, line: &str) -> Result<(), PemProblem> {
        for b in line.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/' if self.padding == 0 => {
                    self.data += 1
                }
                b'=' if self.padding < 2 => self.padding += 1,
                _ => return Err(PemProblem::BodyNotBase64),
            }
        }
        Ok(())
    }

    fn finish(&self) -> Result<(), PemProblem> {
        if self.data == 0 {
            return Err(if self.padding == 0 {
                PemProblem::EmptyBody
            } else {
                PemProblem::BodyNotBase64
            });
        }
        // Without padding a base64 text can end on 2 or 3 extra characters, never on 1;
        // with padding the whole text is a multiple of 4.
        let valid_length = if self.padding == 0 {
            self.data % 4 != 1
        } else {
            (self.data + self.padding) % 4 == 0
        };
        if valid_length {
            Ok(())
        } else {
            Err(PemProblem::BodyNotBase64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::core::testing::RSA_PUBLIC_KEY;

    #[test]
    fn accepts_a_real_key_and_its_variants() {
        const OK: Result<PemForm, PemProblem> = Ok(PemForm::LineBreaks);
        assert_eq!(check_pem(RSA_PUBLIC_KEY), OK);
        let crlf = RSA_PUBLIC_KEY.replace('\n', "\r\n");
        assert_eq!(check_pem(&crlf), OK);
        let indented = format!("  \n{}\n\n", RSA_PUBLIC_KEY.replace('\n', "\n  "));
        assert_eq!(check_pem(&indented), OK);
        assert_eq!(
            check_pem("-----BEGIN CERTIFICATE-----\nTWFu\nTWE=\n-----END CERTIFICATE-----"),
            OK
        );
        assert_eq!(
            check_pem("-----BEGIN RSA PUBLIC KEY-----\nTQ==\n-----END RSA PUBLIC KEY-----"),
            OK
        );
        // Unpadded base64 of 2 or 3 trailing characters is still decodable.
        assert_eq!(
            check_pem("-----BEGIN PUBLIC KEY-----\nTWE\n-----END PUBLIC KEY-----"),
            OK
        );
    }

    #[test]
    fn a_real_key_with_escaped_newlines_is_valid_and_told_apart() {
        const ESCAPED: Result<PemForm, PemProblem> = Ok(PemForm::EscapedNewlines);
        let escaped = RSA_PUBLIC_KEY.replace('\n', "\\n");
        assert!(escaped.ends_with("-----\\n"), "{escaped}");
        assert_eq!(check_pem(&escaped), ESCAPED);
        assert_eq!(check_pem(escaped.trim_end_matches("\\n")), ESCAPED);
        assert_eq!(check_pem(&format!("\\n {escaped}\\n\\n")), ESCAPED);
        // Some lines escaped, some not: the same block.
        let mixed = RSA_PUBLIC_KEY.replacen('\n', "\\n", 2);
        assert_eq!(check_pem(&mixed), ESCAPED);
        // Escaped \r\n as well: the \r is white space at the end of a line.
        assert_eq!(check_pem(&RSA_PUBLIC_KEY.replace('\n', "\r\\n")), ESCAPED);
    }

    #[test]
    fn lines_split_at_line_breaks_and_literal_backslash_n() {
        let got: Vec<&str> = lines("a\nb\\nc\\\\n\\").collect();
        assert_eq!(got, ["a", "b", "c\\", "\\"]);
        assert_eq!(lines("").collect::<Vec<_>>(), [""]);
        assert_eq!(lines("\\n").collect::<Vec<_>>(), ["", ""]);
        assert_eq!(lines("é\\né").collect::<Vec<_>>(), ["é", "é"]);
    }

    #[test]
    fn the_pages_elided_example_is_not_base64() {
        // The Symphony page's example value: the JSON text `\\n` is a backslash and an `n`, and
        // its body is shortened with "...", which no key is.
        let from_page: String =
            serde_json::from_str(r#""-----BEGIN PUBLIC KEY-----\\nMIICIANBgkqhw0BAQ...cCAwEAAQ==\\n-----END PUBLIC KEY-----""#)
                .unwrap();
        assert_eq!(check_pem(&from_page), Err(PemProblem::BodyNotBase64));
        assert!(PemProblem::BodyNotBase64.message().contains("\"...\""));
        // A literal `\n` that is not a line break in the right place is still a fault.
        let key = RSA_PUBLIC_KEY.replace('\n', "\\n");
        assert_eq!(
            check_pem(&format!("{key}more")),
            Err(PemProblem::TextAfterEnd)
        );
        assert_eq!(
            check_pem(&key.replace("\\n-----END", "-----END")),
            Err(PemProblem::BodyNotBase64)
        );
        assert_eq!(
            check_pem(&key.replace("-----\\n", "-----\\r")),
            Err(PemProblem::NoBegin)
        );
    }

    #[test]
    fn tells_each_problem_apart() {
        let key = RSA_PUBLIC_KEY;
        let cases: [(String, PemProblem); 12] = [
            (String::new(), PemProblem::NoBegin),
            ("MIIBIjANBgkq".into(), PemProblem::NoBegin),
            (format!("junk\n{key}"), PemProblem::NoBegin),
            (
                "-----BEGIN -----\nTWFu\n-----END -----".into(),
                PemProblem::NoBegin,
            ),
            (
                key.replace("END PUBLIC KEY", "END RSA PUBLIC KEY"),
                PemProblem::MismatchedEnd,
            ),
            (
                key.replace("-----END PUBLIC KEY-----", "-----END PUBLIC KEY"),
                PemProblem::MismatchedEnd,
            ),
            (
                key.replace("-----END PUBLIC KEY-----\n", ""),
                PemProblem::MissingEnd,
            ),
            (format!("{key}more text"), PemProblem::TextAfterEnd),
            (
                key.replace("aQIDAQAB", "aQIDAQ*B"),
                PemProblem::BodyNotBase64,
            ),
            (
                "-----BEGIN PUBLIC KEY-----\nTQ==TQ==\n-----END PUBLIC KEY-----".into(),
                PemProblem::BodyNotBase64,
            ),
            (
                "-----BEGIN PUBLIC KEY-----\nTWFuT\n-----END PUBLIC KEY-----".into(),
                PemProblem::BodyNotBase64,
            ),
            (
                "-----BEGIN PUBLIC KEY-----\n\n-----END PUBLIC KEY-----".into(),
                PemProblem::EmptyBody,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(check_pem(&text), Err(want), "{text:?}");
            assert_eq!(want.code(), "pem-form");
            assert!(!want.message().is_empty());
        }
        assert_eq!(
            check_pem("-----BEGIN PUBLIC KEY-----\nTWF=u\n-----END PUBLIC KEY-----"),
            Err(PemProblem::BodyNotBase64)
        );
        assert_eq!(
            check_pem("-----BEGIN PUBLIC KEY-----\n==\n-----END PUBLIC KEY-----"),
            Err(PemProblem::BodyNotBase64)
        );
        assert_eq!(
            check_pem("-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----"),
            Err(PemProblem::EmptyBody)
        );
    }

    #[test]
    fn never_panics_on_odd_text() {
        for s in [
            "-----BEGIN é-----\nTWFu\n-----END é-----",
            "-----",
            "\u{0}",
            "€€€",
        ] {
            assert!(check_pem(s).is_err(), "{s:?}");
        }
    }
}
