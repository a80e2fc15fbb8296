//! IPv4 addresses and CIDR blocks, as Secure Connect destinations write them.
//!
//! Strict dotted-decimal: exactly four parts, each `0`–`255`, written without leading zeros,
//! signs or spaces (`010.0.0.1` is refused: some parsers read it as octal), optionally followed
//! by a prefix `/0`–`/32`, also without leading zeros. When a text is not of that form, the
//! parser says what it looks like instead (IPv6, a range, a host name, an address with a port),
//! so a message can say which form to write.

use core::fmt;

/// An IPv4 address with an optional CIDR prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ipv4Cidr {
    /// The four parts of the address, most significant first.
    pub addr: [u8; 4],
    /// The prefix length after `/` (0–32), when one is written.
    pub prefix: Option<u8>,
}

impl Ipv4Cidr {
    /// Whether this names one host: a bare address or a `/32`.
    pub fn is_single_host(&self) -> bool {
        matches!(self.prefix, None | Some(32))
    }
}

impl fmt::Display for Ipv4Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d] = self.addr;
        write!(f, "{a}.{b}.{c}.{d}")?;
        if let Some(p) = self.prefix {
            write!(f, "/{p}")?;
        }
        Ok(())
    }
}

/// Why a text is not an IPv4 address or CIDR block, by what it looks like instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ipv4Problem {
    /// An IPv6 address or block (`::1`, `2001:db8::/32`).
    Ipv6,
    /// A range of addresses (`10.0.0.1-10.0.0.9`, `10.0.0.1-9`).
    Range,
    /// A host name (`jira.internal`, `localhost`).
    HostName,
    /// An IPv4 address followed by a port (`10.0.0.1:8080`).
    WithPort,
    /// A valid address with a prefix that is not `/0`–`/32` written without leading zeros.
    Prefix,
    /// Anything else: wrong number of parts, a part above 255, a leading zero, a sign, a space.
    Malformed,
}

/// Parses a bare dotted-decimal IPv4 address (no prefix).
pub fn parse_ipv4(s: &str) -> Option<[u8; 4]> {
    let bytes = s.as_bytes();
    let mut out = [0u8; 4];
    let mut i = 0;
    for (n, slot) in out.iter_mut().enumerate() {
        if n > 0 {
            if bytes.get(i) != Some(&b'.') {
                return None;
            }
            i += 1;
        }
        let start = i;
        let mut value: u16 = 0;
        while let Some(&b) = bytes.get(i) {
            if !b.is_ascii_digit() || i - start == 3 {
                break;
            }
            value = value * 10 + u16::from(b - b'0');
            i += 1;
        }
        let len = i - start;
        if len == 0 || (len > 1 && bytes[start] == b'0') || value > 255 {
            return None;
        }
        *slot = value as u8;
    }
    (i == bytes.len()).then_some(out)
}

