//! The HTML reader: a saved or rendered page becomes the blocks a browser would show.
//!
//! Parsing is html5ever's (through scraper's tree), so broken markup is repaired exactly as a
//! browser repairs it; the repairs are reported as `html-malformed` warnings. The tree is then read
//! the way a browser lays it out:
//!
//! - `head`, `script`, `style`, `template`, `noscript`, `svg`, `iframe` and elements with the
//!   `hidden` attribute show nothing and are skipped.
//! - `h1`–`h6` are headings, `pre` is a code block (verbatim), `table` is a table and consecutive
//!   `li` are the items of a list.
//! - Every other known block element (`div`, `p`, `section`, `ul`, …) is a container: its block
//!   children in order, and the inline content between them (text, `span`, `a`, `code`, `button`,
//!   unknown elements) gathered into paragraphs, as a browser lays out anonymous block boxes. A
//!   container holding only inline content is one paragraph at the container's line.
//! - Inline text is concatenated as rendered: nothing is inserted between adjacent elements
//!   (`<span>PUT</span><span>Ticket</span>` is `PUTTicket`, as a browser copy gives it), runs of
//!   whitespace become one space, and `<br>` is a line break.
//!
//! Lines come from the parser: [`sink`] records the line of every node as html5ever builds the
//! tree, and keeps the parse errors with theirs.

mod sink;

use std::cell::Cell;
use std::collections::HashMap;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::Node;

use super::{Block, Document, ListItem, Row};
use crate::diag::{Diagnostics, rules};
use crate::model::Source;

/// Nesting deeper than this is read as plain text: a reader that recursed without limit would
/// overflow the stack on a hostile page of a million nested `<div>`s.
const MAX_DEPTH: usize = 200;

/// Open elements a page may hold at once before it reaches the parser, whose tree building takes
/// time in the number open at each tag (a page of 100,000 nested `<div>`s would take minutes).
/// Counted without the implied closing of `p` and `li`, so it is far above [`MAX_DEPTH`].
const MAX_OPEN: usize = 4 * MAX_DEPTH;

/// Elements that have no end tag.
const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];

/// The page with the tags of elements nested more than `limit` deep taken out (their text kept,
/// and every line break, so that lines stay where they were), and the byte offset of the first tag
/// taken out; `None` when nothing nests that deep. A scan of start and end tags, comments skipped,
/// that needs no tree: the parser then never sees the deep nesting.
fn flatten_past(text: &str, limit: usize) -> Option<(String, usize)> {
    let (mut open, mut dropped) = (0_usize, 0_usize);
    let mut out = String::new();
    let (mut kept_to, mut rest, mut first) = (0, 0, None);
    while let Some(at) = text[rest..].find('<').map(|i| rest + i) {
        let after = &text[at + 1..];
        let tag_end = after.find('>').map_or(text.len(), |i| at + 1 + i + 1);
        rest = at + 1;
        let drop = if after.starts_with("!--") {
            rest = after.find("-->").map_or(text.len(), |i| at + 1 + i + 3);
            false
        } else if after.starts_with('/') {
            if dropped > 0 {
                dropped -= 1;
                true
            } else {
                open = open.saturating_sub(1);
                false
            }
        } else if after.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let name: String = after.chars().take_while(char::is_ascii_alphanumeric).collect();
            let void = VOID.contains(&name.to_ascii_lowercase().as_str()) || text[at..tag_end].ends_with("/>");
            if void {
                dropped > 0
            } else if open < limit {
                open += 1;
                false
            } else {
                dropped += 1;
                true
            }
        } else {
            false
        };
        if drop {
            first.get_or_insert(at);
            out.push_str(&text[kept_to..at]);
            out.extend(text[at..tag_end].chars().filter(|&c| c == '\n'));
            kept_to = tag_end;
            rest = tag_end;
        }
    }
    let first = first?;
    out.push_str(&text[kept_to..]);
    Some((out, first))
}

