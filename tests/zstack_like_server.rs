//! The generated client against a server written by hand from what ZStack's REST server does
//! (zstack-facts.md, section 4), not from the generated server: so that the client is checked
//! against the facts, not against another piece of generated code that could share its mistakes.
//!
//! What the fake does, as RestServer does:
//! - `Authorization: OAuth <session>` is required (400 `missing header 'Authorization'`);
//! - an action on the shared path is found by its body key, case-sensitively (400 otherwise);
//! - an asynchronous call answers 202 with `{"location": "<base>/zstack/v1/api-jobs/<id>",
//!   "apiTimeout": ms}` and no `Location` header; the job answers 202 `{}` while it runs, then 200
//!   with the result, 503 with `{"error": ...}` on failure, 404 (text) once expired;
//! - GET and DELETE read their parameters from the query string only;
//! - a query reply carries `inventories`, `total` and a `schema` object;
//! - Gson writes dates as `Jun 7, 2017 9:20:28 PM` and leaves out null fields.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use serde_json::{Value, json};
use zstack_ticket_api::client::{Client, Error};
use zstack_ticket_api::types::*;

#[derive(Default)]
struct Fake {
    /// Job id → polls left before it is done, and its final status and body.
    jobs: Mutex<HashMap<String, (u32, u16, Value)>>,
    /// What the fake saw, for the assertions.
    seen: Mutex<Vec<String>>,
}

type Shared = Arc<Fake>;

fn text(status: u16, message: &str) -> Response {
    (StatusCode::from_u16(status).unwrap(), message.to_owned()).into_response()
}

fn json_response(status: u16, body: Value) -> Response {
    (StatusCode::from_u16(status).unwrap(), [("content-type", "application/json")], body.to_string()).into_response()
}

/// The rejection when the header is missing or of another scheme.
fn authorized(headers: &HeaderMap) -> Result<(), Box<Response>> {
    match headers.get("Authorization").and_then(|v| v.to_str().ok()) {
        None => Err(Box::new(text(400, "missing header 'Authorization'"))),
        Some(v) if v.starts_with("OAuth ") => Ok(()),
        Some(_) => Err(Box::new(text(400, "Authorization type must be 'OAuth'"))),
    }
}

fn inventory(uuid: &str, status: &str) -> Value {
    // Gson: no null fields, dates in its default format, integers as integers.
    json!({
        "uuid": uuid, "name": "ticket", "status": status,
        "request": [{"requestName": "create vm", "apiName": "org.zstack.header.vm.APICreateVmInstanceMsg", "executeTimes": 1, "apiBody": {"name": "vm"}}],
        "accountSystemType": "iam2", "createDate": "Jun 7, 2017 9:20:28 PM", "lastOpDate": "Jun 7, 2017 9:20:28 PM"
    })
}

async fn actions(State(fake): State<Shared>, Path(uuid): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    if let Err(r) = authorized(&headers) {
        return *r;
    }
    let Ok(body) = serde_json::from_slice::<Value>(&body) else { return text(400, "invalid JSON") };
    let host = headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or("localhost").to_owned();
    let (status, result) = if let Some(change) = body.get("changeTicketStatus") {
        fake.seen.lock().unwrap().push(format!("change {uuid} {change} tags={}", body["systemTags"]));
        match change["statusEvent"].as_str() {
            Some("reject") => (
                503,
                json!({"error": {"code": "SYS.1006", "description": "rejected", "cause": {"code": "TICKET.1001"}}}),
            ),
            _ => (200, json!({"inventory": inventory(&uuid, "FinalApproved")})),
        }
    } else if body.get("updateTicketRequest").is_some() {
        (200, json!({"inventory": inventory(&uuid, "Pending")}))
    } else {
        return text(400, "the body doesn't contain action mapping to the URL[/v1/tickets/{uuid}/actions]");
    };
    let id = format!("{:032x}", fake.jobs.lock().unwrap().len() + 1);
    fake.jobs.lock().unwrap().insert(id.clone(), (2, status, result));
    json_response(202, json!({"location": format!("http://{host}/zstack/v1/api-jobs/{id}"), "apiTimeout": 3_600_000}))
}

async fn job(State(fake): State<Shared>, Path(id): Path<String>) -> Response {
    let mut jobs = fake.jobs.lock().unwrap();
    let Some((polls, status, body)) = jobs.get_mut(&id) else { return text(404, "the job has been expired") };
    if *polls > 0 {
        *polls -= 1;
        return json_response(202, json!({}));
    }
    let (status, body) = (*status, body.clone());
    jobs.remove(&id);
    json_response(status, body)
}

