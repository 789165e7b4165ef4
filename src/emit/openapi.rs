//! The OpenAPI emitter: the model as an OpenAPI 3.1.0 or 3.0.3 document.
//!
//! The document is built as a `serde_json::Value` whose maps keep insertion order, and every
//! collection it is built from is ordered, so the same model gives the same bytes in JSON and YAML.
//! The two versions differ in three places only: the version string, `$ref` with sibling keywords
//! (3.1 allows them; 3.0 wraps the reference in `allOf`), and schema examples (`examples` in 3.1,
//! `example` in 3.0). A third walk, the generators document, is the 3.0 one with an operation's
//! responses in the shape client generators take ([`super::generator_shape`]).
//!
//! Facts that OpenAPI has no keyword for travel in `x-docs2api-*` extensions: where each operation
//! and named type was read, the documented since version, synchronous or asynchronous completion,
//! the body wrapper, the category path, the change history, the corrections a profile or overlay
//! made (`x-docs2api-corrections`) and the profile applied (`x-docs2api-profile`).
//!
//! Operations that share a path and method become one operation with a `oneOf` body
//! (`Emitter::shared_operation`); an operation's further paths get operation ids of their own.
//! Plain-text responses (a REST layer's errors) are `text/plain` strings. Examples are written as
//! their fields type them (`1` for an integer the page wrote `1.0`: [`super::typed_examples`]).

use std::collections::{BTreeMap, BTreeSet};
use std::io;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::generator_shape::{self, Shaped};
use super::sink::{Both, JsonSink, Sink, ValueSink};
use super::typed_examples::Typer;
use super::yaml::YamlSink;
use crate::model::{
    Api, AsyncJobs, Body, Completion, Correction, Field, ListStyle, Media, NamedType, Operation, ParamLocation,
    PathTemplate, Response, Source, TypeKind, TypeRef,
};

/// The OpenAPI versions docs2api writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V3_1,
    V3_0,
}

impl Version {
    fn string(self) -> &'static str {
        match self {
            Version::V3_1 => "3.1.0",
            Version::V3_0 => "3.0.3",
        }
    }
}

/// The document's `info` object, given by the caller (the pages do not name the API as a whole).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Info {
    pub title: String,
    pub version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Who answers for the API; the pages never say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    /// The API's licence; the pages never say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<License>,
}

impl Default for Info {
    fn default() -> Self {
        Info { title: "API".into(), version: "0.0.0".into(), description: None, contact: None, license: None }
    }
}

/// OpenAPI's Contact Object.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// OpenAPI's License Object, as both versions take it (a name and a URL; 3.1's SPDX `identifier`
/// would not be 3.0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct License {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

const SCHEMA_PREFIX: &str = "#/components/schemas/";
/// What the generators document says of itself.
const GENERATORS_SHAPE: &str = "For client generators: the successes of an operation share one body, and plain-text errors \
     beside JSON ones are listed in x-docs2api-plain-text-errors instead of declared (docs2api's README, For client generators).";
const SECURITY_SCHEME: &str = "authorization";

/// Builds the document.
pub fn document(api: &Api, info: &Info, version: Version) -> Value {
    let mut sink = ValueSink::new();
    // A ValueSink takes every walk.
    let _ = write(api, info, version, &mut sink);
    sink.into_value()
}

/// Which document a walk writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Everything the model knows.
    Full,
    /// OpenAPI 3.0 in the shape client generators take (see [`super::generator_shape`]).
    Generators,
}

/// The generators document: OpenAPI 3.0 in the shape progenitor and openapi-generator take.
pub fn generators_document(api: &Api, info: &Info) -> Value {
    let mut sink = ValueSink::new();
    // A ValueSink takes every walk.
    let _ = walk(api, info, Version::V3_0, Shape::Generators, &mut sink);
    sink.into_value()
}

/// The generators document as YAML text, written as it is walked.
pub fn write_generators_yaml(api: &Api, info: &Info, out: impl io::Write) -> io::Result<()> {
    walk(api, info, Version::V3_0, Shape::Generators, &mut YamlSink::new(out))
}

