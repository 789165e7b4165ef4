//! API drift: what changed for a client between two versions of the documentation, and whether it
//! breaks that client (`docs2api diff`, `docs2api check --explain`).
//!
//! Two [`Surface`]s are compared fact by fact, not two texts: a page rewritten from its Dev Guide
//! form to its Explorer form, or a field moved in the page, is no change. Every change names the
//! operation (or named type), the field path and the page lines on both sides, and
//! [`breaking`] says what it does to a client made from the old pages.

mod format;
mod surface;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

pub use format::{Format, render};
pub use surface::{FieldSurface, OperationSurface, SURFACE_FILE, Surface, TypeSurface};

/// What kind of change; its name in the outputs is the kebab-case of the variant
/// (`field-added`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    OperationAdded,
    OperationRemoved,
    MethodChanged,
    PathChanged,
    /// A further path that reaches the operation.
    PathAdded,
    PathRemoved,
    /// The body's wrapper key.
    WrapperChanged,
    /// Synchronous became asynchronous (a job to poll), or the other way.
    CompletionChanged,
    SessionNowRequired,
    SessionNoLongerRequired,
    FieldAdded,
    FieldRemoved,
    TypeChanged,
    MadeRequired,
    MadeOptional,
    /// A request field travels elsewhere (query string, body, beside the wrapper).
    LocationChanged,
    EnumValueAdded,
    EnumValueRemoved,
    /// A field of any value now has a documented list of valid values.
    ValuesRestricted,
    /// A field's list of valid values is gone: any value goes.
    ValuesUnrestricted,
    NamedTypeAdded,
    NamedTypeRemoved,
    /// A named type became another kind (an object became an enum, ...).
    NamedTypeKindChanged,
}

impl ChangeKind {
    /// The name the outputs give it.
    pub fn name(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
    }
}

/// Which way a field travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Request,
    Response,
}

/// The table of what breaks a client: a client made from the old pages, calling a server that
/// follows the new ones. `side` is where the field travels (`None` for a fact of the operation
/// or type itself); `required` is whether the field added or removed is required.
///
/// | change | in a request | in a response |
/// |---|---|---|
/// | operation removed, method or path changed, further path removed | breaking | |
/// | wrapper key changed, sync/async changed, session now required | breaking | |
/// | operation added, further path added, session no longer required | not breaking | |
/// | field added | breaking if required | not breaking |
/// | field removed | breaking (the value sent is lost) | breaking if it was required |
/// | type changed, location changed | breaking | breaking |
/// | made required | breaking | not breaking |
/// | made optional | not breaking | breaking |
/// | enum value added | not breaking | not breaking (docs2api's enums keep unknown values) |
/// | enum value removed | breaking | not breaking |
/// | valid values restricted | breaking | not breaking |
/// | valid values unrestricted | not breaking | not breaking (as a value added) |
/// | named type added or removed | not breaking (the fields that use it say what changed) | |
/// | named type's kind changed | breaking | |
///
/// A named type's own fields and values follow the table for each side the type is used on (in
/// either version), and break if they break on any; a type no operation uses breaks nothing.
pub fn breaking(kind: ChangeKind, side: Option<Side>, required: bool) -> bool {
    use ChangeKind::*;
    match (kind, side) {
        (OperationRemoved | MethodChanged | PathChanged | PathRemoved | WrapperChanged, _) => true,
        (CompletionChanged | SessionNowRequired | NamedTypeKindChanged, _) => true,
        (OperationAdded | PathAdded | SessionNoLongerRequired | NamedTypeAdded | NamedTypeRemoved, _) => false,
        (TypeChanged | LocationChanged, _) => true,
        (FieldAdded, Some(Side::Request)) => required,
        (FieldRemoved, Some(Side::Request)) => true,
        (FieldRemoved, _) => required,
        (MadeRequired | EnumValueRemoved | ValuesRestricted, Some(Side::Request)) => true,
        (MadeOptional, Some(Side::Response)) => true,
        (FieldAdded | MadeRequired | MadeOptional | EnumValueAdded | EnumValueRemoved, _) => false,
        (ValuesRestricted | ValuesUnrestricted, _) => false,
    }
}

