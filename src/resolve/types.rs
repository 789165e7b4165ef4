//! From documented fields to typed fields and named types.
//!
//! # The rule where the field list and the examples disagree
//!
//! **The field list decides a field's type; the examples only fill what it leaves open.** A `List`
//! without an element type takes it from the examples (`["<systemTags>"]` → strings), or from the
//! fields documented under it (a list of objects). When an example value contradicts the documented
//! type, the documented type is kept and a diagnostic names both sources: a `note` where the
//! contradiction is a known artefact of how the examples were produced (whole-number decimals such
//! as `1.0` for an `int`: the doc generator round-trips integers through doubles), a `warning`
//! otherwise.
//!
//! One reading of the field list itself follows from how Java documents types: a named type whose
//! documented fields are exactly `name` and `ordinal` is a Java enum seen through reflection, and
//! Java's JSON writers (Gson) write an enum as its name. Such a type becomes a string enum whose
//! known values are the ones the examples show (an open set); a note records the disagreement
//! between the `{name, ordinal}` field list and the string in the example.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diag::{Diagnostics, rules};
use crate::doctype::{self, DocType};
use crate::example::{self, is_placeholder, kind_of, preview};
use crate::facts::DocField;
use crate::model::{Field, NamedType, Source, TypeKind, TypeRef};

/// Resolves field trees against examples and collects named types across pages.
#[derive(Default)]
pub struct TypeResolver {
    pub types: BTreeMap<String, NamedType>,
    /// Named types used without a definition, with the example values seen where they were used.
    undefined: BTreeMap<String, (Source, Vec<Value>)>,
}

/// The examples that a field tree is checked against: the values at the current path, and where
/// the example was read (for messages).
#[derive(Clone, Copy)]
pub struct Examples<'a> {
    pub values: &'a [&'a Value],
    pub source: Option<&'a Source>,
}

impl<'a> Examples<'a> {
    pub const NONE: Examples<'static> = Examples { values: &[], source: None };

    fn at(self, values: &'a [&'a Value]) -> Self {
        Examples { values, source: self.source }
    }

    fn where_(&self) -> String {
        self.source.map_or_else(String::new, |s| format!(" ({s})"))
    }
}

impl TypeResolver {
    pub fn fields(&mut self, docs: &[DocField], ex: Examples<'_>, diags: &mut Diagnostics) -> Vec<Field> {
        docs.iter().map(|d| self.field(d, ex, diags)).collect()
    }

    /// Resolves one field; `ex` holds the example values of the object the field belongs to.
    pub fn field(&mut self, doc: &DocField, ex: Examples<'_>, diags: &mut Diagnostics) -> Field {
        let values = example::child_values(ex.values, &doc.name);
        let here = ex.at(&values);
        let ty = match doctype::parse(&doc.doc_type) {
            None => {
                diags.error(&doc.source, rules::UNKNOWN_TYPE, format!("`{}` is not a type name", doc.doc_type));
                TypeRef::Any
            }
            Some(DocType::OpenList) => self.open_list(doc, here, diags),
            Some(DocType::OpenObject) if doc.children.is_empty() => TypeRef::Any,
            Some(DocType::OpenObject) => TypeRef::Object(self.fields(&doc.children, here, diags)),
            Some(DocType::Named(name)) => self.named(&name, doc, here, diags),
            Some(DocType::Known(ty)) => {
                check_values(doc, &ty, here, diags);
                self.element_named(&ty, doc, here);
                ty
            }
        };
        Field {
            name: doc.name.clone(),
            ty,
            doc_type: doc.doc_type.clone(),
            required: doc.required.unwrap_or(false),
            description: doc.description.clone(),
            valid_values: doc.valid_values.clone(),
            since: doc.since.clone(),
            source: doc.source.clone(),
        }
    }

