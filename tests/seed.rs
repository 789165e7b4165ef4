//! The seed page, read whole and exactly: every fact of the model asserted.

mod common;

use common::{SEED, field_lines, run_verbatim, type_lines};
use docs2api::model::{Completion, Method, ParamLocation, Source};
use serde_json::json;

/// The seed as the page says it: no profile.
fn seed() -> docs2api::Run {
    let run = run_verbatim(&[SEED]);
    assert!(!run.has_errors(), "{:#?}", run.diagnostics());
    run
}

#[test]
fn the_operation_facts() {
    let run = seed();
    assert_eq!(run.api.operations.len(), 1);
    let op = &run.api.operations["ChangeTicketStatus"];
    assert_eq!(op.title, "ChangeTicketStatus");
    assert_eq!(op.description, None);
    assert_eq!(op.category, ["Operations Management", "Tenant Management (Plus)", "Ticket Operations"]);
    assert_eq!(op.group.as_deref(), Some("Ticket Operations"));
    assert_eq!(op.method, Method::Put);
    assert_eq!(op.path, "/zstack/v1/tickets/{uuid}/actions");
    assert!(op.other_paths.is_empty());
    assert_eq!(op.since.as_deref(), Some("3.0.0"));
    assert_eq!(op.completion, Some(Completion::Synchronous), "as documented (the profile corrects it)");
    assert_eq!(op.auth_required, Some(true));
    assert!(op.change_history.is_empty());
    assert_eq!(op.sources, [Source::new(SEED, 5)]);
}

#[test]
fn the_parameters_and_body_field_by_field() {
    let run = seed();
    let op = &run.api.operations["ChangeTicketStatus"];
    assert_eq!(op.params.len(), 1);
    let uuid = &op.params[0];
    assert_eq!((uuid.location, uuid.field.name.as_str(), uuid.field.required), (ParamLocation::Path, "uuid", true));
    assert_eq!(uuid.field.description.as_deref(), Some("The resource UUID."));
    assert_eq!(uuid.field.source, Source::new(SEED, 21));

    let body = op.body.as_ref().expect("a body");
    assert_eq!(body.wrapper.as_deref(), Some("changeticketstatus"));
    let mut lines = Vec::new();
    field_lines("", &body.fields, &mut lines);
    assert_eq!(
        lines,
        [
            "changeticketstatus: object required",
            "changeticketstatus.statusEvent: TicketStatusEvent required",
            "changeticketstatus.comment: string",
            "systemTags: list<string>",
            "userTags: list<string>",
        ]
    );
    let lines_of: Vec<u32> = body.fields.iter().map(|f| f.source.line).collect();
    assert_eq!(lines_of, [27, 39, 43]);
}

#[test]
fn the_response_and_named_types_field_by_field() {
    let run = seed();
    let op = &run.api.operations["ChangeTicketStatus"];
    assert_eq!(op.responses.len(), 1);
    let ok = &op.responses[0];
    assert_eq!(ok.status, Some(200));
    assert_eq!(ok.description.as_deref(), Some("On success, this API returns the following response structure."));
    let mut lines = Vec::new();
    field_lines("", &ok.fields, &mut lines);
    assert_eq!(lines, ["error: ErrorCode required", "inventory: TicketInventory required"]);

    assert_eq!(
        type_lines(&run.api),
        [
            "ErrorCode.code: string required",
            "ErrorCode.description: string required",
            "ErrorCode.details: string required",
            "ErrorCode.elaboration: string required",
            "ErrorCode.opaque: map<any> required",
            "ErrorCode.cause: ErrorCode required",
            "TicketInventory.uuid: string required",
            "TicketInventory.name: string required",
            "TicketInventory.description: string required",
            "TicketInventory.accountSystemType: string required",
            "TicketInventory.ticketTypeUuid: string required",
            "TicketInventory.accountSystemContext: any required",
            "TicketInventory.currentFlowUuid: string required",
            "TicketInventory.flowCollectionUuid: string required",
            "TicketInventory.createDate: timestamp required",
            "TicketInventory.lastOpDate: timestamp required",
            "TicketInventory.status: TicketStatus required",
            "TicketInventory.request: list<object> required",
            "TicketInventory.request[].requestName: string required",
            "TicketInventory.request[].apiName: string required",
            "TicketInventory.request[].executeTimes: int32 required",
            "TicketInventory.request[].apiBody: any required",
            "TicketStatus: enum (open) IntermediateApproved",
            "TicketStatusEvent: alias string",
        ]
    );
}

#[test]
fn the_examples() {
    let run = seed();
    let op = &run.api.operations["ChangeTicketStatus"];
    let req = op.request_example.as_ref().expect("a request example");
    assert_eq!(req.method, Method::Put);
    assert_eq!(req.url, "http://{host}/zstack/v1/tickets/{uuid}/actions");
    assert_eq!(
        req.headers,
        [
            ("Authorization".to_owned(), "OAuth {sessionUuid}".to_owned()),
            ("Content-Type".to_owned(), "application/json;charset=UTF-8".to_owned())
        ]
    );
    assert_eq!(
        req.body,
        Some(
            json!({"changeticketstatus":{"statusEvent":"<statusEvent>","comment":"<comment>"},"systemTags":["<systemTags>"],"userTags":["<userTags>"]})
        )
    );
    assert_eq!(req.source, Source::new(SEED, 171));
    let example = op.responses[0].example.as_ref().expect("a response example");
    assert_eq!(example.source, Source::new(SEED, 175));
    assert_eq!(example.value["inventory"]["request"][0]["executeTimes"], json!(1.0));
    assert_eq!(
        example.value["inventory"]["accountSystemContext"]["projectUuid"],
        json!("21423d5537cc4891b33745b3ad9045f8")
    );
}

#[test]
fn the_disagreements_with_the_example_are_reported_with_both_sources() {
    let run = seed();
    let rules: Vec<(u32, &str)> = run.diagnostics().iter().map(|d| (d.source.line, d.rule)).collect();
    assert_eq!(
        rules,
        [(31, "type-undefined"), (125, "enum-documented-as-object"), (149, "example-integer-as-decimal")]
    );
    let status = &run.diagnostics()[1].message;
    assert!(
        status.contains("{name, ordinal}") && status.contains(":175") && status.contains("IntermediateApproved"),
        "{status}"
    );
    let times = &run.diagnostics()[2].message;
    assert!(times.contains("`int`") && times.contains("1.0") && times.contains(":175"), "{times}");
}
