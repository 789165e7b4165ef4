//! Layout interpreters: a [`Document`] of a known page family becomes [`PageFacts`].
//!
//! A layout knows one family of pages and nothing about files or output. The family is recognised
//! from the content, never from the file name.

pub(crate) mod curl;
mod devguide;
mod explorer;
pub(crate) mod field_header;
mod json;

use crate::diag::{Diagnostics, rules};
use crate::facts::{PageFacts, PageFamily};
use crate::model::Source;
use crate::read::{Block, Document, ListItem};

/// Recognises the layout of a page from its content. The Dev Guide's signs (an `API Request`
/// heading, a `Name | Type | Location` table) are specific, so they are looked for first.
pub fn recognise(doc: &Document) -> Option<PageFamily> {
    if devguide::recognise(doc) {
        return Some(PageFamily::DevGuide);
    }
    let lines = flatten(doc);
    explorer::recognise(&lines).then_some(PageFamily::ApiExplorer)
}

/// Reads a page in its layout. A page in no known layout gets one error and no facts.
pub fn interpret(doc: &Document, file: &str, diags: &mut Diagnostics) -> Option<PageFacts> {
    let Some(family) = recognise(doc) else {
        let line = doc.blocks.first().map_or(1, Block::line);
        diags.error(
            &Source::new(file, line),
            rules::UNKNOWN_LAYOUT,
            "the page is in no known layout: expected an API Explorer page (a badge line such as \
             `PUTTicket OperationsSince 3.0.0SynchronousAuth Required` and sections `Body Fields`, \
             `Endpoint`, `Operation ID`) or a Dev Guide page (headings `API Request` / `API请求`, \
             `URLs` and a `Name | Type | Location | ...` parameter table)",
        );
        return None;
    };
    let facts = match family {
        PageFamily::ApiExplorer => explorer::interpret(&flatten(doc), file, diags),
        PageFamily::DevGuide => devguide::interpret(doc, file, diags),
    };
    // The family recognised here is the page's, so no layout states its own.
    facts.map(|mut facts| {
        cap_depth(&mut facts, diags);
        PageFacts { family, ..facts }
    })
}

/// Field trees cut to [`crate::MAX_NESTING`]: the resolver and the emitters recurse per level.
fn cap_depth(facts: &mut PageFacts, diags: &mut Diagnostics) {
    for param in &mut facts.params {
        crate::nesting::cap_fields(std::slice::from_mut(&mut param.field), diags);
    }
    crate::nesting::cap_fields(&mut facts.body, diags);
    for response in &mut facts.responses {
        crate::nesting::cap_fields(&mut response.fields, diags);
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
