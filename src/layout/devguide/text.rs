//! Dev Guide pages copied as plain text (a browser copy or a text dump of a Dev Guide page).
//!
//! The text reader gives paragraphs and bullets only: section words arrive as lines, often split
//! over two lines (`Curl` / `Sample`) or glued to the line before (`…{deleteMode}Headers`,
//! `}SDK Sample`); tables arrive as pipe rows (with or without the leading `|`, empty cells moved
//! to the row's end, a lost list cell leaving a lone `|` line) or as space-separated rows; headless
//! copies lose the section words altogether. This module rebuilds, from those lines, the document a
//! Markdown page of the same operation gives (headings, code blocks, tables with the Dev Guide's
//! columns), so that the rest of the layout reads both alike.
//!
//! Tables are recognised here, not in the text reader: a space-separated row is a table row only
//! given the Dev Guide's column vocabulary and its closed list of locations, and the pipe rows of
//! these copies are not well-formed tables either (collapsed cells, continuation lines, a header
//! glued to the JSON before it), so splitting them needs the same vocabulary. The reader keeps
//! knowing characters only, and the Explorer layout sees the text reader's output unchanged.
//!
//! Every line this module reads is marked with its [`LineRole`]; a line inside a table section that
//! becomes nothing gets a `line-not-understood` warning.

use super::columns;
use super::params;
use crate::diag::{Diagnostics, rules};
use crate::facts::LineRole;
use crate::model::{Method, Source};
use crate::read::{Block, Document, ListItem, Row};

/// Section words a text copy shows, with the heading the Markdown page gives for each.
const WORDS: &[(&str, &str)] = &[
    ("API Request", "API Request"),
    ("API请求", "API Request"),
    ("URLs", "URLs"),
    ("Headers", "Headers"),
    ("Body", "Body"),
    ("Curl Sample", "Curl Sample"),
    ("Curl Example", "Curl Sample"),
    ("Curl示例", "Curl Sample"),
    ("Request Parameters", "Request Parameters"),
    ("Parameter List", "Request Parameters"),
    ("参数列表", "Request Parameters"),
    ("Queryable Fields", "Queryable Fields"),
    ("可查询字段", "Queryable Fields"),
    ("API Response", "API Response"),
    ("API返回", "API Response"),
    ("Sample Response", "Sample Response"),
    ("Response Example", "Sample Response"),
    ("返回示例", "Sample Response"),
    ("SDK Sample", "SDK Sample"),
    ("SDK示例", "SDK Sample"),
    ("Java SDK", "SDK Sample"),
    ("Python SDK", "SDK Sample"),
];

/// Section words that a copy glues to the end of the line before them; `Java` and `Python` begin
/// the split `Java` / `SDK` headings.
const GLUED: &[&str] = &[
    "Request Parameters",
    "Queryable Fields",
    "Curl Sample",
    "SDK Sample",
    "API Response",
    "Sample Response",
    "Headers",
    "Curl",
    "Body",
    "Java",
    "Python",
    "可查询字段",
    "参数列表",
    "Curl示例",
    "SDK示例",
    "API返回",
    "返回示例",
];

/// Where a table header may start inside a line (glued to the JSON or URL before it).
const HEADER_STARTS: &[&str] = &["| Name | Type |", "| 名字 | 类型 |", "Name | Type |", "名字 | 类型 |"];

/// Lines that notes and banners print; neither facts nor lost facts.
const NOTE_STARTS: &[&str] = &["Note:", "Note：", "说明:", "说明：", "注意:", "注意："];

/// A text page is one with no headings, tables or code: all the text reader gives.
pub(super) fn is_plain(doc: &Document) -> bool {
    doc.blocks.iter().all(|b| matches!(b, Block::Paragraph { .. } | Block::List { .. }))
}

/// A text Dev Guide page: an `API Request` line, or a Dev Guide table header anywhere.
pub(super) fn recognise(doc: &Document) -> bool {
    is_plain(doc)
        && segments(doc).iter().any(|s| {
            let t = s.text.trim();
            word_heading(t) == Some("API Request") || table_header(t).is_some()
        })
}

/// The page rebuilt as the Markdown reader would give it, and the role of each line.
pub(super) struct Rebuilt {
    pub(super) doc: Document,
    pub(super) marks: Vec<(u32, LineRole)>,
}

