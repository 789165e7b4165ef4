//! The API Explorer layout (ZStack's `docs/api-explorer` pages).
//!
//! A page reads, top to bottom: chrome (`Skip to main content`), the category breadcrumb, the badge
//! row (`PUT` · group · `Since 3.0.0` · `Synchronous` · `Auth Required`, fused in a text copy), the
//! title, then sections introduced by a line of their own: `Path Parameters`, `Query Parameters`,
//! `Body Fields` (field lists), `Responses` (`200 OK`, a sentence, a field list), `Endpoint`,
//! `Operation ID`, `Request Example` (a curl line), `Response Example` (a status, then JSON) and
//! `Change History`. Field lists nest by indentation and their headers are fused
//! (`statusEventTicketStatusEventRequired`, see [`super::field_header`]).
//!
//! The same page comes in other forms, read by the same code:
//! - flat (a text dump): no bullets, no blank lines, one field per line with its description fused
//!   (`usernameStringRequiredThe SSH username.`), nesting only in the example JSON (see [`flat`]),
//!   the response example fused to its status and to the next heading (`200{…}Change History`),
//!   sometimes no breadcrumb and no badge (the first line is the title);
//! - Chinese UI: `起始版本`/`同步`/`需要认证` in the badge, Chinese section titles (`请求体字段`,
//!   `响应示例`…), `必填` for required, a Chinese title and no `Operation ID` section (the id is
//!   inferred, see [`operation_id`]);
//! - partial (a copy cut short): what is there is read and `page-incomplete` names what is not.

mod flat;
mod operation_id;

use std::collections::BTreeSet;

use serde_json::Value;

