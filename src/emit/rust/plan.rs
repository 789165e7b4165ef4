//! The Rust plan: every type the generated crate defines and every operation it exposes, with
//! their Rust names decided once. The token emitters (`types.rs`, `client.rs`, `server.rs`) read
//! the plan and never name anything themselves.
//!
//! Types come from three places: the model's named types (`TicketInventory`), objects documented in
//! place (a list's elements: `TicketInventoryRequestItem`), and per operation a request struct (its
//! body fields, the wrapper's fields flattened, and its query parameters) and a response struct (its
//! success body). A field with documented valid values gets a string enum. Recursive types are found
//! by a walk over direct containment and broken with `Box` there only.

use std::collections::{BTreeMap, BTreeSet};

use super::doc::{code, prose};
use super::names::{Scope, pascal, snake};
use crate::model::{
    Api, AsyncJobs, Auth, Completion, Digest, Field, ListStyle, Messages, Method, Operation, ParamLocation, Parameter,
    PathTemplate, SessionError, Sessions, Source, TypeKind, TypeRef,
};

/// Names the generated code defines itself; no API type may take them.
/// The prelude's names that the `types` module spells (`String`, `Vec`, `Option`, `Box`, `Some`,
/// `None`) are among them, so that no API type shadows them there.
pub const RESERVED: &[&str] = &[
    "Timestamp",
    "Error",
    "Client",
    "ServerError",
    "Jobs",
    "Mock",
    "QueryKind",
    "QueryShape",
    "Wire",
    "ServerConfig",
    "Operation",
    "String",
    "Vec",
    "Option",
    "Box",
    "Some",
    "None",
];

#[derive(Debug, Clone, PartialEq)]
pub enum RustType {
    String,
    I32,
    I64,
    F64,
    Bool,
    Timestamp,
    Json,
    Map(Box<RustType>),
    Vec(Box<RustType>),
    /// A type the plan defines, by its Rust name.
    Named(String),
}

