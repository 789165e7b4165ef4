//! The zstack profile and user overlays: for each rule, a page where it applies and one where it
//! must not.

mod common;

use common::{SEED, field_lines, run, run_verbatim, ty};
use docs2api::model::{Completion, Media, Operation, ParamLocation, TypeKind};
use docs2api::{Generator, Level, Profile, Run};

const DELETE: &str = "docs-input/tickets/explorer/DeleteTicket.txt";
const QUERY: &str = "docs-input/tickets/explorer/QueryTicket.txt";
const CREATE_GUIDE: &str = "docs-input/tickets/devguide/CreateTicket.md";

fn op<'r>(run: &'r Run, id: &str) -> &'r Operation {
    run.api.operations.get(id).unwrap_or_else(|| panic!("no {id}"))
}

fn corrections(op: &Operation, rule: &str) -> Vec<(String, String)> {
    op.corrections.iter().filter(|c| c.rule == rule).map(|c| (c.old.clone(), c.new.clone())).collect()
}

fn params(op: &Operation) -> Vec<String> {
    op.params.iter().map(|p| format!("{} {}: {}", p.location.as_str(), p.field.name, ty(&p.field.ty))).collect()
}

/// Writes `text` as a page in a fresh folder and reads it with the given profile.
fn read_text(name: &str, text: &str, profile: Profile) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    Generator::new().profile(profile).input(&path).run().unwrap()
}

#[test]
fn auto_applies_zstack_to_zstack_endpoints_and_none_keeps_the_pages_verbatim() {
    assert_eq!(run(&[SEED]).api.profile.as_deref(), Some("zstack"));
    let verbatim = run_verbatim(&[SEED]);
    assert_eq!(verbatim.api.profile, None);
    assert!(verbatim.api.operations.values().all(|op| op.corrections.is_empty()));
    assert_eq!(
        op(&verbatim, "ChangeTicketStatus").body.as_ref().unwrap().wrapper.as_deref(),
        Some("changeticketstatus")
    );
    // Auto does nothing to pages whose endpoints are not ZStack's.
    let other = std::fs::read_to_string(SEED).unwrap().replace("/zstack/v1/", "/api/");
    let run = read_text("Other.txt", &other, Profile::Auto);
    assert_eq!(run.api.profile, None);
    assert_eq!(run.api.operations.len(), 1);
}

#[test]
fn wrapper_key_is_the_operation_id_lower_first_for_actions_and_params_for_creations() {
    let run = run(&[SEED]);
    let change = op(&run, "ChangeTicketStatus");
    assert_eq!(change.body.as_ref().unwrap().wrapper.as_deref(), Some("changeTicketStatus"));
    assert_eq!(corrections(change, "zstack:wrapper-key"), [("changeticketstatus".into(), "changeTicketStatus".into())]);
    let example = change.request_example.as_ref().unwrap().body.as_ref().unwrap();
    assert!(example.get("changeTicketStatus").is_some(), "the example follows the key");
    // Must not apply: a POST page that already says `params`, and a DELETE page with no wrapper.
    let run = self::run(&[CREATE_GUIDE, DELETE]);
    assert_eq!(op(&run, "CreateTicket").body.as_ref().unwrap().wrapper.as_deref(), Some("params"));
    assert!(corrections(op(&run, "CreateTicket"), "zstack:wrapper-key").is_empty());
    assert!(corrections(op(&run, "DeleteTicket"), "zstack:wrapper-key").is_empty());
}

