//! The fixed part of the generated `runtime` module: support code shared by the types, the client
//! and the server, the same for every API. docs2api puts this API's protocol constants before it
//! (`AUTH_HEADER`, `TIMEOUT_MS`, the job and failure constants, `Timestamp::FORMAT`); see
//! `fixed.rs` for how the files of this folder are spliced into the generated modules.

/// A date-time as the server writes it. Kept as the server's text, so that it round-trips
/// exactly; [`Timestamp::FORMAT`] names the text's format where the documentation gives it
/// (a `java.text.SimpleDateFormat` pattern).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, ::serde::Serialize, ::serde::Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub ::std::string::String);

impl Timestamp {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl ::std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Decodes JSON into a generated type. Whole-number decimals (`1.0`, as documentation
/// examples write integers) are read as integers first, so that an integer field accepts
/// them; a decimal field accepts integers anyway.
pub fn decode<T: ::serde::de::DeserializeOwned>(bytes: &[u8]) -> ::std::result::Result<T, ::std::string::String> {
    let value: ::serde_json::Value = ::serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    decode_value(value)
}

/// [`decode`] for a JSON value already parsed.
pub fn decode_value<T: ::serde::de::DeserializeOwned>(
    mut value: ::serde_json::Value,
) -> ::std::result::Result<T, ::std::string::String> {
    normalize(&mut value);
    ::serde_json::from_value(value).map_err(|e| e.to_string())
}

/// Turns every whole-number decimal into an integer, in place.
pub fn normalize(value: &mut ::serde_json::Value) {
    match value {
        ::serde_json::Value::Number(n) => {
            if let ::std::option::Option::Some(f) = n.as_f64().filter(|_| n.is_f64())
                && f.fract() == 0.0
                && f.abs() < 9.0e15
            {
                *value = ::serde_json::Value::from(f as i64);
            }
        }
        ::serde_json::Value::Array(items) => items.iter_mut().for_each(normalize),
        ::serde_json::Value::Object(map) => map.values_mut().for_each(normalize),
        _ => {}
    }
}

/// A generated struct as its `Deserialize` reads it: from a map, field by field. The impls are
/// written out, not derived: serde's derive gives every struct a visitor of its own for its keys
/// and another for sequences, which made most of a large crate's check time; here every struct
/// shares [`read_object`]'s visitor and [`Field`].
#[doc(hidden)]
pub trait Object: ::std::marker::Sized {
    /// The struct's name, as serde's messages give it.
    const NAME: &'static str;
    /// The wire names of its fields, in order.
    const FIELDS: &'static [&'static str];

    /// Reads the struct from the entries of a map.
    fn read<'de, A: ::serde::de::MapAccess<'de>>(map: A) -> ::std::result::Result<Self, A::Error>;
}

/// The `Deserialize` of a generated struct: a map read by [`Object::read`]; anything else is
/// serde's "invalid type … expected struct …" error.
#[doc(hidden)]
pub fn read_object<'de, D: ::serde::Deserializer<'de>, T: Object>(
    deserializer: D,
) -> ::std::result::Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::FIELDS, ObjectVisitor(::std::marker::PhantomData))
}

struct ObjectVisitor<T>(::std::marker::PhantomData<T>);

impl<'de, T: Object> ::serde::de::Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        ::std::write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, map: A) -> ::std::result::Result<T, A::Error> {
        T::read(map)
    }
}

/// The field of a generated struct that a map key names, as serde's derive finds it: by its wire
/// name, or by its index for formats that send indexes. The value is the field's wire name as
/// [`Object::FIELDS`] spells it, which the struct's `read` matches on.
#[doc(hidden)]
pub struct Field(pub &'static [&'static str]);

impl<'de> ::serde::de::DeserializeSeed<'de> for Field {
    /// The field's wire name; `None` for a key the struct does not have.
    type Value = ::std::option::Option<&'static str>;

    fn deserialize<D: ::serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> ::std::result::Result<::std::option::Option<&'static str>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> ::serde::de::Visitor<'de> for Field {
    type Value = ::std::option::Option<&'static str>;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_u64<E: ::serde::de::Error>(self, index: u64) -> ::std::result::Result<Self::Value, E> {
        ::std::result::Result::Ok(usize::try_from(index).ok().and_then(|i| self.0.get(i).copied()))
    }

