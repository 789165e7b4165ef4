//! The intermediate model: operations, parameters, fields and named types, merged from every page.
//!
//! Plain data, free of any page syntax, layout or output format. Every operation, parameter and
//! field carries the [`Source`] it was read from. Collections are ordered (`Vec` in documented
//! order, `BTreeMap` by name) so that emitters produce the same bytes on every run.

mod path;
mod protocol;
mod source;
pub(crate) mod version;

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use serde_json::Value;

pub use path::PathTemplate;
pub use protocol::{AsyncJobs, Auth, Digest, Failure, JobTag, Messages, Protocol, SessionError, Sessions};
pub use source::Source;

/// Everything read from a set of pages.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Api {
    /// Operations by operation id.
    pub operations: BTreeMap<String, Operation>,
    /// Named types (components) by name.
    pub types: BTreeMap<String, NamedType>,
    /// How the server speaks beyond each operation: failures, jobs, sessions, media types.
    pub protocol: Protocol,
    /// The profile applied to the pages, if any.
    pub profile: Option<String>,
}

/// One change a profile or overlay made to what the pages said.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Correction {
    /// The rule (`wrapper-key`) or overlay file that made the change.
    pub rule: String,
    /// What changed, such as `body wrapper key` or `field deleteMode`.
    pub subject: String,
    pub old: String,
    pub new: String,
    /// The page line the corrected fact was read from.
    pub source: Source,
}

impl Api {
    /// The value the request examples send in the `Authorization` header (`OAuth {sessionUuid}`),
    /// the only place the pages show how a session is sent.
    pub fn authorization_example(&self) -> Option<&str> {
        self.operations
            .values()
            .filter_map(|op| op.request_example.as_ref())
            .flat_map(|r| &r.headers)
            .find(|(name, _)| name.eq_ignore_ascii_case("Authorization"))
            .map(|(_, value)| value.as_str())
    }

    /// Calls `f` on every field of the model: parameters, bodies, responses and named types,
    /// descending into inline objects and list or map elements, in a stable order.
    pub fn for_each_field(&self, f: &mut impl FnMut(&Field)) {
        for op in self.operations.values() {
            op.params.iter().for_each(|p| visit(&p.field, f));
            op.body.iter().flat_map(|b| &b.fields).for_each(|field| visit(field, f));
            op.responses.iter().flat_map(|r| &r.fields).for_each(|field| visit(field, f));
        }
        for t in self.types.values() {
            if let TypeKind::Object { fields } = &t.kind {
                fields.iter().for_each(|field| visit(field, f));
            }
        }
    }

    /// Like [`Api::for_each_field`], with each field mutable.
    pub fn for_each_field_mut(&mut self, f: &mut impl FnMut(&mut Field)) {
        for op in self.operations.values_mut() {
            op.params.iter_mut().for_each(|p| visit_mut(&mut p.field, f));
            op.body.iter_mut().flat_map(|b| &mut b.fields).for_each(|field| visit_mut(field, f));
            op.responses.iter_mut().flat_map(|r| &mut r.fields).for_each(|field| visit_mut(field, f));
        }
        for t in self.types.values_mut() {
            if let TypeKind::Object { fields } = &mut t.kind {
                fields.iter_mut().for_each(|field| visit_mut(field, f));
            }
        }
    }

    /// The response that carries an operation's result (see [`Operation::success_index`]).
    pub fn success<'o>(&self, op: &'o Operation) -> Option<&'o Response> {
        op.success_index(self.protocol.jobs.as_ref().map(|j| j.accepted)).map(|i| &op.responses[i])
    }

    /// Every route (path and method) and the operations that answer on it, each path of each
    /// operation (further paths included), ordered by path, then method. Several operations on
    /// one route are told apart by their bodies' wrapper keys.
    pub fn routes(&self) -> BTreeMap<(&PathTemplate, Method), Vec<&Operation>> {
        routes(self.operations.values())
    }
}

