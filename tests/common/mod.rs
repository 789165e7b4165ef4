//! Helpers shared by the integration tests.
#![allow(dead_code)]

use docs2api::model::{Api, Field, TypeKind, TypeRef};
use docs2api::{Generator, Run};

pub const SEED: &str = "docs-input/tickets/explorer/ChangeTicketStatus.txt";

/// Reads the pages at `paths`, as the CLI does (the profile chosen by the endpoints).
pub fn run(paths: &[&str]) -> Run {
    paths.iter().fold(Generator::new(), |g, p| g.input(p)).run().expect("inputs are listable")
}

/// Reads the pages at `paths` verbatim, without any profile.
pub fn run_verbatim(paths: &[&str]) -> Run {
    let g = paths.iter().fold(Generator::new().profile(docs2api::Profile::None), |g, p| g.input(p));
    g.run().expect("inputs are listable")
}

/// A type in a short, readable form for assertions.
pub fn ty(t: &TypeRef) -> String {
    match t {
        TypeRef::String => "string".into(),
        TypeRef::Int32 => "int32".into(),
        TypeRef::Int64 => "int64".into(),
        TypeRef::Number => "number".into(),
        TypeRef::Boolean => "boolean".into(),
        TypeRef::Timestamp => "timestamp".into(),
        TypeRef::Any => "any".into(),
        TypeRef::Map(v) => format!("map<{}>", ty(v)),
        TypeRef::List(e) => format!("list<{}>", ty(e)),
        TypeRef::Named(n) => n.clone(),
        TypeRef::Object(_) => "object".into(),
    }
}

/// Every field under `fields` as `parent.name: type [required]`, depth first, descending into
/// inline objects and list elements (`parent.list[].field`), not into named types.
pub fn field_lines(parent: &str, fields: &[Field], out: &mut Vec<String>) {
    for f in fields {
        let path = if parent.is_empty() { f.name.clone() } else { format!("{parent}.{}", f.name) };
        let req = if f.required { " required" } else { "" };
        out.push(format!("{path}: {}{req}", ty(&f.ty)));
        match &f.ty {
            TypeRef::Object(inner) => field_lines(&path, inner, out),
            TypeRef::List(e) => {
                if let TypeRef::Object(inner) = e.as_ref() {
                    field_lines(&format!("{path}[]"), inner, out);
                }
            }
            _ => {}
        }
    }
}

/// The fields of every named object type, as `Type.field: type`.
pub fn type_lines(api: &Api) -> Vec<String> {
    let mut out = Vec::new();
    for t in api.types.values() {
        match &t.kind {
            TypeKind::Object { fields } => field_lines(&t.name, fields, &mut out),
            TypeKind::Enum { values, documented } => {
                out.push(format!("{}: enum{} {}", t.name, if *documented { "" } else { " (open)" }, values.join("|")))
            }
            TypeKind::Alias { target } => out.push(format!("{}: alias {}", t.name, ty(target))),
        }
    }
    out
}

/// The whole model as readable lines, field by field: the family snapshot.
pub fn summary(api: &Api) -> String {
    let mut out = Vec::new();
    for op in api.operations.values() {
        let others = op.other_paths.iter().map(|p| format!(" + {p}")).collect::<String>();
        out.push(format!("{}: {} {}{others}", op.id, op.method, op.path));
        out.push(format!(
            "  since {} · {} · auth {} · sources {}",
            op.since.as_deref().unwrap_or("?"),
            op.completion.map_or("?".into(), |c| format!("{c:?}").to_lowercase()),
            op.auth_required.map_or("?".into(), |a| a.to_string()),
            op.sources.len()
        ));
        for p in &op.params {
            let mut lines = Vec::new();
            field_lines("", std::slice::from_ref(&p.field), &mut lines);
            let values = if p.field.valid_values.is_empty() {
                String::new()
            } else {
                format!(" = {}", p.field.valid_values.join("|"))
            };
            out.push(format!("  {} {}{values}", p.location.as_str(), lines[0]));
        }
        if let Some(body) = &op.body {
            out.push(format!("  body (wrapper {})", body.wrapper.as_deref().unwrap_or("-")));
            let mut lines = Vec::new();
            field_lines("", &body.fields, &mut lines);
            out.extend(lines.into_iter().map(|l| format!("    {l}")));
        }
        for r in &op.responses {
            let status = r.status.map_or("default".to_owned(), |s| s.to_string());
            let media = if r.media == docs2api::model::Media::PlainText { " text" } else { "" };
            out.push(format!("  {status}{media}"));
            let mut lines = Vec::new();
            field_lines("", &r.fields, &mut lines);
            out.extend(lines.into_iter().map(|l| format!("    {l}")));
        }
    }
    out.push(String::new());
    out.extend(type_lines(api));
    out.join("\n") + "\n"
}

