//! The parameter table (`Name | Type | Location | Description | Optional Value | Starting
//! Version`): each row a path, query or header parameter or a body field, and rows `body (contained
//! in the X structure)` the children of a wrapper field `X`, the way the Explorer nests them.

use serde_json::Value;

use super::columns::{Columns, strip_optional_mark};
use super::sections::Sections;
use crate::diag::{Diagnostics, rules};
use crate::facts::{DocField, DocParam, PageFacts};
use crate::layout::field_header;
use crate::model::{ParamLocation, Source, version};
use crate::read::Block;

/// How a parameter description marks the parameter optional.
const OPTIONAL_DESCRIPTION_MARKS: &[&str] = &["Optional.", "可选"];

/// Where a parameter row says the parameter goes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    Param(ParamLocation),
    /// A root field of the body.
    Body,
    /// A field of the body's wrapper object of this name.
    Wrapped(String),
}

/// `url`, `query`, `body`, `body (contained in the X structure)`, `body(包含在X结构中)`.
fn place(cell: &str) -> Option<Place> {
    let cell = cell.trim();
    match cell.to_ascii_lowercase().as_str() {
        "url" | "path" => return Some(Place::Param(ParamLocation::Path)),
        "query" => return Some(Place::Param(ParamLocation::Query)),
        "header" => return Some(Place::Param(ParamLocation::Header)),
        "body" => return Some(Place::Body),
        _ => {}
    }
    let inner = cell.strip_prefix("body")?.trim();
    let inner = inner.trim_start_matches(['(', '（']).trim_end_matches([')', '）']).trim();
    let name = inner
        .strip_prefix("contained in the")
        .or_else(|| inner.strip_prefix("contained in"))
        .and_then(|r| r.strip_suffix("structure"))
        .or_else(|| inner.strip_prefix("包含在").and_then(|r| r.strip_suffix("结构中")))?
        .trim()
        .trim_matches('`');
    field_header::is_field_name(name).then(|| Place::Wrapped(name.to_owned()))
}

/// Whether a cell is a parameter location of the closed vocabulary [`place`] reads.
pub(super) fn is_location(cell: &str) -> bool {
    place(cell).is_some()
}

/// Reads the parameter table into path/query parameters and body fields; returns the lowest since.
pub(super) fn read_params(
    s: &Sections<'_>,
    file: &str,
    facts: &mut PageFacts,
    diags: &mut Diagnostics,
) -> Option<String> {
    let mut sinces = Vec::new();
    for table in &s.params {
        let Block::Table { header, rows, line } = table else {
            continue;
        };
        let Some(columns) = Columns::find(header, true, &Source::new(file, *line), diags) else {
            continue;
        };
        for row in rows {
            let (cells, shifted) = columns.cells(row, file, diags);
            let source = Source::new(file, row.line);
            let Some((place, field)) = param_row(&cells, shifted, &columns, &source, diags) else {
                continue;
            };
            sinces.extend(field.since.clone());
            add_param(facts, place, field, diags);
        }
    }
    wrapper_from_example(s, file, facts);
    version::earliest(sinces)
}

/// The body wrapper that no row names: an action without fields of its own has no row `body
/// (contained in the X structure)`, yet the Body example still sends `{"applyDRSAdvice": {}}`, and
/// that key is how the server tells the actions on one path apart. So a page whose rows name no
/// wrapper takes the example's one object-valued root key that no row documents, as a wrapper
/// field without children, placed first among the body fields (where the Explorer lists it).
fn wrapper_from_example(s: &Sections<'_>, file: &str, facts: &mut PageFacts) {
    if facts.wrapper.is_some() {
        return;
    }
    let Some(Value::Object(body)) = facts.request_body_example() else { return };
    let mut undocumented =
        body.iter().filter(|(key, value)| value.is_object() && !facts.body.iter().any(|f| &f.name == *key));
    let (Some((key, _)), None) = (undocumented.next(), undocumented.next()) else { return };
    let key = key.clone();
    let line = s.body.first().map_or_else(|| facts.request_example.as_ref().map_or(0, |r| r.source.line), |b| b.1);
    let field = DocField {
        name: key.clone(),
        doc_type: "Object".into(),
        required: Some(true),
        description: None,
        valid_values: Vec::new(),
        since: None,
        source: Source::new(file, line),
        children: Vec::new(),
    };
    facts.body.insert(0, field);
    facts.wrapper = Some(key);
}

