//! The `API Response` section: the sample JSON, the field table, and the tables introduced by a
//! `#path` line (`#error`, `#error.cause`) that detail the field at that path; or, for an API that
//! returns nothing, the sentence saying so and the error example.

use serde_json::Value;

use super::columns::Columns;
use super::sections::Sections;
use crate::diag::{Diagnostics, rules};
use crate::facts::{DocField, DocResponse, PageFacts};
use crate::layout::{field_header, json};
use crate::model::{Example, Source, version};
use crate::read::Block;

/// The response: the sample, the field table, and the `#path` tables that detail its fields; or,
/// for an API that returns nothing, the `{}` sentence and the error example. Returns the lowest
/// since of the fields.
pub(super) fn read_responses(
    s: &Sections<'_>,
    file: &str,
    facts: &mut PageFacts,
    diags: &mut Diagnostics,
) -> Option<String> {
    let Some((heading_line, blocks)) = &s.response else {
        diags.warning(
            &Source::new(file, s.last_line.max(1)),
            rules::DEVGUIDE_NO_RESPONSE,
            "the page has no `API Response` section: the response is not documented",
        );
        return None;
    };
    let raw = RawResponse::collect(blocks, file, diags);
    let mut fields = Vec::new();
    let mut sinces = Vec::new();
    if let Some(table) = raw.table {
        fields = response_fields(table, file, diags);
        collect_sinces(&fields, &mut sinces);
    }
    attach_references(&mut fields, &raw.references, file, &mut sinces, diags);
    attach_unlabelled(&mut fields, &raw.unlabelled, file, &mut sinces, diags);
    push_examples(&raw, file, facts, diags);
    let source = Source::new(file, raw.empty.unwrap_or(*heading_line));
    facts.responses.push(DocResponse { status: Some(200), description: None, fields, source });
    if let Some((_, line)) = raw.error_example {
        facts.responses.push(DocResponse {
            status: None,
            description: None,
            fields: Vec::new(),
            source: Source::new(file, line),
        });
    }
    version::earliest(sinces)
}

