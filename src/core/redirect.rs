//! Which redirects a Meraki call follows, and where an organization's later calls go.
//!
//! The Meraki API may answer with a redirect to the organization's shard (`n123.meraki.com`).
//! The official Python library follows it with the same method, body and key, and keeps the
//! shard. Following a redirect sends the API key to the `Location`, so only a narrow set is
//! followed: an `https://` URL on the base URL's port, whose host is the base URL's host or a
//! name under the same domain — the Meraki domain of the base URL (`meraki.com`, `meraki.ca`,
//! `meraki.cn`, `meraki.in`, `gov-meraki.com`), or for another base URL its registrable domain,
//! taken conservatively as the last two labels (three under a country's `co.`/`com.`/… zone).
//! Anything else stays an `ApiError` and nothing is sent to the other host.

use super::syntax::url::parse_http_url;

/// The most redirects one attempt follows; one more is an `ApiError`.
pub const MAX_HOPS: u32 = 3;

/// The domains Meraki's API hosts and shards live under.
pub(crate) const MERAKI_DOMAINS: [&str; 5] = [
    "meraki.com",
    "meraki.ca",
    "meraki.cn",
    "meraki.in",
    "gov-meraki.com",
];

/// Second-level labels under which a country's zone hands out names (`example.co.uk`): there the
/// registrable domain is three labels, not two. Short on purpose: a zone missing here only makes
/// the rule wider for that zone's custom base URLs, never for Meraki's own.
const COUNTRY_ZONES: [&str; 7] = ["ac", "co", "com", "edu", "gov", "net", "org"];

/// Whether `status` is a redirect this client may follow.
pub fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// Where redirects may lead, as the base URL allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// The base URL's host, lower-cased.
    host: String,
    /// The base URL's port (443 or 80 when it names none).
    port: u16,
    /// The domain whose names are allowed besides `host`; `None` allows `host` only (an IP
    /// address, a single label such as `localhost`, or a name that is a zone itself).
    domain: Option<String>,
}

impl Scope {
    /// The scope of a (checked) base URL. A URL that does not parse allows nothing.
    pub fn of(base_url: &str) -> Scope {
        let Ok(url) = parse_http_url(base_url) else {
            return Scope {
                host: String::new(),
                port: 0,
                domain: None,
            };
        };
        let host = url.host.to_ascii_lowercase();
        let port = url.port.unwrap_or(if url.secure { 443 } else { 80 });
        let domain = domain_of(&host);
        Scope { host, port, domain }
    }

    /// The URL to request after `current` was answered with a redirect to `location`, when
    /// `hops` redirects were already followed in this attempt; else why not, in one sentence
    /// (which never quotes the `Location`: a hostile server chose it).
    pub fn follow(
        &self,
        current: &str,
        location: Option<&str>,
        hops: u32,
    ) -> Result<String, &'static str> {
        if hops >= MAX_HOPS {
            return Err("This client follows at most 3 redirects in a row.");
        }
        let location = location
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .ok_or("The redirect has no Location.")?;
        let next = resolve(current, location)
            .ok_or("The redirect's Location is not a URL this client follows.")?;
        let url = parse_http_url(&next)
            .map_err(|_| "The redirect's Location is not a URL this client follows.")?;
        if !url.secure {
            return Err("The redirect leads to a plain http:// URL.");
        }
        if url.has_userinfo {
            return Err("The redirect's URL holds a user name or password.");
        }
        if url.port.unwrap_or(443) != self.port {
            return Err("The redirect leads to another port.");
        }
        if !self.allows_host(url.host) {
            return Err("The redirect leads to a host outside the base URL's domain.");
        }
        // The fragment is never sent; leave it out of the URL that hooks and errors may show.
        Ok(match next.split_once('#') {
            Some((before, _)) => before.to_owned(),
            None => next,
        })
    }

    fn allows_host(&self, host: &str) -> bool {
        // Only plain DNS names or the base's own host: no percent-escapes, no non-ASCII (a URL
        // parser would map them to other names), no trailing dot.
        let host = host.to_ascii_lowercase();
        if host == self.host {
            return true;
        }
        let plain = host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
        match &self.domain {
            Some(domain) => plain && !is_ip(&host) && under(&host, domain),
            None => false,
        }
    }
}

/// Whether `host` is `domain` or a name under it (`n1.meraki.com`, not `evilmeraki.com`).
fn under(host: &str, domain: &str) -> bool {
    host.strip_suffix(domain)
        .is_some_and(|head| head.is_empty() || head.len() > 1 && head.ends_with('.'))
}