/// Parses `a.b.c.d` or `a.b.c.d/p` (p in 0–32).
pub fn parse_ipv4_cidr(s: &str) -> Result<Ipv4Cidr, Ipv4Problem> {
    // `/` is ASCII, so slicing at it stays on character boundaries.
    let (addr_text, prefix_text) = match s.bytes().position(|b| b == b'/') {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let Some(addr) = parse_ipv4(addr_text) else {
        return Err(classify(s));
    };
    let prefix = match prefix_text {
        None => None,
        Some(p) => Some(parse_decimal(p, 32).ok_or(Ipv4Problem::Prefix)? as u8),
    };
    Ok(Ipv4Cidr { addr, prefix })
}

/// A decimal number of ASCII digits with no leading zero (except `0` itself), at most `max`.
fn parse_decimal(s: &str, max: u16) -> Option<u16> {
    let bytes = s.as_bytes();
    if bytes.is_empty() || bytes.len() > 3 || (bytes.len() > 1 && bytes[0] == b'0') {
        return None;
    }
    let mut value: u16 = 0;
    for &b in bytes {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value * 10 + u16::from(b - b'0');
    }
    (value <= max).then_some(value)
}

/// What a text that is not IPv4 looks like, for the message.
fn classify(s: &str) -> Ipv4Problem {
    if s.contains(':') {
        if let Some((addr, port)) = s.split_once(':') {
            let port = port.strip_suffix('/').unwrap_or(port);
            if parse_ipv4(addr).is_some()
                && !port.is_empty()
                && port.len() <= 5
                && port.bytes().all(|b| b.is_ascii_digit())
            {
                return Ipv4Problem::WithPort;
            }
        }
        let body = s.split(['/', '%']).next().unwrap_or(s);
        let body = body
            .strip_prefix('[')
            .and_then(|b| b.strip_suffix(']'))
            .unwrap_or(body);
        if body
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return Ipv4Problem::Ipv6;
        }
        return Ipv4Problem::Malformed;
    }
    let has_digit = |t: &str| t.bytes().any(|b| b.is_ascii_digit());
    if s.contains('.')
        && s.split_once('-')
            .is_some_and(|(a, b)| has_digit(a) && has_digit(b))
        && s.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'/' | b' '))
    {
        return Ipv4Problem::Range;
    }
    // A host name's last label (its top-level domain) is never all digits: `0x1.2.3.4` is not one.
    let name = s.strip_suffix('.').unwrap_or(s);
    let last = name.rsplit('.').next().unwrap_or(name);
    if last.chars().any(char::is_alphabetic)
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_'))
        && !name.split('.').any(str::is_empty)
    {
        return Ipv4Problem::HostName;
    }
    Ipv4Problem::Malformed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cidr(addr: [u8; 4], prefix: Option<u8>) -> Result<Ipv4Cidr, Ipv4Problem> {
        Ok(Ipv4Cidr { addr, prefix })
    }

    #[test]
    fn accepts_addresses_and_blocks() {
        assert_eq!(parse_ipv4_cidr("0.0.0.0"), cidr([0, 0, 0, 0], None));
        assert_eq!(
            parse_ipv4_cidr("255.255.255.255"),
            cidr([255, 255, 255, 255], None)
        );
        assert_eq!(
            parse_ipv4_cidr("10.0.0.5/32"),
            cidr([10, 0, 0, 5], Some(32))
        );
        assert_eq!(parse_ipv4_cidr("0.0.0.0/0"), cidr([0, 0, 0, 0], Some(0)));
        assert_eq!(
            parse_ipv4_cidr("172.6.0.0/32"),
            cidr([172, 6, 0, 0], Some(32))
        );
        assert_eq!(
            parse_ipv4_cidr("255.100.100.0/24"),
            cidr([255, 100, 100, 0], Some(24))
        );
        assert_eq!(
            parse_ipv4_cidr("1.20.199.200/9"),
            cidr([1, 20, 199, 200], Some(9))
        );
    }

    #[test]
    fn single_host_and_display() {
        let host = parse_ipv4_cidr("10.0.0.5").unwrap();
        let slash32 = parse_ipv4_cidr("10.0.0.5/32").unwrap();
        let block = parse_ipv4_cidr("10.0.0.0/24").unwrap();
        assert!(host.is_single_host() && slash32.is_single_host());
        assert!(!block.is_single_host());
        assert_eq!(host.to_string(), "10.0.0.5");
        assert_eq!(block.to_string(), "10.0.0.0/24");
    }

    #[test]
    fn refuses_malformed_addresses() {
        for bad in [
            "",
            "1.2.3",
            "1.2.3.4.5",
            "256.0.0.1",
            "1.2.3.1000",
            "01.2.3.4",
            "1.2.3.00",
            "+1.2.3.4",
            "-1.2.3.4",
            " 1.2.3.4",
            "1.2.3.4 ",
            "1. 2.3.4",
            "1..3.4",
            ".1.2.3.4",
            "1.2.3.4.",
            "0x1.2.3.4",
            "1.2.3.4\0",
            "١.٢.٣.٤",
            "１.２.３.４",
            "10.0.0.*",
            "/24",
            "1.2.3/24",
        ] {
            assert_eq!(parse_ipv4_cidr(bad), Err(Ipv4Problem::Malformed), "{bad:?}");
        }
    }

    #[test]
    fn refuses_bad_prefixes() {
        for bad in [
            "1.2.3.4/",
            "1.2.3.4/33",
            "1.2.3.4/01",
            "1.2.3.4/-1",
            "1.2.3.4/+8",
            "1.2.3.4/ 8",
            "1.2.3.4/255.255.255.0",
            "1.2.3.4/24/3",
            "1.2.3.4/100",
        ] {
            assert_eq!(parse_ipv4_cidr(bad), Err(Ipv4Problem::Prefix), "{bad:?}");
        }
    }

    #[test]
    fn names_what_a_non_address_looks_like() {
        for (text, problem) in [
            ("::1", Ipv4Problem::Ipv6),
            ("2001:db8::/32", Ipv4Problem::Ipv6),
            ("[2001:db8::1]", Ipv4Problem::Ipv6),
            ("::ffff:10.0.0.1", Ipv4Problem::Ipv6),
            ("fe80::1%eth0", Ipv4Problem::Ipv6),
            ("10.0.0.1-10.0.0.9", Ipv4Problem::Range),
            ("10.0.0.1 - 10.0.0.9", Ipv4Problem::Range),
            ("10.0.0.1-9", Ipv4Problem::Range),
            ("jira.example.com", Ipv4Problem::HostName),
            ("localhost", Ipv4Problem::HostName),
            ("my-host.internal.", Ipv4Problem::HostName),
            ("bücher.de", Ipv4Problem::HostName),
            ("10.0.0.1:8080", Ipv4Problem::WithPort),
            ("https://jira.example.com", Ipv4Problem::Malformed),
            ("jira example", Ipv4Problem::Malformed),
            ("a..b", Ipv4Problem::Malformed),
        ] {
            assert_eq!(parse_ipv4_cidr(text), Err(problem), "{text:?}");
        }
    }

    #[test]
    fn long_input_is_refused_without_trouble() {
        let long = "1".repeat(100_000);
        assert_eq!(parse_ipv4_cidr(&long), Err(Ipv4Problem::Malformed));
        let many = "1.".repeat(50_000);
        assert_eq!(parse_ipv4_cidr(&many), Err(Ipv4Problem::Malformed));
    }
}