#[derive(Debug, Clone)]
pub struct FieldDef {
    pub rust: String,
    pub json: String,
    pub ty: RustType,
    pub optional: bool,
    pub boxed: bool,
    pub docs: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct StructDef {
    pub name: String,
    pub docs: Vec<String>,
    pub fields: Vec<FieldDef>,
    pub default: bool,
}

#[derive(Debug, Clone)]
pub struct EnumDef {
    pub name: String,
    pub docs: Vec<String>,
    /// (variant name, wire value)
    pub variants: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub enum Item {
    Struct(StructDef),
    Enum(EnumDef),
    Alias { name: String, docs: Vec<String>, target: RustType },
}

impl Item {
    pub fn name(&self) -> &str {
        match self {
            Item::Struct(s) => &s.name,
            Item::Enum(e) => &e.name,
            Item::Alias { name, .. } => name,
        }
    }
}

// The generated runtime's own definitions: what the plan decides is what the `Wire` constants say.
pub use super::fixed::query::{QueryKind, QueryShape};

#[derive(Debug, Clone)]
pub struct QueryParam {
    pub json: String,
    pub kind: QueryKind,
    pub shape: QueryShape,
}

/// A further path of an operation: its client method and its path parameters.
#[derive(Debug, Clone)]
pub struct Alternate {
    pub path: PathTemplate,
    pub fn_name: String,
    /// (wire name, Rust argument name), in path order.
    pub path_params: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct OpPlan {
    pub id: String,
    pub fn_name: String,
    /// The server trait's method: the client's, but for a session operation, whose client method
    /// leaves its name to the session helper.
    pub trait_fn: String,
    pub method: Method,
    pub path: PathTemplate,
    /// Further paths that reach the operation (a query's `/{uuid}` form), each a client method of
    /// its own and a route to the same server method.
    pub alternates: Vec<Alternate>,
    /// Path parameters: (wire name, Rust argument name).
    pub path_params: Vec<(String, String)>,
    pub request: String,
    pub query: Vec<QueryParam>,
    pub body: bool,
    pub wrapper: Option<String>,
    /// Wire names of the request fields that travel inside the wrapper.
    pub wrapped: Vec<String>,
    pub response: String,
    pub asynchronous: bool,
    pub auth: bool,
    /// The trait (API group) the operation belongs to on the server side.
    pub group: String,
    /// The crate feature of its group (`ticket`).
    pub feature: String,
    /// The success example of the page, as JSON text, for the mock server.
    pub example: Option<String>,
    pub docs: Vec<String>,
    /// For a query walked page by page, its client's stream method.
    pub stream: Option<StreamPlan>,
}

/// The stream of a query operation's items over all its pages: an operation that takes the page
/// keys (`start`, `limit`) in its query string and answers with one list.
#[derive(Debug, Clone)]
pub struct StreamPlan {
    pub fn_name: String,
    /// The wire name of the response's list field (`inventories`).
    pub items: String,
    /// The type of the list's items.
    pub item: RustType,
}

/// The REST layer's plain-text messages, with the session header and scheme filled in.
#[derive(Debug, Clone)]
pub struct MessagePlan {
    pub missing_auth: String,
    pub wrong_auth_scheme: String,
    pub job_expired: String,
    /// Still a template: `{keys}` stands for the body keys of a route's operations.
    pub no_operation_key: String,
}

/// The failure body: the status, the field that holds the error and the error's Rust type.
#[derive(Debug, Clone)]
pub struct FailurePlan {
    pub status: u16,
    pub field: String,
    pub ty: RustType,
}

/// The client's login helper and the servers' session store: the operations (indexes into
/// [`Plan::ops`]), the helpers' names, the login helper's arguments and where the session is in
/// the reply.
#[derive(Debug, Clone)]
pub struct SessionPlan {
    pub log_in: usize,
    pub log_out: usize,
    /// The helpers' method names: the operations' own (their raw methods take `_request`).
    pub log_in_fn: String,
    pub log_out_fn: String,
    /// The login request's required fields: wire name, Rust argument name, and the digest it is
    /// sent as, if any.
    pub args: Vec<(String, String, Option<Digest>)>,
    pub session_at: Vec<String>,
    pub unknown: SessionError,
}

/// An API group: its server trait, its crate feature and its operations (indexes into
/// [`Plan::ops`], in plan order).
#[derive(Debug, Clone)]
pub struct GroupPlan {
    pub trait_name: String,
    pub feature: String,
    pub ops: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub items: Vec<Item>,
    pub ops: Vec<OpPlan>,
    /// The API groups, by trait name.
    pub groups: Vec<GroupPlan>,
    /// Per item, the features of the groups whose operations use it, directly or through other
    /// types; an item not listed is always compiled (the failure's error, what no operation uses,
    /// and what those use).
    pub item_features: BTreeMap<String, BTreeSet<String>>,
    /// Whether the emitters gate groups behind their features (the crate `docs2api generate`
    /// writes); a build script's modules hold every group, ungated.
    pub gated: bool,
    pub jobs: Option<AsyncJobs>,
    pub failure: Option<FailurePlan>,
    pub auth: Auth,
    pub request_media_type: String,
    pub messages: MessagePlan,
    pub timestamp_format: Option<String>,
    pub sessions: Option<SessionPlan>,
}

/// Builds the plan for a model.
pub fn plan(api: &Api) -> Plan {
    let mut p = Planner::new(api);
    p.named_types();
    let protocol = &api.protocol;
    let job_op = protocol.jobs.as_ref().map(|j| j.operation_id.as_str());
    let operations: Vec<&Operation> = api.operations.values().filter(|op| Some(op.id.as_str()) != job_op).collect();
    let ops: Vec<OpPlan> = operations.iter().map(|op| p.operation(op)).collect();
    let failure = p.failure();
    let mut items: Vec<Item> = p.items.into_values().collect();
    box_cycles(&mut items);
    mark_defaults(&mut items);
    let sessions = protocol.sessions.as_ref().and_then(|s| session_plan(api, s, &ops));
    let groups = group_plans(&ops);
    let item_features = item_features(&items, &ops, failure.as_ref());
    Plan {
        items,
        ops,
        groups,
        item_features,
        gated: false,
        jobs: protocol.jobs.clone(),
        failure,
        auth: protocol.auth.clone(),
        request_media_type: protocol.request_media_type.clone(),
        messages: message_plan(&protocol.messages, &protocol.auth),
        timestamp_format: protocol.timestamp_format.clone(),
        sessions,
    }
}

/// The session plan: the helpers take the operations' names, the login helper's arguments are
/// the login request's required wrapped fields.
fn session_plan(api: &Api, sessions: &Sessions, ops: &[OpPlan]) -> Option<SessionPlan> {
    let log_in = ops.iter().position(|o| o.id == sessions.log_in)?;
    let log_out = ops.iter().position(|o| o.id == sessions.log_out)?;
    let (fields, _) = request_fields(api.operations.get(&sessions.log_in)?);
    let args = fields
        .iter()
        .filter(|f| f.required && ops[log_in].wrapped.contains(&f.name))
        .map(|f| (f.name.clone(), snake(&f.name), sessions.digests.get(&f.name).copied()))
        .collect();
    Some(SessionPlan {
        log_in,
        log_out,
        log_in_fn: snake(&sessions.log_in),
        log_out_fn: snake(&sessions.log_out),
        args,
        session_at: sessions.session_at.clone(),
        unknown: sessions.unknown.clone(),
    })
}

/// A group's crate feature: its words in lower case, joined by `-`, without a last
/// `Operations` (`Ticket Operations` → `ticket`); ASCII letters and digits only, as cargo takes
/// them everywhere.
pub fn feature_name(group: &str) -> String {
    let mut words: Vec<String> = super::names::words(group)
        .iter()
        .map(|w| w.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() > 1 && words.last().is_some_and(|w| w == "operations") {
        words.pop();
    }
    if words.is_empty() { "group".into() } else { words.join("-") }
}

/// The groups of the plan's operations, by trait name.
fn group_plans(ops: &[OpPlan]) -> Vec<GroupPlan> {
    let mut groups: BTreeMap<&str, GroupPlan> = BTreeMap::new();
    for (i, op) in ops.iter().enumerate() {
        let group = groups.entry(&op.group).or_insert_with(|| GroupPlan {
            trait_name: op.group.clone(),
            feature: op.feature.clone(),
            ops: Vec::new(),
        });
        group.ops.push(i);
    }
    groups.into_values().collect()
}

/// Which groups' features each item needs: the items reachable from a group's requests and
/// responses get the group's feature, unless they are reachable from what is always compiled
/// (the failure's error, and every item that no operation reaches, which may name the others).
fn item_features(items: &[Item], ops: &[OpPlan], failure: Option<&FailurePlan>) -> BTreeMap<String, BTreeSet<String>> {
    let edges: BTreeMap<&str, BTreeSet<String>> = items.iter().map(|i| (i.name(), named_in_item(i))).collect();
    let mut features: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut roots: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for op in ops {
        roots.entry(&op.feature).or_default().extend([op.request.clone(), op.response.clone()]);
    }
    for (feature, roots) in roots {
        for item in reachable(&edges, roots) {
            features.entry(item).or_default().insert(feature.to_owned());
        }
    }
    let mut always: Vec<String> =
        items.iter().map(|i| i.name().to_owned()).filter(|n| !features.contains_key(n)).collect();
    always.extend(failure.into_iter().flat_map(|f| named_in(&f.ty)));
    for item in reachable(&edges, always) {
        features.remove(&item);
    }
    features
}

fn named_in_item(item: &Item) -> BTreeSet<String> {
    match item {
        Item::Struct(s) => s.fields.iter().flat_map(|f| named_in(&f.ty)).collect(),
        Item::Alias { target, .. } => named_in(target).into_iter().collect(),
        Item::Enum(_) => BTreeSet::new(),
    }
}

/// The named types a type refers to, at any depth of lists and maps.
fn named_in(ty: &RustType) -> Vec<String> {
    match ty {
        RustType::Named(n) => vec![n.clone()],
        RustType::Vec(inner) | RustType::Map(inner) => named_in(inner),
        _ => Vec::new(),
    }
}

fn reachable(edges: &BTreeMap<&str, BTreeSet<String>>, roots: Vec<String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = roots;
    while let Some(n) = todo.pop() {
        if let Some(next) = edges.get(n.as_str()) {
            todo.extend(next.iter().filter(|t| !seen.contains(*t)).cloned());
        }
        seen.insert(n);
    }
    seen
}

fn message_plan(messages: &Messages, auth: &Auth) -> MessagePlan {
    let fill = |template: &str| Messages::fill(template, auth, "{keys}");
    MessagePlan {
        missing_auth: fill(&messages.missing_auth),
        wrong_auth_scheme: fill(&messages.wrong_auth_scheme),
        job_expired: fill(&messages.job_expired),
        no_operation_key: fill(&messages.no_operation_key),
    }
}

struct Planner<'a> {
    api: &'a Api,
    scope: Scope,
    /// Model type name → Rust type name.
    named: BTreeMap<String, String>,
    /// Defined items by Rust name (sorted output).
    items: BTreeMap<String, Item>,
    /// Inline string enums already defined: (field name, values) → Rust name.
    enums: BTreeMap<(String, Vec<String>), String>,
    /// Client method names.
    methods: Scope,
    /// API group (its Pascal-case name: groups that convert alike are one) → its trait's name
    /// and its feature.
    groups: BTreeMap<String, (String, String)>,
    group_scope: Scope,
    feature_scope: Scope,
}

impl<'a> Planner<'a> {
    fn new(api: &'a Api) -> Self {
        let mut scope = Scope::new();
        RESERVED.iter().for_each(|r| scope.reserve(r));
        // The methods the fixed code gives `Client`.
        let mut methods = Scope::new();
        super::fixed::client_methods().iter().for_each(|m| methods.reserve(m));
        // The session helpers take the session operations' names.
        let session_ops = api.protocol.sessions.iter().flat_map(|s| [&s.log_in, &s.log_out]);
        session_ops.for_each(|id| methods.reserve(&snake(id)));
        let mut group_scope = Scope::new();
        let generated = ["Mock", "T", "Api"];
        super::fixed::server_names().iter().map(String::as_str).chain(generated).for_each(|n| group_scope.reserve(n));
        // The crate's own features, and cargo's name for the default set.
        let mut feature_scope = Scope::new();
        ["client", "server", "full", "default"].iter().for_each(|f| feature_scope.reserve(f));
        Planner {
            api,
            scope,
            named: BTreeMap::new(),
            items: BTreeMap::new(),
            enums: BTreeMap::new(),
            methods,
            groups: BTreeMap::new(),
            group_scope,
            feature_scope,
        }
    }

