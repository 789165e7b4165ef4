//! generated/ must be what `docs2api generate` writes for docs-input/ (the rust-analyzer
//! "xtask codegen" check): CI can never ship stale generated files. Outside CI (`CI` unset) a stale
//! generated/ is rewritten, so that the failure is fixed by rerunning the tests.

mod common;

use std::path::Path;

use docs2api::output;

#[test]
fn generated_files_are_up_to_date() {
    let run = common::run(&["docs-input"]);
    assert!(!run.has_errors(), "{:#?}", run.diagnostics());
    let out = Path::new("generated");
    let files = run.outputs().unwrap().files().unwrap();
    let stale = output::stale(out, &files);
    if stale.is_empty() {
        return;
    }
    let names: Vec<String> = stale.iter().map(ToString::to_string).collect();
    if common::in_ci() {
        panic!("stale generated files:\n  {}\nrun `cargo run -- generate` to update them", names.join("\n  "));
    }
    // `write_all` publishes the folder whole: the files no longer generated go too.
    output::write_all(out, &files).unwrap();
    panic!("generated/ updated; rerun (were stale:\n  {})", names.join("\n  "));
}
