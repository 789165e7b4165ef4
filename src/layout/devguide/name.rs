//! What a page calls its operation: the title heading (`<category> - <title>` on the Chinese
//! pages) and the description under it, and the API name, which the SDK sample's
//! `XxxAction action = ...` line gives (the only place a Chinese page names the API) or an
//! English title.

use super::sections::{Sections, lines_of};
use crate::diag::{Diagnostics, rules};
use crate::facts::PageFacts;
use crate::layout::field_header;
use crate::model::Source;
use crate::read::{Block, Document};

/// `ChangeTicketStatus` or `工单管理相关接口 - 创建工单` (category, then title).
pub(super) fn read_title(s: &Sections<'_>, file: &str, doc: &Document, facts: &mut PageFacts) {
    let first_line = doc.blocks.first().map_or(1, Block::line);
    facts.source = Some(Source::new(file, s.title.map_or(first_line, |t| t.1)));
    if let Some((title, _)) = s.title {
        let title = match title.split_once(" - ") {
            Some((category, title)) => {
                facts.category = vec![category.trim().to_owned()];
                title.trim()
            }
            None => title,
        };
        facts.title = Some(titled_api(title).0.to_owned());
    }
    if !s.description.is_empty() {
        facts.description = Some(s.description.join("\n"));
    }
}

/// The SDK sample names the API (`ChangeTicketStatusAction action = new ...`); an English title
/// does too.
pub(super) fn read_operation_id(s: &Sections<'_>, file: &str, facts: &mut PageFacts, diags: &mut Diagnostics) {
    let in_title = s.title.and_then(|(t, _)| titled_api(t.rsplit_once(" - ").map_or(t, |(_, t)| t)).1);
    let title_id = in_title.or(facts.title.as_deref().filter(|t| is_api_name(t)));
    match (sdk_name(s, file, diags), title_id) {
        (Some((id, line)), title) => {
            if let Some(title) = title.filter(|t| *t != id) {
                diags.note(
                    &Source::new(file, line),
                    rules::DEVGUIDE_TITLE_DIFFERS,
                    format!("the SDK sample names the API `{id}` but the title is `{title}`; the SDK's name is used"),
                );
            }
            facts.operation_id = Some(id.to_owned());
        }
        (None, Some(title)) => facts.operation_id = Some(title.to_owned()),
        (None, None) => diags.error(
            &Source::new(file, facts.source.as_ref().map_or(1, |s| s.line)),
            rules::DEVGUIDE_OPERATION_ID,
            "the page does not name its API: expected an SDK sample line such as \
             `ChangeTicketStatusAction action = new ChangeTicketStatusAction();` or a title that is the API name",
        ),
    }
}

/// `Update Ticket Flow Collection (UpdateIAM2TicketFlowCollection)` or `变更工单状态(ChangeTicketStatus)`:
/// the human title and the API name in its parentheses (half-width or full-width).
pub(super) fn titled_api(title: &str) -> (&str, Option<&str>) {
    let title = title.trim();
    let Some(inner) = title.strip_suffix(')').or_else(|| title.strip_suffix('）')) else {
        return (title, None);
    };
    let Some(open) = inner.rfind(['(', '（']) else {
        return (title, None);
    };
    let api = &inner[open + inner[open..].chars().next().map_or(1, char::len_utf8)..];
    let human = inner[..open].trim();
    if is_api_name(api) && !human.is_empty() { (human, Some(api)) } else { (title, None) }
}

/// The API the SDK samples name, and the line; samples that name another API are a warning.
fn sdk_name<'d>(s: &Sections<'d>, file: &str, diags: &mut Diagnostics) -> Option<(&'d str, u32)> {
    let mut names = lines_of(&s.sdk).filter_map(|(text, line)| sdk_action(text).map(|n| (n, line)));
    let (first, first_line) = names.next()?;
    if let Some((other, line)) = names.find(|(n, _)| *n != first) {
        diags.warning(
            &Source::new(file, line),
            rules::DEVGUIDE_SDK_DIFFERS,
            format!("the SDK samples name two APIs, `{first}` and `{other}`; the first is used"),
        );
    }
    Some((first, first_line))
}