/// One change, in the shape `--format json` prints (every key present, `null` where it does not
/// apply).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    /// The operation's id, for a change of an operation.
    pub operation: Option<String>,
    /// The named type's name, for a change of a named type.
    #[serde(rename = "type")]
    pub named_type: Option<String>,
    /// The field path (`statusEvent`, `inventory.status`, `requests[].apiName`).
    pub field: Option<String>,
    /// Where the field travels, for a field of an operation.
    pub side: Option<Side>,
    pub breaking: bool,
    /// The fact before and after, as text (`string`, `list<string>, required`, a value).
    pub old: Option<String>,
    pub new: Option<String>,
    /// The page lines (`file:line`, relative to each side's input folder).
    pub old_source: Option<String>,
    pub new_source: Option<String>,
}

/// Every change from `old` to `new`: operations by id, then named types by name; within each, the
/// facts of the operation or type itself first, then its fields by path.
pub fn diff(old: &Surface, new: &Surface) -> Vec<Change> {
    let mut changes = Vec::new();
    for id in keys(&old.operations, &new.operations) {
        let mut at = Place { operation: Some(id), named_type: None, changes: &mut changes };
        match (old.operations.get(id), new.operations.get(id)) {
            (Some(o), None) => at.push(ChangeKind::OperationRemoved, (Some(route(o)), None), (Some(&o.source), None)),
            (None, Some(n)) => at.push(ChangeKind::OperationAdded, (None, Some(route(n))), (None, Some(&n.source))),
            (Some(o), Some(n)) => operation(&mut at, (old, new), o, n),
            (None, None) => {}
        }
    }
    let used = usage(old, new);
    for name in keys(&old.types, &new.types) {
        let mut at = Place { operation: None, named_type: Some(name), changes: &mut changes };
        let sides: Vec<Side> = used.get(name.as_str()).map(|s| s.iter().copied().collect()).unwrap_or_default();
        match (old.types.get(name), new.types.get(name)) {
            (Some(o), None) => {
                at.push(ChangeKind::NamedTypeRemoved, (Some(o.kind.clone()), None), (Some(&o.source), None))
            }
            (None, Some(n)) => {
                at.push(ChangeKind::NamedTypeAdded, (None, Some(n.kind.clone())), (None, Some(&n.source)))
            }
            (Some(o), Some(n)) => named_type(&mut at, (old, new), &sides, o, n),
            (None, None) => {}
        }
    }
    changes
}

/// Whether any change breaks a client.
pub fn any_breaking(changes: &[Change]) -> bool {
    changes.iter().any(|c| c.breaking)
}

/// Where changes are being found: an operation or a named type, and the list they go to.
struct Place<'a> {
    operation: Option<&'a String>,
    named_type: Option<&'a String>,
    changes: &'a mut Vec<Change>,
}

/// A change's old and new values, and its old and new sources.
type Pair<T> = (Option<T>, Option<T>);

impl Place<'_> {
    /// A change of the operation or type itself (no field, no side).
    fn push(&mut self, kind: ChangeKind, values: Pair<String>, sources: Pair<&String>) {
        self.push_field(kind, None, None, breaking(kind, None, false), values, sources);
    }

    fn push_field(
        &mut self,
        kind: ChangeKind,
        field: Option<&str>,
        side: Option<Side>,
        breaking: bool,
        (old, new): Pair<String>,
        (old_source, new_source): Pair<&String>,
    ) {
        self.changes.push(Change {
            kind,
            operation: self.operation.cloned(),
            named_type: self.named_type.cloned(),
            field: field.map(str::to_owned),
            side,
            breaking,
            old,
            new,
            old_source: old_source.cloned(),
            new_source: new_source.cloned(),
        });
    }
}

/// The keys of two maps, each once, in order.
fn keys<'a, T>(old: &'a BTreeMap<String, T>, new: &'a BTreeMap<String, T>) -> BTreeSet<&'a String> {
    old.keys().chain(new.keys()).collect()
}

fn route(op: &OperationSurface) -> String {
    format!("{} {}", op.method, op.path)
}