    /// A `List` with no element type: the fields under it, else the examples' elements.
    fn open_list(&mut self, doc: &DocField, ex: Examples<'_>, diags: &mut Diagnostics) -> TypeRef {
        let elements = example::elements(ex.values);
        let element = if !doc.children.is_empty() {
            TypeRef::Object(self.fields(&doc.children, ex.at(&elements), diags))
        } else if let Some(inferred) = infer(&elements) {
            inferred
        } else if !doc.valid_values.is_empty() {
            // Valid values are the values of the elements (`resourceTypes: List` of `VolumeVO`),
            // and valid values are strings (`@APIParam(validValues = {...})`).
            TypeRef::String
        } else {
            // Still open: a profile or overlay may say; `crate::check` reports what stays open.
            TypeRef::Any
        };
        TypeRef::List(Box::new(element))
    }

    fn named(&mut self, name: &str, doc: &DocField, ex: Examples<'_>, diags: &mut Diagnostics) -> TypeRef {
        if is_reflected_enum(&doc.children) {
            self.reflected_enum(name, doc, ex, diags);
        } else if !doc.children.is_empty() {
            let fields = self.fields(&doc.children, ex, diags);
            self.define_object(name, fields, &doc.source, diags);
        } else if !doc.valid_values.is_empty() {
            self.define_enum(name, &doc.valid_values, true, &doc.source);
        } else {
            self.used(name, &doc.source, ex.values);
        }
        TypeRef::Named(name.to_owned())
    }

    /// A named type as the element of an array or generic (`Foo[]`, `List<Foo>`): used like a
    /// field of that type, so that `finish` defines it when no page does; a reference to a type
    /// that is nowhere would dangle in every emitted document.
    fn element_named(&mut self, ty: &TypeRef, doc: &DocField, ex: Examples<'_>) {
        let TypeRef::Named(name) = ty.element() else { return };
        let mut values: Vec<&Value> = ex.values.to_vec();
        let mut level = ty;
        while let TypeRef::List(inner) | TypeRef::Map(inner) = level {
            values = match level {
                TypeRef::List(_) => example::elements(&values),
                _ => values.iter().filter_map(|v| v.as_object()).flat_map(|m| m.values()).collect(),
            };
            level = inner;
        }
        self.used(name, &doc.source, &values);
    }

    /// Records a use of a named type that this field does not define, with the example values
    /// seen there.
    fn used(&mut self, name: &str, source: &Source, values: &[&Value]) {
        let entry = self.undefined.entry(name.to_owned()).or_insert_with(|| (source.clone(), Vec::new()));
        entry.1.extend(values.iter().map(|v| (*v).clone()));
    }

    fn reflected_enum(&mut self, name: &str, doc: &DocField, ex: Examples<'_>, diags: &mut Diagnostics) {
        let seen: Vec<String> = ex.values.iter().filter_map(|v| v.as_str()).map(str::to_owned).collect();
        if let Some(shown) = ex.values.first() {
            diags.note(
                &doc.source,
                rules::ENUM_DOCUMENTED_AS_OBJECT,
                format!(
                    "`{name}` is documented as an object {{name, ordinal}}, the reflection of a Java enum, while the example{} shows {}: read as a string enum (Java writes an enum as its name)",
                    ex.where_(),
                    preview(shown)
                ),
            );
        }
        self.define_enum(name, &seen, false, &doc.source);
    }

    fn define_enum(&mut self, name: &str, values: &[String], documented: bool, source: &Source) {
        let entry = self
            .types
            .entry(name.to_owned())
            .or_insert_with(|| NamedType::new(name, TypeKind::Enum { values: Vec::new(), documented }, source.clone()));
        if !entry.sources.contains(source) {
            entry.sources.push(source.clone());
        }
        if let TypeKind::Enum { values: known, documented: was_documented } = &mut entry.kind {
            for v in values {
                if !known.contains(v) {
                    known.push(v.clone());
                }
            }
            *was_documented |= documented;
        }
    }

