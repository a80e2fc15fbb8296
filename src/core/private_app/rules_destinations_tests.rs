//! Tests of the destination rules in `rules.rs` (destinations, destinationAddr, protocol,
//! ports): a passing and a breaking case each. The helpers and the two base values are in
//! `rules_tests.rs`, whose child module this is.

use super::*;

// ---- destinations ----

#[test]
fn destinations_need_one_destination() {
    let v = set(network(), "/destinations", json!([]));
    assert_eq!(issues(&v), [e("/destinations", "empty-list")]);
    let second = network().pointer(D0).unwrap().clone();
    let v = set(network(), "/destinations/1", second);
    assert_eq!(issues(&v), []);
}

#[test]
fn destination_lists_need_one_item() {
    assert_eq!(
        issues(&set(
            network(),
            "/destinations/0/destinationAddr",
            json!([])
        )),
        [e("/destinations/0/destinationAddr", "empty-list")]
    );
    assert_eq!(
        issues(&set(network(), "/destinations/0/protocolPorts", json!([]))),
        [e("/destinations/0/protocolPorts", "empty-list")]
    );
}

#[test]
fn access_type_is_an_enum() {
    let at = "/destinations/0/accessType";
    assert_eq!(issues(&set(network(), at, json!("network"))), []);
    assert_eq!(issues(&set(browser(), at, json!("browser"))), []);
    for bad in ["vpn", "", "NETWORK ", "browser-based"] {
        let v = set(network(), at, json!(bad));
        assert_eq!(issues(&v), [e(at, "access-type")], "{bad:?}");
    }
    let v = set(network(), at, json!("Network"));
    assert_eq!(issues(&v), [e(at, "access-type")]);
    assert!(message(&v, at, "access-type").contains("case-sensitive: write \"network\""));
    assert_eq!(issues(&set(network(), at, json!(1))), [e(at, "type")]);
}

#[test]
fn miscased_browser_still_gets_the_browser_checks() {
    let v = set(network(), "/destinations/0/accessType", json!("Browser"));
    assert_eq!(
        issues(&v),
        [
            e("/destinations/0/accessType", "access-type"),
            e(ADDR0, "browser-single-host")
        ]
    );
}

// ---- destinationAddr ----

#[test]
fn network_addresses_pass() {
    let addrs = json!([
        "10.0.0.5",
        "10.0.0.0/8",
        "0.0.0.0/0",
        "255.100.100.0/24",
        "172.6.0.0/32"
    ]);
    let v = set(network(), "/destinations/0/destinationAddr", addrs);
    assert_eq!(issues(&v), []);
}

#[test]
fn address_forms_are_errors_that_say_what_to_write() {
    for (addr, says) in [
        ("::1", "IPv6 is not supported"),
        ("2001:db8::/32", "IPv6 is not supported"),
        ("10.0.0.1-10.0.0.9", "ranges are not supported"),
        ("jira.internal", "Host names are not supported"),
        ("10.0.0.1:443", "put the port in protocolPorts"),
        ("10.0.0.0/33", "/0 to /32"),
        ("10.0.0.0/08", "/0 to /32"),
        ("01.2.3.4", "is not an IPv4 address"),
        ("256.1.1.1", "is not an IPv4 address"),
        ("1.2.3", "is not an IPv4 address"),
        ("", "is not an IPv4 address"),
        (" 10.0.0.1", "is not an IPv4 address"),
    ] {
        let v = set(network(), ADDR0, json!(addr));
        assert_eq!(issues(&v), [e(ADDR0, "ipv4-form")], "{addr:?}");
        let m = message(&v, ADDR0, "ipv4-form");
        assert!(m.contains(says), "{addr:?}: {m}");
        assert!(
            m.contains("CIDR block such as 10.0.0.0/24"),
            "{addr:?}: {m}"
        );
    }
}

#[test]
fn browser_addresses_are_single_hosts() {
    let addrs = json!(["10.0.0.5", "10.0.0.5/32"]);
    let v = set(browser(), "/destinations/0/destinationAddr", addrs);
    assert_eq!(issues(&v), []);

    let v = set(browser(), ADDR0, json!("10.0.0.0/24"));
    assert_eq!(issues(&v), [e(ADDR0, "browser-single-host")]);
    let m = message(&v, ADDR0, "browser-single-host");
    assert!(
        m.contains("write 10.0.0.0 or 10.0.0.0/32, not a /24 block"),
        "{m}"
    );
    assert_eq!(
        issues(&set(browser(), ADDR0, json!("0.0.0.0/0"))),
        [e(ADDR0, "browser-single-host")]
    );

    for addr in ["::1", "10.0.0.1-10.0.0.3", "jira.internal", "10.0.0.5/33"] {
        let v = set(browser(), ADDR0, json!(addr));
        assert_eq!(issues(&v), [e(ADDR0, "ipv4-form")], "{addr}");
        let m = message(&v, ADDR0, "ipv4-form");
        assert!(m.contains("/32"), "{addr}: {m}");
        assert!(!m.contains("/24"), "{addr}: {m}");
    }
}

#[test]
fn addresses_must_be_strings_in_an_array() {
    let v = set(
        network(),
        "/destinations/0/destinationAddr",
        json!(["10.0.0.5", 5]),
    );
    assert_eq!(issues(&v), [e("/destinations/0/destinationAddr/1", "type")]);
    let v = set(
        network(),
        "/destinations/0/destinationAddr",
        json!("10.0.0.5"),
    );
    assert_eq!(issues(&v), [e("/destinations/0/destinationAddr", "type")]);
}

// ---- protocol ----

