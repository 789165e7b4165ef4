//! The HTML reader against the text reader: an API Explorer page saved as HTML and the same page
//! copied as text must give the same facts. Only the source lines differ (the two files are laid
//! out differently), so they are set to 0 on both sides before comparing.

use std::path::Path;

use docs2api::Diagnostics;
use docs2api::internals::Syntax;
use docs2api::internals::read_page_bytes;
use docs2api::internals::{DocField, PageFacts};
use docs2api::model::Source;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/same-page");

/// Reads a fixture under one common name, so that only lines can differ between the twins.
fn facts_of(file: &str) -> (PageFacts, Diagnostics) {
    let path = Path::new(FIXTURES).join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let syntax = Syntax::from_path(&path).expect("a known page extension");
    let mut diags = Diagnostics::new();
    let facts =
        read_page_bytes("page", syntax, &bytes, &mut diags).unwrap_or_else(|| panic!("{file}: no facts: {diags:?}"));
    (facts, diags)
}

fn unline(source: &mut Source) {
    source.line = 0;
}

fn unline_fields(fields: &mut [DocField]) {
    for field in fields {
        unline(&mut field.source);
        unline_fields(&mut field.children);
    }
}

/// Every source line in the facts set to 0.
fn without_lines(mut facts: PageFacts) -> PageFacts {
    // The line roles are keyed by line, like the sources, and the line count differs by syntax.
    facts.lines.clear();
    facts.page_lines = 0;
    facts.markup_lines.clear();
    if let Some(source) = &mut facts.source {
        unline(source);
    }
    if let Some(example) = &mut facts.request_example {
        unline(&mut example.source);
    }
    facts.response_examples.iter_mut().for_each(|(_, e)| unline(&mut e.source));
    facts.params.iter_mut().for_each(|p| unline_fields(std::slice::from_mut(&mut p.field)));
    unline_fields(&mut facts.body);
    for response in &mut facts.responses {
        unline(&mut response.source);
        unline_fields(&mut response.fields);
    }
    facts
}

/// The diagnostics as `level rule: message`, without their lines.
fn findings(diags: &Diagnostics) -> Vec<String> {
    diags.iter().map(|d| format!("{} {}: {}", d.level, d.rule, d.message)).collect()
}

fn assert_same_facts(page: &str) {
    let (html, html_diags) = facts_of(&format!("{page}-explorer.html"));
    let (text, text_diags) = facts_of(&format!("{page}-explorer.txt"));
    assert!(html.operation_id.as_deref() == Some(page), "{page}: the HTML names {:?}", html.operation_id);
    assert_eq!(without_lines(html), without_lines(text), "{page}: the HTML and the text give different facts");
    assert_eq!(findings(&html_diags), findings(&text_diags), "{page}: different diagnostics");
}

#[test]
fn change_ticket_status_html_reads_as_its_text_twin() {
    assert_same_facts("ChangeTicketStatus");
}

#[test]
fn query_ticket_type_html_reads_as_its_text_twin() {
    assert_same_facts("QueryTicketType");
}

#[test]
fn delete_ticket_flow_collection_html_reads_as_its_text_twin() {
    assert_same_facts("DeleteTicketFlowCollection");
}

/// The facts point at the HTML file's own lines, not at the text twin's.
#[test]
fn html_facts_point_at_html_lines() {
    let (facts, _) = facts_of("ChangeTicketStatus-explorer.html");
    assert_eq!(facts.source.map(|s| s.line), Some(43), "the title is the <h1> on line 43");
    let wrapper = facts.body.iter().find(|f| f.name == "changeticketstatus").expect("the wrapper field");
    assert_eq!(wrapper.source.line, 59);
    assert_eq!(wrapper.children.iter().map(|f| f.source.line).collect::<Vec<_>>(), [61, 62]);
    assert_eq!(facts.request_example.map(|r| r.source.line), Some(124));
}

/// The model of a page, as JSON, with every source reduced to one file name and line 0.
fn model_without_sources(file: &str, profile: docs2api::Profile) -> serde_json::Value {
    let run = docs2api::Generator::new().profile(profile).input(Path::new(FIXTURES).join(file)).run().unwrap();
    assert!(!run.has_errors(), "{file}: {:#?}", run.diagnostics());
    let mut model = serde_json::to_value(&run.api).unwrap();
    blank_sources(&mut model);
    model
}

fn blank_sources(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match key.as_str() {
                    "file" => *v = serde_json::json!("page"),
                    "line" => *v = serde_json::json!(0),
                    _ => blank_sources(v),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(blank_sources),
        _ => {}
    }
}

/// Every page that exists in more than one syntax gives the same model, sources aside, both as
/// the pages say it and with the profile applied.
#[test]
fn every_page_in_several_syntaxes_gives_the_same_model() {
    let twins = [
        ("ChangeTicketStatus-explorer.txt", "ChangeTicketStatus-explorer.html"),
        ("QueryTicketType-explorer.txt", "QueryTicketType-explorer.html"),
        ("DeleteTicketFlowCollection-explorer.txt", "DeleteTicketFlowCollection-explorer.html"),
        ("ChangeTicketStatus-devguide.md", "ChangeTicketStatus-devguide.html"),
        ("QueryTicket-devguide.md", "QueryTicket-devguide.html"),
        // Dev Guide text copies: headed, pipe rows without the leading `|`; headed, space rows.
        ("ChangeTicketStatus-devguide.md", "ChangeTicketStatus-devguide.txt"),
        ("QueryTicket-devguide.md", "QueryTicket-devguide.txt"),
    ];
    for (a, b) in twins {
        for profile in [docs2api::Profile::None, docs2api::Profile::Auto] {
            let (ma, mb) = (model_without_sources(a, profile.clone()), model_without_sources(b, profile.clone()));
            assert!(ma["operations"].as_object().is_some_and(|o| !o.is_empty()), "{a}: no operation");
            assert_eq!(ma, mb, "{a} and {b} ({profile:?})");
        }
    }
}

/// The Dev Guide text pages of docs-input (each table syntax, headed and headless) give the model
/// of their Markdown twins, sources aside; a headless page states no title, description or
/// category, which its twin fills in the merge.
#[test]
fn docs_input_dev_guide_text_pages_read_as_their_markdown_twins() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs-input/tickets");
    let model = |path: &Path| {
        let run = docs2api::Generator::new().profile(docs2api::Profile::None).input(path).run().unwrap();
        assert!(!run.has_errors(), "{}: {:#?}", path.display(), run.diagnostics());
        let mut model = serde_json::to_value(&run.api).unwrap();
        blank_sources(&mut model);
        model
    };
    let twins = [
        ("CreateTicket", false),
        ("UpdateTicketRequest", false),
        ("ChangeTicketFlowCollectionState", false),
        ("QueryTicketType", true),
    ];
    for (id, headless) in twins {
        let text = model(&root.join(format!("devguide/text/{id}.txt")));
        let mut markdown = model(&root.join(format!("devguide/{id}.md")));
        if headless {
            let op = &mut markdown["operations"][id];
            op["title"] = serde_json::json!(id);
            op["description"] = serde_json::Value::Null;
            op["category"] = serde_json::json!([]);
        }
        assert_eq!(text, markdown, "{id}: the text page and its Markdown twin");
    }
}
