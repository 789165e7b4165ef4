//! The diff's three outputs: text for people (grouped by operation, breaking first), JSON for tools
//! (a stable shape: [`Change`]'s fields), Markdown for a pull request comment.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

use super::{Change, any_breaking};

/// How `docs2api diff` prints its changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

/// The changes in a format, ending with a newline.
pub fn render(changes: &[Change], format: Format) -> String {
    match format {
        Format::Text => text(changes),
        Format::Json => json(changes),
        Format::Markdown => markdown(changes),
    }
}

/// The JSON document: a summary and the changes.
#[derive(Serialize)]
struct Document<'c> {
    summary: Summary,
    changes: &'c [Change],
}

#[derive(Serialize)]
struct Summary {
    changes: usize,
    breaking: usize,
}

fn summary(changes: &[Change]) -> Summary {
    Summary { changes: changes.len(), breaking: changes.iter().filter(|c| c.breaking).count() }
}

fn json(changes: &[Change]) -> String {
    let mut text = serde_json::to_string_pretty(&Document { summary: summary(changes), changes }).unwrap_or_default();
    text.push('\n');
    text
}

/// The changes by what they change (`ChangeTicketStatus`, `type TicketStatus`), operations first,
/// each group's breaking changes first; within that, in the diff's order.
fn groups(changes: &[Change]) -> BTreeMap<(bool, &str), Vec<&Change>> {
    let mut groups: BTreeMap<(bool, &str), Vec<&Change>> = BTreeMap::new();
    for c in changes {
        let key = match (&c.operation, &c.named_type) {
            (Some(op), _) => (false, op.as_str()),
            (None, Some(t)) => (true, t.as_str()),
            (None, None) => (true, ""),
        };
        groups.entry(key).or_default().push(c);
    }
    for list in groups.values_mut() {
        // A stable sort: the diff's order stays within each half.
        list.sort_by_key(|c| !c.breaking);
    }
    groups
}

fn headline(changes: &[Change]) -> String {
    let Summary { changes: n, breaking } = summary(changes);
    match n {
        0 => "no changes".to_owned(),
        _ => format!("{n} change{}, {breaking} breaking", if n == 1 { "" } else { "s" }),
    }
}

/// What a change was and became, in words: `string, required → —`.
fn was_and_is(c: &Change) -> String {
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".to_owned());
    format!("{} → {}", show(&c.old), show(&c.new))
}

/// The field a change is about, with its side: `request comment`, `response inventory.status`.
fn subject(c: &Change) -> String {
    let side = c.side.map(|s| format!("{s:?}").to_lowercase());
    match (side, &c.field) {
        (Some(side), Some(field)) => format!("{side} {field}"),
        (None, Some(field)) => field.clone(),
        (Some(side), None) => side,
        (None, None) => String::new(),
    }
}

fn sources(c: &Change) -> String {
    match (&c.old_source, &c.new_source) {
        (Some(o), Some(n)) if o == n => format!("at {o}"),
        (Some(o), Some(n)) => format!("old {o}, new {n}"),
        (Some(o), None) => format!("old {o}"),
        (None, Some(n)) => format!("new {n}"),
        (None, None) => String::new(),
    }
}

fn text(changes: &[Change]) -> String {
    let mut out = format!("docs2api diff: {}\n", headline(changes));
    for ((is_type, name), list) in groups(changes) {
        let title = if is_type { format!("type {name}") } else { name.to_owned() };
        let _ = writeln!(out, "\n{title}");
        for c in list {
            let verdict = if c.breaking { "breaking" } else { "ok" };
            let subject = subject(c);
            let subject = if subject.is_empty() { String::new() } else { format!(" {subject}:") };
            let _ = writeln!(out, "  {verdict:<8}  {}{subject} {}  ({})", c.kind.name(), was_and_is(c), sources(c));
        }
    }
    out
}

/// A table cell: `|` escaped, code in backticks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn code(text: &Option<String>) -> String {
    text.as_ref().map_or_else(String::new, |t| format!("`{}`", cell(t)))
}

fn markdown(changes: &[Change]) -> String {
    let mut out = format!("### docs2api diff: {}\n", headline(changes));
    if changes.is_empty() {
        return out;
    }
    if any_breaking(changes) {
        out.push_str("\nA client made from the old pages breaks on the changes marked **breaking**.\n");
    }
    out.push_str("\n| | Operation or type | Change | Field | Old | New | Pages |\n|---|---|---|---|---|---|---|\n");
    for ((is_type, name), list) in groups(changes) {
        let name = if is_type { format!("type `{name}`") } else { format!("`{name}`") };
        for c in list {
            let verdict = if c.breaking { "**breaking**" } else { "" };
            let _ = writeln!(
                out,
                "| {verdict} | {name} | {} | {} | {} | {} | {} |",
                c.kind.name(),
                cell(&subject(c)),
                code(&c.old),
                code(&c.new),
                cell(&sources(c)),
            );
        }
    }
    out
}
