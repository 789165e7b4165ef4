//! How much of each page became facts: the layout's account of every line (`facts::LineRole`),
//! counted per page, so that `docs2api lint` can show where a page was not understood.

use serde::Serialize;

use crate::facts::{DocField, LineRole, PageFacts};

/// The lines of one page by what they became. `unaccounted` counts the lines with text that the
/// layout did not look at (outside the sections it reads).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PageCoverage {
    pub file: String,
    /// Lines with text in the file.
    pub lines: u32,
    pub facts: u32,
    pub structure: u32,
    pub text: u32,
    pub examples: u32,
    pub chrome: u32,
    pub not_understood: u32,
    pub unaccounted: u32,
    /// What each line became, when the run was asked for it ([`crate::Generator::line_detail`]).
    #[serde(skip)]
    pub detail: Option<LineDetail>,
}

/// What each line of a page became, for `docs2api report`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineDetail {
    /// What each marked line became, by line number.
    pub roles: std::collections::BTreeMap<u32, LineRole>,
    /// The lines that are the syntax's own, not the page's text (see `PageFacts::markup_lines`).
    pub markup: std::collections::BTreeSet<u32>,
    /// What the page itself said at a line, before merging with other pages and profiles:
    /// `body field changeticketstatus.statusEvent: TicketStatusEvent, required`.
    pub said: std::collections::BTreeMap<u32, Vec<String>>,
}

impl PageCoverage {
    /// A page's counts, and with `detail` what each of its lines became.
    pub(crate) fn of(page: &PageFacts, detail: bool) -> Option<Self> {
        let file = page.source.as_ref()?.file.clone();
        let detail = detail.then(|| LineDetail {
            roles: page.lines.clone(),
            markup: page.markup_lines.clone(),
            said: said(page),
        });
        let mut c = PageCoverage { file, lines: page.page_lines, detail, ..Default::default() };
        for role in page.lines.values() {
            let count = match role {
                LineRole::Fact => &mut c.facts,
                LineRole::Structure => &mut c.structure,
                LineRole::Text => &mut c.text,
                LineRole::Example => &mut c.examples,
                LineRole::Chrome => &mut c.chrome,
                LineRole::NotUnderstood => &mut c.not_understood,
            };
            *count += 1;
        }
        let marked = u32::try_from(page.lines.len()).unwrap_or(u32::MAX);
        c.unaccounted = c.lines.saturating_sub(marked);
        Some(c)
    }
}

/// What a page said at each line: its operation, parameters and fields, as it wrote them.
fn said(page: &PageFacts) -> std::collections::BTreeMap<u32, Vec<String>> {
    let mut said: std::collections::BTreeMap<u32, Vec<String>> = std::collections::BTreeMap::new();
    if let (Some(source), Some(method)) = (&page.source, page.method) {
        let id = page.operation_id.as_deref().unwrap_or("(no id)");
        let path = page.paths.first().map_or("(no path)", String::as_str);
        said.entry(source.line).or_default().push(format!("operation {id} ({method} {path})"));
    }
    for p in &page.params {
        fields(&mut said, &format!("{} parameter", p.location.as_str()), "", std::slice::from_ref(&p.field));
    }
    fields(&mut said, "body field", "", &page.body);
    for r in &page.responses {
        let status = r.status.map_or_else(|| "failure".to_owned(), |s| s.to_string());
        fields(&mut said, &format!("response {status} field"), "", &r.fields);
    }
    said
}

fn fields(said: &mut std::collections::BTreeMap<u32, Vec<String>>, what: &str, prefix: &str, fields: &[DocField]) {
    for f in fields {
        let required = match f.required {
            Some(true) => ", required",
            Some(false) => ", optional",
            None => "",
        };
        let values =
            if f.valid_values.is_empty() { String::new() } else { format!(" ({})", f.valid_values.join(", ")) };
        let text = format!("{what} {prefix}{}: {}{required}{values}", f.name, f.doc_type);
        said.entry(f.source.line).or_default().push(text);
        self::fields(said, what, &format!("{prefix}{}.", f.name), &f.children);
    }
}

impl std::fmt::Display for PageCoverage {
    /// `FILE: 42 of 57 lines became facts (9 structure, 3 text, 2 examples, 1 chrome, 0 not understood, 0 unaccounted)`
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} of {} lines became facts ({} structure, {} text, {} examples, {} chrome, {} not understood, {} unaccounted)",
            self.file,
            self.facts,
            self.lines,
            self.structure,
            self.text,
            self.examples,
            self.chrome,
            self.not_understood,
            self.unaccounted
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;

    #[test]
    fn lines_are_counted_by_role() {
        let mut page = PageFacts { source: Some(Source::new("p.txt", 1)), page_lines: 6, ..Default::default() };
        page.mark(1, LineRole::Structure);
        page.mark(2, LineRole::Fact);
        page.mark(2, LineRole::NotUnderstood);
        page.mark(3, LineRole::NotUnderstood);
        page.mark(4, LineRole::Example);
        let c = PageCoverage::of(&page, false).unwrap();
        assert_eq!((c.facts, c.structure, c.examples, c.not_understood, c.unaccounted), (1, 1, 1, 1, 2));
        assert!(c.to_string().starts_with("p.txt: 1 of 6 lines became facts (1 structure"));
    }
}
