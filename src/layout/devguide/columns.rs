//! The columns of the Dev Guide's tables (parameter tables and response field tables), found by
//! their header words in English or Chinese, and the rows read through them: cells padded, a
//! rendered table's column shift repaired, a row read as a field.

use crate::diag::{Diagnostics, rules};
use crate::facts::DocField;
use crate::layout::field_header;
use crate::model::Source;
use crate::read::Row;

/// Table columns, found by their header words (English, Chinese).
const NAME: &[&str] = &["name", "名字", "名称"];
const TYPE: &[&str] = &["type", "类型"];
const LOCATION: &[&str] = &["location", "位置"];
const DESCRIPTION: &[&str] = &["description", "描述", "说明"];
const VALUES: &[&str] =
    &["optional value", "optional values", "valid value", "valid values", "allowed value", "allowed values", "可选值"];
const SINCE: &[&str] = &["starting version", "since", "起始版本"];

/// How a parameter name marks the parameter optional.
const OPTIONAL_NAME_MARKS: &[&str] = &["(可选)", "（可选）", "(optional)", "(Optional)"];

/// `Name | Type | Location | ...` or `名字 | 类型 | 位置 | ...`.
pub(super) fn is_parameter_header(header: &[String]) -> bool {
    let [name, doc_type, location, ..] = header else {
        return false;
    };
    is_column(name, NAME) && is_column(doc_type, TYPE) && is_column(location, LOCATION)
}

/// What a header row heads: `Some(true)` a parameter table (`Name | Type | Location`), `Some(false)`
/// a response field table (`Name | Type | Description`).
pub(super) fn table_kind(header: &[String]) -> Option<bool> {
    if is_parameter_header(header) {
        return Some(true);
    }
    let [name, doc_type, description, ..] = header else {
        return None;
    };
    (is_column(name, NAME) && is_column(doc_type, TYPE) && is_column(description, DESCRIPTION)).then_some(false)
}

/// The length of the column word a header text starts with, longest first (`Optional Value`
/// before `Optional`), when a word boundary follows it.
pub(super) fn column_word_at(text: &str) -> Option<usize> {
    let mut words: Vec<&str> = [NAME, TYPE, LOCATION, DESCRIPTION, VALUES, SINCE].concat();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words.into_iter().find_map(|w| {
        let head = text.get(..w.len())?;
        let boundary = text[w.len()..].chars().next().is_none_or(char::is_whitespace);
        (head.eq_ignore_ascii_case(w) && boundary).then_some(w.len())
    })
}

/// `(optional)`, `(可选)`: a name cell's optional marker standing as a word of its own.
pub(super) fn is_optional_mark(word: &str) -> bool {
    OPTIONAL_NAME_MARKS.contains(&word)
}

fn is_column(cell: &str, words: &[&str]) -> bool {
    let cell = cell.trim();
    words.iter().any(|w| w.eq_ignore_ascii_case(cell))
}

/// `description (可选)` → `description`, optional.
pub(super) fn strip_optional_mark(name: &str) -> (&str, bool) {
    OPTIONAL_NAME_MARKS.iter().find_map(|m| name.strip_suffix(m).map(|n| (n.trim(), true))).unwrap_or((name, false))
}

/// `3.0.0`, `4.3.6`: a version as the Starting Version column writes it.
pub(super) fn is_version(cell: &str) -> bool {
    let mut parts = cell.split('.');
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    parts.clone().count() >= 2 && parts.all(all_digits)
}

/// Where a table's columns are, found by header words.
pub(super) struct Columns {
    pub(super) name: usize,
    doc_type: usize,
    pub(super) location: Option<usize>,
    description: Option<usize>,
    pub(super) values: Option<usize>,
    since: Option<usize>,
    header: Vec<String>,
}

impl Columns {
    /// The columns of a parameter table (`with_location`) or a response field table. A table
    /// without the columns it needs is an error, and is not read.
    pub(super) fn find(
        header: &[String],
        with_location: bool,
        source: &Source,
        diags: &mut Diagnostics,
    ) -> Option<Columns> {
        let at = |words: &[&str]| header.iter().position(|h| is_column(h, words));
        let location = at(LOCATION);
        let (Some(name), Some(doc_type), true) = (at(NAME), at(TYPE), location.is_some() || !with_location) else {
            let expected = if with_location {
                "`Name | Type | Location | Description | Optional Value | Starting Version`"
            } else {
                "`Name | Type | Description | Starting Version`"
            };
            diags.error(
                source,
                rules::DEVGUIDE_TABLE_COLUMNS,
                format!("the table's header `{}` lacks a column it needs: expected {expected} (or the Chinese 名字 | 类型 | ...)", header.join(" | ")),
            );
            return None;
        };
        let (description, values, since) = (at(DESCRIPTION), at(VALUES), at(SINCE));
        Some(Columns { name, doc_type, location, description, values, since, header: header.to_vec() })
    }

