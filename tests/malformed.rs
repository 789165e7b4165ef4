//! Bad input is normal input: every malformed page gets a diagnostic naming the file, the line and
//! what was expected; nothing panics.

mod common;

use std::path::Path;

use common::{SEED, run};
use docs2api::{Diagnostic, Level};

fn seed_text() -> String {
    std::fs::read_to_string(SEED).unwrap()
}

/// Writes `bytes` as `name` in a fresh folder and reads it.
fn read_bytes(name: &str, bytes: &[u8]) -> (tempfile::TempDir, Vec<Diagnostic>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let run = run(&[path.to_str().unwrap()]);
    (dir, run.diagnostics().to_vec())
}

fn errors(diags: &[Diagnostic]) -> Vec<(u32, &'static str)> {
    diags.iter().filter(|d| d.level == Level::Error).map(|d| (d.source.line, d.rule)).collect()
}

#[test]
fn a_truncated_seed_names_the_missing_sections() {
    let text = seed_text();
    let cut: String = text.lines().take(60).collect::<Vec<_>>().join("\n");
    let (_dir, diags) = read_bytes("Truncated.txt", cut.as_bytes());
    // A page cut before its tail is a partial copy (issue 10): one warning names what is missing,
    // the Endpoint first, instead of an error for each missing section.
    assert_eq!(errors(&diags), [], "{diags:#?}");
    let message = diags.iter().find(|d| d.rule == "page-incomplete").unwrap().to_string();
    assert!(message.contains("Truncated.txt:59: warning:") && message.contains("the Endpoint"), "{message}");
}

#[test]
fn a_page_without_an_endpoint_section_is_an_error() {
    let text = seed_text()
        .replace("Endpoint\n\nPUT/zstack/v1/tickets/{uuid}/actions\n\n/zstack/v1/tickets/{uuid}/actions\n\n", "");
    let (_dir, diags) = read_bytes("NoEndpoint.txt", text.as_bytes());
    assert_eq!(errors(&diags).iter().map(|e| e.1).collect::<Vec<_>>(), ["explorer-endpoint"], "{diags:#?}");
}

#[test]
fn invalid_json_in_the_response_example_points_at_its_line() {
    let text = seed_text().replace("\"name\": \"ticket\",", "\"name\": \"ticket\" oops,");
    let (_dir, diags) = read_bytes("BadJson.txt", text.as_bytes());
    assert_eq!(errors(&diags), [(175, "invalid-json")], "{diags:#?}");
    let message = &diags.iter().find(|d| d.rule == "invalid-json").unwrap().message;
    assert!(message.contains("response example is not valid JSON") && message.contains("column"), "{message}");
}

#[test]
fn invalid_json_in_the_curl_body_is_an_error() {
    let text = seed_text().replace("-d '{\"changeticketstatus\":{", "-d '{\"changeticketstatus\":{{");
    let (_dir, diags) = read_bytes("BadCurl.txt", text.as_bytes());
    assert_eq!(errors(&diags), [(171, "request-example")], "{diags:#?}");
}

#[test]
fn an_empty_file_is_an_error() {
    let (_dir, diags) = read_bytes("Empty.txt", b"");
    assert_eq!(errors(&diags), [(1, "empty-page")]);
    let (_dir, diags) = read_bytes("Blank.txt", b"\n\n   \n");
    assert_eq!(errors(&diags), [(1, "empty-page")]);
}

