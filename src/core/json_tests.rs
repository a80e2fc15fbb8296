use super::*;

/// The text serde_json writes for what we read (numbers through f64, as it would).
fn same_as_serde(text: &str) {
    let ours = parse(text).map(|v| {
        let mut out = String::new();
        write(&v, &|s| s.to_owned(), &mut out);
        serde_json::from_str::<serde_json::Value>(&out).expect("we write JSON")
    });
    let theirs = serde_json::from_str::<serde_json::Value>(text);
    match (ours, theirs) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
        (Err(_), Err(_)) => {}
        (a, b) => panic!("{text}: ours {a:?}, serde_json {b:?}"),
    }
}

#[test]
fn reads_what_serde_json_reads_and_refuses_what_it_refuses() {
    for text in [
        r#"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#,
        " \n\t{ \"a\" : [ 1 , 2 ] } \r\n",
        r#""plain""#,
        r#""esc \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00 end""#,
        r#"[0, -0, 1.5, -2.25e3, 1E+2, 3e-2, 123456789012345678901234567890]"#,
        "[]",
        "{}",
        r#"{"a":1,}"#,
        "[1,]",
        "[01]",
        "[1.]",
        "[.5]",
        "[1e]",
        "[-]",
        "[+1]",
        r#""\ud800""#,
        r#""\udc00""#,
        r#""\ud800\u0041""#,
        r#""\x""#,
        r#""\u12""#,
        "\"tab\there\"",
        "\"unterminated",
        "tru",
        "nul",
        "[1] x",
        "",
        "   ",
        r#"{"a" 1}"#,
        r#"{1:2}"#,
        "[1 2]",
        r#""é ü 😀""#,
    ] {
        same_as_serde(text);
    }
}

#[test]
fn nesting_is_refused_at_128_levels_with_its_own_error() {
    let ok = format!("{}{}", "[".repeat(127), "]".repeat(127));
    assert!(parse(&ok).is_ok());
    let deep = format!("{}{}", "[".repeat(128), "]".repeat(128));
    assert_eq!(parse(&deep), Err(Error::TooDeep));
    let deep_objects = format!("{}1{}", "{\"a\":".repeat(128), "}".repeat(128));
    assert_eq!(parse(&deep_objects), Err(Error::TooDeep));
    // A syntax error found before the depth is passed is a syntax error.
    assert_eq!(parse("[[1,]]"), Err(Error::Syntax));
    // Half a surrogate pair: refused, but told apart (`JSON.parse` reads it).
    for lone in [
        r#""\ud800""#,
        r#""\udfff""#,
        r#""\ud800x""#,
        r#""\ud800\u0041""#,
    ] {
        assert_eq!(parse(lone), Err(Error::LoneSurrogate), "{lone}");
    }
    assert_eq!(parse(r#""\ud800\uZZZZ""#), Err(Error::Syntax));
    assert!(parse(r#""\ud83d\ude00""#).is_ok());
}

#[test]
fn strings_without_escapes_are_borrowed() {
    let v = parse(r#"{"name":"plain","other":"a\nb"}"#).unwrap();
    let Value::Object(map) = &v else { panic!() };
    assert!(matches!(
        map.get("name"),
        Some(Value::String(Cow::Borrowed("plain")))
    ));
    assert!(matches!(map.get("other"), Some(Value::String(Cow::Owned(s))) if s == "a\nb"));
}

#[test]
fn a_repeated_member_answers_with_the_last_as_json_parse_does() {
    let v = parse(r#"{"a":1,"a":2}"#).unwrap();
    assert_eq!(
        v.get("a").and_then(|n| match n {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }),
        Some(2)
    );
    let Value::Object(map) = &v else { panic!() };
    assert_eq!(map.len(), 2);
}

#[test]
fn numbers_keep_their_text_and_classify_like_serde_json() {
    fn n(t: &str) -> Number<'_> {
        match parse(t).unwrap() {
            Value::Number(n) => n,
            _ => panic!("{t}"),
        }
    }
    assert_eq!(n("42").as_i64(), Some(42));
    assert_eq!(n("-9223372036854775808").as_i64(), Some(i64::MIN));
    assert_eq!(n("9223372036854775808").as_i64(), None);
    assert!(n("9223372036854775808").is_u64());
    assert!(!n("18446744073709551616").is_u64());
    assert!(!n("-1").is_u64());
    assert_eq!(n("3.0").as_i64(), None);
    assert_eq!(n("3.0").as_f64(), 3.0);
    assert_eq!(n("1e3").as_f64(), 1000.0);
    assert_eq!(n("1.5").as_f64(), 1.5);
    assert_eq!(n("-0.001").as_f64(), -0.001);
    assert_eq!(n("1e400").as_f64(), f64::INFINITY);
    assert_eq!(n("1.7976931348623157e308").as_f64(), f64::MAX);
    assert_eq!(n("1.7976931348623159e308").as_f64(), f64::INFINITY);
    assert_eq!(n("-1.7976931348623157E+308").as_f64(), f64::MIN);
    assert_eq!(n("1e-400").as_f64(), 0.0);
    assert_eq!(n("1700815176000").as_f64(), 1_700_815_176_000.0);
    assert_eq!(n("0.1").as_f64(), 0.1);
    assert_eq!(
        n("123456789012345678901234567890").as_f64(),
        1.2345678901234568e29
    );
    assert_eq!(n("2.5e-3").as_text(), "2.5e-3");
}

#[test]
fn what_json_stringify_writes_reads_back_to_the_same_f64() {
    // Shortest round-trip decimals, as JS writes them.
    for f in [
        0.1f64,
        0.2,
        0.3,
        1.1,
        2.675,
        1e-7,
        123.456,
        9007199254740993.0,
        5e-324,
        1.7976931348623157e308,
    ] {
        let text = format!("{f:?}");
        let Value::Number(n) = parse(&text).unwrap() else {
            panic!()
        };
        let got = n.as_f64();
        let ulps = (got.to_bits() as i64 - f.to_bits() as i64).abs();
        assert!(
            got.is_finite() && ulps <= 7,
            "{text}: {got:?} is {ulps} ulps off"
        );
        if text.len() <= 17 && !text.contains('e') {
            assert_eq!(got, f, "{text}: the fast path is exact");
        }
    }
}

#[test]
fn pointers_follow_rfc_6901() {
    let v = parse(r#"{"a/b":{"m~n":[10,{"x":"y"}]}}"#).unwrap();
    assert_eq!(
        v.pointer("/a~1b/m~0n/1/x").and_then(Value::as_str),
        Some("y")
    );
    assert!(v.pointer("/a~1b/m~0n/2").is_none());
    assert!(v.pointer("/nope").is_none());
    assert!(v.pointer("").is_none());
}

#[test]
fn written_strings_are_edited_and_escaped() {
    let v = parse(r#"{"key-SECRET":"say \"SECRET\"\u0001","n":[1.50,null]}"#).unwrap();
    let mut out = String::new();
    write(&v, &|s| s.replace("SECRET", "***"), &mut out);
    assert_eq!(out, r#"{"key-***":"say \"***\"\u0001","n":[1.50,null]}"#);
}
