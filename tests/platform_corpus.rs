//! The whole ZStack platform corpus (3,774 pages, 1,887 APIs): generated through the library, as
//! `docs2api generate` does, its three OpenAPI documents must be valid.
//!
//! The corpus is found by `DOCS2API_PLATFORM_PAGES`, else in the repository's copy
//! `tests/fixtures/platform-pages`, else by walking up from the crate's folder to one that holds
//! `shared/data/platform-pages` (a worktree or a clone may sit at any depth beside it); without it
//! every test here passes with a note on stderr. `openapi-spec-validator` (pip, the version `.ci/run` installs) must be on the PATH
//! when `CI` is set; elsewhere its test is skipped without it.
//!
//! Timing, on 2 cores shared with other builds: reading the corpus and emitting its documents
//! through the library takes about 6 s in release and 40 s in debug, so the test uses the library
//! in the profile it is built in. The validator dominates: about 3.5 CPU-minutes for the three
//! documents (a minute or more each, the YAML ones longest), run in parallel. Measured: 258 s in
//! release, 276 s in debug (434 s on a busier machine); a release binary would not shorten it.
//!
//! One function per test; the corpus is generated once per test binary and shared.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use docs2api::{Generator, Outputs, Run, Version};

const PAGES_VAR: &str = "DOCS2API_PLATFORM_PAGES";
const VALIDATOR: &str = "openapi-spec-validator";
/// Where a failing validator's message is cut: it prints the whole document with the error.
const MESSAGE_CHARS: usize = 2000;

/// The corpus folder, or `None` with a note on why the tests skip.
fn corpus() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(PAGES_VAR) {
        let path = PathBuf::from(path);
        assert!(path.is_dir(), "{PAGES_VAR}={} is not a folder", path.display());
        return Some(path);
    }
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The repository's copy (tests/fixtures/platform-pages, for CI), else the shared one.
    let in_repository = Some(crate_dir.join("tests/fixtures/platform-pages")).filter(|dir| dir.is_dir());
    let found = in_repository
        .or_else(|| crate_dir.ancestors().map(|dir| dir.join("shared/data/platform-pages")).find(|dir| dir.is_dir()));
    if found.is_none() {
        eprintln!(
            "skipped: no tests/fixtures/platform-pages, no shared/data/platform-pages above {} and {PAGES_VAR} is unset",
            crate_dir.display()
        );
    }
    found
}

/// The corpus read, once for every test of this file; a run with errors fails here.
fn corpus_run() -> Option<&'static Run> {
    static RUN: OnceLock<Option<Run>> = OnceLock::new();
    RUN.get_or_init(|| {
        let pages = corpus()?;
        let run = Generator::new().input(&pages).run().unwrap_or_else(|e| panic!("{}: {e}", pages.display()));
        if let Err(refused) = run.outputs() {
            panic!("{}: {refused}", pages.display());
        }
        Some(run)
    })
    .as_ref()
}

fn outputs(run: &Run) -> Outputs<'_> {
    run.outputs().expect("checked when the corpus was read")
}

/// Whether the validator can be run; when `CI` is set, it must.
fn validator_present() -> bool {
    let present = Command::new(VALIDATOR).arg("--help").output().is_ok_and(|o| o.status.success());
    assert!(
        present || !common::in_ci(),
        "CI is set but `{VALIDATOR}` is not on the PATH (pip install {VALIDATOR}==0.9.0)"
    );
    if !present {
        eprintln!("skipped: `{VALIDATOR}` is not on the PATH");
    }
    present
}

