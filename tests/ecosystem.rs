//! The documents in generated/ in the tools people feed them to, as they come (README, "The
//! documents in other tools"):
//!
//! - Redocly's recommended ruleset and Spectral's `spectral:oas` find no error in any of them, and
//!   only the warnings the README lists (`redocly.yaml`, `.spectral.yaml`);
//! - progenitor 0.15 (bench/progenitor-runner) makes a client from the generators document, and it
//!   compiles;
//! - openapi-generator makes rust, python and typescript-fetch clients from it, and they build
//!   (`cargo check`), import, and compile (`tsc --noEmit`);
//! - schemathesis finds no failure in the generated mock server, on loopback, with a session the
//!   mock knows (`tests/tools/schemathesis.toml` says which checks ZStack's answers rule out).
//!
//! The linters and the TypeScript compiler are npm packages that `.ci/run` installs into
//! `tests/tools/node_modules` (`npm ci --prefix tests/tools`, versions pinned by its lock file);
//! openapi-generator is PyPI's `openapi-generator-cli` (it bundles the jar; Java 17 runs it), on
//! the PATH. When `CI` is set they must be there; elsewhere their tests are skipped with a note.
//! progenitor is a crate: its test always runs. The Rust builds share `target/ecosystem-tests`,
//! so that only the first run compiles the dependencies (the four tests take about three minutes
//! on 2 busy cores the first time, under a minute after); the crates the tools write go to
//! temporary folders.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// Every document `cargo run -- generate` writes for docs-input/.
const DOCUMENTS: [&str; 4] = ["openapi.yaml", "openapi.json", "openapi-3.0.yaml", "openapi-3.0-generators.yaml"];
const GENERATORS_DOCUMENT: &str = "generated/openapi-3.0-generators.yaml";
/// The warnings each linter leaves on every document, by rule: README.md lists them with why.
const REDOCLY_WARNINGS: [&str; 3] = ["info-license", "no-ambiguous-paths", "no-server-example.com"];
const SPECTRAL_WARNINGS: [&str; 1] = ["info-contact"];
const OPENAPI_GENERATOR: &str = "openapi-generator-cli";
const INSTALL_NPM: &str = "npm ci --prefix tests/tools";
const SCHEMATHESIS: &str = "st";
const INSTALL_SCHEMATHESIS: &str = "pip install schemathesis==4.32.5";
/// The session the mock server is started with, and that schemathesis sends.
const MOCK_SESSION: &str = "5c4e0a8f3b2d4e6f8a9b0c1d2e3f4a5b";
const INSTALL_OPENAPI_GENERATOR: &str = "pip install openapi-generator-cli==7.26.0, with a JRE";

/// The Rust builds share one target folder: one at a time.
static CARGO: Mutex<()> = Mutex::new(());

fn node_tool(name: &str) -> PathBuf {
    [ROOT, "tests/tools/node_modules/.bin", name].iter().collect()
}

/// Whether `program args` runs and succeeds; when `CI` is set, it must.
fn runs(program: &Path, args: &[&str], install: &str) -> bool {
    let present = Command::new(program).args(args).output().is_ok_and(|o| o.status.success());
    assert!(present || !common::in_ci(), "CI is set but `{}` does not run ({install})", program.display());
    if !present {
        eprintln!("skipped: `{}` does not run ({install})", program.display());
    }
    present
}

/// Runs `command`; its output, whatever its status.
fn output(command: &mut Command) -> Output {
    command.output().unwrap_or_else(|e| panic!("{command:?}: {e}"))
}

/// Runs `command` and panics with what it printed unless it succeeds.
fn succeeds(command: &mut Command) -> Output {
    let out = output(command);
    assert!(out.status.success(), "{command:?} failed:\n{}", printed(&out));
    out
}