    /// The trait name of an API group, the same for each of its operations: none of the names the
    /// server module defines or uses itself (`Mock`, `Jobs`, `Context`, the generic `T`), nor `Api`,
    /// whose router's handlers would be named like those of the router of every group.
    ///
    /// With it, the group's crate feature: named after the group as the pages spell it
    /// (`VM Instance Operations` → `vm-instance`), unique among the features.
    fn group(&mut self, group: Option<&str>) -> (String, String) {
        let group = group.unwrap_or("Operations");
        let wanted = pascal(group);
        if let Some(names) = self.groups.get(&wanted) {
            return names.clone();
        }
        let name = self.group_scope.unique(wanted.clone());
        let feature = self.feature_scope.unique(feature_name(group));
        self.groups.insert(wanted, (name.clone(), feature.clone()));
        (name, feature)
    }

    /// Names every model type first, so that references resolve in any order.
    fn named_types(&mut self) {
        for name in self.api.types.keys() {
            let rust = self.scope.unique(pascal(name));
            self.named.insert(name.clone(), rust);
        }
        for t in self.api.types.values() {
            let rust = self.named[&t.name].clone();
            let docs = type_docs(&t.name, &t.sources);
            let item = match &t.kind {
                TypeKind::Object { fields } => {
                    let fields = self.fields(&rust, fields);
                    Item::Struct(StructDef { name: rust.clone(), docs, fields, default: false })
                }
                TypeKind::Enum { values, .. } => {
                    Item::Enum(EnumDef { name: rust.clone(), docs, variants: variants(values) })
                }
                TypeKind::Alias { target } => {
                    let target = self.rust_type(&rust, "Value", target, &[]);
                    Item::Alias { name: rust.clone(), docs, target }
                }
            };
            self.items.insert(rust, item);
        }
    }

