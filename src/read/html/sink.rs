//! Parsing with lines: html5ever's parser, through a tree sink that records the source line of
//! every node it creates and keeps the parse errors with their lines.
//!
//! html5ever keeps no positions on nodes, but before it processes a token it tells its tree
//! sink the token's line ([`TreeSink::set_current_line`]). The tokenizer hands a token over once it
//! has read the token's last character, so that is the line the token ends on. [`LineSink`] wraps
//! scraper's sink, forwards every call, and records the current line for each node created: an
//! element gets the line its start tag ends on (the `<li>` line, unless the tag itself spans
//! lines; an element the parser implies, such as `<tbody>`, gets the line of the tag that implied
//! it), and a text node the line of its first character (the line its first piece of text ends
//! on, less the newlines in that piece). A paragraph whose text holds `<br>` breaks keeps its
//! element's line: unlike in a text paragraph, its second line need not be the next source line.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use ego_tree::NodeId;
use html5ever::driver::{self, ParseOpts};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeBuilderOpts, TreeSink};
use html5ever::{Attribute, QualName};
use scraper::{Html, HtmlTreeSink};

use crate::diag::{Diagnostics, rules};
use crate::model::Source;

/// Parse errors reported per file; the rest are counted in one more warning. A page repaired in
/// many places needs one look, not a screenful.
const MAX_REPORTED_ERRORS: usize = 5;

/// What parsing produced: scraper's tree, the line of every node, and the parser's complaints.
pub(super) struct Parsed {
    pub(super) html: Html,
    pub(super) lines: HashMap<NodeId, u32>,
    pub(super) errors: ParseErrors,
}

#[derive(Debug, Default)]
pub(super) struct ParseErrors {
    /// The first [`MAX_REPORTED_ERRORS`] errors with their lines.
    first: Vec<(u32, Cow<'static, str>)>,
    total: usize,
    /// The line of the first error not in `first`.
    first_unlisted: Option<u32>,
}

pub(super) fn parse(text: &str) -> Parsed {
    let sink = LineSink {
        inner: HtmlTreeSink::new(Html::new_document()),
        line: Cell::new(1),
        lines: RefCell::new(HashMap::new()),
        errors: RefCell::new(ParseErrors::default()),
    };
    // Every page is parsed as a standards-mode document that needs no DOCTYPE (what the
    // `iframe_srcdoc` option means): a rendered Markdown fragment without one is normal input,
    // not an error, and an old DOCTYPE should not switch the parser to quirks rules.
    let opts =
        ParseOpts { tree_builder: TreeBuilderOpts { iframe_srcdoc: true, ..Default::default() }, ..Default::default() };
    driver::parse_document(sink, opts).one(text)
}

/// scraper's tree sink with a memory for lines: every node gets the line of the token being
/// processed when it was created, and parse errors are kept with their lines. Everything else is
/// forwarded unchanged, so the tree is exactly the one scraper would build.
struct LineSink {
    inner: HtmlTreeSink,
    /// The line of the token html5ever is processing.
    line: Cell<u32>,
    lines: RefCell<HashMap<NodeId, u32>>,
    errors: RefCell<ParseErrors>,
}

impl LineSink {
    fn record(&self, id: NodeId, line: u32) {
        self.lines.borrow_mut().entry(id).or_insert(line);
    }

    /// A text node is created by its first piece of text, and the current line is the line that
    /// piece ends on; the node starts that many newlines earlier.
    fn record_text(&self, id: Option<NodeId>, piece_newlines: u32) {
        if let Some(id) = id {
            self.record(id, self.line.get().saturating_sub(piece_newlines).max(1));
        }
    }

    fn text_node(&self, id: Option<NodeId>) -> Option<NodeId> {
        let html = self.inner.0.borrow();
        let node = html.tree.get(id?)?;
        node.value().is_text().then(|| node.id())
    }

    fn last_child(&self, parent: NodeId) -> Option<NodeId> {
        self.inner.0.borrow().tree.get(parent)?.last_child().map(|n| n.id())
    }

    fn prev_sibling(&self, node: NodeId) -> Option<NodeId> {
        self.inner.0.borrow().tree.get(node)?.prev_sibling().map(|n| n.id())
    }

