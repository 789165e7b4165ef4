//! Every JSON example on every page decodes into its generated type and encodes back to an equal
//! JSON value.
//!
//! The known exceptions, each applied on both sides of the comparison:
//! - Whole-number decimals (`"executeTimes": 1.0`, how the doc generator writes integers) decode as
//!   integers and encode as `1`: both sides are compared with such decimals read as integers.
//! - A request example shows the body on the wire, with the wrapper object; the generated request
//!   struct holds the wrapper's fields beside the others (the `Wire` puts them back): both sides are
//!   compared flattened. The Explorer's lower-cased wrapper key thus does not matter here; the
//!   profile's key is checked by `the_wire_layout_puts_the_wrapper_back`.
//! - An Explorer request example is a template: `["<flows>"]` stands for a list of any element
//!   type. Where such a placeholder element does not decode, it is left out of the comparison (and
//!   only then).
//! - A DELETE page's example sends its parameters as a body; the server reads them from the query
//!   string, where the request struct puts them. The fields are the same.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use zstack_ticket_api::runtime::{decode_value, normalize};
use zstack_ticket_api::types::*;

fn roundtrip<T: DeserializeOwned + Serialize>(value: Value) -> Result<Value, String> {
    let typed: T = decode_value(value)?;
    serde_json::to_value(typed).map_err(|e| e.to_string())
}

type RoundTrip = fn(Value) -> Result<Value, String>;

macro_rules! operations {
    ($($id:literal => $request:ident, $response:ident;)*) => {
        /// The request and response round trips of an operation id.
        fn types_of(id: &str) -> Option<(RoundTrip, RoundTrip)> {
            match id {
                $($id => Some((roundtrip::<$request> as RoundTrip, roundtrip::<$response> as RoundTrip)),)*
                _ => None,
            }
        }
    };
}

operations! {
    "AddIAM2TicketFlow" => AddIam2TicketFlowRequest, AddIam2TicketFlowResponse;
    "AddTicketTypesToTicketFlowCollection" => AddTicketTypesToTicketFlowCollectionRequest, AddTicketTypesToTicketFlowCollectionResponse;
    "ChangeTicketFlowCollectionState" => ChangeTicketFlowCollectionStateRequest, ChangeTicketFlowCollectionStateResponse;
    "ChangeTicketStatus" => ChangeTicketStatusRequest, ChangeTicketStatusResponse;
    "CreateIAM2TickFlowCollection" => CreateIam2TickFlowCollectionRequest, CreateIam2TickFlowCollectionResponse;
    "CreateTicket" => CreateTicketRequest, CreateTicketResponse;
    "DeleteIAM2TicketFlow" => DeleteIam2TicketFlowRequest, DeleteIam2TicketFlowResponse;
    "DeleteTicket" => DeleteTicketRequest, DeleteTicketResponse;
    "DeleteTicketFlowCollection" => DeleteTicketFlowCollectionRequest, DeleteTicketFlowCollectionResponse;
    "LogInByAccount" => LogInByAccountRequest, LogInByAccountResponse;
    "LogOut" => LogOutRequest, LogOutResponse;
    "QueryArchiveTicket" => QueryArchiveTicketRequest, QueryArchiveTicketResponse;
    "QueryArchiveTicketHistory" => QueryArchiveTicketHistoryRequest, QueryArchiveTicketHistoryResponse;
    "QueryTicket" => QueryTicketRequest, QueryTicketResponse;
    "QueryTicketFlow" => QueryTicketFlowRequest, QueryTicketFlowResponse;
    "QueryTicketFlowCollection" => QueryTicketFlowCollectionRequest, QueryTicketFlowCollectionResponse;
    "QueryTicketHistory" => QueryTicketHistoryRequest, QueryTicketHistoryResponse;
    "QueryTicketType" => QueryTicketTypeRequest, QueryTicketTypeResponse;
    "RemoveTicketTypesFromTicketFlowCollection" => RemoveTicketTypesFromTicketFlowCollectionRequest, RemoveTicketTypesFromTicketFlowCollectionResponse;
    "UpdateIAM2TicketFlow" => UpdateIam2TicketFlowRequest, UpdateIam2TicketFlowResponse;
    "UpdateIAM2TicketFlowCollection" => UpdateIam2TicketFlowCollectionRequest, UpdateIam2TicketFlowCollectionResponse;
    "UpdateTicketRequest" => UpdateTicketRequestRequest, UpdateTicketRequestResponse;
    "ValidateSession" => ValidateSessionRequest, ValidateSessionResponse;
}

/// The wrapper's fields moved to the root, beside the others.
fn flatten(body: &Value, wrapper: Option<&str>) -> Value {
    let mut root = body.as_object().cloned().unwrap_or_default();
    if let Some(Value::Object(inner)) = wrapper.and_then(|w| root.remove(w)) {
        root.extend(inner);
    }
    Value::Object(root)
}