#[test]
fn system_and_user_tags_move_out_of_the_wrapper_to_the_root() {
    let text = std::fs::read_to_string(SEED).unwrap();
    // The tags indented under the wrapper, as a page could show them.
    let nested = text.replace("  • systemTagsList\n\n    Optional.", "    • systemTagsList\n\n      Optional.");
    assert_ne!(nested, text);
    let run = read_text("Nested.txt", &nested, Profile::named("zstack"));
    let change = op(&run, "ChangeTicketStatus");
    let mut lines = Vec::new();
    field_lines("", &change.body.as_ref().unwrap().fields, &mut lines);
    assert_eq!(
        lines,
        [
            "changeTicketStatus: object required",
            "changeTicketStatus.statusEvent: TicketStatusEvent required",
            "changeTicketStatus.comment: string",
            "userTags: list<string>",
            "systemTags: list<string>",
        ]
    );
    assert_eq!(
        corrections(change, "zstack:root-body-fields"),
        [("changeTicketStatus.systemTags".into(), "systemTags".into())]
    );
    // Must not apply where they already are at the root.
    assert!(corrections(op(&self::run(&[SEED]), "ChangeTicketStatus"), "zstack:root-body-fields").is_empty());
}

#[test]
fn get_and_delete_parameters_travel_in_the_query_string() {
    let run = run(&[DELETE, SEED]);
    let delete = op(&run, "DeleteTicket");
    assert!(delete.body.is_none());
    assert_eq!(
        params(delete),
        [
            "path uuid: string",
            "query deleteMode: string",
            "query systemTags: list<string>",
            "query userTags: list<string>"
        ]
    );
    assert_eq!(corrections(delete, "zstack:query-string-methods").len(), 3);
    // Must not apply to PUT.
    assert!(op(&run, "ChangeTicketStatus").body.is_some());
    assert!(corrections(op(&run, "ChangeTicketStatus"), "zstack:query-string-methods").is_empty());
    // Verbatim, the DELETE page's body stays a body.
    assert!(op(&run_verbatim(&[DELETE]), "DeleteTicket").body.is_some());
}

#[test]
fn async_operations_answer_202_and_the_job_url_is_an_operation() {
    let run = run(&[SEED, QUERY]);
    let change = op(&run, "ChangeTicketStatus");
    assert_eq!(change.completion, Some(Completion::Asynchronous));
    assert_eq!(corrections(change, "zstack:completion")[0], ("synchronous".into(), "asynchronous".into()));
    let accepted = change.responses.iter().find(|r| r.status == Some(202)).expect("a 202 response");
    let mut lines = Vec::new();
    field_lines("", &accepted.fields, &mut lines);
    assert_eq!(lines, ["location: string", "apiTimeout: int64"]);
    // Must not apply to a query: synchronous, no 202.
    let query = op(&run, "QueryTicket");
    assert_eq!(query.completion, Some(Completion::Synchronous));
    assert!(query.responses.iter().all(|r| r.status != Some(202)));
    // The job operation and the protocol's description.
    let jobs = run.api.protocol.jobs.as_ref().expect("the job protocol");
    assert_eq!((jobs.accepted, jobs.location_field.as_str(), jobs.expired), (202, "location", 404));
    let job = op(&run, &jobs.operation_id);
    assert_eq!((job.method.as_str(), job.path.as_str()), ("GET", "/zstack/v1/api-jobs/{uuid}"));
    let statuses: Vec<Option<u16>> = job.responses.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Some(200), Some(202), Some(400), Some(404), Some(405), Some(500), Some(503)]);
    assert_eq!(job.auth_required, Some(false));
    // A page set of queries only has no asynchronous operation, so no job operation.
    assert!(self::run(&[QUERY]).api.protocol.jobs.is_none());
}

