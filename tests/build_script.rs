//! docs2api as a build dependency: what `build_script` prints and writes, without running cargo
//! (`downstream.rs` runs cargo on the example crate).

use std::path::Path;

use docs2api::{BuildError, Generator, ModuleLayout, Version};

/// Runs the build step for `generator` into a fresh folder; returns the folder, the cargo
/// instructions printed, and the result.
fn build(generator: &Generator) -> (tempfile::TempDir, String, Result<docs2api::BuildReport, BuildError>) {
    let out = tempfile::tempdir().unwrap();
    let mut cargo = Vec::new();
    let result = generator.build_into(out.path(), &mut cargo);
    (out, String::from_utf8(cargo).unwrap(), result)
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    names
}

/// The crate gates each API group behind its feature; a build script's modules hold every group
/// (its crate has no such features), and are otherwise the crate's modules byte for byte.
#[test]
fn the_modules_are_the_crate_the_cli_writes_without_its_feature_gates() {
    let (out, _, result) = build(&Generator::new().input("docs-input"));
    result.unwrap();
    let ungated = |text: &str| -> String {
        // A group's gate (`ticket`, `account`), or the gate of what several groups use.
        let gate = |l: &&str| {
            let l = l.trim_start();
            ["#[cfg(feature = ", "#[cfg(any(feature = ", "#[cfg(all(feature = "].iter().any(|g| l.starts_with(g))
        };
        text.lines().filter(|l| !gate(l)).map(|l| format!("{l}\n")).collect()
    };
    for module in ["runtime", "types", "client", "server"] {
        let built = std::fs::read_to_string(out.path().join(format!("{module}.rs"))).unwrap();
        let cli = std::fs::read_to_string(format!("generated/src/{module}.rs")).unwrap();
        assert!(built == ungated(&cli), "{module}.rs differs from generated/src/{module}.rs");
        assert!(!built.contains("feature ="), "{module}.rs: a build script's modules are ungated");
    }
    let examples = std::fs::read_to_string(out.path().join("examples.json")).unwrap();
    assert_eq!(examples, std::fs::read_to_string("generated/src/examples.json").unwrap());
}

#[test]
fn it_watches_every_page_folder_and_manifest_and_writes_only_its_files() {
    let (out, cargo, result) = build(&Generator::new().input("docs-input").openapi_file(Version::V3_0));
    let report = result.unwrap();
    let watched: Vec<&str> = cargo.lines().filter_map(|l| l.strip_prefix("cargo:rerun-if-changed=")).collect();
    assert!(watched.contains(&"docs-input"), "the folder, for pages added to it: {watched:?}");
    assert!(watched.contains(&"docs-input/tickets/explorer/ChangeTicketStatus.txt"));
    assert!(watched.contains(&"docs-input/tickets/devguide/QueryTicket.html"));
    assert!(watched.contains(&"docs-input/docs2api.yaml"));
    assert!(watched.contains(&"docs-input/overlay.yaml"), "the overlay the manifest names");
    assert_eq!(watched.len(), 1 + 45 + 1 + 1, "the folder, 45 pages, the overlay, the manifest: {watched:#?}");
    assert_eq!(
        names_in(out.path()),
        ["client.rs", "docs2api.rs", "examples.json", "openapi.yaml", "runtime.rs", "server.rs", "types.rs"]
    );
    assert_eq!(report.files[0], out.path().join("docs2api.rs"));
    let yaml = std::fs::read_to_string(out.path().join("openapi.yaml")).unwrap();
    assert!(yaml.starts_with("openapi: 3.0.3"));
}

#[test]
fn warnings_reach_cargo_and_errors_fail_with_file_and_line() {
    let (_, cargo, result) = build(&Generator::new().input("docs-input/tickets/explorer/ChangeTicketStatus.txt"));
    let report = result.unwrap();
    let warnings: Vec<&str> = cargo.lines().filter(|l| l.starts_with("cargo:warning=")).collect();
    assert_eq!(warnings.len(), report.warnings);
    assert_eq!(
        warnings,
        [
            "cargo:warning=docs-input/tickets/explorer/ChangeTicketStatus.txt:31: warning: the type `TicketStatusEvent` is not defined on any page; the examples show a string [type-undefined]"
        ]
    );

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Broken.txt"), "Operation ID\n\nBroken\n").unwrap();
    std::fs::write(dir.path().join("Empty.md"), "").unwrap();
    let (out, _, result) = build(&Generator::new().input(dir.path()));
    let error = result.unwrap_err();
    let shown = format!("{error:?}");
    assert!(shown.starts_with("docs2api: 2 error(s) in the documentation pages:"), "{shown}");
    assert!(shown.contains("Broken.txt:1: error: the page is in no known layout"), "{shown}");
    assert!(shown.contains("Empty.md:1: error: the page is empty"), "{shown}");
    assert_eq!(format!("{error}"), shown, "Debug is the readable message");
    let BuildError::Pages(refused) = &error else { panic!("{error}") };
    assert!(
        refused.errors().iter().all(|d| d.source.line > 0 && !d.source.file.is_empty()),
        "every error has its place"
    );
    assert!(names_in(out.path()).is_empty(), "nothing is written when the pages have errors");
}

#[test]
fn the_outputs_follow_the_settings() {
    let g = Generator::new()
        .input("docs-input/tickets/explorer/ChangeTicketStatus.txt")
        .without_server()
        .extra_derive("Eq")
        .module_layout(ModuleLayout::SingleFile);
    let (out, _, result) = build(&g);
    result.unwrap();
    assert_eq!(names_in(out.path()), ["docs2api.rs"]);
    let single = std::fs::read_to_string(out.path().join("docs2api.rs")).unwrap();
    for module in ["pub mod runtime {", "pub mod types {", "pub mod client {"] {
        assert!(single.contains(module), "{module}");
    }
    assert!(!single.contains("pub mod server"));
    assert!(single.contains("::serde::Serialize, Eq)]"), "the extra derive");
    syn::parse_file(&single).expect("the single file is valid Rust");
}

#[test]
fn an_unchanged_run_does_not_rewrite_its_files() {
    let g = Generator::new().input("docs-input/tickets/explorer/ChangeTicketStatus.txt");
    let out = tempfile::tempdir().unwrap();
    g.build_into(out.path(), &mut Vec::new()).unwrap();
    let types = out.path().join("types.rs");
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
    std::fs::File::options().write(true).open(&types).unwrap().set_modified(old).unwrap();
    g.build_into(out.path(), &mut Vec::new()).unwrap();
    assert_eq!(std::fs::metadata(&types).unwrap().modified().unwrap(), old);
}

#[test]
fn outside_a_build_script_it_says_so() {
    // Integration tests run without OUT_DIR.
    assert!(std::env::var_os("OUT_DIR").is_none());
    let result = Generator::new().input("docs-input").build_script();
    assert!(matches!(result, Err(BuildError::NoOutDir)));
}

/// The library, as a build dependency takes it, compiles no CLI and no HTTP runtime.
#[test]
fn the_library_alone_pulls_in_no_cli_or_http_runtime() {
    let out = std::process::Command::new(env!("CARGO"))
        .args(["tree", "--locked", "-p", "docs2api", "--no-default-features", "-e", "normal", "--prefix", "none"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(tree.contains("pulldown-cmark") && tree.contains("syn"), "{tree}");
    for runtime in ["clap ", "reqwest ", "hyper ", "axum ", "tokio "] {
        assert!(!tree.lines().any(|l| l.starts_with(runtime)), "{runtime}is compiled: {tree}");
    }
}