/// The blocks of the response section, sorted by role.
#[derive(Default)]
struct RawResponse<'d> {
    sample: Option<(&'d str, u32)>,
    /// The line of the sentence saying an empty object `{}` is returned.
    empty: Option<u32>,
    error_example: Option<(&'d str, u32)>,
    table: Option<&'d Block>,
    /// `#path` lines and the table after each.
    references: Vec<(&'d str, u32, &'d Block)>,
    /// Tables after the first on a page without `#path` lines.
    unlabelled: Vec<(u32, &'d Block)>,
}

impl<'d> RawResponse<'d> {
    fn collect(blocks: &[&'d Block], file: &str, diags: &mut Diagnostics) -> Self {
        let mut raw = RawResponse::default();
        let mut pending: Option<(&'d str, u32)> = None;
        // A `#` line that is no path (a label broken by the copy) leaves its table unattached.
        let mut broken_label: Option<(&'d str, u32)> = None;
        let labelled = blocks.iter().any(|b| label_text(b).is_some_and(|text| reference_path(text).is_some()));
        for block in blocks {
            let label = broken_label.take();
            match block {
                Block::Paragraph { text, line } | Block::Heading { text, line, .. } => {
                    if let Some(path) = reference_path(text) {
                        warn_unused_reference(pending.replace((path, *line)), file, diags);
                    } else if text.trim().starts_with('#') {
                        broken_label = Some((text.trim(), *line));
                    } else if text.contains("{}") {
                        raw.empty = Some(*line);
                    }
                }
                Block::Code { text, line } => raw.example(text, *line, file, diags),
                Block::Table { line, .. } => match pending.take() {
                    Some((path, at)) => raw.references.push((path, at, block)),
                    None if raw.table.is_none() => raw.table = Some(block),
                    // A copy without `#path` lines (headless text) lists the sub-tables in the
                    // order of the references, depth first.
                    None if !labelled && label.is_none() => raw.unlabelled.push((*line, block)),
                    None => {
                        let (at, said) = match label {
                            Some((text, at)) => (at, format!("`{text}` is not a `#path` line")),
                            None => (*line, "a second response field table has no `#path` line before it".to_owned()),
                        };
                        diags.warning(
                            &Source::new(file, at),
                            rules::DEVGUIDE_RESPONSE_TABLE,
                            format!(
                                "{said}: expected `#field` (such as `#inventory`) to say which field it details; the table {} is not read",
                                table_names(block)
                            ),
                        );
                    }
                },
                _ => {}
            }
        }
        warn_unused_reference(pending, file, diags);
        raw
    }

    /// The first code block is the sample; after the `{}` sentence, it is the error example.
    fn example(&mut self, text: &'d str, line: u32, file: &str, diags: &mut Diagnostics) {
        let slot = if self.empty.is_some() { &mut self.error_example } else { &mut self.sample };
        if slot.is_none() {
            *slot = Some((text, line));
        } else {
            diags.warning(
                &Source::new(file, line),
                rules::DEVGUIDE_RESPONSE_EXAMPLE,
                "a second response example; only the first is read",
            );
        }
    }
}

/// The field names of a table that is not read, as a message lists them: `(code, description)`.
fn table_names(table: &Block) -> String {
    let Block::Table { rows, .. } = table else { return String::new() };
    let names: Vec<&str> = rows.iter().filter_map(|r| r.cells.first()).map(|c| c.trim()).collect();
    format!("({})", names.join(", "))
}

/// The text of a block that may be a `#path` line: a paragraph, or a heading in Markdown copies.
fn label_text(block: &Block) -> Option<&str> {
    match block {
        Block::Paragraph { text, .. } | Block::Heading { text, .. } => Some(text),
        _ => None,
    }
}

/// Whether a heading is a `#path` label (`#### #error` in a Markdown copy) rather than a section.
pub(super) fn is_reference(text: &str) -> bool {
    reference_path(text).is_some()
}

/// `#error.cause` → `error.cause`.
fn reference_path(text: &str) -> Option<&str> {
    let path = text.trim().strip_prefix('#')?;
    path.split('.').all(field_header::is_field_name).then_some(path)
}

fn warn_unused_reference(pending: Option<(&str, u32)>, file: &str, diags: &mut Diagnostics) {
    if let Some((path, line)) = pending {
        diags.warning(
            &Source::new(file, line),
            rules::DEVGUIDE_REFERENCE,
            format!("`#{path}` is not followed by a field table: expected `| Name | Type | Description | Starting Version |` rows"),
        );
    }
}

fn push_examples(raw: &RawResponse<'_>, file: &str, facts: &mut PageFacts, diags: &mut Diagnostics) {
    let examples = [(Some(200), raw.sample, "the sample response"), (None, raw.error_example, "the error example")];
    for (status, found, what) in examples {
        let Some((text, line)) = found else { continue };
        let source = Source::new(file, line);
        if let Some(value) = json::parse_example(text, &source, what, diags) {
            facts.response_examples.push((status, Example { value, source }));
        }
    }
    if let (Some(line), None) = (raw.empty, raw.sample) {
        let source = Source::new(file, line);
        facts.response_examples.push((Some(200), Example { value: Value::Object(Default::default()), source }));
    }
}

fn response_fields(table: &Block, file: &str, diags: &mut Diagnostics) -> Vec<DocField> {
    let Block::Table { header, rows, line } = table else {
        return Vec::new();
    };
    let Some(columns) = Columns::find(header, false, &Source::new(file, *line), diags) else {
        return Vec::new();
    };
    rows.iter()
        .filter_map(|row| {
            let (cells, _) = columns.cells(row, file, diags);
            columns.field(&cells, &Source::new(file, row.line), diags)
        })
        .collect()
}

/// Gives each `#path` table's fields to the field at that path. Shallow paths go first, so that
/// `#error.cause` finds `cause` whichever table the page lists first.
fn attach_references(
    fields: &mut [DocField],
    references: &[(&str, u32, &Block)],
    file: &str,
    sinces: &mut Vec<String>,
    diags: &mut Diagnostics,
) {
    let mut ordered: Vec<_> = references.iter().collect();
    ordered.sort_by_key(|(path, _, _)| path.matches('.').count());
    for (path, line, table) in ordered {
        let children = response_fields(table, file, diags);
        let source = Source::new(file, *line);
        let steps: Vec<&str> = path.split('.').collect();
        // ZStack's generator labels a sub-table with the field's own name (`#flows`, not
        // `#inventory.flows`): a label that is no path from the root names a field further down.
        let found = if field_at(fields, &steps).is_some() {
            field_at(fields, &steps)
        } else if steps.len() == 1 {
            field_named(fields, path)
        } else {
            None
        };
        let Some(field) = found else {
            diags.warning(
                &source,
                rules::DEVGUIDE_REFERENCE,
                format!(
                    "`#{path}` names no field of the response (no `{path}` in the tables above); its table {} is not read",
                    table_names(table)
                ),
            );
            continue;
        };
        if !field.children.is_empty() {
            diags.warning(
                &source,
                rules::DEVGUIDE_REFERENCE,
                format!("`#{path}` is detailed twice; the fields of both tables are kept"),
            );
        }
        collect_sinces(&children, sinces);
        field.children.extend(children);
    }
}

/// Gives each unlabelled sub-table to the next field, depth first, that refers to a sub-table of
/// its own (`See inventory.`, `详情参考inventory`) and has none yet.
fn attach_unlabelled(
    fields: &mut [DocField],
    tables: &[(u32, &Block)],
    file: &str,
    sinces: &mut Vec<String>,
    diags: &mut Diagnostics,
) {
    for (line, table) in tables {
        let children = response_fields(table, file, diags);
        let Some(field) = next_reference(fields) else {
            diags.warning(
                &Source::new(file, *line),
                rules::DEVGUIDE_RESPONSE_TABLE,
                format!(
                    "a response field table without a `#path` line, and no field above that refers to a sub-table (`See X.`); the table {} is not read",
                    table_names(table)
                ),
            );
            continue;
        };
        collect_sinces(&children, sinces);
        field.children.extend(children);
    }
}

fn next_reference(fields: &mut [DocField]) -> Option<&mut DocField> {
    for field in fields {
        if field.children.is_empty() {
            if refers_to_itself(field) {
                return Some(field);
            }
            continue;
        }
        if let Some(found) = next_reference(&mut field.children) {
            return Some(found);
        }
    }
    None
}

/// `See inventory.`, `… For more information, see error.`, `See details error`, `详情参考inventory`.
fn refers_to_itself(field: &DocField) -> bool {
    let Some(description) = field.description.as_deref() else { return false };
    let lower = description.to_lowercase();
    ["see details ", "see ", "详情参考"].iter().any(|phrase| {
        lower.rsplit(phrase).next().is_some_and(|after| {
            lower.contains(phrase)
                && after.trim().trim_end_matches(['.', '。']).trim().eq_ignore_ascii_case(&field.name)
        })
    })
}

/// The first field of that name, depth first, that has no sub-fields yet.
fn field_named<'f>(fields: &'f mut [DocField], name: &str) -> Option<&'f mut DocField> {
    for field in fields {
        if field.name == name && field.children.is_empty() {
            return Some(field);
        }
        if let Some(found) = field_named(&mut field.children, name) {
            return Some(found);
        }
    }
    None
}

/// The field at a dotted path, by name along the tree.
fn field_at<'f>(fields: &'f mut [DocField], path: &[&str]) -> Option<&'f mut DocField> {
    let (first, rest) = path.split_first()?;
    let field = fields.iter_mut().find(|f| f.name == *first)?;
    if rest.is_empty() { Some(field) } else { field_at(&mut field.children, rest) }
}

fn collect_sinces(fields: &[DocField], out: &mut Vec<String>) {
    out.extend(fields.iter().filter_map(|f| f.since.clone()));
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::layout::devguide::tests::page;

    #[test]
    fn an_empty_response_page_gives_an_empty_success_and_an_error_example() {
        let (facts, diags) = page("docs-input/tickets/devguide/AddTicketTypesToTicketFlowCollection.md");
        assert!(diags.is_empty(), "{:#?}", diags.iter().collect::<Vec<_>>());
        let statuses: Vec<(Option<u16>, usize, u32)> =
            facts.responses.iter().map(|r| (r.status, r.fields.len(), r.source.line)).collect();
        assert_eq!(statuses, [(Some(200), 0, 55), (None, 0, 58)]);
        assert_eq!(facts.response_example(Some(200)).map(|e| &e.value), Some(&json!({})));
        let error = facts.response_example(None).expect("the error example");
        assert_eq!((error.value["error"]["code"].as_str(), error.source.line), (Some("SYS.1001"), 58));
    }

    /// Markdown copies of Dev Guide pages write the `#path` labels as headings (`#### #error`):
    /// each table still details its own field, and no heading is taken for a section.
    #[test]
    fn path_labels_written_as_markdown_headings_detail_their_fields() {
        let text = "## DeleteWidget\n\nDelete a widget.\n\n## API Request\n\n### URLs\n\n```\nDELETE zstack/v1/widgets/{uuid}\n```\n\n\
## API Response\n\n### Sample Response\n\n```\n{\"inventory\": {\"uuid\": \"a\"}}\n```\n\n\
| Name | Type | Description | Starting Version |\n|---|---|---|---|\n\
| error | ErrorCode | See [error](#error) | 0.6 |\n| inventory | WidgetInventory | See [inventory](#inventory) | 0.6 |\n\n\
#### #error\n\n| Name | Type | Description | Starting Version |\n|---|---|---|---|\n| code | String | The code. | 0.6 |\n\n\
#### #inventory\n\n| Name | Type | Description | Starting Version |\n|---|---|---|---|\n| uuid | String | The UUID. | 0.6 |\n| size | Long | The size. | 0.6 |\n";
        let (facts, diags) = crate::layout::devguide::tests::read("DeleteWidget.md", text);
        let facts = facts.expect("the page names its operation");
        assert!(diags.is_empty(), "{:#?}", diags.iter().collect::<Vec<_>>());
        let fields = &facts.responses[0].fields;
        let detail = |name: &str| -> Vec<&str> {
            let field = fields.iter().find(|f| f.name == name).expect("the field is in the table");
            field.children.iter().map(|f| f.name.as_str()).collect()
        };
        assert_eq!(detail("error"), ["code"]);
        assert_eq!(detail("inventory"), ["uuid", "size"]);
    }

    #[test]
    fn reference_lines_read_as_written() {
        assert_eq!(reference_path("#error.cause"), Some("error.cause"));
        assert_eq!(reference_path("#error"), Some("error"));
        assert_eq!(reference_path("# error"), None);
        assert_eq!(reference_path("#error..cause"), None);
    }
}
