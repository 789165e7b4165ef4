//! The generic rule kinds a profile sets. Each rule reads its settings from a [`ProfileSpec`],
//! changes the model, and records every change as a [`Correction`] with a note diagnostic. None of
//! them knows a particular API: that is the profile file's job.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::spec::{FieldSpec, ProfileSpec};
use crate::diag::{Diagnostics, Rule, rules};
use crate::model::{
    Api, AsyncJobs, Completion, Correction, Failure, Field, Media, Method, NamedType, Operation, ParamLocation,
    Parameter, PathTemplate, Response, Source, TypeKind, TypeRef, is_success, visit, visit_mut,
};

/// The state every rule works with.
pub struct Rules<'a> {
    pub spec: &'a ProfileSpec,
    pub diags: &'a mut Diagnostics,
}

/// Who made a change: the diagnostic's rule (`wrapper-key`, `overlay`) and the label the
/// correction carries (`zstack:wrapper-key`, `overlay:fix.yaml`).
pub struct Origin {
    pub rule: Rule,
    pub label: String,
}

/// Records a change on an operation or type and says so in a note at the corrected fact's line.
pub fn record(
    corrections: &mut Vec<Correction>,
    diags: &mut Diagnostics,
    origin: &Origin,
    owner: &str,
    subject: impl Into<String>,
    (old, new): (impl Into<String>, impl Into<String>),
    source: &Source,
) {
    let c = Correction {
        rule: origin.label.clone(),
        subject: subject.into(),
        old: old.into(),
        new: new.into(),
        source: source.clone(),
    };
    diags.note(source, origin.rule, format!("[{}] {owner}: {} `{}` → `{}`", c.rule, c.subject, c.old, c.new));
    corrections.push(c);
}

