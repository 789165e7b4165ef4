//! The Markdown reader: CommonMark with GitHub tables, as the ZStack Dev Guide generator writes it.
//!
//! pulldown-cmark does the parsing; this module folds its event stream into the syntax-free
//! [`Document`]. What a layout needs from Markdown is its structure and its words, so inline markup
//! is dropped and its text kept: `**Note:**` reads `Note:`, `[error](#error)` reads `error`,
//! `` `params` `` reads `params`. Block quotes dissolve into their blocks (a quoted note is still a
//! paragraph of the page). Tables keep their cells as plain text; a cell that holds an HTML list
//! (`<ul><li>open</li><li>approve</li></ul>`, the generator's way to list valid values) reads as the
//! item texts, one per line.
//!
//! Every block, list item and table row carries the 1-based source line it starts at; a code block
//! carries the line of its first content line, so that line `k` of its text is source line
//! `line + k`, as for paragraphs (a JSON error inside a fenced block can then name its line).

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::{Block, Document, ListItem, Row};
use crate::diag::{Diagnostics, rules};
use crate::model::Source;
use crate::nesting::{MAX_NESTING, too_deep};

/// HTML elements that break a table cell into lines: list items, line breaks and paragraphs.
const LINE_BREAKING_TAGS: &[&str] = &["br", "li", "ul", "ol", "p", "div", "tr"];

/// Reads a Markdown page. Table rows with fewer cells than their header are warnings; nothing in
/// the text is an error, since any text is valid Markdown.
pub fn read_markdown(text: &str, file: &str, diags: &mut Diagnostics) -> Document {
    let events = Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter().collect();
    let mut reader = Reader { text, file, events, pos: 0, line_starts: line_starts(text), diags, depth: 0 };
    let blocks = reader.blocks();
    Document { blocks }
}

/// The byte offset of the start of every line.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

/// How inline HTML reads inside a run of inline text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Inline {
    /// Paragraphs and headings: tags are dropped (a `<br>` becomes a space, so that words stay
    /// apart and the text's lines stay the source's lines).
    Flowing,
    /// Table cells: list items and line breaks become lines.
    Cell,
}

struct Reader<'t, 'd> {
    text: &'t str,
    file: &'d str,
    events: Vec<(Event<'t>, Range<usize>)>,
    pos: usize,
    line_starts: Vec<usize>,
    diags: &'d mut Diagnostics,
    /// The lists and quotes around the current position.
    depth: usize,
}

impl<'t> Reader<'t, '_> {
    fn line_of(&self, offset: usize) -> u32 {
        let line = self.line_starts.partition_point(|&start| start <= offset);
        u32::try_from(line).unwrap_or(u32::MAX)
    }

    fn peek(&self) -> Option<&(Event<'t>, Range<usize>)> {
        self.events.get(self.pos)
    }

    /// Reads blocks up to the end of the enclosing container (its `End` event, left unread) or of
    /// the page.
    fn blocks(&mut self) -> Vec<Block> {
        let mut blocks = Vec::new();
        while let Some((event, range)) = self.peek() {
            let start = range.start;
            match event {
                Event::End(_) => break,
                Event::Start(tag) if is_block(tag) => self.block(&mut blocks),
                Event::Rule | Event::Html(_) => self.pos += 1,
                // Text outside a paragraph: the content of a tight list item.
                _ => {
                    let text = self.inline_run();
                    push_paragraph(&mut blocks, text, self.line_of(start));
                }
            }
        }
        blocks
    }

    /// Reads one block, starting at its `Start` event, into `out` (a block quote may add several).
    fn block(&mut self, out: &mut Vec<Block>) {
        let Some((Event::Start(tag), range)) = self.events.get(self.pos).cloned() else {
            return;
        };
        self.pos += 1;
        let line = self.line_of(range.start);
        match tag {
            Tag::Paragraph => {
                let text = self.inline(TagEnd::Paragraph, Inline::Flowing);
                push_paragraph(out, text, line);
            }
            Tag::Heading { level, .. } => {
                let text = self.inline(TagEnd::Heading(level), Inline::Flowing);
                out.push(Block::Heading { level: level as u8, text, line });
            }
            Tag::CodeBlock(kind) => out.push(self.code(&kind, line)),
            Tag::HtmlBlock => self.html_block(out),
            Tag::Table(_) => out.push(self.table(line)),
            _ if self.depth == MAX_NESTING => {
                too_deep(self.diags, self.file, line, "lists and quotes");
                self.skip_container();
            }
            Tag::List(_) => {
                self.depth += 1;
                out.push(self.list());
                self.depth -= 1;
            }
            // Block quotes, and any container the enabled options do not produce, give their blocks.
            _ => {
                self.depth += 1;
                out.extend(self.blocks());
                self.depth -= 1;
                self.pos += 1;
            }
        }
    }