    /// Adds an object definition, or merges it into the one already known: fields missing on
    /// either side are added (a note); a field typed differently keeps the first type (a warning).
    fn define_object(&mut self, name: &str, fields: Vec<Field>, source: &Source, diags: &mut Diagnostics) {
        let Some(existing) = self.types.get_mut(name) else {
            let kind = TypeKind::Object { fields };
            self.types.insert(name.to_owned(), NamedType::new(name, kind, source.clone()));
            return;
        };
        existing.sources.push(source.clone());
        let TypeKind::Object { fields: known } = &mut existing.kind else {
            diags.warning(
                source,
                rules::TYPE_CONFLICT,
                format!(
                    "`{name}` is documented here as an object but as an enum at {}; the first is kept",
                    existing.sources[0]
                ),
            );
            return;
        };
        for field in fields {
            match known.iter().find(|k| k.name == field.name) {
                Some(k) if !k.ty.same_shape(&field.ty) => diags.warning(
                    &field.source,
                    rules::TYPE_CONFLICT,
                    format!(
                        "`{name}.{}` is `{}` here but `{}` at {}; the first is kept",
                        field.name, field.doc_type, k.doc_type, k.source
                    ),
                ),
                Some(_) => {}
                None => {
                    // Within one page a type is often detailed twice (`#error` and a shorter
                    // `#error.cause`); only another page's definition is a disagreement.
                    let first = &existing.sources[0];
                    if first.file != source.file {
                        let message = format!("`{name}.{}` is not in the definition at {first}; added", field.name);
                        diags.note(&field.source, rules::TYPE_FIELD_ADDED, message);
                    }
                    known.push(field);
                }
            }
        }
    }

    /// Named types that were used but never defined become aliases of what their examples show.
    pub fn finish(mut self, diags: &mut Diagnostics) -> BTreeMap<String, NamedType> {
        for (name, (source, values)) in std::mem::take(&mut self.undefined) {
            if self.types.contains_key(&name) {
                continue;
            }
            let refs: Vec<&Value> = values.iter().collect();
            let target = infer(&refs).unwrap_or(TypeRef::Any);
            let shape = match &target {
                TypeRef::Any => "nothing is known of its shape".to_owned(),
                t => format!("the examples show {}", describe(t)),
            };
            diags.warning(
                &source,
                rules::TYPE_UNDEFINED,
                format!("the type `{name}` is not defined on any page; {shape}"),
            );
            self.types.insert(name.clone(), NamedType::new(name, TypeKind::Alias { target }, source));
        }
        self.types
    }
}

/// `{name: String, ordinal: int}`: how reflection documents a Java enum.
fn is_reflected_enum(children: &[DocField]) -> bool {
    let mut names: Vec<&str> = children.iter().map(|c| c.name.as_str()).collect();
    names.sort_unstable();
    names == ["name", "ordinal"]
}

/// The type that a set of example values shows, if they agree. Placeholders (`"<name>"`) are
/// strings here: they stand in a string position of the example.
fn infer(values: &[&Value]) -> Option<TypeRef> {
    let first = values.iter().find(|v| !v.is_null())?;
    let all = |pred: fn(&Value) -> bool| values.iter().filter(|v| !v.is_null()).all(|v| pred(v));
    match first {
        Value::String(_) if all(Value::is_string) => Some(TypeRef::String),
        Value::Bool(_) if all(Value::is_boolean) => Some(TypeRef::Boolean),
        Value::Number(_) if all(is_whole) => Some(TypeRef::Int64),
        Value::Number(_) if all(Value::is_number) => Some(TypeRef::Number),
        Value::Object(_) if all(Value::is_object) => Some(TypeRef::Map(Box::new(TypeRef::Any))),
        Value::Array(_) if all(Value::is_array) => {
            let elements = example::elements(values);
            Some(TypeRef::List(Box::new(infer(&elements).unwrap_or(TypeRef::Any))))
        }
        _ => None,
    }
}

