//! The surface of an API: what a client of it depends on, flattened so that two versions compare
//! fact by fact. It is made from the model after the profile and overlays, so a change that a
//! profile corrects away is not a change for a client.
//!
//! A surface is also what `generate` keeps beside its outputs (`docs2api-surface.json`), so that
//! `check --explain` can say what changed in the pages since generated/ was made. It holds no
//! descriptions or examples: only what a client's code and the wire depend on, and where each fact
//! was read.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{Api, Body, Completion, Field, NamedType, Operation, Source, TypeKind, TypeRef};

/// The file `generate` writes the surface to, beside the documents.
pub const SURFACE_FILE: &str = "docs2api-surface.json";

/// What a client of an API depends on: its operations and named types.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Surface {
    pub operations: BTreeMap<String, OperationSurface>,
    pub types: BTreeMap<String, TypeSurface>,
}

/// One operation as a client calls it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OperationSurface {
    pub method: String,
    pub path: String,
    /// Further paths that reach the operation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_paths: Vec<String>,
    /// The body's wrapper key (`changeTicketStatus`), if the body has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrapper: Option<String>,
    /// The server runs it as a job (202, then polling).
    pub asynchronous: bool,
    /// It needs a session.
    pub session: bool,
    /// The first page it was read from (`file:line`).
    pub source: String,
    /// Parameters and body fields, by field path (`statusEvent`, `tags[].key`); the wrapper's
    /// fields are named without the wrapper, which is a fact of its own.
    pub request: BTreeMap<String, FieldSurface>,
    /// The fields of the successful response, by field path.
    pub response: BTreeMap<String, FieldSurface>,
}

/// One field, parameter or named type's field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldSurface {
    /// The type as docs2api reads it: `string`, `int64`, `list<string>`, `map<any>`, a named type's
    /// name, `object` for one documented in place (its fields follow as paths of their own).
    #[serde(rename = "type")]
    pub ty: String,
    pub required: bool,
    /// Where a request field travels: `path`, `query`, `header`, `body` (in the wrapper, or at
    /// the root of a body without one) or `body-root` (beside the wrapper).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The documented valid values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// The named type the field holds (inside any lists and maps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refers: Option<String>,
    /// Where it was read (`file:line`).
    pub source: String,
}

/// A named type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeSurface {
    /// `object`, `enum` or `alias`.
    pub kind: String,
    /// An object's fields, by field path.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, FieldSurface>,
    /// An enum's values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// An alias's target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// The first place that documents it (`file:line`).
    pub source: String,
}

impl Surface {
    /// The surface of a model. An operation or type without a source (none, after reading
    /// pages) gets an empty one rather than being left out.
    pub fn of(api: &Api) -> Surface {
        let jobs = api.protocol.jobs.is_some();
        let operations = api.operations.iter().map(|(id, op)| (id.clone(), operation(api, op, jobs))).collect();
        let types = api.types.iter().map(|(name, t)| (name.clone(), named_type(t))).collect();
        Surface { operations, types }
    }

    /// Writes the surface as the file `generate` keeps: JSON with an operation or a type a line,
    /// keys in order, so that the file stays small at platform scale and a change to it reads as
    /// a change to the lines of what changed.
    pub fn write(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        out.write_all(b"{\"operations\": {")?;
        entries(out, &self.operations)?;
        out.write_all(b"},\n\"types\": {")?;
        entries(out, &self.types)?;
        out.write_all(b"}}\n")
    }

    /// [`Surface::write`] into a string.
    pub fn to_json(&self) -> String {
        let mut text = Vec::new();
        let written = self.write(&mut text);
        debug_assert!(written.is_ok(), "{written:?}");
        String::from_utf8(text).unwrap_or_default()
    }

    /// Reads a surface file back.
    pub fn from_json(text: &str) -> Result<Surface, serde_json::Error> {
        serde_json::from_str(text)
    }
}

/// A map's entries a line each: `\n"key": value`, comma-separated, then a newline.
fn entries<T: Serialize>(out: &mut dyn std::io::Write, map: &BTreeMap<String, T>) -> std::io::Result<()> {
    for (i, (key, value)) in map.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, key)?;
        out.write_all(b": ")?;
        serde_json::to_writer(&mut *out, value)?;
    }
    out.write_all(b"\n")
}