pub(super) fn rebuild(doc: &Document, file: &str, diags: &mut Diagnostics) -> Rebuilt {
    let segs = segments(doc);
    let mut b = Builder { file, segs, pos: 0, blocks: Vec::new(), marks: Vec::new(), section: "", seen_curl: false };
    b.preamble();
    while b.pos < b.segs.len() {
        b.step(diags);
    }
    Rebuilt { doc: Document { blocks: b.blocks }, marks: b.marks }
}

/// One piece of a page line: a whole line, or a part of a line that glued several together.
#[derive(Debug, Clone)]
struct Seg {
    text: String,
    line: u32,
    bullet: bool,
}

fn segments(doc: &Document) -> Vec<Seg> {
    let mut out = Vec::new();
    for block in &doc.blocks {
        push_block(block, false, &mut out);
    }
    out
}

fn push_block(block: &Block, bullet: bool, out: &mut Vec<Seg>) {
    match block {
        Block::Paragraph { text, line } => {
            for (text, line) in text.lines().zip(*line..) {
                split_glued(text.trim(), line, bullet, out);
            }
        }
        Block::List { items } => items.iter().for_each(|i| push_item(i, out)),
        _ => {}
    }
}

fn push_item(item: &ListItem, out: &mut Vec<Seg>) {
    out.push(Seg { text: item.text.trim().to_owned(), line: item.line, bullet: true });
    for child in &item.children {
        push_block(child, true, out);
    }
}

/// Cuts a line where a copy glued the next block to it: before `Authorization:`, a curl command,
/// a table header or the next SDK statement, and before a section word at its end.
fn split_glued(text: &str, line: u32, bullet: bool, out: &mut Vec<Seg>) {
    let mut rest = text;
    while let Some(at) = glue_point(rest) {
        let (head, tail) = rest.split_at(at);
        if !head.trim().is_empty() {
            out.push(Seg { text: head.trim().to_owned(), line, bullet });
        }
        rest = tail;
    }
    if !rest.trim().is_empty() {
        out.push(Seg { text: rest.trim().to_owned(), line, bullet });
    }
}

/// The first place in a line where another block starts, if any (never at its start).
fn glue_point(text: &str) -> Option<usize> {
    let mut points = Vec::new();
    // A curl's own `-H "Authorization: …"` is quoted; a glued header line is not.
    for marker in ["Authorization:", "curl -"] {
        let glued = |&i: &usize| i > 0 && !text[..i].ends_with(['"', '\'']);
        points.extend(text.match_indices(marker).map(|(i, _)| i).find(glued));
    }
    for marker in HEADER_STARTS {
        let found = text.match_indices(marker).map(|(i, _)| i).find(|&i| i > 0 && !text[..i].ends_with("| "));
        points.extend(found);
    }
    // `action.call();QueryTicketTypeAction action = ...`: the next language's sample.
    if let Some(i) = text.find("call();").map(|i| i + "call();".len()).filter(|&i| i < text.trim_end().len()) {
        points.push(i);
    }
    if text.starts_with("Authorization:")
        && let Some(i) = text.find('{')
    {
        points.push(i);
    }
    points.extend(glued_word(text));
    points.into_iter().min()
}

/// A section word glued to the end of a line, after a character that cannot end a word of text
/// before it (ASCII and not a space: `…{deleteMode}Headers`, `…uuidCurl`, `}SDK Sample`).
fn glued_word(text: &str) -> Option<usize> {
    GLUED.iter().find_map(|word| {
        let head = text.strip_suffix(word)?;
        let last = head.chars().last()?;
        (last.is_ascii() && !last.is_whitespace()).then_some(head.len())
    })
}

/// The heading a line of section words stands for.
fn word_heading(text: &str) -> Option<&'static str> {
    WORDS.iter().find(|(w, _)| w.eq_ignore_ascii_case(text.trim())).map(|(_, h)| *h)
}

/// What a table header row is: a parameter table or a response field table, and its syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TableKind {
    Params,
    Response,
}

fn table_header(text: &str) -> Option<(TableKind, bool)> {
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

/// A URL line: `GET zstack/v1/x`, or several on one line (`GET zstack/v1/x GET zstack/v1/x/{uuid}`).
fn url_lines(text: &str) -> Option<Vec<String>> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() < 2 || words.len() % 2 != 0 {
        return None;
    }
    let urls: Vec<String> = words
        .chunks(2)
        .map(|pair| {
            let is_path = pair[1].starts_with("zstack/") || pair[1].starts_with("/zstack/") || pair[1].starts_with('/');
            (Method::parse(pair[0]).is_some() && is_path).then(|| format!("{} {}", pair[0], pair[1]))
        })
        .collect::<Option<_>>()?;
    Some(urls)
}

