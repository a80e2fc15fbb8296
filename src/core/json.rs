//! JSON read in place: strings and numbers borrow the text they were read from, an object is a
//! list of members. `serde_json::Value` built a `String` per key and per string and a B-tree
//! per object, then dropped them all: 35% of a validation, and 24 KB of wasm with its maps.
//!
//! The grammar is RFC 8259's, as strict as `serde_json` (no trailing commas, no lone
//! surrogates, no control characters in strings) and nested less than [`MAX_DEPTH`] deep.

use std::borrow::Cow;

/// Arrays and objects nested this deep are refused, as serde_json refuses them (the package used
/// it before, and `tests/json_parity.rs` holds the reader to it): 127 levels pass.
pub const MAX_DEPTH: usize = 128;

/// A JSON value borrowing from the text it was read from.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(Number<'a>),
    /// A string: borrowed unless it held escapes.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Value<'a>>),
    /// An object.
    Object(Map<'a>),
}

/// An object's members in the order written. A repeated name is kept twice, and
/// [`Map::get`] answers with the last, as `JSON.parse` does.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Map<'a>(Vec<(Cow<'a, str>, Value<'a>)>);

/// A number as written (valid JSON number text).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number<'a>(&'a str);

/// Why a text is not JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// Nested [`MAX_DEPTH`] levels or more.
    TooDeep,
    /// A `\u` escape of half a surrogate pair (`"\ud800"`): RFC 8259's grammar allows it and
    /// `JSON.parse` reads it, but it is no Unicode text, and serde_json refuses it too.
    LoneSurrogate,
    /// Anything else.
    Syntax,
}

/// Reads `text` as one JSON value (whitespace around it allowed).
pub fn parse(text: &str) -> Result<Value<'_>, Error> {
    let mut p = Parser { text, at: 0 };
    let value = p.value(0)?;
    p.skip_space();
    if p.at == text.len() {
        Ok(value)
    } else {
        Err(Error::Syntax)
    }
}

impl<'a> Value<'a> {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        match self {
            Value::Object(map) => map.get(key),
            _ => None,
        }
    }

    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The items of an array.
    pub fn as_array(&self) -> Option<&[Value<'a>]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The value at a JSON Pointer (RFC 6901).
    pub fn pointer(&self, pointer: &str) -> Option<&Value<'a>> {
        let rest = pointer.strip_prefix('/')?;
        let mut at = self;
        for token in rest.split('/') {
            let token = token.replace("~1", "/").replace("~0", "~");
            at = match at {
                Value::Object(map) => map.get(&token)?,
                Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(at)
    }
}

impl<'a> Map<'a> {
    /// The value of member `key` (the last one, if the name is repeated).
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The member names, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_ref())
    }

    /// The members, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value<'a>)> {
        self.0.iter().map(|(k, v)| (k.as_ref(), v))
    }

    /// How many members were written.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Number<'_> {
    /// The text as written.
    pub fn as_text(&self) -> &str {
        self.0
    }

    /// The value when written as an integer (no fraction, no exponent) that fits an `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        let (negative, digits) = self.integer_digits()?;
        let magnitude = digits_value(digits)?;
        if negative {
            0i64.checked_sub_unsigned(magnitude)
        } else {
            i64::try_from(magnitude).ok()
        }
    }

    /// Whether [`Self::as_i64`] has a value.
    pub fn is_i64(&self) -> bool {
        self.as_i64().is_some()
    }

    /// Whether it is written as a non-negative integer that fits a `u64`.
    pub fn is_u64(&self) -> bool {
        matches!(self.integer_digits(), Some((false, d)) if digits_value(d).is_some())
    }

    /// The value as an `f64`. Exact (correctly rounded, as `JSON.parse` gives it) for up to 15
    /// significant digits with a decimal exponent within ±22, which covers what the rules and
    /// options read; otherwise within a few ulps (7 at worst, measured against serde_json), and
    /// infinite past `f64`'s range as in JS. `str::parse` would be exact everywhere but adds
    /// 14 KB of gzipped wasm.
    pub fn as_f64(&self) -> f64 {
        let (negative, text) = match self.0.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, self.0),
        };
        let (mantissa, exponent) = match text.find(['e', 'E']) {
            Some(i) => (&text[..i], parse_exponent(&text[i + 1..])),
            None => (text, 0),
        };
        // The first 19 significant digits fit a u64; each integer digit after them, or each
        // fraction digit kept, moves the decimal exponent.
        let (mut m, mut scale, mut kept) = (0u64, exponent, 0i32);
        let mut fraction = false;
        for b in mantissa.bytes() {
            if b == b'.' {
                fraction = true;
            } else if kept < 19 {
                if m != 0 || b != b'0' {
                    kept += 1;
                }
                m = m * 10 + u64::from(b - b'0');
                scale -= i32::from(fraction);
            } else if !fraction {
                scale += 1;
            }
        }
        let magnitude = if m == 0 {
            0.0
        } else if m < 1 << 53 && (-22..=22).contains(&scale) {
            // Clinger's fast path: both operands exact, so one correctly rounded operation.
            let power = 10f64.powi(scale.abs());
            if scale < 0 {
                m as f64 / power
            } else {
                m as f64 * power
            }
        } else if scale < 0 {
            let mut f = m as f64;
            let mut s = -scale;
            while s > 22 {
                f /= 1e22;
                s -= 22;
            }
            f / 10f64.powi(s)
        } else {
            let f = m as f64 * 10f64.powi(scale.min(400));
            // Near f64::MAX the inexact power can overflow a value that is still in range: up
            // to 1.7976931348623158e308, which JS still reads as f64::MAX.
            let lead = if kept >= 17 {
                m / 10u64.pow(kept as u32 - 17)
            } else {
                m * 10u64.pow(17 - kept as u32)
            };
            if f.is_infinite() && scale + kept == 309 && lead <= 17_976_931_348_623_158 {
                f64::MAX
            } else {
                f
            }
        };
        if negative {
            -magnitude
        } else {
            magnitude
        }
    }

    /// `(negative, digits)` when the text is a plain integer.
    fn integer_digits(&self) -> Option<(bool, &str)> {
        let (negative, digits) = match self.0.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, self.0),
        };
        digits
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then_some((negative, digits))
    }
}