fn is_whole(v: &Value) -> bool {
    v.as_i64().is_some() || v.as_u64().is_some() || v.as_f64().is_some_and(|f| f.fract() == 0.0 && f.is_finite())
}

fn describe(t: &TypeRef) -> &'static str {
    match t {
        TypeRef::String | TypeRef::Timestamp => "a string",
        TypeRef::Int32 | TypeRef::Int64 => "an integer",
        TypeRef::Number => "a number",
        TypeRef::Boolean => "a boolean",
        TypeRef::List(_) => "a list",
        TypeRef::Map(_) | TypeRef::Object(_) | TypeRef::Named(_) => "an object",
        TypeRef::Any => "any value",
    }
}

/// Checks example values against a documented scalar, list or map type (see the module's rule).
fn check_values(doc: &DocField, ty: &TypeRef, ex: Examples<'_>, diags: &mut Diagnostics) {
    for value in ex.values.iter().filter(|v| !v.is_null() && !is_placeholder(v)) {
        match fits(ty, value) {
            Fit::Yes => {}
            Fit::WholeDecimal => {
                diags.note(
                    &doc.source,
                    rules::EXAMPLE_INTEGER_AS_DECIMAL,
                    format!(
                        "`{}` is documented as `{}` while the example{} shows {}: a whole-number decimal, as the doc generator writes integers; the integer type is kept",
                        doc.name,
                        doc.doc_type,
                        ex.where_(),
                        value
                    ),
                );
                return;
            }
            Fit::No => {
                diags.warning(
                    &doc.source,
                    rules::EXAMPLE_TYPE_MISMATCH,
                    format!(
                        "`{}` is documented as `{}` while the example{} shows {} ({}); the documented type is kept",
                        doc.name,
                        doc.doc_type,
                        ex.where_(),
                        kind_of(value),
                        preview(value)
                    ),
                );
                return;
            }
        }
    }
}

enum Fit {
    Yes,
    WholeDecimal,
    No,
}

