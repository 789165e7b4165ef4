//! Layout interpreters: a [`Document`] of a known page family becomes [`PageFacts`].
//!
//! A layout knows one family of pages and nothing about files or output. The family is recognised
//! from the content, never from the file name.

pub mod curl;
mod devguide;
mod explorer;
pub mod field_header;
mod json;

use crate::diag::Diagnostics;
use crate::facts::PageFacts;
use crate::model::Source;
use crate::read::{Block, Document, ListItem};

/// The page families docs2api understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// ZStack's API Explorer pages: sections, badge row and fused field headers.
    ApiExplorer,
    /// ZStack's Dev Guide pages: `API Request` / `API Response` sections and field tables.
    DevGuide,
}

/// Recognises the layout of a page from its content. The Dev Guide's signs (an `API Request`
/// heading, a `Name | Type | Location` table) are specific, so they are looked for first.
pub fn recognise(doc: &Document) -> Option<Layout> {
    if devguide::recognise(doc) {
        return Some(Layout::DevGuide);
    }
    let lines = flatten(doc);
    explorer::recognise(&lines).then_some(Layout::ApiExplorer)
}

/// Reads a page in its layout. A page in no known layout gets one error and no facts.
pub fn interpret(doc: &Document, file: &str, diags: &mut Diagnostics) -> Option<PageFacts> {
    match recognise(doc) {
        Some(Layout::ApiExplorer) => explorer::interpret(&flatten(doc), file, diags),
        Some(Layout::DevGuide) => devguide::interpret(doc, file, diags),
        None => {
            let line = doc.blocks.first().map_or(1, Block::line);
            diags.error(
                &Source::new(file, line),
                "unknown-layout",
                "the page is in no known layout: expected an API Explorer page (a badge line such as \
                 `PUTTicket OperationsSince 3.0.0SynchronousAuth Required` and sections `Body Fields`, \
                 `Endpoint`, `Operation ID`) or a Dev Guide page (headings `API Request` / `API请求`, \
                 `URLs` and a `Name | Type | Location | ...` parameter table)",
            );
            None
        }
    }
}

/// A page as a flat sequence: text lines (from headings and paragraphs alike, one per source line),
/// lists, code blocks and tables. Layouts scan it in reading order.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Item<'d> {
    Line { text: &'d str, line: u32 },
    List(&'d [ListItem]),
    Code { text: &'d str, line: u32 },
    Table(#[allow(dead_code)] &'d Block),
}

pub(crate) fn flatten(doc: &Document) -> Vec<Item<'_>> {
    let mut items = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Heading { text, line, .. } => items.push(Item::Line { text: text.trim(), line: *line }),
            Block::Paragraph { text, line } => {
                items.extend(text.lines().zip(*line..).map(|(text, line)| Item::Line { text: text.trim(), line }));
            }
            Block::List { items: list } => items.push(Item::List(list)),
            Block::Code { text, line } => items.push(Item::Code { text, line: *line }),
            Block::Table { .. } => items.push(Item::Table(block)),
        }
    }
    items
}
