//! Lines outside the sections that take them: field lists where no section takes fields, and
//! chrome-section lines that are no user-interface text. None is read; each is reported.

use std::collections::BTreeSet;

use super::fields::FieldReader;
use super::sections::{Section, Sections};
use crate::diag::{Diagnostics, rules};
use crate::doctype;
use crate::facts::{LineRole, PageFacts};
use crate::layout::field_header::{self, Evidence, Split};
use crate::model::Source;
use crate::read::{Block, ListItem};

/// What a page says, under `Request Inputs`, when an API takes no parameters.
const NO_PARAMS: &[&str] = &["This API requires no request parameters.", "此接口无需请求参数。"];

/// Field lists in no section that takes fields: a section title before them is missing or is none
/// the layout knows (`Path Pa`, `Resp`). Their lines are not read; one warning per list names every
/// field line, so that each field it would have given is named.
pub(super) fn report_stray(s: &Sections<'_>, file: &str, facts: &mut PageFacts, diags: &mut Diagnostics) {
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
pub(super) fn report_loose(s: &Sections<'_>, reader: &mut FieldReader<'_, '_>) {
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
pub(super) fn abridged(text: &str) -> String {
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