/// The domain under which names share the base host's trust, or `None` for the host alone.
fn domain_of(host: &str) -> Option<String> {
    if is_ip(host) {
        return None;
    }
    if let Some(meraki) = MERAKI_DOMAINS.iter().find(|d| under(host, d)) {
        return Some((*meraki).to_owned());
    }
    // The dots from the end: before the top-level label, before the second, before the third.
    let mut dots = host.rmatch_indices('.').map(|(i, _)| i);
    let top = dots.next()?;
    let second = dots.next();
    let label_two = &host[second.map_or(0, |i| i + 1)..top];
    let zone = host.len() - top == 3 && COUNTRY_ZONES.contains(&label_two);
    // Where the domain starts: after the dot before its first label, or at the host's start.
    let start = match (zone, second) {
        (false, None) => 0,
        (false, Some(i)) => i + 1,
        (true, None) => return None, // the host is a zone itself (`co.uk`)
        (true, Some(_)) => dots.next().map_or(0, |i| i + 1),
    };
    Some(host[start..].to_owned())
}

/// An IPv6 literal, or a name the URL standard reads as an IPv4 address (its last label is a
/// number: `10.0.0.1`, `3232235777`, `0x7f.1`).
fn is_ip(host: &str) -> bool {
    let last = host.rsplit('.').next().unwrap_or("");
    host.starts_with('[')
        || !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit())
        || last.len() > 2 && last.as_bytes()[..2].eq_ignore_ascii_case(b"0x")
}

/// `location` resolved against `current`: absolute, scheme-relative (`//host/…`), absolute-path
/// (`/…`) or path-relative (`shard/…`). A query or fragment alone, or another scheme, is `None`.
fn resolve(current: &str, location: &str) -> Option<String> {
    let lower = location.get(..8).unwrap_or(location).to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return Some(location.to_owned());
    }
    let scheme_end = current.find("://")?;
    if location.starts_with("//") {
        return Some([&current[..scheme_end], ":", location].concat());
    }
    let origin = origin(current);
    if location.starts_with('/') {
        return Some([origin, location].concat());
    }
    if location.starts_with(['?', '#']) || location.split('/').next()?.contains(':') {
        return None;
    }
    let path = &current[origin.len()..];
    let path = &path[..path.find(['?', '#']).unwrap_or(path.len())];
    let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    let dir = if dir.is_empty() { "/" } else { dir };
    Some([origin, dir, location].concat())
}

/// The origin of an absolute URL: `scheme://host[:port]`.
pub fn origin(url: &str) -> &str {
    let start = url.find("://").map_or(0, |i| i + 3);
    let end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i);
    &url[..end]
}

/// `url` sent to `origin` instead of its own, path and query kept.
pub fn rebase(url: &str, to: &str) -> String {
    [to, &url[origin(url).len()..]].concat()
}

