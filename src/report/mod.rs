//! `docs2api report`: every line of every page beside what it became. The data is made here from a
//! [`Run`] (each page's line roles, the model's sources, the diagnostics and the corrections), and
//! written as one self-contained HTML file (`html.rs`) or as JSON, the same data.
//!
//! Everything in the model points at the page line it was read from, so a line's facts are found by
//! its `file:line`: the parameters, fields and operations read there, the diagnostics reported
//! there, the corrections a profile or overlay made to what it said.

mod html;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::Run;
use crate::diag::Level;
use crate::facts::LineRole;
use crate::model::{Correction, Field, Source, TypeKind, visit};

pub use html::html;

/// What `docs2api report` shows: a page at a time, in reading order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub pages: Vec<PageReport>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageReport {
    /// The page's file, as diagnostics name it.
    pub file: String,
    /// The operations read from the page (usually one).
    pub operations: Vec<String>,
    pub counts: Counts,
    /// Every line of the file, in order, each once.
    pub lines: Vec<LineReport>,
}

/// A page's lines by what they became.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counts {
    pub lines: usize,
    /// Lines read as something (a fact, structure, text, an example or chrome); markup, blank
    /// and unaccounted lines are counted on their own.
    pub read: usize,
    pub not_understood: usize,
    pub markup: usize,
    pub blank: usize,
    /// Lines with text that no layout marked (a reader's gap: there should be none).
    pub unaccounted: usize,
    pub warnings: usize,
    pub errors: usize,
    pub corrections: usize,
}

/// One page line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineReport {
    pub number: u32,
    /// The line as the file has it (any markup in it is page text, shown as text).
    pub text: String,
    pub class: LineClass,
    /// What the page said at this line, as read: `body field changeticketstatus.statusEvent:
    /// TicketStatusEvent, required`.
    pub facts: Vec<String>,
    /// What the final model (all pages merged, the profile and overlays applied) holds from this
    /// line: `body field statusEvent: TicketStatusEvent, required`. A fact several pages state
    /// keeps one of them as its source, so the other pages' lines have `facts` and no `model`.
    pub model: Vec<String>,
    pub diagnostics: Vec<LineDiagnostic>,
    /// What a profile or overlay changed of what the line said: `wrapper-key: body wrapper key
    /// changeticketstatus → changeTicketStatus`.
    pub corrections: Vec<String>,
}

/// What a line became, as a class: the reader's role for it, or blank, or unaccounted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineClass {
    /// A fact of the operation: a parameter, a field, the endpoint, the badge.
    Fact,
    /// A heading, label or table header.
    Structure,
    /// A description or title, kept as text of a fact.
    Text,
    Example,
    /// Page chrome skipped on purpose.
    Chrome,
    NotUnderstood,
    /// The file format's own syntax, holding none of the page's text (an HTML tag alone on its
    /// line, a Markdown fence).
    Markup,
    Blank,
    Unaccounted,
}

