//! The field lists (path, query and header parameters, body fields, response fields) read into
//! [`DocField`] trees, their fused headers split on the evidence of the page's examples.

use std::collections::BTreeSet;

use serde_json::Value;

use super::flat;
use super::sections::Sections;
use super::stray::report_loose;
use crate::diag::{Diagnostics, rules};
use crate::doctype::{self, DocType};
use crate::example;
use crate::facts::{DocField, DocParam, DocResponse, LineRole, PageFacts};
use crate::layout::field_header::{self, Evidence, Split};
use crate::model::Source;
use crate::read::{Block, ListItem};

pub(super) fn read_fields(
    s: &Sections<'_>,
    file: &str,
    facts: &mut PageFacts,
    cut: Option<u32>,
    diags: &mut Diagnostics,
) {
    let mut page_keys = BTreeSet::new();
    let examples: Vec<&Value> =
        facts.request_body_example().into_iter().chain(facts.response_examples.iter().map(|(_, e)| &e.value)).collect();
    for value in &examples {
        let mut keys = Vec::new();
        example::all_keys(value, &mut keys);
        page_keys.extend(keys);
    }
    // Two passes: the first learns the named types that split with confidence, so that the
    // second can use them as evidence for the headers that did not (`causeErrorCode`).
    let mut known = BTreeSet::new();
    let mut scratch = Diagnostics::new();
    let mut reader = FieldReader::new(file, &page_keys, &known, cut, &mut scratch);
    let _ = read_all_fields(s, facts, &mut reader);
    known = reader.learned;
    let mut reader = FieldReader::new(file, &page_keys, &known, cut, diags);
    let (params, body, responses) = read_all_fields(s, facts, &mut reader);
    report_loose(s, &mut reader);
    for (line, role) in reader.marks {
        facts.mark(line, role);
    }
    facts.params = params;
    facts.wrapper = find_wrapper(&body, facts.operation_id.as_deref());
    facts.body = body;
    facts.responses = responses;
}

type AllFields = (Vec<DocParam>, Vec<DocField>, Vec<DocResponse>);

fn read_all_fields(s: &Sections<'_>, facts: &PageFacts, reader: &mut FieldReader<'_, '_>) -> AllFields {
    let body_example: Vec<&Value> = facts.request_body_example().into_iter().collect();
    let mut params: Vec<DocParam> = s
        .params
        .iter()
        .flat_map(|(location, list)| {
            reader
                .fields(list, &[])
                .into_iter()
                .map(|field| DocParam { location: *location, field })
                .collect::<Vec<_>>()
        })
        .collect();
    for (location, text, line) in &s.flat_params {
        let fields = flat::fields(reader, &[(text, *line)], &[]);
        params.extend(fields.into_iter().map(|field| DocParam { location: *location, field }));
    }
    let mut body: Vec<DocField> = s.body.iter().flat_map(|list| reader.fields(list, &body_example)).collect();
    body.extend(flat::fields(reader, &s.flat_body, &body_example));
    let responses = s
        .responses
        .iter()
        .map(|r| {
            let example: Vec<&Value> = facts.response_example(r.status).map(|e| &e.value).into_iter().collect();
            DocResponse {
                status: r.status,
                description: (!r.description.is_empty()).then(|| r.description.join("\n")),
                fields: r.fields.iter().flat_map(|list| reader.fields(list, &example)).collect(),
                source: Source::new(reader.file, r.line),
            }
        })
        .collect();
    (params, body, responses)
}

/// The root body field that wraps the operation's own fields: an `Object` named after the
/// operation (in any case) or described as the request body object. It may have no children: an
/// action without fields of its own still sends its wrapper key, the one thing that tells it from
/// the other actions on its path.
fn find_wrapper(body: &[DocField], operation_id: Option<&str>) -> Option<String> {
    body.iter()
        .filter(|f| doctype::parse(&f.doc_type) == Some(DocType::OpenObject))
        .find(|f| {
            let named_after_op = operation_id.is_some_and(|id| f.name.eq_ignore_ascii_case(id));
            let described = f.description.as_deref().is_some_and(|d| {
                let d = d.to_ascii_lowercase();
                d.contains("request body object") || d.contains("body parameter object") || d.contains("请求体")
            });
            named_after_op || described
        })
        .map(|f| f.name.clone())
}

/// Turns field lists into [`DocField`] trees, splitting headers on the evidence of the examples.
pub(super) struct FieldReader<'a, 'k> {
    pub(super) file: &'a str,
    pub(super) page_keys: &'k BTreeSet<&'k str>,
    pub(super) known_types: &'k BTreeSet<String>,
    /// Named types whose headers split with confidence.
    learned: BTreeSet<String>,
    /// The last line of a page cut short: never a field.
    cut: Option<u32>,
    /// What each field line became.
    pub(super) marks: Vec<(u32, LineRole)>,
    pub(super) diags: &'a mut Diagnostics,
}

impl<'a, 'k> FieldReader<'a, 'k> {
    fn new(
        file: &'a str,
        page_keys: &'k BTreeSet<&'k str>,
        known_types: &'k BTreeSet<String>,
        cut: Option<u32>,
        diags: &'a mut Diagnostics,
    ) -> Self {
        Self { file, page_keys, known_types, learned: BTreeSet::new(), cut, marks: Vec::new(), diags }
    }