/// The generators document as pretty JSON text with a final newline, written as it is walked.
pub fn write_generators_json(api: &Api, info: &Info, out: impl io::Write) -> io::Result<()> {
    walk(api, info, Version::V3_0, Shape::Generators, &mut JsonSink::new(out))
}

/// Walks the document into `sink`: its top-level entries in order, with the paths one path item
/// at a time and the schemas one at a time, each built only when it is written (see
/// [`super::sink`] for why).
pub fn write(api: &Api, info: &Info, version: Version, sink: &mut impl Sink) -> io::Result<()> {
    walk(api, info, version, Shape::Full, sink)
}

fn walk(api: &Api, info: &Info, version: Version, shape: Shape, sink: &mut impl Sink) -> io::Result<()> {
    let e = Emitter {
        version,
        shape,
        timestamp_format: api.protocol.timestamp_format.as_deref(),
        examples: Typer::new(&api.types),
        jobs: api.protocol.jobs.as_ref(),
    };
    sink.entry("openapi", &json!(version.string()))?;
    sink.entry("info", &serde_json::to_value(info).unwrap_or(Value::Null))?;
    if let Some(servers) = servers(api) {
        sink.entry("servers", &servers)?;
    }
    if let Some(tags) = tags(api) {
        sink.entry("tags", &tags)?;
    }
    sink.open("paths")?;
    e.paths(api, sink)?;
    sink.close()?;
    sink.open("components")?;
    e.components(api, sink)?;
    sink.close()?;
    if let Some(profile) = &api.profile {
        sink.entry("x-docs2api-profile", &json!(profile))?;
    }
    if shape == Shape::Generators {
        sink.entry("x-docs2api-shape", &json!(GENERATORS_SHAPE))?;
    }
    sink.finish()
}

/// The document as YAML text, written as it is walked.
pub fn write_yaml(api: &Api, info: &Info, version: Version, out: impl io::Write) -> io::Result<()> {
    write(api, info, version, &mut YamlSink::new(out))
}

/// The document as pretty JSON text with a final newline, written as it is walked.
pub fn write_json(api: &Api, info: &Info, version: Version, out: impl io::Write) -> io::Result<()> {
    write(api, info, version, &mut JsonSink::new(out))
}

/// The YAML and the JSON text of the document, from one walk.
pub fn write_yaml_and_json(
    api: &Api,
    info: &Info,
    version: Version,
    yaml: impl io::Write,
    json: impl io::Write,
) -> io::Result<()> {
    write(api, info, version, &mut Both(YamlSink::new(yaml), JsonSink::new(json)))
}

/// The document as YAML.
pub fn to_yaml(doc: &Value) -> String {
    super::yaml::to_yaml(doc)
}

struct Emitter<'a> {
    version: Version,
    shape: Shape,
    /// The wire format of `Timestamp` values, when a profile gives it.
    timestamp_format: Option<&'a str>,
    /// Types the examples by their fields (`1.0` of an `int` field is written `1`).
    examples: Typer<'a>,
    /// The job protocol: the polling operation's tag, and what an operation without a description
    /// says of its completion.
    jobs: Option<&'a AsyncJobs>,
}