fn is_sdk_line(text: &str) -> bool {
    text.contains("Action action =") || text.contains("Action.Result") || text.starts_with("action.")
}

/// The end of a JSON value that starts a text, counting braces and brackets outside strings.
fn json_end(text: &str, depth: &mut i32, in_string: &mut bool) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if *in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => *in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => *in_string = true,
            '{' | '[' => *depth += 1,
            '}' | ']' => {
                *depth -= 1;
                if *depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

struct Builder<'f> {
    file: &'f str,
    segs: Vec<Seg>,
    pos: usize,
    blocks: Vec<Block>,
    marks: Vec<(u32, LineRole)>,
    /// The heading of the section being read (`""` before any).
    section: &'static str,
    seen_curl: bool,
}

impl Builder<'_> {
    fn mark(&mut self, line: u32, role: LineRole) {
        self.marks.push((line, role));
    }

    fn text(&self, at: usize) -> Option<&str> {
        self.segs.get(at).map(|s| s.text.trim())
    }

    fn open(&mut self, heading: &'static str, line: u32) {
        self.section = heading;
        self.blocks.push(Block::Heading { level: 2, text: heading.to_owned(), line });
    }

    /// Opens a section the page does not name (a headless copy), unless it is open already.
    fn ensure(&mut self, headings: &[&'static str], line: u32) {
        if !headings.contains(&self.section) {
            self.open(headings[0], line);
        }
    }

    /// A headed page: the title (the last line `Human Title (ApiName)`, else the first line) with
    /// the category before it and the description after, up to `API Request`. A headless page's
    /// lines before its first block are site chrome.
    fn preamble(&mut self) {
        let Some(end) = self.segs.iter().position(|s| word_heading(&s.text) == Some("API Request")) else {
            return self.headless_preamble();
        };
        let titled = (0..end).rev().find(|&i| super::name::titled_api(&self.segs[i].text).1.is_some());
        let title_at = titled.unwrap_or(0);
        if end == 0 {
            return;
        }
        let category = title_at.checked_sub(1).map(|i| self.segs[i].text.clone());
        for i in 0..title_at {
            let line = self.segs[i].line;
            self.mark(line, if Some(i + 1) == Some(title_at) { LineRole::Text } else { LineRole::Chrome });
        }
        let title = &self.segs[title_at];
        let text = match category {
            Some(c) => format!("{c} - {}", title.text),
            None => title.text.clone(),
        };
        let line = title.line;
        self.blocks.push(Block::Heading { level: 1, text, line });
        self.mark(line, LineRole::Text);
        for i in title_at + 1..end {
            let seg = &self.segs[i];
            let (text, line) = (seg.text.clone(), seg.line);
            self.blocks.push(Block::Paragraph { text, line });
            self.mark(line, LineRole::Text);
        }
        self.pos = end;
    }

    /// The lines before a headless page's first block are chrome, but for a title line `Human Title
    /// (ApiName)`: a headed copy whose `API Request` line is broken still names its API.
    fn headless_preamble(&mut self) {
        while let Some(seg) = self.segs.get(self.pos) {
            let t = seg.text.trim();
            if url_lines(t).is_some()
                || t.starts_with("Authorization:")
                || t.starts_with('{')
                || table_header(t).is_some()
            {
                return;
            }
            let line = seg.line;
            let titled = super::name::titled_api(t).1.is_some();
            if titled && !self.blocks.iter().any(|b| matches!(b, Block::Heading { .. })) {
                self.blocks.push(Block::Heading { level: 1, text: t.to_owned(), line });
            }
            self.mark(line, if titled { LineRole::Text } else { LineRole::Chrome });
            self.pos += 1;
        }
    }

    fn step(&mut self, diags: &mut Diagnostics) {
        let seg = self.segs[self.pos].clone();
        let t = seg.text.trim();
        if let Some(heading) = self.heading_here() {
            return self.section_word(heading);
        }
        if t.starts_with('{') {
            return self.json(diags);
        }
        if t.starts_with("curl ") {
            return self.curl();
        }
        if let Some((kind, pipe)) = table_header(t) {
            return self.table(kind, pipe, diags);
        }
        self.pos += 1;
        if let Some(urls) = url_lines(t).filter(|_| !matches!(self.section, "API Response" | "SDK Sample")) {
            self.ensure(&["URLs"], seg.line);
            for url in urls {
                self.blocks.push(Block::Paragraph { text: url, line: seg.line });
            }
            return self.mark(seg.line, LineRole::Fact);
        }
        if t.starts_with("Authorization:") {
            self.ensure(&["Headers"], seg.line);
            self.blocks.push(Block::Paragraph { text: t.to_owned(), line: seg.line });
            return self.mark(seg.line, LineRole::Fact);
        }
        if self.section == "SDK Sample" || is_sdk_line(t) {
            self.ensure(&["SDK Sample"], seg.line);
            self.blocks.push(Block::Paragraph { text: t.to_owned(), line: seg.line });
            return self.mark(seg.line, LineRole::Example);
        }
        self.other_line(&seg, diags);
    }

    /// The section word at the current line, joining a heading split over two lines.
    fn heading_here(&mut self) -> Option<&'static str> {
        let here = self.text(self.pos)?;
        if let Some(next) = self.text(self.pos + 1) {
            for joined in [format!("{here} {next}"), format!("{here}{next}")] {
                if let Some(h) = word_heading(&joined) {
                    let line = self.segs[self.pos].line;
                    self.mark(line, LineRole::Structure);
                    self.pos += 1;
                    return Some(h);
                }
            }
        }
        word_heading(here)
    }

    fn section_word(&mut self, heading: &'static str) {
        let line = self.segs[self.pos].line;
        self.pos += 1;
        self.mark(line, LineRole::Structure);
        // `Sample Response` and the SDK's language headings stay in the section already open.
        let same =
            matches!((self.section, heading), ("API Response", "Sample Response") | ("SDK Sample", "SDK Sample"));
        if !same {
            self.open(heading, line);
        }
    }

    /// A JSON value, from its `{` to the brace that closes it; what follows on that line is read
    /// as the next line. Before any curl or table it is the Body, after them the response.
    fn json(&mut self, diags: &mut Diagnostics) {
        let first = self.segs[self.pos].line;
        if !matches!(self.section, "Body" | "API Response" | "Sample Response") {
            let before = self.seen_curl || self.blocks.iter().any(|b| matches!(b, Block::Table { .. }));
            if before { self.ensure(&["API Response"], first) } else { self.ensure(&["Body"], first) }
        }
        let mut depth = 0;
        let mut text = String::new();
        while let Some(seg) = self.segs.get(self.pos).cloned() {
            self.mark(seg.line, LineRole::Example);
            if !text.is_empty() {
                text.push('\n');
            }
            // A JSON string holds no line break: a quote left open (a line cut short) closes with
            // its line, so that one broken line does not swallow the rest of the page.
            let mut in_string = false;
            match json_end(&seg.text, &mut depth, &mut in_string) {
                Some(end) => {
                    text.push_str(&seg.text[..end]);
                    let rest = seg.text[end..].trim();
                    if rest.is_empty() {
                        self.pos += 1;
                    } else {
                        let mut tail = Vec::new();
                        split_glued(rest, seg.line, seg.bullet, &mut tail);
                        self.segs.splice(self.pos..=self.pos, tail);
                    }
                    self.blocks.push(Block::Code { text, line: first });
                    return;
                }
                None => {
                    text.push_str(&seg.text);
                    self.pos += 1;
                }
            }
        }
        diags.warning(
            &Source::new(self.file, first),
            rules::PAGE_INCOMPLETE,
            "the JSON example that starts here is not closed: the page stops before its end",
        );
        self.blocks.push(Block::Code { text, line: first });
    }

    /// A curl command: lines continued by a trailing `\`, or by a next line that starts with an
    /// option or the URL; ` \ ` inside a line (a joined copy) is a continuation too.
    fn curl(&mut self) {
        let first = self.segs[self.pos].line;
        if self.section != "Curl Sample" {
            self.open("Curl Sample", first);
        }
        self.seen_curl = true;
        let mut words = Vec::new();
        while let Some(seg) = self.segs.get(self.pos).cloned() {
            let t = seg.text.trim();
            if !(words.is_empty() || t.starts_with('-') || t.starts_with("http")) {
                break;
            }
            self.pos += 1;
            self.mark(seg.line, LineRole::Example);
            words.push(t.replace(" \\ ", " ").trim_end_matches('\\').trim().to_owned());
            if !t.ends_with('\\') && !self.text(self.pos).is_some_and(|n| n.starts_with('-') || n.starts_with("http")) {
                break;
            }
        }
        self.blocks.push(Block::Code { text: words.join(" "), line: first });
    }

    /// A table: its header, a separator row, and rows up to the first line that is not a row.
    fn table(&mut self, kind: TableKind, pipe: bool, diags: &mut Diagnostics) {
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

    fn heading_is_next(&self) -> bool {
        let Some(here) = self.text(self.pos) else { return false };
        word_heading(here).is_some()
            || self.text(self.pos + 1).is_some_and(|n| word_heading(&format!("{here} {n}")).is_some())
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

    /// A line that is none of the page's blocks: text where text is expected, chrome, or a line
    /// inside a table section that becomes nothing (a warning).
    fn other_line(&mut self, seg: &Seg, diags: &mut Diagnostics) {
        let t = seg.text.trim();
        let in_tables = matches!(self.section, "Request Parameters" | "API Response" | "Sample Response");
        if NOTE_STARTS.iter().any(|n| t.starts_with(n)) || (seg.bullet && !in_tables) {
            return self.mark(seg.line, LineRole::Chrome);
        }
        // The empty-response sentence opens the response of a headless copy.
        if in_tables && t.contains("{}") {
            self.ensure(&["API Response", "Sample Response"], seg.line);
        }
        let in_tables = in_tables || t.contains("{}");
        if self.section != "Request Parameters" && in_tables && (t.starts_with('#') || t.contains("{}")) {
            self.blocks.push(Block::Paragraph { text: t.to_owned(), line: seg.line });
            return self.mark(seg.line, if t.starts_with('#') { LineRole::Structure } else { LineRole::Text });
        }
        if in_tables && !self.continues_sentence() {
            return self.not_understood(seg, "a table line", diags);
        }
        match self.section {
            "URLs" => self.blocks.push(Block::Paragraph { text: t.to_owned(), line: seg.line }),
            "Headers" => self.blocks.push(Block::Paragraph { text: t.to_owned(), line: seg.line }),
            _ => {}
        }
        let role = if matches!(self.section, "Body" | "") { LineRole::Chrome } else { LineRole::Text };
        self.mark(seg.line, role);
    }

    /// In the response section, the empty-response sentence runs over several lines before its
    /// error example; those lines are text.
    fn continues_sentence(&self) -> bool {
        self.section != "Request Parameters"
            && !self
                .blocks
                .iter()
                .any(|b| matches!(b, Block::Table { .. } | Block::Code { .. }) && b.line() > self.response_line())
            && self
                .blocks
                .iter()
                .rev()
                .take_while(|b| !matches!(b, Block::Heading { .. }))
                .any(|b| matches!(b, Block::Paragraph { text, .. } if text.contains("{}")))
    }

    fn response_line(&self) -> u32 {
        self.blocks
            .iter()
            .rev()
            .find_map(|b| match b {
                Block::Heading { text, line, .. } if text == "API Response" => Some(*line),
                _ => None,
            })
            .unwrap_or(0)
    }

    fn not_understood(&mut self, seg: &Seg, what: &str, diags: &mut Diagnostics) {
        self.mark(seg.line, LineRole::NotUnderstood);
        diags.warning(
            &Source::new(self.file, seg.line),
            rules::LINE_NOT_UNDERSTOOD,
            format!(
                "`{}` in the {} section is not {what}: expected a row `name type location description version` (or its pipe form); the line is not read",
                seg.text.trim(),
                self.section
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::diag::Level;
    use crate::facts::{DocField, PageFacts};
    use crate::layout::devguide::interpret;
    use crate::layout::devguide::tests::{child, found, names};
    use crate::model::ParamLocation;
    use crate::read::text::read_text;

    fn read(file: &str, text: &str) -> (Option<PageFacts>, Diagnostics) {
        let mut diags = Diagnostics::new();
        let doc = read_text(text);
        assert!(super::recognise(&doc), "{file} is not recognised as a Dev Guide text page");
        let facts = interpret(&doc, file, &mut diags);
        (facts, diags)
    }

    const FORMS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/docs/page-forms");

    /// The example pages of both Dev Guide text folders, with their text.
    fn example_pages() -> Vec<(String, String)> {
        let mut pages = Vec::new();
        for folder in ["devguide-text-en", "devguide-text-zh"] {
            let Ok(entries) = std::fs::read_dir(Path::new(FORMS).join(folder)) else { continue };
            for entry in entries.filter_map(Result::ok) {
                let text = std::fs::read_to_string(entry.path()).expect("a text page");
                pages.push((format!("{folder}/{}", entry.file_name().to_string_lossy()), text));
            }
        }
        pages.sort();
        pages
    }

    /// Every field that refers to a sub-table of its own got the sub-table's fields.
    fn unfilled(fields: &[DocField], out: &mut Vec<String>) {
        for f in fields {
            let refers = f.description.as_deref().is_some_and(|d| {
                d.to_lowercase().contains(&format!("see {}", f.name.to_lowercase()))
                    || d.contains(&format!("详情参考{}", f.name))
            });
            if refers && f.children.is_empty() {
                out.push(f.name.clone());
            }
            unfilled(&f.children, out);
        }
    }

    #[test]
    fn every_example_page_reads_every_line_and_fills_every_sub_table() {
        let pages = example_pages();
        if pages.is_empty() {
            return; // shared/ is not beside this checkout
        }
        assert_eq!(pages.len(), 12);
        for (file, text) in pages {
            let (facts, diags) = read(&file, &text);
            let facts = facts.unwrap_or_else(|| panic!("{file}: no facts"));
            let problems: Vec<String> = diags.iter().map(ToString::to_string).collect();
            assert!(problems.is_empty(), "{file}: {problems:#?}");
            let mut missing = Vec::new();
            for response in &facts.responses {
                unfilled(&response.fields, &mut missing);
            }
            assert!(missing.is_empty(), "{file}: sub-tables not attached to {missing:?}");
            let unmarked: Vec<usize> = text
                .lines()
                .enumerate()
                .filter(|(i, l)| !l.trim().is_empty() && !facts.lines.contains_key(&(*i as u32 + 1)))
                .map(|(i, _)| i + 1)
                .collect();
            assert!(unmarked.is_empty(), "{file}: lines not marked: {unmarked:?}");
            assert!(!facts.lines.values().any(|r| *r == LineRole::NotUnderstood), "{file}");
        }
    }

    #[test]
    fn headless_sub_tables_follow_the_references_depth_first() {
        let Some((_, text)) = example_pages().into_iter().find(|(f, _)| f.ends_with("zh/CreateTicket.txt")) else {
            return;
        };
        let (facts, _) = read("c.txt", &text);
        let facts = facts.expect("facts");
        let fields = &facts.responses[0].fields;
        assert_eq!(names(fields), ["error", "inventory"]);
        assert_eq!(
            names(&child(fields, "error").children),
            ["code", "description", "details", "elaboration", "opaque", "cause"]
        );
        let inventory = child(fields, "inventory");
        assert_eq!(names(&child(&inventory.children, "status").children), ["name", "ordinal"]);
        assert_eq!(
            names(&child(&inventory.children, "request").children),
            ["requestName", "apiName", "executeTimes", "apiBody"]
        );
    }

    const HEAD: &str = "ChangeIt\nAPI Request\nURLs\nPUT zstack/v1/things/{uuid}/actions\nRequest Parameters\n";
    const TAIL: &str = "API Response\nName Type Description Starting Version\nthing Thing The thing. 3.0.0\n";

    #[test]
    fn an_empty_table_gives_no_parameters_and_no_warning() {
        let (facts, diags) = read(
            "e.txt",
            &format!(
                "{HEAD}Name | Type | Location | Description | Optional Value | Starting Version |\n---|---|---|---|---|---|\n{TAIL}"
            ),
        );
        assert!(diags.is_empty(), "{:#?}", diags.iter().map(ToString::to_string).collect::<Vec<_>>());
        let facts = facts.expect("facts");
        assert!(facts.params.is_empty() && facts.body.is_empty());
        assert_eq!(names(&facts.responses[0].fields), ["thing"]);
    }

    #[test]
    fn a_row_with_a_missing_cell_is_read_and_warned_about() {
        let text = format!(
            "{HEAD}| Name | Type | Location | Description | Optional Value | Starting Version |\n|---|---|---|---|---|---|\n| uuid | String | url |\n| mode | String | body | Optional. The mode. | 3.0.0 |\n{TAIL}"
        );
        let (facts, diags) = read("m.txt", &text);
        assert_eq!(found(&diags, "table-missing-cells"), [(Level::Warning, 8)]);
        let facts = facts.expect("facts");
        assert_eq!(facts.params[0].field.name, "uuid");
        assert_eq!((facts.params[0].field.since.as_deref(), facts.params[0].location), (None, ParamLocation::Path));
        assert_eq!(names(&facts.body), ["mode"]);
    }

    #[test]
    fn a_header_row_glued_to_the_text_before_it_starts_the_table() {
        let text = "POST zstack/v1/thingsAuthorization: OAuth x{ \"params\": { \"a\": 1 } }| 名字 | 类型 | 位置 | 描述 | 可选值 | 起始版本 | \n|---|---|---|---|---|---|\n| a | int | body(包含在params结构中) | 甲。 | 3.0.0 | \nAAction action = new AAction();\n";
        let (facts, diags) = read("g.txt", text);
        assert_eq!(found(&diags, "devguide-no-response"), [(Level::Warning, 4)]);
        assert_eq!(diags.len(), 1, "{:#?}", diags.iter().map(ToString::to_string).collect::<Vec<_>>());
        let facts = facts.expect("facts");
        assert_eq!((facts.operation_id.as_deref(), facts.auth_required), (Some("A"), Some(true)));
        assert_eq!(facts.wrapper.as_deref(), Some("params"));
        assert_eq!(names(&facts.body[0].children), ["a"]);
        assert!(facts.request_body_example().is_some());
    }

    #[test]
    fn a_description_with_a_pipe_keeps_it() {
        let text = format!(
            "{HEAD}| Name | Type | Location | Description | Optional Value | Starting Version |\n|---|---|---|---|---|---|\n| mode | String | url | Either a|b, or c | d. | 3.0.0 | |\n{TAIL}"
        );
        let (facts, diags) = read("p.txt", &text);
        assert!(diags.is_empty(), "{:#?}", diags.iter().map(ToString::to_string).collect::<Vec<_>>());
        let field = &facts.expect("facts").params[0].field;
        assert_eq!(field.description.as_deref(), Some("Either a|b, or c | d."));
        assert_eq!(field.since.as_deref(), Some("3.0.0"));
    }

    #[test]
    fn valid_values_follow_a_row_as_bullets_and_sentences_are_description() {
        let text = format!(
            "{HEAD}Name Type Location Description Valid Values Starting Version\nmode String body The mode.\n  • fast\n  • slow\n3.1.0\nlist (optional) List body The items.\n  • Each item is a name.\n3.0.0\n{TAIL}"
        );
        let (facts, diags) = read("v.txt", &text);
        assert!(diags.is_empty(), "{:#?}", diags.iter().map(ToString::to_string).collect::<Vec<_>>());
        let facts = facts.expect("facts");
        let [mode, list] = facts.body.as_slice() else { panic!("{:?}", names(&facts.body)) };
        assert_eq!(
            (mode.valid_values.as_slice(), mode.since.as_deref(), mode.required),
            (&["fast".to_owned(), "slow".to_owned()][..], Some("3.1.0"), Some(true))
        );
        assert_eq!((list.valid_values.len(), list.required), (0, Some(false)));
        assert_eq!(list.description.as_deref(), Some("The items. Each item is a name."));
    }

    #[test]
    fn full_width_parentheses_and_chinese_words_read_alike() {
        let text = "工单 - 改(ChangeIt)\nAPI请求\nURLs\nPUT zstack/v1/things\n参数列表\n名字 类型 位置 描述 可选值 起始版本\na (可选) String body（包含在changeIt结构中） 甲,乙。 3.0.0\nb String body(包含在changeIt结构中） 乙：丙。 3.0.0\nAPI返回\n名字 类型 描述 起始版本\nthing Thing 详情参考thing 3.0.0\n";
        let (facts, diags) = read("z.txt", text);
        assert!(diags.is_empty(), "{:#?}", diags.iter().map(ToString::to_string).collect::<Vec<_>>());
        let facts = facts.expect("facts");
        assert_eq!((facts.operation_id.as_deref(), facts.title.as_deref()), (Some("ChangeIt"), Some("改")));
        assert_eq!(facts.category, ["工单"]);
        assert_eq!(facts.wrapper.as_deref(), Some("changeIt"));
        let flags: Vec<_> = facts.body[0].children.iter().map(|f| (f.name.as_str(), f.required)).collect();
        assert_eq!(flags, [("a", Some(false)), ("b", Some(true))]);
    }

    #[test]
    fn lines_in_a_table_section_that_become_nothing_are_warned_about() {
        let text = format!(
            "{HEAD}Name Type Location Description Optional Value Starting Version\nuuid String url The UUID. 3.0.0\nthis line is no row\nmode String cookie The mode. 3.0.0\n{TAIL}"
        );
        let (facts, diags) = read("w.txt", &text);
        assert_eq!(found(&diags, "line-not-understood"), [(Level::Warning, 8), (Level::Warning, 9)]);
        let facts = facts.expect("facts");
        assert_eq!(facts.lines.get(&8), Some(&LineRole::NotUnderstood));
        assert_eq!(facts.lines.get(&7), Some(&LineRole::Fact));
        assert_eq!(names(&facts.params.iter().map(|p| p.field.clone()).collect::<Vec<_>>()), ["uuid"]);
    }

    #[test]
    fn a_broken_json_line_or_api_request_line_loses_nothing_else() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/docs/page-forms/devguide-text-en/UpdateIAM2TicketFlowCollection.txt");
        let Ok(page) = std::fs::read_to_string(path) else { return };
        let (facts, _) = read("u.txt", &page);
        let whole = facts.expect("facts");
        let broken = page.replacen("API Request", "API R", 1);
        let (facts, _) = read("u.txt", &broken);
        let facts = facts.expect("the title line still names the API");
        assert_eq!((facts.operation_id, names(&facts.body)), (whole.operation_id.clone(), names(&whole.body)));
    }

    #[test]
    fn a_json_line_cut_inside_a_string_ends_its_string_not_the_page() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/docs/page-forms/devguide-text-en/ChangeTicketStatus.txt");
        let Ok(page) = std::fs::read_to_string(path) else { return };
        let (whole, _) = read("c.txt", &page);
        let whole = whole.expect("facts");
        let cut = page.replacen("\"comment\": \"quota checked, ok to run\"", "\"comment\": \"quo", 1);
        assert_ne!(cut, page);
        let (facts, diags) = read("c.txt", &cut);
        let facts = facts.expect("facts");
        assert_eq!(names(&facts.body), names(&whole.body));
        assert_eq!(names(&facts.responses[0].fields), names(&whole.responses[0].fields));
        assert_eq!(found(&diags, "invalid-json").len(), 1, "only the broken example is lost");
    }

    #[test]
    fn a_page_cut_inside_a_row_or_an_example_is_incomplete() {
        let (_, diags) = read(
            "i.txt",
            &format!(
                "{HEAD}Name Type Location Description Optional Value Starting Version\nmode String body The mode.\n  • fast"
            ),
        );
        assert_eq!(found(&diags, "page-incomplete"), [(Level::Warning, 7)]);
        let (_, diags) = read("j.txt", "ChangeIt\nAPI Request\nURLs\nPUT zstack/v1/x\nAPI Response\n{\n\"a\": {");
        assert_eq!(found(&diags, "page-incomplete"), [(Level::Warning, 6)]);
    }

    #[test]
    fn glued_section_words_and_url_lines_split() {
        let mut out = Vec::new();
        split_glued("DELETE zstack/v1/x/{uuid}?deleteMode={deleteMode}Headers", 1, false, &mut out);
        split_glued("-X GET http://h/x?q=uuid=1curl -H \"Authorization: OAuth 1\" \\", 2, false, &mut out);
        split_glued("x.call();Python", 3, false, &mut out);
        let texts: Vec<&str> = out.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "DELETE zstack/v1/x/{uuid}?deleteMode={deleteMode}",
                "Headers",
                "-X GET http://h/x?q=uuid=1",
                "curl -H \"Authorization: OAuth 1\" \\",
                "x.call();",
                "Python"
            ]
        );
        assert_eq!(
            url_lines("GET zstack/v1/a GET zstack/v1/a/{uuid}"),
            Some(vec!["GET zstack/v1/a".into(), "GET zstack/v1/a/{uuid}".into()])
        );
        assert_eq!(url_lines("GET the thing"), None);
    }
}