impl Rules<'_> {
    fn origin(&self, rule: Rule) -> Origin {
        Origin { rule, label: format!("{}:{}", self.spec.name, rule.name) }
    }

    fn note(
        &mut self,
        op: &mut Operation,
        rule: Rule,
        subject: impl Into<String>,
        change: (String, String),
        source: &Source,
    ) {
        let origin = self.origin(rule);
        record(&mut op.corrections, self.diags, &origin, &op.id, subject, change, source);
    }

    fn profile_source(&self) -> Source {
        Source::new(format!("profile:{}", self.spec.name), 0)
    }

    /// The body key that wraps an action's parameters (`wrapper-key`).
    pub fn wrapper_key(&mut self, api: &mut Api) {
        for op in api.operations.values_mut() {
            let Some(template) = self.spec.wrapper_key.get(&op.method) else { continue };
            let expected = expand(template, &op.id);
            if let Some((old, source)) = rename_wrapper(op, &expected) {
                self.note(op, rules::WRAPPER_KEY, "body wrapper key", (old, expected), &source);
            }
        }
    }

    /// Fields that belong at the root of the body, beside the wrapper (`root-body-fields`).
    pub fn root_body_fields(&mut self, api: &mut Api) {
        let Some(rule) = &self.spec.root_body_fields else { return };
        for op in api.operations.values_mut() {
            if !rule.methods.contains(&op.method) {
                continue;
            }
            let Some(body) = op.body.as_mut() else { continue };
            let Some(wrapper) = body.wrapper.clone() else { continue };
            let mut moved = Vec::new();
            if let Some(TypeRef::Object(inner)) = body.fields.iter_mut().find(|f| f.name == wrapper).map(|f| &mut f.ty)
            {
                let (out, keep): (Vec<Field>, Vec<Field>) =
                    std::mem::take(inner).into_iter().partition(|f| rule.fields.contains(&f.name));
                *inner = keep;
                moved = out;
            }
            let mut changes = Vec::new();
            for field in moved {
                changes.push(((format!("{wrapper}.{}", field.name), field.name.clone()), field.source.clone()));
                if !body.fields.iter().any(|f| f.name == field.name) {
                    body.fields.push(field);
                }
            }
            for (change, source) in changes {
                self.note(op, rules::ROOT_BODY_FIELDS, "body field", change, &source);
            }
        }
    }

    /// Methods whose parameters travel in the query string (`query-string-methods`).
    pub fn query_string(&mut self, api: &mut Api) {
        for op in api.operations.values_mut() {
            if !self.spec.query_string_methods.contains(&op.method) {
                continue;
            }
            let Some(body) = op.body.take() else { continue };
            for field in body.fields {
                let fields = match field.ty {
                    // The wrapper object on such a page: its fields are the parameters.
                    TypeRef::Object(inner) if body.wrapper.as_ref() == Some(&field.name) => inner,
                    _ => vec![field],
                };
                for f in fields {
                    let (name, source) = (f.name.clone(), f.source.clone());
                    if !op.params.iter().any(|p| p.field.name == f.name) {
                        op.params.push(Parameter::new(ParamLocation::Query, f));
                    }
                    let subject = format!("parameter `{name}`");
                    self.note(op, rules::QUERY_STRING_METHODS, subject, ("body".into(), "query".into()), &source);
                }
            }
        }
    }

    /// The wire names and the standard parameters of query operations (`query-api`).
    pub fn query_api(&mut self, api: &mut Api) {
        let Some(rule) = self.spec.query_api.clone() else { return };
        for op in api.operations.values_mut().filter(|op| rule.when.matches(op)) {
            for (from, to) in &rule.rename {
                let Some(p) = op.params.iter_mut().find(|p| &p.field.name == from) else { continue };
                p.field.name = to.clone();
                let source = p.field.source.clone();
                self.note(op, rules::QUERY_API, "parameter name", (from.clone(), to.clone()), &source);
            }
            for combine in &rule.combine {
                self.combine(op, &combine.from, &combine.into, &combine.description);
            }
            for spec in &rule.parameters {
                self.ensure_param(op, spec);
            }
            for spec in &rule.response {
                self.ensure_response_field(op, spec);
            }
        }
    }

    fn combine(&mut self, op: &mut Operation, from: &[String], into: &str, description: &str) {
        let present: Vec<Parameter> = op.params.iter().filter(|p| from.contains(&p.field.name)).cloned().collect();
        let Some(first) = present.first() else { return };
        let source = first.field.source.clone();
        op.params.retain(|p| !from.contains(&p.field.name));
        if !op.params.iter().any(|p| p.field.name == into) {
            let mut field = plain_field(into, TypeRef::String, "String", description, &source);
            field.required = false;
            op.params.push(Parameter::new(ParamLocation::Query, field));
        }
        let old = present.iter().map(|p| p.field.name.as_str()).collect::<Vec<_>>().join(" + ");
        self.note(op, rules::QUERY_API, "parameters", (old, into.to_owned()), &source);
    }

    fn ensure_param(&mut self, op: &mut Operation, spec: &FieldSpec) {
        let source = op.sources[0].clone();
        let wanted = field_from(spec, &source);
        match op.params.iter_mut().find(|p| p.field.name == spec.name) {
            Some(p) => {
                let mut changes = Vec::new();
                if !p.field.ty.same_shape(&wanted.ty) {
                    changes.push(("type", p.field.doc_type.clone(), spec.type_name.text.clone()));
                    p.field.ty = wanted.ty;
                    p.field.doc_type = spec.type_name.text.clone();
                }
                if p.field.required || p.location != ParamLocation::Query {
                    changes.push(("required/location", describe_param(p), "optional query".into()));
                    p.field.required = false;
                    p.location = ParamLocation::Query;
                }
                if let Some(style) = spec.style.filter(|s| *s != p.style) {
                    changes.push((
                        "list style",
                        format!("{:?}", p.style).to_lowercase(),
                        format!("{style:?}").to_lowercase(),
                    ));
                    p.style = style;
                }
                let source = p.field.source.clone();
                for (what, old, new) in changes {
                    self.note(op, rules::QUERY_API, format!("parameter `{}` {what}", spec.name), (old, new), &source);
                }
            }
            None => {
                op.params.push(Parameter {
                    style: spec.style.unwrap_or_default(),
                    ..Parameter::new(ParamLocation::Query, wanted)
                });
                self.note(op, rules::QUERY_API, "query parameter", ("absent".into(), spec.name.clone()), &source);
            }
        }
    }

    fn ensure_response_field(&mut self, op: &mut Operation, spec: &FieldSpec) {
        let source = op.sources[0].clone();
        // Query rules run before the job protocol exists: no status is the accepted one yet.
        let Some(ok) = op.success_index(None).map(|i| &mut op.responses[i]) else { return };
        if ok.fields.iter().any(|f| f.name == spec.name) {
            return;
        }
        ok.fields.push(field_from(spec, &source));
        self.note(op, rules::QUERY_API, "response field", ("absent".into(), spec.name.clone()), &source);
    }

    /// Synchronous or asynchronous, whatever the page says, and the asynchronous job protocol
    /// (`completion`). The profile's catalog decides for the APIs it lists; the `synchronous`
    /// rules decide for the others (pages of APIs the catalog has never seen).
    pub fn completion(&mut self, api: &mut Api) {
        let Some(rule) = self.spec.completion.clone() else { return };
        let mut any_async = false;
        for op in api.operations.values_mut() {
            let new = self.decide_completion(op, &rule.synchronous);
            let sync = new == Completion::Synchronous;
            any_async |= !sync;
            if op.completion != Some(new) {
                let old = op.completion.map_or("not stated".to_owned(), completion_word);
                let source = op.sources[0].clone();
                op.completion = Some(new);
                self.note(op, rules::COMPLETION, "completion", (old, completion_word(new)), &source);
            }
            if !sync && !op.responses.iter().any(|r| r.status == Some(rule.job.accepted)) {
                let source = self.profile_source();
                let job = &rule.job;
                let fields = std::iter::once(&job.location_field)
                    .chain(&job.timeout_field)
                    .map(|f| field_from(f, &source))
                    .collect();
                let description =
                    format!("Accepted: the call runs as a job; poll the URL in `{}`.", job.location_field.name);
                let description = description.as_str();
                op.responses.push(json_response(rule.job.accepted, description, fields, &source));
                sort_responses(&mut op.responses);
                let change = ("none".to_owned(), format!("{} with the job's location", rule.job.accepted));
                let op_source = op.sources[0].clone();
                self.note(op, rules::COMPLETION, "accepted response", change, &op_source);
            }
        }
        if any_async && !api.operations.contains_key(&rule.job.operation_id) {
            let op = self.job_operation(&rule.job);
            api.operations.insert(op.id.clone(), op);
        }
        if any_async {
            let job = &rule.job;
            api.protocol.jobs = Some(AsyncJobs {
                operation_id: job.operation_id.clone(),
                path: PathTemplate::parse(&job.path),
                accepted: job.accepted,
                done: job.done,
                expired: job.expired,
                location_field: job.location_field.name.clone(),
                timeout_field: job.timeout_field.as_ref().map(|f| f.name.clone()),
                timeout_ms: job.timeout_ms,
                tag: job.tag.clone(),
            });
        }
    }

    /// The catalog's completion of an operation, else the rules'. Where the catalog overrules
    /// the rules, a correction says so (where it changes the page's, the `completion` rule's
    /// correction records that, as for any operation).
    fn decide_completion(&mut self, op: &mut Operation, synchronous: &[super::spec::Matcher]) -> Completion {
        let by_rules =
            if synchronous.iter().any(|m| m.matches(op)) { Completion::Synchronous } else { Completion::Asynchronous };
        let spec = self.spec;
        let Some((catalog, entry)) = spec.catalog.as_ref().and_then(|c| Some((c, c.get(&op.id)?))) else {
            return by_rules;
        };
        if entry.completion != by_rules {
            let subject =
                format!("completion ({}:{}, over the `completion.synchronous` rules)", catalog.file, entry.line);
            let change = (completion_word(by_rules), completion_word(entry.completion));
            let source = op.sources[0].clone();
            self.note(op, rules::CATALOG, subject, change, &source);
        }
        entry.completion
    }

    /// Whether an operation needs a session, as the profile's catalog says, whatever the page
    /// says (`catalog`); operations the catalog does not list keep the page's word.
    pub fn session(&mut self, api: &mut Api) {
        // The spec outlives the rules' borrow of themselves: read it while noting.
        let spec = self.spec;
        let Some(catalog) = &spec.catalog else { return };
        for op in api.operations.values_mut() {
            let Some(entry) = catalog.get(&op.id) else { continue };
            if op.auth_required != Some(entry.session) {
                let old = op.auth_required.map_or("not stated", session_word).to_owned();
                op.auth_required = Some(entry.session);
                let subject = format!("session ({}:{})", catalog.file, entry.line);
                let source = op.sources[0].clone();
                self.note(op, rules::CATALOG, subject, (old, session_word(entry.session).to_owned()), &source);
            }
        }
    }

    fn job_operation(&mut self, job: &super::spec::JobSpec) -> Operation {
        let source = self.profile_source();
        let path = PathTemplate::parse(&job.path);
        let id = path.variables().next().unwrap_or("id").to_owned();
        let description = format!("The job's id, the last segment of `{}`.", job.location_field.name);
        let mut id = plain_field(&id, TypeRef::String, "String", &description, &source);
        id.required = true;
        let responses = vec![
            json_response(job.done, "Done: the call's result, as its own 200 response would be.", vec![], &source),
            json_response(job.accepted, "The job is still running.", vec![], &source),
        ];
        Operation {
            id: job.operation_id.clone(),
            title: job.summary.clone(),
            description: Some(job.description.clone()),
            category: Vec::new(),
            group: None,
            method: Method::Get,
            path,
            other_paths: Vec::new(),
            params: vec![Parameter::new(ParamLocation::Path, id)],
            body: None,
            responses,
            since: None,
            completion: Some(Completion::Synchronous),
            auth_required: Some(false),
            request_example: None,
            change_history: Vec::new(),
            sources: vec![source],
            corrections: Vec::new(),
        }
    }

    /// The failure body and the REST layer's plain-text errors on every operation (`errors`).
    pub fn errors(&mut self, api: &mut Api) {
        let Some(rule) = self.spec.errors.clone() else { return };
        let failure = &rule.failure;
        let declared = failure.type_name.to_ref();
        let error_type = if declared.named().is_none_or(|name| api.types.contains_key(name)) {
            declared
        } else {
            self.diags.warning(
                &self.profile_source(),
                rules::PROFILE,
                format!(
                    "no page defines `{}`; the failure body's `{}` is left untyped",
                    failure.type_name.text, failure.field
                ),
            );
            TypeRef::Any
        };
        let source = self.profile_source();
        api.protocol.failure =
            Some(Failure { status: failure.status, field: failure.field.clone(), ty: error_type.clone() });
        for op in api.operations.values_mut() {
            let mut added = Vec::new();
            if !op.responses.iter().any(|r| r.status == Some(failure.status)) {
                // A page's "error response" (for any failing status) is this one.
                let documented = op.responses.iter().position(|r| r.status.is_none()).map(|i| op.responses.remove(i));
                let mut error =
                    plain_field(&failure.field, error_type.clone(), &failure.type_name.text, "The error.", &source);
                error.required = true;
                let mut r = json_response(failure.status, &failure.description, vec![error], &source);
                r.example = documented.and_then(|d| d.example);
                op.responses.push(r);
                added.push(failure.status.to_string());
            }
            for (status, description) in &rule.plain_text {
                if !op.responses.iter().any(|r| r.status == Some(*status)) {
                    let mut r = json_response(*status, description, vec![], &source);
                    r.media = Media::PlainText;
                    op.responses.push(r);
                    added.push(status.to_string());
                }
            }
            if !added.is_empty() {
                sort_responses(&mut op.responses);
                let op_source = op.sources[0].clone();
                self.note(op, rules::ERRORS, "error responses", ("none".into(), added.join(", ")), &op_source);
            }
        }
    }

    /// Response bodies as the server writes them (`response-fields`).
    pub fn response_fields(&mut self, api: &mut Api) {
        let Some(rule) = self.spec.response_fields.clone() else { return };
        let failure_status = self.spec.errors.as_ref().map(|e| e.failure.status);
        let mut reachable = BTreeSet::new();
        for op in api.operations.values_mut() {
            let mut changed = Vec::new();
            for r in op.responses.iter_mut().filter(|r| r.media == Media::Json) {
                let success = r.status.is_some_and(is_success);
                let before = r.fields.len();
                let removed = |name: &String| rule.drop.contains(name) || (success && rule.failure_only.contains(name));
                r.fields.retain(|f| !removed(&f.name));
                if r.fields.len() != before {
                    changed.push(format!(
                        "{} field(s) removed from {}",
                        before - r.fields.len(),
                        status_word(r.status)
                    ));
                }
                if rule.all_optional && r.status != failure_status {
                    let n = make_optional(&mut r.fields);
                    if n > 0 {
                        changed.push(format!("{n} field(s) of {} optional", status_word(r.status)));
                    }
                }
                collect_named(&r.fields, &mut reachable);
            }
            for change in changed {
                let source = op.sources[0].clone();
                self.note(op, rules::RESPONSE_FIELDS, "response body", ("as documented".into(), change), &source);
            }
        }
        close_over_types(&api.types, &mut reachable);
        for name in reachable {
            if let Some(t) = api.types.get_mut(&name) {
                self.optional_type_fields(t, &rule);
            }
        }
    }

    fn optional_type_fields(&mut self, t: &mut NamedType, rule: &super::spec::ResponseFieldsSpec) {
        let TypeKind::Object { fields } = &mut t.kind else { return };
        let before = fields.len();
        fields.retain(|f| !rule.drop.contains(&f.name));
        let dropped = before - fields.len();
        let optional = if rule.all_optional { make_optional(fields) } else { 0 };
        let source = t.sources[0].clone();
        let origin = self.origin(rules::RESPONSE_FIELDS);
        if dropped > 0 {
            let change = ("as documented".to_owned(), format!("{dropped} removed"));
            record(&mut t.corrections, self.diags, &origin, &t.name, "fields", change, &source);
        }
        if optional > 0 {
            let change = ("as documented".to_owned(), format!("{optional} made optional"));
            record(&mut t.corrections, self.diags, &origin, &t.name, "required fields", change, &source);
        }
    }

    /// Types of fields that the pages leave open, by field name (`field-types`).
    pub fn field_types(&mut self, api: &mut Api) {
        for (name, type_name) in &self.spec.field_types {
            let ty = type_name.to_ref();
            for op in api.operations.values_mut() {
                let mut changed = Vec::new();
                let mut set = |field: &mut Field| {
                    if &field.name == name && is_open(&field.ty) {
                        field.ty = ty.clone();
                        let old = std::mem::replace(&mut field.doc_type, type_name.text.clone());
                        changed.push((old, field.source.clone()));
                    }
                };
                op.params.iter_mut().for_each(|p| set(&mut p.field));
                op.body.iter_mut().flat_map(|b| b.fields.iter_mut()).for_each(|f| visit_mut(f, &mut set));
                for (old, source) in changed {
                    let change = (old, type_name.text.clone());
                    self.note(op, rules::FIELD_TYPES, format!("type of `{name}`"), change, &source);
                }
            }
        }
    }

    /// The protocol facts that change no operation: the dates' format, the request media type
    /// and the REST layer's messages.
    pub fn protocol(&mut self, api: &mut Api) {
        let protocol = &mut api.protocol;
        if let Some(format) = &self.spec.timestamp_format {
            protocol.timestamp_format = Some(format.clone());
        }
        if let Some(media) = &self.spec.request_media_type {
            protocol.request_media_type = media.clone();
        }
        protocol.sessions = self.spec.sessions.as_ref().and_then(|spec| sessions(spec, &api.operations));
        let Some(given) = &self.spec.messages else { return };
        let messages = &mut protocol.messages;
        for (to, from) in [
            (&mut messages.missing_auth, &given.missing_auth),
            (&mut messages.wrong_auth_scheme, &given.wrong_auth_scheme),
            (&mut messages.job_expired, &given.job_expired),
            (&mut messages.no_operation_key, &given.no_operation_key),
        ] {
            if let Some(text) = from {
                to.clone_from(text);
            }
        }
    }
}

