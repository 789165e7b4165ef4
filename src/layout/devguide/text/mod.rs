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

mod examples;
mod segments;
mod tables;
mod title;

use segments::{Seg, is_sdk_line, segments, url_lines, word_heading};
use tables::table_header;

// `title.rs` names the title helpers as `super::name`.
use super::name;

use crate::diag::{Diagnostics, rules};
use crate::facts::LineRole;
use crate::model::Source;
use crate::read::{Block, Document};

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

    fn heading_is_next(&self) -> bool {
        let Some(here) = self.text(self.pos) else { return false };
        word_heading(here).is_some()
            || self.text(self.pos + 1).is_some_and(|n| word_heading(&format!("{here} {n}")).is_some())
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
}
