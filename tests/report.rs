//! `docs2api report`: every line of every page beside what it became, as HTML and as JSON. Read on
//! docs-input and on the page forms (pages not written for the report), a hostile page whose text
//! is markup, and in a real browser (headless Chromium, installed by .ci/run).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use docs2api::Generator;
use docs2api::report::{self, LineClass, Report};

fn docs2api(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_docs2api")).args(args).output().expect("the binary runs")
}

fn report_of(path: &Path) -> Report {
    let run = Generator::new().input(path).line_detail().run().expect("the pages are read");
    report::report(&run).expect("the run kept its line detail")
}

/// Every page folder the report is tried on: docs-input, each form of the page forms (beside the
/// repository, as tests/page_forms.rs reads them), the platform's defect pages and the hostile
/// texts.
fn folders() -> Vec<PathBuf> {
    let forms = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/docs/page-forms");
    let mut folders = vec![
        PathBuf::from("docs-input"),
        PathBuf::from("tests/fixtures/platform-defects"),
        PathBuf::from("tests/fixtures/hostile-text"),
    ];
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&forms)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    entries.sort();
    folders.extend(entries);
    folders
}

#[test]
fn every_line_of_every_page_is_there_once_with_a_class() {
    let mut pages = 0;
    for folder in folders() {
        let report = report_of(&folder);
        assert!(!report.pages.is_empty(), "{}: no pages", folder.display());
        for page in &report.pages {
            pages += 1;
            let text = std::fs::read_to_string(&page.file).expect("the page reads");
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(page.lines.len(), lines.len(), "{}", page.file);
            for (i, (line, expected)) in page.lines.iter().zip(&lines).enumerate() {
                assert_eq!(line.number as usize, i + 1, "{}", page.file);
                assert_eq!(line.text, *expected, "{}:{}", page.file, line.number);
                assert_ne!(
                    line.class,
                    LineClass::Unaccounted,
                    "{}:{}: a line no reader accounts for: {:?}",
                    page.file,
                    line.number,
                    line.text
                );
            }
            assert_eq!(page.counts.lines, lines.len());
        }
    }
    assert!(pages > 40, "{pages} pages");
}

#[test]
fn lines_show_the_facts_the_diagnostics_and_the_corrections_they_became() {
    let report = report_of(Path::new("docs-input"));
    let page = report.pages.iter().find(|p| p.file.ends_with("explorer/ChangeTicketStatus.txt")).expect("the page");
    assert_eq!(page.operations, ["ChangeTicketStatus"]);
    let status_event =
        page.lines.iter().find(|l| l.text.contains("statusEventTicketStatusEventRequired")).expect("the field line");
    assert_eq!(status_event.class, LineClass::Fact);
    assert!(
        status_event
            .facts
            .iter()
            .any(|f| f == "body field changeticketstatus.statusEvent: TicketStatusEvent, required"),
        "{:?}",
        status_event.facts
    );
    let model: Vec<&String> = report.pages.iter().flat_map(|p| &p.lines).flat_map(|l| &l.model).collect();
    assert!(
        model.iter().any(|f| f.starts_with("body field statusEvent: TicketStatusEvent, required")),
        "the merged field, at the line it kept"
    );
    let devguide =
        report.pages.iter().find(|p| p.file.ends_with("devguide/ChangeTicketStatus.html")).expect("the page");
    let corrected: Vec<&String> = devguide.lines.iter().flat_map(|l| &l.corrections).collect();
    assert!(
        corrected.iter().any(|c| c.as_str() == "zstack:completion: completion synchronous → asynchronous"),
        "{corrected:?}"
    );
    let warned = report.pages.iter().flat_map(|p| &p.lines).filter(|l| !l.diagnostics.is_empty()).count();
    assert!(warned > 0, "the warnings of docs-input are at their lines");
}

#[test]
fn a_run_without_line_detail_has_no_report() {
    let run = Generator::new().input("docs-input").run().expect("the pages are read");
    assert!(report::report(&run).is_none());
    assert!(run.coverage.iter().all(|page| page.detail.is_none()));
}