/// `ChangeTicketStatusAction action = new ChangeTicketStatusAction();` (Java) or
/// `ChangeTicketStatusAction action = ChangeTicketStatusAction()` (Python) → `ChangeTicketStatus`.
fn sdk_action(line: &str) -> Option<&str> {
    let mut words = line.split_whitespace();
    let (class, variable, equals) = (words.next()?, words.next()?, words.next()?);
    let api = class.strip_suffix("Action")?;
    let declared = is_api_name(api) && field_header::is_field_name(variable) && equals.starts_with('=');
    if declared { Some(api) } else { constructed_action(line) }
}

/// `… = new QueryTicketAction();` anywhere in a line, for a copy that lost the declaration's
/// first letter (`ueryTicketAction action = new QueryTicketAction();`).
fn constructed_action(line: &str) -> Option<&str> {
    let (_, after) = line.split_once("= new ")?;
    let class = after.split('(').next()?.trim();
    class.strip_suffix("Action").filter(|api| is_api_name(api))
}

/// An API name: a field name that starts upper-case (`ChangeTicketStatus`).
fn is_api_name(s: &str) -> bool {
    field_header::is_field_name(s) && s.starts_with(|c: char| c.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Level;
    use crate::layout::devguide::tests::{found, read};

    #[test]
    fn a_page_that_names_no_api_is_an_error_and_gives_no_facts() {
        let (facts, diags) = read(
            "z.md",
            "## 工单 - 创建工单

## API请求

### URLs

```
POST zstack/v1/tickets
```
",
        );
        assert_eq!(found(&diags, "devguide-operation-id"), [(Level::Error, 1)]);
        assert!(facts.is_none());
    }

    #[test]
    fn the_sdk_name_wins_over_an_english_title_with_a_note() {
        let (facts, diags) = read(
            "s.md",
            "## ChangeIt

## API Request

### URLs

```
GET zstack/v1/x
```

## SDK Sample

```
ChangeThatAction action = new ChangeThatAction();
```
",
        );
        assert_eq!(facts.and_then(|f| f.operation_id).as_deref(), Some("ChangeThat"));
        assert_eq!(found(&diags, "devguide-title-differs"), [(Level::Note, 14)]);
        let (_, diags) =
            read("s.md", "## 工单 - 改\n\n## SDK示例\n\n```\nAAction a = new AAction();\nBAction b = BAction()\n```\n");
        assert_eq!(found(&diags, "devguide-sdk-differs"), [(Level::Warning, 7)]);
    }

    #[test]
    fn sdk_lines_are_recognised() {
        assert_eq!(sdk_action("CreateTicketAction action = new CreateTicketAction();"), Some("CreateTicket"));
        assert_eq!(sdk_action("CreateTicketAction action = CreateTicketAction()"), Some("CreateTicket"));
        assert_eq!(sdk_action("CreateTicketAction.Result res = action.call();"), None);
        assert_eq!(sdk_action("action.name = \"x\";"), None);
        assert_eq!(sdk_action("Action action = new Action();"), None);
        assert_eq!(sdk_action("ueryTicketAction action = new QueryTicketAction();"), Some("QueryTicket"));
    }

    #[test]
    fn titles_name_their_api_in_parentheses() {
        assert_eq!(titled_api("变更工单状态(ChangeTicketStatus)"), ("变更工单状态", Some("ChangeTicketStatus")));
        assert_eq!(titled_api("Update It （UpdateIt）"), ("Update It", Some("UpdateIt")));
        assert_eq!(titled_api("租户管理(Plus)"), ("租户管理", Some("Plus")));
        assert_eq!(titled_api("ChangeTicketStatus"), ("ChangeTicketStatus", None));
    }
}