/// The shard to remember after following a redirect to `next`: its origin, or `None` when that
/// is the base URL's own origin (a redirect that stays on the base host records no shard).
pub fn shard_of(next: &str, base_url: &str) -> Option<String> {
    let o = origin(next);
    (!o.eq_ignore_ascii_case(origin(base_url))).then(|| o.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://api.meraki.com/api/v1";
    const AT: &str = "https://api.meraki.com/api/v1/organizations/1/secureConnect/sites";

    fn follow(base: &str, location: &str) -> Result<String, &'static str> {
        Scope::of(base).follow(AT, Some(location), 0)
    }

    #[test]
    fn follows_shards_under_the_meraki_domain() {
        let shard = "https://n123.meraki.com/api/v1/organizations/1/secureConnect/sites";
        assert_eq!(follow(BASE, shard).unwrap(), shard);
        for ok in [
            "https://api.meraki.com/api/v1/x",
            "https://N123.Meraki.COM/api/v1/x",
            "https://meraki.com/api/v1/x",
            "https://n1.eu.meraki.com:443/x",
            "https://n123.meraki.com/api/v1/x?a=b",
        ] {
            assert!(follow(BASE, ok).is_ok(), "{ok}");
        }
        assert_eq!(
            follow(BASE, "https://n9.meraki.com/x#frag").unwrap(),
            "https://n9.meraki.com/x"
        );
        for (base, shard) in [
            ("https://api.meraki.ca/api/v1", "https://n5.meraki.ca/a"),
            ("https://api.meraki.cn/api/v1", "https://n5.meraki.cn/a"),
            ("https://api.meraki.in/api/v1", "https://n5.meraki.in/a"),
            (
                "https://api.gov-meraki.com/api/v1",
                "https://n5.gov-meraki.com/a",
            ),
        ] {
            assert!(follow(base, shard).is_ok(), "{base} -> {shard}");
        }
    }

    #[test]
    fn refuses_other_domains_and_lookalikes() {
        for bad in [
            "https://evil.example.com/api/v1/x",
            "https://meraki.com.evil.com/",
            "https://evilmeraki.com/",
            "https://n123.meraki.ca/x", // another Meraki region is another domain
            "https://n123.meraki.com./x",
            "https://.meraki.com/x",
            "https://n123.meraki.com\u{3002}evil.com/x",
            "https://n1%2emeraki.com/x",
            "https://api.meraki.com@evil.com/x",
            "https://user:pw@n123.meraki.com/x",
            "http://n123.meraki.com/x",
            "ftp://n123.meraki.com/x",
            "https://n123.meraki.com:8443/x",
            "https://n123.meraki.com:80/x",
            "https://52.1.2.3/x",
            "https://[::1]/x",
            "https://3232235777/x",
            "https:n123.meraki.com/x",
            "javascript:alert(1)",
            "https://evil.com\\@n1.meraki.com/",
        ] {
            assert!(follow(BASE, bad).is_err(), "{bad}");
        }
        assert_eq!(
            follow(BASE, "https://meraki.com.evil.com/"),
            Err("The redirect leads to a host outside the base URL's domain.")
        );
        assert!(follow(BASE, "http://n1.meraki.com/")
            .unwrap_err()
            .contains("http://"));
        assert!(follow(BASE, "https://n1.meraki.com:8443/")
            .unwrap_err()
            .contains("port"));
    }

    #[test]
    fn relative_locations_resolve_against_the_current_url() {
        let scope = Scope::of(BASE);
        let at = "https://n7.meraki.com/api/v1/organizations/1/sites?x=1";
        let go = |l: &str| scope.follow(at, Some(l), 0);
        assert_eq!(go("/api/v1/y").unwrap(), "https://n7.meraki.com/api/v1/y");
        assert_eq!(
            go("other").unwrap(),
            "https://n7.meraki.com/api/v1/organizations/1/other"
        );
        assert_eq!(go("//n8.meraki.com/z").unwrap(), "https://n8.meraki.com/z");
        for bad in [
            "//evil.com/z",
            "?q=1",
            "#f",
            "mailto:x@meraki.com",
            "data:,x",
        ] {
            assert!(go(bad).is_err(), "{bad}");
        }
        // A relative Location from a plain http:// base stays plain http: refused.
        let local = Scope::of("http://127.0.0.1:8080/api/v1");
        assert!(local
            .follow("http://127.0.0.1:8080/api/v1/x", Some("/api/v1/y"), 0)
            .is_err());
    }

    #[test]
    fn missing_locations_and_the_hop_limit() {
        let scope = Scope::of(BASE);
        let shard = Some("https://n1.meraki.com/x");
        assert!(scope
            .follow(AT, None, 0)
            .unwrap_err()
            .contains("no Location"));
        assert!(scope.follow(AT, Some("  "), 0).is_err());
        assert!(scope.follow(AT, shard, MAX_HOPS - 1).is_ok());
        let e = scope.follow(AT, shard, MAX_HOPS).unwrap_err();
        assert!(e.contains("at most 3"), "{e}");
    }

    #[test]
    fn custom_bases_keep_their_registrable_domain() {
        let relay = "https://relay.corp.example.com/api/v1";
        assert!(follow(relay, "https://n1.example.com/x").is_ok());
        assert!(follow(relay, "https://example.com/x").is_ok());
        assert!(follow(relay, "https://n1.meraki.com/x").is_err());
        assert!(follow(relay, "https://example.org/x").is_err());
        assert!(follow(relay, "https://xexample.com/x").is_err());
        let uk = "https://api.acme.co.uk/api/v1";
        assert!(follow(uk, "https://n1.acme.co.uk/x").is_ok());
        assert!(follow(uk, "https://evil.co.uk/x").is_err());
        // An IP address or a single label allows that host only.
        let ip = "https://10.0.0.5/api/v1";
        assert!(follow(ip, "https://10.0.0.5/other").is_ok());
        assert!(follow(ip, "https://10.0.0.6/other").is_err());
        assert!(follow("https://relay/api/v1", "https://relay/x").is_ok());
        assert!(follow("https://relay/api/v1", "https://other/x").is_err());
        // Non-ASCII hosts never panic and are refused unless they are the base host itself.
        assert!(follow("https://a.x\u{e9}/api/v1", "https://b.x\u{e9}/x").is_err());
        assert!(follow(BASE, "https://n1.meraki.c\u{f6}m/x").is_err());
        // A custom port is the only port.
        let port = "https://relay.example.com:8443/api/v1";
        assert!(follow(port, "https://n1.example.com:8443/x").is_ok());
        assert!(follow(port, "https://n1.example.com/x").is_err());
    }

    #[test]
    fn origins_rebases_and_shards() {
        assert_eq!(origin(AT), "https://api.meraki.com");
        assert_eq!(origin("https://h:8443?x"), "https://h:8443");
        assert_eq!(
            rebase(AT, "https://n123.meraki.com"),
            "https://n123.meraki.com/api/v1/organizations/1/secureConnect/sites"
        );
        assert_eq!(
            shard_of("https://n123.meraki.com/api/v1/x", BASE).as_deref(),
            Some("https://n123.meraki.com")
        );
        assert_eq!(shard_of("https://API.meraki.com/api/v1/y", BASE), None);
        assert!([301, 302, 303, 307, 308].into_iter().all(is_redirect));
        assert!(![300, 304, 305, 306, 200, 0].into_iter().any(is_redirect));
    }
}