/// [`Api::routes`] for some of the operations.
pub fn routes<'a>(
    ops: impl IntoIterator<Item = &'a Operation>,
) -> BTreeMap<(&'a PathTemplate, Method), Vec<&'a Operation>> {
    let mut routes: BTreeMap<(&PathTemplate, Method), Vec<&Operation>> = BTreeMap::new();
    for op in ops {
        for path in op.paths() {
            routes.entry((path, op.method)).or_default().push(op);
        }
    }
    routes
}

/// Calls `f` on a field and on every field inside it (inline objects, list and map elements, at
/// any depth of lists and maps).
pub fn visit_mut(field: &mut Field, f: &mut impl FnMut(&mut Field)) {
    f(field);
    if let Some(fields) = field.ty.inline_fields_mut() {
        fields.iter_mut().for_each(|inner| visit_mut(inner, f));
    }
}

/// Calls `f` on a field and on every field inside it, as [`visit_mut`].
pub fn visit(field: &Field, f: &mut impl FnMut(&Field)) {
    f(field);
    if let Some(fields) = field.ty.inline_fields() {
        fields.iter().for_each(|inner| visit(inner, f));
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
    Patch,
    Head,
    Options,
}

impl Method {
    pub const ALL: [Method; 7] =
        [Method::Get, Method::Post, Method::Put, Method::Delete, Method::Patch, Method::Head, Method::Options];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }

    /// Parses an upper-case method name exactly.
    pub fn parse(s: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// The method a string starts with, and the rest (`PUT/zstack/...` → `PUT`, `/zstack/...`).
    pub fn split_prefix(s: &str) -> Option<(Method, &str)> {
        // Longest first is not needed: no method name is a prefix of another.
        Method::ALL.into_iter().find_map(|m| s.strip_prefix(m.as_str()).map(|rest| (m, rest)))
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a call completes, as the documentation states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Completion {
    Synchronous,
    Asynchronous,
}

/// One API operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    /// The category path, outermost first (`Operations Management`, …, `Ticket Operations`).
    pub category: Vec<String>,
    /// The API group named on the page (the Explorer's badge), used as the tag.
    pub group: Option<String>,
    pub method: Method,
    /// The path template, such as `/zstack/v1/tickets/{uuid}/actions`.
    pub path: PathTemplate,
    /// Further path templates that reach the same operation (`/tickets/{uuid}` for a query).
    pub other_paths: Vec<PathTemplate>,
    /// Path, query and header parameters, in documented order.
    pub params: Vec<Parameter>,
    pub body: Option<Body>,
    /// Responses by status, ascending, the one for any other status last.
    pub responses: Vec<Response>,
    pub since: Option<String>,
    pub completion: Option<Completion>,
    pub auth_required: Option<bool>,
    pub request_example: Option<RequestExample>,
    pub change_history: Vec<String>,
    /// The pages this operation was read from (one per page; several after a merge).
    pub sources: Vec<Source>,
    /// What profiles and overlays changed, in the order applied.
    pub corrections: Vec<Correction>,
}

impl Operation {
    /// The main path, then the further paths.
    pub fn paths(&self) -> impl Iterator<Item = &PathTemplate> {
        std::iter::once(&self.path).chain(&self.other_paths)
    }

    /// The name of the operation at one of its paths. Operation ids are unique in a document and
    /// client methods in a crate, so a further path gets a name of its own, after what it adds
    /// (`QueryTicket` at `/tickets/{uuid}` is `QueryTicketByUuid`), or numbered when it adds no
    /// variable (`QueryTicket2` for the first further path).
    pub fn id_at(&self, path: &PathTemplate) -> String {
        if *path == self.path {
            return self.id.clone();
        }
        let added: Vec<String> = path.variables_beyond(&self.path).into_iter().map(capitalise).collect();
        if added.is_empty() {
            let index = self.other_paths.iter().position(|p| p == path).unwrap_or(0) + 2;
            format!("{}{index}", self.id)
        } else {
            format!("{}By{}", self.id, added.join("And"))
        }
    }

    /// The index of the response that carries the operation's result: 200, else the first 2xx
    /// that is not the job protocol's `accepted` status. Every stage that asks "what does this
    /// operation return" asks this.
    pub fn success_index(&self, accepted: Option<u16>) -> Option<usize> {
        self.responses.iter().position(|r| r.status == Some(200)).or_else(|| {
            self.responses.iter().position(|r| r.status.is_some_and(|s| is_success(s) && Some(s) != accepted))
        })
    }
}

/// A 2xx status.
pub fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().collect::<String>() + chars.as_str())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

impl ParamLocation {
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parameter {
    pub location: ParamLocation,
    pub field: Field,
    /// How a list travels in the query string.
    pub style: ListStyle,
}

impl Parameter {
    pub fn new(location: ParamLocation, field: Field) -> Self {
        Parameter { location, field, style: ListStyle::default() }
    }
}

/// How a list parameter is written in a query string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListStyle {
    /// The key once per element: `q=a&q=b`.
    #[default]
    Repeat,
    /// One key, the elements joined by commas: `fields=a,b`.
    Comma,
}

/// A JSON request body: root fields, one of which may be the wrapper object that holds the
/// operation's own fields (`{"changeTicketStatus": {...}, "systemTags": [...]}`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Body {
    /// The root field that wraps the operation's parameters, if the page shows one.
    pub wrapper: Option<String>,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Response {
    /// The HTTP status; `None` for the structure returned with any other (failing) status.
    pub status: Option<u16>,
    pub description: Option<String>,
    /// The documented fields of the JSON body; empty for an empty object.
    pub fields: Vec<Field>,
    /// The example body for this status, if the page has one.
    pub example: Option<Example>,
    /// What the body is: JSON described by `fields`, or plain text (error messages of REST layers).
    pub media: Media,
    pub source: Source,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Media {
    #[default]
    Json,
    PlainText,
}

/// A JSON example and where it was read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    pub value: Value,
    pub source: Source,
}

/// The request example, parsed from the page's curl line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestExample {
    pub method: Method,
    pub url: String,
    /// Headers in the order given, names as written.
    pub headers: Vec<(String, String)>,
    pub body: Option<Value>,
    pub source: Source,
}

/// A documented field: of a body, a response, a named type or an inline object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    pub name: String,
    pub ty: TypeRef,
    /// The type name exactly as the page wrote it (`int`, `LinkedHashMap`, `TicketStatus`).
    pub doc_type: String,
    pub required: bool,
    pub description: Option<String>,
    /// Documented valid values (`open`, `approve`, …); empty when the page lists none.
    pub valid_values: Vec<String>,
    pub since: Option<String>,
    pub source: Source,
}