/// The session operations the profile names, when the pages have both (pages without them have
/// no login helper and no session store).
fn sessions(spec: &super::spec::SessionsSpec, ops: &BTreeMap<String, Operation>) -> Option<crate::model::Sessions> {
    let log_out = ops.get(&spec.log_out.operation_id)?;
    if !ops.contains_key(&spec.log_in.operation_id) || log_out.path.variables().count() != 1 {
        return None;
    }
    Some(crate::model::Sessions {
        log_in: spec.log_in.operation_id.clone(),
        session_at: spec.log_in.session.split('.').map(str::to_owned).collect(),
        digests: spec.log_in.digests.clone(),
        log_out: spec.log_out.operation_id.clone(),
        unknown: spec.unknown_session.clone(),
    })
}

/// Renames an operation's body wrapper (the field, the body's record of it and the example's key).
/// Returns the old key and the wrapper field's source, or `None` when there was nothing to change.
pub fn rename_wrapper(op: &mut Operation, new: &str) -> Option<(String, Source)> {
    let body = op.body.as_mut()?;
    let old = body.wrapper.clone().filter(|w| w != new)?;
    let mut source = op.sources[0].clone();
    for f in body.fields.iter_mut().filter(|f| f.name == old) {
        f.name = new.to_owned();
        source = f.source.clone();
    }
    body.wrapper = Some(new.to_owned());
    if let Some(Value::Object(map)) = op.request_example.as_mut().and_then(|r| r.body.as_mut()) {
        *map = std::mem::take(map).into_iter().map(|(k, v)| (if k == old { new.to_owned() } else { k }, v)).collect();
    }
    Some((old, source))
}