fn param_row(
    cells: &[String],
    shifted: bool,
    columns: &Columns,
    source: &Source,
    diags: &mut Diagnostics,
) -> Option<(Place, DocField)> {
    let mut field = columns.field(cells, source, diags)?;
    let location = columns.get(cells, columns.location);
    let Some(place) = place(location) else {
        diags.warning(
            source,
            rules::DEVGUIDE_LOCATION,
            format!(
                "`{location}` is not a parameter location: expected `url`, `query`, `body` or `body (contained in the X structure)`; the row `{}` is not read",
                field.name
            ),
        );
        return None;
    };
    let (_, optional_name) = strip_optional_mark(columns.get(cells, Some(columns.name)));
    let optional_description =
        field.description.as_deref().is_some_and(|d| OPTIONAL_DESCRIPTION_MARKS.iter().any(|m| d.starts_with(m)));
    // English pages mark an optional parameter in its description; where the description cell
    // was lost (a rendered table shifted the row) the page does not say, and a merge may fill it
    // in. An empty description is no mark: the parameter is required.
    field.required = match (optional_name || optional_description, shifted && field.description.is_none()) {
        (true, _) => Some(false),
        (false, false) => Some(true),
        (false, true) => None,
    };
    field.valid_values = columns
        .get(cells, columns.values)
        .lines()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect();
    Some((place, field))
}

/// Places a parameter: a wrapped field goes under its wrapper, which is created where its first
/// field stands among the root body fields (the Explorer lists it there).
fn add_param(facts: &mut PageFacts, place: Place, field: DocField, diags: &mut Diagnostics) {
    match place {
        Place::Param(location) => facts.params.push(DocParam { location, field }),
        Place::Body => facts.body.push(field),
        Place::Wrapped(name) => {
            // Root fields from rows have no children: a root field with children is a wrapper.
            if let Some(wrapper) = facts.body.iter_mut().find(|f| f.name == name && !f.children.is_empty()) {
                wrapper.children.push(field);
                return;
            }
            match &facts.wrapper {
                None => facts.wrapper = Some(name.clone()),
                Some(first) => diags.warning(
                    &field.source,
                    rules::DEVGUIDE_WRAPPERS,
                    format!("this row is contained in `{name}` but earlier rows in `{first}`; `{first}` is taken as the body wrapper"),
                ),
            }
            facts.body.push(wrapper_field(name, field));
        }
    }
}

/// The wrapper object the page names only in its Location column.
fn wrapper_field(name: String, first_child: DocField) -> DocField {
    DocField {
        name,
        doc_type: "Object".into(),
        required: Some(true),
        description: None,
        valid_values: Vec::new(),
        since: None,
        source: first_child.source.clone(),
        children: vec![first_child],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_read_in_both_languages() {
        assert_eq!(place("url"), Some(Place::Param(ParamLocation::Path)));
        assert_eq!(place(" query "), Some(Place::Param(ParamLocation::Query)));
        assert_eq!(place("body"), Some(Place::Body));
        assert_eq!(
            place("body (contained in the changeTicketStatus structure)"),
            Some(Place::Wrapped("changeTicketStatus".into()))
        );
        assert_eq!(place("body(包含在params结构中)"), Some(Place::Wrapped("params".into())));
        assert_eq!(place("body(包含在`params`结构中)"), Some(Place::Wrapped("params".into())));
        assert_eq!(place("body (contained in the 2 structure)"), None);
        assert_eq!(place("cookie"), None);
        assert_eq!(place(""), None);
    }
}