#[test]
fn query_apis_take_the_parameters_the_server_reads() {
    let run = run(&[QUERY, SEED]);
    let query = op(&run, "QueryTicket");
    assert_eq!(
        params(query),
        [
            "query q: list<string>",
            "query limit: int32",
            "query start: int32",
            "query count: boolean",
            "query groupBy: string",
            "query replyWithCount: boolean",
            "query filterName: string",
            "query fields: list<string>",
            "query systemTags: list<string>",
            "query userTags: list<string>",
            "path uuid: string",
            "query sort: string",
        ]
    );
    assert!(query.params.iter().all(|p| p.location == ParamLocation::Path || !p.field.required));
    assert_eq!(query.other_paths, ["/zstack/v1/tickets/{uuid}"]);
    let ok = query.responses.iter().find(|r| r.status == Some(200)).unwrap();
    let names: Vec<&str> = ok.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["inventories", "total"]);
    assert!(corrections(query, "zstack:query-api").contains(&("conditions".into(), "q".into())));
    assert!(corrections(query, "zstack:query-api").contains(&("sortBy + sortDirection".into(), "sort".into())));
    let fields = query.params.iter().find(|p| p.field.name == "fields").unwrap();
    assert_eq!(fields.style, docs2api::model::ListStyle::Comma, "the server splits `fields` at commas");
    assert!(corrections(query, "zstack:query-api").contains(&("repeat".into(), "comma".into())));
    // Must not apply to a non-query operation.
    assert!(op(&run, "ChangeTicketStatus").params.iter().all(|p| p.field.name != "q"));
}

#[test]
fn failures_are_503_with_the_error_and_rest_errors_are_plain_text() {
    let run = run(&[SEED, DELETE]);
    for id in ["ChangeTicketStatus", "DeleteTicket"] {
        let o = op(&run, id);
        let failed = o.responses.iter().find(|r| r.status == Some(503)).expect("a 503");
        assert_eq!((failed.fields[0].name.as_str(), ty(&failed.fields[0].ty)), ("error", "ErrorCode".into()));
        for status in [400, 404, 405, 500] {
            let r = o.responses.iter().find(|r| r.status == Some(status)).expect("a plain-text error");
            assert_eq!(r.media, Media::PlainText);
        }
        assert!(o.responses.iter().all(|r| r.status.is_some()), "the page's error response became the 503");
    }
    // The DELETE page's error example is the 503's example.
    let delete = op(&run, "DeleteTicket");
    let failed = delete.responses.iter().find(|r| r.status == Some(503)).unwrap();
    assert_eq!(failed.example.as_ref().unwrap().value["error"]["code"], "SYS.1001");
    // Verbatim: no 503.
    assert!(op(&run_verbatim(&[SEED]), "ChangeTicketStatus").responses.iter().all(|r| r.status != Some(503)));
}

#[test]
fn response_bodies_lose_error_and_success_and_their_fields_are_optional() {
    let run = run(&[SEED]);
    let change = op(&run, "ChangeTicketStatus");
    let ok = change.responses.iter().find(|r| r.status == Some(200)).unwrap();
    let mut lines = Vec::new();
    field_lines("", &ok.fields, &mut lines);
    assert_eq!(lines, ["inventory: TicketInventory"]);
    let docs2api::model::TypeKind::Object { fields } = &run.api.types["TicketInventory"].kind else { panic!() };
    assert!(fields.iter().all(|f| !f.required));
    // Must not apply to request bodies: statusEvent stays required.
    let mut body = Vec::new();
    field_lines("", &change.body.as_ref().unwrap().fields, &mut body);
    assert!(body.contains(&"changeTicketStatus.statusEvent: TicketStatusEvent required".to_owned()), "{body:?}");
}

#[test]
fn dates_and_doubled_integers_keep_their_documented_types() {
    let run = run(&[SEED]);
    assert_eq!(run.api.protocol.timestamp_format.as_deref(), Some("MMM d, yyyy h:mm:ss a"));
    let docs2api::model::TypeKind::Object { fields } = &run.api.types["TicketInventory"].kind else { panic!() };
    let mut lines = Vec::new();
    field_lines("TicketInventory", fields, &mut lines);
    assert!(lines.contains(&"TicketInventory.createDate: timestamp".to_owned()));
    assert!(lines.contains(&"TicketInventory.request[].executeTimes: int32".to_owned()));
    let yaml = run.outputs().unwrap().openapi_yaml(docs2api::Version::V3_1);
    assert!(yaml.contains("x-docs2api-format: MMM d, yyyy h:mm:ss a"));
}

