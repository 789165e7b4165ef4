//! Example JSON as evidence: the values an example holds at a field's path.
//!
//! Pages show example requests and responses. Their keys tell which way a fused field header
//! splits; their values tell a `List`'s element type; and where they contradict the field list, the
//! resolver reports it. A path steps through arrays transparently: the values of `request.apiName`
//! are the `apiName` of every element of every `request` array.

use serde_json::Value;

/// The values under `key` in each object of `values`; arrays are stepped through.
pub fn child_values<'a>(values: &[&'a Value], key: &str) -> Vec<&'a Value> {
    let mut out = Vec::new();
    for value in values {
        collect_child(value, key, &mut out);
    }
    out
}

fn collect_child<'a>(value: &'a Value, key: &str, out: &mut Vec<&'a Value>) {
    match value {
        Value::Object(map) => out.extend(map.get(key)),
        Value::Array(items) => items.iter().for_each(|item| collect_child(item, key, out)),
        _ => {}
    }
}

/// The elements of the arrays among `values`.
pub fn elements<'a>(values: &[&'a Value]) -> Vec<&'a Value> {
    values.iter().filter_map(|v| v.as_array()).flatten().collect()
}

/// The keys of the objects among `values` (arrays stepped through).
pub fn keys<'a>(values: &[&'a Value]) -> std::collections::BTreeSet<&'a str> {
    let mut out = std::collections::BTreeSet::new();
    for value in values {
        match value {
            Value::Object(map) => out.extend(map.keys().map(String::as_str)),
            Value::Array(items) => out.extend(keys(&items.iter().collect::<Vec<_>>())),
            _ => {}
        }
    }
    out
}

/// Every object key anywhere in `value`, for evidence that does not depend on position.
pub fn all_keys<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                out.push(k);
                all_keys(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| all_keys(v, out)),
        _ => {}
    }
}

/// A placeholder that stands for a value of any type: `<name>` or `{name}` as doc generators write.
pub fn is_placeholder(value: &Value) -> bool {
    value.as_str().is_some_and(|s| {
        s.len() > 2 && ((s.starts_with('<') && s.ends_with('>')) || (s.starts_with('{') && s.ends_with('}')))
    })
}

/// A short description of a JSON value's kind, for messages.
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a decimal number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A value shortened for a message.
pub fn preview(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_step_through_arrays() {
        let v = json!({"request": [{"apiName": "a"}, {"apiName": "b"}]});
        let roots = [&v];
        let requests = child_values(&roots, "request");
        assert_eq!(child_values(&requests, "apiName"), [&json!("a"), &json!("b")]);
        assert_eq!(elements(&requests).len(), 2);
        assert!(child_values(&roots, "apiName").is_empty());
    }

    #[test]
    fn placeholders_are_recognised() {
        assert!(is_placeholder(&json!("<statusEvent>")));
        assert!(is_placeholder(&json!("{uuid}")));
        assert!(!is_placeholder(&json!("approve")));
        assert!(!is_placeholder(&json!(1)));
    }
}