fn fits(ty: &TypeRef, value: &Value) -> Fit {
    let yes = |b: bool| if b { Fit::Yes } else { Fit::No };
    match ty {
        TypeRef::Int32 | TypeRef::Int64 if value.is_i64() || value.is_u64() => Fit::Yes,
        TypeRef::Int32 | TypeRef::Int64 if is_whole(value) => Fit::WholeDecimal,
        TypeRef::Int32 | TypeRef::Int64 => Fit::No,
        TypeRef::Number => yes(value.is_number()),
        TypeRef::String => yes(value.is_string()),
        TypeRef::Boolean => yes(value.is_boolean()),
        TypeRef::Timestamp => yes(value.is_string() || value.is_number()),
        TypeRef::Map(_) | TypeRef::Object(_) => yes(value.is_object()),
        TypeRef::List(_) => yes(value.is_array()),
        TypeRef::Named(_) | TypeRef::Any => Fit::Yes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(name: &str, ty: &str, children: Vec<DocField>) -> DocField {
        DocField {
            name: name.into(),
            doc_type: ty.into(),
            required: Some(true),
            description: None,
            valid_values: vec![],
            since: None,
            children,
            source: Source::new("p.txt", 1),
        }
    }

    fn resolve(d: &DocField, example: Value) -> (Field, TypeResolver, Diagnostics) {
        let mut r = TypeResolver::default();
        let mut diags = Diagnostics::new();
        let roots = [&example];
        let f = r.field(d, Examples { values: &roots, source: None }, &mut diags);
        (f, r, diags)
    }

    #[test]
    fn a_list_takes_its_element_type_from_the_example() {
        let (f, _, d) = resolve(&doc("systemTags", "List", vec![]), json!({"systemTags": ["<systemTags>"]}));
        assert_eq!(f.ty, TypeRef::List(Box::new(TypeRef::String)));
        assert!(d.is_empty());
    }

    #[test]
    fn a_list_with_fields_under_it_is_a_list_of_objects() {
        let d = doc("request", "List", vec![doc("apiName", "String", vec![])]);
        let (f, _, _) = resolve(&d, json!({}));
        let TypeRef::List(elem) = f.ty else { panic!("not a list") };
        assert!(matches!(*elem, TypeRef::Object(ref fields) if fields[0].name == "apiName"));
    }

    #[test]
    fn a_list_with_no_evidence_stays_open() {
        let (f, _, d) = resolve(&doc("tags", "List", vec![]), json!({}));
        assert_eq!(f.ty, TypeRef::List(Box::new(TypeRef::Any)));
        assert!(d.is_empty(), "reported after profiles, by crate::check");
    }

    #[test]
    fn whole_decimals_for_integers_are_a_note_and_the_integer_stays() {
        let (f, _, d) = resolve(&doc("executeTimes", "int", vec![]), json!({"executeTimes": 1.0}));
        assert_eq!(f.ty, TypeRef::Int32);
        assert_eq!(d.iter().next().unwrap().rule, "example-integer-as-decimal");
        let (_, _, d) = resolve(&doc("executeTimes", "int", vec![]), json!({"executeTimes": "x"}));
        assert_eq!(d.iter().next().unwrap().rule, "example-type-mismatch");
    }

    #[test]
    fn name_and_ordinal_make_a_string_enum() {
        let d = doc("status", "TicketStatus", vec![doc("name", "String", vec![]), doc("ordinal", "int", vec![])]);
        let (f, r, diags) = resolve(&d, json!({"status": "IntermediateApproved"}));
        assert_eq!(f.ty, TypeRef::Named("TicketStatus".into()));
        assert_eq!(
            r.types["TicketStatus"].kind,
            TypeKind::Enum { values: vec!["IntermediateApproved".into()], documented: false }
        );
        assert_eq!(diags.iter().next().unwrap().rule, "enum-documented-as-object");
    }

    #[test]
    fn a_recursive_type_refers_to_itself_instead_of_expanding() {
        let d = doc("error", "ErrorCode", vec![doc("code", "String", vec![]), doc("cause", "ErrorCode", vec![])]);
        let (_, r, _) = resolve(&d, json!({}));
        let TypeKind::Object { fields } = &r.types["ErrorCode"].kind else { panic!("not an object") };
        assert_eq!(fields[1].ty, TypeRef::Named("ErrorCode".into()));
    }

    #[test]
    fn conflicting_definitions_keep_the_first_and_say_so() {
        let mut r = TypeResolver::default();
        let mut diags = Diagnostics::new();
        let a = doc("x", "T", vec![doc("f", "String", vec![])]);
        let mut b = doc("y", "T", vec![doc("f", "int", vec![]), doc("g", "long", vec![])]);
        b.source = Source::new("q.txt", 1);
        r.field(&a, Examples::NONE, &mut diags);
        r.field(&b, Examples::NONE, &mut diags);
        let TypeKind::Object { fields } = &r.types["T"].kind else { panic!("not an object") };
        assert_eq!((fields[0].ty.clone(), fields.len()), (TypeRef::String, 2));
        let rules: Vec<_> = diags.iter().map(|d| d.rule).collect();
        assert_eq!(rules, ["type-conflict", "type-field-added"]);
    }

    #[test]
    fn undefined_types_take_their_shape_from_examples() {
        let mut r = TypeResolver::default();
        let mut diags = Diagnostics::new();
        let v = json!({"statusEvent": "<statusEvent>"});
        let roots = [&v];
        r.field(
            &doc("statusEvent", "TicketStatusEvent", vec![]),
            Examples { values: &roots, source: None },
            &mut diags,
        );
        let types = r.finish(&mut diags);
        assert_eq!(types["TicketStatusEvent"].kind, TypeKind::Alias { target: TypeRef::String });
        assert_eq!(diags.iter().next().unwrap().rule, "type-undefined");
    }
}