fn printed(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// `cargo ARGS` with the shared target folder, in `dir`.
fn cargo(dir: &Path, args: &[&str]) -> Output {
    let _one = CARGO.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let target: PathBuf = [ROOT, "target", "ecosystem-tests"].iter().collect();
    succeeds(
        Command::new(env!("CARGO")).args(args).env("CARGO_TARGET_DIR", target).env_remove("RUSTFLAGS").current_dir(dir),
    )
}

/// The sorted, distinct rules (under the key `rule`) of the problems whose `severity` is `level`.
fn rules_at(problems: &[serde_json::Value], rule: &str, severity: &str, level: serde_json::Value) -> Vec<String> {
    let mut rules: Vec<String> =
        problems.iter().filter(|p| p[severity] == level).filter_map(|p| p[rule].as_str().map(str::to_owned)).collect();
    rules.sort();
    rules.dedup();
    rules
}

#[test]
fn redocly_recommended_finds_no_error_and_only_the_listed_warnings() {
    let redocly = node_tool("redocly");
    if !runs(&redocly, &["--version"], INSTALL_NPM) {
        return;
    }
    for document in DOCUMENTS {
        let path = format!("generated/{document}");
        // Exit status 1 with errors; the report is JSON on stdout either way.
        let out = output(Command::new(&redocly).args(["lint", "--format=json", &path]).current_dir(ROOT));
        let report: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("redocly on {path}: {e}:\n{}", printed(&out)));
        let problems = report["problems"].as_array().cloned().unwrap_or_default();
        let errors: Vec<&serde_json::Value> = problems.iter().filter(|p| p["severity"] == "error").collect();
        assert!(errors.is_empty(), "redocly: errors in {path}: {errors:#?}");
        let warnings = rules_at(&problems, "ruleId", "severity", "warn".into());
        assert_eq!(warnings, REDOCLY_WARNINGS, "redocly: the warnings of {path} (README.md lists them)");
    }
}

#[test]
fn spectral_oas_finds_no_error_and_only_the_listed_warnings() {
    let spectral = node_tool("spectral");
    if !runs(&spectral, &["--version"], INSTALL_NPM) {
        return;
    }
    for document in DOCUMENTS {
        let path = format!("generated/{document}");
        let args = ["lint", "--ruleset", ".spectral.yaml", "--format=json", "--quiet", &path];
        let out = output(Command::new(&spectral).args(args).current_dir(ROOT));
        let problems: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("spectral on {path}: {e}:\n{}", printed(&out)));
        // Spectral's severities: 0 error, 1 warning, 2 information, 3 hint.
        let errors: Vec<&serde_json::Value> = problems.iter().filter(|p| p["severity"] == 0).collect();
        assert!(errors.is_empty(), "spectral: errors in {path}: {errors:#?}");
        let warnings = rules_at(&problems, "code", "severity", 1.into());
        assert_eq!(warnings, SPECTRAL_WARNINGS, "spectral: the warnings of {path} (README.md lists them)");
    }
}

/// What bench/platform.sh times on the platform, on generated/'s document: progenitor takes it as
/// it is, and the client it writes compiles. A job's 202 decodes into the operation's one success
/// type, which has the job's `location`.
#[test]
fn progenitor_makes_a_client_that_compiles_from_the_generators_document() {
    let runner = Path::new(ROOT).join("bench/progenitor-runner");
    cargo(&runner, &["build", "--locked", "--quiet"]);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let client = dir.path().join("progenitor-client");
    let program: PathBuf = [ROOT, "target/ecosystem-tests/debug/progenitor-runner"].iter().collect();
    succeeds(Command::new(program).arg(Path::new(ROOT).join(GENERATORS_DOCUMENT)).arg(&client));
    let code = std::fs::read_to_string(client.join("src/lib.rs")).expect("progenitor's client");
    assert!(code.contains("202u16 => ResponseValue::from_response(response).await"), "a 202 is a success");
    let success = code.split("pub struct CreateTicketResponse {").nth(1).expect("CreateTicket's success type");
    assert!(success.split("\n    }").next().is_some_and(|fields| fields.contains("pub location:")), "{success}");
    copy_lock(&client);
    cargo(&client, &["check", "--quiet"]);
}

/// The workspace's lock file in a crate a tool wrote, so that the dependencies it shares with
/// docs2api's are the versions CI already builds (the others are resolved).
fn copy_lock(krate: &Path) {
    std::fs::copy(Path::new(ROOT).join("Cargo.lock"), krate.join("Cargo.lock")).expect("the lock is copied");
}

