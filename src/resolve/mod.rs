//! From the facts of every page to one [`Api`]: field trees become typed fields, named types are
//! collected across pages, and pages of the same operation are merged.
//!
//! See [`merge`] for the rule that decides between pages and `types.rs` for the rule that decides
//! between a field list and its examples.

pub(crate) mod merge;
mod types;

use std::collections::BTreeSet;

use crate::diag::{Diagnostics, rules};
use crate::facts::{DocResponse, PageFacts};
use crate::model::{
    Api, Auth, Body, Field, Media, Operation, ParamLocation, Parameter, PathTemplate, Response, Source, TypeKind,
    TypeRef,
};

pub(crate) use types::{Examples, TypeResolver};

/// Builds the model from page facts: the pages of each operation are merged (see `merge.rs`), then
/// resolved. Named types are collected across all pages.
pub fn resolve(pages: Vec<PageFacts>, diags: &mut Diagnostics) -> Api {
    let mut resolver = TypeResolver::default();
    let mut api = Api::default();
    for page in merge::merge_pages(pages, diags) {
        if let Some(op) = operation(&page, &mut resolver, diags) {
            api.operations.insert(op.id.clone(), op);
        }
    }
    api.types = resolver.finish(diags);
    link_inline_objects(&mut api, diags);
    if let Some(auth) = auth_from_examples(&api) {
        api.protocol.auth = auth;
    }
    api
}

/// How a session travels, as the request examples show it (`Authorization: OAuth {sessionUuid}`):
/// the header and the scheme word before the token.
fn auth_from_examples(api: &Api) -> Option<Auth> {
    let header = Auth::default().header;
    let value = api.authorization_example()?;
    let scheme = value.split_whitespace().next()?;
    Some(Auth { header, scheme: scheme.to_owned() })
}

/// An inline object (a query's `inventories` element, documented in place) whose fields are those
/// of a named type is that type: it refers to it, so that every emitter names it once.
fn link_inline_objects(api: &mut Api, diags: &mut Diagnostics) {
    let named: Vec<(String, Vec<Field>)> = api
        .types
        .values()
        .filter_map(|t| match &t.kind {
            TypeKind::Object { fields } if fields.len() >= 2 => Some((t.name.clone(), fields.clone())),
            _ => None,
        })
        .collect();
    api.for_each_field_mut(&mut |field| {
        let ty = field.ty.element_mut();
        let TypeRef::Object(fields) = ty else { return };
        let Some((name, _)) = named.iter().find(|(_, known)| same_fields(fields, known)) else { return };
        diags.note(
            &field.source,
            rules::INLINE_OBJECT_NAMED,
            format!("the fields documented under `{}` are those of `{name}`: it refers to `{name}`", field.name),
        );
        *ty = TypeRef::Named(name.clone());
    });
}

/// The same field names with the same shapes, in any order.
fn same_fields(a: &[Field], b: &[Field]) -> bool {
    a.len() == b.len() && a.iter().all(|f| b.iter().any(|g| g.name == f.name && g.ty.same_shape(&f.ty)))
}

fn operation(page: &PageFacts, resolver: &mut TypeResolver, diags: &mut Diagnostics) -> Option<Operation> {
    let (Some(id), Some(method), Some(source)) = (&page.operation_id, page.method, &page.source) else {
        return None; // the layout has already said what is missing
    };
    let paths: Vec<PathTemplate> = page.paths.iter().map(|p| path_template(p, source, diags)).collect();
    if paths.is_empty() {
        return None;
    }
    let body = body(page, resolver, diags);
    let mut params: Vec<Parameter> = page
        .params
        .iter()
        .map(|p| Parameter::new(p.location, resolver.field(&p.field, Examples::NONE, diags)))
        .collect();
    for p in &paths {
        add_undocumented_path_params(p, &mut params, source, diags);
    }
    let mut responses: Vec<Response> = page.responses.iter().map(|r| response(page, r, resolver, diags)).collect();
    add_example_only_responses(page, &mut responses);
    responses.sort_by_key(|r| (r.status.is_none(), r.status));
    Some(Operation {
        id: id.clone(),
        title: page.title.clone().unwrap_or_else(|| id.clone()),
        description: page.description.clone(),
        category: page.category.clone(),
        group: page.group.clone(),
        method,
        path: paths[0].clone(),
        other_paths: paths[1..].to_vec(),
        params,
        body,
        responses,
        since: page.since.clone(),
        completion: page.completion,
        auth_required: page.auth_required,
        request_example: page.request_example.clone(),
        change_history: page.change_history.clone(),
        sources: std::iter::once(source.clone()).chain(page.merged_from.iter().cloned()).collect(),
        corrections: Vec::new(),
    })
}