/// The 3.1 and 3.0 documents and the generators document, named.
fn documents(run: &Run) -> [(&'static str, serde_json::Value); 3] {
    let outputs = outputs(run);
    [
        ("3.1", outputs.openapi(Version::V3_1)),
        ("3.0", outputs.openapi(Version::V3_0)),
        ("generators", outputs.openapi_for_generators()),
    ]
}

#[test]
fn the_corpus_documents_have_no_dangling_refs() {
    let Some(run) = corpus_run() else { return };
    for (name, document) in documents(run) {
        let dangling = common::dangling_refs(&document);
        assert!(
            dangling.is_empty(),
            "{name}: {} dangling $refs: {:#?}",
            dangling.len(),
            &dangling[..dangling.len().min(20)]
        );
    }
}

/// Gson writes every number of the pages' examples as a double; the documents write the whole ones
/// of integer fields as integers (`1`, not `1.0`).
#[test]
fn the_corpus_examples_write_integers_as_integers() {
    let Some(run) = corpus_run() else { return };
    for (name, document) in documents(run) {
        let decimals = common::decimal_integers(&document);
        assert!(
            decimals.is_empty(),
            "{name}: {} integers written as decimals: {:#?}",
            decimals.len(),
            &decimals[..decimals.len().min(20)]
        );
    }
}

/// `openapi.json` and `openapi.yaml` (3.1) and `openapi-3.0.yaml`, as `docs2api generate` writes
/// them, each checked by the validator in its own process, the three at once.
#[test]
fn the_corpus_documents_pass_openapi_spec_validator() {
    let Some(run) = corpus_run() else { return };
    if !validator_present() {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let outputs = outputs(run);
    let files = [
        ("openapi.json", outputs.openapi_json(Version::V3_1)),
        ("openapi.yaml", outputs.openapi_yaml(Version::V3_1)),
        ("openapi-3.0.yaml", outputs.openapi_yaml(Version::V3_0)),
    ];
    let children: Vec<_> = files
        .iter()
        .map(|(name, text)| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            // One thread per document, so that the three checks run at once.
            (*name, std::thread::spawn(move || Command::new(VALIDATOR).arg(path).output()))
        })
        .collect();
    let failures: Vec<String> = children
        .into_iter()
        .filter_map(|(name, child)| {
            let out = child.join().expect("the validator's thread").unwrap_or_else(|e| panic!("{VALIDATOR}: {e}"));
            let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
            (!out.status.success()).then(|| format!("{name}: {}", text.chars().take(MESSAGE_CHARS).collect::<String>()))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A program of the corpus' crate that calls the operation `call` through its client method
/// `method`, with the path arguments `args`: it type-checks the call without making a request.
fn example(call: &str, method: &str, args: &str) -> String {
    format!(
        "use zstack_platform_api::{{client::Client, types}};\n\n\
         fn main() {{\n    let client = Client::new(\"http://127.0.0.1:1\");\n    \
         let call = |request: &types::{call}Request| drop(client.{method}({args}request));\n    \
         drop(call);\n}}\n"
    )
}

/// `cargo build` of the corpus' crate with `features`, and of the example `name`; the target
/// folder is the one the downstream tests share, so the dependencies are built once.
fn build(krate: &Path, features: &str, example: &str) -> std::process::Output {
    let target: PathBuf = [env!("CARGO_MANIFEST_DIR"), "target", "downstream-tests"].iter().collect();
    Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--no-default-features", "--features", features, "--lib", "--bins", "--example"])
        .arg(example)
        .current_dir(krate)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs")
}

/// The corpus' crate, as `docs2api generate` writes it, builds with one API group on (tickets),
/// its client, server and mock server: a program calling a ticket operation builds; one calling a
/// VM operation does not, since that group is off. The whole crate's compile is measured in
/// `bench/platform.sh` (minutes), not here.
#[test]
fn the_corpus_crate_builds_with_the_ticket_group_alone() {
    let Some(run) = corpus_run() else { return };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let krate = dir.path().join("zstack-platform-api");
    outputs(run).write(&krate).expect("the crate is written");
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock");
    std::fs::copy(lock, krate.join("Cargo.lock")).expect("the workspace's lock is copied");
    std::fs::create_dir_all(krate.join("examples")).expect("examples/");
    std::fs::write(
        krate.join("examples/ticket.rs"),
        example("ChangeTicketStatus", "change_ticket_status", "\"uuid\", "),
    )
    .expect("written");
    std::fs::write(krate.join("examples/vm.rs"), example("QueryVmInstance", "query_vm_instance", "")).expect("written");

    let ticket = build(&krate, "client,server,ticket", "ticket");
    assert!(ticket.status.success(), "the ticket group alone:\n{}", String::from_utf8_lossy(&ticket.stderr));
    let vm = build(&krate, "client,server,ticket", "vm");
    let stderr = String::from_utf8_lossy(&vm.stderr);
    assert!(!vm.status.success(), "a VM operation is reachable with the ticket group alone");
    assert!(stderr.contains("query_vm_instance") || stderr.contains("QueryVmInstanceRequest"), "{stderr}");
}
