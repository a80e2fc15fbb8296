//! The generators of `properties.rs`: strings, JSON, the models' shapes with junk mixed in, and
//! mutations of the pages' examples.

use proptest::prelude::*;
use proptest::sample::{select, Index};
use serde_json::{json, Map, Number, Value};

/// Size of the "huge" strings planted in some inputs.
const HUGE: usize = 1 << 20;

// ---------------------------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------------------------

/// Characters that matter to the rules (separators, digits, pointer escapes, white space) and
/// unicode that trips naive code: combining marks, astral characters, zero-width and bidi
/// controls, non-ASCII digits and letters that case-fold to ASCII.
#[rustfmt::skip]
const CHARS: &[char] = &[
    'a', 'Z', '0', '1', '9', '.', ',', '-', '_', '/', ':', '@', '[', ']', '?', '#', '%', '~', '*',
    ' ', '\t', '\n', '\r', '\\', '"', '\'', '\0', '\u{7f}', 'é', 'ß', '\u{301}', '\u{300}',
    '\u{200b}', '\u{200d}', '\u{202e}', '\u{feff}', '\u{fffd}', '\u{212a}', '\u{17f}', '\u{130}',
    '\u{660}', '\u{ff11}', '\u{3002}', '\u{2024}', '日', '\u{1d11e}', '\u{1f600}', '\u{1f469}',
    '\u{1f3fd}', '\u{e0001}', '\u{e0100}', '\u{10ffff}', '\u{10fffd}',
];

fn any_char() -> impl Strategy<Value = char> {
    prop_oneof![3 => select(CHARS), 1 => any::<char>()]
}

pub(crate) fn short_string() -> impl Strategy<Value = String> {
    prop::collection::vec(any_char(), 0..12).prop_map(String::from_iter)
}

/// A unit repeated: lengths around the rules' limits (50, 60, 63, 64, 253, 256, 1024, 4096)
/// and beyond; the longest are the rarest, to keep generation cheap.
#[rustfmt::skip]
fn long_string(unit: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    let reps = prop_oneof![
        8 => select(&[2usize, 25, 26, 51, 61, 64, 65, 127, 128, 254, 257][..]),
        2 => select(&[513usize, 1025, 2049, 4097][..]),
        1 => Just(10_000usize),
    ];
    (unit, reps).prop_map(|(u, n)| {
        let u = if u.is_empty() { "x".to_owned() } else { u };
        // A long unit (a 4097-character value, say) is repeated less: at most about 64 KB.
        let n = n.min((65_536 / u.len()).max(2));
        u.repeat(n)
    })
}

/// About 1 MB: a unit repeated, with the unit's own shape so that it meets the same parser path.
fn huge_string(unit: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    unit.prop_map(|u| {
        let u = if u.is_empty() { "9".to_owned() } else { u };
        u.repeat(HUGE / u.len() + 1)
    })
}

pub(crate) fn pool(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// A string for a field whose near-miss values are `near`: mostly those, else junk.
fn string_from(near: Vec<String>) -> BoxedStrategy<String> {
    let seps = select(&[",", ", ", ",,", "-", "/", ".", " ", "\n", "\\n", ""][..]);
    prop_oneof![
        10 => select(near.clone()),
        2 => (select(near.clone()), seps, select(near.clone()))
            .prop_map(|(a, s, b)| format!("{a}{s}{b}")),
        3 => short_string(),
        1 => long_string(select(near.clone())),
        1 => long_string(short_string()),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------------

#[rustfmt::skip]
fn number() -> impl Strategy<Value = Value> {
    let edges = select(
        &[
            0i64, -1, 1, 443, 65_535, 65_536, 1_700_815_176_000, (1 << 53) - 1, 1 << 53, i64::MAX,
            i64::MIN,
        ][..],
    );
    let floats = select(
        &[
            0.5,
            -0.0,
            1.5,
            1e300,
            -1e300,
            1_700_815_176_000.0,
            9_007_199_254_740_992.0,
            4.9e-324,
        ][..],
    );
    prop_oneof![
        2 => edges.prop_map(Value::from),
        1 => any::<i64>().prop_map(Value::from),
        1 => (1u64 << 63..=u64::MAX).prop_map(Value::from),
        1 => floats.prop_map(Value::from),
        1 => prop::num::f64::NORMAL
            .prop_map(|f| Number::from_f64(f).map_or(Value::Null, Value::Number)),
    ]
}

fn leaf(strings: BoxedStrategy<String>) -> BoxedStrategy<Value> {
    prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        2 => number(),
        4 => strings.prop_map(Value::String),
    ]
    .boxed()
}

/// A member name: one the model knows, a near miss of one (a typo, another case, a pointer
/// escape character), or junk.
fn key(known: &'static [&'static str]) -> BoxedStrategy<String> {
    let typo = (select(known), any::<Index>(), select(CHARS), 0u8..5).prop_map(|(k, at, c, op)| {
        let mut chars: Vec<char> = k.chars().collect();
        let i = at.index(chars.len() + 1);
        match op {
            0 if i < chars.len() => {
                chars.remove(i);
            }
            1 => chars.insert(i, c),
            2 => return k.to_ascii_uppercase(),
            3 => return format!("{k}/~0"),
            _ => {
                let last = chars.len() - 1;
                chars.swap(0, last);
            }
        }
        chars.into_iter().collect()
    });
    prop_oneof![
        6 => select(known).prop_map(str::to_owned),
        2 => typo,
        2 => short_string(),
        1 => long_string(short_string()),
    ]
    .boxed()
}

/// Arbitrary JSON up to a few levels, with the model's field names among the member names.
fn arb_json(
    known: &'static [&'static str],
    strings: BoxedStrategy<String>,
) -> BoxedStrategy<Value> {
    leaf(strings)
        .prop_recursive(5, 40, 5, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::vec((key(known), inner), 0..5)
                    .prop_map(|members| Value::Object(members.into_iter().collect())),
            ]
        })
        .boxed()
}