#[test]
fn known_protocols_pass_case_insensitively() {
    for p in ["TCP", "tcp", "Udp", "ANY", "any"] {
        assert_eq!(issues(&set(network(), PROTO0, json!(p))), [], "{p}");
    }
    for p in ["TCP", "tcp", "Tcp"] {
        assert_eq!(issues(&set(browser(), PROTO0, json!(p))), [], "{p}");
    }
}

#[test]
fn other_protocols_are_warnings() {
    for p in ["ICMP", "ssh", " TCP", "http/https", "\u{202e}TCP"] {
        let v = set(network(), PROTO0, json!(p));
        assert_eq!(issues(&v), [w(PROTO0, "protocol-unknown")], "{p:?}");
        assert!(report(&v).valid);
    }
    let m = message(
        &set(network(), PROTO0, json!("\u{202e}TCP")),
        PROTO0,
        "protocol-unknown",
    );
    assert!(m.contains("\\u{202e}"), "{m}");
}

#[test]
fn protocol_must_not_be_empty() {
    assert_eq!(
        issues(&set(network(), PROTO0, json!(""))),
        [e(PROTO0, "empty-string")]
    );
    assert_eq!(
        issues(&set(network(), PROTO0, json!(6))),
        [e(PROTO0, "type")]
    );
}

#[test]
fn browser_destinations_take_tcp_only() {
    for p in ["UDP", "any", "HTTPS"] {
        let v = set(browser(), PROTO0, json!(p));
        assert_eq!(issues(&v), [e(PROTO0, "protocol-browser-tcp")], "{p}");
    }
}

#[test]
fn a_protocol_appears_once_per_list() {
    let pps = "/destinations/0/protocolPorts";
    let ok = json!([{"protocol": "TCP", "ports": "80"}, {"protocol": "UDP", "ports": "53"}]);
    assert_eq!(issues(&set(network(), pps, ok)), []);
    let dup = json!([
        {"protocol": "TCP", "ports": "80"},
        {"protocol": "udp", "ports": "53"},
        {"protocol": "tcp", "ports": "443"}
    ]);
    let v = set(network(), pps, dup);
    let at = "/destinations/0/protocolPorts/2/protocol";
    assert_eq!(issues(&v), [e(at, "protocol-duplicate")]);
    assert!(message(&v, at, "protocol-duplicate").contains("protocolPorts/0"));

    // The same protocol in two destinations is fine.
    let second = network().pointer(D0).unwrap().clone();
    assert_eq!(issues(&set(network(), "/destinations/1", second)), []);
}

#[test]
fn protocol_repeats_are_found_in_long_lists() {
    let mut items: Vec<Value> = (0..99)
        .map(|i| json!({"protocol": format!("X{i}"), "ports": "1"}))
        .collect();
    items.push(json!({"protocol": "x5", "ports": "2"}));
    let v = set(
        network(),
        "/destinations/0/protocolPorts",
        Value::Array(items),
    );
    let rep = report(&v);
    let errors: Vec<_> = rep
        .errors
        .iter()
        .map(|i| (i.path.as_str(), i.code))
        .collect();
    let at = "/destinations/0/protocolPorts/99/protocol";
    assert_eq!(errors, [(at, "protocol-duplicate")]);
    assert!(message(&v, at, "protocol-duplicate").contains("protocolPorts/5"));
    assert_eq!(rep.warnings.len(), 100);
}

// ---- ports ----

#[test]
fn ports_pass() {
    for ports in [
        "443",
        "80-82",
        "80,443,8000-8100",
        " 80 , 443,8000-8100 ",
        "1-65535",
    ] {
        assert_eq!(
            issues(&set(network(), PORTS0, json!(ports))),
            [],
            "{ports:?}"
        );
    }
}

#[test]
fn ports_form() {
    for ports in [
        "", " ", "80,,443", "80,", ",80", "http", "80;443", "4 43", "+80", "٤٤٣",
    ] {
        let v = set(network(), PORTS0, json!(ports));
        assert_eq!(issues(&v), [e(PORTS0, "ports-form")], "{ports:?}");
    }
    assert!(message(
        &set(network(), PORTS0, json!("80,,443")),
        PORTS0,
        "ports-form"
    )
    .contains("Item 2"));
    assert_eq!(
        issues(&set(network(), PORTS0, json!(443))),
        [e(PORTS0, "type")]
    );
}

#[test]
fn port_range() {
    for ports in ["0", "65536", "80,0-10", "1-70000", "90-80"] {
        let v = set(network(), PORTS0, json!(ports));
        assert_eq!(issues(&v), [e(PORTS0, "port-range")], "{ports:?}");
    }
    let m = message(
        &set(network(), PORTS0, json!("80, 90-80")),
        PORTS0,
        "port-range",
    );
    assert!(m.contains("\"90-80\""), "{m}");
}

#[test]
fn overlapping_ports_are_a_warning() {
    let v = set(network(), PORTS0, json!("80-90,85"));
    assert_eq!(issues(&v), [w(PORTS0, "ports-overlap")]);
    assert!(report(&v).valid);
    let m = message(&v, PORTS0, "ports-overlap");
    assert!(m.contains("\"80-90\" and \"85\""), "{m}");
}

#[test]
fn ports_issue_path_names_the_item() {
    let pps = json!([
        {"protocol": "TCP", "ports": "443"},
        {"protocol": "UDP", "ports": "x"}
    ]);
    let v = set(network(), "/destinations/0/protocolPorts", pps);
    assert_eq!(
        issues(&v),
        [e("/destinations/0/protocolPorts/1/ports", "ports-form")]
    );
}
