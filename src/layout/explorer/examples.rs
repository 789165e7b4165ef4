//! The request example (a curl command) and the response examples (a status, then JSON), with the
//! lines that follow them but are no part of them.

use serde_json::Value;

use super::sections::Sections;
use super::stray::abridged;
use crate::diag::{Diagnostics, rules};
use crate::facts::{LineRole, PageFacts};
use crate::layout::{curl, json};
use crate::model::{Example, Source};

/// `200 OK`, `200`, `200{...}` → the status and the rest of the line.
pub(super) fn status_prefix(text: &str) -> Option<(u16, &str)> {
    let digits = text.get(..3)?;
    let rest = &text[3..];
    if !digits.bytes().all(|b| b.is_ascii_digit()) || rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let status: u16 = digits.parse().ok()?;
    (100..600).contains(&status).then_some((status, rest.trim()))
}

pub(super) fn looks_like_json(text: &str) -> bool {
    text.starts_with('{') || text.starts_with('[')
}

pub(super) fn read_request_example(s: &Sections<'_>, file: &str, facts: &mut PageFacts, diags: &mut Diagnostics) {
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

pub(super) fn read_response_examples(s: &Sections<'_>, file: &str, facts: &mut PageFacts, diags: &mut Diagnostics) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lines_are_recognised() {
        assert_eq!(status_prefix("200 OK"), Some((200, "OK")));
        assert_eq!(status_prefix("200{\"a\":1}"), Some((200, "{\"a\":1}")));
        assert_eq!(status_prefix("2001"), None);
        assert_eq!(status_prefix("20"), None);
        assert_eq!(status_prefix("999"), None);
    }
}