impl Emitter<'_> {
    /// One Path Item per path, each written when its methods are built.
    fn paths(&self, api: &Api, sink: &mut impl Sink) -> io::Result<()> {
        // The routes come ordered by path, then method.
        let mut routes = api.routes().into_iter().peekable();
        while let Some(((path, method), ops)) = routes.next() {
            let mut item = Map::new();
            item.insert(method.as_str().to_ascii_lowercase(), self.route(path, &ops));
            while let Some(((_, method), ops)) = routes.next_if(|((next, _), _)| next.as_str() == path.as_str()) {
                item.insert(method.as_str().to_ascii_lowercase(), self.route(path, &ops));
            }
            sink.entry(path.as_str(), &Value::Object(item))?;
        }
        Ok(())
    }

    /// The operation of one path and method.
    fn route(&self, path: &PathTemplate, ops: &[&Operation]) -> Value {
        match ops {
            [op] => self.operation(op, path),
            shared => self.shared_operation(shared, path),
        }
    }

    /// Several operations on one path and method (ZStack's actions on `/tickets/{uuid}/actions`,
    /// told apart by the body's wrapper key). OpenAPI allows one operation there, so the document
    /// carries one operation whose request body is a `oneOf` of each operation's body, each branch
    /// titled with its operation id; responses that differ become a `oneOf` too. The operations
    /// themselves are listed in `x-docs2api-operations`.
    fn shared_operation(&self, ops: &[&Operation], path: &PathTemplate) -> Value {
        let ids: Vec<&str> = ops.iter().map(|op| op.id.as_str()).collect();
        let mut o = Map::new();
        let tags: Vec<&str> = ops.iter().filter_map(|op| self.tag(op)).collect::<BTreeSet<_>>().into_iter().collect();
        if !tags.is_empty() {
            o.insert("tags".into(), json!(tags));
        }
        o.insert("summary".into(), json!(ops.iter().map(|op| op.title.as_str()).collect::<Vec<_>>().join(" | ")));
        o.insert("description".into(), json!(shared_description(ops)));
        o.insert("operationId".into(), json!(ids.join("Or")));
        let mut params: Vec<Value> = Vec::new();
        for p in ops.iter().flat_map(|op| self.parameters(op, path)) {
            if !params.iter().any(|q| q["name"] == p["name"] && q["in"] == p["in"]) {
                params.push(p);
            }
        }
        if !params.is_empty() {
            o.insert("parameters".into(), Value::Array(params));
        }
        if ops.iter().any(|op| op.body.is_some()) {
            o.insert("requestBody".into(), self.shared_request_body(ops));
        }
        insert_responses(&mut o, self.shared_responses(ops));
        if let Some(security) = shared_security(ops) {
            o.insert("security".into(), security);
        }
        let listed: Vec<Value> = ops
            .iter()
            .map(|op| {
                let mut entry = Map::new();
                entry.insert("operationId".into(), json!(op.id));
                entry.insert("summary".into(), json!(op.title));
                if let Some(wrapper) = op.body.as_ref().and_then(|b| b.wrapper.as_ref()) {
                    entry.insert("wrapper".into(), json!(wrapper));
                }
                // Each action's own requirement, as an Operation Object's `security` would say it
                // (`[]`: none), since the shared operation's can only say "optional" for a mix.
                if let Some(required) = op.auth_required {
                    let security = if required { json!([{ SECURITY_SCHEME: [] }]) } else { json!([]) };
                    entry.insert("security".into(), security);
                }
                extensions(op, &mut entry);
                Value::Object(entry)
            })
            .collect();
        o.insert("x-docs2api-operations".into(), Value::Array(listed));
        Value::Object(o)
    }

    fn shared_request_body(&self, ops: &[&Operation]) -> Value {
        let variants: Vec<Value> = ops
            .iter()
            .map(|op| {
                let fields = op.body.as_ref().map_or(&[][..], |b| b.fields.as_slice());
                let mut schema = self.object_schema(fields);
                if let Value::Object(s) = &mut schema {
                    s.insert("title".into(), json!(op.id));
                    if let Some(wrapper) = op.body.as_ref().and_then(|b| b.wrapper.as_ref()) {
                        s.insert("x-docs2api-wrapper".into(), json!(wrapper));
                    }
                }
                schema
            })
            .collect();
        let examples: Map<String, Value> = ops
            .iter()
            .filter_map(|op| {
                let body = op.request_example.as_ref()?.body.as_ref()?;
                let fields = op.body.as_ref().map_or(&[][..], |b| b.fields.as_slice());
                Some((op.id.clone(), json!({ "summary": op.title, "value": self.examples.object(body, fields) })))
            })
            .collect();
        let mut media = Map::new();
        media.insert("schema".into(), json!({ "oneOf": variants }));
        if !examples.is_empty() {
            media.insert("examples".into(), Value::Object(examples));
        }
        json!({ "required": true, "content": { "application/json": Value::Object(media) } })
    }

    /// Per status, the one schema all operations share, or a `oneOf` of the different ones; and
    /// the responses the generators document leaves out, if any.
    fn shared_responses(&self, ops: &[&Operation]) -> (Value, Option<Value>) {
        // Keyed so that numbered statuses sort first, ascending, and `default` last.
        type StatusKey = (bool, Option<u16>);
        let shaped: Vec<Shaped> = ops.iter().map(|op| self.shaped(&op.responses)).collect();
        let mut by_status: BTreeMap<StatusKey, Vec<(&Operation, &Shaped, &Response)>> = BTreeMap::new();
        for (op, shaped) in ops.iter().zip(&shaped) {
            for r in &shaped.kept {
                by_status.entry((r.status.is_none(), r.status)).or_default().push((op, shaped, r));
            }
        }
        let mut out = Map::new();
        for ((_, status), list) in by_status {
            let mut schemas: Vec<Value> = Vec::new();
            for (_, shaped, r) in &list {
                let schema = self.body_schema(shaped, r);
                if !schemas.contains(&schema) {
                    schemas.push(schema);
                }
            }
            let schema = if schemas.len() == 1 { schemas.remove(0) } else { json!({ "oneOf": schemas }) };
            let examples: Map<String, Value> = list
                .iter()
                .filter_map(|(op, _, r)| Some((op.id.clone(), json!({ "value": self.response_example(r)? }))))
                .collect();
            let examples = (!examples.is_empty()).then(|| ("examples", Value::Object(examples)));
            out.insert(status_key(status), response_object(list[0].2, schema, examples));
        }
        let left_out: Vec<&Response> = shaped.iter().flat_map(|s| s.left_out.iter().copied()).collect();
        (Value::Object(out), left_out_responses(&left_out))
    }

    /// The operation's tag: its API group, or the job protocol's tag for the polling operation.
    fn tag<'o>(&'o self, op: &'o Operation) -> Option<&'o str> {
        let job_tag = || self.jobs.filter(|j| j.operation_id == op.id)?.tag.as_ref().map(|t| t.name.as_str());
        op.group.as_deref().or_else(job_tag)
    }

    fn operation(&self, op: &Operation, path: &PathTemplate) -> Value {
        let mut o = Map::new();
        if let Some(tag) = self.tag(op) {
            o.insert("tags".into(), json!([tag]));
        }
        o.insert("summary".into(), json!(op.title));
        let description = op.description.clone().unwrap_or_else(|| self.undescribed(op));
        o.insert("description".into(), json!(description));
        o.insert("operationId".into(), json!(op.id_at(path)));
        let params = self.parameters(op, path);
        if !params.is_empty() {
            o.insert("parameters".into(), Value::Array(params));
        }
        if let Some(body) = &op.body {
            o.insert("requestBody".into(), self.request_body(op, body));
        }
        insert_responses(&mut o, self.responses(&op.responses));
        // `[]` says "no session" outright (the job URL, a login); without it a reader cannot tell
        // that from "not stated", and linters ask every operation to say.
        match op.auth_required {
            Some(true) => _ = o.insert("security".into(), json!([{ SECURITY_SCHEME: [] }])),
            Some(false) => _ = o.insert("security".into(), json!([])),
            None => {}
        }
        if *path != op.path {
            o.insert("x-docs2api-operation".into(), json!(op.id));
        }
        extensions(op, &mut o);
        Value::Object(o)
    }

    /// The description of an operation its pages do not describe: that they do not, and how it
    /// completes, which the model knows (a reader and a linter both want a description).
    fn undescribed(&self, op: &Operation) -> String {
        let completes = match (op.completion, self.jobs) {
            (Some(Completion::Synchronous), _) => " It completes at once: its response is the result.".to_owned(),
            (Some(Completion::Asynchronous), Some(jobs)) => format!(
                " It runs as a job: it answers {} with the job's `{}`, which `{}` polls for the result.",
                jobs.accepted, jobs.location_field, jobs.operation_id
            ),
            (Some(Completion::Asynchronous), None) => " It completes asynchronously.".to_owned(),
            (None, _) => String::new(),
        };
        format!("The pages give no description of `{}`.{completes}", op.id)
    }

    /// The operation's parameters; on an extra path, only the path variables that path has.
    fn parameters(&self, op: &Operation, path: &PathTemplate) -> Vec<Value> {
        op.params
            .iter()
            .filter(|p| p.location != ParamLocation::Path || path.has_variable(&p.field.name))
            .map(|p| {
                let mut o = Map::new();
                o.insert("name".into(), json!(p.field.name));
                o.insert("in".into(), json!(p.location.as_str()));
                if let Some(d) = &p.field.description {
                    o.insert("description".into(), json!(d));
                }
                o.insert("required".into(), json!(p.location == ParamLocation::Path || p.field.required));
                if p.style == ListStyle::Comma && matches!(p.field.ty, TypeRef::List(_)) {
                    o.insert("style".into(), json!("form"));
                    o.insert("explode".into(), json!(false));
                }
                o.insert("schema".into(), self.field_schema(&p.field, false));
                Value::Object(o)
            })
            .collect()
    }

    fn request_body(&self, op: &Operation, body: &Body) -> Value {
        let mut schema = self.object_schema(&body.fields);
        if let (Some(wrapper), Value::Object(s)) = (&body.wrapper, &mut schema) {
            s.insert("x-docs2api-wrapper".into(), json!(wrapper));
        }
        let mut media = Map::new();
        media.insert("schema".into(), schema);
        if let Some(example) = op.request_example.as_ref().and_then(|r| r.body.as_ref()) {
            media.insert("example".into(), self.examples.object(example, &body.fields));
        }
        json!({ "required": true, "content": { "application/json": Value::Object(media) } })
    }

    /// The Responses Object, and the responses the generators document leaves out, if any.
    fn responses(&self, responses: &[Response]) -> (Value, Option<Value>) {
        let shaped = self.shaped(responses);
        let mut out = Map::new();
        for r in &shaped.kept {
            let example = self.response_example(r).map(|e| ("example", e));
            out.insert(status_key(r.status), response_object(r, self.body_schema(&shaped, r), example));
        }
        if out.is_empty() {
            out.insert("default".into(), json!({ "description": "The pages document no response." }));
        }
        (Value::Object(out), left_out_responses(&shaped.left_out))
    }

    /// The responses this document declares: every one, except in the generators document.
    fn shaped<'r>(&self, responses: &'r [Response]) -> Shaped<'r> {
        match self.shape {
            Shape::Full => Shaped::all(responses),
            Shape::Generators => Shaped::for_generators(responses),
        }
    }

    /// A response's example, typed by its fields when it is JSON.
    fn response_example(&self, r: &Response) -> Option<Value> {
        let example = &r.example.as_ref()?.value;
        Some(match r.media {
            Media::Json => self.examples.object(example, &r.fields),
            Media::PlainText => example.clone(),
        })
    }

    /// A response body's schema as declared: an object of its fields (of the successes' shared
    /// body, in the generators document), or a string for plain text.
    fn body_schema(&self, shaped: &Shaped, r: &Response) -> Value {
        if r.media == Media::PlainText {
            return json!({ "type": "string" });
        }
        let (fields, shared) = shaped.fields(r);
        let mut schema = self.object_schema(fields);
        if let (true, Value::Object(s)) = (shared, &mut schema) {
            s.insert("description".into(), json!(generator_shape::SHARED_SUCCESS));
        }
        schema
    }

    fn components(&self, api: &Api, sink: &mut impl Sink) -> io::Result<()> {
        sink.open("schemas")?;
        for t in api.types.values() {
            sink.entry(&t.name, &self.named_type(t))?;
        }
        sink.close()?;
        if let Some(scheme) = security_scheme(api) {
            sink.entry("securitySchemes", &json!({ SECURITY_SCHEME: scheme }))?;
        }
        Ok(())
    }

    fn named_type(&self, t: &NamedType) -> Value {
        let mut schema = match &t.kind {
            TypeKind::Object { fields } => self.object_schema(fields),
            TypeKind::Enum { values, documented: true } => json!({ "type": "string", "enum": values }),
            TypeKind::Enum { values, documented: false } => self.open_enum(values),
            TypeKind::Alias { target } => self.schema(target),
        };
        if let Value::Object(s) = &mut schema {
            s.insert("x-docs2api-source".into(), sources(&t.sources));
            if !t.corrections.is_empty() {
                s.insert("x-docs2api-corrections".into(), corrections(&t.corrections));
            }
        }
        schema
    }

    /// A string type whose values were only seen in examples: the values are examples, not a
    /// closed list, so a value the pages never showed still validates.
    fn open_enum(&self, values: &[String]) -> Value {
        let mut s = Map::new();
        s.insert("type".into(), json!("string"));
        match (self.version, values.first()) {
            (_, None) => {}
            (Version::V3_1, Some(_)) => {
                s.insert("examples".into(), json!(values));
            }
            (Version::V3_0, Some(first)) => {
                s.insert("example".into(), json!(first));
            }
        }
        Value::Object(s)
    }

    fn object_schema(&self, fields: &[Field]) -> Value {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for f in fields {
            properties.insert(f.name.clone(), self.field_schema(f, true));
            if f.required {
                required.push(json!(f.name));
            }
        }
        let mut s = Map::new();
        s.insert("type".into(), json!("object"));
        if !properties.is_empty() {
            s.insert("properties".into(), Value::Object(properties));
        }
        if !required.is_empty() {
            s.insert("required".into(), Value::Array(required));
        }
        Value::Object(s)
    }

    /// A field's schema with its description and valid values.
    fn field_schema(&self, f: &Field, with_description: bool) -> Value {
        let mut schema = self.schema(&f.ty);
        let description = f.description.as_ref().filter(|_| with_description);
        if !f.valid_values.is_empty() {
            add_enum(&mut schema, &f.ty, &f.valid_values);
        }
        if matches!(f.ty, TypeRef::Timestamp)
            && let Value::Object(s) = &mut schema
        {
            s.insert("x-docs2api-type".into(), json!(f.doc_type));
            if let Some(format) = self.timestamp_format {
                s.insert("x-docs2api-format".into(), json!(format));
            }
        }
        let Some(description) = description else { return schema };
        match (self.version, schema) {
            // 3.0 ignores keywords beside `$ref`: wrap the reference so the description counts.
            (Version::V3_0, Value::Object(s)) if s.contains_key("$ref") => {
                json!({ "allOf": [Value::Object(s)], "description": description })
            }
            (_, Value::Object(mut s)) => {
                s.insert("description".into(), json!(description));
                Value::Object(s)
            }
            (_, other) => other,
        }
    }

    fn schema(&self, ty: &TypeRef) -> Value {
        match ty {
            TypeRef::String | TypeRef::Timestamp => json!({ "type": "string" }),
            TypeRef::Int32 => json!({ "type": "integer", "format": "int32" }),
            TypeRef::Int64 => json!({ "type": "integer", "format": "int64" }),
            TypeRef::Number => json!({ "type": "number", "format": "double" }),
            TypeRef::Boolean => json!({ "type": "boolean" }),
            TypeRef::Any => json!({}),
            TypeRef::Map(value) => {
                let additional = match value.as_ref() {
                    TypeRef::Any => json!(true),
                    v => self.schema(v),
                };
                json!({ "type": "object", "additionalProperties": additional })
            }
            TypeRef::List(element) => json!({ "type": "array", "items": self.schema(element) }),
            TypeRef::Named(name) => json!({ "$ref": format!("{SCHEMA_PREFIX}{name}") }),
            TypeRef::Object(fields) => self.object_schema(fields),
        }
    }
}

