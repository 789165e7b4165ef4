//! No silent loss: a page line that is garbled so that a field is no longer read must leave a
//! diagnostic that names the field or points at the line. Every line of every page is garbled in
//! turn (cut in half, and broken in the middle), in the pages of docs-input/ and of the page forms
//! that the readers read (see tests/page_forms.rs), and the fields read before and after are
//! compared.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use docs2api::internals::{DocField, PageFacts, PageFamily, Syntax, read_page_bytes};
use docs2api::{Diagnostics, Level};

const FORMS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/docs/page-forms");
const FACTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/page-forms");

/// Text pages of docs-input/, and the page-forms pages that have a facts file (those the readers
/// are held to).
fn pages() -> Vec<PathBuf> {
    let mut pages = Vec::new();
    collect(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/docs-input")), &mut pages);
    let forms = Path::new(FORMS);
    let mut held = Vec::new();
    collect(Path::new(FACTS), &mut held);
    for facts in held.iter().filter(|p| p.extension().is_some_and(|e| e == "facts")) {
        let (Some(folder), Some(stem)) = (facts.parent().and_then(Path::file_name), facts.file_stem()) else {
            continue;
        };
        let page = forms.join(folder).join(format!("{}.txt", stem.to_string_lossy()));
        if page.is_file() {
            pages.push(page);
        }
    }
    pages.retain(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"));
    pages.sort();
    pages
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.filter_map(Result::ok) {
        let path = e.path();
        if path.is_dir() { collect(&path, out) } else { out.push(path) }
    }
}

/// Every documented field of a page, as `section:path.to.field`.
fn fields(facts: &PageFacts) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let walk = |prefix: &str, fields: &[DocField], out: &mut BTreeSet<String>| walk_fields(prefix, fields, out);
    facts.params.iter().for_each(|p| walk("param", std::slice::from_ref(&p.field), &mut out));
    walk("body", &facts.body, &mut out);
    for r in &facts.responses {
        walk(&format!("response{}", r.status.map_or(String::new(), |s| s.to_string())), &r.fields, &mut out);
    }
    out
}

fn walk_fields(prefix: &str, fields: &[DocField], out: &mut BTreeSet<String>) {
    for f in fields {
        let path = format!("{prefix}.{}", f.name);
        out.insert(path.clone());
        walk_fields(&path, &f.children, out);
    }
}

fn read(name: &str, syntax: Syntax, text: &str) -> (Option<PageFacts>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let facts = read_page_bytes(name, syntax, text.as_bytes(), &mut diags);
    (facts, diags)
}

/// The line garbled two ways: cut at its middle, and broken by a stray run in the middle.
fn garble(line: &str) -> [String; 2] {
    let chars: Vec<char> = line.chars().collect();
    let half = chars.len() / 2;
    let cut: String = chars[..half].iter().collect();
    let broken: String =
        chars[..half].iter().chain("¤¤ ¤".chars().collect::<Vec<_>>().iter()).chain(&chars[half..]).collect();
    [cut, broken]
}

/// A garbled line (the page's path ending, the line number) whose loss the page cannot show, and
/// why. Each must still occur: a fix that makes one detectable removes it from here.
type Known = (&'static str, u32, &'static str);

/// `createDateTimestampRequired` cut in half is `createDate`: the name `create` with the built-in
/// type `Date`, a header as valid as any. Only an example key `createDate` tells otherwise, and
/// these pages' examples have none (a partial page has no examples; ChangeTicketStatus's response
/// example is abridged).
const CUT_TO_A_DATE: &str = "a header cut to `<name>Date` reads as a valid header and no example key contradicts it";
/// A one-line response example cut in half is invalid JSON: `invalid-json` reports it, at the
/// example's status line (the line before), where tests/malformed.rs and tests/cases pin it.
const EXAMPLE_CUT: &str = "the example's JSON is cut: invalid-json reports it at the status line before it";

const EXPLORER_KNOWN: &[Known] = &[
    ("page-forms/partial/CreateTicket.txt", 133, CUT_TO_A_DATE),
    ("page-forms/partial/CreateTicket.txt", 137, CUT_TO_A_DATE),
    ("docs-input/tickets/explorer/partial/CreateTicket.txt", 133, CUT_TO_A_DATE),
    ("docs-input/tickets/explorer/partial/CreateTicket.txt", 137, CUT_TO_A_DATE),
    ("docs-input/tickets/explorer/ChangeTicketStatus.txt", 117, CUT_TO_A_DATE),
    ("docs-input/tickets/explorer/ChangeTicketStatus.txt", 121, CUT_TO_A_DATE),
    ("docs-input/tickets/explorer/QueryTicketHistory.txt", 202, EXAMPLE_CUT),
    ("docs-input/tickets/explorer/QueryArchiveTicketHistory.txt", 206, EXAMPLE_CUT),
];

#[test]
fn a_field_lost_to_a_garbled_line_of_an_explorer_page_is_named_by_a_diagnostic() {
    check(PageFamily::ApiExplorer, EXPLORER_KNOWN);
}

#[test]
fn a_field_lost_to_a_garbled_line_of_a_dev_guide_page_is_named_by_a_diagnostic() {
    check(PageFamily::DevGuide, &[]);
}

/// Garbles every line of every page of a family and lists the fields lost without a diagnostic,
/// but for the `known` exceptions (each of which must occur).
fn check(family: PageFamily, known: &[Known]) {
    let pages = pages();
    assert!(pages.len() > 10, "pages: {pages:?}");
    let mut silent = Vec::new();
    let mut excused = BTreeSet::new();
    let mut mutations = 0;
    for page in &pages {
        let name = page.file_name().unwrap().to_string_lossy().into_owned();
        let syntax = Syntax::from_path(page).unwrap();
        let text = std::fs::read_to_string(page).unwrap();
        let (Some(before), _) = read(&name, syntax, &text) else { continue };
        if before.family != family {
            continue;
        }
        let before = fields(&before);
        let lines: Vec<&str> = text.split('\n').collect();
        for (i, line) in lines.iter().enumerate() {
            if line.trim().chars().count() < 4 {
                continue;
            }
            for garbled in garble(line) {
                mutations += 1;
                let mut mutated = lines.clone();
                mutated[i] = &garbled;
                let (after, diags) = read(&name, syntax, &mutated.join("\n"));
                let after = after.as_ref().map(fields).unwrap_or_default();
                let number = u32::try_from(i + 1).unwrap();
                let named = |lost: &&String| {
                    let field = lost.rsplit('.').next().unwrap_or(lost);
                    diags
                        .iter()
                        .any(|d| d.level <= Level::Warning && (d.source.line == number || d.message.contains(field)))
                };
                let lost: Vec<&String> = before.difference(&after).filter(|l| !named(l)).collect();
                let exception = known.iter().find(|(end, line, _)| page.ends_with(end) && *line == number);
                if let (Some(exception), false) = (exception, lost.is_empty()) {
                    excused.insert(*exception);
                } else if let Some(first) = lost.first() {
                    let more = if lost.len() > 1 { format!(" and {} more", lost.len() - 1) } else { String::new() };
                    silent.push(format!("{}:{number}: `{garbled}` loses {first}{more} silently", page.display()));
                }
            }
        }
    }
    let stale: Vec<&Known> = known.iter().filter(|k| !excused.contains(*k)).collect();
    assert!(stale.is_empty(), "known exceptions that no longer occur (remove them): {stale:?}");
    assert!(
        silent.is_empty(),
        "{} of {mutations} garbled lines lose fields silently:\n{}",
        silent.len(),
        silent.join("\n")
    );
}
