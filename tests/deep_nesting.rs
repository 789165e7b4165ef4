//! Pages nested far deeper than any real page (issue 11, class 2): every reader and every stage
//! after it stops at `docs2api::MAX_NESTING` with an error `nesting-too-deep` at the line where the
//! cap is hit, on a small stack, and the pages still make a valid document and Rust that parses.

mod common;

use common::SEED;
use docs2api::Version;

/// A stack smaller than a test thread's: a reader that recurses once per level overflows it (and
/// the test fails by a clean panic in the joined thread, not by killing the test binary).
const SMALL_STACK: usize = 256 * 1024;

/// Writes `text` as `name` in a fresh folder and runs docs2api on it, on a thread of `stack` bytes;
/// checks the cap's diagnostic and that the outputs are whole.
fn run_deep(name: &str, text: String, stack: usize) -> Vec<docs2api::Diagnostic> {
    let name = name.to_owned();
    let worker = std::thread::Builder::new().stack_size(stack).spawn(move || {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(&name);
        std::fs::write(&path, text).unwrap();
        let run = docs2api::Generator::new().input(&path).run().unwrap();
        if let Ok(outputs) = run.outputs() {
            serde_json::from_str::<serde_json::Value>(&outputs.openapi_json(Version::V3_1)).unwrap();
            for f in outputs.files().unwrap().iter().filter(|f| f.path.extension().is_some_and(|e| e == "rs")) {
                syn::parse_file(&f.contents).unwrap();
            }
        }
        run.diagnostics().to_vec()
    });
    worker.unwrap().join().expect("no stack overflow, no panic")
}

fn assert_capped_at(diags: &[docs2api::Diagnostic], line: u32) {
    let deep: Vec<_> = diags.iter().filter(|d| d.rule == "nesting-too-deep").collect();
    assert!(!deep.is_empty(), "{diags:#?}");
    assert_eq!(deep[0].source.line, line, "{}", deep[0]);
    assert!(deep[0].message.contains(&docs2api::MAX_NESTING.to_string()), "{}", deep[0]);
}

/// The seed with `levels` object fields nested in its `comment` field, one space deeper each.
fn deep_text(levels: usize) -> (String, u32) {
    let seed = std::fs::read_to_string(SEED).unwrap();
    let anchor = "      Optional.\n";
    let at = seed.find(anchor).unwrap() + anchor.len();
    let mut deep = String::new();
    for level in 0..levels {
        deep.push_str(&" ".repeat(8 + level));
        deep.push_str(&format!("• deep{level}Object\n"));
    }
    let first = seed[..at].lines().count() as u32 + 1;
    let text = format!("{}{deep}{}", &seed[..at], &seed[at..]);
    // The cap is hit at the first level deeper than allowed; `deep0` is the third level.
    (text, first + docs2api::MAX_NESTING as u32 - 2)
}

#[test]
fn text_bullets_ten_thousand_levels_deep_read_on_a_small_stack() {
    let mut diags = docs2api::Diagnostics::new();
    let text = (0..10_000).map(|l| format!("{}• f{l}\n", " ".repeat(l))).collect::<String>();
    let worker = std::thread::Builder::new().stack_size(SMALL_STACK);
    let (blocks, found) = worker
        .spawn(move || {
            let facts = docs2api::internals::read_page_bytes(
                "deep.txt",
                docs2api::internals::Syntax::Text,
                text.as_bytes(),
                &mut diags,
            );
            (facts.is_some(), diags.iter().map(|d| (d.rule, d.source.line)).collect::<Vec<_>>())
        })
        .unwrap()
        .join()
        .expect("no stack overflow");
    let _ = blocks;
    assert!(found.contains(&("nesting-too-deep", docs2api::MAX_NESTING as u32 + 1)), "{found:?}");
}

#[test]
fn five_thousand_levels_of_text_fields_generate_within_seconds() {
    let (text, line) = deep_text(5_000);
    let started = std::time::Instant::now();
    let diags = run_deep("Deep.txt", text, 16 * 1024 * 1024);
    assert_capped_at(&diags, line);
    // Not a timing test (the benchmark has the sizes); a bound far above any sane run.
    assert!(started.elapsed().as_secs() < 120, "{:?}", started.elapsed());
}

#[test]
fn markdown_quotes_and_lists_ten_thousand_deep_read_on_a_small_stack() {
    for (name, text) in [("quotes.md", "> - ".repeat(10_000) + "x\n"), ("lists.md", "- ".repeat(50_000) + "x\n")] {
        let worker = std::thread::Builder::new().stack_size(SMALL_STACK);
        let found = worker
            .spawn(move || {
                let mut diags = docs2api::Diagnostics::new();
                docs2api::internals::read_page_bytes(
                    name,
                    docs2api::internals::Syntax::Markdown,
                    text.as_bytes(),
                    &mut diags,
                );
                diags.iter().map(|d| (d.rule, d.source.line)).collect::<Vec<_>>()
            })
            .unwrap()
            .join()
            .expect("no stack overflow");
        assert!(found.contains(&("nesting-too-deep", 1)), "{name}: {found:?}");
    }
}

#[test]
fn html_lists_and_divs_nested_deep_read_on_a_small_stack() {
    let lists = "<ul><li>x\n".repeat(10_000);
    let divs = "<div>\n".repeat(100_000);
    for (name, text) in [("lists.html", lists), ("divs.html", divs)] {
        // The HTML reader recurses per element up to its own cap (200, `html-too-deep`).
        let worker = std::thread::Builder::new().stack_size(4 * SMALL_STACK);
        let found = worker
            .spawn(move || {
                let mut diags = docs2api::Diagnostics::new();
                docs2api::internals::read_page_bytes(
                    name,
                    docs2api::internals::Syntax::Html,
                    text.as_bytes(),
                    &mut diags,
                );
                diags.iter().map(|d| (d.rule, d.source.line)).collect::<Vec<_>>()
            })
            .unwrap()
            .join()
            .expect("no stack overflow");
        assert!(
            found.iter().any(|(rule, line)| (*rule == "nesting-too-deep" || *rule == "html-too-deep") && *line > 1),
            "{name}: {found:?}"
        );
    }
}

#[test]
fn a_dev_guide_reference_path_ten_thousand_deep_reads() {
    let page = std::fs::read_to_string("docs-input/tickets/devguide/AddIAM2TicketFlow.md").unwrap();
    let path = (0..10_000).map(|i| format!("d{i}")).collect::<Vec<_>>().join(".");
    assert!(page.contains("#error.cause"));
    let text = page.replacen("#error.cause", &format!("#error.{path}"), 1);
    // The path names no field, so nothing nests: the page reads with a diagnostic, no overflow.
    let diags = run_deep("Deep.md", text, 2 * 1024 * 1024);
    assert!(diags.iter().filter(|d| d.level == docs2api::Level::Error).all(|d| d.source.line > 0), "{diags:#?}");
}