fn operation(api: &Api, op: &Operation, jobs: bool) -> OperationSurface {
    let mut request = BTreeMap::new();
    for p in &op.params {
        flatten(&mut request, "", &p.field, Some(p.location.as_str()));
    }
    if let Some(body) = &op.body {
        body_fields(&mut request, body);
    }
    let mut response = BTreeMap::new();
    for field in api.success(op).iter().flat_map(|r| &r.fields) {
        flatten(&mut response, "", field, None);
    }
    OperationSurface {
        method: op.method.as_str().to_owned(),
        path: op.path.as_str().to_owned(),
        other_paths: op.other_paths.iter().map(|p| p.as_str().to_owned()).collect(),
        wrapper: op.body.as_ref().and_then(|b| b.wrapper.clone()),
        asynchronous: jobs && op.completion == Some(Completion::Asynchronous),
        session: op.auth_required == Some(true),
        source: op.sources.first().map(Source::to_string).unwrap_or_default(),
        request,
        response,
    }
}

/// A body's fields: the wrapper's inside it named without it, the others beside it at the root.
fn body_fields(request: &mut BTreeMap<String, FieldSurface>, body: &Body) {
    for field in &body.fields {
        match (&body.wrapper, field.ty.inline_fields()) {
            (Some(wrapper), Some(inner)) if *wrapper == field.name => {
                inner.iter().for_each(|f| flatten(request, "", f, Some("body")));
            }
            (Some(_), _) => flatten(request, "", field, Some("body-root")),
            (None, _) => flatten(request, "", field, Some("body")),
        }
    }
}

/// A field, and the fields documented in place inside it, as paths (`inventory.status`,
/// `requests[].apiName`). A name taken twice (a path parameter and a body field of one name) keeps
/// both: the second is named with its location.
fn flatten(into: &mut BTreeMap<String, FieldSurface>, prefix: &str, field: &Field, location: Option<&str>) {
    let mut path = format!("{prefix}{}", field.name);
    if into.contains_key(&path) {
        path = format!("{path} ({})", location.unwrap_or("again"));
    }
    let surface = field_surface(field, location);
    let marks = super::marks(&surface.ty);
    into.insert(path.clone(), surface);
    if let Some(inner) = field.ty.inline_fields() {
        let prefix = format!("{path}{marks}.");
        inner.iter().for_each(|f| flatten(into, &prefix, f, location));
    }
}

fn field_surface(field: &Field, location: Option<&str>) -> FieldSurface {
    FieldSurface {
        ty: type_name(&field.ty),
        required: field.required,
        location: location.map(str::to_owned),
        values: field.valid_values.clone(),
        refers: field.ty.named().map(str::to_owned),
        source: field.source.to_string(),
    }
}

/// A type as the surface spells it.
pub fn type_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "string".into(),
        TypeRef::Int32 => "int32".into(),
        TypeRef::Int64 => "int64".into(),
        TypeRef::Number => "number".into(),
        TypeRef::Boolean => "boolean".into(),
        TypeRef::Timestamp => "timestamp".into(),
        TypeRef::Any => "any".into(),
        TypeRef::Map(inner) => format!("map<{}>", type_name(inner)),
        TypeRef::List(inner) => format!("list<{}>", type_name(inner)),
        TypeRef::Named(name) => name.clone(),
        TypeRef::Object(_) => "object".into(),
    }
}

fn named_type(t: &NamedType) -> TypeSurface {
    let source = t.sources.first().map(Source::to_string).unwrap_or_default();
    let mut surface =
        TypeSurface { kind: String::new(), fields: BTreeMap::new(), values: Vec::new(), target: None, source };
    match &t.kind {
        TypeKind::Object { fields } => {
            surface.kind = "object".into();
            fields.iter().for_each(|f| flatten(&mut surface.fields, "", f, None));
        }
        TypeKind::Enum { values, .. } => {
            surface.kind = "enum".into();
            surface.values = values.clone();
        }
        TypeKind::Alias { target } => {
            surface.kind = "alias".into();
            surface.target = Some(type_name(target));
        }
    }
    surface
}
