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

mod examples;
mod fields;
mod flat;
mod operation_id;
mod sections;
mod stray;

use examples::{read_request_example, read_response_examples};
use fields::read_fields;
use sections::{Section, Sections, TAIL, section_of, split_sections};
use stray::report_stray;

use super::{Item, field_header};
use crate::diag::{Diagnostics, rules};
use crate::facts::{LineRole, PageFacts};
use crate::model::{Completion, Method, Source};

/// What a page says when an API has no change history.
const NO_HISTORY: &[&str] = &["This API has no change history records yet.", "此 API 暂无变更历史记录。"];

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

fn read_change_history(s: &Sections<'_>, facts: &mut PageFacts) {
    facts.change_history =
        s.change_history.iter().map(|(t, _)| *t).filter(|t| !NO_HISTORY.contains(t)).map(str::to_owned).collect();
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
}
