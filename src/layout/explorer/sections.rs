//! The page cut into its sections: the section titles and the other user-interface words, and
//! each line and field list put under the section it stands in (nothing is interpreted here).

use super::Item;
use super::examples::{looks_like_json, status_prefix};
use crate::facts::LineRole;
use crate::model::ParamLocation;
use crate::read::{Block, ListItem};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Section {
    Preamble,
    /// User-interface text that carries no API facts.
    Chrome,
    Params(ParamLocation),
    Body,
    Responses,
    Endpoint,
    OperationId,
    RequestExample,
    ResponseExample,
    ChangeHistory,
}

/// Section title lines, in English and in the Chinese pages' wording where known.
const SECTIONS: &[(&str, Section)] = &[
    ("Path Parameters", Section::Params(ParamLocation::Path)),
    ("Query Parameters", Section::Params(ParamLocation::Query)),
    ("Header Parameters", Section::Params(ParamLocation::Header)),
    ("Body Fields", Section::Body),
    ("Responses", Section::Responses),
    ("Endpoint", Section::Endpoint),
    ("Operation ID", Section::OperationId),
    ("Request Example", Section::RequestExample),
    ("Response Example", Section::ResponseExample),
    ("Change History", Section::ChangeHistory),
    ("Request Inputs", Section::Chrome),
    ("Execution Availability", Section::Chrome),
    ("Try It Out", Section::Chrome),
    ("Permalink", Section::Chrome),
    ("路径参数", Section::Params(ParamLocation::Path)),
    ("查询参数", Section::Params(ParamLocation::Query)),
    ("请求头参数", Section::Params(ParamLocation::Header)),
    ("请求体字段", Section::Body),
    ("响应状态", Section::Responses),
    ("请求地址", Section::Endpoint),
    ("请求示例", Section::RequestExample),
    ("响应示例", Section::ResponseExample),
    ("变更历史", Section::ChangeHistory),
    ("请求参数", Section::Chrome),
    ("调试可用性", Section::Chrome),
    ("在线调试", Section::Chrome),
];

/// The sections after the fields: a page that has none of them was cut short.
pub(super) const TAIL: &[Section] = &[
    Section::Endpoint,
    Section::OperationId,
    Section::RequestExample,
    Section::ResponseExample,
    Section::ChangeHistory,
];

/// Lines of user-interface text outside the chrome sections.
const CHROME_LINES: &[&str] = &[
    "Skip to main content",
    "Submit a mock request using the current auth context and example-driven inputs.",
    "View all change history",
    "跳转到主要内容",
    "使用当前认证信息和示例参数提交 Mock 请求。",
    "查看全部变更历史",
];

/// Lines inside `Responses` that introduce the example bodies of a DELETE page.
const SUCCESS_EXAMPLE: &str = "Success Response";
const ERROR_EXAMPLE: &str = "Error Response";

pub(super) fn section_of(line: &str) -> Option<Section> {
    SECTIONS.iter().find(|(title, _)| *title == line).map(|(_, s)| *s)
}