/// `{operationId:lowerFirst}` → `changeTicketStatus` for `ChangeTicketStatus`; other text as is.
pub fn expand(template: &str, operation_id: &str) -> String {
    let lower_first = {
        let mut chars = operation_id.chars();
        chars.next().map_or_else(String::new, |c| c.to_lowercase().collect::<String>() + chars.as_str())
    };
    template.replace("{operationId:lowerFirst}", &lower_first).replace("{operationId}", operation_id)
}

/// A type the pages left open: any value, or a list of any values.
fn is_open(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Any) || matches!(ty, TypeRef::List(e) if **e == TypeRef::Any)
}

fn completion_word(c: Completion) -> String {
    match c {
        Completion::Synchronous => "synchronous".into(),
        Completion::Asynchronous => "asynchronous".into(),
    }
}

fn session_word(required: bool) -> &'static str {
    if required { "required" } else { "none" }
}

fn status_word(status: Option<u16>) -> String {
    status.map_or_else(|| "the error response".into(), |s| format!("the {s} response"))
}

fn describe_param(p: &Parameter) -> String {
    format!("{} {}", if p.field.required { "required" } else { "optional" }, p.location.as_str())
}

/// A field a rule adds, of the type its spec names.
pub fn field_from(spec: &FieldSpec, source: &Source) -> Field {
    plain_field(&spec.name, spec.type_name.to_ref(), &spec.type_name.text, &spec.description, source)
}