impl LineClass {
    /// The class's name in the HTML and JSON (`not-understood`).
    pub fn name(self) -> &'static str {
        match self {
            LineClass::Fact => "fact",
            LineClass::Structure => "structure",
            LineClass::Text => "text",
            LineClass::Example => "example",
            LineClass::Chrome => "chrome",
            LineClass::NotUnderstood => "not-understood",
            LineClass::Markup => "markup",
            LineClass::Blank => "blank",
            LineClass::Unaccounted => "unaccounted",
        }
    }

    fn of(role: Option<LineRole>, markup: bool, text: &str) -> LineClass {
        match role {
            Some(LineRole::Fact) => LineClass::Fact,
            Some(LineRole::Structure) => LineClass::Structure,
            Some(LineRole::Text) => LineClass::Text,
            Some(LineRole::Example) => LineClass::Example,
            Some(LineRole::Chrome) => LineClass::Chrome,
            Some(LineRole::NotUnderstood) => LineClass::NotUnderstood,
            None if text.trim().is_empty() => LineClass::Blank,
            None if markup => LineClass::Markup,
            None => LineClass::Unaccounted,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineDiagnostic {
    pub level: String,
    /// The rule's name, as the diagnostic gives it (`line-not-understood`).
    pub name: String,
    pub message: String,
}

/// What the model and the diagnostics say about each page line, by file and line.
#[derive(Default)]
struct Notes {
    facts: BTreeMap<(String, u32), Vec<String>>,
    corrections: BTreeMap<(String, u32), Vec<String>>,
    operations: BTreeMap<String, Vec<String>>,
}

impl Notes {
    fn fact(&mut self, source: &Source, text: String) {
        self.facts.entry((source.file.clone(), source.line)).or_default().push(text);
    }

    fn corrections(&mut self, corrections: &[Correction]) {
        for c in corrections {
            let text = format!("{}: {} {} → {}", c.rule, c.subject, c.old, c.new);
            self.corrections.entry((c.source.file.clone(), c.source.line)).or_default().push(text);
        }
    }

    /// A field and the fields inside it, each named by its path under `what`.
    fn fields(&mut self, what: &str, fields: &[Field]) {
        for field in fields {
            let mut paths = Vec::new();
            visit(field, &mut |f| paths.push((f.source.clone(), f.name.clone(), describe(f))));
            for (source, name, described) in paths {
                self.fact(&source, format!("{what} {name}: {described}"));
            }
        }
    }
}

/// `string, required` (the type as the page wrote it, and whether it is required).
fn describe(f: &Field) -> String {
    let required = if f.required { "required" } else { "optional" };
    let values = if f.valid_values.is_empty() { String::new() } else { format!(" ({})", f.valid_values.join(", ")) };
    format!("{}, {required}{values}", f.doc_type)
}

/// The notes of a run's model: each operation, parameter, field and named type at its line.
fn notes(run: &Run) -> Notes {
    let mut notes = Notes::default();
    for op in run.api.operations.values() {
        for source in &op.sources {
            notes.fact(source, format!("operation {} ({} {})", op.id, op.method, op.path));
            notes.operations.entry(source.file.clone()).or_default().push(op.id.clone());
        }
        for p in &op.params {
            notes.fields(&format!("{} parameter", p.location.as_str()), std::slice::from_ref(&p.field));
        }
        if let Some(body) = &op.body {
            notes.fields("body field", &body.fields);
        }
        for r in &op.responses {
            let status = r.status.map_or_else(|| "failure".to_owned(), |s| s.to_string());
            notes.fields(&format!("response {status} field"), &r.fields);
        }
        notes.corrections(&op.corrections);
    }
    for t in run.api.types.values() {
        match &t.kind {
            TypeKind::Object { fields } => notes.fields(&format!("type {} field", t.name), fields),
            TypeKind::Enum { values, .. } => {
                for source in &t.sources {
                    notes.fact(source, format!("type {}: one of {}", t.name, values.join(", ")));
                }
            }
            TypeKind::Alias { .. } => {}
        }
        notes.corrections(&t.corrections);
    }
    for list in notes.operations.values_mut() {
        list.sort();
        list.dedup();
    }
    notes
}

/// The report of a run made with [`Generator::line_detail`](crate::Generator::line_detail): each
/// page it read, its text read again from the file. `None` for a run made without it, whose pages
/// do not say what their lines became.
pub fn report(run: &Run) -> Option<Report> {
    let notes = notes(run);
    let mut diagnostics: BTreeMap<(&str, u32), Vec<LineDiagnostic>> = BTreeMap::new();
    for d in run.diagnostics() {
        let level = d.level.to_string();
        diagnostics.entry((d.source.file.as_str(), d.source.line)).or_default().push(LineDiagnostic {
            level,
            name: d.rule.to_owned(),
            message: d.message.clone(),
        });
    }
    let pages = run.coverage.iter().map(|page| Some(page_report(page, page.detail.as_ref()?, &notes, &diagnostics)));
    Some(Report { pages: pages.collect::<Option<_>>()? })
}

fn page_report(
    page: &crate::PageCoverage,
    detail: &crate::coverage::LineDetail,
    notes: &Notes,
    diagnostics: &BTreeMap<(&str, u32), Vec<LineDiagnostic>>,
) -> PageReport {
    let bytes = std::fs::read(&page.file).unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    let mut counts = Counts::default();
    let mut lines = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let key = (page.file.clone(), number);
        let class = LineClass::of(detail.roles.get(&number).copied(), detail.markup.contains(&number), line);
        let line_diagnostics = diagnostics.get(&(page.file.as_str(), number)).cloned().unwrap_or_default();
        let corrections = notes.corrections.get(&key).cloned().unwrap_or_default();
        count(&mut counts, class, &line_diagnostics, corrections.len());
        lines.push(LineReport {
            number,
            text: line.to_owned(),
            class,
            facts: detail.said.get(&number).cloned().unwrap_or_default(),
            model: notes.facts.get(&key).cloned().unwrap_or_default(),
            diagnostics: line_diagnostics,
            corrections,
        });
    }
    let operations = notes.operations.get(&page.file).cloned().unwrap_or_default();
    PageReport { file: page.file.clone(), operations, counts, lines }
}

fn count(counts: &mut Counts, class: LineClass, diagnostics: &[LineDiagnostic], corrections: usize) {
    counts.lines += 1;
    match class {
        LineClass::NotUnderstood => counts.not_understood += 1,
        LineClass::Markup => counts.markup += 1,
        LineClass::Blank => counts.blank += 1,
        LineClass::Unaccounted => counts.unaccounted += 1,
        _ => counts.read += 1,
    }
    let level = |l: Level| diagnostics.iter().filter(|d| d.level == l.to_string()).count();
    counts.warnings += level(Level::Warning);
    counts.errors += level(Level::Error);
    counts.corrections += corrections;
}

impl Report {
    /// The report as pretty JSON, ending with a newline.
    pub fn json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}
