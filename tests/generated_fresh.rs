//! generated/ must be what `docs2api generate` writes for docs-input/ (the rust-analyzer
//! "xtask codegen" check): CI can never ship stale generated files.

mod common;

#[test]
fn generated_files_are_up_to_date() {
    let run = common::run(&["docs-input"]);
    assert!(!run.has_errors(), "{:#?}", run.diagnostics);
    let stale = docs2api::output::stale(std::path::Path::new("generated"), &run.files().unwrap());
    assert!(stale.is_empty(), "stale generated files: {stale:?}; run `cargo run -- generate` to update them");
}
