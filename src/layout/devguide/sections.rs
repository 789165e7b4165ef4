//! The page cut into its sections by its headings (matched by their words, in English and in
//! Chinese, never by level), before anything is interpreted.

use super::columns::is_parameter_header;
use crate::diag::{Diagnostics, rules};
use crate::model::Source;
use crate::read::{Block, Document};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// Before any known heading: the title and the description.
    Preamble,
    /// Between `API Request` and its first subsection: nothing is read.
    Request,
    Urls,
    Headers,
    Body,
    Curl,
    Params,
    Queryable,
    Response,
    Sdk,
    /// A heading this layout does not know; its content is passed over.
    Other,
}

/// Section headings, English and Chinese.
const SECTIONS: &[(&str, Section)] = &[
    ("API Request", Section::Request),
    ("API请求", Section::Request),
    ("URLs", Section::Urls),
    ("URL", Section::Urls),
    ("Headers", Section::Headers),
    ("Body", Section::Body),
    ("Curl Sample", Section::Curl),
    ("Curl示例", Section::Curl),
    ("Request Parameters", Section::Params),
    ("参数列表", Section::Params),
    ("Queryable Fields", Section::Queryable),
    ("可查询字段", Section::Queryable),
    ("API Response", Section::Response),
    ("API返回", Section::Response),
    ("Sample Response", Section::Response),
    ("返回示例", Section::Response),
    ("SDK Sample", Section::Sdk),
    ("SDK示例", Section::Sdk),
    ("Java SDK", Section::Sdk),
    ("Python SDK", Section::Sdk),
];

/// Whether a heading opens the `API Request` section, the sign of a Dev Guide page.
pub(super) fn is_request_heading(heading: &str) -> bool {
    section_of(heading) == Some(Section::Request)
}

/// Whether the headings include two of the sections only a Dev Guide page has (`URLs`, `Curl
/// Sample`, `Request Parameters`, `API Response`, ...): a page whose `API Request` heading is
/// broken is still one.
pub(super) fn has_dev_guide_sections<'h>(headings: impl Iterator<Item = &'h str>) -> bool {
    let mut found: Vec<Section> = headings
        .filter_map(section_of)
        .filter(|s| !matches!(s, Section::Request | Section::Headers | Section::Body))
        .collect();
    found.sort_by_key(|s| *s as u8);
    found.dedup();
    found.len() >= 2
}

fn section_of(heading: &str) -> Option<Section> {
    let heading = heading.trim();
    SECTIONS.iter().find(|(title, _)| title.eq_ignore_ascii_case(heading)).map(|(_, s)| *s)
}

