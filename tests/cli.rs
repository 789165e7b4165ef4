//! The command line, run as a user runs it.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::SEED;

fn docs2api(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_docs2api")).args(args).output().expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn openapi_prints_the_document_in_the_asked_format_and_version() {
    let out = docs2api(&["openapi", SEED, "--format", "json", "--openapi", "3.0"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["openapi"], "3.0.3");
    assert!(doc["paths"]["/zstack/v1/tickets/{uuid}/actions"]["put"].is_object());
    let yaml = docs2api(&["openapi", SEED]);
    assert!(String::from_utf8_lossy(&yaml.stdout).starts_with("openapi: 3.1.0\n"));
    // warnings go to stderr in the compiler's shape; notes are counted there, listed by `lint`
    assert!(stderr(&yaml).contains(&format!("{SEED}:31: warning: ")), "{}", stderr(&yaml));
    assert!(stderr(&yaml).contains("notes (corrections and resolved disagreements)"), "{}", stderr(&yaml));
}

#[test]
fn lint_lists_every_diagnostic_with_a_count_by_rule() {
    let out = docs2api(&["lint", SEED]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&format!("{SEED}:149: note: `executeTimes` is documented as `int`")), "{text}");
    assert!(text.contains(&format!("{SEED}:27: note: [zstack:wrapper-key] ChangeTicketStatus: body wrapper key `changeticketstatus` → `changeTicketStatus` [wrapper-key]")), "{text}");
    assert!(text.lines().any(|l| l.trim_start().starts_with("1  note") && l.ends_with("wrapper-key")), "{text}");
    assert!(text.trim_end().ends_with("notes"), "{text}");
    let coverage = format!("{SEED}: ");
    assert!(text.lines().any(|l| l.starts_with(&coverage) && l.contains("lines became facts")), "{text}");
    let verbatim = docs2api(&["lint", SEED, "--profile", "none"]);
    assert!(!String::from_utf8_lossy(&verbatim.stdout).contains("wrapper-key"));
}

#[test]
fn lint_rules_lists_the_registry_a_line_each() {
    let out = docs2api(&["lint", "--rules"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), docs2api::diag::rules::ALL.len(), "{text}");
    let ambiguous = text.lines().find(|l| l.starts_with("field-header-ambiguous ")).unwrap_or_default();
    let columns: Vec<&str> = ambiguous.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect();
    assert_eq!(columns[..2], ["field-header-ambiguous", "warning"], "{ambiguous}");
    assert!(columns[2].starts_with("a fused field header"), "{ambiguous}");
    assert!(text.lines().any(|l| l.starts_with("merge-valid-values ") && l.contains(" warning, note ")), "{text}");
    assert_eq!(docs2api(&["lint", "--rules", SEED]).status.code(), Some(2), "--rules reads no pages");
}

#[test]
fn inspect_prints_the_model_as_json() {
    let out = docs2api(&["inspect", SEED]);
    assert_eq!(out.status.code(), Some(0));
    let model: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(model["operations"]["ChangeTicketStatus"]["method"], "PUT");
}