/// What a field holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum TypeRef {
    String,
    /// A 32-bit (`int`, `Integer`) or 64-bit (`long`, `Long`) integer.
    Int32,
    Int64,
    /// A floating-point number (`double`, `float`).
    Number,
    Boolean,
    /// A date-time as the server writes it (`java.sql.Timestamp`): a string, in the server's format.
    Timestamp,
    /// Any JSON value (`Object` with no documented fields).
    Any,
    /// A JSON object with arbitrary keys (`Map`, `LinkedHashMap`).
    Map(Box<TypeRef>),
    List(Box<TypeRef>),
    /// A reference to a named type in [`Api::types`].
    Named(String),
    /// An object whose fields are documented in place.
    Object(Vec<Field>),
}

impl TypeRef {
    /// The type inside any lists and maps (`Object` of `List<Map<Object>>`).
    pub fn element(&self) -> &TypeRef {
        let mut ty = self;
        while let TypeRef::List(inner) | TypeRef::Map(inner) = ty {
            ty = inner;
        }
        ty
    }

    pub fn element_mut(&mut self) -> &mut TypeRef {
        let mut ty = self;
        while let TypeRef::List(inner) | TypeRef::Map(inner) = ty {
            ty = inner;
        }
        ty
    }

    /// The fields of an object documented in place, inside any lists and maps.
    pub fn inline_fields(&self) -> Option<&[Field]> {
        match self.element() {
            TypeRef::Object(fields) => Some(fields),
            _ => None,
        }
    }

    pub fn inline_fields_mut(&mut self) -> Option<&mut Vec<Field>> {
        match self.element_mut() {
            TypeRef::Object(fields) => Some(fields),
            _ => None,
        }
    }

    /// The named type referred to, inside any lists and maps.
    pub fn named(&self) -> Option<&str> {
        match self.element() {
            TypeRef::Named(name) => Some(name),
            _ => None,
        }
    }

    /// Whether two types describe the same JSON, whatever their descriptions and sources say.
    pub fn same_shape(&self, other: &TypeRef) -> bool {
        match (self, other) {
            (TypeRef::Map(a), TypeRef::Map(b)) | (TypeRef::List(a), TypeRef::List(b)) => a.same_shape(b),
            (TypeRef::Object(a), TypeRef::Object(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.name == y.name && x.ty.same_shape(&y.ty))
            }
            (a, b) => a == b,
        }
    }
}

/// A named type, shared by every field that refers to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NamedType {
    pub name: String,
    pub kind: TypeKind,
    /// Every place that documents the type (its fields or values), in reading order.
    pub sources: Vec<Source>,
    /// What profiles and overlays changed, in the order applied.
    pub corrections: Vec<Correction>,
}

impl NamedType {
    pub fn new(name: impl Into<String>, kind: TypeKind, source: Source) -> Self {
        NamedType { name: name.into(), kind, sources: vec![source], corrections: Vec::new() }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    /// An object with documented fields.
    Object { fields: Vec<Field> },
    /// A string enumeration. `documented` is true when the values come from a documented list of
    /// valid values (a closed set), false when they were only seen in examples (an open set).
    Enum { values: Vec<String>, documented: bool },
    /// A type that is named but never defined on any page; its shape comes from example values.
    Alias { target: TypeRef },
}