/// An optional field of a type, with its documented type name.
pub fn plain_field(name: &str, ty: TypeRef, doc_type: &str, description: &str, source: &Source) -> Field {
    Field {
        name: name.to_owned(),
        ty,
        doc_type: doc_type.to_owned(),
        required: false,
        description: Some(description.to_owned()),
        valid_values: Vec::new(),
        since: None,
        source: source.clone(),
    }
}

fn json_response(status: u16, description: &str, fields: Vec<Field>, source: &Source) -> Response {
    Response {
        status: Some(status),
        description: Some(description.to_owned()),
        fields,
        example: None,
        media: Media::Json,
        source: source.clone(),
    }
}

fn sort_responses(responses: &mut [Response]) {
    responses.sort_by_key(|r| (r.status.is_none(), r.status));
}

/// Makes fields optional, inline objects included (inside lists and maps at any depth); returns
/// how many changed.
fn make_optional(fields: &mut [Field]) -> usize {
    let mut n = 0;
    for field in fields {
        visit_mut(field, &mut |f| {
            n += usize::from(f.required);
            f.required = false;
        });
    }
    n
}

/// The named types the fields refer to, inline objects included.
fn collect_named(fields: &[Field], out: &mut BTreeSet<String>) {
    for field in fields {
        visit(field, &mut |f| {
            if let Some(name) = f.ty.named() {
                out.insert(name.to_owned());
            }
        });
    }
}

