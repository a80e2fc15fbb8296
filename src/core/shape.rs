//! The shape a response must have: each documented field, when present and not null, of the
//! type the API page gives. Checked on the parsed JSON, which is then returned as it is, so
//! every field the server sent is kept. (Typed deserialization would ship serde's visitor code
//! for every model to browsers: about 16 KB of gzipped wasm.)

use crate::core::json::Value;

use super::fields::type_name;

/// The JSON type of a documented field.
#[derive(Debug)]
pub enum Shape {
    /// A string.
    Str,
    /// `true` or `false`.
    Bool,
    /// A whole number.
    Int,
    /// An array of one shape.
    List(&'static Shape),
    /// An object with these documented fields (others allowed).
    Obj(&'static [(&'static str, Shape)]),
}

/// Checks `value` against `shape`; on a mismatch, says where and what was found.
pub fn check(value: &Value, shape: &Shape) -> Result<(), String> {
    walk(value, shape, &mut String::new())
}

fn walk(value: &Value, shape: &Shape, at: &mut String) -> Result<(), String> {
    let ok = match (shape, value) {
        (Shape::Str, Value::String(_)) | (Shape::Bool, Value::Bool(_)) => true,
        (Shape::Int, Value::Number(n)) => n.is_i64() || n.is_u64() || n.as_f64().fract() == 0.0,
        (Shape::List(item), Value::Array(items)) => {
            for (i, v) in items.iter().enumerate() {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                walk(v, item, at)?;
                at.truncate(len);
            }
            true
        }
        (Shape::Obj(fields), Value::Object(map)) => {
            for (name, field) in fields.iter() {
                match map.get(name) {
                    None | Some(Value::Null) => {}
                    Some(v) => {
                        let len = at.len();
                        at.push('/');
                        at.push_str(name);
                        walk(v, field, at)?;
                        at.truncate(len);
                    }
                }
            }
            true
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        let expected = match shape {
            Shape::Str => "a string",
            Shape::Bool => "a boolean",
            Shape::Int => "an integer",
            Shape::List(_) => "an array",
            Shape::Obj(_) => "an object",
        };
        let at = if at.is_empty() {
            "the body"
        } else {
            at.as_str()
        };
        Err(format!(
            "{at} is {} where the API page gives {expected}",
            type_name(value)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::testing::own;
    use serde_json::json;

    const ITEM: &[(&str, Shape)] = &[("id", Shape::Str), ("n", Shape::Int)];
    const TOP: Shape = Shape::Obj(&[
        ("name", Shape::Str),
        ("on", Shape::Bool),
        ("items", Shape::List(&Shape::Obj(ITEM))),
    ]);

    #[test]
    fn accepts_documented_types_nulls_and_unknown_fields() {
        let v = json!({"name": "x", "on": null, "items": [{"id": "a", "n": 3, "extra": [1]}], "future": {"x": 1}});
        assert_eq!(check(&own(&v), &TOP), Ok(()));
        assert_eq!(check(&own(&json!({})), &TOP), Ok(()));
    }

    #[test]
    fn names_the_first_mismatch_by_pointer() {
        assert_eq!(
            check(&own(&json!({"items": [{"id": "a"}, {"n": 1.5}]})), &TOP),
            Err("/items/1/n is a number where the API page gives an integer".into())
        );
        assert_eq!(
            check(&own(&json!({"name": 5})), &TOP),
            Err("/name is a number where the API page gives a string".into())
        );
        assert_eq!(
            check(&own(&json!([1])), &TOP),
            Err("the body is an array where the API page gives an object".into())
        );
    }
}
