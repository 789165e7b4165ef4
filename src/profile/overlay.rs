//! User overlays: a YAML or JSON file (told apart by the extension) that sets or overrides facts of the model, per operation or
//! named type.
//!
//! ```yaml
//! operations:
//!   ChangeTicketStatus:
//!     wrapper: changeTicketStatus          # the body wrapper key
//!     completion: asynchronous             # or synchronous
//!     fields:
//!       body.changeTicketStatus.statusEvent: {type: TicketStatusEvent, required: true}
//!       query.limit: {type: int}
//!       response.200.inventory.name: {description: The ticket's name.}
//! types:
//!   TicketStatus:
//!     enum: [Pending, Cancelled, IntermediateApproved, FinalApproved, Rejected]
//!   TicketInventory:
//!     fields:
//!       createDate: {type: String, required: false}
//! ```
//!
//! A field path starts with where the field lives (`body`, `query`, `path`, `header`, or
//! `response.<status>`) and names fields down the tree, through inline objects and list elements.
//! Naming an operation, type or field that does not exist is an error at the overlay's line.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::rules::{Origin, record, rename_wrapper};
use crate::diag::{Diagnostics, rules};
use crate::doctype;
use crate::model::{Api, Completion, Field, NamedType, Operation, ParamLocation, Source, TypeKind, TypeRef};

/// The syntax of an overlay file, told by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
}

impl Format {
    /// `.yaml` and `.yml` are YAML, `.json` is JSON (any case); anything else is no overlay.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "yaml" | "yml" => Some(Format::Yaml),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Format::Yaml => "YAML",
            Format::Json => "JSON",
        })
    }
}