/// A value buried under up to 40 levels of arrays and objects.
fn deep(known: &'static [&'static str], strings: BoxedStrategy<String>) -> BoxedStrategy<Value> {
    (
        arb_json(known, strings),
        prop::collection::vec((any::<bool>(), select(known)), 0..=40),
    )
        .prop_map(|(mut v, layers)| {
            for (array, k) in layers {
                v = if array {
                    Value::Array(vec![v])
                } else {
                    let mut m = Map::new();
                    m.insert(k.to_owned(), v);
                    Value::Object(m)
                };
            }
            v
        })
        .boxed()
}

// ---------------------------------------------------------------------------------------------
// Shapes: the model's structure, with each field present, absent, null, near-miss or junk
// ---------------------------------------------------------------------------------------------

#[derive(Clone)]
pub(crate) enum Shape {
    Obj(Vec<(&'static str, Shape)>),
    Arr(Box<Shape>),
    Str(Vec<String>),
    Bool,
    Int(Vec<i64>),
}

pub(crate) fn obj(fields: Vec<(&'static str, Shape)>) -> Shape {
    Shape::Obj(fields)
}
pub(crate) fn arr(item: Shape) -> Shape {
    Shape::Arr(Box::new(item))
}
pub(crate) fn text(items: &[&str]) -> Shape {
    Shape::Str(pool(items))
}

/// A value of `shape`, with junk mixed in at every level.
fn shaped(
    shape: &Shape,
    known: &'static [&'static str],
    junk: &BoxedStrategy<Value>,
) -> BoxedStrategy<Value> {
    match shape {
        Shape::Str(near) => string_from(near.clone()).prop_map(Value::String).boxed(),
        Shape::Bool => prop_oneof![4 => any::<bool>().prop_map(Value::Bool), 1 => number()].boxed(),
        Shape::Int(near) => prop_oneof![
            3 => select(near.clone()).prop_map(Value::from),
            1 => number(),
        ]
        .boxed(),
        Shape::Arr(item) => {
            let one = prop_oneof![9 => shaped(item, known, junk), 1 => junk.clone()];
            let short = prop::collection::vec(one.clone(), 0..4);
            if matches!(**item, Shape::Obj(ref f) if f.iter().any(|(_, s)| !matches!(s, Shape::Str(_))))
            {
                // Lists of deep objects stay short: long ones would cost more than they find.
                return short.prop_map(Value::Array).boxed();
            }
            // Lists over 64 items take another code path for repeats: make sure some repeat.
            let long = prop::collection::vec(one, 60..72).prop_map(|mut v| {
                let n = v.len();
                for i in (0..n).step_by(7) {
                    v[i] = v[(i * 5) % n].clone();
                }
                v
            });
            prop_oneof![20 => short, 1 => long]
                .prop_map(Value::Array)
                .boxed()
        }
        Shape::Obj(fields) => {
            let members: Vec<BoxedStrategy<Option<(String, Value)>>> = fields
                .iter()
                .map(|(name, field)| {
                    let name = (*name).to_owned();
                    let n2 = name.clone();
                    let n3 = name.clone();
                    prop_oneof![
                        3 => Just(None),
                        10 => shaped(field, known, junk).prop_map(move |v| Some((name.clone(), v))),
                        1 => Just(Some((n2, Value::Null))),
                        1 => junk.clone().prop_map(move |v| Some((n3.clone(), v))),
                    ]
                    .boxed()
                })
                .collect();
            let extra = prop::collection::vec((key(known), junk.clone()), 0..2);
            (members, prop_oneof![5 => Just(vec![]), 1 => extra])
                .prop_map(|(members, extra)| {
                    let mut m: Map<String, Value> = members.into_iter().flatten().collect();
                    m.extend(extra);
                    Value::Object(m)
                })
                .boxed()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Mutations of the pages' examples
// ---------------------------------------------------------------------------------------------

fn pointers(v: &Value, at: &mut String, out: &mut Vec<String>) {
    out.push(at.clone());
    let len = at.len();
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                at.push('/');
                at.push_str(&k.replace('~', "~0").replace('/', "~1"));
                pointers(child, at, out);
                at.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                at.push('/');
                at.push_str(&i.to_string());
                pointers(child, at, out);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// `orig` turned into another JSON type, chosen by `kind`.
fn retype(orig: Value, kind: u8) -> Value {
    let candidates = [
        Value::Null,
        json!(true),
        json!(0),
        json!(-1.5),
        json!(""),
        json!("x"),
        json!([]),
        json!({}),
        Value::Array(vec![orig.clone()]),
        json!({ "value": orig.clone() }),
        Value::String(orig.to_string()),
    ];
    let differs: Vec<Value> = candidates
        .into_iter()
        .filter(|c| std::mem::discriminant(c) != std::mem::discriminant(&orig))
        .collect();
    differs[kind as usize % differs.len()].clone()
}

#[derive(Debug, Clone)]
struct Mutation {
    op: u8,
    at: Index,
    kind: u8,
    value: Value,
    name: String,
}

fn apply(v: &mut Value, m: &Mutation) {
    let mut all = Vec::new();
    pointers(v, &mut String::new(), &mut all);
    let path = &all[m.at.index(all.len())];
    match m.op % 7 {
        // Remove the member or item (the root stays).
        0 | 1 => {
            if let Some((parent, token)) = path.rsplit_once('/') {
                match v.pointer_mut(parent) {
                    Some(Value::Object(map)) => {
                        map.remove(&unescape(token));
                    }
                    Some(Value::Array(items)) => {
                        if let Ok(i) = token.parse::<usize>() {
                            if i < items.len() {
                                items.remove(i);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        // Replace with a value of another type.
        2 => {
            let target = v.pointer_mut(path).unwrap();
            *target = retype(target.take(), m.kind);
        }
        // Replace with a near-miss or junk value.
        3 | 4 => *v.pointer_mut(path).unwrap() = m.value.clone(),
        // Set to null.
        5 => *v.pointer_mut(path).unwrap() = Value::Null,
        // Add a member (a known name, a typo, junk) or repeat an item.
        _ => match v.pointer_mut(path).unwrap() {
            Value::Object(map) => {
                map.insert(m.name.clone(), m.value.clone());
            }
            Value::Array(items) => {
                let again = match items.first() {
                    Some(first) if m.kind % 2 == 0 => first.clone(),
                    _ => m.value.clone(),
                };
                items.push(again);
            }
            other => *other = m.value.clone(),
        },
    }
}

fn mutated(
    bases: Vec<Value>,
    known: &'static [&'static str],
    values: BoxedStrategy<Value>,
) -> BoxedStrategy<Value> {
    let mutation = (any::<u8>(), any::<Index>(), any::<u8>(), values, key(known)).prop_map(
        |(op, at, kind, value, name)| Mutation {
            op,
            at,
            kind,
            value,
            name,
        },
    );
    (select(bases), prop::collection::vec(mutation, 1..4))
        .prop_map(|(mut v, ms)| {
            for m in &ms {
                apply(&mut v, m);
            }
            v
        })
        .boxed()
}

/// Everything for one validator: its examples, field names, shape and near-miss strings.
pub(crate) struct Model {
    pub(crate) bases: Vec<Value>,
    pub(crate) known: &'static [&'static str],
    pub(crate) shape: Shape,
}

fn all_strings(shape: &Shape, out: &mut Vec<String>) {
    match shape {
        Shape::Obj(fields) => fields.iter().for_each(|(_, s)| all_strings(s, out)),
        Shape::Arr(item) => all_strings(item, out),
        Shape::Str(near) => out.extend(near.iter().cloned()),
        Shape::Bool | Shape::Int(_) => {}
    }
}

/// The mix of generators for one validator.
pub(crate) fn values(model: Model) -> BoxedStrategy<Value> {
    let mut near = Vec::new();
    all_strings(&model.shape, &mut near);
    let strings = string_from(near.clone());
    let junk = arb_json(model.known, strings.clone());
    let replacement = prop_oneof![4 => leaf(strings.clone()), 1 => junk.clone()].boxed();
    let huge = huge_string(select(near.clone()))
        .prop_map(Value::String)
        .boxed();
    let huge_key = huge_string(select(model.known).prop_map(str::to_owned));
    let planted = (
        select(model.bases.clone()),
        prop::collection::vec(any::<Index>(), 1..3),
        huge,
        huge_key,
    )
        .prop_map(|(mut v, at, huge, huge_key)| {
            for (n, i) in at.iter().enumerate() {
                let m = Mutation {
                    op: if n == 0 { 3 } else { 6 },
                    at: *i,
                    kind: 0,
                    value: huge.clone(),
                    name: huge_key.clone(),
                };
                apply(&mut v, &m);
            }
            v
        });
    prop_oneof![
        30 => junk.clone(),
        10 => deep(model.known, strings.clone()),
        25 => shaped(&model.shape, model.known, &junk),
        34 => mutated(model.bases, model.known, replacement),
        // About one case in a hundred.
        1 => planted,
    ]
    .boxed()
}
