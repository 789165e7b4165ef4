//! Pipe rows that the Markdown reader left as a paragraph. A table whose header or separator row
//! is broken (a cell cut off, a stray character in `|---|`) is no table to CommonMark: its rows
//! arrive as the text of a paragraph, and the table's fields would vanish without a word. They are
//! read back into a table here, with a warning at the row that broke it.

use crate::diag::{Diagnostics, rules};
use crate::model::Source;
use crate::read::{Block, Document, Row};

/// The document with each paragraph of pipe rows read as a table; `None` when it has none.
pub(super) fn repair(doc: &Document, file: &str, diags: &mut Diagnostics) -> Option<Document> {
    if !doc.blocks.iter().any(|b| split(b).is_some()) {
        return None;
    }
    let mut blocks = Vec::with_capacity(doc.blocks.len());
    for block in &doc.blocks {
        match split(block) {
            Some((before, rows, line)) => {
                if !before.is_empty() {
                    blocks.push(Block::Paragraph { text: before.join("\n"), line });
                }
                let start = line + u32::try_from(before.len()).unwrap_or(u32::MAX);
                blocks.push(table(&rows, start, file, diags));
            }
            None => blocks.push(block.clone()),
        }
    }
    Some(Document { blocks })
}

/// A paragraph that ends in two or more pipe rows: its lines before them, the rows, and its line.
fn split(block: &Block) -> Option<(Vec<&str>, Vec<&str>, u32)> {
    let Block::Paragraph { text, line } = block else { return None };
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let first = lines.iter().position(|l| l.starts_with('|'))?;
    let rows = &lines[first..];
    (rows.len() >= 2 && rows.iter().all(|l| l.starts_with('|')))
        .then(|| (lines[..first].to_vec(), rows.to_vec(), *line))
}

/// The rows as a table, and a warning at the row that kept Markdown from reading one: the separator
/// row when it is broken or of another width than the rows (the header's, for a table without
/// rows), else the header row.
fn table(rows: &[&str], line: u32, file: &str, diags: &mut Diagnostics) -> Block {
    let header = cells(rows[0]);
    let separator = rows.get(1).filter(|r| looks_like_separator(r));
    let width = rows.get(2).map_or(header.len(), |r| cells(r).len());
    let broken = match separator {
        Some(sep) if !is_separator(sep) || cells(sep).len() != width => (sep, line + 1),
        _ => (&rows[0], line),
    };
    diags.warning(
        &Source::new(file, broken.1),
        rules::DEVGUIDE_TABLE_BROKEN,
        format!(
            "`{}` breaks the table (a header row and a `|---|` row of as many cells are expected), so Markdown gives no table; its rows are read as pipe rows",
            broken.0
        ),
    );
    let skip = if separator.is_some() { 2 } else { 1 };
    let body =
        (skip..rows.len()).map(|i| Row { cells: cells(rows[i]), line: line + u32::try_from(i).unwrap_or(u32::MAX) });
    Block::Table { header, rows: body.collect(), line }
}

/// `| a | b |` → `a`, `b` (the outer pipes are optional).
fn cells(row: &str) -> Vec<String> {
    let row = row.trim();
    let row = row.strip_prefix('|').unwrap_or(row);
    let row = row.strip_suffix('|').unwrap_or(row);
    row.split('|').map(|c| c.trim().to_owned()).collect()
}

/// A row meant as the separator: dashes and no word.
fn looks_like_separator(row: &str) -> bool {
    row.contains("--") && !row.chars().any(char::is_alphanumeric)
}

/// A well-formed separator row: every cell `---`, `:---`, `---:` or `:---:`.
fn is_separator(row: &str) -> bool {
    cells(row).iter().all(|c| {
        let c = c.strip_prefix(':').unwrap_or(c);
        let c = c.strip_suffix(':').unwrap_or(c);
        !c.is_empty() && c.bytes().all(|b| b == b'-')
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::read_markdown;

    fn repaired(text: &str) -> (Option<Document>, Vec<(&'static str, u32)>) {
        let mut diags = Diagnostics::new();
        let doc = read_markdown(text, "t.md", &mut diags);
        let doc = repair(&doc, "t.md", &mut diags);
        (doc, diags.iter().map(|d| (d.rule, d.source.line)).collect())
    }

    #[test]
    fn a_broken_separator_row_is_warned_about_and_the_rows_still_read() {
        let (doc, found) = repaired("#error\n\n| Name | Type |\n|---|-¤-|\n| code | String |\n");
        assert_eq!(found, [("devguide-table-broken", 4)]);
        let doc = doc.expect("repaired");
        let [Block::Paragraph { .. }, Block::Table { header, rows, line }] = doc.blocks.as_slice() else {
            panic!("{:?}", doc.blocks)
        };
        assert_eq!((header.as_slice(), *line), (&["Name".to_owned(), "Type".to_owned()][..], 3));
        assert_eq!((rows[0].cells.as_slice(), rows[0].line), (&["code".to_owned(), "String".to_owned()][..], 5));
    }

    #[test]
    fn a_header_row_cut_short_is_warned_about_at_the_header() {
        let (doc, found) = repaired("| Name\n|---|---|\n| code | String |\n");
        assert_eq!(found, [("devguide-table-broken", 1)]);
        assert!(doc.is_some());
        let (doc, found) = repaired("| Name | Type |\n|---|---|\n| code | String |\n");
        assert!(doc.is_none() && found.is_empty(), "a table Markdown reads is left alone");
    }
}