/// Puts a field's valid values on the schema of the strings they are: the field's own, or, for a
/// list, its items' (the values of a list field are the values of its elements; an `enum` on the
/// array would ask for the array to equal a string).
fn add_enum(schema: &mut Value, ty: &TypeRef, values: &[String]) {
    match (ty, schema) {
        (TypeRef::List(element), Value::Object(s)) => {
            if let Some(items) = s.get_mut("items") {
                add_enum(items, element, values);
            }
        }
        (TypeRef::String, Value::Object(s)) => {
            s.insert("enum".into(), json!(values));
        }
        _ => {}
    }
}

/// Where the generators document lists the plain-text responses it leaves out.
const PLAIN_TEXT_ERRORS: &str = "x-docs2api-plain-text-errors";

/// An operation's `responses`, and beside them the responses the generators document leaves out.
fn insert_responses(o: &mut Map<String, Value>, (responses, left_out): (Value, Option<Value>)) {
    o.insert("responses".into(), responses);
    if let Some(left_out) = left_out {
        o.insert(PLAIN_TEXT_ERRORS.into(), left_out);
    }
}

/// The responses the generators document leaves out, as `{status: description}`.
fn left_out_responses(left_out: &[&Response]) -> Option<Value> {
    let each = left_out.iter().map(|r| {
        let description = r.description.clone().unwrap_or_else(|| default_description(r.status).to_owned());
        (status_key(r.status), json!(description))
    });
    let listed: BTreeMap<String, Value> = each.collect();
    (!listed.is_empty()).then(|| Value::Object(listed.into_iter().collect()))
}

