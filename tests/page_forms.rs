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
//! ```
//!
//! `param` lines are path, query and header parameters; `body` lines are the body's root fields and
//! the wrapper's fields (as `wrapper.field`), with their documented type, required flag and valid
//! values; `response` lines are the top fields of the success response and of the error response.
//! Pages are read verbatim (no profile), one page at a time.

use std::path::{Path, PathBuf};

use docs2api::model::{Field, Operation, TypeRef};
use docs2api::{Generator, Level, Profile};

const FORMS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/docs/page-forms");
const FACTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/page-forms");

/// Folders whose pages the readers do not read yet (their facts files are still to come).
const PENDING: &[&str] = &["explorer-bullets-zh", "explorer-flat-en", "explorer-flat-zh", "partial"];

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
        ops => Err(format!("{} operations instead of one", ops.len())),
    }
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
    for f in shown.flat_map(|r| &r.fields) {
        out.push(format!("response {}: {}", f.name, f.doc_type));
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