/// The value of a run of decimal digits, if it fits a `u64`.
fn digits_value(digits: &str) -> Option<u64> {
    digits.bytes().try_fold(0u64, |n, b| {
        n.checked_mul(10)?.checked_add(u64::from(b - b'0'))
    })
}

/// An exponent's value, clamped far outside `f64`'s range.
fn parse_exponent(text: &str) -> i32 {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let n = digits
        .bytes()
        .fold(0i32, |n, b| (n * 10 + i32::from(b - b'0')).min(10_000));
    if negative {
        -n
    } else {
        n
    }
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Parser<'a> {
    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.at += 1;
        }
    }

    fn eat(&mut self, literal: &str) -> Result<(), Error> {
        if self.bytes()[self.at..].starts_with(literal.as_bytes()) {
            self.at += literal.len();
            Ok(())
        } else {
            Err(Error::Syntax)
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value<'a>, Error> {
        self.skip_space();
        match self.peek().ok_or(Error::Syntax)? {
            b'"' => self.string().map(Value::String),
            b'{' => self.object(depth + 1),
            b'[' => self.array(depth + 1),
            b't' => self.eat("true").map(|()| Value::Bool(true)),
            b'f' => self.eat("false").map(|()| Value::Bool(false)),
            b'n' => self.eat("null").map(|()| Value::Null),
            b'-' | b'0'..=b'9' => self.number().map(Value::Number),
            _ => Err(Error::Syntax),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value<'a>, Error> {
        if depth >= MAX_DEPTH {
            return Err(Error::TooDeep);
        }
        self.at += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(Error::Syntax),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value<'a>, Error> {
        if depth >= MAX_DEPTH {
            return Err(Error::TooDeep);
        }
        self.at += 1;
        let mut members = Vec::new();
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(Map(members)));
        }
        loop {
            self.skip_space();
            if self.peek() != Some(b'"') {
                return Err(Error::Syntax);
            }
            let key = self.string()?;
            self.skip_space();
            self.eat(":")?;
            members.push((key, self.value(depth)?));
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(Map(members)));
                }
                _ => return Err(Error::Syntax),
            }
        }
    }

    /// A string starting at the opening quote.
    fn string(&mut self) -> Result<Cow<'a, str>, Error> {
        self.at += 1;
        let start = self.at;
        let bytes = self.bytes();
        // The common case: no escape, borrowed as it is.
        loop {
            match bytes.get(self.at) {
                None => return Err(Error::Syntax),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Cow::Borrowed(&self.text[start..self.at - 1]));
                }
                Some(b'\\') => break,
                Some(b) if *b < 0x20 => return Err(Error::Syntax),
                Some(_) => self.at += 1,
            }
        }
        let mut out = String::from(&self.text[start..self.at]);
        loop {
            let run = self.at;
            loop {
                match bytes.get(self.at) {
                    None => return Err(Error::Syntax),
                    Some(b'"' | b'\\') => break,
                    Some(b) if *b < 0x20 => return Err(Error::Syntax),
                    Some(_) => self.at += 1,
                }
            }
            out.push_str(&self.text[run..self.at]);
            if bytes[self.at] == b'"' {
                self.at += 1;
                return Ok(Cow::Owned(out));
            }
            self.at += 1;
            let escaped = *bytes.get(self.at).ok_or(Error::Syntax)?;
            self.at += 1;
            out.push(match escaped {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => self.unicode_escape()?,
                _ => return Err(Error::Syntax),
            });
        }
    }

    /// The character of a `\u` escape (just past the `u`), joining a surrogate pair.
    fn unicode_escape(&mut self) -> Result<char, Error> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if self.eat("\\u").is_err() {
                    return Err(Error::LoneSurrogate);
                }
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(Error::LoneSurrogate);
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(Error::LoneSurrogate),
            _ => first,
        };
        char::from_u32(code).ok_or(Error::Syntax)
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let digits = self
            .bytes()
            .get(self.at..self.at + 4)
            .ok_or(Error::Syntax)?;
        self.at += 4;
        digits.iter().try_fold(0u32, |n, b| {
            let d = char::from(*b).to_digit(16).ok_or(Error::Syntax)?;
            Ok(n * 16 + d)
        })
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Result<Number<'a>, Error> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(Error::Syntax),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.required_digits()?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            self.required_digits()?;
        }
        Ok(Number(&self.text[start..self.at]))
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
    }

    fn required_digits(&mut self) -> Result<(), Error> {
        let start = self.at;
        self.digits();
        if self.at == start {
            Err(Error::Syntax)
        } else {
            Ok(())
        }
    }
}

/// Writes `value` as compact JSON, each string and member name passed through `edit` first
/// (how secrets are scrubbed from an error body). Numbers are written as they were read.
pub fn write(value: &Value, edit: &dyn Fn(&str) -> String, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(n.0),
        Value::String(s) => write_string(&edit(s), out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, edit, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(&edit(k), out);
                out.push(':');
                write(v, edit, out);
            }
            out.push('}');
        }
    }
}

fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[(u32::from(c) >> 4) as usize]));
                out.push(char::from(HEX[(u32::from(c) & 15) as usize]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
#[path = "json_tests.rs"]
mod tests;