fn status_key(status: Option<u16>) -> String {
    status.map_or_else(|| "default".to_owned(), |s| s.to_string())
}

/// A Response Object: the description, and the body under its media type with an example.
fn response_object(r: &Response, schema: Value, example: Option<(&str, Value)>) -> Value {
    let description = r.description.clone().unwrap_or_else(|| default_description(r.status).to_owned());
    let mut media = Map::new();
    media.insert("schema".into(), schema);
    if let Some((key, value)) = example {
        media.insert(key.into(), value);
    }
    let media_type = match r.media {
        Media::Json => "application/json",
        Media::PlainText => "text/plain",
    };
    json!({ "description": description, "content": { media_type: Value::Object(media) } })
}

/// The security of operations that share a path and method: required when every one of them
/// needs auth, optional (`{}`, no requirement, is one of the alternatives) when only some do (a
/// `GetVersion` beside actions that need a session), none when none does. The same in 3.1 and 3.0.
fn shared_security(ops: &[&Operation]) -> Option<Value> {
    let needing = ops.iter().filter(|op| op.auth_required == Some(true)).count();
    match needing {
        0 => None,
        n if n == ops.len() => Some(json!([{ SECURITY_SCHEME: [] }])),
        _ => Some(json!([{}, { SECURITY_SCHEME: [] }])),
    }
}