fn body(page: &PageFacts, resolver: &mut TypeResolver, diags: &mut Diagnostics) -> Option<Body> {
    if page.body.is_empty() {
        return None;
    }
    let roots: Vec<_> = page.request_body_example().into_iter().collect();
    let source = page.request_example.as_ref().map(|r| &r.source);
    let mut fields = resolver.fields(&page.body, Examples { values: &roots, source }, diags);
    // A wrapper without fields (`{"applyDRSAdvice": {}}`) is still an object, sent empty: its key
    // is what the server dispatches on, so it must not read as an untyped value.
    for f in fields.iter_mut().filter(|f| page.wrapper.as_ref() == Some(&f.name) && f.ty == TypeRef::Any) {
        f.ty = TypeRef::Object(Vec::new());
    }
    Some(Body { wrapper: page.wrapper.clone(), fields })
}

fn response(page: &PageFacts, doc: &DocResponse, resolver: &mut TypeResolver, diags: &mut Diagnostics) -> Response {
    let example = page.response_example(doc.status);
    let roots: Vec<_> = example.map(|e| &e.value).into_iter().collect();
    let ex = Examples { values: &roots, source: example.map(|e| &e.source) };
    Response {
        status: doc.status,
        description: doc.description.clone(),
        fields: resolver.fields(&doc.fields, ex, diags),
        example: example.cloned(),
        media: Media::Json,
        source: doc.source.clone(),
    }
}

/// Examples for statuses that the Responses section does not document get a response of their own.
fn add_example_only_responses(page: &PageFacts, responses: &mut Vec<Response>) {
    for (status, example) in &page.response_examples {
        if !responses.iter().any(|r| r.status == *status) {
            responses.push(Response {
                status: *status,
                description: None,
                fields: Vec::new(),
                example: Some(example.clone()),
                media: Media::Json,
                source: example.source.clone(),
            });
        }
    }
}

/// A `{name}` in the path template that no parameter documents is still a required string
/// parameter: the request cannot be made without it.
/// A page's path as a template, each `{}` named (with a warning): an empty variable name would
/// reach the OpenAPI document and the server's routes.
fn path_template(text: &str, source: &Source, diags: &mut Diagnostics) -> PathTemplate {
    let path = PathTemplate::parse(text);
    let Some(named) = path.with_unnamed_named() else { return path };
    diags.warning(
        source,
        rules::PATH_VARIABLE_UNNAMED,
        format!("the path `{path}` has `{{}}`, which names no variable; read as `{named}`"),
    );
    named
}

fn add_undocumented_path_params(
    path: &PathTemplate,
    params: &mut Vec<Parameter>,
    source: &Source,
    diags: &mut Diagnostics,
) {
    let documented: BTreeSet<String> =
        params.iter().filter(|p| p.location == ParamLocation::Path).map(|p| p.field.name.clone()).collect();
    for name in path.variables() {
        if documented.contains(name) {
            continue;
        }
        diags.warning(
            source,
            rules::PATH_PARAMETER_UNDOCUMENTED,
            format!("the path `{path}` has `{{{name}}}` but no path parameter documents it; read as a required string"),
        );
        params.push(Parameter::new(
            ParamLocation::Path,
            crate::model::Field {
                name: name.to_owned(),
                ty: TypeRef::String,
                doc_type: "String".into(),
                required: true,
                description: None,
                valid_values: Vec::new(),
                since: None,
                source: source.clone(),
            },
        ));
    }
}