/// Reads an HTML page. Parse errors become `html-malformed` warnings; nothing here fails.
pub fn read_html(text: &str, file: &str, diags: &mut Diagnostics) -> Document {
    if u32::try_from(text.len()).is_err() {
        // The parser's buffers address at most 4 GiB and panic beyond that.
        diags.error(
            &Source::new(file, 1),
            rules::HTML_TOO_LARGE,
            "the page is larger than 4 GiB: expected a documentation page",
        );
        return Document::default();
    }
    let flattened = flatten_past(text, MAX_OPEN);
    let text = match &flattened {
        Some((flat, first)) => {
            let line = u32::try_from(text[..*first].matches('\n').count() + 1).unwrap_or(u32::MAX);
            diags.warning(
                &Source::new(file, line),
                rules::HTML_TOO_DEEP,
                format!("more than {MAX_OPEN} elements are open here; what is nested deeper is read as plain text"),
            );
            flat.as_str()
        }
        None => text,
    };
    let parsed = sink::parse(text);
    sink::report_errors(&parsed.errors, file, diags);
    let reader = Reader { lines: &parsed.lines, too_deep: Cell::new(None) };
    let blocks = reader.blocks(parsed.html.tree.root(), 0);
    if let Some(line) = reader.too_deep.get() {
        diags.warning(
            &Source::new(file, line),
            rules::HTML_TOO_DEEP,
            format!("elements nest more than {MAX_DEPTH} deep here; the content inside is read as plain text"),
        );
    }
    Document { blocks }
}

/// How an element (or text) takes part in the layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Shows nothing.
    Skip,
    Text,
    Break,
    /// Flows in a line with its neighbours.
    Inline,
    Heading(u8),
    Item,
    Pre,
    Table,
    /// A block that holds other blocks and inline content.
    Container,
}

/// Elements whose content a browser does not show as page text.
const SKIPPED: &[&str] = &["head", "title", "script", "style", "template", "noscript", "svg", "iframe"];

fn kind(node: NodeRef<'_, Node>) -> Kind {
    let element = match node.value() {
        Node::Text(_) => return Kind::Text,
        Node::Element(element) => element,
        Node::Document | Node::Fragment => return Kind::Container,
        Node::Doctype(_) | Node::Comment(_) | Node::ProcessingInstruction(_) => return Kind::Skip,
    };
    let name = element.name();
    if SKIPPED.contains(&name) || element.attr("hidden").is_some() {
        return Kind::Skip;
    }
    match name {
        "br" => Kind::Break,
        "li" => Kind::Item,
        "pre" | "listing" | "xmp" | "plaintext" => Kind::Pre,
        "table" => Kind::Table,
        _ if is_container(name) => Kind::Container,
        _ => heading_level(name).map_or(Kind::Inline, Kind::Heading),
    }
}

/// Block-level elements (HTML's default `display: block` set, less the ones with a kind of their
/// own). Anything else that shows is inline, as unknown elements are in a browser.
fn is_container(name: &str) -> bool {
    matches!(
        name,
        "html"
            | "body"
            | "address"
            | "article"
            | "aside"
            | "blockquote"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "header"
            | "hgroup"
            | "hr"
            | "legend"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "search"
            | "section"
            | "summary"
            | "ul"
    )
}

fn heading_level(name: &str) -> Option<u8> {
    match name.as_bytes() {
        [b'h', level @ b'1'..=b'6'] => Some(level - b'0'),
        _ => None,
    }
}

/// HTML's whitespace (not Unicode's: a no-break space is text and stays).
fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C')
}

/// Inline content being gathered into one paragraph, whitespace collapsed as it arrives.
#[derive(Debug, Default)]
struct Run {
    text: String,
    /// The line of the first visible character.
    line: Option<u32>,
    /// Whitespace was seen since the last character; it becomes one space before the next one.
    space: bool,
}

impl Run {
    /// `line` is where this text's first visible character is, if it becomes the run's first.
    fn push_text(&mut self, text: &str, line: impl FnOnce() -> u32) {
        let mut line = Some(line);
        for c in text.chars() {
            if is_html_space(c) {
                self.space = true;
                continue;
            }
            if self.space && !self.text.is_empty() && !self.text.ends_with('\n') {
                self.text.push(' ');
            }
            self.space = false;
            if self.line.is_none() {
                self.line = line.take().map(|f| f());
            }
            self.text.push(c);
        }
    }

    fn push_break(&mut self) {
        self.text.push('\n');
        self.space = false;
    }

    /// The paragraph's text and line, or `None` if nothing visible arrived.
    fn finish(&mut self) -> Option<(String, u32)> {
        let run = std::mem::take(self);
        let text = run.text.trim_matches('\n');
        (!text.is_empty()).then(|| (text.to_owned(), run.line.unwrap_or(1)))
    }
}

/// The content of a container in reading order.
#[derive(Debug)]
enum Piece {
    /// Inline content: an anonymous paragraph.
    Run(String, u32),
    Block(Block),
    /// An `li`; consecutive items make one list.
    Item(ListItem),
}

