//! The operation id of a page that states none (a Chinese page: a Chinese title and no
//! `Operation ID` section).
//!
//! The evidence, best first:
//! 1. the body key of an action (`updateticketrequest`): the page's own words for the API, in
//!    lower case; the file name gives its case when the two agree case-insensitively, and the merge
//!    gives it the case of another page's id that matches (see `resolve::merge`);
//! 2. the file name (`UpdateTicketRequest.txt`, or `UpdateTicketRequest - ZStack.txt`): the API name
//!    as the page was saved, when it looks like one (an upper-case letter, then letters and digits).
//!
//! The endpoint is no evidence of its own: one path serves several APIs
//! (`/zstack/v1/tickets/{uuid}/actions`). Every inferred id gets a note naming its evidence, and
//! the facts keep that evidence so that the merge can refuse to join two different operations
//! that were inferred to one id.

use super::sections::Sections;
use crate::diag::{Diagnostics, rules};
use crate::facts::PageFacts;
use crate::layout::field_header;
use crate::model::Source;

/// The body key of a POST page, which names no API.
const GENERIC_KEY: &str = "params";

pub(super) fn infer(s: &Sections<'_>, file: &str, facts: &mut PageFacts, diags: &mut Diagnostics) {
    if facts.operation_id.is_some() {
        return;
    }
    let line = facts.source.as_ref().map_or(1, |s| s.line);
    let source = Source::new(file, line);
    let stem = file_stem_name(file);
    let key = facts.wrapper.clone().filter(|k| k != GENERIC_KEY);
    let (id, evidence) = match (&key, &stem) {
        (Some(key), Some(stem)) if key.eq_ignore_ascii_case(stem) => {
            (stem.clone(), format!("the body key `{key}`, cased as the file name `{stem}`"))
        }
        (Some(key), _) => (upper_first(key), format!("the body key `{key}` (its case is a guess)")),
        (None, Some(stem)) => (stem.clone(), format!("the file name `{stem}`")),
        (None, None) => {
            diags.error(
                &Source::new(file, s.last_line.max(1)),
                rules::EXPLORER_OPERATION_ID,
                format!(
                    "the page states no operation id (no `Operation ID` section, and the title {} is not a name) and offers no other evidence: no action body key and no file name such as `CreateTicket.txt`",
                    facts.title.as_deref().map_or_else(|| "is missing".to_owned(), |t| format!("`{t}`"))
                ),
            );
            return;
        }
    };
    diags.note(
        &source,
        rules::OPERATION_ID_INFERRED,
        format!("the page states no operation id; `{id}` is taken from {evidence}"),
    );
    if facts.source.is_none() {
        facts.source = Some(source);
    }
    facts.operation_id = Some(id);
    facts.operation_id_evidence = Some(evidence);
}

/// The API name a file is saved under: the leading name of its stem, if it looks like one.
fn file_stem_name(file: &str) -> Option<String> {
    let base = file.rsplit(['/', '\\']).next()?;
    let stem = base.split_once('.').map_or(base, |(s, _)| s);
    let name: String = stem.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    let upper = name.starts_with(|c: char| c.is_ascii_uppercase());
    let camel = name.chars().any(|c| c.is_ascii_lowercase());
    (upper && camel && name.len() > 2 && field_header::is_field_name(&name)).then_some(name)
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| c.to_ascii_uppercase().to_string() + chars.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_give_api_names_only_when_they_look_like_one() {
        assert_eq!(file_stem_name("a/b/UpdateTicketRequest.txt").as_deref(), Some("UpdateTicketRequest"));
        assert_eq!(file_stem_name("CreateTicket - ZStack.txt").as_deref(), Some("CreateTicket"));
        assert_eq!(file_stem_name("QueryTicket-explorer-zh.txt").as_deref(), Some("QueryTicket"));
        assert_eq!(file_stem_name("page"), None);
        assert_eq!(file_stem_name("更新工单请求.txt"), None);
        assert_eq!(file_stem_name("API.txt"), None);
    }
}
