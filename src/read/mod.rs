//! Syntax readers: a page file becomes a [`Document`], a syntax-free structure of headings,
//! paragraphs, nested lists, tables and code blocks, each with its source line.
//!
//! A reader knows characters, not APIs. The layout interpreters in [`crate::layout`] read the
//! [`Document`] and never see the file's syntax, so adding a syntax touches one module here.

mod html;
mod markdown;
pub(crate) mod text;

use serde::Serialize;

use crate::diag::{Diagnostics, rules};
use crate::model::Source;

pub use html::read_html;
pub use markdown::read_markdown;

/// One page, as blocks in reading order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Document {
    pub blocks: Vec<Block>,
}

/// A block of a page. Lines are 1-based lines of the source file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A heading (`##` in Markdown, `<h2>` in HTML). Plain text has no headings: its section titles
    /// arrive as paragraphs, and layouts treat both alike.
    Heading { level: u8, text: String, line: u32 },
    /// Consecutive lines of text. `text` keeps the line breaks; line `k` of it (0-based) is source
    /// line `line + k`.
    Paragraph { text: String, line: u32 },
    /// A list; items may hold nested blocks (their descriptions and sub-lists).
    List { items: Vec<ListItem> },
    /// A table with its header row and body rows; cells are plain text.
    Table { header: Vec<String>, rows: Vec<Row>, line: u32 },
    /// Preformatted text (a fenced block, `<pre>`), kept verbatim. As for a paragraph, line `k` of
    /// `text` is source line `line + k`: `line` is that of the first content line, not of a fence.
    Code { text: String, line: u32 },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListItem {
    /// The item's own text (its first line or inline content), without the bullet.
    pub text: String,
    pub line: u32,
    /// What is nested in the item: description paragraphs and sub-lists.
    pub children: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub cells: Vec<String>,
    pub line: u32,
}

impl Document {
    /// The source lines that hold the page's text: every line of a block. A line of the file
    /// outside them is the syntax's own (an HTML tag alone on its line, a Markdown fence).
    pub fn text_lines(&self) -> std::collections::BTreeSet<u32> {
        let mut lines = std::collections::BTreeSet::new();
        self.blocks.iter().for_each(|b| b.text_lines(&mut lines));
        lines
    }
}

impl Block {
    fn text_lines(&self, lines: &mut std::collections::BTreeSet<u32>) {
        let span =
            |line: u32, text: &str| line..line.saturating_add(u32::try_from(text.lines().count().max(1)).unwrap_or(1));
        match self {
            Block::Heading { line, .. } => {
                lines.insert(*line);
            }
            Block::Paragraph { text, line } | Block::Code { text, line } => lines.extend(span(*line, text)),
            Block::Table { rows, line, .. } => {
                lines.insert(*line);
                lines.extend(rows.iter().map(|r| r.line));
            }
            Block::List { items } => {
                for item in items {
                    lines.extend(span(item.line, &item.text));
                    item.children.iter().for_each(|c| c.text_lines(lines));
                }
            }
        }
    }

    /// The line the block starts at.
    pub fn line(&self) -> u32 {
        match self {
            Block::Heading { line, .. }
            | Block::Paragraph { line, .. }
            | Block::Table { line, .. }
            | Block::Code { line, .. } => *line,
            Block::List { items } => items.first().map_or(0, |i| i.line),
        }
    }
}

/// The syntaxes docs2api reads, chosen by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Syntax {
    Text,
    Markdown,
    Html,
}

impl Syntax {
    /// The syntax of a file name, or `None` for a file that is not a page.
    pub fn from_path(path: &std::path::Path) -> Option<Syntax> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Syntax::Text),
            "md" | "markdown" => Some(Syntax::Markdown),
            "html" | "htm" => Some(Syntax::Html),
            _ => None,
        }
    }
}

/// Reads raw file bytes into a [`Document`]. Bytes that are not UTF-8 text, and empty pages, are
/// errors pointing at the offending line; the document is then empty.
pub fn read_document(syntax: Syntax, file: &str, bytes: &[u8], diags: &mut Diagnostics) -> Document {
    let Some(text) = decode(file, bytes, diags) else {
        return Document::default();
    };
    match syntax {
        Syntax::Text => text::read_text_page(&text, file, diags),
        Syntax::Markdown => read_markdown(&text, file, diags),
        Syntax::Html => read_html(&text, file, diags),
    }
}

/// UTF-8 decoding with a byte-order mark removed. Binary input gets one error naming the line of
/// the first invalid byte, never a panic and never a lossy guess.
fn decode(file: &str, bytes: &[u8], diags: &mut Diagnostics) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) if text.trim().is_empty() => {
            diags.error(
                &Source::new(file, 1),
                rules::EMPTY_PAGE,
                "the page is empty: expected the text of an API documentation page",
            );
            None
        }
        Ok(text) if text.contains('\0') => {
            let line = line_of_offset(bytes, text.find('\0').unwrap_or(0));
            diags.error(
                &Source::new(file, line),
                rules::NOT_TEXT,
                "the file holds a NUL byte: it is binary, not a documentation page",
            );
            None
        }
        Ok(text) => Some(text.to_owned()),
        Err(e) => {
            let line = line_of_offset(bytes, e.valid_up_to());
            diags.error(
                &Source::new(file, line),
                rules::NOT_TEXT,
                format!(
                    "the file is not UTF-8 text (invalid byte at offset {}): expected a documentation page",
                    e.valid_up_to()
                ),
            );
            None
        }
    }
}

fn line_of_offset(bytes: &[u8], offset: usize) -> u32 {
    let newlines = bytes[..offset.min(bytes.len())].iter().filter(|&&b| b == b'\n').count();
    u32::try_from(newlines + 1).unwrap_or(u32::MAX)
}