/// Collects the pieces of one container.
#[derive(Default)]
struct Pieces {
    pieces: Vec<Piece>,
    run: Run,
}

impl Pieces {
    fn end_run(&mut self) {
        if let Some((text, line)) = self.run.finish() {
            self.pieces.push(Piece::Run(text, line));
        }
    }

    fn finish(mut self) -> Vec<Piece> {
        self.end_run();
        self.pieces
    }
}

struct Reader<'p> {
    lines: &'p HashMap<NodeId, u32>,
    /// The line where nesting first went past [`MAX_DEPTH`].
    too_deep: Cell<Option<u32>>,
}

impl Reader<'_> {
    fn line(&self, node: NodeRef<'_, Node>) -> Option<u32> {
        self.lines.get(&node.id()).copied()
    }

    /// The line of a node, or of its nearest ancestor with one (never needed for parsed elements,
    /// which all have lines; a safety net rather than a guess).
    fn line_or_ancestor(&self, node: NodeRef<'_, Node>) -> u32 {
        std::iter::successors(Some(node), |n| n.parent()).find_map(|n| self.line(n)).unwrap_or(1)
    }

    /// The blocks of a container: its pieces, with runs as paragraphs and items as lists. A
    /// container with nothing but inline content is one paragraph at the container's own line.
    fn blocks(&self, container: NodeRef<'_, Node>, depth: usize) -> Vec<Block> {
        let pieces = self.pieces(container, depth);
        if let [Piece::Run(text, run_line)] = pieces.as_slice() {
            let line = self.line(container).unwrap_or(*run_line);
            return vec![Block::Paragraph { text: text.clone(), line }];
        }
        into_blocks(pieces)
    }

    fn pieces(&self, container: NodeRef<'_, Node>, depth: usize) -> Vec<Piece> {
        let mut out = Pieces::default();
        self.collect(container, None, depth, &mut out);
        out.finish()
    }

    /// Walks the children of `node` into `out`. Inline elements are transparent: their content
    /// joins the current run, and a block inside one breaks the run as it does in a browser.
    /// `hint` is the line of the outermost inline element being walked, where its text starts.
    fn collect(&self, node: NodeRef<'_, Node>, hint: Option<u32>, depth: usize, out: &mut Pieces) {
        if depth > MAX_DEPTH {
            self.too_deep.set(self.too_deep.get().or(Some(self.line_or_ancestor(node))));
            return self.collect_flat(node, out);
        }
        for child in node.children() {
            match kind(child) {
                Kind::Skip => {}
                Kind::Text => {
                    let text = child.value().as_text().map_or("", |t| t);
                    out.run.push_text(text, || hint.unwrap_or_else(|| self.text_line(child, text)));
                }
                Kind::Break => out.run.push_break(),
                Kind::Inline => self.collect(child, hint.or_else(|| self.line(child)), depth + 1, out),
                Kind::Item => {
                    out.end_run();
                    out.pieces.push(Piece::Item(self.item(child, depth + 1)));
                }
                Kind::Heading(_) | Kind::Pre | Kind::Table | Kind::Container => {
                    out.end_run();
                    let blocks = self.block(child, depth + 1);
                    out.pieces.extend(blocks.into_iter().map(Piece::Block));
                }
            }
        }
    }

    /// Past [`MAX_DEPTH`]: every visible text below `node` joins the run, without recursion.
    fn collect_flat(&self, node: NodeRef<'_, Node>, out: &mut Pieces) {
        let line = self.line_or_ancestor(node);
        visible_text(node, |piece| match piece {
            Some(text) => out.run.push_text(text, || line),
            None => out.run.push_break(),
        });
    }

    /// The line of a text node's first visible character.
    fn text_line(&self, node: NodeRef<'_, Node>, text: &str) -> u32 {
        let start = self.line(node).unwrap_or_else(|| self.line_or_ancestor(node));
        let leading = text.find(|c: char| !is_html_space(c)).map_or(text, |at| &text[..at]);
        start.saturating_add(u32::try_from(leading.matches('\n').count()).unwrap_or(0))
    }

    /// A block-level element as blocks (a container gives several, an empty heading none).
    fn block(&self, element: NodeRef<'_, Node>, depth: usize) -> Vec<Block> {
        let line = self.line_or_ancestor(element);
        match kind(element) {
            Kind::Heading(level) => {
                let text = self.flat_text(element, depth);
                if text.is_empty() { vec![] } else { vec![Block::Heading { level, text, line }] }
            }
            Kind::Pre => code(element, line).into_iter().collect(),
            Kind::Table => self.table(element, depth),
            _ => self.blocks(element, depth),
        }
    }

    /// A list item: its inline content before the first block child is its text; what follows is
    /// nested in it.
    fn item(&self, li: NodeRef<'_, Node>, depth: usize) -> ListItem {
        let mut pieces = self.pieces(li, depth);
        let text = match pieces.first() {
            Some(Piece::Run(text, _)) => {
                let text = text.clone();
                pieces.remove(0);
                text
            }
            _ => String::new(),
        };
        ListItem { text, line: self.line_or_ancestor(li), children: into_blocks(pieces) }
    }

    /// The text of an element as lines: inline content as rendered, each block on its own lines
    /// (a list inside a table cell becomes one line per item).
    fn flat_text(&self, element: NodeRef<'_, Node>, depth: usize) -> String {
        let mut lines = Vec::new();
        for block in into_blocks(self.pieces(element, depth)) {
            block_lines(&block, &mut lines);
        }
        lines.join("\n")
    }

    /// A table, and its caption as a paragraph before it.
    fn table(&self, table: NodeRef<'_, Node>, depth: usize) -> Vec<Block> {
        let mut blocks = Vec::new();
        for caption in table.children().filter(|c| element_name(*c) == Some("caption")) {
            blocks.extend(self.blocks(caption, depth + 1));
        }
        let rows = table_rows(table);
        let header_row = rows.iter().position(|(_, in_head)| *in_head).or_else(|| {
            let first = rows.first()?.0;
            first.children().any(|c| element_name(c) == Some("th")).then_some(0)
        });
        let header = header_row.and_then(|i| rows.get(i)).map(|(tr, _)| self.cells(*tr, depth)).unwrap_or_default();
        let rows: Vec<Row> = rows
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != header_row)
            .map(|(_, (tr, _))| Row { cells: self.cells(*tr, depth), line: self.line_or_ancestor(*tr) })
            .collect();
        if !header.is_empty() || !rows.is_empty() {
            blocks.push(Block::Table { header, rows, line: self.line_or_ancestor(table) });
        }
        blocks
    }

    fn cells(&self, tr: NodeRef<'_, Node>, depth: usize) -> Vec<String> {
        tr.children()
            .filter(|c| matches!(element_name(*c), Some("td" | "th")) && kind(*c) != Kind::Skip)
            .map(|cell| self.flat_text(cell, depth + 1))
            .collect()
    }
}

