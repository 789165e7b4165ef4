//! The plain-text reader: what a browser copy or a text dump of a page gives.
//!
//! Lists are lines that start with a bullet (`•`, `◦`, `▪`, `‣`, `*`, `+` or `-`, then a space);
//! the indentation of the bullet gives the nesting, and lines indented deeper than a bullet belong
//! to that item. Other lines are paragraphs; consecutive lines without a blank line between them
//! form one paragraph. Plain text has no headings or tables: section titles arrive as paragraphs.

use super::{Block, Document, ListItem};
use crate::diag::Diagnostics;
use crate::nesting::{MAX_NESTING, too_deep};

const BULLETS: &[char] = &['•', '◦', '▪', '‣', '*', '+', '-'];

/// A line of the page, classified.
struct Line<'a> {
    number: u32,
    indent: usize,
    /// The text after the indentation (and after the bullet, for a bullet line).
    text: &'a str,
    bullet: bool,
}

/// Reads a text page without its diagnostics (for the layouts' tests).
#[cfg(test)]
pub fn read_text(text: &str) -> Document {
    read_text_page(text, "", &mut Diagnostics::new())
}

/// Reads a text page. Lists nested deeper than [`MAX_NESTING`] are an error at the first bullet too
/// deep; it and what is nested in it are not read.
pub fn read_text_page(text: &str, file: &str, diags: &mut Diagnostics) -> Document {
    let lines: Vec<Option<Line<'_>>> = text.lines().enumerate().map(|(i, raw)| classify(i, raw)).collect();
    let mut reader = Reader { lines: &lines, pos: 0, file, diags };
    let blocks = reader.blocks_until_dedent(None, 0);
    Document { blocks }
}

/// The classified lines, the position in them, and where the nesting cap is reported.
struct Reader<'l, 'a, 'd> {
    lines: &'l [Option<Line<'a>>],
    pos: usize,
    file: &'d str,
    diags: &'d mut Diagnostics,
}

/// `None` for a blank line.
fn classify(index: usize, raw: &str) -> Option<Line<'_>> {
    let raw = raw.trim_end();
    // Browser copies indent with no-break spaces as often as with spaces; a tab counts as four.
    let mut indent = 0;
    let mut rest = raw;
    for c in raw.chars() {
        match c {
            ' ' | '\u{a0}' => indent += 1,
            '\t' => indent += 4,
            _ => break,
        }
        rest = &rest[c.len_utf8()..];
    }
    if rest.is_empty() {
        return None;
    }
    let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
    let mut chars = rest.chars();
    let first = chars.next()?;
    let after = chars.as_str();
    if BULLETS.contains(&first) && (after.starts_with(' ') || after.starts_with('\u{a0}')) {
        let text = after.trim_start_matches([' ', '\u{a0}']);
        return Some(Line { number, indent, text, bullet: true });
    }
    Some(Line { number, indent, text: rest, bullet: false })
}

impl Reader<'_, '_, '_> {
    /// Reads blocks until a non-blank line is indented no deeper than `parent_indent` (the bullet
    /// of the enclosing item), or to the end at the top level. `depth` lists enclose them.
    fn blocks_until_dedent(&mut self, parent_indent: Option<usize>, depth: usize) -> Vec<Block> {
        let mut blocks = Vec::new();
        while let Some(slot) = self.lines.get(self.pos) {
            let Some(line) = slot else {
                self.pos += 1;
                continue;
            };
            if parent_indent.is_some_and(|p| line.indent <= p) {
                break;
            }
            if line.bullet && depth == MAX_NESTING {
                too_deep(self.diags, self.file, line.number, "lists");
                self.skip_deeper(line.indent);
            } else if line.bullet {
                blocks.push(self.list(line.indent, depth + 1));
            } else {
                blocks.push(paragraph(self.lines, &mut self.pos));
            }
        }
        blocks
    }

    /// A list of the items whose bullets stand at `indent`, with everything nested in them; it is
    /// the `depth`th list down.
    fn list(&mut self, indent: usize, depth: usize) -> Block {
        let mut items = Vec::new();
        while let Some(Some(line)) = next_non_blank(self.lines, &mut self.pos) {
            if !line.bullet || line.indent != indent {
                break;
            }
            self.pos += 1;
            let children = self.blocks_until_dedent(Some(indent), depth);
            items.push(ListItem { text: line.text.to_owned(), line: line.number, children });
        }
        Block::List { items }
    }

    /// Skips the line at `pos` and every line after it indented deeper than `indent`.
    fn skip_deeper(&mut self, indent: usize) {
        self.pos += 1;
        while let Some(slot) = self.lines.get(self.pos) {
            if slot.as_ref().is_some_and(|l| l.indent <= indent) {
                break;
            }
            self.pos += 1;
        }
    }
}

/// Consecutive text lines up to a blank line or a bullet.
fn paragraph(lines: &[Option<Line<'_>>], pos: &mut usize) -> Block {
    let mut text = String::new();
    let mut first_line = 0;
    while let Some(Some(line)) = lines.get(*pos) {
        if line.bullet {
            break;
        }
        if text.is_empty() {
            first_line = line.number;
        } else {
            text.push('\n');
        }
        text.push_str(line.text);
        *pos += 1;
    }
    Block::Paragraph { text, line: first_line }
}

/// Moves `pos` past blank lines and returns the line there (`None` at the end).
fn next_non_blank<'l, 'a>(lines: &'l [Option<Line<'a>>], pos: &mut usize) -> Option<&'l Option<Line<'a>>> {
    while let Some(None) = lines.get(*pos) {
        *pos += 1;
    }
    lines.get(*pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item_texts(block: &Block) -> Vec<&str> {
        match block {
            Block::List { items } => items.iter().map(|i| i.text.as_str()).collect(),
            _ => vec![],
        }
    }

    #[test]
    fn bullets_nest_by_indentation_and_take_their_descriptions() {
        let doc = read_text("Body\n\n  • a\n\n    about a\n\n    • b\n\n      about b\n\n  • c\nafter\n");
        assert_eq!(doc.blocks.len(), 3);
        assert_eq!(item_texts(&doc.blocks[1]), ["a", "c"]);
        let Block::List { items } = &doc.blocks[1] else { panic!("not a list") };
        assert_eq!(items[0].children[0], Block::Paragraph { text: "about a".into(), line: 5 });
        assert_eq!(item_texts(&items[0].children[1]), ["b"]);
        assert_eq!(doc.blocks[2], Block::Paragraph { text: "after".into(), line: 12 });
    }

    #[test]
    fn consecutive_lines_form_one_paragraph() {
        let doc = read_text("200\n{ \"a\": 1 }\n\nnext");
        assert_eq!(doc.blocks[0], Block::Paragraph { text: "200\n{ \"a\": 1 }".into(), line: 1 });
        assert_eq!(doc.blocks[1], Block::Paragraph { text: "next".into(), line: 4 });
    }

    #[test]
    fn no_break_spaces_tabs_and_crlf_are_indentation_and_line_ends() {
        let doc = read_text("\u{a0}\u{a0}• a\r\n\t\tdesc\r\n");
        let Block::List { items } = &doc.blocks[0] else { panic!("not a list") };
        assert_eq!(items[0].text, "a");
        assert_eq!(items[0].children, vec![Block::Paragraph { text: "desc".into(), line: 2 }]);
    }

    #[test]
    fn a_dash_without_a_space_is_text() {
        let doc = read_text("-1.0");
        assert_eq!(doc.blocks[0], Block::Paragraph { text: "-1.0".into(), line: 1 });
    }
}