    fn fields(&mut self, owner: &str, fields: &[Field]) -> Vec<FieldDef> {
        let mut scope = Scope::new();
        fields.iter().map(|f| self.field(owner, f, &mut scope)).collect()
    }

    fn field(&mut self, owner: &str, f: &Field, scope: &mut Scope) -> FieldDef {
        let ty = self.rust_type(owner, &f.name, &f.ty, &f.valid_values);
        FieldDef {
            rust: scope.unique(snake(&f.name)),
            json: f.name.clone(),
            ty,
            optional: !f.required,
            boxed: false,
            docs: field_docs(f.description.as_deref(), &f.source),
        }
    }

    /// The Rust type of a model type at `owner.field`; objects documented in place and fields with
    /// valid values define new items.
    fn rust_type(&mut self, owner: &str, field: &str, ty: &TypeRef, values: &[String]) -> RustType {
        match ty {
            TypeRef::String if !values.is_empty() => self.value_enum(owner, field, values),
            TypeRef::String => RustType::String,
            TypeRef::Int32 => RustType::I32,
            TypeRef::Int64 => RustType::I64,
            TypeRef::Number => RustType::F64,
            TypeRef::Boolean => RustType::Bool,
            TypeRef::Timestamp => RustType::Timestamp,
            TypeRef::Any => RustType::Json,
            TypeRef::Map(v) => RustType::Map(Box::new(self.rust_type(owner, field, v, &[]))),
            TypeRef::List(e) => {
                let item = format!("{field}Item");
                RustType::Vec(Box::new(self.rust_type(owner, &item, e, values)))
            }
            TypeRef::Named(n) => RustType::Named(self.named.get(n).cloned().unwrap_or_else(|| pascal(n))),
            TypeRef::Object(fields) => {
                let name = self.scope.unique(format!("{owner}{}", pascal(field)));
                let defs = self.fields(&name, fields);
                let docs = vec![format!("The object documented in place as {} of `{owner}`.", code(field))];
                self.items.insert(
                    name.clone(),
                    Item::Struct(StructDef { name: name.clone(), docs, fields: defs, default: false }),
                );
                RustType::Named(name)
            }
        }
    }

