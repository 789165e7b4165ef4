//! Documented type names: the Java vocabulary that API pages use (`String`, `int`, `List`,
//! `LinkedHashMap`, `Timestamp`, …) and what each means in the model.
//!
//! The layout interpreters use it to split fused field headers; the resolver uses it to turn a
//! documented type name into a [`TypeRef`]. Names outside the vocabulary that look like Java class
//! names (`TicketInventory`, `ErrorCode`) are named types.

use crate::model::TypeRef;

/// Type names with a fixed meaning, and the meaning. A list element or map value type that the
/// name leaves open is `Any` here and filled in from the examples by the resolver.
const VOCABULARY: &[(&str, Base)] = &[
    ("String", Base::String),
    ("char", Base::String),
    ("Character", Base::String),
    ("int", Base::Int32),
    ("Integer", Base::Int32),
    ("short", Base::Int32),
    ("Short", Base::Int32),
    // `byte[]` (an IP address in binary) is a list of these: ZStack's Gson registers no adapter
    // for byte arrays (zstack-facts.md §4.10 lists its only departures from Gson's defaults), so
    // Gson writes one as an array of numbers, signed bytes, as the Dev Guide examples show
    // (`"ipInBinary": [-64.0, -88.0, 0.0, 10.0]`), not as a base64 string.
    ("byte", Base::Int32),
    ("Byte", Base::Int32),
    ("long", Base::Int64),
    ("Long", Base::Int64),
    ("BigInteger", Base::Int64),
    ("double", Base::Number),
    ("Double", Base::Number),
    ("float", Base::Number),
    ("Float", Base::Number),
    ("BigDecimal", Base::Number),
    ("boolean", Base::Boolean),
    ("Boolean", Base::Boolean),
    ("Timestamp", Base::Timestamp),
    ("Date", Base::Timestamp),
    ("List", Base::List),
    ("ArrayList", Base::List),
    ("LinkedList", Base::List),
    ("Collection", Base::List),
    ("Set", Base::List),
    ("HashSet", Base::List),
    ("Map", Base::Map),
    ("HashMap", Base::Map),
    ("LinkedHashMap", Base::Map),
    ("TreeMap", Base::Map),
    ("Object", Base::Object),
    ("JSONObject", Base::Object),
];

