//! Tables: a header row names the kind (parameters or response fields), then pipe rows or
//! space-separated rows read into the Dev Guide's columns, with the lines that close a row cut
//! short (a lost cell, valid values as bullets, the version on a line of its own).

use super::Builder;
use crate::diag::{Diagnostics, rules};
use crate::facts::LineRole;
use crate::layout::devguide::{columns, params};
use crate::model::Source;
use crate::read::{Block, Row};

/// What a table header row is: a parameter table or a response field table, and its syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TableKind {
    Params,
    Response,
}

pub(super) fn table_header(text: &str) -> Option<(TableKind, bool)> {
    let pipe = text.contains('|');
    let cells: Vec<String> =
        if pipe { pipe_cells(text).into_iter().map(|c| c.text.to_owned()).collect() } else { space_header(text)? };
    let kind = columns::table_kind(&cells)?;
    Some((if kind { TableKind::Params } else { TableKind::Response }, pipe))
}

/// `Name Type Location Description Optional Value Starting Version`: the column words, found
/// longest first; `None` when a word is not a column word.
fn space_header(text: &str) -> Option<Vec<String>> {
    let mut rest = text.trim();
    let mut cells = Vec::new();
    while !rest.is_empty() {
        let word = columns::column_word_at(rest)?;
        cells.push(rest[..word].to_owned());
        rest = rest[word..].trim_start();
    }
    (cells.len() >= 3).then_some(cells)
}

/// A cell of a pipe row with its place in the line.
#[derive(Debug, Clone, Copy)]
struct Cell<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

/// The cells of a pipe row, without the empty cells before a leading `|` and after the last text.
fn pipe_cells(text: &str) -> Vec<Cell<'_>> {
    let mut cells = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices().chain([(text.len(), '|')]) {
        if c == '|' {
            let raw = &text[start..i];
            let lead = raw.len() - raw.trim_start().len();
            cells.push(Cell { text: raw.trim(), start: start + lead, end: start + lead + raw.trim().len() });
            start = i + 1;
        }
    }
    if text.trim_start().starts_with('|') && cells.first().is_some_and(|c| c.text.is_empty()) {
        cells.remove(0);
    }
    while cells.last().is_some_and(|c| c.text.is_empty()) {
        cells.pop();
    }
    cells
}

