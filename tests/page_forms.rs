//! Every example page of `../shared/docs/page-forms/` (pages in each form people hold ZStack's
//! pages in, written for no reader of ours) reads to exactly the facts its README lists.
//!
//! The expected facts are written by hand from that README, one file per page:
//! `tests/fixtures/page-forms/<folder>/<Page>.facts`. They are not generated: a page that reads to
//! other facts fails until the reader is fixed or the README is shown wrong. Each file holds, in
//! this order (lines starting with `#` are comments):
//!
//! ```text
//! operation: ChangeTicketStatus
//! method: PUT
//! path: /zstack/v1/tickets/{uuid}/actions
//! path: /zstack/v1/tickets/{uuid}/other          (further paths, if the page gives any)
//! since: 3.0.0
//! wrapper: changeTicketStatus
//! param path uuid: String required
//! body changeTicketStatus.statusEvent: TicketStatusEvent required [open, approve]
//! body systemTags: List optional
//! response inventory: TicketInventory
//! example 200: inventory
//! ```
//!
//! `param` lines are path, query and header parameters; `body` lines are the body's root fields and
//! the wrapper's fields (as `wrapper.field`), with their documented type, required flag and valid
//! values; `response` lines are the top fields of the success response and of the error response;
//! `example` lines are the top keys of a response example whose response documents no fields (a
//! flat page has no field list). Pages are read verbatim (no profile), one page at a time. A page
//! that yields no operation alone (a partial page without its path) is rendered from its page
//! facts instead, in the same shape without the `path` lines.

use std::path::{Path, PathBuf};

use docs2api::internals::{DocField, PageFacts, Syntax, read_page_bytes};
use docs2api::model::{Field, Operation, TypeRef};
use docs2api::{Diagnostics, Generator, Level, Profile};

const FORMS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/docs/page-forms");
const FACTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/page-forms");

/// Folders whose pages the readers do not read yet (their facts files are still to come).
const PENDING: &[&str] = &[];

fn pages() -> Vec<(String, PathBuf)> {
    let mut pages = Vec::new();
    let Ok(folders) = std::fs::read_dir(FORMS) else { return pages };
    for folder in folders.filter_map(Result::ok).filter(|e| e.path().is_dir()) {
        let name = folder.file_name().to_string_lossy().into_owned();
        for page in std::fs::read_dir(folder.path()).unwrap().filter_map(Result::ok) {
            if page.path().extension().is_some_and(|e| e == "txt") {
                pages.push((name.clone(), page.path()));
            }
        }
    }
    pages.sort();
    pages
}

fn facts_file(folder: &str, page: &Path) -> PathBuf {
    let stem = page.file_stem().unwrap().to_string_lossy();
    Path::new(FACTS).join(folder).join(format!("{stem}.facts"))
}

/// The facts of the one operation a page reads to, in the file's shape.
fn read_facts(page: &Path) -> Result<Vec<String>, String> {
    let run = Generator::new().profile(Profile::None).input(page).run().map_err(|e| e.to_string())?;
    let errors: Vec<String> =
        run.diagnostics().iter().filter(|d| d.level == Level::Error).map(ToString::to_string).collect();
    if !errors.is_empty() {
        return Err(format!("errors:\n{}", errors.join("\n")));
    }
    match run.api.operations.values().collect::<Vec<_>>().as_slice() {
        [op] => Ok(render(op)),
        [] => page_facts(page).map(|facts| render_page(&facts)),
        ops => Err(format!("{} operations instead of one", ops.len())),
    }
}

fn page_facts(page: &Path) -> Result<PageFacts, String> {
    let bytes = std::fs::read(page).map_err(|e| e.to_string())?;
    let syntax = Syntax::from_path(page).ok_or("an unknown extension")?;
    let mut diags = Diagnostics::new();
    read_page_bytes(&page.display().to_string(), syntax, &bytes, &mut diags)
        .ok_or_else(|| format!("no operation and no page facts: {diags:?}"))
}

/// The page facts of a page that gives no operation alone, in the shape of [`render`].
fn render_page(facts: &PageFacts) -> Vec<String> {
    let mut out = vec![format!("operation: {}", facts.operation_id.as_deref().unwrap_or("?"))];
    out.extend(facts.method.map(|m| format!("method: {m}")));
    out.extend(facts.paths.iter().map(|p| format!("path: {p}")));
    out.extend(facts.since.iter().map(|s| format!("since: {s}")));
    out.extend(facts.wrapper.iter().map(|w| format!("wrapper: {w}")));
    for p in &facts.params {
        out.push(format!("param {} {}", p.location.as_str(), doc_fact(&p.field.name, &p.field)));
    }
    for f in &facts.body {
        match &facts.wrapper {
            Some(w) if *w == f.name => {
                out.extend(f.children.iter().map(|i| format!("body {}", doc_fact(&format!("{w}.{}", i.name), i))));
            }
            _ => out.push(format!("body {}", doc_fact(&f.name, f))),
        }
    }
    let shown = facts.responses.iter().filter(|r| r.status.is_none() || r.status == Some(200));
    out.extend(shown.flat_map(|r| &r.fields).map(|f| format!("response {}: {}", f.name, f.doc_type)));
    out
}

fn doc_fact(path: &str, f: &DocField) -> String {
    let required = if f.required == Some(true) { "required" } else { "optional" };
    let values = if f.valid_values.is_empty() { String::new() } else { format!(" [{}]", f.valid_values.join(", ")) };
    format!("{path}: {} {required}{values}", f.doc_type)
}