fn operation(at: &mut Place, surfaces: (&Surface, &Surface), o: &OperationSurface, n: &OperationSurface) {
    let sources = (Some(&o.source), Some(&n.source));
    if o.method != n.method {
        at.push(ChangeKind::MethodChanged, (Some(o.method.clone()), Some(n.method.clone())), sources);
    }
    if o.path != n.path {
        at.push(ChangeKind::PathChanged, (Some(o.path.clone()), Some(n.path.clone())), sources);
    }
    for path in o.other_paths.iter().filter(|p| !n.other_paths.contains(p)) {
        at.push(ChangeKind::PathRemoved, (Some(path.clone()), None), sources);
    }
    for path in n.other_paths.iter().filter(|p| !o.other_paths.contains(p)) {
        at.push(ChangeKind::PathAdded, (None, Some(path.clone())), sources);
    }
    if o.wrapper != n.wrapper {
        at.push(ChangeKind::WrapperChanged, (o.wrapper.clone(), n.wrapper.clone()), sources);
    }
    if o.asynchronous != n.asynchronous {
        let name = |asynchronous: bool| Some(if asynchronous { "asynchronous" } else { "synchronous" }.to_owned());
        at.push(ChangeKind::CompletionChanged, (name(o.asynchronous), name(n.asynchronous)), sources);
    }
    if o.session != n.session {
        let kind = if n.session { ChangeKind::SessionNowRequired } else { ChangeKind::SessionNoLongerRequired };
        let name = |session: bool| Some(if session { "session" } else { "no session" }.to_owned());
        at.push(kind, (name(o.session), name(n.session)), sources);
    }
    let (request, response) =
        (comparable(&o.request, &n.request, surfaces), comparable(&o.response, &n.response, surfaces));
    fields(at, &[Side::Request], Some(Side::Request), &request.0, &request.1);
    fields(at, &[Side::Response], Some(Side::Response), &response.0, &response.1);
}

fn named_type(at: &mut Place, surfaces: (&Surface, &Surface), sides: &[Side], o: &TypeSurface, n: &TypeSurface) {
    let sources = (Some(&o.source), Some(&n.source));
    if o.kind != n.kind {
        at.push(ChangeKind::NamedTypeKindChanged, (Some(o.kind.clone()), Some(n.kind.clone())), sources);
        return;
    }
    if o.target != n.target {
        let breaking = !sides.is_empty();
        at.push_field(ChangeKind::TypeChanged, None, None, breaking, (o.target.clone(), n.target.clone()), sources);
    }
    values(at, None, sides, None, (o.values.as_slice(), n.values.as_slice()), sources);
    let (old, new) = comparable(&o.fields, &n.fields, surfaces);
    fields(at, sides, None, &old, &new);
}

type Fields = BTreeMap<String, FieldSurface>;

/// Two sets of fields made comparable where one side documents an object in place and the other
/// names a type for it. The resolver names an object after a type only when every page agrees on
/// its shape, so one field added on one page turns the named type into an object in place: the
/// named side's field then gets the type's fields as paths of its own, and `object` for the
/// type's name, as on the other side, so that what is reported is the field added, not every
/// field.
fn comparable<'f>(
    old: &'f Fields,
    new: &'f Fields,
    (old_api, new_api): (&Surface, &Surface),
) -> (Cow<'f, Fields>, Cow<'f, Fields>) {
    let (mut old, mut new) = (Cow::Borrowed(old), Cow::Borrowed(new));
    // A level of types at a time (a named type's field may name another); a few levels are all an
    // API has, and the bound keeps a type that contains itself from going on.
    for _ in 0..8 {
        let old_inlined = inline_named(&old, &new, &old_api.types);
        let new_inlined = inline_named(&new, &old, &new_api.types);
        if old_inlined.is_none() && new_inlined.is_none() {
            break;
        }
        old = old_inlined.map_or(old, Cow::Owned);
        new = new_inlined.map_or(new, Cow::Owned);
    }
    (old, new)
}

/// `fields` with each field that names an object type where `other` documents an object in place
/// replaced by that object's fields; `None` when there is no such field.
fn inline_named(fields: &Fields, other: &Fields, types: &BTreeMap<String, TypeSurface>) -> Option<Fields> {
    let named: Vec<(&String, &FieldSurface, &TypeSurface)> = fields
        .iter()
        .filter(|(path, _)| other.get(*path).is_some_and(|o| o.refers.is_none() && o.ty.contains("object")))
        .filter_map(|(path, f)| {
            let t = types.get(f.refers.as_deref()?)?;
            (t.kind == "object").then_some((path, f, t))
        })
        .collect();
    if named.is_empty() {
        return None;
    }
    let mut out = fields.clone();
    for (path, f, t) in named {
        let name = f.refers.as_deref().unwrap_or_default();
        let inline = FieldSurface { ty: f.ty.replace(name, "object"), refers: None, ..f.clone() };
        let prefix = format!("{path}{}.", marks(&f.ty));
        out.insert(path.clone(), inline);
        out.extend(t.fields.iter().map(|(sub, field)| (format!("{prefix}{sub}"), field.clone())));
    }
    Some(out)
}