#[test]
fn errors_exit_1_and_usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, "").unwrap();
    let out = docs2api(&["openapi", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("bad.txt:1: error: the page is empty"), "{}", stderr(&out));
    assert_eq!(docs2api(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(docs2api(&["openapi"]).status.code(), Some(2));
    assert_eq!(docs2api(&["openapi", SEED, "--openapi", "2.0"]).status.code(), Some(2));
}

/// The generators document: the successes of an operation share one body, and the plain-text
/// errors beside the JSON 503 are listed instead of declared.
#[test]
fn openapi_prints_the_generators_document_and_a_manifest_makes_generate_write_it() {
    let out = docs2api(&["openapi", SEED, "--format", "json", "--openapi", "3.0-generators"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["openapi"], "3.0.3");
    assert!(doc["x-docs2api-shape"].is_string());
    let put = &doc["paths"]["/zstack/v1/tickets/{uuid}/actions"]["put"];
    let responses = put["responses"].as_object().unwrap();
    assert_eq!(responses.keys().collect::<Vec<_>>(), ["200", "202", "503"], "{put}");
    let schema = |status: &str| &responses[status]["content"]["application/json"]["schema"];
    assert_eq!(schema("200"), schema("202"));
    assert!(
        schema("202")["properties"]["location"].is_object() && schema("202")["properties"]["inventory"].is_object()
    );
    let listed = put["x-docs2api-plain-text-errors"].as_object().unwrap();
    assert_eq!(listed.keys().collect::<Vec<_>>(), ["400", "404", "405", "500"]);
    let yaml = docs2api(&["openapi", SEED, "--openapi", "3.0-generators"]);
    let from_json = docs2api(&["openapi", SEED, "--openapi", "3.0-generators", "--format", "json"]);
    let yaml: serde_json::Value = serde_norway::from_slice(&yaml.stdout).unwrap();
    assert_eq!(yaml, serde_json::from_slice::<serde_json::Value>(&from_json.stdout).unwrap());

    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(SEED, dir.path().join("ChangeTicketStatus.txt")).unwrap();
    let manifest = "info: {title: T, version: 1.0.0}\nopenapi: {generators-document: true}\n";
    std::fs::write(dir.path().join("docs2api.yaml"), manifest).unwrap();
    let out_dir = dir.path().join("out");
    let args = ["generate", "--input", dir.path().to_str().unwrap(), "--out", out_dir.to_str().unwrap()];
    let generated = docs2api(&args);
    assert_eq!(generated.status.code(), Some(0), "{}", stderr(&generated));
    let written = std::fs::read(out_dir.join("openapi-3.0-generators.yaml")).unwrap();
    let written: serde_json::Value = serde_norway::from_slice(&written).unwrap();
    let put = &written["paths"]["/zstack/v1/tickets/{uuid}/actions"]["put"];
    assert!(written["x-docs2api-shape"].is_string() && put["x-docs2api-plain-text-errors"].is_object(), "{put}");
}

#[test]
fn generate_then_check_and_a_failed_generate_leaves_files_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let out = out_dir.to_str().unwrap();
    let input = dir.path().join("pages");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(SEED, input.join("ChangeTicketStatus.txt")).unwrap();
    let input = input.to_str().unwrap();

    assert_eq!(docs2api(&["check", "--input", input, "--out", out]).status.code(), Some(1), "nothing generated yet");
    let generated = docs2api(&["generate", "--input", input, "--out", out]);
    assert_eq!(generated.status.code(), Some(0), "{}", stderr(&generated));
    for name in ["openapi.yaml", "openapi.json", "openapi-3.0.yaml"] {
        assert!(out_dir.join(name).is_file(), "{name}");
    }
    assert_eq!(docs2api(&["check", "--input", input, "--out", out]).status.code(), Some(0));

    std::fs::write(out_dir.join("openapi.json"), "{}").unwrap();
    let check = docs2api(&["check", "--input", input, "--out", out]);
    assert_eq!(check.status.code(), Some(1));
    assert!(stderr(&check).contains("openapi.json"), "{}", stderr(&check));

    // A broken page: generate fails and every existing file keeps its bytes.
    let before = std::fs::read(out_dir.join("openapi.yaml")).unwrap();
    std::fs::write(Path::new(input).join("Broken.txt"), b"\x89PNG\0").unwrap();
    let failed = docs2api(&["generate", "--input", input, "--out", out]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(stderr(&failed).contains("Broken.txt:1: error:"), "{}", stderr(&failed));
    assert_eq!(std::fs::read(out_dir.join("openapi.yaml")).unwrap(), before);
    assert_eq!(std::fs::read_to_string(out_dir.join("openapi.json")).unwrap(), "{}");
    let mut entries: Vec<String> =
        std::fs::read_dir(&out_dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    entries.sort();
    assert_eq!(
        entries,
        [
            "Cargo.toml",
            "docs2api-surface.json",
            "openapi-3.0.yaml",
            "openapi.json",
            "openapi.yaml",
            "rustfmt.toml",
            "src"
        ],
        "no staging folder is left"
    );
}

#[test]
fn check_names_files_no_longer_generated_but_not_cargo_builds_or_hidden_files() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let out = out_dir.to_str().unwrap();
    let generated = docs2api(&["generate", "--input", SEED, "--out", out]);
    assert_eq!(generated.status.code(), Some(0), "{}", stderr(&generated));
    // What building the crate in place and an editor leave: not stale.
    std::fs::create_dir_all(out_dir.join("target/debug")).unwrap();
    std::fs::write(out_dir.join("target/debug/build.log"), "").unwrap();
    std::fs::write(out_dir.join("Cargo.lock"), "").unwrap();
    std::fs::write(out_dir.join(".gitignore"), "target\n").unwrap();
    assert_eq!(docs2api(&["check", "--input", SEED, "--out", out]).status.code(), Some(0));

    std::fs::write(out_dir.join("src/old.rs"), "// from an earlier generation\n").unwrap();
    let check = docs2api(&["check", "--input", SEED, "--out", out]);
    assert_eq!(check.status.code(), Some(1));
    let old = out_dir.join("src/old.rs");
    assert!(
        stderr(&check).contains(&format!("stale: {} (no longer generated)\n", old.display())),
        "{}",
        stderr(&check)
    );
    assert_eq!(stderr(&check).matches("stale: ").count(), 1, "{}", stderr(&check));
    assert!(stderr(&check).contains("`generate` removes the files marked (no longer generated)"), "{}", stderr(&check));

    // `generate` publishes the folder whole: the file no longer generated goes, what cargo and the
    // editor wrote stays.
    let generated = docs2api(&["generate", "--input", SEED, "--out", out]);
    assert_eq!(generated.status.code(), Some(0), "{}", stderr(&generated));
    assert!(!old.exists());
    assert_eq!(docs2api(&["check", "--input", SEED, "--out", out]).status.code(), Some(0));
    for kept in ["target/debug/build.log", "Cargo.lock", ".gitignore"] {
        assert!(out_dir.join(kept).is_file(), "{kept} is kept");
    }
    assert_eq!(std::fs::read_to_string(out_dir.join(".gitignore")).unwrap(), "target\n");
    let beside: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(beside, ["out"], "no work folder is left beside --out");
}
