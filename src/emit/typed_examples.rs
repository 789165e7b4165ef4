//! Examples as the schemas beside them type them.
//!
//! The pages' JSON examples were written by Gson, which writes every number as a double: an `int`
//! field's example reads `"executeTimes": 1.0`. JSON Schema 2020-12 (OpenAPI 3.1) counts `1.0` as
//! an integer, OpenAPI 3.0 does not (openapi-core rejects it), and the clients generated from the
//! documents fail on it (`invalid type: floating point 1.0, expected i32`). So where a field's
//! type is an integer, a whole number that fits the type's width is written as an integer; a
//! `number` field keeps its value as the page wrote it, and so does a value no field types (`Any`,
//! `Map` of anything, a key no field documents). The model keeps the page's text: this is done on
//! the way out, in both versions.

use std::collections::BTreeMap;

use serde_json::{Map, Number, Value};

use crate::model::{Field, NamedType, TypeKind, TypeRef};

/// How many aliases are followed from a named type before its example is left as it is: an alias
/// of an alias is rare, and a cycle must not recurse forever.
const MAX_ALIASES: usize = 16;

/// The named types an example's fields may refer to.
#[derive(Clone, Copy)]
pub(crate) struct Typer<'a> {
    types: &'a BTreeMap<String, NamedType>,
}

impl<'a> Typer<'a> {
    pub(crate) fn new(types: &'a BTreeMap<String, NamedType>) -> Self {
        Typer { types }
    }

    /// An object example (a body, a response) typed by its fields.
    pub(crate) fn object(&self, value: &Value, fields: &[Field]) -> Value {
        let Value::Object(map) = value else { return value.clone() };
        let typed = map.iter().map(|(key, v)| {
            let v = match fields.iter().find(|f| f.name == *key) {
                Some(field) => self.value(v, &field.ty),
                None => v.clone(),
            };
            (key.clone(), v)
        });
        Value::Object(typed.collect::<Map<_, _>>())
    }

    /// A value typed by `ty`.
    pub(crate) fn value(&self, value: &Value, ty: &TypeRef) -> Value {
        match (self.resolve(ty), value) {
            (Some(TypeRef::Int32), Value::Number(n)) => whole(n, 32).map_or_else(|| value.clone(), Value::from),
            (Some(TypeRef::Int64), Value::Number(n)) => whole(n, 64).map_or_else(|| value.clone(), Value::from),
            (Some(TypeRef::List(element)), Value::Array(items)) => {
                Value::Array(items.iter().map(|item| self.value(item, element)).collect())
            }
            (Some(TypeRef::Map(element)), Value::Object(map)) => {
                Value::Object(map.iter().map(|(k, v)| (k.clone(), self.value(v, element))).collect())
            }
            (Some(TypeRef::Object(fields)), _) => self.object(value, fields),
            (Some(TypeRef::Named(name)), _) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Object { fields }) => self.object(value, fields),
                _ => value.clone(),
            },
            _ => value.clone(),
        }
    }

    /// `ty` with its aliases followed: the type an example of it has; `None` after too many.
    fn resolve<'t>(&'t self, mut ty: &'t TypeRef) -> Option<&'t TypeRef> {
        for _ in 0..MAX_ALIASES {
            let TypeRef::Named(name) = ty else { return Some(ty) };
            match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Alias { target }) => ty = target,
                _ => return Some(ty),
            }
        }
        None
    }
}

/// The integer a decimal number stands for (`1.0` → `1`), when it is whole and fits in a signed
/// integer of `bits` bits; `None` for any other number (an integer already, a fraction, too big).
fn whole(n: &Number, bits: i32) -> Option<i64> {
    let x = n.as_f64().filter(|_| n.is_f64())?;
    let limit = 2f64.powi(bits - 1);
    // Casting is exact here: x is whole and within ±2^(bits-1).
    (x.fract() == 0.0 && x >= -limit && x < limit).then_some(x as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Source, TypeKind};
    use serde_json::json;

    fn field(name: &str, ty: TypeRef) -> Field {
        Field {
            name: name.into(),
            ty,
            doc_type: String::new(),
            required: false,
            description: None,
            valid_values: Vec::new(),
            since: None,
            source: Source::new("t.txt", 1),
        }
    }

    fn types() -> BTreeMap<String, NamedType> {
        let request = TypeKind::Object { fields: vec![field("executeTimes", TypeRef::Int32)] };
        let alias = TypeKind::Alias { target: TypeRef::Named("Request".into()) };
        let cycle = TypeKind::Alias { target: TypeRef::Named("Cycle".into()) };
        [("Request", request), ("Alias", alias), ("Cycle", cycle)]
            .into_iter()
            .map(|(name, kind)| (name.to_owned(), NamedType::new(name, kind, Source::new("t.txt", 1))))
            .collect()
    }

    #[test]
    fn whole_decimals_of_integer_fields_become_integers_and_numbers_keep_their_value() {
        let types = types();
        let fields = [
            field("count", TypeRef::Int32),
            field("created", TypeRef::Int64),
            field("ratio", TypeRef::Number),
            field("requests", TypeRef::List(Box::new(TypeRef::Named("Alias".into())))),
            field("byName", TypeRef::Map(Box::new(TypeRef::Int64))),
            field("anything", TypeRef::Any),
            field("cycle", TypeRef::Named("Cycle".into())),
        ];
        let example = json!({
            "count": 1.0, "created": 1.56402555717E12, "ratio": 2.0, "requests": [{ "executeTimes": -1.0 }],
            "byName": { "a": 3.0, "b": 0.5 }, "anything": { "timeout": -1.0 }, "cycle": 4.0, "other": 5.0
        });
        let typed = Typer::new(&types).object(&example, &fields);
        assert_eq!(
            serde_json::to_string(&typed).unwrap(),
            r#"{"count":1,"created":1564025557170,"ratio":2.0,"requests":[{"executeTimes":-1}],"byName":{"a":3,"b":0.5},"anything":{"timeout":-1.0},"cycle":4.0,"other":5.0}"#
        );
    }

    #[test]
    fn only_whole_numbers_that_fit_the_width_become_integers() {
        let n = |x: f64| Number::from_f64(x).unwrap();
        assert_eq!(whole(&n(2147483647.0), 32), Some(2147483647));
        assert_eq!(whole(&n(-2147483648.0), 32), Some(-2147483648));
        assert_eq!(whole(&n(2147483648.0), 32), None);
        assert_eq!(whole(&n(1564025557170.0), 32), None);
        assert_eq!(whole(&n(2f64.powi(63)), 64), None, "2^63 does not fit");
        assert_eq!(whole(&n(-(2f64.powi(63))), 64), Some(i64::MIN));
        assert_eq!(whole(&n(1.5), 64), None);
        assert_eq!(whole(&Number::from(7), 32), None, "an integer already");
    }
}