/// Endings of Java class names that API pages commonly reference. A named type with one of these
/// endings is more likely to be the type in a fused header than one without.
pub const NAMED_TYPE_SUFFIXES: &[&str] = &[
    "Inventory",
    "Status",
    "Event",
    "Code",
    "State",
    "Type",
    "Mode",
    "Struct",
    "Info",
    "Result",
    "Reply",
    "Request",
    "Spec",
    "Ref",
    "Entity",
    "Level",
    "Policy",
    "Action",
    "Context",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Base {
    String,
    Int32,
    Int64,
    Number,
    Boolean,
    Timestamp,
    List,
    Map,
    Object,
}

/// How a documented type name reads.
#[derive(Debug, Clone, PartialEq)]
pub enum DocType {
    /// A name from the vocabulary, possibly with generic arguments (`List<String>`).
    Known(TypeRef),
    /// `List` without an element type: the element comes from children or examples.
    OpenList,
    /// `Object` without a documented shape.
    OpenObject,
    /// A Java class name outside the vocabulary: a named type.
    Named(String),
}

/// Parses a documented type name. `None` when it is not a type name at all.
pub fn parse(doc_type: &str) -> Option<DocType> {
    let doc_type = doc_type.trim();
    if let Some((outer, args)) = split_generic(doc_type) {
        return parse_generic(outer, &args);
    }
    if let Some(elem) = doc_type.strip_suffix("[]") {
        return Some(DocType::Known(TypeRef::List(Box::new(to_ref(parse(elem)?)))));
    }
    match base(doc_type) {
        Some(Base::List) => Some(DocType::OpenList),
        Some(Base::Object) => Some(DocType::OpenObject),
        Some(Base::Map) => Some(DocType::Known(TypeRef::Map(Box::new(TypeRef::Any)))),
        Some(b) => Some(DocType::Known(scalar(b))),
        None if is_class_name(doc_type) => Some(DocType::Named(doc_type.to_owned())),
        None => None,
    }
}

/// The type reference a documented type gives before any example is consulted.
pub fn to_ref(doc_type: DocType) -> TypeRef {
    match doc_type {
        DocType::Known(t) => t,
        DocType::OpenList => TypeRef::List(Box::new(TypeRef::Any)),
        DocType::OpenObject => TypeRef::Any,
        DocType::Named(n) => TypeRef::Named(n),
    }
}

/// Whether a name is in the vocabulary of built-in type names (with or without generic arguments,
/// or as an array: `byte[]`, so that `ipInBinarybyte[]` splits as `ipInBinary` + `byte[]`).
pub fn is_vocabulary(name: &str) -> bool {
    if let Some(element) = name.strip_suffix("[]") {
        return is_vocabulary(element);
    }
    let outer = split_generic(name).map_or(name, |(o, _)| o);
    base(outer).is_some()
}

/// A Java class name: an upper-case letter, then letters, digits or underscores.
pub fn is_class_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn base(name: &str) -> Option<Base> {
    VOCABULARY.iter().find(|(n, _)| *n == name).map(|(_, b)| *b)
}

fn scalar(b: Base) -> TypeRef {
    match b {
        Base::String => TypeRef::String,
        Base::Int32 => TypeRef::Int32,
        Base::Int64 => TypeRef::Int64,
        Base::Number => TypeRef::Number,
        Base::Boolean => TypeRef::Boolean,
        Base::Timestamp => TypeRef::Timestamp,
        Base::List => TypeRef::List(Box::new(TypeRef::Any)),
        Base::Map => TypeRef::Map(Box::new(TypeRef::Any)),
        Base::Object => TypeRef::Any,
    }
}

/// `List<String>` → (`List`, [`String`]); `Map<String, List<Long>>` → (`Map`, [`String`, `List<Long>`]).
fn split_generic(s: &str) -> Option<(&str, Vec<&str>)> {
    let open = s.find('<')?;
    let inner = s.strip_suffix('>')?.get(open + 1..)?;
    let mut args = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in inner.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => depth = depth.checked_sub(1)?,
            ',' if depth == 0 => {
                args.push(inner[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    args.push(inner[start..].trim());
    Some((&s[..open], args))
}

fn parse_generic(outer: &str, args: &[&str]) -> Option<DocType> {
    let arg = |i: usize| args.get(i).and_then(|a| parse(a)).map(to_ref);
    match base(outer)? {
        Base::List if args.len() == 1 => Some(DocType::Known(TypeRef::List(Box::new(arg(0)?)))),
        Base::Map if args.len() == 2 => Some(DocType::Known(TypeRef::Map(Box::new(arg(1)?)))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_names_map_to_their_meaning() {
        assert_eq!(parse("int"), Some(DocType::Known(TypeRef::Int32)));
        assert_eq!(parse("Long"), Some(DocType::Known(TypeRef::Int64)));
        assert_eq!(parse("LinkedHashMap"), Some(DocType::Known(TypeRef::Map(Box::new(TypeRef::Any)))));
        assert_eq!(parse("Timestamp"), Some(DocType::Known(TypeRef::Timestamp)));
        assert_eq!(parse("List"), Some(DocType::OpenList));
        assert_eq!(parse("Object"), Some(DocType::OpenObject));
    }

    #[test]
    fn generics_and_arrays_carry_their_element_types() {
        assert_eq!(parse("List<String>"), Some(DocType::Known(TypeRef::List(Box::new(TypeRef::String)))));
        assert_eq!(
            parse("Map<String, List<Long>>"),
            Some(DocType::Known(TypeRef::Map(Box::new(TypeRef::List(Box::new(TypeRef::Int64))))))
        );
        assert_eq!(parse("String[]"), Some(DocType::Known(TypeRef::List(Box::new(TypeRef::String)))));
        assert_eq!(parse("byte[]"), Some(DocType::Known(TypeRef::List(Box::new(TypeRef::Int32)))));
    }

    #[test]
    fn arrays_and_generics_of_built_in_names_are_vocabulary() {
        for name in ["byte[]", "String[]", "int[][]", "List<String>", "Map<String, Long>"] {
            assert!(is_vocabulary(name), "{name}");
        }
        for name in ["InBinarybyte[]", "TicketInventory[]", "[]", "List<TicketInventory"] {
            assert!(!is_vocabulary(name), "{name}");
        }
    }

    #[test]
    fn class_names_are_named_types_and_other_words_are_not_types() {
        assert_eq!(parse("TicketInventory"), Some(DocType::Named("TicketInventory".into())));
        assert_eq!(parse("ticket"), None);
        assert_eq!(parse("Map<String>"), None);
        assert_eq!(parse(""), None);
    }
}