#[test]
fn every_correction_is_a_note_and_shows_in_the_openapi_document() {
    let run = run(&[SEED]);
    let notes = run.diagnostics().iter().filter(|d| d.level == Level::Note && d.rule == "wrapper-key").count();
    assert_eq!(notes, 1);
    let doc = run.outputs().unwrap().openapi(docs2api::Version::V3_1);
    let put = &doc["paths"]["/zstack/v1/tickets/{uuid}/actions"]["put"];
    let rules: Vec<&str> =
        put["x-docs2api-corrections"].as_array().unwrap().iter().map(|c| c["rule"].as_str().unwrap()).collect();
    assert!(rules.contains(&"zstack:wrapper-key") && rules.contains(&"zstack:completion"), "{rules:?}");
    assert_eq!(doc["x-docs2api-profile"], "zstack");
    assert!(put["responses"]["202"].is_object() && put["responses"]["503"].is_object());
    assert_eq!(put["responses"]["400"]["content"]["text/plain"]["schema"]["type"], "string");
}

mod overlays {
    use super::*;

    fn with_overlay(pages: &[&str], overlay: &str) -> Run {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fix.yaml");
        std::fs::write(&path, overlay).unwrap();
        let g = pages.iter().fold(Generator::new(), |g, p| g.input(p));
        g.overlay(&path).run().unwrap()
    }

    #[test]
    fn an_overlay_changes_a_field_type_and_the_output_shows_it() {
        let run = with_overlay(
            &[SEED],
            "types:\n  TicketInventory:\n    fields:\n      createDate: {type: long, description: Epoch milliseconds.}\n  TicketStatus:\n    enum: [Pending, Cancelled, IntermediateApproved, FinalApproved, Rejected]\noperations:\n  ChangeTicketStatus:\n    fields:\n      body.changeTicketStatus.comment: {required: true}\n",
        );
        assert!(!run.has_errors(), "{:#?}", run.diagnostics());
        let doc = run.outputs().unwrap().openapi(docs2api::Version::V3_1);
        let inventory = &doc["components"]["schemas"]["TicketInventory"];
        assert_eq!(inventory["properties"]["createDate"]["type"], "integer");
        assert_eq!(inventory["properties"]["createDate"]["format"], "int64");
        let correction = &inventory["x-docs2api-corrections"].as_array().unwrap().last().unwrap();
        assert!(correction["rule"].as_str().unwrap().starts_with("overlay:"));
        assert_eq!(doc["components"]["schemas"]["TicketStatus"]["enum"].as_array().unwrap().len(), 5);
        let body = &doc["paths"]["/zstack/v1/tickets/{uuid}/actions"]["put"]["requestBody"]["content"]["application/json"]
            ["schema"];
        assert_eq!(body["properties"]["changeTicketStatus"]["required"], serde_json::json!(["statusEvent", "comment"]));
    }

    #[test]
    fn an_overlay_can_set_the_wrapper_and_completion_even_against_the_profile() {
        let run = with_overlay(
            &[SEED],
            "operations:\n  ChangeTicketStatus:\n    wrapper: change\n    completion: synchronous\n",
        );
        let change = op(&run, "ChangeTicketStatus");
        assert_eq!(change.body.as_ref().unwrap().wrapper.as_deref(), Some("change"));
        assert_eq!(change.completion, Some(Completion::Synchronous));
    }

    #[test]
    fn naming_what_does_not_exist_is_an_error_at_the_overlay_line() {
        let run = with_overlay(
            &[SEED],
            "operations:\n  ChangeTicketStatus:\n    fields:\n      body.changeTicketStatus.nope: {type: int}\n  NoSuchOp:\n    completion: synchronous\ntypes:\n  NoSuchType:\n    enum: [a]\n",
        );
        let errors: Vec<(u32, String)> = run
            .diagnostics()
            .iter()
            .filter(|d| d.level == Level::Error)
            .map(|d| (d.source.line, d.message.clone()))
            .collect();
        assert_eq!(errors.len(), 3, "{errors:#?}");
        assert!(
            run.diagnostics().iter().filter(|d| d.level == Level::Error).all(|d| d.source.file.ends_with("fix.yaml"))
        );
        assert_eq!(errors[0].0, 4);
        assert!(errors[0].1.contains("no field `nope` (there are: statusEvent, comment)"), "{}", errors[0].1);
        assert_eq!(errors[1].0, 5);
        assert!(errors[1].1.contains("no operation `NoSuchOp`"), "{}", errors[1].1);
        assert_eq!(errors[2].0, 8);
        assert!(errors[2].1.contains("no type `NoSuchType`"), "{}", errors[2].1);
    }