fn normalized(mut value: Value) -> Value {
    normalize(&mut value);
    value
}

fn check(what: String, original: Value, roundtrip: RoundTrip, checked: &mut Vec<String>) {
    let (original, back) = match roundtrip(original.clone()) {
        Ok(back) => (original, back),
        Err(first) => {
            let filled = without_placeholders(&original);
            assert_ne!(filled, original, "{what}: does not decode: {first}");
            let back = roundtrip(filled.clone()).unwrap_or_else(|e| panic!("{what}: does not decode: {e}"));
            (filled, back)
        }
    };
    assert_eq!(normalized(back), normalized(original), "{what}");
    checked.push(what);
}

/// The value with every `"<name>"` placeholder that stands for a list element left out (the
/// Explorer writes `["<flows>"]` whatever the element's type).
fn without_placeholders(value: &Value) -> Value {
    let placeholder = |v: &Value| v.as_str().is_some_and(|s| s.starts_with('<') && s.ends_with('>'));
    match value {
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), without_placeholders(v))).collect()),
        Value::Array(items) => {
            Value::Array(items.iter().filter(|v| !placeholder(v)).map(without_placeholders).collect())
        }
        other => other.clone(),
    }
}

#[test]
fn every_example_on_every_page_round_trips_through_its_type() {
    let mut diags = docs2api::Diagnostics::new();
    let pages = docs2api::internals::discover(&["docs-input".into()], &mut diags).unwrap();
    let mut checked = Vec::new();
    for page in &pages {
        let facts = docs2api::internals::read_page(page, &mut diags).expect("every page reads");
        let id = facts.operation_id.clone().unwrap();
        let (request, response) = types_of(&id).unwrap_or_else(|| panic!("{id}: no generated types"));
        if let Some(body) = facts.request_body_example() {
            let flat = flatten(body, facts.wrapper.as_deref());
            check(format!("{} request", page.name), flat, request, &mut checked);
        }
        for (status, example) in &facts.response_examples {
            let at = &example.source;
            match status {
                Some(200) => check(format!("{at} response"), example.value.clone(), response, &mut checked),
                // The error structure: its `error` is the API's error type.
                _ => {
                    let error = example.value["error"].clone();
                    check(format!("{at} error"), error, roundtrip::<ErrorCode>, &mut checked);
                }
            }
        }
    }
    // 20 Explorer and 12 Dev Guide pages; every page has a response example, most a request.
    assert!(checked.iter().filter(|c| c.ends_with("response")).count() >= 32, "{checked:#?}");
    assert!(checked.iter().filter(|c| c.ends_with("request")).count() >= 20, "{checked:#?}");
    assert!(checked.iter().any(|c| c.ends_with("error")), "{checked:#?}");
}

/// The generated wire layout puts the wrapper's fields back under the key the server reads.
#[test]
fn the_wire_layout_puts_the_wrapper_back() {
    let request = ChangeTicketStatusRequest {
        status_event: TicketStatusEvent::Approve,
        comment: Some("this is the comment".into()),
        system_tags: Some(vec![]),
        user_tags: None,
    };
    let (body, query) = CHANGE_TICKET_STATUS_WIRE.split(serde_json::to_value(&request).unwrap());
    assert_eq!(
        body,
        Some(
            serde_json::json!({"changeTicketStatus": {"statusEvent": "approve", "comment": "this is the comment"}, "systemTags": []})
        )
    );
    assert!(query.is_empty());
    let delete = DeleteTicketRequest { delete_mode: Some(DeleteMode::Permissive), ..Default::default() };
    let (body, query) = DELETE_TICKET_WIRE.split(serde_json::to_value(&delete).unwrap());
    assert_eq!((body, query), (None, vec![("deleteMode".to_owned(), "Permissive".to_owned())]));
}

/// Values the pages do not list still decode, and encode back unchanged.
#[test]
fn unlisted_enum_values_and_absent_or_null_fields_decode() {
    let status: TicketStatus = serde_json::from_value(serde_json::json!("Archived")).unwrap();
    assert_eq!(status, TicketStatus::Other("Archived".into()));
    assert_eq!(serde_json::to_value(&status).unwrap(), serde_json::json!("Archived"));
    let absent: TicketInventory = decode_value(serde_json::json!({})).unwrap();
    let null: TicketInventory = decode_value(serde_json::json!({"uuid": null, "status": null})).unwrap();
    assert_eq!(absent, null);
    assert_eq!(serde_json::to_value(&absent).unwrap(), serde_json::json!({}), "absent fields stay absent");
    let date: TicketInventory = decode_value(serde_json::json!({"createDate": "Jun 7, 2017 9:20:28 PM"})).unwrap();
    assert_eq!(date.create_date.unwrap().as_str(), "Jun 7, 2017 9:20:28 PM");
    assert_eq!(zstack_ticket_api::runtime::Timestamp::FORMAT, Some("MMM d, yyyy h:mm:ss a"));
}