    /// Skips a container, its `Start` already read, through its `End`.
    fn skip_container(&mut self) {
        let mut open = 1_usize;
        while let Some((event, _)) = self.events.get(self.pos) {
            self.pos += 1;
            match event {
                Event::Start(_) => open += 1,
                Event::End(_) => open -= 1,
                _ => {}
            }
            if open == 0 {
                break;
            }
        }
    }

    /// Inline text up to `end`, which is consumed.
    fn inline(&mut self, end: TagEnd, mode: Inline) -> String {
        let mut text = String::new();
        while let Some((event, _)) = self.events.get(self.pos) {
            self.pos += 1;
            match event {
                Event::End(e) if *e == end => break,
                other => push_inline(&mut text, other, mode),
            }
        }
        match mode {
            Inline::Flowing => text.trim().to_owned(),
            Inline::Cell => tidy_lines(&text),
        }
    }

    /// Inline text up to the next block event (a tight list item's text has no paragraph).
    fn inline_run(&mut self) -> String {
        let mut text = String::new();
        while let Some((event, _)) = self.peek() {
            let inline = match event {
                Event::Start(tag) => !is_block(tag),
                Event::End(tag) => !is_block_end(*tag),
                Event::Rule | Event::Html(_) => false,
                _ => true,
            };
            if !inline {
                break;
            }
            push_inline(&mut text, event, Inline::Flowing);
            self.pos += 1;
        }
        text.trim().to_owned()
    }