    fn visit_str<E: ::serde::de::Error>(self, key: &str) -> ::std::result::Result<Self::Value, E> {
        ::std::result::Result::Ok(self.0.iter().copied().find(|name| *name == key))
    }

    fn visit_bytes<E: ::serde::de::Error>(self, key: &[u8]) -> ::std::result::Result<Self::Value, E> {
        ::std::result::Result::Ok(self.0.iter().copied().find(|name| name.as_bytes() == key))
    }
}

/// Reads the value of a field into its slot; a field given twice is an error, as with serde's
/// derive.
#[doc(hidden)]
pub fn take<'de, A: ::serde::de::MapAccess<'de>, T: ::serde::Deserialize<'de>>(
    map: &mut A,
    slot: &mut ::std::option::Option<T>,
    name: &'static str,
) -> ::std::result::Result<(), A::Error> {
    if slot.is_some() {
        return ::std::result::Result::Err(<A::Error as ::serde::de::Error>::duplicate_field(name));
    }
    *slot = ::std::option::Option::Some(map.next_value()?);
    ::std::result::Result::Ok(())
}

/// Skips the value of a key the struct does not have.
#[doc(hidden)]
pub fn skip<'de, A: ::serde::de::MapAccess<'de>>(map: &mut A) -> ::std::result::Result<(), A::Error> {
    map.next_value::<::serde::de::IgnoredAny>().map(|_| ())
}

/// The value of a required field, or serde's missing-field error.
#[doc(hidden)]
pub fn required<T, E: ::serde::de::Error>(
    slot: ::std::option::Option<T>,
    name: &'static str,
) -> ::std::result::Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// The value of an optional field: absent and `null` are both `None`.
#[doc(hidden)]
pub fn optional<T, E>(
    slot: ::std::option::Option<::std::option::Option<T>>,
    _name: &'static str,
) -> ::std::result::Result<::std::option::Option<T>, E> {
    ::std::result::Result::Ok(slot.flatten())
}

/// A generated struct's [`Object`] and `Deserialize`, from its fields in order: each field's
/// name, whether it is `required` or `optional`, and its wire name:
/// `object!(Ticket { uuid = required("uuid"), flow_uuid = optional("flowUuid") });`.
/// The types module writes one line of this per struct where it used to write the impls out
/// (about thirty lines a struct): what a user reads and what docs2api prints is a third of the
/// size, and what rustc checks is the same. The fields' slots take their types from the struct
/// itself. Paths other than the macro's own locals resolve where it is called: in a module
/// beside `runtime`.
#[doc(hidden)]
// A crate built with none of its groups has no struct to invoke it for.
#[allow(unused_macros)]
macro_rules! object {
    ($name:ident {}) => {
        impl super::runtime::Object for $name {
            const NAME: &'static str = ::std::stringify!($name);
            const FIELDS: &'static [&'static str] = &[];
            fn read<'de, A: ::serde::de::MapAccess<'de>>(mut map: A) -> ::std::result::Result<Self, A::Error> {
                while map.next_key_seed(super::runtime::Field(Self::FIELDS))?.is_some() {
                    super::runtime::skip(&mut map)?;
                }
                ::std::result::Result::Ok(Self {})
            }
        }
        super::runtime::object!(@deserialize $name);
    };
    ($name:ident { $($field:ident = $kind:ident($wire:literal)),+ $(,)? }) => {
        impl super::runtime::Object for $name {
            const NAME: &'static str = ::std::stringify!($name);
            const FIELDS: &'static [&'static str] = &[$($wire),+];
            fn read<'de, A: ::serde::de::MapAccess<'de>>(mut map: A) -> ::std::result::Result<Self, A::Error> {
                $(let mut $field = ::std::option::Option::None;)+
                // One `?` for the match, not one per arm: each is type-checked on its own, and
                // they were a tenth of the types' check time.
                while let ::std::option::Option::Some(key) = map.next_key_seed(super::runtime::Field(Self::FIELDS))? {
                    match key {
                        $(::std::option::Option::Some($wire) => super::runtime::take(&mut map, &mut $field, $wire),)+
                        _ => super::runtime::skip(&mut map),
                    }?;
                }
                ::std::result::Result::Ok(Self { $($field: super::runtime::$kind($field, $wire)?),+ })
            }
        }
        super::runtime::object!(@deserialize $name);
    };
    (@deserialize $name:ident) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                super::runtime::read_object(deserializer)
            }
        }
    };
}
#[doc(hidden)]
#[allow(unused_imports)]
pub(crate) use object;

