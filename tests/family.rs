//! The whole ticket family: 20 operations from Explorer and Dev Guide pages in three syntaxes,
//! merged into one model.

mod common;

use common::{run, run_verbatim, summary};
use docs2api::model::{Method, TypeKind};
use docs2api::{Level, Version};

/// The ticket family's pages (docs-input/accounts/ holds the session pages, not of the family).
const INPUT: &str = "docs-input/tickets";

/// Method, main path, further paths and the top-level success field of each API (the facts file,
/// section 2.1).
/// (operation id, method, path, further paths, first field of the 200 response)
type Api = (&'static str, Method, &'static str, &'static [&'static str], Option<&'static str>);

const FAMILY: &[Api] = &[
    ("ChangeTicketStatus", Method::Put, "/tickets/{uuid}/actions", &[], Some("inventory")),
    ("UpdateTicketRequest", Method::Put, "/tickets/{uuid}/actions", &[], Some("inventory")),
    ("CreateTicket", Method::Post, "/tickets", &[], Some("inventory")),
    ("DeleteTicket", Method::Delete, "/tickets/{uuid}", &[], None),
    ("QueryTicket", Method::Get, "/tickets", &["/tickets/{uuid}"], Some("inventories")),
    ("QueryTicketHistory", Method::Get, "/tickets/histories", &["/tickets/histories/{uuid}"], Some("inventories")),
    ("QueryArchiveTicket", Method::Get, "/tickets/archives", &[], Some("inventories")),
    ("QueryArchiveTicketHistory", Method::Get, "/tickets/histories/archives", &[], Some("inventories")),
    ("QueryTicketType", Method::Get, "/ticket-types", &["/ticket-types/{uuid}"], Some("inventories")),
    ("QueryTicketFlow", Method::Get, "/tickets/flow", &["/tickets/flow/{uuid}"], Some("inventories")),
    ("QueryTicketFlowCollection", Method::Get, "/tickets/flow-collections", &[], Some("inventories")),
    ("CreateIAM2TickFlowCollection", Method::Post, "/tickets/flow-collections", &[], Some("inventory")),
    ("UpdateIAM2TicketFlowCollection", Method::Put, "/tickets/flow-collections/{uuid}/actions", &[], Some("inventory")),
    (
        "ChangeTicketFlowCollectionState",
        Method::Put,
        "/tickets/flow-collections/{uuid}/actions",
        &[],
        Some("inventory"),
    ),
    ("DeleteTicketFlowCollection", Method::Delete, "/tickets/flow-collections/{uuid}", &[], None),
    (
        "AddTicketTypesToTicketFlowCollection",
        Method::Post,
        "/tickets/flow-collections/{ticketFlowCollectionUuid}/ticket-types",
        &[],
        None,
    ),
    (
        "RemoveTicketTypesFromTicketFlowCollection",
        Method::Delete,
        "/tickets/flow-collections/{ticketFlowCollectionUuid}/ticket-types",
        &[],
        None,
    ),
    ("AddIAM2TicketFlow", Method::Post, "/tickets/flow", &[], Some("inventory")),
    ("UpdateIAM2TicketFlow", Method::Put, "/tickets/flow/{uuid}/actions", &[], Some("inventory")),
    ("DeleteIAM2TicketFlow", Method::Delete, "/tickets/flow/{uuid}", &[], None),
];

#[test]
fn all_twenty_operations_with_the_method_path_and_response_of_the_facts() {
    let run = run(&[INPUT]);
    assert!(
        !run.has_errors(),
        "{:#?}",
        run.diagnostics().iter().filter(|d| d.level == Level::Error).collect::<Vec<_>>()
    );
    for (id, method, path, others, top) in FAMILY {
        let op = run.api.operations.get(*id).unwrap_or_else(|| panic!("{id} missing"));
        assert_eq!(op.method, *method, "{id}");
        assert_eq!(op.path, format!("/zstack/v1{path}"), "{id}");
        let others: Vec<String> = others.iter().map(|p| format!("/zstack/v1{p}")).collect();
        assert_eq!(op.other_paths, others, "{id}");
        let ok = op.responses.iter().find(|r| r.status == Some(200)).unwrap_or_else(|| panic!("{id}: no 200"));
        let first = ok.fields.first().map(|f| f.name.as_str());
        assert_eq!(first, *top, "{id}");
        assert_eq!(op.auth_required, Some(true), "{id}");
    }
    // The 20 and the job operation of the profile.
    assert_eq!(run.api.operations.len(), FAMILY.len() + 1);
}

#[test]
fn pages_of_one_operation_merge_and_the_operation_keeps_every_source() {
    let run = run(&[INPUT]);
    let change = &run.api.operations["ChangeTicketStatus"];
    let files: Vec<&str> = change.sources.iter().map(|s| s.file.as_str()).collect();
    assert_eq!(
        files,
        ["docs-input/tickets/devguide/ChangeTicketStatus.html", "docs-input/tickets/explorer/ChangeTicketStatus.txt"]
    );
    let doc = run.outputs().unwrap().openapi(Version::V3_1);
    let listed = &doc["paths"]["/zstack/v1/tickets/{uuid}/actions"]["put"]["x-docs2api-operations"][0];
    assert_eq!(listed["operationId"], "ChangeTicketStatus");
    assert_eq!(listed["x-docs2api-source"].as_array().unwrap().len(), 2);
    // Three of them also have a page in another Explorer form (explorer/flat, zh, partial).
    let merged = run.api.operations.values().filter(|op| op.sources.len() >= 2).count();
    assert_eq!(merged, 12, "the twelve APIs with a Dev Guide page");
}