#[test]
fn a_binary_file_is_an_error_at_the_line_of_the_first_bad_byte() {
    let (_dir, diags) = read_bytes("Image.txt", b"PNG\n\n\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    assert_eq!(errors(&diags), [(3, "not-text")], "{diags:#?}");
    let (_dir, diags) = read_bytes("Nul.txt", b"text\nmore\0text");
    assert_eq!(errors(&diags), [(2, "not-text")], "{diags:#?}");
}

#[test]
fn a_page_in_no_known_layout_is_an_error() {
    let (_dir, diags) = read_bytes("Notes.txt", b"Shopping list\n\n  \xE2\x80\xA2 milk\n");
    assert_eq!(errors(&diags), [(1, "unknown-layout")]);
}

#[test]
fn a_header_that_does_not_split_is_an_error_at_its_line() {
    let text = seed_text().replacen("  • uuidStringRequired", "  • uuidstringrequired", 1);
    let (_dir, diags) = read_bytes("BadHeader.txt", text.as_bytes());
    assert_eq!(errors(&diags), [(21, "field-header")], "{diags:#?}");
}

/// Every prefix of the seed, cut at every line and inside lines, reads without a panic.
#[test]
fn no_prefix_of_the_seed_panics() {
    let text = seed_text();
    let bytes = text.as_bytes();
    let mut diags = docs2api::Diagnostics::new();
    for end in (0..bytes.len()).step_by(7) {
        let _ = docs2api::internals::read_page_bytes(
            "Prefix.txt",
            docs2api::internals::Syntax::Text,
            &bytes[..end],
            &mut diags,
        );
    }
}

/// Deterministic mutations (bytes replaced, lines swapped and re-indented) never panic.
#[test]
fn mutated_seeds_never_panic() {
    let text = seed_text();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut diags = docs2api::Diagnostics::new();
    for _ in 0..300 {
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        for _ in 0..5 {
            let i = (next() % lines.len() as u64) as usize;
            let j = (next() % lines.len() as u64) as usize;
            match next() % 4 {
                0 => lines.swap(i, j),
                1 => lines[i] = format!("{}{}", " ".repeat((next() % 9) as usize), lines[i].trim_start()),
                2 => lines[i] = lines[i].chars().rev().collect(),
                _ => lines[i].clear(),
            }
        }
        let page = lines.join("\n");
        let _ = docs2api::internals::read_page_bytes(
            "Mutant.txt",
            docs2api::internals::Syntax::Text,
            page.as_bytes(),
            &mut diags,
        );
        let facts = docs2api::internals::read_page_bytes(
            "Mutant.txt",
            docs2api::internals::Syntax::Text,
            page.as_bytes(),
            &mut diags,
        );
        let _ = docs2api::internals::resolve(facts.into_iter().collect(), &mut diags);
    }
}

#[test]
fn a_missing_input_is_an_error_not_a_panic() {
    let result = docs2api::Generator::new().input(Path::new("no/such/folder")).run();
    assert!(result.is_err());
}

#[test]
fn a_markdown_table_with_missing_cells_is_a_warning_at_the_row() {
    let page = std::fs::read_to_string("docs-input/tickets/devguide/CreateTicket.md").unwrap();
    let (line_no, line) = page.lines().enumerate().find(|(_, l)| l.starts_with("| accountSystemType")).unwrap();
    let cut = line.rsplitn(4, '|').last().unwrap().to_owned() + "|";
    let broken = page.replace(line, &cut);
    let (_dir, diags) = read_bytes("Missing.md", broken.as_bytes());
    let row = diags.iter().find(|d| d.rule == "table-missing-cells").expect("a missing-cells warning");
    assert_eq!((row.level, row.source.line), (Level::Warning, line_no as u32 + 1), "{row}");
    assert!(row.message.contains("4 cells where the header has 6"), "{row}");
    assert!(!diags.iter().any(|d| d.level == Level::Error), "{diags:#?}");
}

#[test]
fn broken_html_markup_is_a_warning_at_its_line_and_still_reads() {
    let page = std::fs::read_to_string("tests/fixtures/same-page/ChangeTicketStatus-explorer.html").unwrap();
    let broken = page.replacen("</li>", "</li></p></span>", 1).replacen("<ul>", "<ul><li><ul", 1);
    let (_dir, diags) = read_bytes("Broken.html", broken.as_bytes());
    let malformed: Vec<&Diagnostic> = diags.iter().filter(|d| d.rule == "html-malformed").collect();
    assert!(!malformed.is_empty(), "{diags:#?}");
    assert!(malformed.iter().all(|d| d.level == Level::Warning && d.source.line > 1), "{malformed:#?}");
}

#[test]
fn truncated_html_and_markdown_never_panic() {
    for (name, path) in [
        ("Cut.html", "tests/fixtures/same-page/ChangeTicketStatus-devguide.html"),
        ("Cut.md", "tests/fixtures/same-page/ChangeTicketStatus-devguide.md"),
    ] {
        let bytes = std::fs::read(path).unwrap();
        let syntax = docs2api::internals::Syntax::from_path(Path::new(name)).unwrap();
        let mut diags = docs2api::Diagnostics::new();
        for end in (0..bytes.len()).step_by(97) {
            let facts = docs2api::internals::read_page_bytes(name, syntax, &bytes[..end], &mut diags);
            let _ = docs2api::internals::resolve(facts.into_iter().collect(), &mut diags);
        }
    }
}