async fn query(State(fake): State<Shared>, RawQuery(query): RawQuery, headers: HeaderMap) -> Response {
    if let Err(r) = authorized(&headers) {
        return *r;
    }
    let query = query.unwrap_or_default();
    fake.seen.lock().unwrap().push(format!("query {query}"));
    json_response(
        200,
        json!({"inventories": [inventory("t1", "Pending")], "total": 1, "schema": {"inventories[0].createDate": "java.sql.Timestamp"}}),
    )
}

async fn delete(
    State(fake): State<Shared>,
    Path(uuid): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(r) = authorized(&headers) {
        return *r;
    }
    // The server ignores a DELETE body; the parameters must be in the query string.
    fake.seen.lock().unwrap().push(format!("delete {uuid} query={} body={}", query.unwrap_or_default(), body.len()));
    let id = "d".repeat(32);
    fake.jobs.lock().unwrap().insert(id.clone(), (0, 200, json!({})));
    let host = headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or("localhost").to_owned();
    json_response(202, json!({"location": format!("http://{host}/zstack/v1/api-jobs/{id}"), "apiTimeout": 3_600_000}))
}

async fn start() -> (String, Shared) {
    let fake: Shared = Arc::default();
    let app = axum::Router::new()
        .route("/zstack/v1/tickets/{uuid}/actions", put(actions))
        .route("/zstack/v1/tickets", get(query))
        .route("/zstack/v1/tickets/{uuid}", axum::routing::delete(delete))
        .route("/zstack/v1/api-jobs/{id}", get(job))
        .with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{address}"), fake)
}

fn client(base: &str) -> Client {
    Client::new(base).with_session("b86c9016b4f24953a9edefb53ca0678c").with_poll_interval(Duration::from_millis(5))
}

fn change(event: &str) -> ChangeTicketStatusRequest {
    ChangeTicketStatusRequest {
        status_event: event.into(),
        comment: None,
        system_tags: Some(vec!["tag".into()]),
        user_tags: None,
    }
}

#[tokio::test]
async fn change_ticket_status_goes_through_the_job_protocol() {
    let (base, fake) = start().await;
    let done = client(&base).change_ticket_status("t1", &change("approve")).await.unwrap();
    let ticket = done.inventory.unwrap();
    assert_eq!(ticket.status, Some(TicketStatus::FinalApproved));
    assert_eq!(ticket.create_date.unwrap().as_str(), "Jun 7, 2017 9:20:28 PM");
    assert_eq!(ticket.request.unwrap()[0].execute_times, Some(1));
    // The body's key is the one the server looks up, and the tags sit at its root.
    assert_eq!(fake.seen.lock().unwrap()[0], r#"change t1 {"statusEvent":"approve"} tags=["tag"]"#);
}

#[tokio::test]
async fn a_failed_job_is_the_error_chain() {
    let (base, _) = start().await;
    let result = client(&base).change_ticket_status("t1", &change("reject")).await;
    let Err(Error::Api { status: 503, error }) = result else { panic!("{result:?}") };
    assert_eq!(error.code.as_deref(), Some("SYS.1006"));
    assert_eq!(error.cause.unwrap().code.as_deref(), Some("TICKET.1001"));
}

#[tokio::test]
async fn queries_read_inventories_and_ignore_the_schema_object() {
    let (base, fake) = start().await;
    let request = QueryTicketRequest {
        q: Some(vec!["status=Pending".into()]),
        limit: Some(10),
        sort: Some("-createDate".into()),
        ..Default::default()
    };
    let found = client(&base).query_ticket(&request).await.unwrap();
    assert_eq!((found.inventories.unwrap().len(), found.total), (1, Some(1)));
    let seen = fake.seen.lock().unwrap()[0].clone();
    for pair in ["q=status%3DPending", "limit=10", "sort=-createDate"] {
        assert!(seen.contains(pair), "{seen}");
    }
}

#[tokio::test]
async fn delete_parameters_travel_in_the_query_string_only() {
    let (base, fake) = start().await;
    let request = DeleteTicketRequest { delete_mode: Some(DeleteMode::Enforcing), ..Default::default() };
    client(&base).delete_ticket("t9", &request).await.unwrap();
    assert_eq!(fake.seen.lock().unwrap()[0], "delete t9 query=deleteMode=Enforcing body=0");
}

#[tokio::test]
async fn the_servers_own_errors_are_plain_text() {
    let (base, _) = start().await;
    let anonymous = Client::new(&base).query_ticket(&Default::default()).await;
    let Err(Error::Http { status: 400, body }) = anonymous else { panic!("{anonymous:?}") };
    assert_eq!(body, "missing header 'Authorization'");
    let expired =
        reqwest::Client::new().get(format!("{base}/zstack/v1/api-jobs/{}", "e".repeat(32))).send().await.unwrap();
    assert_eq!(
        (expired.status().as_u16(), expired.text().await.unwrap()),
        (404, "the job has been expired".to_owned())
    );
}
