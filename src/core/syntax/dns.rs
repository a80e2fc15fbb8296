//! DNS host names, as the API pages use them (`sni`, Symphony domains).

/// Checks a DNS name: labels of 1–63 letters, digits and inner hyphens, at most 253 characters
/// in all, and not an IPv4 address. A single trailing dot is allowed. Gives the number of labels
/// (a single label such as `jira` is a valid name that the callers may only warn about), or a
/// sentence saying what is wrong.
pub fn check_dns_name(name: &str) -> Result<usize, &'static str> {
    let name = name.strip_suffix('.').unwrap_or(name);
    if name.is_empty() {
        return Err("A domain name cannot be empty.");
    }
    if name.len() > 253 {
        return Err("A domain name is at most 253 characters long.");
    }
    let mut labels = 0;
    for label in name.split('.') {
        labels += 1;
        if label.is_empty() || label.len() > 63 {
            return Err("Each dot-separated label of a domain name must have 1 to 63 characters.");
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err("A domain name may hold only letters, digits, hyphens and dots.");
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err("A label of a domain name cannot start or end with a hyphen.");
        }
    }
    if name
        .split('.')
        .all(|l| l.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err("An IP address is not a domain name.");
    }
    Ok(labels)
}

#[cfg(test)]
mod tests {
    use super::check_dns_name;

    #[test]
    fn accepts_names() {
        for ok in [
            "xyz123.jira.com",
            "a.b",
            "jira-5.example.co.uk",
            "example.com.",
        ] {
            assert!(check_dns_name(ok).is_ok_and(|n| n >= 2), "{ok}");
        }
        assert_eq!(check_dns_name("xyz123.jira.com"), Ok(3));
        assert_eq!(check_dns_name("example.com."), Ok(2));
    }

    #[test]
    fn a_single_label_is_a_name_of_one_label() {
        assert_eq!(check_dns_name("jira"), Ok(1));
        assert_eq!(check_dns_name("jira."), Ok(1));
        assert_eq!(check_dns_name("localhost"), Ok(1));
        // All digits is an address, not a name, even as one label.
        assert!(check_dns_name("12345").is_err());
    }

    #[test]
    fn refuses_non_names() {
        let long_label = format!("{}.com", "a".repeat(64));
        let long_name = format!("{}com", "abcdefghi.".repeat(26));
        for bad in [
            "",
            "-a.com",
            "a-.com",
            "a..com",
            "a_b.com",
            "10.0.0.1",
            "héllo.com",
            "a.com/x",
            &long_label,
            &long_name,
        ] {
            assert!(check_dns_name(bad).is_err(), "{bad}");
        }
    }
}