    /// A string enum for a field's valid values, shared by every field of that name with the same
    /// values (`deleteMode` on each DELETE operation).
    fn value_enum(&mut self, owner: &str, field: &str, values: &[String]) -> RustType {
        let key = (field.to_owned(), values.to_vec());
        if let Some(name) = self.enums.get(&key) {
            return RustType::Named(name.clone());
        }
        let wanted = if self.items.contains_key(&pascal(field)) || self.named.values().any(|n| *n == pascal(field)) {
            format!("{owner}{}", pascal(field))
        } else {
            pascal(field)
        };
        let name = self.scope.unique(wanted);
        let docs =
            vec![format!("The valid values of {}; a value the pages do not list decodes as `Other`.", code(field))];
        self.items.insert(name.clone(), Item::Enum(EnumDef { name: name.clone(), docs, variants: variants(values) }));
        self.enums.insert(key, name.clone());
        RustType::Named(name)
    }

    fn operation(&mut self, op: &Operation) -> OpPlan {
        let (group, feature) = self.group(op.group.as_deref());
        let request = self.scope.unique(format!("{}Request", pascal(&op.id)));
        let response = self.scope.unique(format!("{}Response", pascal(&op.id)));
        let (request_fields, wrapped) = request_fields(op);
        let defs = self.fields(&request, &request_fields);
        let docs = vec![format!("The parameters of {} (path parameters aside), as one struct.", code(&op.id))];
        self.items.insert(
            request.clone(),
            Item::Struct(StructDef { name: request.clone(), docs, fields: defs, default: false }),
        );
        let ok = self.api.success(op);
        let defs = self.fields(&response, ok.map_or(&[][..], |r| &r.fields));
        let fn_name = self.method_name(op);
        let alternates = alternates(op, &mut self.methods);
        let stream = self.stream(op, &defs);
        let docs = vec![format!("The result of {}.", code(&op.id))];
        self.items.insert(
            response.clone(),
            Item::Struct(StructDef { name: response.clone(), docs, fields: defs, default: false }),
        );
        let query = op.params.iter().filter(|p| p.location == ParamLocation::Query).map(query_param).collect();
        let mut args = Scope::new();
        ["request", "self"].iter().for_each(|r| args.reserve(r));
        let path_params = op
            .params
            .iter()
            .filter(|p| p.location == ParamLocation::Path && op.path.has_variable(&p.field.name))
            .map(|p| (p.field.name.clone(), args.unique(snake(&p.field.name))))
            .collect();
        OpPlan {
            id: op.id.clone(),
            trait_fn: if fn_name.ends_with("_request") && self.is_session(op) {
                snake(&op.id)
            } else {
                fn_name.clone()
            },
            fn_name,
            method: op.method,
            path: op.path.clone(),
            alternates,
            path_params,
            request,
            query,
            body: op.body.is_some(),
            wrapper: op.body.as_ref().and_then(|b| b.wrapper.clone()),
            wrapped,
            response,
            asynchronous: op.completion == Some(Completion::Asynchronous) && self.api.protocol.jobs.is_some(),
            auth: op.auth_required == Some(true),
            group,
            feature,
            example: ok.and_then(|r| r.example.as_ref()).map(|e| e.value.to_string()),
            docs: op_docs(op),
            stream,
        }
    }