/// A loaded overlay file.
#[derive(Debug, Clone)]
pub struct Overlay {
    /// The file's name as shown in diagnostics.
    pub name: String,
    text: String,
    content: OverlayFile,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverlayFile {
    #[serde(default)]
    operations: BTreeMap<String, OperationOverlay>,
    #[serde(default)]
    types: BTreeMap<String, TypeOverlay>,
    /// Object types the pages name but never define field by field (`TicketRequest`), each
    /// defined here with its fields in order.
    #[serde(default, rename = "new-types")]
    new_types: BTreeMap<String, NewType>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewType {
    fields: Vec<NewField>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewField {
    name: String,
    #[serde(rename = "type")]
    type_name: String,
    #[serde(default)]
    required: bool,
    description: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct OperationOverlay {
    wrapper: Option<String>,
    completion: Option<Completion>,
    #[serde(default)]
    fields: BTreeMap<String, FieldOverlay>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TypeOverlay {
    #[serde(rename = "enum")]
    values: Option<Vec<String>>,
    #[serde(default)]
    fields: BTreeMap<String, FieldOverlay>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldOverlay {
    #[serde(rename = "type")]
    type_name: Option<String>,
    required: Option<bool>,
    #[serde(rename = "enum")]
    values: Option<Vec<String>>,
    description: Option<String>,
}

impl Overlay {
    /// Reads an overlay file: `.json` as JSON, `.yaml` or `.yml` as YAML. A file with another
    /// extension, or one that does not parse, is an error diagnostic at its line.
    pub fn load(path: &Path, name: String, diags: &mut Diagnostics) -> Option<Overlay> {
        let Some(format) = Format::from_path(path) else {
            diags.error(
                &Source::new(name, 1),
                rules::OVERLAY,
                "no overlay format for this file: expected a name ending in .yaml, .yml or .json",
            );
            return None;
        };
        let text = match crate::pages::read_text(path) {
            Ok(t) => t,
            Err(e) => {
                diags.error(&Source::new(name, 1), rules::OVERLAY, format!("cannot read the overlay: {e}"));
                return None;
            }
        };
        Self::parse(name, format, text, diags)
    }

    /// Parses overlay text in the given format. JSON is parsed as JSON, not as the YAML it almost
    /// is: YAML takes a trailing comma or `{"wrapper": }` (a null) without a word.
    pub fn parse(name: String, format: Format, text: String, diags: &mut Diagnostics) -> Option<Overlay> {
        let parsed = match format {
            Format::Yaml => serde_norway::from_str::<Option<OverlayFile>>(&text)
                .map_err(|e| (e.location().map_or(1, |l| l.line()), e.to_string())),
            Format::Json => serde_json::from_str::<Option<OverlayFile>>(&text).map_err(|e| (e.line(), e.to_string())),
        };
        match parsed {
            Ok(content) => Some(Overlay { name, text, content: content.unwrap_or_default() }),
            Err((line, e)) => {
                let line = u32::try_from(line.max(1)).unwrap_or(1);
                diags.error(
                    &Source::new(name, line),
                    rules::OVERLAY,
                    format!("the overlay does not parse as {format}: {e}; expected `operations:` and `types:` maps"),
                );
                None
            }
        }
    }

    /// Applies the overlay; every change is a correction, every unknown name an error.
    pub fn apply(&self, api: &mut Api, diags: &mut Diagnostics) {
        let origin = Origin { rule: rules::OVERLAY, label: format!("overlay:{}", self.name) };
        let mut cx = Cx { overlay: self, lines: LineIndex::new(&self.text), origin, diags };
        for (name, t) in &self.content.new_types {
            cx.new_type(api, name, t);
        }
        // Sorted (the map's order), taken once: the types' names do not change while applying.
        let type_names: Vec<String> = api.types.keys().cloned().collect();
        for (id, o) in &self.content.operations {
            let Some(op) = api.operations.get_mut(id) else {
                let known: Vec<&str> = api.operations.keys().map(String::as_str).collect();
                cx.error(id, 0, format!("no operation `{id}` was read from the pages (known: {})", known.join(", ")));
                continue;
            };
            cx.operation(op, o, &type_names);
        }
        for (name, o) in &self.content.types {
            let Some(t) = api.types.get_mut(name) else {
                cx.error(
                    name,
                    0,
                    format!("no type `{name}` was read from the pages (known: {})", type_names.join(", ")),
                );
                continue;
            };
            let owner = t.name.clone();
            let source = t.sources[0].clone();
            if let Some(values) = &o.values {
                let old = match &t.kind {
                    TypeKind::Enum { values, .. } => values.join("|"),
                    TypeKind::Object { .. } => "object".to_owned(),
                    TypeKind::Alias { .. } => "alias".to_owned(),
                };
                t.kind = TypeKind::Enum { values: values.clone(), documented: true };
                record(&mut t.corrections, cx.diags, &cx.origin, &owner, "values", (old, values.join("|")), &source);
            }
            for (path, fo) in &o.fields {
                let TypeKind::Object { fields } = &mut t.kind else {
                    cx.error(path, cx.line_of(name, 0), format!("`{name}` is not an object type: it has no fields"));
                    continue;
                };
                let segments: Vec<&str> = path.split('.').collect();
                let mut corrections = Vec::new();
                match find_field(fields, &segments) {
                    Ok(field) => cx.field(field, fo, &owner, path, &type_names, &mut corrections),
                    Err(why) => cx.error(path, cx.line_of(name, 0), format!("`{name}.{path}`: {why}")),
                }
                t.corrections.extend(corrections);
            }
        }
    }
}

/// The state of one overlay's application.
struct Cx<'a> {
    overlay: &'a Overlay,
    lines: LineIndex<'a>,
    origin: Origin,
    diags: &'a mut Diagnostics,
}

impl Cx<'_> {
    /// The first line at or after `from` that names `key`.
    fn line_of(&self, key: &str, from: u32) -> u32 {
        self.lines.line_of(key, from)
    }

    fn error(&mut self, key: &str, from: u32, message: String) {
        let line = self.line_of(key, from);
        self.diags.error(&Source::new(self.overlay.name.clone(), line), rules::OVERLAY, message);
    }

    /// Defines a type the pages do not; one they already define is an error (its fields are set
    /// under `types:`), and so is a field whose type is no type name.
    fn new_type(&mut self, api: &mut Api, name: &str, t: &NewType) {
        let at = self.line_of(name, 0);
        if api.types.contains_key(name) {
            self.error(name, 0, format!("`{name}` was read from the pages: set its fields under `types:`"));
            return;
        }
        let mut fields = Vec::new();
        for f in &t.fields {
            let source = Source::new(self.overlay.name.clone(), self.line_of(&f.name, at));
            let Some(ty) = doctype::parse(&f.type_name).map(doctype::to_ref) else {
                self.error(&f.name, at, format!("`{name}.{}`: `{}` is not a type name", f.name, f.type_name));
                continue;
            };
            fields.push(Field {
                name: f.name.clone(),
                ty,
                doc_type: f.type_name.clone(),
                required: f.required,
                description: f.description.clone(),
                valid_values: Vec::new(),
                since: None,
                source,
            });
        }
        let source = Source::new(self.overlay.name.clone(), at);
        let mut defined = NamedType::new(name, TypeKind::Object { fields }, source.clone());
        let new = format!("{} fields", t.fields.len());
        record(&mut defined.corrections, self.diags, &self.origin, name, "definition", ("none", new), &source);
        api.types.insert(name.to_owned(), defined);
    }

    fn operation(&mut self, op: &mut Operation, o: &OperationOverlay, type_names: &[String]) {
        let at = self.line_of(&op.id, 0);
        if let Some(wrapper) = &o.wrapper {
            if op.body.as_ref().is_none_or(|b| b.wrapper.is_none()) {
                self.error("wrapper", at, format!("`{}` has no body wrapper to rename", op.id));
            } else if let Some((old, source)) = rename_wrapper(op, wrapper) {
                record(
                    &mut op.corrections,
                    self.diags,
                    &self.origin,
                    &op.id,
                    "body wrapper key",
                    (old, wrapper.clone()),
                    &source,
                );
            }
        }
        if let Some(c) = o.completion
            && op.completion != Some(c)
        {
            let old = format!("{:?}", op.completion).to_lowercase();
            let source = op.sources[0].clone();
            op.completion = Some(c);
            record(
                &mut op.corrections,
                self.diags,
                &self.origin,
                &op.id,
                "completion",
                (old, format!("{c:?}").to_lowercase()),
                &source,
            );
        }
        let id = op.id.clone();
        for (path, fo) in &o.fields {
            let mut corrections = Vec::new();
            match op_field(op, path) {
                Ok(field) => self.field(field, fo, &id, path, type_names, &mut corrections),
                Err(why) => self.error(path, at, format!("`{}` field `{path}`: {why}", op.id)),
            }
            op.corrections.extend(corrections);
        }
    }

    fn field(
        &mut self,
        field: &mut Field,
        fo: &FieldOverlay,
        owner: &str,
        path: &str,
        types: &[String], // sorted
        out: &mut Vec<crate::model::Correction>,
    ) {
        let source = field.source.clone();
        if let Some(type_name) = &fo.type_name {
            match doctype::parse(type_name).map(doctype::to_ref) {
                Some(TypeRef::Named(n)) if types.binary_search(&n).is_err() => self.error(
                    path,
                    0,
                    format!("`{type_name}` is neither a built-in type nor a type read from the pages"),
                ),
                Some(ty) => {
                    let old = std::mem::replace(&mut field.doc_type, type_name.clone());
                    field.ty = ty;
                    record(
                        out,
                        self.diags,
                        &self.origin,
                        owner,
                        format!("type of `{path}`"),
                        (old, type_name.clone()),
                        &source,
                    );
                }
                None => self.error(path, 0, format!("`{type_name}` is not a type name")),
            }
        }
        if let Some(required) = fo.required
            && required != field.required
        {
            field.required = required;
            record(
                out,
                self.diags,
                &self.origin,
                owner,
                format!("`{path}` required"),
                ((!required).to_string(), required.to_string()),
                &source,
            );
        }
        if let Some(values) = &fo.values {
            let old = std::mem::replace(&mut field.valid_values, values.clone()).join("|");
            record(
                out,
                self.diags,
                &self.origin,
                owner,
                format!("valid values of `{path}`"),
                (old, values.join("|")),
                &source,
            );
        }
        if let Some(d) = &fo.description {
            let old = field.description.replace(d.clone()).unwrap_or_default();
            record(out, self.diags, &self.origin, owner, format!("description of `{path}`"), (old, d.clone()), &source);
        }
    }
}

/// The overlay's lines, indexed once by the key each one starts (`body.x:`, `"body.x": {`), so
/// that finding the line of each of 20,000 unknown names is not a scan of the file each time.
struct LineIndex<'a> {
    lines: Vec<&'a str>,
    /// Line key → its 1-based line numbers, ascending.
    keys: BTreeMap<&'a str, Vec<u32>>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let lines: Vec<&str> = text.lines().collect();
        let mut keys: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
        for (i, line) in lines.iter().enumerate() {
            if let (Some(key), Ok(n)) = (line_key(line), u32::try_from(i + 1)) {
                keys.entry(key).or_default().push(n);
            }
        }
        Self { lines, keys }
    }

    /// The first line at or after `from` whose key is `key`; failing that, the first that
    /// contains it (a key in flow style, or inside a value); failing that, line 1.
    fn line_of(&self, key: &str, from: u32) -> u32 {
        if let Some(lines) = self.keys.get(key)
            && let Some(&n) = lines.get(lines.partition_point(|&n| n < from))
        {
            return n;
        }
        let skip = from.saturating_sub(1) as usize;
        let found = self.lines.iter().enumerate().skip(skip).find(|(_, l)| l.contains(key));
        found.map_or(1, |(i, _)| u32::try_from(i + 1).unwrap_or(1))
    }
}

/// The mapping key a line starts with: `key:` in YAML, `"key":` or `'key':` quoted.
fn line_key(line: &str) -> Option<&str> {
    let line = line.trim_start();
    for quote in ['"', '\''] {
        if let Some(rest) = line.strip_prefix(quote) {
            let (key, after) = rest.split_once(quote)?;
            return after.trim_start().starts_with(':').then_some(key);
        }
    }
    let (key, _) = line.split_once(':')?;
    let key = key.trim_end();
    (!key.is_empty() && !key.starts_with(['#', '-', '{', '['])).then_some(key)
}

/// Finds an operation's field from a path such as `body.changeTicketStatus.statusEvent`,
/// `query.limit` or `response.200.inventory.name`.
fn op_field<'a>(op: &'a mut Operation, path: &str) -> Result<&'a mut Field, String> {
    let mut segments = path.split('.');
    let place = segments.next().unwrap_or_default();
    let rest: Vec<&str> = segments.collect();
    let location = match place {
        "path" => Some(ParamLocation::Path),
        "query" => Some(ParamLocation::Query),
        "header" => Some(ParamLocation::Header),
        _ => None,
    };
    if let Some(location) = location {
        let [name] = rest.as_slice() else { return Err("a parameter path is `<where>.<name>`".into()) };
        let names: Vec<String> =
            op.params.iter().filter(|p| p.location == location).map(|p| p.field.name.clone()).collect();
        return op
            .params
            .iter_mut()
            .find(|p| p.location == location && p.field.name == *name)
            .map(|p| &mut p.field)
            .ok_or_else(|| format!("no {place} parameter `{name}` (there are: {})", names.join(", ")));
    }
    match place {
        "body" => {
            let body = op.body.as_mut().ok_or("the operation has no body")?;
            find_field(&mut body.fields, &rest)
        }
        "response" => {
            let (status, rest) = rest.split_first().ok_or("a response path is `response.<status>.<field>`")?;
            let status: u16 = status.parse().map_err(|_| format!("`{status}` is not a status"))?;
            let r =
                op.responses.iter_mut().find(|r| r.status == Some(status)).ok_or(format!("no {status} response"))?;
            find_field(&mut r.fields, rest)
        }
        other => Err(format!("`{other}` is not a place: expected body, query, path, header or response.<status>")),
    }
}