/// A request struct's builder, from its fields in order: `new` takes the required ones (in the
/// order the struct has them), and each optional one has a setter of its name:
/// `builder!(ChangeTicketStatusRequest { status_event: one(TicketStatusEvent) } { comment: one(String) });`
/// gives `ChangeTicketStatusRequest::new(TicketStatusEvent::Approve).comment("…")`.
/// A value is taken as `impl Into<T>` (`one`), a list as any iterator of such values (`list`:
/// `.system_tags(["a", "b"])`, a `Vec`, a `map`), so that neither `.into()` nor `vec![…]` is
/// written at the call. A macro, as `object!`: the types module writes one line of it per request
/// struct, and what rustc checks is the generic functions it expands to.
#[doc(hidden)]
#[allow(unused_macros)]
macro_rules! builder {
    ($name:ident { $($req:ident: $rkind:ident($rty:ty)),* $(,)? } { $($opt:ident: $okind:ident($oty:ty)),* $(,)? }) => {
        impl $name {
            /// The request with its required fields; the optional ones are unset.
            #[allow(clippy::new_without_default, clippy::too_many_arguments)]
            pub fn new($($req: super::runtime::builder!(@arg $rkind $rty)),*) -> Self {
                Self {
                    $($req: super::runtime::builder!(@value $rkind $req),)*
                    $($opt: ::std::option::Option::None,)*
                }
            }
            $(
                #[doc = ::std::concat!("Sets `", ::std::stringify!($opt), "`.")]
                pub fn $opt(mut self, value: super::runtime::builder!(@arg $okind $oty)) -> Self {
                    self.$opt = ::std::option::Option::Some(super::runtime::builder!(@value $okind value));
                    self
                }
            )*
        }
    };
    (@arg one $ty:ty) => { impl ::std::convert::Into<$ty> };
    (@arg list $ty:ty) => { impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<$ty>> };
    (@value one $value:ident) => { $value.into() };
    (@value list $value:ident) => { $value.into_iter().map(::std::convert::Into::into).collect() };
}
#[doc(hidden)]
#[allow(unused_imports)]
pub(crate) use builder;

// `QueryKind` and `QueryShape`, which docs2api's plan uses as well.
include!("query.rs");

/// How an operation travels: its method, whether it needs the session and runs as a job, and
/// where its request fields go: in the body (some of them inside a wrapper object) or in the
/// query string. The client and the server read the same constant of each operation.
#[derive(Debug, Clone, Copy)]
pub struct Wire {
    /// The operation's id (`ChangeTicketStatus`).
    pub id: &'static str,
    /// The HTTP method (`PUT`).
    pub method: &'static str,
    /// Whether the operation needs the session header.
    pub auth: bool,
    /// Whether the server runs the operation as a job.
    pub asynchronous: bool,
    /// Whether the request has a JSON body at all.
    pub body: bool,
    /// The body key of the object that wraps the operation's own fields.
    pub wrapper: ::std::option::Option<&'static str>,
    /// The fields that travel inside the wrapper.
    pub wrapped: &'static [&'static str],
    /// The query parameters: name, kind and shape.
    pub query: &'static [(&'static str, QueryKind, QueryShape)],
}

impl Wire {
    /// Splits a request, serialized as one JSON object, into its body and query pairs.
    pub fn split(
        &self,
        request: ::serde_json::Value,
    ) -> (::std::option::Option<::serde_json::Value>, ::std::vec::Vec<(::std::string::String, ::std::string::String)>)
    {
        let mut root = ::serde_json::Map::new();
        let mut inner = ::serde_json::Map::new();
        let mut query = ::std::vec::Vec::new();
        if let ::serde_json::Value::Object(map) = request {
            for (key, value) in map {
                if let ::std::option::Option::Some((_, _, shape)) = self.query.iter().find(|(name, _, _)| *name == key)
                {
                    query_pairs(&key, &value, *shape, &mut query);
                } else if self.wrapped.contains(&key.as_str()) {
                    inner.insert(key, value);
                } else {
                    root.insert(key, value);
                }
            }
        }
        if let ::std::option::Option::Some(wrapper) = self.wrapper {
            root.insert(wrapper.to_owned(), ::serde_json::Value::Object(inner));
        }
        let body = if self.body {
            ::std::option::Option::Some(::serde_json::Value::Object(root))
        } else {
            ::std::option::Option::None
        };
        (body, query)
    }