fn element_name<'a>(node: NodeRef<'a, Node>) -> Option<&'a str> {
    node.value().as_element().map(|e| e.name())
}

/// The rows of a table in document order, each marked if it is in the `thead`. Rows of tables
/// nested in cells belong to those tables.
fn table_rows(table: NodeRef<'_, Node>) -> Vec<(NodeRef<'_, Node>, bool)> {
    let mut rows = Vec::new();
    for child in table.children() {
        match element_name(child) {
            Some("tr") => rows.push((child, false)),
            Some(section @ ("thead" | "tbody" | "tfoot")) => {
                rows.extend(
                    child.children().filter(|r| element_name(*r) == Some("tr")).map(|r| (r, section == "thead")),
                );
            }
            _ => {}
        }
    }
    rows.retain(|(tr, _)| kind(*tr) != Kind::Skip);
    rows
}

/// A `pre` block: its text verbatim, less one leading newline (html5ever already drops the one
/// right after `<pre>`, as the HTML rules say; this one is after `<pre><code>`, which rendered
/// Markdown writes). Iterative, so any depth of markup inside is safe.
fn code(pre: NodeRef<'_, Node>, line: u32) -> Option<Block> {
    let mut text = String::new();
    visible_text(pre, |piece| text.push_str(piece.unwrap_or("\n")));
    let text = text.strip_prefix('\n').unwrap_or(&text);
    (!text.is_empty()).then(|| Block::Code { text: text.to_owned(), line })
}

/// Calls `f` with the visible text below `node` in document order, `None` for a `<br>`. A walk
/// over the tree's edges rather than a recursion, so that no depth of nesting can overflow the
/// stack; skipped elements are passed over with all their content.
fn visible_text<'a>(node: NodeRef<'a, Node>, mut f: impl FnMut(Option<&'a str>)) {
    let mut hidden = 0usize;
    for edge in node.traverse() {
        match edge {
            Edge::Open(n) if hidden > 0 || (n.id() != node.id() && kind(n) == Kind::Skip) => hidden += 1,
            Edge::Open(n) => match kind(n) {
                Kind::Text => f(Some(n.value().as_text().map_or("", |t| t))),
                Kind::Break => f(None),
                _ => {}
            },
            Edge::Close(_) => hidden = hidden.saturating_sub(1),
        }
    }
}