/// The surface's marks for the lists and maps around a type: `[]` for `list<…>`, `{}` for `map<…>`.
fn marks(ty: &str) -> String {
    let mut marks = String::new();
    let mut rest = ty;
    loop {
        if let Some(inner) = rest.strip_prefix("list<") {
            marks.push_str("[]");
            rest = inner;
        } else if let Some(inner) = rest.strip_prefix("map<") {
            marks.push_str("{}");
            rest = inner;
        } else {
            return marks;
        }
    }
}

/// The changes between two sets of fields, by path. Below a field added or removed, its own
/// fields are not listed again.
fn fields(
    at: &mut Place,
    sides: &[Side],
    side: Option<Side>,
    old: &BTreeMap<String, FieldSurface>,
    new: &BTreeMap<String, FieldSurface>,
) {
    let breaks = |kind, required| sides.iter().any(|&s| breaking(kind, Some(s), required));
    let mut gone: Option<&String> = None;
    for path in keys(old, new) {
        if gone.is_some_and(|parent| is_below(path, parent)) {
            continue;
        }
        match (old.get(path), new.get(path)) {
            (Some(o), None) => {
                gone = Some(path);
                let kind = ChangeKind::FieldRemoved;
                at.push_field(
                    kind,
                    Some(path),
                    side,
                    breaks(kind, o.required),
                    (Some(described(o)), None),
                    (Some(&o.source), None),
                );
            }
            (None, Some(n)) => {
                gone = Some(path);
                let kind = ChangeKind::FieldAdded;
                at.push_field(
                    kind,
                    Some(path),
                    side,
                    breaks(kind, n.required),
                    (None, Some(described(n))),
                    (None, Some(&n.source)),
                );
            }
            (Some(o), Some(n)) => field(at, path, sides, side, o, n),
            (None, None) => {}
        }
    }
}

/// Whether `path` is a field inside the field at `parent` (`inventory.status` of `inventory`).
fn is_below(path: &str, parent: &str) -> bool {
    path.strip_prefix(parent).is_some_and(|rest| rest.starts_with(['.', '[', '{']))
}

fn field(at: &mut Place, path: &str, sides: &[Side], side: Option<Side>, o: &FieldSurface, n: &FieldSurface) {
    let breaks = |kind| sides.iter().any(|&s| breaking(kind, Some(s), false));
    let sources = (Some(&o.source), Some(&n.source));
    let mut push = |kind, values| at.push_field(kind, Some(path), side, breaks(kind), values, sources);
    if o.ty != n.ty {
        push(ChangeKind::TypeChanged, (Some(o.ty.clone()), Some(n.ty.clone())));
    }
    if o.required != n.required {
        let kind = if n.required { ChangeKind::MadeRequired } else { ChangeKind::MadeOptional };
        push(kind, (Some(required(o.required)), Some(required(n.required))));
    }
    if o.location != n.location {
        push(ChangeKind::LocationChanged, (o.location.clone(), n.location.clone()));
    }
    // A field that names a type (an enum) has its values reported once, with the type.
    if o.refers.is_none() || n.refers.is_none() {
        values(at, Some(path), sides, side, (o.values.as_slice(), n.values.as_slice()), sources);
    }
}

/// The changes of a list of valid values: each value added or removed, or the list appearing or
/// going.
fn values(
    at: &mut Place,
    path: Option<&str>,
    sides: &[Side],
    side: Option<Side>,
    (old, new): (&[String], &[String]),
    sources: Pair<&String>,
) {
    let breaks = |kind| sides.iter().any(|&s| breaking(kind, Some(s), false));
    let list = |values: &[String]| Some(values.join(", "));
    match (old.is_empty(), new.is_empty()) {
        (true, true) => {}
        (true, false) => {
            let kind = ChangeKind::ValuesRestricted;
            at.push_field(kind, path, side, breaks(kind), (None, list(new)), sources);
        }
        (false, true) => {
            let kind = ChangeKind::ValuesUnrestricted;
            at.push_field(kind, path, side, breaks(kind), (list(old), None), sources);
        }
        (false, false) => {
            for value in old.iter().filter(|v| !new.contains(v)) {
                let kind = ChangeKind::EnumValueRemoved;
                at.push_field(kind, path, side, breaks(kind), (Some(value.clone()), None), sources);
            }
            for value in new.iter().filter(|v| !old.contains(v)) {
                let kind = ChangeKind::EnumValueAdded;
                at.push_field(kind, path, side, breaks(kind), (None, Some(value.clone())), sources);
            }
        }
    }
}