    /// Joins a body and query pairs into the JSON object of the request (the server side).
    /// Query keys the operation does not take are ignored, as servers do.
    pub fn join(
        &self,
        body: ::std::option::Option<::serde_json::Value>,
        query: &[(::std::string::String, ::std::string::String)],
    ) -> ::std::result::Result<::serde_json::Value, ::std::string::String> {
        let mut root = match body {
            ::std::option::Option::Some(::serde_json::Value::Object(map)) => map,
            ::std::option::Option::Some(other) => {
                return ::std::result::Result::Err(::std::format!("the body is not a JSON object but {other}"));
            }
            ::std::option::Option::None => ::serde_json::Map::new(),
        };
        if let ::std::option::Option::Some(wrapper) = self.wrapper {
            match root.remove(wrapper) {
                ::std::option::Option::Some(::serde_json::Value::Object(inner)) => root.extend(inner),
                _ => {
                    return ::std::result::Result::Err(::std::format!(
                        "the body does not contain the object `{wrapper}` that maps it to this URL"
                    ));
                }
            }
        }
        for (key, text) in query {
            let ::std::option::Option::Some((_, kind, shape)) = self.query.iter().find(|(name, _, _)| name == key)
            else {
                continue;
            };
            let texts: ::std::vec::Vec<&str> = match shape {
                QueryShape::Comma => text.split(',').filter(|t| !t.is_empty()).collect(),
                _ => ::std::vec![text.as_str()],
            };
            for text in texts {
                let value = query_value(key, text, *kind)?;
                if *shape == QueryShape::One {
                    root.insert(key.clone(), value);
                } else if let ::serde_json::Value::Array(items) =
                    root.entry(key.clone()).or_insert_with(|| ::serde_json::Value::Array(::std::vec::Vec::new()))
                {
                    items.push(value);
                }
            }
        }
        ::std::result::Result::Ok(::serde_json::Value::Object(root))
    }
}

/// One query value as text pairs: a list repeats the key or joins its elements with commas,
/// as its shape says; `null` is left out.
fn query_pairs(
    key: &str,
    value: &::serde_json::Value,
    shape: QueryShape,
    out: &mut ::std::vec::Vec<(::std::string::String, ::std::string::String)>,
) {
    match (value, shape) {
        (::serde_json::Value::Array(items), QueryShape::Comma) => {
            let texts: ::std::vec::Vec<::std::string::String> =
                items.iter().filter(|i| !i.is_null()).map(query_text).collect();
            if !texts.is_empty() {
                out.push((key.to_owned(), texts.join(",")));
            }
        }
        (::serde_json::Value::Array(items), _) => {
            items.iter().for_each(|item| query_pairs(key, item, QueryShape::One, out))
        }
        (::serde_json::Value::Null, _) => {}
        (other, _) => out.push((key.to_owned(), query_text(other))),
    }
}