fn render(op: &Operation) -> Vec<String> {
    let mut out = vec![format!("operation: {}", op.id), format!("method: {}", op.method)];
    out.extend(op.paths().map(|p| format!("path: {p}")));
    out.extend(op.since.iter().map(|s| format!("since: {s}")));
    let wrapper = op.body.as_ref().and_then(|b| b.wrapper.clone());
    out.extend(wrapper.iter().map(|w| format!("wrapper: {w}")));
    for p in &op.params {
        out.push(format!("param {} {}", p.location.as_str(), field_fact(&p.field.name, &p.field)));
    }
    for f in op.body.iter().flat_map(|b| &b.fields) {
        match (&wrapper, &f.ty) {
            (Some(w), TypeRef::Object(inner)) if *w == f.name => {
                out.extend(inner.iter().map(|i| format!("body {}", field_fact(&format!("{w}.{}", i.name), i))));
            }
            _ => out.push(format!("body {}", field_fact(&f.name, f))),
        }
    }
    let shown = op.responses.iter().filter(|r| r.status.is_none() || r.status == Some(200));
    for r in shown {
        out.extend(r.fields.iter().map(|f| format!("response {}: {}", f.name, f.doc_type)));
        let keys = r.example.as_ref().filter(|_| r.fields.is_empty()).and_then(|e| e.value.as_object());
        if let (Some(keys), Some(status)) = (keys, r.status) {
            let keys: Vec<&str> = keys.keys().map(String::as_str).collect();
            let keys = if keys.is_empty() { "{}".to_owned() } else { keys.join(", ") };
            out.push(format!("example {status}: {keys}"));
        }
    }
    out
}

fn field_fact(path: &str, f: &Field) -> String {
    let required = if f.required { "required" } else { "optional" };
    let values = if f.valid_values.is_empty() { String::new() } else { format!(" [{}]", f.valid_values.join(", ")) };
    format!("{path}: {} {required}{values}", f.doc_type)
}

fn expected(file: &Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    Ok(text.lines().map(str::trim_end).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_owned).collect())
}

#[test]
fn every_example_page_reads_to_the_facts_its_readme_lists() {
    let pages = pages();
    assert!(!pages.is_empty(), "no pages under {FORMS}: shared/ must sit beside the repository");
    let mut failures = Vec::new();
    let mut checked = 0;
    for (folder, page) in &pages {
        let file = facts_file(folder, page);
        if PENDING.contains(&folder.as_str()) && !file.exists() {
            continue;
        }
        checked += 1;
        let name = format!("{folder}/{}", page.file_name().unwrap().to_string_lossy());
        match (expected(&file), read_facts(page)) {
            (Err(e), _) => failures.push(format!("{name}: no facts file: {e}")),
            (_, Err(e)) => failures.push(format!("{name}: {e}")),
            (Ok(want), Ok(got)) if want != got => failures.push(format!(
                "{name}:\n  expected:\n    {}\n  read:\n    {}",
                want.join("\n    "),
                got.join("\n    ")
            )),
            _ => {}
        }
    }
    assert!(failures.is_empty(), "{} of {checked} pages differ:\n\n{}", failures.len(), failures.join("\n\n"));
    assert!(checked > 0);
}

#[test]
fn a_pending_folder_is_one_whose_pages_lack_facts() {
    for folder in PENDING {
        let dir = Path::new(FACTS).join(folder);
        let done = dir.is_dir() && std::fs::read_dir(&dir).unwrap().count() > 0;
        assert!(!done, "{folder} has facts files: take it out of PENDING");
    }
}

/// A partial page has no path: alone it gives no operation, merged with another page of the same
/// API it gives one, with the other page's path and the warning that names what is missing.
#[test]
fn a_partial_page_merges_with_a_page_of_the_same_api() {
    let partial = Path::new(FORMS).join("partial/CreateTicket.txt");
    let twin = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs-input/tickets/explorer/CreateTicket.txt");
    let alone = Generator::new().profile(Profile::None).input(&partial).run().unwrap();
    assert!(alone.api.operations.is_empty());
    assert!(alone.diagnostics().iter().any(|d| d.rule == "page-incomplete"));
    let run = Generator::new().profile(Profile::None).input(&partial).input(&twin).run().unwrap();
    assert!(!run.has_errors(), "{:#?}", run.diagnostics());
    let op = &run.api.operations["CreateTicket"];
    assert_eq!(op.path.to_string(), "/zstack/v1/tickets");
    assert_eq!(op.sources.len(), 2, "both pages are sources");
}

/// Two pages whose ids were both inferred to one name but that document different endpoints are
/// two operations: an error names the collision instead of merging them.
#[test]
fn two_pages_inferred_to_one_id_do_not_merge_silently() {
    let dir = std::env::temp_dir().join(format!("docs2api-collision-{}", std::process::id()));
    for (sub, page) in [("a", "explorer-flat-zh/AddIAM2TicketFlow.txt"), ("b", "explorer-flat-zh/QueryTicketType.txt")]
    {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        std::fs::copy(Path::new(FORMS).join(page), dir.join(sub).join("SameName.txt")).unwrap();
    }
    let run = Generator::new().profile(Profile::None).input(&dir).run().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let collisions = run.diagnostics().iter().filter(|d| d.rule == "operation-id-collision").count();
    assert_eq!(collisions, 1, "{:#?}", run.diagnostics());
    assert_eq!(run.api.operations.len(), 1);
}