/// openapi-generator's rust (reqwest), python and typescript-fetch clients from the generators
/// document, made in one run of the generator: the Rust one builds, the Python one imports and
/// decodes a job's 202 body into CreateTicket's success type with its `location`, the TypeScript
/// one compiles.
#[test]
fn openapi_generator_makes_rust_python_and_typescript_clients_that_build() {
    if !runs(Path::new(OPENAPI_GENERATOR), &["version"], INSTALL_OPENAPI_GENERATOR) {
        return;
    }
    let tsc = node_tool("tsc");
    let tsc_present = runs(&tsc, &["--version"], INSTALL_NPM);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let configs: Vec<PathBuf> = ["rust", "python", "typescript-fetch"]
        .iter()
        .map(|generator| {
            let config = dir.path().join(format!("{generator}.yaml"));
            let text = format!(
                "generatorName: {generator}\ninputSpec: {ROOT}/{GENERATORS_DOCUMENT}\noutputDir: {}\n\
                 additionalProperties:\n  packageName: zstack_ticket\n  npmName: zstack-ticket\n",
                dir.path().join(generator).display()
            );
            std::fs::write(&config, text).expect("a generator's settings");
            config
        })
        .collect();
    succeeds(Command::new(OPENAPI_GENERATOR).args(["batch", "--fail-fast"]).args(&configs));

    let rust = dir.path().join("rust");
    copy_lock(&rust);
    // No TLS stack: the API answers plain HTTP, and CI builds none.
    cargo(&rust, &["check", "--quiet", "--no-default-features"]);

    let python = dir.path().join("python");
    let deps = dir.path().join("python-deps");
    succeeds(
        Command::new("python3")
            .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--target"])
            .arg(&deps)
            .arg("-r")
            .arg(python.join("requirements.txt")),
    );
    let script = "import zstack_ticket\n\
        from zstack_ticket.models.create_ticket200_response import CreateTicket200Response as Success\n\
        job = Success.from_json('{\"location\": \"http://localhost:8080/zstack/v1/api-jobs/j\", \"apiTimeout\": 10800000}')\n\
        assert job.location.endswith('/api-jobs/j') and job.api_timeout == 10800000, job\n";
    let path = std::env::join_paths([&deps, &python]).expect("a PYTHONPATH");
    succeeds(Command::new("python3").args(["-c", script]).env("PYTHONPATH", path));

    if tsc_present {
        succeeds(Command::new(&tsc).arg("--noEmit").arg("-p").arg(dir.path().join("typescript-fetch")));
    }
}

/// The mock server binary of generated/, running on a loopback port until dropped.
struct MockServer {
    child: std::process::Child,
    port: u16,
}

impl MockServer {
    /// Builds and starts `mock-server 127.0.0.1:PORT SESSION` on a port that was free, and waits
    /// until it accepts connections.
    fn start(session: &str) -> Self {
        cargo(Path::new(ROOT), &["build", "--locked", "--quiet", "-p", "zstack-ticket-api", "--bin", "mock-server"]);
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let program: PathBuf = [ROOT, "target/ecosystem-tests/debug/mock-server"].iter().collect();
        let child = Command::new(program)
            .arg(format!("127.0.0.1:{port}"))
            .arg(session)
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("the mock server starts");
        let server = MockServer { child, port };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(std::time::Instant::now() < deadline, "the mock server does not listen on {port}");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        server
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// schemathesis (`--mode all`: valid and invalid data) against the mock server of generated/, on
/// the 3.1 document, with the session header of a session the mock was started with; bounded by
/// examples per operation and a time budget, with a fixed seed so that a failure reproduces.
#[test]
fn schemathesis_finds_no_failure_in_the_mock_server() {
    if !runs(Path::new(SCHEMATHESIS), &["--version"], INSTALL_SCHEMATHESIS) {
        return;
    }
    let server = MockServer::start(MOCK_SESSION);
    let url = format!("http://127.0.0.1:{}", server.port);
    let header = format!("Authorization: OAuth {MOCK_SESSION}");
    let out = output(
        Command::new(SCHEMATHESIS)
            .args(["--no-color", "--config-file", "tests/tools/schemathesis.toml", "run", "generated/openapi.yaml"])
            .args(["--url", &url, "--mode", "all", "--max-examples", "20", "--max-time", "60", "--seed", "1"])
            .args(["--header", &header])
            .current_dir(ROOT),
    );
    drop(server);
    assert!(out.status.success(), "schemathesis found failures in the mock server:\n{}", printed(&out));
}
