//! `docs2api diff` and `check --explain` on two versions of the ticket pages:
//! `tests/fixtures/diff/old` (docs-input as it was, without QueryArchiveTicketHistory) and
//! `tests/fixtures/diff/new`, changed as a later version of the documentation might change them
//! (tests/fixtures/diff/README.md lists each change). Every kind of change in the table is
//! classified in `src/diff`'s unit tests; here the pages, the three formats and the exit statuses.

use std::process::{Command, Output};

use docs2api::Generator;
use docs2api::diff::{self, Change, ChangeKind, Format};

const OLD: &str = "tests/fixtures/diff/old";
const NEW: &str = "tests/fixtures/diff/new";

fn docs2api(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_docs2api")).args(args).output().expect("the binary runs")
}

fn surface(path: &str) -> diff::Surface {
    let run = Generator::new().input(path).run().expect("the pages are read");
    assert!(!run.has_errors(), "{:?}", run.diagnostics());
    run.surface()
}

fn changes() -> Vec<Change> {
    diff::diff(&surface(OLD), &surface(NEW))
}

/// (what changed, field, kind, breaking) of each change.
fn summary(changes: &[Change]) -> Vec<(String, String, ChangeKind, bool)> {
    changes
        .iter()
        .map(|c| {
            let what = c.operation.clone().or_else(|| c.named_type.clone()).unwrap_or_default();
            (what, c.field.clone().unwrap_or_default(), c.kind, c.breaking)
        })
        .collect()
}

#[test]
fn every_change_between_the_versions_is_found_and_classified() {
    use ChangeKind::*;
    let expected = [
        ("DeleteIAM2TicketFlow", "", OperationRemoved, true),
        ("DeleteTicket", "", PathChanged, true),
        ("QueryArchiveTicketHistory", "", OperationAdded, false),
        ("QueryTicketFlowCollection", "inventories[].isDefault", TypeChanged, true),
        ("QueryTicketFlowCollection", "inventories[].priority", FieldAdded, false),
        ("UpdateIAM2TicketFlow", "name", MadeRequired, true),
        ("UpdateIAM2TicketFlow", "priority", FieldAdded, true),
        ("TicketStatusEvent", "", EnumValueRemoved, true),
        ("TicketStatusEvent", "", EnumValueAdded, false),
    ];
    let expected: Vec<_> = expected.iter().map(|&(w, f, k, b)| (w.to_owned(), f.to_owned(), k, b)).collect();
    assert_eq!(summary(&changes()), expected);
}

#[test]
fn each_change_names_its_page_lines_on_both_sides() {
    let changes = changes();
    let made_required = changes.iter().find(|c| c.kind == ChangeKind::MadeRequired).expect("made-required");
    assert_eq!(
        made_required.old_source.as_deref(),
        Some("tests/fixtures/diff/old/tickets/explorer/UpdateIAM2TicketFlow.txt:31")
    );
    assert_eq!(
        made_required.new_source.as_deref(),
        Some("tests/fixtures/diff/new/tickets/explorer/UpdateIAM2TicketFlow.txt:31")
    );
    assert_eq!((made_required.old.as_deref(), made_required.new.as_deref()), (Some("optional"), Some("required")));
    let removed = changes.iter().find(|c| c.kind == ChangeKind::OperationRemoved).expect("operation-removed");
    assert_eq!(removed.new_source, None);
    assert_eq!(removed.old.as_deref(), Some("DELETE /zstack/v1/tickets/flow/{uuid}"));
}

#[test]
fn the_same_pages_have_no_changes() {
    assert_eq!(diff::diff(&surface(OLD), &surface(OLD)), vec![]);
}

#[test]
fn the_three_formats() {
    let changes = changes();
    insta::assert_snapshot!("diff.txt", diff::render(&changes, Format::Text));
    insta::assert_snapshot!("diff.md", diff::render(&changes, Format::Markdown));
    insta::assert_snapshot!("diff.json", diff::render(&changes, Format::Json));
    let json: serde_json::Value = serde_json::from_str(&diff::render(&changes, Format::Json)).expect("JSON");
    assert_eq!(json["summary"], serde_json::json!({"changes": 9, "breaking": 6}));
    let keys: Vec<&str> = json["changes"][0].as_object().expect("a change").keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["kind", "operation", "type", "field", "side", "breaking", "old", "new", "old_source", "new_source"],
        "the documented shape, every key present"
    );
}

#[test]
fn the_exit_status_says_what_fail_on_asks() {
    let plain = docs2api(&["diff", OLD, NEW]);
    assert_eq!(plain.status.code(), Some(0), "{}", String::from_utf8_lossy(&plain.stderr));
    assert!(String::from_utf8_lossy(&plain.stdout).starts_with("docs2api diff: 9 changes, 6 breaking\n"));
    assert_eq!(docs2api(&["diff", OLD, NEW, "--fail-on", "breaking"]).status.code(), Some(1));
    assert_eq!(docs2api(&["diff", OLD, NEW, "--fail-on", "any"]).status.code(), Some(1));
    assert_eq!(docs2api(&["diff", OLD, OLD, "--fail-on", "any"]).status.code(), Some(0));
    let markdown = docs2api(&["diff", OLD, NEW, "--format", "markdown"]);
    assert!(String::from_utf8_lossy(&markdown.stdout).starts_with("### docs2api diff: 9 changes, 6 breaking\n"));
}

#[test]
fn usage_errors_and_unreadable_sides_exit_2() {
    assert_eq!(docs2api(&["diff", OLD]).status.code(), Some(2), "a side missing");
    assert_eq!(docs2api(&["diff", OLD, NEW, "--format", "xml"]).status.code(), Some(2));
    let empty = tempfile::tempdir().expect("a temporary folder");
    let unreadable = docs2api(&["diff", OLD, empty.path().to_str().expect("UTF-8")]);
    assert_eq!(unreadable.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unreadable.stderr).contains("no page files here"), "{unreadable:?}");
}

#[test]
fn check_explain_says_what_changed_since_generation() {
    let out = tempfile::tempdir().expect("a temporary folder");
    let out_path = out.path().to_str().expect("UTF-8");
    let generated = docs2api(&["generate", "--input", OLD, "--out", out_path]);
    assert!(generated.status.success(), "{}", String::from_utf8_lossy(&generated.stderr));
    assert!(out.path().join(diff::SURFACE_FILE).is_file());

    let fresh = docs2api(&["check", "--input", OLD, "--out", out_path, "--explain"]);
    assert_eq!(fresh.status.code(), Some(0), "{}", String::from_utf8_lossy(&fresh.stderr));
    assert_eq!(String::from_utf8_lossy(&fresh.stdout), "", "nothing to explain");

    let stale = docs2api(&["check", "--input", NEW, "--out", out_path, "--explain"]);
    assert_eq!(stale.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&stale.stdout);
    assert!(stdout.starts_with(&format!("what changed in the pages since {out_path} was generated:\n")), "{stdout}");
    // The explanation is the diff's text, with the kept surface as the old side.
    let text = diff::render(&changes(), Format::Text);
    let body = stdout.split_once('\n').map(|(_, rest)| rest).unwrap_or_default();
    let old_sources = |t: &str| t.replace("tests/fixtures/diff/old/", "");
    assert_eq!(old_sources(body), old_sources(&text));

    std::fs::remove_file(out.path().join(diff::SURFACE_FILE)).expect("the surface is removed");
    let unexplained = docs2api(&["check", "--input", NEW, "--out", out_path, "--explain"]);
    assert_eq!(unexplained.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unexplained.stdout).contains("cannot explain"), "{unexplained:?}");
}