#[test]
fn page_text_that_is_markup_stays_text() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let page = std::fs::read_to_string("docs-input/tickets/explorer/ChangeTicketStatus.txt").expect("the seed");
    let hostile =
        page.replacen("Request Inputs", "Request Inputs <script>alert(1)</script> <img src=x onerror=alert(2)>", 1);
    std::fs::write(dir.path().join("Hostile.txt"), hostile).expect("written");
    let html = report::html(&report_of(dir.path()));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the line is shown, as text");
    assert!(!html.contains("<script"), "no script in the report");
    assert!(!html.contains("<img"), "no element from the page");
}

#[test]
fn the_report_is_the_same_bytes_on_every_run_and_its_json_has_the_same_data() {
    let out = tempfile::tempdir().expect("a temporary folder");
    let first = out.path().join("first.html");
    let second = out.path().join("second.html");
    for file in [&first, &second] {
        let made = docs2api(&["report", "docs-input", "--out", file.to_str().expect("UTF-8")]);
        assert_eq!(made.status.code(), Some(0), "{}", String::from_utf8_lossy(&made.stderr));
    }
    assert_eq!(std::fs::read(&first).expect("read"), std::fs::read(&second).expect("read"));
    let json = docs2api(&["report", "docs-input", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let pages = value["pages"].as_array().expect("pages");
    assert_eq!(pages.len(), report_of(Path::new("docs-input")).pages.len());
    let line = &pages[0]["lines"][0];
    let keys: Vec<&str> = line.as_object().expect("a line").keys().map(String::as_str).collect();
    assert_eq!(keys, ["number", "text", "class", "facts", "model", "diagnostics", "corrections"]);
    let leftovers: Vec<_> =
        std::fs::read_dir(out.path()).expect("listed").filter_map(Result::ok).map(|e| e.file_name()).collect();
    assert_eq!(leftovers.len(), 2, "no staged file is left: {leftovers:?}");
}

#[test]
fn generate_writes_the_report_beside_its_outputs() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("out");
    let file = dir.path().join("report.html");
    let args = ["generate", "--out", out.to_str().expect("UTF-8"), "--report", file.to_str().expect("UTF-8")];
    let made = docs2api(&args);
    assert_eq!(made.status.code(), Some(0), "{}", String::from_utf8_lossy(&made.stderr));
    let html = std::fs::read_to_string(&file).expect("the report");
    assert_eq!(html, report::html(&report_of(Path::new("docs-input"))));
    assert!(out.join("openapi.yaml").is_file());
}

/// Headless Chromium opens the report, prints its DOM and takes a screenshot
/// (`target/report-screenshot.png`, to look at). Outside CI a machine without Chromium skips it;
/// in CI (`CI` set) Chromium is installed by .ci/run, and a missing one fails.
#[test]
fn the_report_renders_in_a_real_browser() {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].into_iter().map(Path::new).find(|p| p.exists());
    let Some(chromium) = chromium else {
        assert!(std::env::var_os("CI").is_none(), "CI installs Chromium (.ci/run); it is missing");
        eprintln!("skipped: no Chromium here (apt-get install chromium)");
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("report.html");
    let made = docs2api(&["report", "docs-input", "--out", file.to_str().expect("UTF-8")]);
    assert_eq!(made.status.code(), Some(0));
    let url = format!("file://{}", file.display());
    let profile = dir.path().join("profile");
    let browser = |extra: &[&str]| {
        let mut args = vec![
            "--headless".to_owned(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            format!("--user-data-dir={}", profile.display()),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        args.push(url.clone());
        Command::new(chromium).args(&args).output().expect("Chromium runs")
    };
    let dom = browser(&["--dump-dom"]);
    let dom = String::from_utf8_lossy(&dom.stdout);
    let report = report_of(Path::new("docs-input"));
    let lines: usize = report.pages.iter().map(|p| p.counts.lines).sum();
    assert!(dom.contains("<title>docs2api report: "), "the page rendered: {}", &dom[..dom.len().min(400)]);
    assert!(dom.contains(&format!("<span id=\"line-count\">{lines}</span>")), "the line count is in the DOM");
    assert_eq!(dom.matches("<tr class=").count(), lines, "a row per page line");
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-screenshot.png");
    let _ = std::fs::remove_file(&shot);
    let taken = browser(&[&format!("--screenshot={}", shot.display()), "--window-size=1280,1600"]);
    let png = std::fs::read(&shot).unwrap_or_default();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "a screenshot: {}",
        String::from_utf8_lossy(&taken.stderr)
    );
}