/// The page cut into its sections, before anything is interpreted.
#[derive(Default)]
pub(super) struct Sections<'d> {
    pub(super) title: Option<(&'d str, u32)>,
    pub(super) description: Vec<&'d str>,
    /// Lines of text (code or paragraphs) in the URLs section.
    pub(super) urls: Vec<(&'d str, u32)>,
    /// `Some` when the page has a Headers section.
    pub(super) headers: Option<Vec<(&'d str, u32)>>,
    pub(super) body: Vec<(&'d str, u32)>,
    pub(super) curl: Vec<(&'d str, u32)>,
    pub(super) params: Vec<&'d Block>,
    /// The line of the `API Response` heading, and the blocks after it.
    pub(super) response: Option<(u32, Vec<&'d Block>)>,
    pub(super) sdk: Vec<(&'d str, u32)>,
    pub(super) last_line: u32,
}

pub(super) fn split_sections<'d>(doc: &'d Document, file: &str, diags: &mut Diagnostics) -> Sections<'d> {
    let mut s = Sections::default();
    let mut section = (Section::Preamble, 0);
    for block in &doc.blocks {
        s.last_line = s.last_line.max(last_line(block));
        if let Block::Heading { text, line, level } = block {
            // Markdown copies make the `#path` labels of the response's sub-tables headings
            // (`#### #error`): they belong to the response, where a `#path` line says which field
            // the next table details.
            if section.0 == Section::Response && super::responses::is_reference(text) {
                push_block(&mut s, Section::Response, block);
                continue;
            }
            let at = Heading { text, line: *line, level: *level };
            section = heading(&mut s, section, at, file, diags);
            continue;
        }
        let section = section.0;
        push_block(&mut s, section, block);
    }
    s
}

struct Heading<'d> {
    text: &'d str,
    line: u32,
    level: u8,
}

/// The section a heading opens, with the level of the heading that opened it; the first unknown
/// heading of the page is its title. An unknown heading below the heading of a known section (a
/// broken `### Sample Response` under `## API Response`) keeps that section: its content is read.
fn heading<'d>(
    s: &mut Sections<'d>,
    (current, level): (Section, u8),
    Heading { text, line, level: depth }: Heading<'d>,
    file: &str,
    diags: &mut Diagnostics,
) -> (Section, u8) {
    if let Some(next) = section_of(text) {
        if next == Section::Response && s.response.is_none() {
            s.response = Some((line, Vec::new()));
        }
        return (next, depth);
    }
    if current == Section::Preamble && s.title.is_none() {
        s.title = Some((text.trim(), line));
        return (Section::Preamble, level);
    }
    if !matches!(current, Section::Preamble | Section::Other) && depth > level {
        diags.note(
            &Source::new(file, line),
            rules::DEVGUIDE_UNKNOWN_SECTION,
            format!(
                "the heading `{}` is not one of a Dev Guide page; what follows it is read as part of the section above",
                text.trim()
            ),
        );
        return (current, level);
    }
    diags.note(
        &Source::new(file, line),
        rules::DEVGUIDE_UNKNOWN_SECTION,
        format!("the section `{}` is not part of a Dev Guide page; its content is not read", text.trim()),
    );
    (Section::Other, depth)
}

fn push_block<'d>(s: &mut Sections<'d>, section: Section, block: &'d Block) {
    if let Block::Table { header, .. } = block
        && section != Section::Response
        && (section == Section::Params || is_parameter_header(header))
    {
        s.params.push(block);
        return;
    }
    let texts = match section {
        Section::Preamble => {
            if let (Some(_), Block::Paragraph { text, .. }) = (s.title, block) {
                s.description.push(text);
            }
            return;
        }
        Section::Response => {
            if let Some((_, blocks)) = s.response.as_mut() {
                blocks.push(block);
            }
            return;
        }
        Section::Urls => &mut s.urls,
        Section::Headers => s.headers.get_or_insert_with(Vec::new),
        Section::Body => &mut s.body,
        Section::Curl => &mut s.curl,
        Section::Sdk => &mut s.sdk,
        Section::Request | Section::Params | Section::Queryable | Section::Other => return,
    };
    match block {
        Block::Code { text, line } => texts.push((text, *line)),
        Block::Paragraph { text, line } if section != Section::Body && section != Section::Curl => {
            texts.push((text, *line));
        }
        _ => {}
    }
}

/// The last source line a block covers, for errors about what the page lacks.
fn last_line(block: &Block) -> u32 {
    match block {
        Block::Paragraph { text, line } | Block::Code { text, line } => {
            let more = u32::try_from(text.lines().count().saturating_sub(1)).unwrap_or(u32::MAX);
            line.saturating_add(more)
        }
        Block::Table { rows, line, .. } => rows.last().map_or(*line, |r| r.line),
        other => other.line(),
    }
}

/// The lines of a set of text blocks, each with its source line.
pub(super) fn lines_of<'d>(texts: &[(&'d str, u32)]) -> impl Iterator<Item = (&'d str, u32)> {
    texts
        .iter()
        .flat_map(|(text, line)| text.lines().zip(*line..))
        .map(|(t, l)| (t.trim(), l))
        .filter(|(t, _)| !t.is_empty())
}