/// The page cut into its sections, before any field is interpreted.
#[derive(Default)]
pub(super) struct Sections<'d> {
    pub(super) preamble: Vec<(&'d str, u32)>,
    pub(super) params: Vec<(ParamLocation, &'d [ListItem])>,
    pub(super) body: Vec<&'d [ListItem]>,
    pub(super) responses: Vec<RawResponse<'d>>,
    pub(super) endpoint: Vec<(&'d str, u32)>,
    pub(super) operation_id: Vec<(&'d str, u32)>,
    pub(super) request_example: Vec<(&'d str, u32)>,
    pub(super) response_example: Vec<(&'d str, u32)>,
    pub(super) change_history: Vec<(&'d str, u32)>,
    /// Field lines of a flat copy (no bullets): one field a line, description fused.
    pub(super) flat_params: Vec<(ParamLocation, &'d str, u32)>,
    pub(super) flat_body: Vec<(&'d str, u32)>,
    /// Field lists met where no section takes fields (its title missing or garbled), with the
    /// section they stand in.
    pub(super) stray: Vec<(Section, &'d [ListItem])>,
    /// Lines of the chrome sections (`Request Inputs`…) that are no chrome line: a flat copy's
    /// field lines land here when their section title is garbled.
    pub(super) loose: Vec<(&'d str, u32)>,
    /// Every section title met, in page order.
    pub(super) seen: Vec<Section>,
    /// What each line read here became (fields are marked when they are read).
    pub(super) marks: Vec<(u32, LineRole)>,
    pub(super) last_line: u32,
}

/// One status of the `Responses` section.
pub(super) struct RawResponse<'d> {
    pub(super) status: Option<u16>,
    pub(super) line: u32,
    pub(super) description: Vec<&'d str>,
    pub(super) fields: Vec<&'d [ListItem]>,
    /// JSON shown inline (`Success Response` / `Error Response` on DELETE pages).
    pub(super) example: Vec<(&'d str, u32)>,
}

impl<'d> RawResponse<'d> {
    fn new(status: Option<u16>, line: u32) -> Self {
        Self { status, line, description: Vec::new(), fields: Vec::new(), example: Vec::new() }
    }
}

pub(super) fn split_sections<'d>(items: &[Item<'d>]) -> Sections<'d> {
    let mut s = Sections::default();
    let mut section = Section::Preamble;
    for item in items {
        match *item {
            Item::Line { text, line } => {
                s.last_line = s.last_line.max(line);
                if let Some(next) = section_of(text) {
                    s.marks.push((line, LineRole::Structure));
                    s.seen.push(next);
                    section = next;
                } else if CHROME_LINES.contains(&text) {
                    s.marks.push((line, LineRole::Chrome));
                } else if let Some((before, next)) = fused_heading(text) {
                    // `200{…}Change History`: the example, then the next section's title.
                    push_line(&mut s, section, before, line);
                    s.seen.push(next);
                    section = next;
                } else {
                    push_line(&mut s, section, text, line);
                }
            }
            Item::Code { text, line } => {
                s.last_line = s.last_line.max(line + text.lines().count() as u32);
                s.marks.extend((line..).take(text.lines().count().max(1)).map(|l| (l, LineRole::Example)));
                push_line(&mut s, section, text, line);
            }
            Item::List(list) => {
                s.last_line = s.last_line.max(last_line_of(list));
                push_list(&mut s, section, list);
            }
            Item::Table(_) => {}
        }
    }
    s
}

/// A line that ends in a section title glued to JSON (`…} }Change History`): the JSON part and
/// the section.
fn fused_heading(text: &str) -> Option<(&str, Section)> {
    SECTIONS.iter().filter(|(_, s)| *s != Section::Chrome).find_map(|(title, section)| {
        let before = text.strip_suffix(title)?.trim_end();
        before.ends_with(['}', ']']).then_some((before, *section))
    })
}

fn push_line<'d>(s: &mut Sections<'d>, section: Section, text: &'d str, line: u32) {
    let (target, role) = match section {
        Section::Preamble => (&mut s.preamble, None),
        Section::Endpoint => (&mut s.endpoint, Some(LineRole::Fact)),
        Section::OperationId => (&mut s.operation_id, Some(LineRole::Fact)),
        Section::RequestExample => (&mut s.request_example, Some(LineRole::Example)),
        Section::ResponseExample => (&mut s.response_example, Some(LineRole::Example)),
        Section::ChangeHistory => (&mut s.change_history, Some(LineRole::Text)),
        Section::Responses => {
            let role = push_response_line(&mut s.responses, text, line);
            s.marks.push((line, role));
            return;
        }
        Section::Params(location) => return s.flat_params.push((location, text, line)),
        Section::Body => return s.flat_body.push((text, line)),
        Section::Chrome => return s.loose.push((text, line)),
    };
    s.marks.extend(role.map(|r| (line, r)));
    target.push((text, line));
}

fn push_response_line<'d>(responses: &mut Vec<RawResponse<'d>>, text: &'d str, line: u32) -> LineRole {
    if let Some((status, _)) = status_prefix(text) {
        responses.push(RawResponse::new(Some(status), line));
        return LineRole::Structure;
    }
    if text == ERROR_EXAMPLE {
        responses.push(RawResponse::new(None, line));
        return LineRole::Structure;
    }
    let Some(current) = responses.last_mut() else { return LineRole::Chrome };
    if text == SUCCESS_EXAMPLE {
        return LineRole::Structure;
    }
    if looks_like_json(text) || !current.example.is_empty() {
        current.example.push((text, line));
        LineRole::Example
    } else {
        current.description.push(text);
        LineRole::Text
    }
}

fn push_list<'d>(s: &mut Sections<'d>, section: Section, list: &'d [ListItem]) {
    match section {
        Section::Params(location) => s.params.push((location, list)),
        Section::Body => s.body.push(list),
        Section::Responses if !s.responses.is_empty() => {
            if let Some(r) = s.responses.last_mut() {
                r.fields.push(list);
            }
        }
        _ => s.stray.push((section, list)),
    }
}

fn last_line_of(list: &[ListItem]) -> u32 {
    list.iter()
        .map(|item| {
            item.children.iter().fold(item.line, |max, b| match b {
                Block::List { items } => max.max(last_line_of(items)),
                other => max.max(other.line()),
            })
        })
        .max()
        .unwrap_or(0)
}