#[test]
fn the_known_disagreements_are_reported_with_both_sources() {
    let run = run(&[INPUT]);
    let found = |rule: &str, needle: &str| {
        run.diagnostics().iter().find(|d| d.rule == rule && d.to_string().contains(needle)).map(|d| d.to_string())
    };
    // Wrapper key case: the Explorer lower-cases it.
    let wrapper = found("merge-wrapper-key", "`changeticketstatus`").expect("wrapper key");
    assert!(
        wrapper.contains("explorer/ChangeTicketStatus.txt") && wrapper.contains("devguide/ChangeTicketStatus.html"),
        "{wrapper}"
    );
    // Valid values on one page only.
    let values = found("merge-valid-values", "`statusEvent`").expect("valid values");
    assert!(values.contains("devguide/ChangeTicketStatus.html:46"), "{values}");
    // Optional on one page, required on the other (the Explorer marks AddIAM2TicketFlow.name optional).
    let required = found("merge-required", "`name` is optional here but required").expect("required");
    assert!(
        required.contains("explorer/AddIAM2TicketFlow.txt:33") && required.contains("devguide/AddIAM2TicketFlow.md:53"),
        "{required}"
    );
    // A field on one page only: tagUuids is missing from the Explorer page, description from the Dev Guide.
    assert!(
        found(
            "merge-field-missing",
            "`tagUuids` is documented here but not on the page at docs-input/tickets/explorer/AddIAM2TicketFlow.txt"
        )
        .is_some()
    );
    assert!(
        found(
            "merge-field-missing",
            "`description` is documented here but not on the page at docs-input/tickets/devguide/UpdateTicketRequest.md"
        )
        .is_some()
    );
    // The merged model follows the rule: the Dev Guide page's facts win.
    let add = &run.api.operations["AddIAM2TicketFlow"];
    let params = add.body.as_ref().unwrap();
    let docs2api::model::TypeRef::Object(inner) = &params.fields[0].ty else { panic!("the params wrapper") };
    let name = inner.iter().find(|f| f.name == "name").unwrap();
    assert!(name.required);
    assert!(inner.iter().any(|f| f.name == "tagUuids"));
    let approver_title = inner.iter().find(|f| f.name == "approverTitle").unwrap();
    assert!(!approver_title.required, "the shifted Dev Guide row says nothing; the Explorer's optional fills it");
}

#[test]
fn named_types_merge_across_pages_and_enums_come_from_valid_values() {
    let run = run_verbatim(&[INPUT]);
    let t = &run.api.types;
    assert!(t["TicketInventory"].sources.len() >= 3);
    assert!(t["ErrorCode"].sources.len() >= 20);
    assert_eq!(
        t["TicketStatusEvent"].kind,
        TypeKind::Enum {
            values: ["open", "approve", "cancel", "reject", "reopen"].map(String::from).to_vec(),
            documented: true
        }
    );
    let TypeKind::Enum { values, documented: false } = &t["TicketStatus"].kind else { panic!("TicketStatus") };
    assert!(values.contains(&"Pending".to_owned()) && values.contains(&"IntermediateApproved".to_owned()));
    let state = &run.api.operations["ChangeTicketFlowCollectionState"];
    let docs2api::model::TypeRef::Object(inner) = &state.body.as_ref().unwrap().fields[0].ty else { panic!() };
    assert_eq!(inner[0].valid_values, ["enable", "disable"]);
    assert!(!run.diagnostics().iter().any(|d| d.rule == "type-conflict"), "no conflicting definitions in docs-input");
}

#[test]
fn two_actions_on_one_path_and_method_are_one_oneof_operation() {
    let doc = run(&[INPUT]).outputs().unwrap().openapi(Version::V3_1);
    let put = &doc["paths"]["/zstack/v1/tickets/{uuid}/actions"]["put"];
    assert_eq!(put["operationId"], "ChangeTicketStatusOrUpdateTicketRequest");
    let variants = put["requestBody"]["content"]["application/json"]["schema"]["oneOf"].as_array().unwrap();
    let titles: Vec<&str> = variants.iter().map(|v| v["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["ChangeTicketStatus", "UpdateTicketRequest"]);
    let keys: Vec<&str> = variants.iter().map(|v| v["required"][0].as_str().unwrap()).collect();
    assert_eq!(keys, ["changeTicketStatus", "updateTicketRequest"], "each branch requires its own wrapper key");
}

#[test]
fn the_family_field_by_field_verbatim() {
    insta::assert_snapshot!("family-verbatim", summary(&run_verbatim(&[INPUT]).api));
}

#[test]
fn the_family_field_by_field_with_the_zstack_profile() {
    insta::assert_snapshot!("family-zstack", summary(&run(&[INPUT]).api));
}
