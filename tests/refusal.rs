//! A run with errors hands out nothing made from the model (documents, files, Rust modules), and
//! every caller gets the same refusal, listing every error with its file and line: the library's
//! `Run::outputs`, a build script, and the CLI's `openapi`, `generate` and `check`. The model stays
//! available: it is what explains the errors.

mod common;

use std::process::{Command, Output};

use docs2api::{BuildError, Generator, Level, Refused};

/// A folder with the seed page and two broken ones.
fn broken_pages() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(common::SEED, dir.path().join("ChangeTicketStatus.txt")).unwrap();
    std::fs::write(dir.path().join("Broken.txt"), "Operation ID\n\nBroken\n").unwrap();
    std::fs::write(dir.path().join("Empty.md"), "").unwrap();
    dir
}

fn refusal(run: &docs2api::Run) -> Refused {
    run.outputs().map(drop).expect_err("a run with errors is refused")
}

fn docs2api(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_docs2api")).args(args).output().expect("the binary runs")
}

#[test]
fn the_refusal_lists_every_error_with_its_file_and_line_and_the_model_stays() {
    let dir = broken_pages();
    let run = Generator::new().input(dir.path()).run().unwrap();
    let refused = refusal(&run);
    let errors: Vec<_> = run.diagnostics().iter().filter(|d| d.level == Level::Error).cloned().collect();
    assert_eq!(refused.errors(), errors, "every error, and only the errors");
    assert_eq!(errors.len(), 2);
    let message = refused.to_string();
    assert!(message.starts_with("docs2api: 2 error(s) in the documentation pages:\n  "), "{message}");
    for e in &errors {
        assert!(message.contains(&format!("\n  {e}")), "{message}");
        assert!(e.source.line > 0 && !e.source.file.is_empty(), "{e}");
    }
    assert_eq!(format!("{refused:?}"), message, "Debug is the readable message");
    // The model is still there, for `inspect` and for a user looking into the errors.
    assert!(run.api.operations.contains_key("ChangeTicketStatus"));
    assert!(run.model_json().contains("\"ChangeTicketStatus\""));
}

#[test]
fn a_build_script_gets_the_same_refusal_and_writes_nothing() {
    let dir = broken_pages();
    let generator = Generator::new().input(dir.path());
    let expected = refusal(&generator.run().unwrap());
    let out = tempfile::tempdir().unwrap();
    let error = generator.build_into(out.path(), &mut std::io::sink()).unwrap_err();
    let BuildError::Pages(refused) = &error else { panic!("{error}") };
    assert_eq!(*refused, expected);
    assert_eq!(error.to_string(), expected.to_string());
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0, "nothing in OUT_DIR");
}

#[test]
fn openapi_on_a_broken_page_prints_nothing_on_stdout_and_exits_1() {
    let dir = broken_pages();
    let pages = dir.path().to_str().unwrap();
    let expected = refusal(&Generator::new().input(pages).run().unwrap()).to_string();
    for format in ["yaml", "json"] {
        let out = docs2api(&["openapi", pages, "--format", format]);
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert!(out.stdout.is_empty(), "{format}: {}", String::from_utf8_lossy(&out.stdout));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&format!("{expected}\n")), "{format}: {stderr}");
        assert_eq!(stderr.matches(": error: ").count(), 2, "each error once: {stderr}");
    }
}

#[test]
fn generate_and_check_print_the_same_refusal_and_write_nothing() {
    let dir = broken_pages();
    let pages = dir.path().to_str().unwrap();
    let expected = refusal(&Generator::new().input(pages).run().unwrap()).to_string();
    let target = tempfile::tempdir().unwrap();
    let out_dir = target.path().join("out");
    for command in ["generate", "check"] {
        let out = docs2api(&[command, "--input", pages, "--out", out_dir.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{command}");
        assert!(out.stdout.is_empty(), "{command}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&format!("{expected}\n")), "{command}: {stderr}");
    }
    assert!(!out_dir.exists(), "generate wrote nothing");
}

#[test]
fn inspect_prints_the_model_of_a_broken_page_and_its_errors_and_exits_1() {
    let dir = broken_pages();
    let out = docs2api(&["inspect", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let model: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(model["operations"]["ChangeTicketStatus"].is_object());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Broken.txt:1: error: the page is in no known layout"), "{stderr}");
    assert!(stderr.contains("Empty.md:1: error: the page is empty"), "{stderr}");
}

/// Rust that does not parse (here from an extra derive that is not a path) is the generator's
/// error, not a failure to write: `write` says which module, and the output folder keeps what it
/// held, although the documents were already written into the staged folder when the crate failed.
#[test]
fn invalid_rust_stops_the_write_and_leaves_the_output_folder_as_it_was() {
    let pages = tempfile::tempdir().unwrap();
    std::fs::copy(common::SEED, pages.path().join("ChangeTicketStatus.txt")).unwrap();
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("generated");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("openapi.yaml"), "old\n").unwrap();
    let run = Generator::new().input(pages.path()).extra_derive("not a path!").run().unwrap();
    let error = run.outputs().unwrap().write(&out).unwrap_err();
    let docs2api::output::WriteError::Make(invalid) = &error else { panic!("{error:?}") };
    assert_eq!(invalid.module, "types", "{invalid}");
    assert!(invalid.to_string().contains("`not a path!`"), "{invalid}");
    assert_eq!(std::fs::read_to_string(out.join("openapi.yaml")).unwrap(), "old\n");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
    assert_eq!(std::fs::read_dir(parent.path()).unwrap().count(), 1, "no staged folder is left beside it");
    let files = run.outputs().unwrap().files().map(drop).unwrap_err();
    assert_eq!(files.module, "types", "{files}");
}