    /// Keeps a clear split's named type as evidence; warns about an ambiguous one and about a
    /// header without a type, whose type then comes from its example value (`examples` are the
    /// example values at the field's parent path).
    pub(super) fn accept(&mut self, split: Split, source: &Source, examples: &[&Value]) -> field_header::Header {
        match split {
            Split::Clear(h) => {
                if matches!(doctype::parse(&h.doc_type), Some(DocType::Named(_))) {
                    self.learned.insert(h.doc_type.clone());
                }
                h
            }
            Split::Ambiguous(h, why) => {
                self.diags.warning(source, rules::FIELD_HEADER_AMBIGUOUS, why);
                h
            }
            Split::Untyped(mut h, why) => {
                let values = example::child_values(examples, &h.name);
                h.doc_type = type_of_example(&values).to_owned();
                self.diags.warning(
                    source,
                    rules::FIELD_HEADER_UNTYPED,
                    format!("{why}; read as `{}` typed `{}` after its example value", h.name, h.doc_type),
                );
                h
            }
        }
    }

    /// `examples` are the example values at the list's parent path.
    fn fields(&mut self, items: &[ListItem], examples: &[&Value]) -> Vec<DocField> {
        let fields: Vec<(&ListItem, DocField)> =
            items.iter().filter_map(|item| self.field(item, examples).map(|f| (item, f))).collect();
        self.warn_twice_named(&fields);
        fields.into_iter().map(|(_, f)| f).collect()
    }

    /// Two fields of one list read to one name: one header is misread (its example key garbled,
    /// say, so that `operationContextTypeString` splits as `operationContext` + `TypeString`).
    fn warn_twice_named(&mut self, fields: &[(&ListItem, DocField)]) {
        for (i, (item, field)) in fields.iter().enumerate() {
            let Some((first, _)) = fields[..i].iter().find(|(_, f)| f.name == field.name) else { continue };
            self.diags.warning(
                &Source::new(self.file, item.line),
                rules::FIELD_HEADER_AMBIGUOUS,
                format!(
                    "the field headers `{}` (line {}) and `{}` both read as the name `{}`: one of them is misread",
                    first.text, first.line, item.text, field.name
                ),
            );
        }
    }

    fn field(&mut self, item: &ListItem, examples: &[&Value]) -> Option<DocField> {
        let source = Source::new(self.file, item.line);
        if self.cut == Some(item.line) {
            self.marks.push((item.line, LineRole::NotUnderstood));
            return None;
        }
        let evidence = Evidence {
            sibling_keys: example::keys(examples),
            page_keys: self.page_keys,
            known_types: self.known_types,
        };
        let header = match field_header::split(&item.text, &evidence) {
            Ok(split) => self.accept(split, &source, examples),
            Err(why) => {
                self.marks.push((item.line, LineRole::NotUnderstood));
                self.diags.error(&source, rules::FIELD_HEADER, why);
                return None;
            }
        };
        self.marks.push((item.line, LineRole::Fact));
        let child_examples = example::child_values(examples, &header.name);
        let mut description = Vec::new();
        let mut children = Vec::new();
        for block in &item.children {
            match block {
                Block::Paragraph { text, line } => {
                    let lines = text.lines().count().max(1);
                    self.marks.extend((*line..).take(lines).map(|l| (l, LineRole::Text)));
                    description.push(text.as_str());
                }
                Block::List { items } => children.extend(self.fields(items, &child_examples)),
                other => self.not_understood(
                    other.line(),
                    "a block inside a field that is neither its description nor its fields",
                ),
            }
        }
        let description = (!description.is_empty()).then(|| description.join("\n"));
        Some(doc_field(header, description, children, source))
    }

    pub(super) fn not_understood(&mut self, line: u32, why: &str) {
        self.marks.push((line, LineRole::NotUnderstood));
        self.diags.warning(&Source::new(self.file, line), rules::LINE_NOT_UNDERSTOOD, why.to_owned());
    }
}

/// The documented type an example value shows, for a field whose header lost its type: `Object`
/// (any value) when the examples show none.
fn type_of_example(values: &[&Value]) -> &'static str {
    match values.first() {
        Some(Value::String(_)) => "String",
        Some(Value::Bool(_)) => "boolean",
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => "long",
        Some(Value::Number(_)) => "double",
        Some(Value::Array(_)) => "List",
        Some(Value::Object(_) | Value::Null) | None => "Object",
    }
}

pub(super) fn doc_field(
    header: field_header::Header,
    description: Option<String>,
    children: Vec<DocField>,
    source: Source,
) -> DocField {
    DocField {
        valid_values: description.as_deref().map(options_in).unwrap_or_default(),
        name: header.name,
        doc_type: header.doc_type,
        required: Some(header.required),
        description,
        since: None,
        children,
        source,
    }
}

/// Valid values written into a description: `Options: Permissive | Enforcing. Default: …`.
fn options_in(description: &str) -> Vec<String> {
    let Some((_, rest)) = description.split_once("Options:") else { return Vec::new() };
    let list = rest.split_once(". ").map_or(rest, |(l, _)| l).trim().trim_end_matches('.');
    list.split('|').map(|v| v.trim().to_owned()).filter(|v| !v.is_empty() && !v.contains(' ')).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_in_descriptions_are_valid_values() {
        assert_eq!(
            options_in("Optional. Options: Permissive | Enforcing. Default mode: Permissive."),
            ["Permissive", "Enforcing"]
        );
        assert_eq!(options_in("Options: enable | disable."), ["enable", "disable"]);
        assert!(options_in("The resource UUID.").is_empty());
    }
}
