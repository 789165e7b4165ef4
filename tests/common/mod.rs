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
