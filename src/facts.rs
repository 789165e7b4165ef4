//! Page facts: what one page says about one operation, before any conclusion is drawn.
//!
//! A layout interpreter fills a [`PageFacts`] from a [`crate::read::Document`]; the resolver in
//! [`crate::resolve`] turns the facts of every page into the [`crate::model::Api`]. Facts keep the
//! page's own words (documented type names, nested field trees); drawing conclusions from them
//! (named types, element types, disagreements with the examples) is the resolver's job, the same for
//! every layout.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::model::{Completion, Example, Method, ParamLocation, RequestExample, Source};

/// The families of documentation pages, each read by its own layout; `layout::recognise`
/// tells a page's family from its content. When several pages document one operation, the family
/// decides which page's fact wins a disagreement (see `resolve`'s merge rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum PageFamily {
    /// Pages written by the API's own documentation generator from the server's request templates
    /// (ZStack's Dev Guide): wrapper keys, valid values and required flags as the server has them.
    DevGuide,
    /// Pages rendered by an interactive explorer (ZStack's API Explorer), which lower-cases wrapper
    /// keys, leaves out valid values and marks every response field required.
    #[default]
    ApiExplorer,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageFacts {
    pub family: PageFamily,
    /// What each line of the page became, by line number: the layout's account of the page (see
    /// [`LineRole`]). A line absent from the map is blank or was not looked at.
    pub lines: BTreeMap<u32, LineRole>,
    /// How many lines of the page's file hold text (set when the page is read).
    pub page_lines: u32,
    /// Lines with text in the file that hold none of the page's text: the syntax's own (an HTML
    /// tag alone on its line, a Markdown fence). The report shows them as markup.
    pub markup_lines: std::collections::BTreeSet<u32>,
    /// The line the operation starts at (its title), in the page's file.
    pub source: Option<Source>,
    /// The other pages merged into these facts, in merge order (empty for a single page).
    pub merged_from: Vec<Source>,
    pub operation_id: Option<String>,
    /// Where the operation id came from when the page states none (`the file name \`X\``); `None`
    /// when the page states it. The merge refuses to join different operations inferred to one id.
    pub operation_id_evidence: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub category: Vec<String>,
    pub group: Option<String>,
    pub method: Option<Method>,
    /// Every path template the page gives, the main one first.
    pub paths: Vec<String>,
    pub since: Option<String>,
    pub completion: Option<Completion>,
    pub auth_required: Option<bool>,
    pub params: Vec<DocParam>,
    pub body: Vec<DocField>,
    /// The root body field that wraps the operation's parameters.
    pub wrapper: Option<String>,
    pub responses: Vec<DocResponse>,
    pub request_example: Option<RequestExample>,
    /// Example bodies by status; `None` is the error structure shown for any failing status.
    pub response_examples: Vec<(Option<u16>, Example)>,
    pub change_history: Vec<String>,
}

/// What a page line became. Layouts mark every line of the sections they read, so that a line
/// that became nothing is seen (and warned about), `docs2api lint` can say how much of each page
/// became facts, and a report can show each line beside its role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LineRole {
    /// A fact of the operation: a parameter, a field, the endpoint, the operation id, the badge.
    Fact,
    /// A heading, label or table header that structures the page.
    Structure,
    /// A description or title, kept as text of a fact.
    Text,
    /// Part of a request or response example.
    Example,
    /// Page chrome skipped on purpose (a site banner, `Permalink`, UI labels, fixed notes).
    Chrome,
    /// A line the layout could not use; it carries a `line-not-understood` warning.
    NotUnderstood,
}

impl PageFacts {
    /// Marks a line, keeping the first role given (a line read as a fact stays a fact).
    pub fn mark(&mut self, line: u32, role: LineRole) {
        self.lines.entry(line).or_insert(role);
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DocParam {
    pub location: ParamLocation,
    pub field: DocField,
}

/// A field as documented: its header split into name, type and required flag, its description and
/// the fields nested under it.
#[derive(Debug, Clone, PartialEq)]
pub struct DocField {
    pub name: String,
    pub doc_type: String,
    /// Whether the page marks the field required (`Some(true)`), optional (`Some(false)`), or
    /// does not say (`None`, as Dev Guide response tables).
    pub required: Option<bool>,
    pub description: Option<String>,
    pub valid_values: Vec<String>,
    pub since: Option<String>,
    pub children: Vec<DocField>,
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DocResponse {
    /// The HTTP status; `None` for a response documented for any failing status.
    pub status: Option<u16>,
    pub description: Option<String>,
    pub fields: Vec<DocField>,
    pub source: Source,
}

impl PageFacts {
    /// The example body documented for a status, if any.
    pub fn response_example(&self, status: Option<u16>) -> Option<&Example> {
        self.response_examples.iter().find(|(s, _)| *s == status).map(|(_, e)| e)
    }

    /// The JSON body of the request example, if any.
    pub fn request_body_example(&self) -> Option<&Value> {
        self.request_example.as_ref().and_then(|r| r.body.as_ref())
    }
}