fn is_separator(text: &str) -> bool {
    let t = text.trim();
    t.contains("---") && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// A row read into the Dev Guide's columns.
#[derive(Debug, Default)]
struct RowFacts {
    name: String,
    doc_type: String,
    location: String,
    description: Vec<String>,
    values: Vec<String>,
    since: Option<String>,
}

impl RowFacts {
    fn cells(self, kind: TableKind) -> Vec<String> {
        let description = self.description.join(" ");
        let since = self.since.unwrap_or_default();
        match kind {
            TableKind::Params => {
                vec![self.name, self.doc_type, self.location, description, self.values.join("\n"), since]
            }
            TableKind::Response => vec![self.name, self.doc_type, description, since],
        }
    }
}

fn is_type(token: &str) -> bool {
    const PRIMITIVES: &[&str] =
        &["int", "long", "short", "byte", "boolean", "bool", "float", "double", "char", "integer", "string", "number"];
    let base = token.split(['<', '[']).next().unwrap_or(token);
    crate::layout::field_header::is_field_name(base)
        && (base.starts_with(|c: char| c.is_ascii_uppercase()) || PRIMITIVES.contains(&base))
}

fn name_ok(name: &str) -> bool {
    crate::layout::field_header::is_field_name(columns::strip_optional_mark(name).0)
}

/// A pipe row: name, type, location (parameter tables), then the version as the last cell; what
/// stands between is description text, and a last cell of single words the valid values.
fn pipe_row(text: &str, kind: TableKind) -> Option<RowFacts> {
    let cells = pipe_cells(text);
    let fixed = if kind == TableKind::Params { 3 } else { 2 };
    let (head, rest) = cells.split_at_checked(fixed).unwrap_or((&cells, &[]));
    let [name, doc_type, ..] = head else { return None };
    if !name_ok(name.text) || !is_type(doc_type.text) {
        return None;
    }
    let mut row = RowFacts { name: name.text.into(), doc_type: doc_type.text.into(), ..RowFacts::default() };
    if kind == TableKind::Params {
        row.location = head.get(2).map_or("", |c| c.text).to_owned();
    }
    let mut middle = rest;
    if let Some((last, before)) = rest.split_last()
        && columns::is_version(last.text)
    {
        row.since = Some(last.text.to_owned());
        middle = before;
    }
    if let [first, .., last] = middle
        && kind == TableKind::Params
        && last.text.split_whitespace().all(crate::layout::field_header::is_field_name)
    {
        row.values = last.text.split_whitespace().map(str::to_owned).collect();
        row.description.push(text[first.start..middle[middle.len() - 2].end].trim().to_owned());
    } else if let (Some(first), Some(last)) = (middle.first(), middle.last()) {
        row.description.push(text[first.start..last.end].trim().to_owned());
    }
    row.description.retain(|d| !d.is_empty());
    Some(row)
}

/// A space-separated row: the name (and an optional marker), the type, the location from the
/// closed vocabulary (parameter tables), the description, and the version as the last word.
fn space_row(text: &str, kind: TableKind) -> Option<RowFacts> {
    let (name, rest) = split_word(text)?;
    let (name, rest) = match split_word(rest) {
        Some((mark, after)) if columns::is_optional_mark(mark) => (format!("{name} {mark}"), after),
        _ => (name.to_owned(), rest),
    };
    let (doc_type, mut rest) = split_word(rest)?;
    if !name_ok(&name) || !is_type(doc_type) {
        return None;
    }
    let mut row = RowFacts { name, doc_type: doc_type.into(), ..RowFacts::default() };
    if kind == TableKind::Params {
        let (location, after) = location_prefix(rest)?;
        row.location = location.to_owned();
        rest = after;
    }
    let rest = rest.trim();
    let (description, since) = match rest.rsplit_once(char::is_whitespace) {
        Some((d, v)) if columns::is_version(v) => (d.trim(), Some(v)),
        _ if columns::is_version(rest) => ("", Some(rest)),
        _ => (rest, None),
    };
    if !description.is_empty() {
        row.description.push(description.to_owned());
    }
    row.since = since.map(str::to_owned);
    Some(row)
}

fn split_word(text: &str) -> Option<(&str, &str)> {
    let text = text.trim_start();
    if text.is_empty() {
        return None;
    }
    Some(text.split_once(char::is_whitespace).unwrap_or((text, "")))
}

/// `url`, `query`, `body`, `body (contained in the X structure)`, `body(包含在X结构中)` at the start.
fn location_prefix(text: &str) -> Option<(&str, &str)> {
    let text = text.trim_start();
    if let Some(after) = text.strip_prefix("body") {
        let inner = after.trim_start();
        if inner.starts_with(['(', '（']) {
            let close = inner.find([')', '）'])?;
            let end = text.len() - inner.len() + close + inner[close..].chars().next()?.len_utf8();
            let location = &text[..end];
            return params::is_location(location).then(|| (location, &text[end..]));
        }
    }
    let (word, rest) = split_word(text)?;
    params::is_location(word).then_some((word, rest))
}

/// A line that only closes a row: `|` (a lost list cell), `3.0.0 |` or `| 3.0.0 |`, `3.0.0`.
enum Continuation {
    LostCell,
    Version(String),
}

fn continuation(text: &str) -> Option<Continuation> {
    let t = text.trim();
    if t == "|" || t == "||" {
        return Some(Continuation::LostCell);
    }
    let v = t.trim_matches('|').trim();
    columns::is_version(v).then(|| Continuation::Version(v.to_owned()))
}

impl Builder<'_> {
    /// A table: its header, a separator row, and rows up to the first line that is not a row.
    pub(super) fn table(&mut self, kind: TableKind, pipe: bool, diags: &mut Diagnostics) {
        let header_line = self.segs[self.pos].line;
        let headings: &[&'static str] = match kind {
            TableKind::Params => &["Request Parameters"],
            TableKind::Response => &["API Response", "Sample Response"],
        };
        self.ensure(headings, header_line);
        self.mark(header_line, LineRole::Structure);
        self.pos += 1;
        if self.text(self.pos).is_some_and(is_separator) {
            let line = self.segs[self.pos].line;
            self.mark(line, LineRole::Structure);
            self.pos += 1;
        }
        let mut rows = Vec::new();
        while let Some(seg) = self.segs.get(self.pos).cloned() {
            let t = seg.text.trim();
            if seg.bullet || self.heading_is_next() || table_header(t).is_some() || t.starts_with('#') {
                break;
            }
            let row = if pipe && t.contains('|') { pipe_row(t, kind) } else { space_row(t, kind) };
            let Some(mut row) = row else {
                if pipe && t.contains('|') {
                    self.pos += 1;
                    self.not_understood(&seg, "a table row", diags);
                    continue;
                }
                break;
            };
            self.pos += 1;
            self.mark(seg.line, LineRole::Fact);
            if row.since.is_none() {
                self.row_rest(&mut row, seg.line, diags);
            }
            rows.push(Row { cells: row.cells(kind), line: seg.line });
        }
        let header = match kind {
            TableKind::Params => {
                ["Name", "Type", "Location", "Description", "Optional Value", "Starting Version"].as_slice()
            }
            TableKind::Response => ["Name", "Type", "Description", "Starting Version"].as_slice(),
        };
        let header = header.iter().map(|h| (*h).to_owned()).collect();
        self.blocks.push(Block::Table { header, rows, line: header_line });
    }

    /// What closes a row that did not end with its version: a lone `|` (a lost list cell), bullet
    /// lines (single words are valid values, sentences description), then the version.
    fn row_rest(&mut self, row: &mut RowFacts, line: u32, diags: &mut Diagnostics) {
        while let Some(seg) = self.segs.get(self.pos).cloned() {
            let t = seg.text.trim();
            if seg.bullet {
                self.pos += 1;
                if t.split_whitespace().count() == 1 {
                    row.values.push(t.trim_end_matches(['.', '。']).to_owned());
                    self.mark(seg.line, LineRole::Fact);
                } else {
                    row.description.push(t.to_owned());
                    self.mark(seg.line, LineRole::Text);
                }
                continue;
            }
            match continuation(t) {
                Some(Continuation::LostCell) => {
                    self.pos += 1;
                    self.mark(seg.line, LineRole::Structure);
                }
                Some(Continuation::Version(v)) => {
                    self.pos += 1;
                    self.mark(seg.line, LineRole::Fact);
                    row.since = Some(v);
                    return;
                }
                None => break,
            }
        }
        let rule = if self.pos >= self.segs.len() { rules::PAGE_INCOMPLETE } else { rules::TABLE_MISSING_CELLS };
        diags.warning(
            &Source::new(self.file, line),
            rule,
            format!("the row `{}` has no Starting Version: a cell is missing; the row is read without it", row.name),
        );
    }
}
