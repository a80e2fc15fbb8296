//! Absolute http(s) URLs, split into the parts the rules look at. A strict, small parser:
//! the `url` crate would add its IDNA tables to the shipped wasm for checks this simple.

/// The parts of an absolute `http://` or `https://` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpUrl<'a> {
    /// `true` for `https`.
    pub secure: bool,
    /// Whether `user:password@` stands before the host.
    pub has_userinfo: bool,
    /// The host as written (lower-cased by nobody): a name, an IPv4 address or `[v6]`.
    pub host: &'a str,
    /// The port, when one is written.
    pub port: Option<u16>,
    /// The path, starting with `/`, or empty.
    pub path: &'a str,
    /// The query after `?`, when present.
    pub query: Option<&'a str>,
    /// The fragment after `#`, when present.
    pub fragment: Option<&'a str>,
}

impl HttpUrl<'_> {
    /// Whether the host is a loopback address or `localhost` (plain http is allowed there, for tests).
    pub fn is_loopback(&self) -> bool {
        let h = self.host.to_ascii_lowercase();
        h == "localhost" || h == "[::1]" || h.starts_with("127.") && h.split('.').count() == 4
    }
}

/// Parses an absolute http(s) URL. Returns a sentence saying what is wrong.
pub fn parse_http_url(s: &str) -> Result<HttpUrl<'_>, &'static str> {
    if s.bytes().any(|b| b <= b' ' || b == 0x7f || b == b'\\') {
        return Err("A URL cannot contain spaces, control characters or backslashes.");
    }
    let (secure, rest) = if let Some(r) = strip_prefix_ci(s, "https://") {
        (true, r)
    } else if let Some(r) = strip_prefix_ci(s, "http://") {
        (false, r)
    } else {
        return Err("The URL must start with https://.");
    };
    let (before_fragment, fragment) = match rest.split_once('#') {
        Some((a, f)) => (a, Some(f)),
        None => (rest, None),
    };
    let (before_query, query) = match before_fragment.split_once('?') {
        Some((a, q)) => (a, Some(q)),
        None => (before_fragment, None),
    };
    let (authority, path) = match before_query.find('/') {
        Some(i) => before_query.split_at(i),
        None => (before_query, ""),
    };
    let (has_userinfo, host_port) = match authority.rfind('@') {
        Some(i) => (true, &authority[i + 1..]),
        None => (false, authority),
    };
    let (host, port) = split_port(host_port)?;
    check_host(host)?;
    Ok(HttpUrl {
        secure,
        has_userinfo,
        host,
        port,
        path,
        query,
        fragment,
    })
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

fn split_port(host_port: &str) -> Result<(&str, Option<u16>), &'static str> {
    let colon = if host_port.starts_with('[') {
        host_port
            .find(']')
            .map(|i| i + 1)
            .filter(|&i| i < host_port.len())
    } else {
        host_port.rfind(':')
    };
    match colon {
        None => Ok((host_port, None)),
        Some(i) => {
            if host_port.as_bytes()[i] != b':' {
                return Err("The URL's host is not valid.");
            }
            let digits = &host_port[i + 1..];
            if digits.is_empty() {
                return Ok((&host_port[..i], None));
            }
            match digits.parse::<u16>() {
                Ok(p) if digits.bytes().all(|b| b.is_ascii_digit()) => {
                    Ok((&host_port[..i], Some(p)))
                }
                _ => Err("The URL's port must be a number from 0 to 65535."),
            }
        }
    }
}

fn check_host(host: &str) -> Result<(), &'static str> {
    if host.is_empty() {
        return Err("The URL has no host.");
    }
    if let Some(v6) = host.strip_prefix('[') {
        let inner = v6.strip_suffix(']').ok_or("The URL's host is not valid.")?;
        return if !inner.is_empty()
            && inner
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            Ok(())
        } else {
            Err("The URL's host is not valid.")
        };
    }
    let ok = host.split('.').all(|l| !l.is_empty() && l.len() <= 63)
        && host.len() <= 253
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_' || b >= 0x80);
    if ok {
        Ok(())
    } else {
        Err("The URL's host is not valid.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_a_full_url() {
        let u = parse_http_url("https://user:pw@Example.com:8443/a/b?x=1#frag").unwrap();
        assert!(u.secure && u.has_userinfo);
        assert_eq!(
            (u.host, u.port, u.path, u.query, u.fragment),
            ("Example.com", Some(8443), "/a/b", Some("x=1"), Some("frag"))
        );
    }

    #[test]
    fn plain_forms() {
        let u = parse_http_url("http://127.0.0.1:3000").unwrap();
        assert!(!u.secure && u.is_loopback());
        assert_eq!((u.host, u.port, u.path), ("127.0.0.1", Some(3000), ""));
        assert!(parse_http_url("https://[::1]:80/x").unwrap().is_loopback());
        assert!(!parse_http_url("https://api.meraki.com/api/v1")
            .unwrap()
            .is_loopback());
    }

    #[test]
    fn refuses_bad_urls() {
        for bad in [
            "ftp://x.com",
            "https://",
            "https://a b.com",
            "https://x.com:99999",
            "https://x.com:1a",
            "//x.com",
            "https://a..b",
            "https://x.com\r\n/",
            "https://[zz]/",
            "https:\\\\x.com",
        ] {
            assert!(parse_http_url(bad).is_err(), "{bad:?}");
        }
    }
}