    /// An operation's client method: its id in snake case, or, for a session operation, whose
    /// name the session helper has, that with `_request`.
    fn method_name(&mut self, op: &Operation) -> String {
        let name = snake(&op.id);
        self.methods.unique(if self.is_session(op) { format!("{name}_request") } else { name })
    }

    fn is_session(&self, op: &Operation) -> bool {
        self.api.protocol.sessions.as_ref().is_some_and(|s| s.log_in == op.id || s.log_out == op.id)
    }

    /// The stream of a query's items, when the operation pages (its query string takes `start`
    /// and `limit` as integers) and its answer has exactly one list: `query_ticket_stream`.
    fn stream(&mut self, op: &Operation, response: &[FieldDef]) -> Option<StreamPlan> {
        let pages = |name: &str| {
            op.params.iter().any(|p| {
                p.location == ParamLocation::Query
                    && p.field.name == name
                    && matches!(p.field.ty, TypeRef::Int32 | TypeRef::Int64)
            })
        };
        if !pages("start") || !pages("limit") || op.path.variables().next().is_some() {
            return None;
        }
        let mut lists = response.iter().filter(|f| matches!(f.ty, RustType::Vec(_)));
        let (Some(list), None) = (lists.next(), lists.next()) else { return None };
        let RustType::Vec(item) = &list.ty else { return None };
        let fn_name = self.methods.unique(format!("{}_stream", snake(&op.id)));
        Some(StreamPlan { fn_name, items: list.json.clone(), item: (**item).clone() })
    }