fn required(required: bool) -> String {
    if required { "required" } else { "optional" }.to_owned()
}

/// A field as `old` and `new` show it when it is added or removed: `string, required`.
fn described(f: &FieldSurface) -> String {
    format!("{}, {}", f.ty, required(f.required))
}

/// The sides each named type is used on, in either version: directly by an operation's request or
/// response fields, or through other named types' fields.
fn usage<'s>(old: &'s Surface, new: &'s Surface) -> BTreeMap<&'s str, BTreeSet<Side>> {
    let mut used: BTreeMap<&str, BTreeSet<Side>> = BTreeMap::new();
    let mut todo: Vec<(&str, Side)> = Vec::new();
    for op in old.operations.values().chain(new.operations.values()) {
        let request = op.request.values().filter_map(|f| f.refers.as_deref()).map(|t| (t, Side::Request));
        let response = op.response.values().filter_map(|f| f.refers.as_deref()).map(|t| (t, Side::Response));
        todo.extend(request.chain(response));
    }
    while let Some((name, side)) = todo.pop() {
        if !used.entry(name).or_default().insert(side) {
            continue;
        }
        for surface in [old, new] {
            if let Some(t) = surface.types.get(name) {
                todo.extend(t.fields.values().filter_map(|f| f.refers.as_deref()).map(|inner| (inner, side)));
            }
        }
    }
    used
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A change to make to the base surface, the kind of change the diff must find, and whether it
    /// breaks.
    type Case = (ChangeKind, bool, Box<dyn FnOnce(&mut Surface)>);

    /// An API of one operation and three named types (an object its response holds, that
    /// object's enum, and one no operation uses), every fact the diff compares set.
    fn base() -> Surface {
        let json = serde_json::json!({
            "operations": {"ChangeThing": {
                "method": "PUT", "path": "/v1/things/{uuid}/actions", "other_paths": ["/v1/things/{uuid}/more"],
                "wrapper": "changeThing", "asynchronous": true, "session": true, "source": "old.txt:1",
                "request": {
                    "uuid": {"type": "string", "required": true, "location": "path", "source": "old.txt:10"},
                    "event": {"type": "string", "required": true, "location": "body", "values": ["open", "close"], "source": "old.txt:11"},
                    "note": {"type": "string", "required": false, "location": "body", "source": "old.txt:12"},
                    "tags": {"type": "list<string>", "required": false, "location": "body-root", "source": "old.txt:13"}
                },
                "response": {
                    "inventory": {"type": "Thing", "required": false, "refers": "Thing", "source": "old.txt:20"},
                    "total": {"type": "int64", "required": true, "source": "old.txt:21"}
                }
            }},
            "types": {
                "Thing": {"kind": "object", "source": "old.txt:30", "fields": {
                    "name": {"type": "string", "required": false, "source": "old.txt:31"},
                    "state": {"type": "ThingState", "required": false, "refers": "ThingState", "source": "old.txt:32"}
                }},
                "ThingState": {"kind": "enum", "values": ["Enabled", "Disabled"], "source": "old.txt:40"},
                "Unused": {"kind": "object", "source": "old.txt:50", "fields": {
                    "x": {"type": "string", "required": true, "source": "old.txt:51"}
                }}
            }
        });
        serde_json::from_value(json).expect("the base surface")
    }

    fn op(s: &mut Surface) -> &mut OperationSurface {
        s.operations.get_mut("ChangeThing").expect("the operation")
    }

    fn request<'s>(s: &'s mut Surface, field: &str) -> &'s mut FieldSurface {
        op(s).request.get_mut(field).expect("the field")
    }

    fn field(ty: &str, required: bool) -> FieldSurface {
        FieldSurface {
            ty: ty.into(),
            required,
            location: None,
            values: vec![],
            refers: None,
            source: "new.txt:9".into(),
        }
    }

    /// The one change a mutation of the base makes: its kind and whether it breaks.
    fn one(change: impl FnOnce(&mut Surface)) -> (ChangeKind, bool, Change) {
        let old = base();
        let mut new = base();
        change(&mut new);
        let changes = diff(&old, &new);
        assert_eq!(changes.len(), 1, "{changes:#?}");
        let c = changes.into_iter().next().expect("one change");
        (c.kind, c.breaking, c)
    }

    #[test]
    fn the_same_surface_has_no_changes() {
        assert_eq!(diff(&base(), &base()), vec![]);
    }

    #[test]
    fn every_kind_of_operation_change_is_found_and_classified() {
        use ChangeKind::*;
        let cases: Vec<Case> = vec![
            (OperationRemoved, true, Box::new(|s| drop(s.operations.remove("ChangeThing")))),
            (MethodChanged, true, Box::new(|s| op(s).method = "POST".into())),
            (PathChanged, true, Box::new(|s| op(s).path = "/v2/things/{uuid}/actions".into())),
            (PathRemoved, true, Box::new(|s| op(s).other_paths.clear())),
            (PathAdded, false, Box::new(|s| op(s).other_paths.push("/v1/things".into()))),
            (WrapperChanged, true, Box::new(|s| op(s).wrapper = Some("changething".into()))),
            (CompletionChanged, true, Box::new(|s| op(s).asynchronous = false)),
            (SessionNoLongerRequired, false, Box::new(|s| op(s).session = false)),
        ];
        for (kind, breaks, change) in cases {
            let (found, breaking, c) = one(change);
            assert_eq!((found, breaking), (kind, breaks), "{c:#?}");
            assert_eq!(c.operation.as_deref(), Some("ChangeThing"));
        }
        let mut old = base();
        op(&mut old).session = false;
        let changes = diff(&old, &base());
        assert_eq!((changes[0].kind, changes[0].breaking), (SessionNowRequired, true));
    }

    #[test]
    fn an_operation_added_names_its_route_and_page() {
        let mut old = base();
        old.operations.clear();
        let changes = diff(&old, &base());
        assert_eq!(changes.len(), 1);
        let c = &changes[0];
        assert_eq!((c.kind, c.breaking), (ChangeKind::OperationAdded, false));
        assert_eq!(c.new.as_deref(), Some("PUT /v1/things/{uuid}/actions"));
        assert_eq!((c.old_source.as_deref(), c.new_source.as_deref()), (None, Some("old.txt:1")));
    }

    #[test]
    fn request_fields_break_as_the_table_says() {
        use ChangeKind::*;
        let cases: Vec<Case> = vec![
            (FieldAdded, true, Box::new(|s| drop(op(s).request.insert("size".into(), field("int32", true))))),
            (FieldAdded, false, Box::new(|s| drop(op(s).request.insert("size".into(), field("int32", false))))),
            (FieldRemoved, true, Box::new(|s| drop(op(s).request.remove("note")))),
            (TypeChanged, true, Box::new(|s| request(s, "note").ty = "int32".into())),
            (MadeRequired, true, Box::new(|s| request(s, "note").required = true)),
            (MadeOptional, false, Box::new(|s| request(s, "event").required = false)),
            (LocationChanged, true, Box::new(|s| request(s, "tags").location = Some("body".into()))),
            (EnumValueRemoved, true, Box::new(|s| request(s, "event").values.retain(|v| v != "close"))),
            (EnumValueAdded, false, Box::new(|s| request(s, "event").values.push("reopen".into()))),
            (ValuesRestricted, true, Box::new(|s| request(s, "note").values = vec!["a".into()])),
            (ValuesUnrestricted, false, Box::new(|s| request(s, "event").values.clear())),
        ];
        for (kind, breaks, change) in cases {
            let (found, breaking, c) = one(change);
            assert_eq!((found, breaking), (kind, breaks), "{c:#?}");
            assert_eq!(c.side, Some(Side::Request));
        }
    }

    #[test]
    fn response_fields_break_as_the_table_says() {
        use ChangeKind::*;
        let response =
            |s: &mut Surface, f: &str| -> FieldSurface { op(s).response.get(f).cloned().expect("the field") };
        let cases: Vec<Case> = vec![
            (FieldAdded, false, Box::new(|s| drop(op(s).response.insert("next".into(), field("string", true))))),
            (FieldRemoved, true, Box::new(|s| drop(op(s).response.remove("total")))),
            (FieldRemoved, false, Box::new(move |s| drop(op(s).response.remove("inventory")))),
            (TypeChanged, true, Box::new(|s| op(s).response.get_mut("total").expect("total").ty = "string".into())),
            (MadeOptional, true, Box::new(|s| op(s).response.get_mut("total").expect("total").required = false)),
            (
                MadeRequired,
                false,
                Box::new(move |s| {
                    let mut f = response(s, "inventory");
                    f.required = true;
                    op(s).response.insert("inventory".into(), f);
                }),
            ),
        ];
        for (kind, breaks, change) in cases {
            let (found, breaking, c) = one(change);
            assert_eq!((found, breaking), (kind, breaks), "{c:#?}");
            assert_eq!(c.side, Some(Side::Response));
        }
    }

    #[test]
    fn named_types_break_where_they_are_used() {
        use ChangeKind::*;
        let cases: Vec<Case> = vec![
            // Thing is in a response: a field added there breaks nothing, one removed that was
            // optional neither; its enum (through Thing's field) loses a value: not breaking.
            (FieldAdded, false, Box::new(|s| drop(thing(s).fields.insert("size".into(), field("int32", true))))),
            (TypeChanged, true, Box::new(|s| thing(s).fields.get_mut("name").expect("name").ty = "int64".into())),
            (
                EnumValueRemoved,
                false,
                Box::new(|s| s.types.get_mut("ThingState").expect("enum").values.pop().map(drop).unwrap_or(())),
            ),
            (
                EnumValueAdded,
                false,
                Box::new(|s| s.types.get_mut("ThingState").expect("enum").values.push("Gone".into())),
            ),
            (
                NamedTypeKindChanged,
                true,
                Box::new(|s| s.types.get_mut("ThingState").expect("enum").kind = "object".into()),
            ),
            (NamedTypeRemoved, false, Box::new(|s| drop(s.types.remove("Unused")))),
            // A type no operation uses breaks nothing.
            (FieldRemoved, false, Box::new(|s| drop(s.types.get_mut("Unused").expect("Unused").fields.remove("x")))),
        ];
        for (kind, breaks, change) in cases {
            let (found, breaking, c) = one(change);
            assert_eq!((found, breaking), (kind, breaks), "{c:#?}");
            assert_eq!((c.operation.as_deref(), c.side), (None, None));
        }
        // Used in a request as well, the enum's removed value breaks.
        let mut old = base();
        let state = FieldSurface { refers: Some("ThingState".into()), ..field("ThingState", false) };
        op(&mut old).request.insert("state".into(), state);
        let mut new = old.clone();
        new.types.get_mut("ThingState").expect("enum").values.pop();
        let changes = diff(&old, &new);
        assert_eq!((changes[0].kind, changes[0].breaking), (EnumValueRemoved, true), "{changes:#?}");
        let mut old = base();
        old.types.remove("Unused");
        assert_eq!(one_of(diff(&old, &base())), (NamedTypeAdded, false));
    }

    fn thing(s: &mut Surface) -> &mut TypeSurface {
        s.types.get_mut("Thing").expect("Thing")
    }

    fn one_of(changes: Vec<Change>) -> (ChangeKind, bool) {
        assert_eq!(changes.len(), 1, "{changes:#?}");
        (changes[0].kind, changes[0].breaking)
    }

    #[test]
    fn fields_inside_a_field_added_or_removed_are_not_listed_again() {
        let mut new = base();
        op(&mut new).request.insert("spec".into(), field("object", true));
        op(&mut new).request.insert("spec.size".into(), field("int32", true));
        op(&mut new).request.insert("spec[].x".into(), field("int32", true));
        op(&mut new).request.insert("specs".into(), field("int32", false));
        let changes = diff(&base(), &new);
        let fields: Vec<_> = changes.iter().map(|c| c.field.as_deref().unwrap_or_default()).collect();
        assert_eq!(fields, ["spec", "specs"]);
    }

    #[test]
    fn the_surface_file_reads_back_as_it_was_written() {
        let surface = base();
        let text = surface.to_json();
        assert!(text.starts_with("{\"operations\": {\n\"ChangeThing\": {"), "{text}");
        assert_eq!(text.lines().count(), 8, "an operation or type a line:\n{text}");
        assert_eq!(Surface::from_json(&text).expect("it reads back"), surface);
        let empty = Surface::default();
        assert_eq!(Surface::from_json(&empty.to_json()).expect("it reads back"), empty);
    }
}
