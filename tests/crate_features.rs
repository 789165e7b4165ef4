//! The generated crate's features: one per API group, and which of them are on by default
//! (`rust.default-features` in `docs2api.yaml`).

use docs2api::{Generator, RustSettings};

/// The generated `Cargo.toml` for the ticket pages (one group: docs-input/tickets/, without the
/// session pages beside it) with these settings, or the error.
fn manifest(settings: RustSettings) -> Result<String, docs2api::RustError> {
    let run = Generator::new().input("docs-input/tickets").rust(settings).run().unwrap();
    let files = run.outputs().unwrap().files()?;
    Ok(files.into_iter().find(|f| f.path.ends_with("Cargo.toml")).unwrap().contents)
}

fn settings(yaml: &str) -> Result<RustSettings, serde_norway::Error> {
    serde_norway::from_str(yaml)
}

#[test]
fn the_one_group_of_an_api_is_on_by_default_unless_the_settings_say() {
    let default = manifest(RustSettings::default()).unwrap();
    assert!(default.contains("default = [\"client\", \"server\", \"ticket\"]\n"), "{default}");
    assert!(default.contains("\nfull = [\"ticket\"]\n") && default.contains("\nticket = []\n"), "{default}");
    let none = manifest(settings("default-features: []").unwrap()).unwrap();
    assert!(none.contains("default = [\"client\", \"server\"]\n"), "{none}");
    let full = manifest(settings("default-features: [full]").unwrap()).unwrap();
    assert!(full.contains("default = [\"client\", \"server\", \"full\"]\n"), "{full}");
}

#[test]
fn default_features_are_parsed_strictly() {
    assert!(settings("default-features: ticket").is_err(), "a list, not a string");
    assert!(settings("default-feature: [ticket]").is_err(), "no unknown keys");
    let error = manifest(settings("default-features: [tickets]").unwrap()).unwrap_err().to_string();
    assert!(error.contains("`tickets`") && error.contains("`ticket`"), "{error}");
}