    #[test]
    fn a_broken_overlay_is_an_error_at_its_line() {
        let run = with_overlay(&[SEED], "operations:\n  ChangeTicketStatus:\n    completion: sometimes\n");
        let e = run.diagnostics().iter().find(|d| d.level == Level::Error).expect("an error");
        assert_eq!(e.source.line, 3, "{e}");
        let run = with_overlay(
            &[SEED],
            "operations:\n  ChangeTicketStatus:\n    fields:\n      body.changeTicketStatus.comment: {type: NoSuchType}\n",
        );
        let e = run.diagnostics().iter().find(|d| d.level == Level::Error).expect("an error");
        assert!(e.message.contains("neither a built-in type"), "{e}");
    }

    #[test]
    fn an_overlay_defines_a_new_type_that_fields_then_take() {
        let run = with_overlay(
            &[SEED],
            "new-types:\n  TicketRequest:\n    fields:\n      - {name: requestName, type: String, required: true}\n      - {name: executeTimes, type: int, description: Times.}\n      - {name: bad, type: 'List<'}\ntypes:\n  TicketInventory:\n    fields:\n      accountSystemContext: {type: List<TicketRequest>}\n",
        );
        let errors: Vec<String> =
            run.diagnostics().iter().filter(|d| d.level == Level::Error).map(|d| d.to_string()).collect();
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert!(errors[0].contains("fix.yaml:6: error: `TicketRequest.bad`: `List<` is not a type name"), "{errors:?}");
        let defined = &run.api.types["TicketRequest"];
        let TypeKind::Object { fields } = &defined.kind else { panic!("{defined:?}") };
        let names: Vec<(&str, bool)> = fields.iter().map(|f| (f.name.as_str(), f.required)).collect();
        assert_eq!(names, [("requestName", true), ("executeTimes", false)], "in the overlay's order");
        assert_eq!(defined.sources[0].line, 2);
        assert_eq!(defined.corrections[0].subject, "definition");

        let run = with_overlay(&[SEED], "new-types:\n  TicketInventory:\n    fields: []\n");
        let error = run.diagnostics().iter().find(|d| d.level == Level::Error).unwrap();
        assert!(error.message.contains("was read from the pages: set its fields under `types:`"), "{error}");
    }

    #[test]
    fn a_manifest_names_overlays_from_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(SEED, dir.path().join("seed.txt")).unwrap();
        std::fs::write(dir.path().join("docs2api.yaml"), "info: {title: T, version: 1.0.0}\noverlays: [fix.yaml]\n")
            .unwrap();
        std::fs::write(dir.path().join("fix.yaml"), "operations:\n  ChangeTicketStatus: {completion: synchronous}\n")
            .unwrap();
        let run = Generator::new().input(dir.path()).run().unwrap();
        assert_eq!(op(&run, "ChangeTicketStatus").completion, Some(Completion::Synchronous));
        assert!(run.read.contains(&dir.path().join("fix.yaml")), "a build script watches it: {:?}", run.read);
    }

    #[test]
    fn an_overlay_in_json_works_too() {
        let run = with_overlay(&[SEED], r#"{"operations": {"ChangeTicketStatus": {"completion": "synchronous"}}}"#);
        assert_eq!(op(&run, "ChangeTicketStatus").completion, Some(Completion::Synchronous));
    }
}