/// Runs become paragraphs and consecutive items one list.
fn into_blocks(pieces: Vec<Piece>) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut in_list = false;
    for piece in pieces {
        let item = matches!(piece, Piece::Item(_));
        match (piece, blocks.last_mut()) {
            (Piece::Item(item), Some(Block::List { items })) if in_list => items.push(item),
            (Piece::Item(item), _) => blocks.push(Block::List { items: vec![item] }),
            (Piece::Run(text, line), _) => blocks.push(Block::Paragraph { text, line }),
            (Piece::Block(block), _) => blocks.push(block),
        }
        in_list = item;
    }
    blocks
}

/// The text lines a block shows, for a heading or a table cell that holds blocks.
fn block_lines(block: &Block, lines: &mut Vec<String>) {
    match block {
        Block::Heading { text, .. } | Block::Paragraph { text, .. } | Block::Code { text, .. } => {
            lines.push(text.clone())
        }
        Block::List { items } => {
            for item in items {
                if !item.text.is_empty() {
                    lines.push(item.text.clone());
                }
                item.children.iter().for_each(|child| block_lines(child, lines));
            }
        }
        Block::Table { header, rows, .. } => {
            lines.extend(
                std::iter::once(header)
                    .chain(rows.iter().map(|r| &r.cells))
                    .filter(|c| !c.is_empty())
                    .map(|c| c.join(" ")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn read(html: &str) -> Document {
        let mut diags = Diagnostics::new();
        let doc = read_html(html, "page.html", &mut diags);
        assert!(diags.is_empty(), "unexpected diagnostics: {:?}", diags.iter().collect::<Vec<_>>());
        doc
    }

    pub(super) fn read_with_diags(html: &str) -> (Document, Vec<crate::diag::Diagnostic>) {
        let mut diags = Diagnostics::new();
        let doc = read_html(html, "page.html", &mut diags);
        (doc, diags.iter().cloned().collect())
    }

    pub(super) fn para(text: &str, line: u32) -> Block {
        Block::Paragraph { text: text.into(), line }
    }

    pub(super) fn items(block: &Block) -> &[ListItem] {
        match block {
            Block::List { items } => items,
            other => panic!("not a list: {other:?}"),
        }
    }

    #[test]
    fn lists_nest_and_items_take_their_inline_text_and_block_children() {
        let doc = read(
            "<ul><li><span>a</span><span>String</span><p>about a</p><ul><li>b<p>about b</p></li></ul></li><li>c</li></ul><p>after</p>",
        );
        assert_eq!(doc.blocks.len(), 2);
        let list = items(&doc.blocks[0]);
        assert_eq!(list.iter().map(|i| i.text.as_str()).collect::<Vec<_>>(), ["aString", "c"]);
        assert_eq!(list[0].children[0], para("about a", 1));
        let nested = items(&list[0].children[1]);
        assert_eq!((nested[0].text.as_str(), &nested[0].children), ("b", &vec![para("about b", 1)]));
        assert!(list[1].children.is_empty());
        assert_eq!(doc.blocks[1], para("after", 1));
    }

    #[test]
    fn inline_content_between_blocks_is_a_paragraph_at_its_first_text() {
        let doc = read("<div>\n  <b>lead</b>\n  <p>p</p>\n\n  tail\n  <button>Go</button>\n</div>");
        assert_eq!(doc.blocks, [para("lead", 2), para("p", 3), para("tail Go", 5)]);
    }

    #[test]
    fn inline_text_is_concatenated_as_rendered() {
        let doc = read(
            "<div class=\"badges\"><span>PUT</span><span>Ticket Operations</span><span>Since 3.0.0</span></div>\
             <p>a  <b>bold</b>\n\t c <code>&lt;x&gt; &amp;&nbsp;y</code></p>\
             <p> one<br>  two <br/>three </p><p><br></p><p>  </p>",
        );
        assert_eq!(
            doc.blocks,
            [para("PUTTicket OperationsSince 3.0.0", 1), para("a bold c <x> &\u{a0}y", 1), para("one\ntwo\nthree", 2)]
        );
    }

    #[test]
    fn tables_read_their_header_rows_and_list_cells() {
        let doc = read(
            "<table><thead><tr><th>Name</th><th>Values</th></tr></thead>\
             <tbody><tr><td>statusEvent</td><td><ul><li>open</li><li>approve</li></ul></td></tr>\
             <tr><td><a href=\"#x\">x</a> <b>y</b></td><td></td></tr></tbody></table>\
             <table><tr><td>no</td><td>header</td></tr></table>",
        );
        let Block::Table { header, rows, .. } = &doc.blocks[0] else { panic!("not a table") };
        assert_eq!(header, &["Name", "Values"]);
        assert_eq!(rows[0].cells, ["statusEvent", "open\napprove"]);
        assert_eq!(rows[1].cells, ["x y", ""]);
        let Block::Table { header, rows, .. } = &doc.blocks[1] else { panic!("not a table") };
        assert!(header.is_empty());
        assert_eq!(rows[0].cells, ["no", "header"]);
    }

    #[test]
    fn pre_is_verbatim_without_its_leading_newline() {
        let doc = read("<pre><code>\n{\n  \"a\": \"&lt;b&gt;\"\n}\n</code></pre><pre>\n\n  x</pre>");
        assert_eq!(doc.blocks[0], Block::Code { text: "{\n  \"a\": \"<b>\"\n}\n".into(), line: 1 });
        // html5ever drops the newline right after `<pre>`; the reader drops one more.
        assert_eq!(doc.blocks[1], Block::Code { text: "  x".into(), line: 5 });
    }

    #[test]
    fn what_a_browser_hides_is_skipped() {
        let doc = read(
            "<head><style>p{}</style><script>var x = '<p>no</p>';</script></head>\
             <body><noscript>no</noscript><template><p>no</p></template><svg><text>no</text></svg>\
             <p hidden>no</p><p>yes<script>no()</script></p><!-- no --></body>",
        );
        assert_eq!(doc.blocks, [para("yes", 1)]);
    }

    #[test]
    fn garbage_and_truncated_pages_read_without_panicking() {
        let fixture = include_str!("../../../tests/fixtures/same-page/ChangeTicketStatus-explorer.html");
        let cut_in_a_tag =
            fixture.find("<li><span class=\"name\">statusEvent").map_or(fixture, |at| &fixture[..at + 12]);
        let inputs = [
            cut_in_a_tag,
            "<ul><li><ul><li>",
            "<table><tr><td>a<td>b",
            "<",
            "</",
            "<!--",
            "<![CDATA[x",
            "<p <p <p>>>",
            "&#0;&#xFFFFFF;&bogus;\u{0}",
            "<table><caption>c<tr><td><table><td>inner</table>x</table>",
            "<select><option>a<pre><li>b<h1>c<td>d</select>",
            "<svg><foreignObject><p>x</p></foreignObject></svg><math><mi>y</mi></math>",
            "<frameset><frame></frameset>text",
            "\u{feff}<html><html><body><body></body></body></html>",
        ];
        for input in inputs {
            let (doc, _) = read_with_diags(input);
            for block in &doc.blocks {
                assert!(
                    block.line() >= 1 || matches!(block, Block::List { items } if items.is_empty()),
                    "{input:?}: {block:?}"
                );
            }
        }
        let (doc, _) = read_with_diags(cut_in_a_tag);
        assert_eq!(doc.blocks.first(), Some(&para("Skip to main content", 39)));
        let (doc, _) = read_with_diags("<ul><li><ul><li>");
        assert_eq!(items(&doc.blocks[0]).len(), 1);
    }

    #[test]
    fn deep_nesting_is_read_as_text_without_overflowing_the_stack() {
        let depth = 5000;
        let html = format!("{}deep{}", "<div><span>".repeat(depth), "</span></div>".repeat(depth));
        let (doc, diags) = read_with_diags(&html);
        assert_eq!(doc.blocks, [para("deep", 1)]);
        assert!(diags.iter().any(|d| d.rule == "html-too-deep"), "{diags:?}");
    }

    #[test]
    fn read_document_dispatches_on_the_html_extensions() {
        assert_eq!(
            super::super::Syntax::from_path(std::path::Path::new("a/Page.HTM")),
            Some(super::super::Syntax::Html)
        );
        let mut diags = Diagnostics::new();
        let doc = super::super::read_document(super::super::Syntax::Html, "p.html", b"<h1>x</h1>", &mut diags);
        assert_eq!(doc.blocks, [Block::Heading { level: 1, text: "x".into(), line: 1 }]);
    }
}