    pub(super) fn get<'c>(&self, cells: &'c [String], column: Option<usize>) -> &'c str {
        column.and_then(|c| cells.get(c)).map_or("", |c| c.trim())
    }

    /// A row's cells, padded to the header's width and with a column shift repaired; and whether
    /// the row was shifted (its description cell was lost, not empty).
    pub(super) fn cells(&self, row: &Row, file: &str, diags: &mut Diagnostics) -> (Vec<String>, bool) {
        let mut cells: Vec<String> = row.cells.iter().map(|c| c.trim().to_owned()).collect();
        cells.resize(cells.len().max(self.header.len()), String::new());
        if let Some((from, to)) = self.shift(&cells) {
            diags.note(
                &Source::new(file, row.line),
                rules::TABLE_COLUMN_SHIFT,
                format!(
                    "the row's cells are shifted left (the rendered table dropped an empty cell): `{}` in the {} column is read as the {} and that column as empty",
                    cells[from], self.header[from], self.header[to]
                ),
            );
            cells.swap(from, to);
            return (cells, true);
        }
        (cells, false)
    }

    /// A shifted row: its Starting Version cell is empty, and the last non-empty cell is an earlier
    /// one (not the name, type or location) holding a version. Returns (that cell, the since cell).
    fn shift(&self, cells: &[String]) -> Option<(usize, usize)> {
        let since = self.since?;
        if !cells.get(since)?.is_empty() {
            return None;
        }
        let last = cells.iter().rposition(|c| !c.is_empty())?;
        let fixed = [Some(self.name), Some(self.doc_type), self.location];
        (last < since && !fixed.contains(&Some(last)) && is_version(&cells[last])).then_some((last, since))
    }

    /// The field a row documents; the location, required flag and valid values are the caller's.
    pub(super) fn field(&self, cells: &[String], source: &Source, diags: &mut Diagnostics) -> Option<DocField> {
        if cells.iter().all(String::is_empty) {
            return None;
        }
        let raw_name = self.get(cells, Some(self.name));
        let doc_type = self.get(cells, Some(self.doc_type));
        let (name, _) = strip_optional_mark(raw_name);
        if !field_header::is_field_name(name) || doc_type.is_empty() {
            diags.error(
                source,
                rules::DEVGUIDE_FIELD,
                format!("the row `{}` does not name a field and its type: expected a name such as `uuid` and a type such as `String`", cells.join(" | ")),
            );
            return None;
        }
        let text = |column| Some(self.get(cells, column)).filter(|t| !t.is_empty()).map(str::to_owned);
        Some(DocField {
            name: name.to_owned(),
            doc_type: doc_type.to_owned(),
            required: None,
            description: text(self.description),
            valid_values: Vec::new(),
            since: text(self.since),
            children: Vec::new(),
            source: source.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Level;
    use crate::layout::devguide::tests::{child, found, names, page, read};

    #[test]
    fn the_column_shifted_page_reads_its_since_values_and_descriptions_right() {
        let (facts, diags) = page("docs-input/tickets/devguide/AddIAM2TicketFlow.md");
        let shifted: Vec<u32> = (51..=60).chain([116, 117]).collect();
        assert_eq!(found(&diags, "table-column-shift"), shifted.iter().map(|l| (Level::Note, *l)).collect::<Vec<_>>());
        assert!(diags.iter().all(|d| d.rule == "table-column-shift"), "{:#?}", diags.iter().collect::<Vec<_>>());
        let fields = &facts.body[0].children;
        assert_eq!(
            names(fields),
            [
                "approverUuid",
                "approverTitle",
                "name",
                "description",
                "collectionUuid",
                "parentFlowUuid",
                "resourceUuid",
                "tagUuids"
            ]
        );
        for field in fields.iter().chain(&facts.body[1..]) {
            assert_eq!(field.since.as_deref(), Some("3.0.0"), "{}", field.name);
            assert!(field.valid_values.is_empty(), "{}", field.name);
        }
        let described: Vec<(&str, Option<&str>, Option<bool>)> =
            fields.iter().map(|f| (f.name.as_str(), f.description.as_deref(), f.required)).take(4).collect();
        assert_eq!(
            described,
            [
                ("approverUuid", Some("审批人UUID。"), Some(true)),
                ("approverTitle", None, None), // the lost description held the optional mark
                ("name", Some("The resource name."), Some(true)),
                ("description", Some("Optional. The detailed description of the resource."), Some(false)),
            ]
        );
        assert_eq!(child(fields, "tagUuids").required, Some(false));
        let inventory = child(&facts.responses[0].fields, "inventory");
        let flow_context = child(&inventory.children, "flowContext");
        assert_eq!((flow_context.description.as_deref(), flow_context.since.as_deref()), (None, Some("3.0.0")));
        assert_eq!(facts.since.as_deref(), Some("3.0.0"));
    }

    #[test]
    fn missing_cells_are_padded_and_warned_about() {
        let text = "## ChangeIt\n\n## API Request\n\n### URLs\n\n```\nGET zstack/v1/things\n```\n\n### Request Parameters\n\n\
                    | Name | Type | Location | Description | Optional Value | Starting Version |\n|---|---|---|---|---|---|\n\
                    | limit | int | query |\n";
        let (facts, diags) = read("c.md", text);
        assert_eq!(found(&diags, "table-missing-cells"), [(Level::Warning, 15)]);
        assert_eq!(found(&diags, "devguide-no-response"), [(Level::Warning, 15)]);
        assert_eq!(diags.len(), 2, "{:#?}", diags.iter().collect::<Vec<_>>());
        let facts = facts.expect("facts");
        let limit = &facts.params[0].field;
        assert_eq!(
            (limit.name.as_str(), limit.doc_type.as_str(), limit.description.as_deref(), limit.since.as_deref()),
            ("limit", "int", None, None)
        );
    }

    #[test]
    fn versions_and_optional_marks_read_as_written() {
        assert!(
            is_version("3.0.0") && is_version("4.3") && !is_version("3") && !is_version("3.x") && !is_version("v3.0")
        );
        assert_eq!(strip_optional_mark("description (可选)"), ("description", true));
        assert_eq!(strip_optional_mark("description"), ("description", false));
    }
}
