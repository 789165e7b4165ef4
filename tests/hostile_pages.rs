//! Pages whose text would break what docs2api writes (`tests/fixtures/hostile-text`, and pages
//! made here): names of characters that are no identifier characters, API groups named like the
//! server module's items, bidi controls, `{}` in a path, text that quotes line breaks. Nothing
//! panics, every Rust file parses, and every diagnostic is one line. That the crate compiles and
//! its docs stay inert is `downstream.rs`'s `hostile_page_text_stays_inert`.

mod common;

use common::{SEED, run};

const HOSTILE: &str = "tests/fixtures/hostile-text";

#[test]
fn names_of_any_characters_make_rust_that_parses() {
    let run = run(&[HOSTILE]);
    let files = run.outputs().unwrap().files().expect("the Rust emitter makes identifiers of any name");
    for f in files.iter().filter(|f| f.path.extension().is_some_and(|e| e == "rs")) {
        syn::parse_file(&f.contents).unwrap_or_else(|e| panic!("{}: {e}", f.path.display()));
    }
    let server = files.iter().find(|f| f.path.ends_with("src/server.rs")).unwrap();
    for group in ["pub trait _123Ops:", "pub trait Mock2:", "pub trait ServerState2:", "pub struct Mock;"] {
        assert!(server.contents.contains(group), "{group}");
    }
    let types = files.iter().find(|f| f.path.ends_with("src/types.rs")).unwrap();
    assert!(types.contents.contains("Self::_٣x => \"٣x\""), "a leading `٣` gets a `_`");
}

/// Writes `text` as `name` in a fresh folder and runs docs2api on it.
fn run_page(name: &str, text: &str) -> (tempfile::TempDir, docs2api::Run) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let run = run(&[path.to_str().unwrap()]);
    (dir, run)
}

#[test]
fn an_unnamed_path_variable_is_named_with_a_warning() {
    let seed = std::fs::read_to_string(SEED).unwrap();
    let (_dir, run) =
        run_page("Unnamed.txt", &seed.replace("/zstack/v1/tickets/{uuid}/actions", "/zstack/v1/tickets/{}/actions"));
    assert!(run.diagnostics().iter().any(|d| d.rule == "path-variable-unnamed"), "{:#?}", run.diagnostics());
    let openapi = run.outputs().unwrap().openapi_json(docs2api::Version::V3_1);
    assert!(!openapi.contains("{}/actions"), "no OpenAPI path holds `{{}}`");
    assert!(openapi.contains("/zstack/v1/tickets/{param}/actions"), "{openapi}");
    run.outputs().unwrap().files().expect("the Rust emitter takes the named variable");
}

#[test]
fn every_diagnostic_is_one_line() {
    let seed = std::fs::read_to_string(SEED).unwrap();
    let path = "/zstack/v1/tickets/{uuid}/ac\ttions\r/x\u{202e}y/{other\u{2066}}";
    let (_dir, run) = run_page("Quoting.txt", &seed.replace("/zstack/v1/tickets/{uuid}/actions", path));
    let quoting: Vec<String> =
        run.diagnostics().iter().map(ToString::to_string).filter(|d| d.contains("ac\\ttions")).collect();
    assert!(!quoting.is_empty(), "a diagnostic quotes the path: {:#?}", run.diagnostics());
    for d in run.diagnostics().iter().map(ToString::to_string) {
        assert!(!d.chars().any(|c| c.is_control() || docs2api::diag::is_bidi_control(c)), "{d:?}");
        assert!(d.contains("Quoting.txt:") || d.starts_with("profile:"), "{d}");
    }
    assert!(quoting.iter().any(|d| d.contains("\\r/x\\u{202e}y")), "{quoting:#?}");
}