fn shared_description(ops: &[&Operation]) -> String {
    let each: Vec<String> = ops
        .iter()
        .map(|op| match op.body.as_ref().and_then(|b| b.wrapper.as_ref()) {
            Some(w) => format!("`{}` (body key `{w}`)", op.id),
            None => format!("`{}`", op.id),
        })
        .collect();
    format!(
        "{} operations share this path and method; the server tells them apart by the request body's wrapper key: {}.",
        ops.len(),
        each.join(", ")
    )
}

fn default_description(status: Option<u16>) -> &'static str {
    match status {
        None => "The error structure returned with a failing status.",
        Some(200..=299) => "Success.",
        Some(_) => "A response documented without a description.",
    }
}

fn corrections(list: &[Correction]) -> Value {
    let each = |c: &Correction| json!({ "rule": c.rule, "subject": c.subject, "old": c.old, "new": c.new, "source": c.source.to_string() });
    Value::Array(list.iter().map(each).collect())
}

fn sources(list: &[Source]) -> Value {
    Value::Array(list.iter().map(|s| json!(s.to_string())).collect())
}

/// The facts without an OpenAPI keyword, as `x-docs2api-*` extensions.
fn extensions(op: &Operation, o: &mut Map<String, Value>) {
    o.insert("x-docs2api-source".into(), sources(&op.sources));
    if !op.corrections.is_empty() {
        o.insert("x-docs2api-corrections".into(), corrections(&op.corrections));
    }
    if !op.category.is_empty() {
        o.insert("x-docs2api-category".into(), json!(op.category));
    }
    if let Some(since) = &op.since {
        o.insert("x-docs2api-since".into(), json!(since));
    }
    if let Some(c) = op.completion {
        o.insert("x-docs2api-completion".into(), serde_json::to_value(c).unwrap_or(Value::Null));
    }
    if !op.change_history.is_empty() {
        o.insert("x-docs2api-change-history".into(), json!(op.change_history));
    }
}