fn query_text(value: &::serde_json::Value) -> ::std::string::String {
    match value {
        ::serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn query_value(
    key: &str,
    text: &str,
    kind: QueryKind,
) -> ::std::result::Result<::serde_json::Value, ::std::string::String> {
    let bad = |what: &str| ::std::format!("the query parameter `{key}` is `{text}`, not {what}");
    match kind {
        QueryKind::String => ::std::result::Result::Ok(::serde_json::Value::String(text.to_owned())),
        QueryKind::Integer => text.trim().parse::<i64>().map(::serde_json::Value::from).map_err(|_| bad("an integer")),
        QueryKind::Number => text.trim().parse::<f64>().map(::serde_json::Value::from).map_err(|_| bad("a number")),
        QueryKind::Bool => match text.trim() {
            "true" => ::std::result::Result::Ok(::serde_json::Value::Bool(true)),
            "false" => ::std::result::Result::Ok(::serde_json::Value::Bool(false)),
            _ => ::std::result::Result::Err(bad("true or false")),
        },
        QueryKind::Json => ::std::result::Result::Ok(
            ::serde_json::from_str(text).unwrap_or_else(|_| ::serde_json::Value::String(text.to_owned())),
        ),
    }
}

/// A path parameter as one percent-encoded path segment: every byte but the unreserved
/// characters is encoded, so `a/b` stays one segment and `?` or `#` cannot end the path.
/// An empty value, `.` and `..` are refused: URL parsers remove them from a path, so
/// they would change which resource is addressed.
pub fn encode_segment(name: &str, value: &str) -> ::std::result::Result<::std::string::String, ::std::string::String> {
    if value.is_empty() || value == "." || value == ".." {
        return ::std::result::Result::Err(::std::format!(
            "the path parameter `{name}` is `{value}`, which would change the path"
        ));
    }
    let mut out = ::std::string::String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&::std::format!("%{byte:02X}"));
        }
    }
    ::std::result::Result::Ok(out)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const WIRE: Wire = Wire {
        id: "Op",
        method: "POST",
        auth: true,
        asynchronous: false,
        body: true,
        wrapper: Some("params"),
        wrapped: &["name", "count"],
        query: &[
            ("tags", QueryKind::String, QueryShape::Repeat),
            ("fields", QueryKind::String, QueryShape::Comma),
            ("limit", QueryKind::Integer, QueryShape::One),
            ("ratio", QueryKind::Number, QueryShape::One),
            ("all", QueryKind::Bool, QueryShape::One),
            ("filter", QueryKind::Json, QueryShape::One),
        ],
    };

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn split_and_join_round_trip() {
        let request = json!({
            "name": "n", "count": 2, "systemTags": ["s"],
            "tags": ["a", "b"], "fields": ["x", "y"], "limit": 5, "ratio": 0.5, "all": true,
            "filter": {"k": 1},
        });
        let (body, mut query) = WIRE.split(request.clone());
        assert_eq!(body, Some(json!({"systemTags": ["s"], "params": {"name": "n", "count": 2}})));
        query.sort();
        assert_eq!(
            query,
            pairs(&[
                ("all", "true"),
                ("fields", "x,y"),
                ("filter", r#"{"k":1}"#),
                ("limit", "5"),
                ("ratio", "0.5"),
                ("tags", "a"),
                ("tags", "b")
            ])
        );
        assert_eq!(WIRE.join(body, &query), Ok(request));
    }

    #[test]
    fn comma_lists_leave_out_nulls_and_empty_elements() {
        let (_, query) = WIRE.split(json!({"fields": ["x", null, "y"], "tags": [], "limit": null}));
        assert_eq!(query, pairs(&[("fields", "x,y")]));
        let (_, query) = WIRE.split(json!({"fields": [null]}));
        assert!(query.is_empty(), "an empty list sends no key: {query:?}");
        let joined = WIRE.join(Some(json!({"params": {}})), &pairs(&[("fields", "a,,b"), ("fields", "c")]));
        assert_eq!(joined, Ok(json!({"fields": ["a", "b", "c"]})));
    }

    #[test]
    fn join_refuses_what_does_not_fit_the_wire() {
        let wrapped = Some(json!({"params": {}}));
        assert!(WIRE.join(Some(json!([1])), &[]).unwrap_err().contains("not a JSON object"));
        assert!(WIRE.join(Some(json!({"name": "n"})), &[]).unwrap_err().contains("`params`"));
        let error = WIRE.join(wrapped.clone(), &pairs(&[("limit", "five")])).unwrap_err();
        assert_eq!(error, "the query parameter `limit` is `five`, not an integer");
        assert!(WIRE.join(wrapped.clone(), &pairs(&[("all", "yes")])).is_err());
        assert!(WIRE.join(wrapped.clone(), &pairs(&[("ratio", "x")])).is_err());
        let lenient = WIRE.join(wrapped, &pairs(&[("filter", "plain"), ("unknown", "1")]));
        assert_eq!(lenient, Ok(json!({"filter": "plain"})), "text that is not JSON stays text");
    }

    #[test]
    fn a_request_without_a_body_sends_none() {
        let wire = Wire {
            id: "Op",
            method: "GET",
            auth: false,
            asynchronous: false,
            body: false,
            wrapper: None,
            wrapped: &[],
            query: &[],
        };
        assert_eq!(wire.split(json!({"a": 1})).0, None);
        assert_eq!(wire.join(None, &[]), Ok(json!({})));
    }

    #[test]
    fn encode_segment_keeps_one_segment_and_refuses_dot_segments() {
        assert_eq!(encode_segment("uuid", "a/b?c#d e~-._"), Ok("a%2Fb%3Fc%23d%20e~-._".to_owned()));
        assert_eq!(encode_segment("uuid", "é"), Ok("%C3%A9".to_owned()));
        for refused in ["", ".", ".."] {
            let error = encode_segment("uuid", refused).unwrap_err();
            assert_eq!(error, format!("the path parameter `uuid` is `{refused}`, which would change the path"));
        }
    }

    #[test]
    fn whole_decimals_decode_as_integers() {
        let mut value = json!({"n": 1.0, "list": [2.0, 2.5], "big": 1.0e16});
        normalize(&mut value);
        assert_eq!(value, json!({"n": 1, "list": [2, 2.5], "big": 1.0e16}));
        let n: i64 = decode(b"1.0").unwrap();
        assert_eq!(n, 1);
        let x: f64 = decode_value(json!(3)).unwrap();
        assert_eq!(x, 3.0);
        assert!(decode::<i64>(b"1.5").is_err());
        assert!(decode::<i64>(b"{").is_err());
    }

    /// The runtime as the types module sees it: a module beside it.
    mod runtime {
        pub use super::super::*;
    }

    /// Structs as docs2api writes them (`types.rs`): one with a required field and an optional
    /// one, one without fields.
    mod types {
        #[derive(Debug, PartialEq)]
        pub struct Pair {
            pub name: String,
            pub size: Option<i64>,
        }
        super::runtime::object!(Pair { name = required("name"), size = optional("size") });

        #[derive(Debug, PartialEq)]
        pub struct Empty {}
        super::runtime::object!(Empty {});
    }
    use types::{Empty, Pair};

    #[test]
    fn written_out_deserialize_reads_as_serdes_derive() {
        let pair: Pair = decode(br#"{"size": 2, "other": [1, {"x": null}], "name": "a"}"#).unwrap();
        assert_eq!(pair, Pair { name: "a".into(), size: Some(2) });
        let pair: Pair = decode(br#"{"name": "a", "size": null}"#).unwrap();
        assert_eq!(pair, Pair { name: "a".into(), size: None });
        let pair: Pair = serde_json::from_str(r#"{"name": "a"}"#).unwrap();
        assert_eq!(pair, Pair { name: "a".into(), size: None });
        let error = |json: &str| serde_json::from_str::<Pair>(json).unwrap_err().to_string();
        assert_eq!(error(r#"{"size": 1}"#), "missing field `name` at line 1 column 11");
        assert_eq!(error(r#"{"name": "a", "name": "b"}"#), "duplicate field `name` at line 1 column 20");
        assert_eq!(error(r#""a""#), "invalid type: string \"a\", expected struct Pair at line 1 column 3");
        assert!(error(r#"{"name": 1}"#).starts_with("invalid type: integer `1`, expected a string"));
        assert!(error(r#"["a", 1]"#).starts_with("invalid type: sequence, expected struct Pair"));
        let empty: Empty = decode(br#"{"a": 1, "b": {"c": []}}"#).unwrap();
        assert_eq!(empty, Empty {});
        assert!(serde_json::from_str::<Empty>("[]").is_err());
    }

    #[test]
    fn fields_are_found_by_wire_name_or_index() {
        use ::serde::de::{DeserializeSeed, IntoDeserializer, value::Error};
        const FIELDS: &[&str] = &["name", "size"];
        let by_name = |key: &str| Field(FIELDS).deserialize(IntoDeserializer::<Error>::into_deserializer(key));
        assert_eq!(by_name("size"), Ok(Some("size")));
        assert_eq!(by_name("Size"), Ok(None));
        let by_index = |i: u64| Field(FIELDS).deserialize(IntoDeserializer::<Error>::into_deserializer(i));
        assert_eq!(by_index(0), Ok(Some("name")));
        assert_eq!(by_index(2), Ok(None));
        let bytes = ::serde::de::value::BytesDeserializer::<Error>::new(b"name");
        assert_eq!(Field(FIELDS).deserialize(bytes), Ok(Some("name")));
    }

    #[test]
    fn timestamps_keep_the_servers_text() {
        let t: Timestamp = decode(br#""Jun 7, 2024 1:02:03 PM""#).unwrap();
        assert_eq!(t.to_string(), "Jun 7, 2024 1:02:03 PM");
        assert_eq!(serde_json::to_string(&t).unwrap(), r#""Jun 7, 2024 1:02:03 PM""#);
    }
}
