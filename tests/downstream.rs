//! The example downstream crate under cargo itself: its build script reruns when a page changes
//! and only then, and a broken page fails the build with the file and line in cargo's output.
//!
//! The crate is copied to a temporary folder (so that the test may edit its pages) and built with
//! its own target folder under `target/`, kept between runs so that only the first run compiles
//! the dependencies.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/downstream");

/// The copies share a target folder, and a package name: their builds must not overlap.
static CARGO: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    CARGO.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A copy of the example crate that depends on this checkout of docs2api.
fn copy_example(to: &Path) {
    for dir in ["docs", "src", "tests"] {
        std::fs::create_dir_all(to.join(dir)).unwrap();
        for entry in std::fs::read_dir(Path::new(EXAMPLE).join(dir)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), to.join(dir).join(entry.file_name())).unwrap();
        }
    }
    std::fs::copy(Path::new(EXAMPLE).join("build.rs"), to.join("build.rs")).unwrap();
    let manifest = std::fs::read_to_string(Path::new(EXAMPLE).join("Cargo.toml")).unwrap();
    let here = env!("CARGO_MANIFEST_DIR");
    let manifest = manifest.replace("path = \"../..\"", &format!("path = {here:?}"));
    // Its own workspace, outside ours; the versions our lock file pins.
    std::fs::write(to.join("Cargo.toml"), format!("{manifest}\n[workspace]\n")).unwrap();
    std::fs::copy(Path::new(here).join("Cargo.lock"), to.join("Cargo.lock")).unwrap();
}

/// `cargo build -v` in the copy: whether it succeeded, how many times the crate's own build script
/// ran, and what cargo printed.
fn cargo_build(crate_dir: &Path) -> (bool, usize, String) {
    let target: PathBuf = [env!("CARGO_MANIFEST_DIR"), "target", "downstream-tests"].iter().collect();
    let out = Command::new(env!("CARGO"))
        .args(["build", "-v"])
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let runs = stderr
        .lines()
        .filter(|l| {
            l.contains("Running `") && l.contains("docs2api-downstream-example-") && l.contains("build-script-build")
        })
        .count();
    (out.status.success(), runs, stderr)
}

/// Edits a file: a line more at its end, written now (after the last build).
fn touch(path: &Path) {
    std::thread::sleep(Duration::from_millis(50));
    let mut text = std::fs::read_to_string(path).unwrap();
    text.push('\n');
    std::fs::write(path, text).unwrap();
}

#[test]
fn the_build_script_reruns_when_a_page_changes_and_only_then() {
    let _cargo = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    copy_example(dir.path());
    let (ok, runs, log) = cargo_build(dir.path());
    assert!(ok, "{log}");
    assert_eq!(runs, 1, "the first build runs the script: {log}");
    assert!(
        log.contains("warning: docs2api-downstream-example@0.1.0: docs/ChangeTicketStatus.txt:31: warning:"),
        "{log}"
    );

    let (ok, runs, log) = cargo_build(dir.path());
    assert!(ok && runs == 0, "nothing changed, nothing reruns: {log}");

    touch(&dir.path().join("docs/DeleteTicket.txt"));
    let (ok, runs, log) = cargo_build(dir.path());
    assert!(ok && runs == 1, "a touched page reruns the script: {log}");

    std::fs::write(dir.path().join("README.md"), "notes").unwrap();
    touch(&dir.path().join("src/lib.rs"));
    touch(&dir.path().join("tests/loopback.rs"));
    let (ok, runs, log) = cargo_build(dir.path());
    assert!(ok && runs == 0, "an unrelated file does not rerun it: {log}");

    std::fs::write(
        dir.path().join("docs/Another.txt"),
        std::fs::read(dir.path().join("docs/DeleteTicket.txt")).unwrap(),
    )
    .unwrap();
    let (ok, runs, log) = cargo_build(dir.path());
    assert!(ok && runs == 1, "a page added to the folder reruns it: {log}");

    // The seed with its response example cut short.
    let seed = std::fs::read_to_string(dir.path().join("docs/ChangeTicketStatus.txt")).unwrap();
    std::fs::write(dir.path().join("docs/ChangeTicketStatus.txt"), seed.replace("\"name\": \"ticket\",", "\"name\": "))
        .unwrap();
    let (ok, _, log) = cargo_build(dir.path());
    assert!(!ok, "a broken page fails the build");
    assert!(
        log.contains("docs/ChangeTicketStatus.txt:175: error: the response example is not valid JSON"),
        "cargo shows the file and line: {log}"
    );
}