    fn has_parent(&self, node: NodeId) -> bool {
        self.inner.0.borrow().tree.get(node).is_some_and(|n| n.parent().is_some())
    }
}

fn newlines(child: &NodeOrText<NodeId>) -> Option<u32> {
    match child {
        NodeOrText::AppendText(text) => Some(u32::try_from(text.matches('\n').count()).unwrap_or(u32::MAX)),
        NodeOrText::AppendNode(_) => None,
    }
}

impl TreeSink for LineSink {
    type Handle = NodeId;
    type Output = Parsed;
    type ElemName<'a> = <HtmlTreeSink as TreeSink>::ElemName<'a>;

    fn finish(self) -> Parsed {
        Parsed { html: self.inner.finish(), lines: self.lines.into_inner(), errors: self.errors.into_inner() }
    }

    fn parse_error(&self, msg: Cow<'static, str>) {
        let line = self.line.get();
        let mut errors = self.errors.borrow_mut();
        errors.total += 1;
        if errors.first.len() < MAX_REPORTED_ERRORS {
            errors.first.push((line, msg.clone()));
        } else {
            errors.first_unlisted.get_or_insert(line);
        }
        drop(errors);
        self.inner.parse_error(msg);
    }

    fn set_current_line(&self, line_number: u64) {
        self.line.set(u32::try_from(line_number).unwrap_or(u32::MAX));
        self.inner.set_current_line(line_number);
    }

    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Self::ElemName<'a> {
        self.inner.elem_name(target)
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let id = self.inner.create_element(name, attrs, flags);
        self.record(id, self.line.get());
        id
    }

    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.inner.create_comment(text)
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.inner.create_pi(target, data)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        let text = newlines(&child);
        self.inner.append(parent, child);
        if let Some(piece_newlines) = text {
            self.record_text(self.text_node(self.last_child(*parent)), piece_newlines);
        }
    }

    /// Reimplemented rather than forwarded, so that the appends it makes go through this sink and
    /// record their lines (scraper's version calls its own methods).
    fn append_based_on_parent_node(&self, element: &NodeId, prev_element: &NodeId, child: NodeOrText<NodeId>) {
        if self.has_parent(*element) {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, name: StrTendril, public_id: StrTendril, system_id: StrTendril) {
        self.inner.append_doctype_to_document(name, public_id, system_id);
    }

    fn mark_script_already_started(&self, node: &NodeId) {
        self.inner.mark_script_already_started(node);
    }

    fn pop(&self, node: &NodeId) {
        self.inner.pop(node);
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        self.inner.same_node(x, y)
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode);
    }

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        let text = newlines(&new_node);
        self.inner.append_before_sibling(sibling, new_node);
        if let Some(piece_newlines) = text {
            self.record_text(self.text_node(self.prev_sibling(*sibling)), piece_newlines);
        }
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs);
    }

    fn associate_with_form(&self, target: &NodeId, form: &NodeId, nodes: (&NodeId, Option<&NodeId>)) {
        self.inner.associate_with_form(target, form, nodes);
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.inner.reparent_children(node, new_parent);
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &NodeId) -> bool {
        self.inner.is_mathml_annotation_xml_integration_point(handle)
    }

    fn allow_declarative_shadow_roots(&self, intended_parent: &NodeId) -> bool {
        self.inner.allow_declarative_shadow_roots(intended_parent)
    }

    fn attach_declarative_shadow(&self, location: &NodeId, template: &NodeId, attrs: &[Attribute]) -> bool {
        self.inner.attach_declarative_shadow(location, template, attrs)
    }

    fn maybe_clone_an_option_into_selectedcontent(&self, option: &NodeId) {
        self.inner.maybe_clone_an_option_into_selectedcontent(option);
    }
}