use super::field_header::{self, Evidence, Split};
use super::{Item, curl, json};
use crate::diag::{Diagnostics, rules};
use crate::doctype::{self, DocType};
use crate::example;
use crate::facts::{DocField, DocParam, DocResponse, LineRole, PageFacts};
use crate::model::{Completion, Example, Method, ParamLocation, Source};
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
const TAIL: &[Section] = &[
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

/// What a page says, under `Request Inputs`, when an API takes no parameters.
const NO_PARAMS: &[&str] = &["This API requires no request parameters.", "此接口无需请求参数。"];

/// What a page says when an API has no change history.
const NO_HISTORY: &[&str] = &["This API has no change history records yet.", "此 API 暂无变更历史记录。"];

/// Lines inside `Responses` that introduce the example bodies of a DELETE page.
const SUCCESS_EXAMPLE: &str = "Success Response";
const ERROR_EXAMPLE: &str = "Error Response";

/// The badge words, English and Chinese.
const SINCE_MARKERS: &[&str] = &["Since ", "起始版本"];
const SYNC_MARKERS: &[(&str, Completion)] = &[
    ("Asynchronous", Completion::Asynchronous),
    ("Synchronous", Completion::Synchronous),
    ("异步", Completion::Asynchronous),
    ("同步", Completion::Synchronous),
];
const AUTH_MARKERS: &[(&str, bool)] = &[
    ("No Auth Required", false),
    ("Auth Not Required", false),
    ("No Auth", false),
    ("无需认证", false),
    ("Auth Required", true),
    ("需要认证", true),
];

/// Whether a flattened page looks like an Explorer page: a badge line, or two section titles.
pub(super) fn recognise(items: &[Item<'_>]) -> bool {
    let mut titles = 0;
    for item in items {
        if let Item::Line { text, .. } = item {
            if parse_badge(text).is_some() {
                return true;
            }
            if matches!(section_of(text), Some(s) if s != Section::Chrome) {
                titles += 1;
            }
        }
    }
    titles >= 2
}

fn section_of(line: &str) -> Option<Section> {
    SECTIONS.iter().find(|(title, _)| *title == line).map(|(_, s)| *s)
}

/// The badge row: `PUTTicket OperationsSince 3.0.0SynchronousAuth Required` (fused) or the same
/// words spaced.
#[derive(Debug, Clone, PartialEq)]
struct Badge {
    method: Method,
    group: Option<String>,
    since: Option<String>,
    completion: Option<Completion>,
    auth: Option<bool>,
}

fn parse_badge(line: &str) -> Option<Badge> {
    let (method, rest) = Method::split_prefix(line)?;
    let since = SINCE_MARKERS.iter().find_map(|m| rest.find(m).map(|at| (at, m.len())));
    let completion = SYNC_MARKERS.iter().find_map(|(m, c)| rest.find(m).map(|at| (at, *c)));
    let auth = AUTH_MARKERS.iter().find_map(|(m, a)| rest.find(m).map(|at| (at, *a)));
    let group_end = [since.map(|s| s.0), completion.map(|c| c.0), auth.map(|a| a.0)].into_iter().flatten().min()?;
    let group = rest[..group_end].trim();
    let since = since.map(|(at, len)| {
        rest[at + len..].trim_start().chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect::<String>()
    });
    Some(Badge {
        method,
        group: (!group.is_empty()).then(|| group.to_owned()),
        since: since.filter(|s| !s.is_empty()),
        completion: completion.map(|c| c.1),
        auth: auth.map(|a| a.1),
    })
}

/// The page cut into its sections, before any field is interpreted.
#[derive(Default)]
struct Sections<'d> {
    preamble: Vec<(&'d str, u32)>,
    params: Vec<(ParamLocation, &'d [ListItem])>,
    body: Vec<&'d [ListItem]>,
    responses: Vec<RawResponse<'d>>,
    endpoint: Vec<(&'d str, u32)>,
    operation_id: Vec<(&'d str, u32)>,
    request_example: Vec<(&'d str, u32)>,
    response_example: Vec<(&'d str, u32)>,
    change_history: Vec<(&'d str, u32)>,
    /// Field lines of a flat copy (no bullets): one field a line, description fused.
    flat_params: Vec<(ParamLocation, &'d str, u32)>,
    flat_body: Vec<(&'d str, u32)>,
    /// Field lists met where no section takes fields (its title missing or garbled), with the
    /// section they stand in.
    stray: Vec<(Section, &'d [ListItem])>,
    /// Lines of the chrome sections (`Request Inputs`…) that are no chrome line: a flat copy's
    /// field lines land here when their section title is garbled.
    loose: Vec<(&'d str, u32)>,
    /// Every section title met, in page order.
    seen: Vec<Section>,
    /// What each line read here became (fields are marked when they are read).
    marks: Vec<(u32, LineRole)>,
    last_line: u32,
}

/// One status of the `Responses` section.
struct RawResponse<'d> {
    status: Option<u16>,
    line: u32,
    description: Vec<&'d str>,
    fields: Vec<&'d [ListItem]>,
    /// JSON shown inline (`Success Response` / `Error Response` on DELETE pages).
    example: Vec<(&'d str, u32)>,
}

impl<'d> RawResponse<'d> {
    fn new(status: Option<u16>, line: u32) -> Self {
        Self { status, line, description: Vec::new(), fields: Vec::new(), example: Vec::new() }
    }
}

fn split_sections<'d>(items: &[Item<'d>]) -> Sections<'d> {
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

/// Field lists in no section that takes fields: a section title before them is missing or is none
/// the layout knows (`Path Pa`, `Resp`). Their lines are not read; one warning per list names every
/// field line, so that each field it would have given is named.
fn report_stray(s: &Sections<'_>, file: &str, facts: &mut PageFacts, diags: &mut Diagnostics) {
    for &(section, list) in &s.stray {
        let mut headers = Vec::new();
        item_lines(list, &mut headers, &mut |line| facts.mark(line, LineRole::NotUnderstood));
        let Some(first) = list.first() else { continue };
        let place = match section {
            Section::Preamble => "before any section".to_owned(),
            Section::Responses => "in `Responses` before any status line such as `200 OK`".to_owned(),
            other => format!("in the {other:?} section, which holds no fields"),
        };
        let quoted: Vec<String> = headers.iter().map(|(text, line)| format!("`{text}` ({line})")).collect();
        diags.warning(
            &Source::new(file, first.line),
            rules::FIELDS_OUTSIDE_SECTION,
            format!(
                "a field list {place}: the section title before it is missing or is none the layout knows (such as `Body Fields` or `Path Parameters`), so its {} field lines are not read: {}",
                headers.len(),
                quoted.join(", ")
            ),
        );
    }
}

/// Chrome-section lines that are no user-interface text the layout knows: a flat field line (read
/// as one on strong evidence: a built-in or known type, or a name the examples hold) or any other
/// line whose section title before it is garbled (a curl command under a garbled `Request
/// Example`). Each is reported where it stands.
fn report_loose(s: &Sections<'_>, reader: &mut FieldReader<'_, '_>) {
    for &(text, line) in &s.loose {
        if NO_PARAMS.contains(&text) {
            reader.marks.push((line, LineRole::Chrome));
            continue;
        }
        let evidence =
            Evidence { sibling_keys: BTreeSet::new(), page_keys: reader.page_keys, known_types: reader.known_types };
        let field = match field_header::split_described(text, &evidence) {
            Ok((Split::Clear(h), _)) => Some(h),
            _ => None,
        }
        .filter(|h| {
            doctype::is_vocabulary(&h.doc_type)
                || reader.known_types.contains(&h.doc_type)
                || reader.page_keys.contains(h.name.as_str())
        });
        let Some(field) = field else {
            reader.not_understood(
                line,
                &format!(
                    "`{}` stands in a user-interface section (such as `Request Inputs` or `Permalink`) but is no text the layout knows there: it is not read (is the section title before it garbled?)",
                    abridged(text)
                ),
            );
            continue;
        };
        reader.marks.push((line, LineRole::NotUnderstood));
        reader.diags.warning(
            &Source::new(reader.file, line),
            rules::FIELDS_OUTSIDE_SECTION,
            format!(
                "`{text}` reads as the field `{}` but stands in no section that holds fields: the section title before it is missing or is none the layout knows (such as `Body Fields` or `Path Parameters`), so it is not read",
                field.name
            ),
        );
    }
}

/// A line short enough to quote in a message.
fn abridged(text: &str) -> String {
    const MAX: usize = 80;
    match text.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// Every field header of a list, nested ones too, with its line; `mark` gets every line the list
/// holds.
fn item_lines<'d>(list: &'d [ListItem], headers: &mut Vec<(&'d str, u32)>, mark: &mut impl FnMut(u32)) {
    for item in list {
        headers.push((item.text.as_str(), item.line));
        mark(item.line);
        for block in &item.children {
            match block {
                Block::List { items } => item_lines(items, headers, mark),
                other => mark(other.line()),
            }
        }
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

/// `200 OK`, `200`, `200{...}` → the status and the rest of the line.
fn status_prefix(text: &str) -> Option<(u16, &str)> {
    let digits = text.get(..3)?;
    let rest = &text[3..];
    if !digits.bytes().all(|b| b.is_ascii_digit()) || rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let status: u16 = digits.parse().ok()?;
    (100..600).contains(&status).then_some((status, rest.trim()))
}

fn looks_like_json(text: &str) -> bool {
    text.starts_with('{') || text.starts_with('[')
}

/// Reads an Explorer page into facts. Problems become diagnostics; the facts hold what could be
/// read, and `None` comes back only when the page names no operation at all.
pub(super) fn interpret(items: &[Item<'_>], file: &str, diags: &mut Diagnostics) -> Option<PageFacts> {
    let sections = split_sections(items);
    let mut facts = PageFacts::default();
    let cut = incomplete(&sections, file, diags);
    read_preamble(&sections, file, &mut facts, diags);
    read_operation_id(&sections, file, &mut facts, diags);
    read_endpoint(&sections, file, &mut facts, cut.is_some(), diags);
    read_request_example(&sections, file, &mut facts, diags);
    read_response_examples(&sections, file, &mut facts, diags);
    read_change_history(&sections, &mut facts);
    read_fields(&sections, file, &mut facts, cut, diags);
    operation_id::infer(&sections, file, &mut facts, diags);
    report_stray(&sections, file, &mut facts, diags);
    for &(line, role) in &sections.marks {
        facts.mark(line, role);
    }
    facts.operation_id.is_some().then_some(facts)
}

/// A page with none of the sections that follow the fields was cut short: one warning names what
/// is missing, and the last line (cut mid-word, as likely as not) is read as nothing. Returns
/// that line.
fn incomplete(s: &Sections<'_>, file: &str, diags: &mut Diagnostics) -> Option<u32> {
    if TAIL.iter().any(|t| s.seen.contains(t)) {
        return None;
    }
    let mut missing = vec![
        "the Endpoint (method and path)",
        "the Operation ID section",
        "the request example",
        "the response example",
        "the change history",
    ];
    if !s.seen.contains(&Section::Responses) {
        missing.insert(1, "the Responses section");
    }
    diags.warning(
        &Source::new(file, s.last_line.max(1)),
        rules::PAGE_INCOMPLETE,
        format!(
            "the page stops at line {} before its end: {} are missing; the last line is taken as cut and read as nothing, and without a path the page gives an operation only merged with another page of the same API",
            s.last_line,
            missing.join(", ")
        ),
    );
    Some(s.last_line)
}

fn read_preamble(s: &Sections<'_>, file: &str, facts: &mut PageFacts, diags: &mut Diagnostics) {
    let mut badge_seen = false;
    let mut description = Vec::new();
    for &(text, line) in &s.preamble {
        facts.mark(line, if badge_seen { LineRole::Text } else { LineRole::Fact });
        if !badge_seen {
            if let Some(badge) = parse_badge(text) {
                badge_seen = true;
                facts.method = Some(badge.method);
                facts.group = badge.group;
                facts.since = badge.since;
                facts.completion = badge.completion;
                facts.auth_required = badge.auth;
            } else if text.contains('/') && facts.category.is_empty() {
                facts.category = text.split('/').map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect();
            }
        } else if facts.title.is_none() {
            facts.title = Some(text.to_owned());
            facts.source = Some(Source::new(file, line));
        } else if facts.title.as_deref() != Some(text) {
            description.push(text);
        }
    }
    if !badge_seen {
        // No badge: the first line that is no breadcrumb is the title (a flat copy's first line).
        if let Some(&(text, line)) = s.preamble.iter().find(|(t, _)| !t.contains('/')) {
            facts.title = Some(text.to_owned());
            facts.source = Some(Source::new(file, line));
            facts.mark(line, LineRole::Text);
        }
        let line = s.preamble.first().map_or(1, |p| p.1);
        diags.warning(
            &Source::new(file, line),
            rules::EXPLORER_NO_BADGE,
            "no badge line before the title: expected a line such as `PUTTicket OperationsSince 3.0.0SynchronousAuth Required`",
        );
    }
    if !description.is_empty() {
        facts.description = Some(description.join("\n"));
    }
}

fn read_operation_id(s: &Sections<'_>, file: &str, facts: &mut PageFacts, diags: &mut Diagnostics) {
    let id = s.operation_id.first().map(|(t, _)| t.to_string()).or_else(|| facts.title.clone());
    match id {
        Some(id) if field_header::is_field_name(&id) => {
            if let (Some(title), Some((_, line))) = (&facts.title, s.operation_id.first())
                && *title != id
            {
                diags.note(
                    &Source::new(file, *line),
                    rules::EXPLORER_TITLE_DIFFERS,
                    format!("the operation ID `{id}` differs from the title `{title}`; the operation ID is used"),
                );
            }
            facts.source.get_or_insert_with(|| Source::new(file, s.operation_id.first().map_or(1, |o| o.1)));
            facts.operation_id = Some(id);
        }
        Some(id) if !s.operation_id.is_empty() => diags.error(
            &Source::new(file, s.operation_id.first().map_or(1, |o| o.1)),
            rules::EXPLORER_OPERATION_ID,
            format!("`{id}` is not an operation ID: expected a name such as `ChangeTicketStatus`"),
        ),
        // A title that is no name (`更新工单请求`) and no Operation ID section: the id is
        // inferred once the fields are read (see `operation_id`).
        _ => {}
    }
}

fn read_endpoint(s: &Sections<'_>, file: &str, facts: &mut PageFacts, cut: bool, diags: &mut Diagnostics) {
    for &(text, line) in &s.endpoint {
        let (method, path) = match Method::split_prefix(text) {
            Some((m, rest)) => (Some(m), rest.trim()),
            None => (None, text),
        };
        if !path.starts_with('/') {
            diags.warning(
                &Source::new(file, line),
                rules::EXPLORER_ENDPOINT,
                format!("`{text}` in the Endpoint section is not a path: expected `METHOD /path`"),
            );
            continue;
        }
        let path = path.split_once('?').map_or(path, |(p, _)| p).to_owned();
        if let Some(m) = method {
            check_method(facts, m, &Source::new(file, line), diags);
        }
        if !facts.paths.contains(&path) {
            facts.paths.push(path);
        }
    }
    if facts.paths.is_empty() && !cut {
        diags.error(
            &Source::new(file, s.last_line.max(1)),
            rules::EXPLORER_ENDPOINT,
            "the page has no Endpoint section: expected a line `Endpoint` followed by `METHOD /path` (such as `PUT/zstack/v1/tickets/{uuid}/actions`)",
        );
    }
    if facts.method.is_none() && !cut {
        diags.error(
            &Source::new(file, s.endpoint.first().map_or(s.last_line.max(1), |e| e.1)),
            rules::EXPLORER_METHOD,
            "no HTTP method on the page: expected it in the badge line or before the Endpoint path",
        );
    }
}

fn check_method(facts: &mut PageFacts, method: Method, source: &Source, diags: &mut Diagnostics) {
    match facts.method {
        None => facts.method = Some(method),
        Some(badge) if badge != method => diags.warning(
            source,
            rules::EXPLORER_METHOD_DIFFERS,
            format!("the Endpoint says {method} but the badge says {badge}; the badge is kept"),
        ),
        Some(_) => {}
    }
}

fn read_request_example(s: &Sections<'_>, file: &str, facts: &mut PageFacts, diags: &mut Diagnostics) {
    let Some(&(_, line)) = s.request_example.first() else { return };
    // The command ends at the first line not continued with a backslash; what follows is no part
    // of it (the next section's title garbled, and that section's lines).
    let end = s.request_example.iter().position(|(t, _)| !t.trim_end().ends_with('\\')).map_or(usize::MAX, |i| i + 1);
    for &(text, after) in s.request_example.iter().skip(end) {
        facts.mark(after, LineRole::NotUnderstood);
        diags.warning(
            &Source::new(file, after),
            rules::LINE_NOT_UNDERSTOOD,
            format!(
                "`{}` follows the request example's curl command but is no part of it: it is not read (is the title of the section it belongs to garbled?)",
                abridged(text)
            ),
        );
    }
    let command: Vec<&str> = s.request_example.iter().take(end).map(|(t, _)| *t).collect();
    let source = Source::new(file, line);
    match curl::parse(&command.join("\n"), &source) {
        Ok(example) => facts.request_example = Some(example),
        Err(why) => diags.error(&source, rules::REQUEST_EXAMPLE, format!("cannot read the request example: {why}")),
    }
}

/// Text lines with their line numbers.
type Lines<'d> = Vec<(&'d str, u32)>;

fn read_response_examples(s: &Sections<'_>, file: &str, facts: &mut PageFacts, diags: &mut Diagnostics) {
    let mut current: Option<(u16, u32, Lines<'_>)> = None;
    let mut done = Vec::new();
    for &(text, line) in &s.response_example {
        if let Some((status, rest)) = status_prefix(text) {
            done.extend(current.take());
            let first = (!rest.is_empty()).then_some((rest, line));
            current = Some((status, line, first.into_iter().collect()));
        } else if let Some((_, _, buffer)) = current.as_mut() {
            buffer.push((text, line));
        } else {
            diags.warning(
                &Source::new(file, line),
                rules::RESPONSE_EXAMPLE,
                "a response example without a status line before it: expected `200` and then the JSON",
            );
        }
    }
    done.extend(current);
    for (status, line, buffer) in done {
        let source = Source::new(file, line);
        if let Some(value) = example_lines(&buffer, &source, "the response example", facts, diags) {
            facts.response_examples.push((Some(status), Example { value, source: Source::new(file, line) }));
        }
    }
    for r in &s.responses {
        let Some(&(_, line)) = r.example.first() else { continue };
        let text: Vec<&str> = r.example.iter().map(|(t, _)| *t).collect();
        let source = Source::new(file, line);
        let already = facts.response_examples.iter().any(|(status, _)| *status == r.status);
        if let Some(value) = json::parse_example(&text.join("\n"), &source, "the response body", diags)
            && !already
        {
            facts.response_examples.push((r.status, Example { value, source }));
        }
    }
}

/// The JSON of an example written over lines, `source` being its status line (where an
/// `invalid-json` error counts its lines from). JSON followed by lines that are no part of it
/// (the next section's title garbled: `Change Hist`, then its text) keeps the JSON, and each line
/// after it is reported where it stands.
fn example_lines(
    lines: &[(&str, u32)],
    source: &Source,
    what: &str,
    facts: &mut PageFacts,
    diags: &mut Diagnostics,
) -> Option<Value> {
    let text: Vec<&str> = lines.iter().map(|l| l.0).collect();
    let whole = text.join("\n");
    // Where the JSON stops at the start of a line, the lines before it may be the whole example.
    let at = match serde_json::from_str::<Value>(&whole) {
        Ok(value) => return Some(value),
        Err(e) if e.column() <= 1 && e.line() > 1 => e.line() - 1,
        Err(_) => return json::parse_example(&whole, source, what, diags),
    };
    let Ok(value) = serde_json::from_str::<Value>(&text[..at.min(text.len())].join("\n")) else {
        return json::parse_example(&whole, source, what, diags);
    };
    for &(rest, line) in &lines[at.min(lines.len())..] {
        facts.mark(line, LineRole::NotUnderstood);
        diags.warning(
            &source.at(line),
            rules::LINE_NOT_UNDERSTOOD,
            format!(
                "`{}` follows the JSON of {what} but is no part of it: it is not read (is the title of the section it belongs to garbled?)",
                abridged(rest)
            ),
        );
    }
    Some(value)
}

fn read_change_history(s: &Sections<'_>, facts: &mut PageFacts) {
    facts.change_history =
        s.change_history.iter().map(|(t, _)| *t).filter(|t| !NO_HISTORY.contains(t)).map(str::to_owned).collect();
}

fn read_fields(s: &Sections<'_>, file: &str, facts: &mut PageFacts, cut: Option<u32>, diags: &mut Diagnostics) {
    let mut page_keys = BTreeSet::new();
    let examples: Vec<&Value> =
        facts.request_body_example().into_iter().chain(facts.response_examples.iter().map(|(_, e)| &e.value)).collect();
    for value in &examples {
        let mut keys = Vec::new();
        example::all_keys(value, &mut keys);
        page_keys.extend(keys);
    }
    // Two passes: the first learns the named types that split with confidence, so that the
    // second can use them as evidence for the headers that did not (`causeErrorCode`).
    let mut known = BTreeSet::new();
    let mut scratch = Diagnostics::new();
    let mut reader = FieldReader::new(file, &page_keys, &known, cut, &mut scratch);
    let _ = read_all_fields(s, facts, &mut reader);
    known = reader.learned;
    let mut reader = FieldReader::new(file, &page_keys, &known, cut, diags);
    let (params, body, responses) = read_all_fields(s, facts, &mut reader);
    report_loose(s, &mut reader);
    for (line, role) in reader.marks {
        facts.mark(line, role);
    }
    facts.params = params;
    facts.wrapper = find_wrapper(&body, facts.operation_id.as_deref());
    facts.body = body;
    facts.responses = responses;
}

type AllFields = (Vec<DocParam>, Vec<DocField>, Vec<DocResponse>);

fn read_all_fields(s: &Sections<'_>, facts: &PageFacts, reader: &mut FieldReader<'_, '_>) -> AllFields {
    let body_example: Vec<&Value> = facts.request_body_example().into_iter().collect();
    let mut params: Vec<DocParam> = s
        .params
        .iter()
        .flat_map(|(location, list)| {
            reader
                .fields(list, &[])
                .into_iter()
                .map(|field| DocParam { location: *location, field })
                .collect::<Vec<_>>()
        })
        .collect();
    for (location, text, line) in &s.flat_params {
        let fields = flat::fields(reader, &[(text, *line)], &[]);
        params.extend(fields.into_iter().map(|field| DocParam { location: *location, field }));
    }
    let mut body: Vec<DocField> = s.body.iter().flat_map(|list| reader.fields(list, &body_example)).collect();
    body.extend(flat::fields(reader, &s.flat_body, &body_example));
    let responses = s
        .responses
        .iter()
        .map(|r| {
            let example: Vec<&Value> = facts.response_example(r.status).map(|e| &e.value).into_iter().collect();
            DocResponse {
                status: r.status,
                description: (!r.description.is_empty()).then(|| r.description.join("\n")),
                fields: r.fields.iter().flat_map(|list| reader.fields(list, &example)).collect(),
                source: Source::new(reader.file, r.line),
            }
        })
        .collect();
    (params, body, responses)
}

/// The root body field that wraps the operation's own fields: an `Object` with children, named
/// after the operation (in any case) or described as the request body object.
fn find_wrapper(body: &[DocField], operation_id: Option<&str>) -> Option<String> {
    body.iter()
        .filter(|f| !f.children.is_empty() && doctype::parse(&f.doc_type) == Some(DocType::OpenObject))
        .find(|f| {
            let named_after_op = operation_id.is_some_and(|id| f.name.eq_ignore_ascii_case(id));
            let described = f.description.as_deref().is_some_and(|d| {
                let d = d.to_ascii_lowercase();
                d.contains("request body object") || d.contains("body parameter object") || d.contains("请求体")
            });
            named_after_op || described
        })
        .map(|f| f.name.clone())
}

/// Turns field lists into [`DocField`] trees, splitting headers on the evidence of the examples.
struct FieldReader<'a, 'k> {
    file: &'a str,
    page_keys: &'k BTreeSet<&'k str>,
    known_types: &'k BTreeSet<String>,
    /// Named types whose headers split with confidence.
    learned: BTreeSet<String>,
    /// The last line of a page cut short: never a field.
    cut: Option<u32>,
    /// What each field line became.
    marks: Vec<(u32, LineRole)>,
    diags: &'a mut Diagnostics,
}

impl<'a, 'k> FieldReader<'a, 'k> {
    fn new(
        file: &'a str,
        page_keys: &'k BTreeSet<&'k str>,
        known_types: &'k BTreeSet<String>,
        cut: Option<u32>,
        diags: &'a mut Diagnostics,
    ) -> Self {
        Self { file, page_keys, known_types, learned: BTreeSet::new(), cut, marks: Vec::new(), diags }
    }

    /// Keeps a clear split's named type as evidence; warns about an ambiguous one and about a
    /// header without a type, whose type then comes from its example value (`examples` are the
    /// example values at the field's parent path).
    fn accept(&mut self, split: Split, source: &Source, examples: &[&Value]) -> field_header::Header {
        match split {
            Split::Clear(h) => {
                if matches!(doctype::parse(&h.doc_type), Some(DocType::Named(_))) {
                    self.learned.insert(h.doc_type.clone());
                }
                h
            }
            Split::Ambiguous(h, why) => {
                self.diags.warning(source, rules::FIELD_HEADER_AMBIGUOUS, why);
                h
            }
            Split::Untyped(mut h, why) => {
                let values = example::child_values(examples, &h.name);
                h.doc_type = type_of_example(&values).to_owned();
                self.diags.warning(
                    source,
                    rules::FIELD_HEADER_UNTYPED,
                    format!("{why}; read as `{}` typed `{}` after its example value", h.name, h.doc_type),
                );
                h
            }
        }
    }

    /// `examples` are the example values at the list's parent path.
    fn fields(&mut self, items: &[ListItem], examples: &[&Value]) -> Vec<DocField> {
        let fields: Vec<(&ListItem, DocField)> =
            items.iter().filter_map(|item| self.field(item, examples).map(|f| (item, f))).collect();
        self.warn_twice_named(&fields);
        fields.into_iter().map(|(_, f)| f).collect()
    }

    /// Two fields of one list read to one name: one header is misread (its example key garbled,
    /// say, so that `operationContextTypeString` splits as `operationContext` + `TypeString`).
    fn warn_twice_named(&mut self, fields: &[(&ListItem, DocField)]) {
        for (i, (item, field)) in fields.iter().enumerate() {
            let Some((first, _)) = fields[..i].iter().find(|(_, f)| f.name == field.name) else { continue };
            self.diags.warning(
                &Source::new(self.file, item.line),
                rules::FIELD_HEADER_AMBIGUOUS,
                format!(
                    "the field headers `{}` (line {}) and `{}` both read as the name `{}`: one of them is misread",
                    first.text, first.line, item.text, field.name
                ),
            );
        }
    }

    fn field(&mut self, item: &ListItem, examples: &[&Value]) -> Option<DocField> {
        let source = Source::new(self.file, item.line);
        if self.cut == Some(item.line) {
            self.marks.push((item.line, LineRole::NotUnderstood));
            return None;
        }
        let evidence = Evidence {
            sibling_keys: example::keys(examples),
            page_keys: self.page_keys,
            known_types: self.known_types,
        };
        let header = match field_header::split(&item.text, &evidence) {
            Ok(split) => self.accept(split, &source, examples),
            Err(why) => {
                self.marks.push((item.line, LineRole::NotUnderstood));
                self.diags.error(&source, rules::FIELD_HEADER, why);
                return None;
            }
        };
        self.marks.push((item.line, LineRole::Fact));
        let child_examples = example::child_values(examples, &header.name);
        let mut description = Vec::new();
        let mut children = Vec::new();
        for block in &item.children {
            match block {
                Block::Paragraph { text, line } => {
                    let lines = text.lines().count().max(1);
                    self.marks.extend((*line..).take(lines).map(|l| (l, LineRole::Text)));
                    description.push(text.as_str());
                }
                Block::List { items } => children.extend(self.fields(items, &child_examples)),
                other => self.not_understood(
                    other.line(),
                    "a block inside a field that is neither its description nor its fields",
                ),
            }
        }
        let description = (!description.is_empty()).then(|| description.join("\n"));
        Some(doc_field(header, description, children, source))
    }

    fn not_understood(&mut self, line: u32, why: &str) {
        self.marks.push((line, LineRole::NotUnderstood));
        self.diags.warning(&Source::new(self.file, line), rules::LINE_NOT_UNDERSTOOD, why.to_owned());
    }
}

/// The documented type an example value shows, for a field whose header lost its type: `Object`
/// (any value) when the examples show none.
fn type_of_example(values: &[&Value]) -> &'static str {
    match values.first() {
        Some(Value::String(_)) => "String",
        Some(Value::Bool(_)) => "boolean",
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => "long",
        Some(Value::Number(_)) => "double",
        Some(Value::Array(_)) => "List",
        Some(Value::Object(_) | Value::Null) | None => "Object",
    }
}

fn doc_field(
    header: field_header::Header,
    description: Option<String>,
    children: Vec<DocField>,
    source: Source,
) -> DocField {
    DocField {
        valid_values: description.as_deref().map(options_in).unwrap_or_default(),
        name: header.name,
        doc_type: header.doc_type,
        required: Some(header.required),
        description,
        since: None,
        children,
        source,
    }
}

/// Valid values written into a description: `Options: Permissive | Enforcing. Default: …`.
fn options_in(description: &str) -> Vec<String> {
    let Some((_, rest)) = description.split_once("Options:") else { return Vec::new() };
    let list = rest.split_once(". ").map_or(rest, |(l, _)| l).trim().trim_end_matches('.');
    list.split('|').map(|v| v.trim().to_owned()).filter(|v| !v.is_empty() && !v.contains(' ')).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_badge_splits_into_its_five_facts() {
        let badge = parse_badge("PUTTicket OperationsSince 3.0.0SynchronousAuth Required").unwrap();
        assert_eq!(
            badge,
            Badge {
                method: Method::Put,
                group: Some("Ticket Operations".into()),
                since: Some("3.0.0".into()),
                completion: Some(Completion::Synchronous),
                auth: Some(true),
            }
        );
    }

    #[test]
    fn badges_read_spaced_chinese_and_partial() {
        let spaced = parse_badge("DELETE Ticket Operations Asynchronous No Auth Required").unwrap();
        assert_eq!(spaced.method, Method::Delete);
        assert_eq!(spaced.group.as_deref(), Some("Ticket Operations"));
        assert_eq!((spaced.since, spaced.completion, spaced.auth), (None, Some(Completion::Asynchronous), Some(false)));
        let zh = parse_badge("PUT工单管理相关接口起始版本 3.0.0同步需要认证").unwrap();
        assert_eq!(zh.group.as_deref(), Some("工单管理相关接口"));
        assert_eq!(
            (zh.since.as_deref(), zh.completion, zh.auth),
            (Some("3.0.0"), Some(Completion::Synchronous), Some(true))
        );
        assert_eq!(parse_badge("PUT/zstack/v1/tickets"), None);
        assert_eq!(parse_badge("Path Parameters"), None);
    }

    #[test]
    fn status_lines_are_recognised() {
        assert_eq!(status_prefix("200 OK"), Some((200, "OK")));
        assert_eq!(status_prefix("200{\"a\":1}"), Some((200, "{\"a\":1}")));
        assert_eq!(status_prefix("2001"), None);
        assert_eq!(status_prefix("20"), None);
        assert_eq!(status_prefix("999"), None);
    }

    fn read(file: &str, text: &str) -> (Option<PageFacts>, Diagnostics) {
        let doc = crate::read::text::read_text(text);
        let mut diags = Diagnostics::new();
        let facts = interpret(&super::super::flatten(&doc), file, &mut diags);
        (facts, diags)
    }

    fn rules_of(diags: &Diagnostics) -> Vec<&'static str> {
        diags.iter().map(|d| d.rule).collect()
    }

    /// A flat page with no breadcrumb or badge, status fused to the JSON and the JSON fused to the
    /// next heading; nesting from the request example.
    const FLAT: &str = "MakeThing\nMakeThing\nBody Fields\nparamsObjectRequiredRequest body parameter object.\n\
        nameStringRequiredThe name.\nsizeintOptional. The size.\nsystemTagsListOptional. Tags.\nResponses\nEndpoint\n\
        POST/v1/things\n/v1/things\nRequest Example\n\
        curl -X POST 'http://h/v1/things' -d '{\"params\":{\"name\":\"n\",\"size\":1},\"systemTags\":[\"t\"]}'\n\
        Response Example\n200{ \"inventory\": { \"name\": \"n\" } }Change History\nThis API has no change history records yet.\n";

    #[test]
    fn a_flat_page_without_badge_reads_nesting_from_its_example() {
        let (facts, diags) = read("x/MakeThing.txt", FLAT);
        let facts = facts.expect("an operation");
        assert_eq!(facts.operation_id.as_deref(), Some("MakeThing"));
        assert_eq!((facts.method, facts.paths.as_slice()), (Some(Method::Post), &["/v1/things".to_owned()][..]));
        assert_eq!(facts.wrapper.as_deref(), Some("params"));
        let tree: Vec<(&str, Vec<&str>)> = facts
            .body
            .iter()
            .map(|f| (f.name.as_str(), f.children.iter().map(|c| c.name.as_str()).collect()))
            .collect();
        assert_eq!(tree, [("params", vec!["name", "size"]), ("systemTags", vec![])]);
        assert_eq!(facts.body[0].children[1].description.as_deref(), Some("Optional. The size."));
        let (status, example) = &facts.response_examples[0];
        assert_eq!((*status, &example.value), (Some(200), &serde_json::json!({"inventory": {"name": "n"}})));
        assert_eq!(rules_of(&diags), [rules::EXPLORER_NO_BADGE.name]);
        assert_eq!(facts.lines.get(&15), Some(&LineRole::Example), "the fused example line");
        assert_eq!(facts.lines.get(&5), Some(&LineRole::Fact), "a field line");
    }

    #[test]
    fn a_flat_line_that_is_no_field_is_not_lost() {
        let page = FLAT.replace("sizeintOptional. The size.", "Some sentence that is no field.");
        let (facts, diags) = read("x/MakeThing.txt", &page);
        let facts = facts.expect("an operation");
        let lost: Vec<u32> =
            diags.iter().filter(|d| d.rule == rules::LINE_NOT_UNDERSTOOD.name).map(|d| d.source.line).collect();
        assert_eq!(lost, [6]);
        assert_eq!(facts.lines.get(&6), Some(&LineRole::NotUnderstood));
    }

    #[test]
    fn a_chinese_page_without_an_id_infers_it_and_says_from_what() {
        let page = "运营管理/工单\nPUTTicket Operations起始版本 3.0.0同步需要认证\n更新东西\n更新东西\n请求体字段\n\
            updatethingObject必填updatething 请求体结构\nnameString必填名称。\n响应状态\n请求地址\nPUT/v1/things/{uuid}/actions\n\
            请求示例\ncurl -X PUT 'http://h/v1/things/u/actions' -d '{\"updatething\":{\"name\":\"n\"}}'\n\
            响应示例\n200{}变更历史\n此 API 暂无变更历史记录。";
        let (facts, diags) = read("page", page);
        let facts = facts.expect("an operation");
        assert_eq!(facts.operation_id.as_deref(), Some("Updatething"));
        assert_eq!(facts.title.as_deref(), Some("更新东西"));
        assert_eq!((facts.since.as_deref(), facts.completion), (Some("3.0.0"), Some(Completion::Synchronous)));
        assert_eq!(facts.body[0].children[0].required, Some(true));
        assert_eq!(rules_of(&diags), [rules::OPERATION_ID_INFERRED.name]);
        let (facts, _) = read("dir/UpdateThing.txt", page);
        assert_eq!(facts.and_then(|f| f.operation_id).as_deref(), Some("UpdateThing"), "cased by the file name");
    }

    #[test]
    fn a_page_without_id_or_evidence_is_an_error() {
        let page = "GETTicket Operations起始版本 3.0.0同步需要认证\n查询\n请求地址\nGET/v1/things\n";
        let (facts, diags) = read("page", page);
        assert!(facts.is_none());
        assert_eq!(rules_of(&diags), [rules::EXPLORER_OPERATION_ID.name]);
    }

    #[test]
    fn a_cut_page_names_what_is_missing_and_reads_no_cut_line() {
        let page = "POSTOps Since 1.0SynchronousAuth Required\n\nMakeThing\n\nBody Fields\n\n  • nameStringRequired\n\n    The name.\n\n  • sizein";
        let (facts, diags) = read("page", page);
        let facts = facts.expect("facts without a path");
        assert_eq!(facts.body.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["name"]);
        assert!(facts.paths.is_empty());
        assert_eq!(rules_of(&diags), [rules::PAGE_INCOMPLETE.name]);
        assert_eq!(facts.lines.get(&11), Some(&LineRole::NotUnderstood));
    }

    #[test]
    fn options_in_descriptions_are_valid_values() {
        assert_eq!(
            options_in("Optional. Options: Permissive | Enforcing. Default mode: Permissive."),
            ["Permissive", "Enforcing"]
        );
        assert_eq!(options_in("Options: enable | disable."), ["enable", "disable"]);
        assert!(options_in("The resource UUID.").is_empty());
    }
}