/// Whether the tests run in CI (`CI` set): there, golden files are only compared, never rewritten.
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some()
}

/// Every `$ref` of an OpenAPI document that points at no schema of its `components/schemas`, as
/// `where → target`: openapi-spec-validator rejects such a document, and a crate made from the
/// same model names a type that does not exist.
pub fn dangling_refs(doc: &serde_json::Value) -> Vec<String> {
    let schemas = doc.pointer("/components/schemas").and_then(|s| s.as_object());
    let mut out = Vec::new();
    walk_refs(doc, &mut String::new(), &mut |at, target| {
        let named = target.strip_prefix("#/components/schemas/");
        if !named.is_some_and(|n| schemas.is_some_and(|s| s.contains_key(n))) {
            out.push(format!("{at} → {target}"));
        }
    });
    out
}

fn walk_refs(value: &serde_json::Value, at: &mut String, found: &mut impl FnMut(&str, &str)) {
    let len = at.len();
    match value {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::String(target)) = map.get("$ref") {
                found(at, target);
            }
            for (key, inner) in map {
                at.push('/');
                at.push_str(key);
                walk_refs(inner, at, found);
                at.truncate(len);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                at.push_str(&format!("/{i}"));
                walk_refs(inner, at, found);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

/// Every example value of an OpenAPI document that its schema types as an integer but that is
/// written as a decimal (`1.0`) although it is a whole number within the schema's `format`
/// (int32, else int64), as `where: value`: OpenAPI 3.0 rejects it, and so do the clients
/// generated from the document. Media type examples are checked against their schema, through
/// `$ref`s, `allOf`, `oneOf`, `anyOf`, properties, additional properties and items.
pub fn decimal_integers(doc: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    walk_media(doc, doc, &mut String::new(), &mut out);
    out
}

/// Finds the media type objects (a `schema` beside an `example` or `examples`) under `value`.
fn walk_media(doc: &serde_json::Value, value: &serde_json::Value, at: &mut String, out: &mut Vec<String>) {
    use serde_json::Value;
    let len = at.len();
    match value {
        Value::Object(map) => {
            if let Some(schema) = map.get("schema") {
                if let Some(example) = map.get("example") {
                    typed_like(doc, example, schema, &format!("{at}/example"), out);
                }
                for (name, example) in map.get("examples").and_then(Value::as_object).into_iter().flatten() {
                    if let Some(value) = example.get("value") {
                        typed_like(doc, value, schema, &format!("{at}/examples/{name}"), out);
                    }
                }
            }
            for (key, inner) in map {
                at.push('/');
                at.push_str(key);
                walk_media(doc, inner, at, out);
                at.truncate(len);
            }
        }
        Value::Array(items) => items.iter().for_each(|inner| walk_media(doc, inner, at, out)),
        _ => {}
    }
}

/// Checks `value` against `schema` for integers written as decimals.
fn typed_like(
    doc: &serde_json::Value,
    value: &serde_json::Value,
    schema: &serde_json::Value,
    at: &str,
    out: &mut Vec<String>,
) {
    use serde_json::Value;
    let Some(schema) = schema.as_object() else { return };
    if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
        let pointer = target.trim_start_matches('#');
        if let Some(resolved) = doc.pointer(pointer) {
            typed_like(doc, value, resolved, at, out);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for branch in schema.get(key).and_then(Value::as_array).into_iter().flatten() {
            typed_like(doc, value, branch, at, out);
        }
    }
    match value {
        Value::Number(n) if n.is_f64() && schema.get("type") == Some(&Value::from("integer")) => {
            let bits = if schema.get("format") == Some(&Value::from("int32")) { 31 } else { 63 };
            let limit = 2f64.powi(bits);
            if n.as_f64().is_some_and(|x| x.fract() == 0.0 && x >= -limit && x < limit) {
                out.push(format!("{at}: {n}"));
            }
        }
        Value::Object(map) => {
            let properties = schema.get("properties").and_then(Value::as_object);
            let additional = schema.get("additionalProperties").filter(|a| a.is_object());
            for (key, inner) in map {
                let property = properties.and_then(|p| p.get(key)).or(additional);
                if let Some(property) = property {
                    typed_like(doc, inner, property, &format!("{at}/{key}"), out);
                }
            }
        }
        Value::Array(items) => {
            if let Some(item) = schema.get("items") {
                for (i, inner) in items.iter().enumerate() {
                    typed_like(doc, inner, item, &format!("{at}/{i}"), out);
                }
            }
        }
        _ => {}
    }
}