/// Names that are keywords, that are not even raw identifiers, that collide after case
/// conversion, and enum values that start with a digit or name the catch-all: the generated crate
/// compiles without a warning and its types round-trip them.
#[test]
fn odd_names_compile_and_round_trip() {
    let _cargo = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    copy_example(dir.path());
    let odd = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/odd-names");
    std::fs::remove_dir_all(dir.path().join("docs")).unwrap();
    std::fs::remove_dir_all(dir.path().join("tests")).unwrap();
    std::fs::write(
        dir.path().join("build.rs"),
        format!("fn main() -> Result<(), docs2api::BuildError> {{\n    docs2api::Generator::new().input({odd:?}).build_script().map(drop)\n}}\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("src/lib.rs"),
        r##"include!(concat!(env!("OUT_DIR"), "/docs2api.rs"));

#[test]
fn odd_names_round_trip() {
    let json = serde_json::json!({
        "type": "a", "ref": "b", "self": "c", "Self": "d", "apiName": "e", "api_name": "f",
        "mode": "3d", "match": 2, "systemTags": []
    });
    let request: types::CreateOddThingRequest = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(serde_json::to_value(&request).unwrap(), json);
    for value in ["in-progress", "a.b", "Other", "3d", "self", "Self"] {
        let mode = types::Mode::from(value);
        assert!(!matches!(mode, types::Mode::Other(_)), "{value} is a documented value");
        assert_eq!(mode.as_str(), value);
    }
    let looped: types::OddInventory = serde_json::from_str(r#"{"loop": {"loop": {"fn": "deep"}}}"#).unwrap();
    assert_eq!(looped.r#loop.unwrap().r#loop.unwrap().r#fn.as_deref(), Some("deep"));
}
"##,
    )
    .unwrap();
    let target: PathBuf = [env!("CARGO_MANIFEST_DIR"), "target", "downstream-tests"].iter().collect();
    let out = Command::new(env!("CARGO"))
        .args(["test"])
        .current_dir(dir.path())
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{log}");
    assert!(log.contains("test odd_names_round_trip ... ok"), "{log}");
    let ours: Vec<&str> =
        log.lines().filter(|l| l.starts_with("warning") && !l.contains("docs2api-downstream-example@")).collect();
    assert!(ours.is_empty(), "the generated code compiles without warnings: {log}");
}

/// Page text that would become code or break the crate (`tests/fixtures/hostile-text`): a fenced
/// Rust block, `<script>`, `[Missing]` and bidi controls in descriptions and enum values, API
/// groups named like the server module's own items (`Mock`, `ServerState`) or starting with a
/// digit, names of characters that are no identifier characters. The crate compiles without a
/// warning, `cargo test --doc` runs none of the page's code, and `cargo doc` passes with warnings
/// denied, its HTML free of the page's `<script>`.
#[test]
fn hostile_page_text_stays_inert() {
    let _cargo = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    copy_example(dir.path());
    let pages = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile-text");
    std::fs::remove_dir_all(dir.path().join("docs")).unwrap();
    std::fs::remove_dir_all(dir.path().join("tests")).unwrap();
    std::fs::write(
        dir.path().join("build.rs"),
        format!("fn main() -> Result<(), docs2api::BuildError> {{\n    docs2api::Generator::new().input({pages:?}).build_script().map(drop)\n}}\n"),
    )
    .unwrap();
    std::fs::write(dir.path().join("src/lib.rs"), "include!(concat!(env!(\"OUT_DIR\"), \"/docs2api.rs\"));\n").unwrap();
    let target: PathBuf = [env!("CARGO_MANIFEST_DIR"), "target", "downstream-tests"].iter().collect();
    let cargo = |args: &[&str]| {
        let out = Command::new(env!("CARGO"))
            .args(args)
            .current_dir(dir.path())
            .env("CARGO_TARGET_DIR", &target)
            .env("RUSTDOCFLAGS", "-D warnings")
            .env_remove("RUSTFLAGS")
            .output()
            .unwrap();
        let log = String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
        (out.status.success(), log)
    };
    let (ok, log) = cargo(&["test", "--doc"]);
    assert!(ok, "{log}");
    assert!(!log.contains("page code ran"), "no page code runs: {log}");
    let ours: Vec<&str> =
        log.lines().filter(|l| l.starts_with("warning") && !l.contains("docs2api-downstream-example@")).collect();
    assert!(ours.is_empty(), "the generated code compiles without warnings: {log}");
    let (ok, log) = cargo(&["doc", "--no-deps"]);
    assert!(ok, "rustdoc passes with warnings denied: {log}");
    let html = target.join("doc/docs2api_downstream_example/types/struct.DeleteTicketRequest.html");
    let html = std::fs::read_to_string(&html).unwrap();
    assert!(html.contains("alert(1)") && html.contains("Missing"), "the text is shown: {html}");
    assert!(!html.contains("<script>alert"), "the page's HTML is shown, not run");
}

/// The protocol comes from the profile through the model, never from the emitters: with a
/// made-up server's numbers (201 accepted with `jobUrl`, 410 expired, 500 `{"err": …}` failures)
/// the generated client and server work against each other on loopback, and nothing of ZStack's
/// protocol is left in the generated code.
#[test]
fn another_servers_protocol_reaches_the_client_and_the_server() {
    let _cargo = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    copy_example(dir.path());
    std::fs::remove_dir_all(dir.path().join("tests")).unwrap();
    let profile = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/other-protocol/profile.yaml");
    std::fs::write(
        dir.path().join("build.rs"),
        format!(
            "fn main() -> Result<(), docs2api::BuildError> {{\n    docs2api::Generator::new().input(\"docs\").profile(docs2api::Profile::File({profile:?}.into())).build_script().map(drop)\n}}\n"
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join("src/lib.rs"), OTHER_PROTOCOL_TESTS).unwrap();
    let target: PathBuf = [env!("CARGO_MANIFEST_DIR"), "target", "downstream-tests"].iter().collect();
    let out = Command::new(env!("CARGO"))
        .args(["test"])
        .current_dir(dir.path())
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{log}");
    for test in ["jobs_answer_201_and_poll", "failures_answer_500_with_err", "expired_jobs_answer_410"] {
        assert!(log.contains(&format!("test tests::{test} ... ok")), "{test}: {log}");
    }
    // Nothing of ZStack's protocol in what was generated: the protocol's constants (runtime.rs)
    // and the client and server that read them, as the build script just wrote them. Cargo touches
    // `invoked.timestamp` each time it runs the script; the folders of other builds (another
    // version of docs2api, another test) may hold another protocol's output.
    let script_runs = std::fs::read_dir(target.join("debug/build")).unwrap().filter_map(Result::ok).filter_map(|e| {
        let name = e.file_name().to_string_lossy().into_owned();
        let ran = std::fs::metadata(e.path().join("invoked.timestamp")).and_then(|m| m.modified()).ok()?;
        name.starts_with("docs2api-downstream-example-").then(|| (ran, e.path().join("out")))
    });
    let (_, out) = script_runs.max().expect("the build script ran");
    let generated: String = ["runtime.rs", "client.rs", "server.rs"]
        .iter()
        .filter_map(|file| std::fs::read_to_string(out.join(file)).ok())
        .collect();
    assert!(generated.contains("jobUrl"), "the build output was found");
    for zstack in ["apiTimeout", "503", "api-jobs", "charset=UTF-8", "the job has been expired"] {
        assert!(!generated.contains(zstack), "`{zstack}` in the generated runtime, client or server");
    }
}

const OTHER_PROTOCOL_TESTS: &str = r##"include!(concat!(env!("OUT_DIR"), "/docs2api.rs"));

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::client::{Client, Error};
    use super::server::{Context, Mock, Operations, Routes, ServerConfig, ServerError, TicketOperations};
    use super::types;

    /// Fails the action with an error; the rest answers from the pages' examples.
    struct Failing;

    impl TicketOperations for Failing {
        async fn change_ticket_status(
            &self,
            _: Context,
            _: String,
            _: types::ChangeTicketStatusRequest,
        ) -> Result<types::ChangeTicketStatusResponse, ServerError> {
            Err(ServerError::Api(types::ErrorCode { code: Some("E.1".into()), ..Default::default() }))
        }
        async fn delete_ticket(
            &self,
            c: Context,
            uuid: String,
            r: types::DeleteTicketRequest,
        ) -> Result<types::DeleteTicketResponse, ServerError> {
            Mock.delete_ticket(c, uuid, r).await
        }
    }

    impl Operations for Failing {
        async fn query_ticket(
            &self,
            c: Context,
            r: types::QueryTicketRequest,
        ) -> Result<types::QueryTicketResponse, ServerError> {
            Mock.query_ticket(c, r).await
        }
    }

    async fn serve<T: TicketOperations + Operations>(service: T, config: ServerConfig) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let router = Routes::new().with_ticket_operations().with_operations().router(service, config);
        tokio::spawn(async move { axum::serve(listener, router).await });
        format!("http://{address}")
    }

    fn client(base: &str) -> Client {
        Client::new(base).with_session("s").with_poll_interval(Duration::from_millis(5))
    }

    fn change() -> types::ChangeTicketStatusRequest {
        types::ChangeTicketStatusRequest { status_event: "approve".into(), comment: None, system_tags: None, user_tags: None }
    }

    #[tokio::test]
    async fn jobs_answer_201_and_poll() {
        let base = serve(Mock, ServerConfig::default()).await;
        let raw = reqwest::Client::new()
            .put(format!("{base}/zstack/v1/tickets/t1/actions"))
            .header("Authorization", "OAuth s")
            .body(r#"{"changeTicketStatus": {"statusEvent": "approve"}}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(raw.status().as_u16(), 201);
        let body: serde_json::Value = serde_json::from_str(&raw.text().await.unwrap()).unwrap();
        assert!(body["jobUrl"].as_str().unwrap().contains("/other/jobs/"), "{body}");
        assert_eq!(body.as_object().unwrap().len(), 1, "no timeout field in this protocol: {body}");
        let ticket = client(&base).change_ticket_status("t1", &change()).await.unwrap();
        assert_eq!(ticket.inventory.unwrap().name.as_deref(), Some("ticket"));
    }

    #[tokio::test]
    async fn failures_answer_500_with_err() {
        let base = serve(Failing, ServerConfig::default()).await;
        match client(&base).change_ticket_status("t1", &change()).await {
            Err(Error::Api { status: 500, error }) => assert_eq!(error.code.as_deref(), Some("E.1")),
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn expired_jobs_answer_410() {
        let config = ServerConfig { job_ttl: Some(Duration::ZERO), ..ServerConfig::default() };
        let base = serve(Mock, config).await;
        let result = client(&base).delete_ticket("t1", &types::DeleteTicketRequest::default()).await;
        assert!(matches!(result, Err(Error::JobExpired { .. })), "{result:?}");
        let raw = reqwest::get(format!("{base}/other/jobs/nope")).await.unwrap();
        assert_eq!(raw.status().as_u16(), 410);
    }
}
"##;