/// Adds every type reachable from the named types already in `set`.
fn close_over_types(types: &std::collections::BTreeMap<String, NamedType>, set: &mut BTreeSet<String>) {
    let mut todo: Vec<String> = set.iter().cloned().collect();
    while let Some(name) = todo.pop() {
        let Some(TypeKind::Object { fields }) = types.get(&name).map(|t| &t.kind) else { continue };
        let mut found = BTreeSet::new();
        collect_named(fields, &mut found);
        for n in found {
            if set.insert(n.clone()) {
                todo.push(n);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, ty: TypeRef) -> Field {
        let mut f = plain_field(name, ty, "x", "x", &Source::new("p.txt", 1));
        f.required = true;
        f
    }

    #[test]
    fn response_fields_are_made_optional_inside_lists_of_lists() {
        let deep = TypeRef::List(Box::new(TypeRef::List(Box::new(TypeRef::Object(vec![field(
            "inner",
            TypeRef::Named("Deep".into()),
        )])))));
        let mut fields = vec![field("grid", deep), field("plain", TypeRef::String)];
        assert_eq!(make_optional(&mut fields), 3);
        let mut all = Vec::new();
        fields.iter().for_each(|f| visit(f, &mut |f| all.push((f.name.clone(), f.required))));
        assert_eq!(all, [("grid".into(), false), ("inner".into(), false), ("plain".into(), false)]);
        let mut named = BTreeSet::new();
        collect_named(&fields, &mut named);
        assert_eq!(named.into_iter().collect::<Vec<_>>(), ["Deep"], "a named type inside a list of lists is reachable");
    }
}