    /// The failure envelope of the model's protocol, its error as a Rust type.
    fn failure(&mut self) -> Option<FailurePlan> {
        let failure = self.api.protocol.failure.as_ref()?;
        let ty = self.rust_type("Failure", &failure.field, &failure.ty, &[]);
        Some(FailurePlan { status: failure.status, field: failure.field.clone(), ty })
    }
}

/// The operation's further paths, each a method named as the model names the operation there
/// (`QueryTicketByUuid` → `query_ticket_by_uuid`).
fn alternates(op: &Operation, methods: &mut Scope) -> Vec<Alternate> {
    op.other_paths
        .iter()
        .map(|path| {
            let mut args = Scope::new();
            ["request", "self"].iter().for_each(|r| args.reserve(r));
            let path_params = path.variables().map(|v| (v.to_owned(), args.unique(snake(v)))).collect();
            Alternate { path: path.clone(), fn_name: methods.unique(snake(&op.id_at(path))), path_params }
        })
        .collect()
}

/// The request struct's fields: the wrapper's fields flattened, the other body fields, then the
/// query and header parameters; and the wire names that travel inside the wrapper.
fn request_fields(op: &Operation) -> (Vec<Field>, Vec<String>) {
    let mut fields = Vec::new();
    let mut wrapped = Vec::new();
    if let Some(body) = &op.body {
        for f in &body.fields {
            match (&body.wrapper, &f.ty) {
                (Some(w), TypeRef::Object(inner)) if *w == f.name => {
                    wrapped.extend(inner.iter().map(|i| i.name.clone()));
                    fields.extend(inner.iter().cloned());
                }
                _ => fields.push(f.clone()),
            }
        }
    }
    fields.extend(op.params.iter().filter(|p| p.location != ParamLocation::Path).map(|p| p.field.clone()));
    (fields, wrapped)
}

fn query_param(p: &Parameter) -> QueryParam {
    let f = &p.field;
    let (shape, inner) = match (&f.ty, p.style) {
        (TypeRef::List(e), ListStyle::Repeat) => (QueryShape::Repeat, e.as_ref()),
        (TypeRef::List(e), ListStyle::Comma) => (QueryShape::Comma, e.as_ref()),
        (other, _) => (QueryShape::One, other),
    };
    let kind = match inner {
        TypeRef::String | TypeRef::Timestamp => QueryKind::String,
        TypeRef::Int32 | TypeRef::Int64 => QueryKind::Integer,
        TypeRef::Number => QueryKind::Number,
        TypeRef::Boolean => QueryKind::Bool,
        _ => QueryKind::Json,
    };
    QueryParam { json: f.name.clone(), kind, shape }
}

fn variants(values: &[String]) -> Vec<(String, String)> {
    let mut scope = Scope::new();
    scope.reserve("Other");
    values.iter().map(|v| (scope.unique(pascal(v)), v.clone())).collect()
}

fn type_docs(name: &str, sources: &[Source]) -> Vec<String> {
    let mut docs = vec![format!("{}.", code(name))];
    if let Some(first) = sources.first() {
        let more = sources.len().saturating_sub(1);
        let more = if more > 0 { format!(" (and {more} more places)") } else { String::new() };
        docs.push(String::new());
        docs.push(format!("Documented at {}{more}.", code(&first.to_string())));
    }
    docs
}

fn field_docs(description: Option<&str>, source: &Source) -> Vec<String> {
    let mut docs: Vec<String> = description.map(|d| d.lines().map(prose).collect()).unwrap_or_default();
    if source.line > 0 {
        if !docs.is_empty() {
            docs.push(String::new());
        }
        docs.push(format!("Documented at {}.", code(&source.to_string())));
    }
    docs
}

fn op_docs(op: &Operation) -> Vec<String> {
    let mut docs = vec![format!("{} — {} {}.", code(&op.id), op.method, code(op.path.as_str()))];
    if op.title != op.id {
        docs.push(String::new());
        docs.extend(op.title.lines().map(prose));
    }
    if let Some(d) = &op.description {
        docs.push(String::new());
        docs.extend(d.lines().map(prose));
    }
    let sources: Vec<String> = op.sources.iter().map(|s| code(&s.to_string())).collect();
    docs.push(String::new());
    docs.push(format!("Documented at {}.", sources.join(", ")));
    docs
}

/// Boxes each field whose named type leads back, through direct containment, to the struct that
/// holds it: the only fields that make a type infinitely large.
fn box_cycles(items: &mut [Item]) {
    let edges: BTreeMap<String, BTreeSet<String>> = items
        .iter()
        .map(|item| {
            let targets = match item {
                Item::Struct(s) => s.fields.iter().filter_map(|f| direct(&f.ty)).collect(),
                Item::Alias { target, .. } => direct(target).into_iter().collect(),
                Item::Enum(_) => BTreeSet::new(),
            };
            (item.name().to_owned(), targets)
        })
        .collect();
    for item in items.iter_mut() {
        let Item::Struct(s) = item else { continue };
        for f in &mut s.fields {
            if let Some(target) = direct(&f.ty) {
                f.boxed = reaches(&edges, &target, &s.name);
            }
        }
    }
}

/// The named type a field holds directly (not through a `Vec` or a map, which are already on the heap).
fn direct(ty: &RustType) -> Option<String> {
    match ty {
        RustType::Named(n) => Some(n.clone()),
        _ => None,
    }
}

fn reaches(edges: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut todo = vec![from.to_owned()];
    while let Some(n) = todo.pop() {
        if n == to {
            return true;
        }
        if seen.insert(n.clone()) {
            todo.extend(edges.get(&n).into_iter().flatten().cloned());
        }
    }
    false
}

/// Derives `Default` where every field has a default: optional fields, collections, and structs
/// that derive it themselves (enums have no natural default).
fn mark_defaults(items: &mut [Item]) {
    loop {
        let defaults: BTreeSet<String> = items
            .iter()
            .filter_map(|i| match i {
                Item::Struct(s) if s.default => Some(s.name.clone()),
                _ => None,
            })
            .collect();
        let mut changed = false;
        for item in items.iter_mut() {
            let Item::Struct(s) = item else { continue };
            if !s.default && s.fields.iter().all(|f| f.optional || has_default(&f.ty, &defaults)) {
                s.default = true;
                changed = true;
            }
        }
        if !changed {
            return;
        }
    }
}

fn has_default(ty: &RustType, defaults: &BTreeSet<String>) -> bool {
    match ty {
        RustType::Named(n) => defaults.contains(n),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_are_named_after_the_groups() {
        assert_eq!(feature_name("Ticket Operations"), "ticket");
        assert_eq!(feature_name("VM Instance Operations"), "vm-instance");
        assert_eq!(feature_name("IAM2 Ticket Flow"), "iam2-ticket-flow");
        assert_eq!(feature_name("Operations"), "operations");
        assert_eq!(feature_name("123 Ops"), "123-ops");
        assert_eq!(feature_name("²"), "group");
    }

    #[test]
    fn cycles_are_boxed_only_where_they_close() {
        let field = |rust: &str, ty: RustType| FieldDef {
            rust: rust.into(),
            json: rust.into(),
            ty,
            optional: true,
            boxed: false,
            docs: vec![],
        };
        let mut items = vec![
            Item::Struct(StructDef {
                name: "ErrorCode".into(),
                docs: vec![],
                fields: vec![field("cause", RustType::Named("ErrorCode".into())), field("code", RustType::String)],
                default: false,
            }),
            Item::Struct(StructDef {
                name: "Reply".into(),
                docs: vec![],
                fields: vec![
                    field("error", RustType::Named("ErrorCode".into())),
                    field("list", RustType::Vec(Box::new(RustType::Named("Reply".into())))),
                ],
                default: false,
            }),
        ];
        box_cycles(&mut items);
        mark_defaults(&mut items);
        let Item::Struct(error) = &items[0] else { panic!() };
        assert!(error.fields[0].boxed && !error.fields[1].boxed);
        let Item::Struct(reply) = &items[1] else { panic!() };
        assert!(!reply.fields[0].boxed, "Reply → ErrorCode does not lead back to Reply");
        assert!(!reply.fields[1].boxed, "a Vec is already on the heap");
        assert!(error.default && reply.default);
    }
}