/// Tags from the API groups, each described by its category path, and the job protocol's tag
/// when the polling operation has no group of its own.
fn tags(api: &Api) -> Option<Value> {
    let mut tags: BTreeMap<&str, Option<String>> = BTreeMap::new();
    for op in api.operations.values() {
        if let Some(g) = &op.group {
            tags.entry(g.as_str()).or_insert_with(|| (!op.category.is_empty()).then(|| op.category.join(" / ")));
        }
    }
    let jobs = api.protocol.jobs.as_ref();
    let polled_ungrouped =
        jobs.is_some_and(|j| api.operations.get(&j.operation_id).is_some_and(|op| op.group.is_none()));
    if let Some(tag) = jobs.and_then(|j| j.tag.as_ref()).filter(|_| polled_ungrouped) {
        tags.entry(tag.name.as_str()).or_insert_with(|| Some(tag.description.clone()));
    }
    (!tags.is_empty()).then(|| {
        let each = |(name, description): (&str, Option<String>)| match description {
            Some(description) => json!({ "name": name, "description": description }),
            None => json!({ "name": name }),
        };
        Value::Array(tags.into_iter().map(each).collect())
    })
}

/// Servers from the request examples: what stands before the operation's path in each URL, with
/// `{variables}` declared as server variables.
fn servers(api: &Api) -> Option<Value> {
    let mut bases: BTreeMap<String, ()> = BTreeMap::new();
    for op in api.operations.values() {
        let Some(example) = &op.request_example else { continue };
        let url = example.url.split_once('?').map_or(example.url.as_str(), |(u, _)| u);
        if let Some(base) = url.strip_suffix(op.path.as_str())
            && base.contains("://")
        {
            bases.insert(base.to_owned(), ());
        }
    }
    (!bases.is_empty()).then(|| {
        Value::Array(
            bases
                .into_keys()
                .map(|url| {
                    let variables: Map<String, Value> = PathTemplate::parse(&url)
                        .variables()
                        .map(|v| (v.to_owned(), json!({ "default": "localhost", "description": format!("The `{v}` of the examples' URLs.") })))
                        .collect();
                    if variables.is_empty() {
                        json!({ "url": url })
                    } else {
                        json!({ "url": url, "variables": variables })
                    }
                })
                .collect(),
        )
    })
}

/// The security scheme for operations marked "Auth Required": the `Authorization` header, with the
/// form of its value taken from the request examples (`OAuth {sessionUuid}`).
fn security_scheme(api: &Api) -> Option<Value> {
    if !api.operations.values().any(|op| op.auth_required == Some(true)) {
        return None;
    }
    let header = &api.protocol.auth.header;
    let description = match api.authorization_example() {
        Some(value) => format!("Send the header `{header}: {value}`, as the request examples show."),
        None => format!("The pages mark these operations \"Auth Required\"; send the `{header}` header."),
    };
    Some(json!({ "type": "apiKey", "in": "header", "name": header, "description": description }))
}