pub(super) fn report_errors(errors: &ParseErrors, file: &str, diags: &mut Diagnostics) {
    for (line, msg) in &errors.first {
        diags.warning(
            &Source::new(file, *line),
            rules::HTML_MALFORMED,
            format!("malformed HTML ({msg}); the page is read as a browser repairs it"),
        );
    }
    if let Some(line) = errors.first_unlisted {
        let more = errors.total - errors.first.len();
        let errors = if more == 1 { "error" } else { "errors" };
        diags.warning(
            &Source::new(file, line),
            rules::HTML_MALFORMED,
            format!(
                "{more} more HTML parse {errors} from here on, not listed; the page is read as a browser repairs it"
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Level;
    use crate::read::Block;
    use crate::read::html::tests::{items, para, read, read_with_diags};

    #[test]
    fn every_block_carries_its_source_line() {
        let html = "<!DOCTYPE html>\n\
                    <html><head><title>t</title></head>\n\
                    <body>\n\
                    <h1>Title</h1>\n\
                    <p>First\n\
                       paragraph</p>\n\
                    <ul>\n\
                      <li>one\n\
                        <ul>\n\
                          <li>one.a</li>\n\
                        </ul>\n\
                      </li>\n\
                      <li\n\
                        class=\"x\">two</li>\n\
                    </ul>\n\
                    <table>\n\
                      <tr><th>Name</th><th>Type</th></tr>\n\
                      <tr><td>uuid</td><td>String</td></tr>\n\
                      <tr>\n\
                        <td>name</td><td>String</td></tr>\n\
                    </table>\n\
                    <pre>curl\n\
                    -X PUT</pre>\n\
                    <h2>Next</h2>\n\
                    </body></html>\n";
        let doc = read(html);
        assert_eq!(doc.blocks[0], Block::Heading { level: 1, text: "Title".into(), line: 4 });
        assert_eq!(doc.blocks[1], para("First paragraph", 5));
        let list = items(&doc.blocks[2]);
        assert_eq!((list[0].text.as_str(), list[0].line), ("one", 8));
        assert_eq!(items(&list[0].children[0])[0].line, 10);
        // A start tag that spans lines has the line it ends on.
        assert_eq!((list[1].text.as_str(), list[1].line), ("two", 14));
        let Block::Table { header, rows, line } = &doc.blocks[3] else { panic!("not a table: {:?}", doc.blocks[3]) };
        assert_eq!((header.as_slice(), *line), (&["Name".to_owned(), "Type".to_owned()][..], 16));
        assert_eq!(
            rows.iter().map(|r| (r.cells.join(","), r.line)).collect::<Vec<_>>(),
            [("uuid,String".into(), 18), ("name,String".into(), 19)]
        );
        assert_eq!(doc.blocks[4], Block::Code { text: "curl\n-X PUT".into(), line: 22 });
        assert_eq!(doc.blocks[5], Block::Heading { level: 2, text: "Next".into(), line: 24 });
    }

    #[test]
    fn a_fragment_without_doctype_is_normal_input() {
        let (doc, diags) = read_with_diags("<h2>Body</h2>\n<p>text</p>\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(doc.blocks[1], para("text", 2));
    }

    #[test]
    fn broken_markup_is_repaired_and_reported_at_its_line() {
        let (doc, diags) = read_with_diags("<p>ok</p>\n<ul><li>a<ul><li>b");
        let list = items(&doc.blocks[1]);
        assert_eq!(list[0].text, "a");
        assert_eq!(items(&list[0].children[0])[0].text, "b");
        assert_eq!(diags.len(), 1);
        assert_eq!((diags[0].level, diags[0].rule, diags[0].source.line), (Level::Warning, "html-malformed", 2));

        let (doc, _) = read_with_diags("<table><tr><td>a<td>b");
        let Block::Table { rows, .. } = &doc.blocks[0] else { panic!("not a table") };
        assert_eq!(rows[0].cells, ["a", "b"]);
    }

    #[test]
    fn parse_errors_are_capped_per_file() {
        let (doc, diags) = read_with_diags(&"</b></i>\n".repeat(20));
        assert!(doc.blocks.is_empty());
        assert_eq!(diags.len(), MAX_REPORTED_ERRORS + 1);
        let last = diags.last().map(|d| d.message.as_str()).unwrap_or_default();
        assert!(last.starts_with("35 more HTML parse errors"), "{last}");
    }
}