/// Follows a dotted path through inline objects and list elements.
fn find_field<'a>(fields: &'a mut [Field], path: &[&str]) -> Result<&'a mut Field, String> {
    let (first, rest) = path.split_first().ok_or("an empty field path")?;
    let names: Vec<String> = fields.iter().map(|f| f.name.clone()).collect();
    let field = fields
        .iter_mut()
        .find(|f| f.name == *first)
        .ok_or_else(|| format!("no field `{first}` (there are: {})", names.join(", ")))?;
    if rest.is_empty() {
        return Ok(field);
    }
    let name = field.name.clone();
    if let TypeRef::Named(n) = field.ty.element() {
        return Err(format!("`{name}` is the named type `{n}`: set its fields under `types: {n}:`"));
    }
    match field.ty.inline_fields_mut() {
        Some(inner) => find_field(inner, rest),
        None => Err(format!("`{name}` has no fields")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_found_at_the_line_it_is_the_key_of() {
        let text = "operations:\n  A:\n    fields:\n      body.statusEvent:\n      body.status:\n  \"B\": {\"fields\": {\"x\": {}}}\n";
        let lines = LineIndex::new(text);
        assert_eq!(lines.line_of("body.status", 0), 5, "the key, not the line that merely contains it");
        assert_eq!(lines.line_of("A", 0), 2);
        assert_eq!(lines.line_of("B", 0), 6);
        assert_eq!(lines.line_of("x", 0), 6, "a key in flow style: the first line containing it");
        assert_eq!(lines.line_of("fields", 4), 6);
        assert_eq!(lines.line_of("nowhere", 0), 1);
    }

    /// Loads `text` from a file called `name`; the diagnostics, one line each.
    fn load(name: &str, text: &str) -> (Option<Overlay>, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let mut diags = Diagnostics::new();
        let overlay = Overlay::load(&path, name.to_owned(), &mut diags);
        (overlay, diags.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn json_with_a_trailing_comma_is_an_error_at_its_line() {
        let (overlay, diags) = load("fix.json", "{\n  \"operations\": {},\n  \"types\": {},\n}\n");
        assert!(overlay.is_none());
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(
            diags[0].starts_with("fix.json:4: error: the overlay does not parse as JSON: trailing comma"),
            "{diags:?}"
        );
    }

    #[test]
    fn json_with_a_missing_value_is_an_error_at_its_line() {
        let (overlay, diags) = load("fix.json", "{\"operations\": {\n  \"ChangeTicketStatus\": {\"wrapper\": }\n}}\n");
        assert!(overlay.is_none());
        assert!(diags[0].starts_with("fix.json:2: error: the overlay does not parse as JSON"), "{diags:?}");
    }

    #[test]
    fn valid_json_and_yaml_overlays_load() {
        let json = "{\"operations\": {\"A\": {\"wrapper\": \"a\"}}, \"types\": {}}";
        for (name, text) in [("a.json", json), ("a.JSON", json), ("a.yaml", "operations:\n  A: {wrapper: a}\n")] {
            let (overlay, diags) = load(name, text);
            assert!(diags.is_empty(), "{name}: {diags:?}");
            assert_eq!(overlay.unwrap().content.operations["A"].wrapper.as_deref(), Some("a"), "{name}");
        }
        let (overlay, diags) = load("a.yml", "");
        assert!(diags.is_empty() && overlay.is_some(), "an empty YAML overlay sets nothing: {diags:?}");
    }

    #[test]
    fn yaml_that_does_not_parse_is_an_error_at_its_line() {
        let (overlay, diags) = load("fix.yml", "operations:\n  A: {wrapper: a\n");
        assert!(overlay.is_none());
        assert!(diags[0].contains("does not parse as YAML"), "{diags:?}");
    }

    #[test]
    fn another_extension_is_an_error_naming_the_expected_ones() {
        for name in ["fix.toml", "fix"] {
            let (overlay, diags) = load(name, "operations: {}\n");
            assert!(overlay.is_none());
            assert_eq!(
                diags,
                [format!(
                    "{name}:1: error: no overlay format for this file: expected a name ending in .yaml, .yml or .json [overlay]"
                )]
            );
        }
    }
}