    /// A code block, verbatim but for the line end that closes its last line.
    fn code(&mut self, kind: &CodeBlockKind<'_>, start_line: u32) -> Block {
        let mut text = String::new();
        let mut first = None;
        while let Some((event, range)) = self.events.get(self.pos) {
            self.pos += 1;
            match event {
                Event::Text(t) => {
                    first.get_or_insert(range.start);
                    text.push_str(t);
                }
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        let fence = u32::from(matches!(kind, CodeBlockKind::Fenced(_)));
        let line = first.map_or(start_line.saturating_add(fence), |offset| self.line_of(offset));
        let text = text.strip_suffix('\n').map_or(text.as_str(), |t| t.strip_suffix('\r').unwrap_or(t)).to_owned();
        Block::Code { text, line }
    }

    /// An HTML block: its visible text, a paragraph per source line that has any, so that lines
    /// stay exact. Comments and tags are dropped.
    fn html_block(&mut self, out: &mut Vec<Block>) {
        let mut html = String::new();
        let mut start = None;
        while let Some((event, range)) = self.events.get(self.pos) {
            self.pos += 1;
            match event {
                Event::Html(t) | Event::Text(t) => {
                    start.get_or_insert(range.start);
                    html.push_str(t);
                }
                Event::End(TagEnd::HtmlBlock) => break,
                _ => {}
            }
        }
        let Some(start) = start else { return };
        let first_line = self.line_of(start);
        for (line, text) in (first_line..).zip(strip_tags(&html).lines()) {
            push_paragraph(out, text.trim().to_owned(), line);
        }
    }

    /// A list, its `Start` already read; reads through its `End`.
    fn list(&mut self) -> Block {
        let mut items = Vec::new();
        while let Some((event, range)) = self.events.get(self.pos) {
            let line = self.line_of(range.start);
            self.pos += 1;
            match event {
                Event::Start(Tag::Item) => items.push(self.item(line)),
                Event::End(TagEnd::List(_)) => break,
                _ => {}
            }
        }
        Block::List { items }
    }

    /// A list item: its first paragraph is its text, everything after it its children.
    fn item(&mut self, line: u32) -> ListItem {
        let mut children = self.blocks();
        self.pos += 1; // the item's End
        let text = match children.first() {
            Some(Block::Paragraph { text, .. }) => {
                let text = text.clone();
                children.remove(0);
                text
            }
            _ => String::new(),
        };
        ListItem { text, line, children }
    }

    /// A table, its `Start` already read; reads through its `End`.
    fn table(&mut self, line: u32) -> Block {
        let mut header = Vec::new();
        let mut rows = Vec::new();
        while let Some((event, range)) = self.events.get(self.pos) {
            let start = range.start;
            self.pos += 1;
            match event {
                Event::Start(Tag::TableHead) => header = self.cells(TagEnd::TableHead),
                Event::Start(Tag::TableRow) => {
                    let cells = self.cells(TagEnd::TableRow);
                    let row_line = self.line_of(start);
                    self.check_cell_count(start, header.len(), row_line);
                    rows.push(Row { cells, line: row_line });
                }
                Event::End(TagEnd::Table) => break,
                _ => {}
            }
        }
        Block::Table { header, rows, line }
    }

    /// The cells of a header or body row, up to `end`, which is consumed.
    fn cells(&mut self, end: TagEnd) -> Vec<String> {
        let mut cells = Vec::new();
        while let Some((event, _)) = self.events.get(self.pos) {
            self.pos += 1;
            match event {
                Event::Start(Tag::TableCell) => cells.push(self.inline(TagEnd::TableCell, Inline::Cell)),
                Event::End(e) if *e == end => break,
                _ => {}
            }
        }
        cells
    }

    /// pulldown-cmark pads a short row with empty cells and drops surplus ones, silently; the
    /// source line tells what the row really had.
    fn check_cell_count(&mut self, offset: usize, expected: usize, line: u32) {
        let found = source_cell_count(self.text.get(offset..).unwrap_or(""));
        let source = Source::new(self.file, line);
        if found < expected {
            self.diags.warning(
                &source,
                rules::TABLE_MISSING_CELLS,
                format!("the table row has {found} cells where the header has {expected}: the missing cells at its end are read as empty"),
            );
        } else if found > expected {
            self.diags.warning(
                &source,
                rules::TABLE_EXTRA_CELLS,
                format!("the table row has {found} cells where the header has {expected}: the cells after the {expected}th are dropped"),
            );
        }
    }
}

/// Whether a tag opens a block (as opposed to inline markup such as emphasis or a link).
fn is_block(tag: &Tag<'_>) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_block_end(tag: TagEnd) -> bool {
    !matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Adds the text of one inline event.
fn push_inline(text: &mut String, event: &Event<'_>, mode: Inline) {
    match event {
        Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => text.push_str(t),
        Event::SoftBreak | Event::HardBreak => text.push('\n'),
        Event::InlineHtml(tag) => match (mode, tag_name(tag)) {
            (Inline::Cell, Some(name)) if LINE_BREAKING_TAGS.contains(&name.as_str()) => text.push('\n'),
            (Inline::Flowing, Some(name)) if name == "br" => text.push(' '),
            _ => {}
        },
        _ => {}
    }
}

/// The lower-case element name of an HTML tag (`<li>`, `</li>`, `<br/>` → `li`, `li`, `br`).
fn tag_name(tag: &str) -> Option<String> {
    let inner = tag.strip_prefix('<')?.trim_start_matches('/');
    let name: String = inner.chars().take_while(char::is_ascii_alphanumeric).collect();
    (!name.is_empty()).then(|| name.to_ascii_lowercase())
}

/// Lines trimmed, blank ones dropped: a cell's list items one per line.
fn tidy_lines(text: &str) -> String {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

fn push_paragraph(out: &mut Vec<Block>, text: String, line: u32) {
    if !text.is_empty() {
        out.push(Block::Paragraph { text, line });
    }
}

/// The visible text of HTML: tags and comments removed, line ends kept (also those inside a tag,
/// so that the text's lines are the source's lines).
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let close =
            if after.starts_with("<!--") { after.find("-->").map(|i| i + 3) } else { after.find('>').map(|i| i + 1) };
        let Some(close) = close else {
            rest = after;
            break;
        };
        out.extend(after[..close].chars().filter(|&c| c == '\n'));
        rest = &after[close..];
    }
    if !rest.starts_with('<') {
        out.push_str(rest);
    } else {
        out.extend(rest.chars().filter(|&c| c == '\n'));
    }
    out
}

/// The number of cells in a table row's source line (the text from the row's start). Cells are
/// separated by pipes; a leading and a trailing pipe are optional and an escaped pipe (`\|`) is
/// text, as in GitHub's table syntax.
fn source_cell_count(from_row: &str) -> usize {
    let line = from_row.lines().next().unwrap_or("").trim();
    let line = line.strip_prefix('|').unwrap_or(line);
    let line = match line.strip_suffix('|') {
        Some(inner) if !inner.ends_with('\\') => inner,
        _ => line,
    };
    let mut count = 1;
    let mut backslashes = 0;
    for c in line.chars() {
        if c == '|' && backslashes % 2 == 0 {
            count += 1;
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Level;

    fn read(text: &str) -> (Document, Diagnostics) {
        let mut diags = Diagnostics::new();
        let doc = read_markdown(text, "p.md", &mut diags);
        (doc, diags)
    }

    fn para(text: &str, line: u32) -> Block {
        Block::Paragraph { text: text.into(), line }
    }

    #[test]
    fn headings_paragraphs_and_breaks_keep_their_lines() {
        let (doc, diags) =
            read("## ChangeTicketStatus\n\nChange the\nstatus  \nof a ticket.\n\n#error\n\nSetext\n---\n");
        assert!(diags.is_empty());
        assert_eq!(
            doc.blocks,
            [
                Block::Heading { level: 2, text: "ChangeTicketStatus".into(), line: 1 },
                para("Change the\nstatus\nof a ticket.", 3),
                para("#error", 7),
                Block::Heading { level: 2, text: "Setext".into(), line: 9 },
            ]
        );
    }

    #[test]
    fn inline_markup_is_dropped_and_its_text_kept() {
        let (doc, _) = read("> **Note:** see [error](#error), `params` and <span>x</span><br>y\n");
        assert_eq!(doc.blocks, [para("Note: see error, params and x y", 1)]);
    }

    #[test]
    fn fenced_and_indented_code_is_verbatim_from_its_first_content_line() {
        let (doc, _) = read("text\n\n```json\n{\n  \"a\": 1\n}\n```\n\n    indented\n      more\n\n```\n```\n");
        assert_eq!(
            doc.blocks,
            [
                para("text", 1),
                Block::Code { text: "{\n  \"a\": 1\n}".into(), line: 4 },
                Block::Code { text: "indented\n  more".into(), line: 9 },
                Block::Code { text: String::new(), line: 13 },
            ]
        );
    }

    #[test]
    fn lists_nest_and_take_their_first_paragraph_as_text() {
        let md = "- tight\n  - nested\n- loose\n\n  more text\n\n  ```\n  code\n  ```\n";
        let (doc, _) = read(md);
        let [Block::List { items }] = doc.blocks.as_slice() else { panic!("not one list: {:?}", doc.blocks) };
        assert_eq!((items[0].text.as_str(), items[0].line), ("tight", 1));
        let [Block::List { items: nested }] = items[0].children.as_slice() else { panic!("no nested list") };
        assert_eq!((nested[0].text.as_str(), nested[0].line), ("nested", 2));
        assert_eq!((items[1].text.as_str(), items[1].line), ("loose", 3));
        assert_eq!(items[1].children, [para("more text", 5), Block::Code { text: "code".into(), line: 8 }]);
    }

    #[test]
    fn block_quotes_give_their_blocks() {
        let (doc, _) = read("> quoted\n>\n> ```\n> code\n> ```\n");
        assert_eq!(doc.blocks, [para("quoted", 1), Block::Code { text: "code".into(), line: 4 }]);
    }

    #[test]
    fn tables_keep_cells_and_lines_and_html_lists_become_lines() {
        let md = "intro\n\n| Name | Optional Value | Starting Version |\n|---|---|---|\n\
                  | statusEvent | <ul><li>open</li><li>approve</li></ul> | 3.0.0 |\n\
                  | comment | | 3.0.0 |\n";
        let (doc, diags) = read(md);
        assert!(diags.is_empty(), "{diags:?}");
        let Block::Table { header, rows, line } = &doc.blocks[1] else { panic!("no table") };
        assert_eq!(*line, 3);
        assert_eq!(header, &["Name", "Optional Value", "Starting Version"]);
        assert_eq!(rows[0], Row { cells: vec!["statusEvent".into(), "open\napprove".into(), "3.0.0".into()], line: 5 });
        assert_eq!(rows[1], Row { cells: vec!["comment".into(), String::new(), "3.0.0".into()], line: 6 });
    }

    #[test]
    fn a_short_row_is_padded_with_a_warning_naming_its_line() {
        let md = "| a | b | c |\n|---|---|---|\n| 1 | 2 |\n| 1 | 2 | 3 | 4 |\n| x \\| y | 2 | 3 |\n";
        let (doc, diags) = read(md);
        let Block::Table { rows, .. } = &doc.blocks[0] else { panic!("no table") };
        assert_eq!(rows[0].cells, ["1", "2", ""]);
        assert_eq!(rows[2].cells, ["x | y", "2", "3"]);
        let found: Vec<_> = diags.iter().map(|d| (d.level, d.rule, d.source.line, d.message.clone())).collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, Level::Warning);
        assert_eq!((found[0].1, found[0].2), ("table-missing-cells", 3));
        assert!(found[0].3.contains("2 cells where the header has 3"), "{}", found[0].3);
        assert_eq!((found[1].1, found[1].2), ("table-extra-cells", 4));
        assert!(diags.iter().all(|d| d.source.file == "p.md"));
    }

    #[test]
    fn html_blocks_read_as_their_visible_text_line_by_line() {
        let (doc, _) = read("<div>\n<p>first</p>\n<!-- hidden -->\nsecond\n</div>\n\nafter\n");
        assert_eq!(doc.blocks, [para("first", 2), para("second", 4), para("after", 7)]);
    }

    #[test]
    fn crlf_line_ends_count_as_lines() {
        let (doc, _) = read("# T\r\n\r\n```\r\nx\r\n```\r\ntext\r\n");
        assert_eq!(doc.blocks[0], Block::Heading { level: 1, text: "T".into(), line: 1 });
        assert_eq!(doc.blocks[1], Block::Code { text: "x".into(), line: 4 });
        assert_eq!(doc.blocks[2], para("text", 6));
    }

    #[test]
    fn markdown_files_are_chosen_by_extension() {
        use crate::read::Syntax;
        use std::path::Path;
        assert_eq!(Syntax::from_path(Path::new("a/CreateTicket.md")), Some(Syntax::Markdown));
        assert_eq!(Syntax::from_path(Path::new("b.MARKDOWN")), Some(Syntax::Markdown));
        assert_eq!(Syntax::from_path(Path::new("c.mdx")), None);
    }

    #[test]
    fn source_cells_are_counted_as_github_does() {
        assert_eq!(source_cell_count("| a | b |"), 2);
        assert_eq!(source_cell_count("a | b"), 2);
        assert_eq!(source_cell_count("| a \\| b | c |\nnext | line"), 2);
        assert_eq!(source_cell_count("| a | | |"), 3);
    }

    #[test]
    fn the_same_page_fixture_reads_with_exact_lines() {
        let text = include_str!("../../tests/fixtures/same-page/ChangeTicketStatus-devguide.md");
        let (doc, diags) = read(text);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(doc.blocks[0], Block::Heading { level: 2, text: "ChangeTicketStatus".into(), line: 1 });
        assert!(doc.blocks.contains(&Block::Code { text: "PUT zstack/v1/tickets/{uuid}/actions".into(), line: 10 }));
        let tables: Vec<_> = doc.blocks.iter().filter(|b| matches!(b, Block::Table { .. })).collect();
        let Block::Table { rows, line, .. } = tables[0] else { unreachable!() };
        assert_eq!((*line, rows[1].line), (45, 48));
        assert_eq!(rows[1].cells[2], "body (contained in the changeTicketStatus structure)");
        assert_eq!(rows[1].cells[4], "open\napprove\ncancel\nreject\nreopen");
        let Block::Table { rows, .. } = tables[1] else { unreachable!() };
        assert_eq!(
            rows[0].cells[2],
            "The error code. If not null, the operation fails, or vice versa. For more information, see error."
        );
        assert!(doc.blocks.contains(&para("#error.cause", 111)));
        assert!(doc.blocks.contains(&para(
            "Note: In the preceding sample, both systemTags and userTags are optional. These two fields can be included in the body structure.",
            32
        )));
    }
}
