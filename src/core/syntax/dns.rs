//! DNS host names, as the API pages use them (`sni`, Symphony domains).

/// Checks a DNS name: labels of 1–63 letters, digits and inner hyphens, at most 253 characters
/// in all, at least two labels, and not an IPv4 address. A single trailing dot is allowed.
/// Returns a sentence saying what is wrong.
pub fn check_dns_name(name: &str) -> Result<(), &'static str> {
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
    if labels < 2 {
        return Err("A domain name needs at least two labels, such as example.com.");
    }
    if name
        .split('.')
        .all(|l| l.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err("An IP address is not a domain name.");
    }
    Ok(())
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
            assert_eq!(check_dns_name(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn refuses_non_names() {
        let long_label = format!("{}.com", "a".repeat(64));
        let long_name = format!("{}com", "abcdefghi.".repeat(26));
        for bad in [
            "",
            "jira",
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
