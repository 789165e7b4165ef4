//! The generated client against the generated server, on 127.0.0.1: every ticket operation, the
//! asynchronous job protocol, failures with the error chain, plain-text errors, a missing session,
//! an expired job, path encoding, malformed responses and timeouts; sessions: the login helper
//! against the mock's sessions and against a server's own session check.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use zstack_ticket_api::client::Password;
use zstack_ticket_api::client::{Client, Error};
use zstack_ticket_api::server::{
    AccountOperations, Context, Mock, Routes, ServerConfig, ServerError, Sessions, TicketOperations, mock_router,
    ticket_operations_router,
};
use zstack_ticket_api::types::*;

const SESSION: &str = "b86c9016b4f24953a9edefb53ca0678c";

/// What the test implementation does for the operations it implements itself.
#[derive(Clone, Copy, Default, PartialEq)]
enum Mode {
    /// Answer with the pages' examples.
    #[default]
    Examples,
    /// Fail with an error whose cause has a cause.
    Fail,
    /// Reject the request as a bad one.
    BadRequest,
    /// Take two seconds.
    Slow,
    /// Answer queries of tickets from `PAGED` tickets, a page at a time.
    Paged,
}

/// How many tickets `Mode::Paged` holds: more than two pages of the streams' default size.
const PAGED: usize = 250;

/// Records what reached the server, and answers as its mode says.
#[derive(Clone, Default)]
struct Recorder {
    seen: Arc<Mutex<Vec<String>>>,
    mode: Mode,
}

impl Recorder {
    fn with_mode(mode: Mode) -> Self {
        Recorder { mode, ..Recorder::default() }
    }

    fn record(&self, what: String) {
        self.seen.lock().unwrap().push(what);
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }

    async fn act<T>(&self, example: impl Future<Output = Result<T, ServerError>>) -> Result<T, ServerError> {
        match self.mode {
            Mode::Examples => example.await,
            Mode::Fail => Err(ServerError::Api(error_chain())),
            Mode::BadRequest => Err(ServerError::BadRequest("the ticket is closed".into())),
            Mode::Slow => {
                tokio::time::sleep(Duration::from_secs(2)).await;
                example.await
            }
            Mode::Paged => example.await,
        }
    }
}

fn error_chain() -> ErrorCode {
    let code = |code: &str, cause: Option<ErrorCode>| ErrorCode {
        code: Some(code.into()),
        description: Some(format!("{code} happened")),
        details: None,
        elaboration: None,
        opaque: None,
        cause: cause.map(Box::new),
    };
    code("SYS.1006", Some(code("TICKET.1001", Some(code("HOST.1001", None)))))
}

/// The mock the test services hand the operations they do not watch to (it lives as long as
/// their futures).
static MOCK: std::sync::LazyLock<Mock> = std::sync::LazyLock::new(Mock::default);

/// The operations the tests do not watch answer as the mock does.
macro_rules! delegate {
    ($($name:ident($($arg:ident),*): $req:ident => $resp:ident;)*) => {
        $(
            fn $name(&self, context: Context, $($arg: String,)* request: $req) -> impl Future<Output = Result<$resp, ServerError>> + Send {
                MOCK.$name(context, $($arg,)* request)
            }
        )*
    };
}

impl TicketOperations for Recorder {
    delegate! {
        add_iam2_ticket_flow(): AddIam2TicketFlowRequest => AddIam2TicketFlowResponse;
        add_ticket_types_to_ticket_flow_collection(ticket_flow_collection_uuid): AddTicketTypesToTicketFlowCollectionRequest => AddTicketTypesToTicketFlowCollectionResponse;
        change_ticket_flow_collection_state(uuid): ChangeTicketFlowCollectionStateRequest => ChangeTicketFlowCollectionStateResponse;
        create_iam2_tick_flow_collection(): CreateIam2TickFlowCollectionRequest => CreateIam2TickFlowCollectionResponse;
        create_ticket(): CreateTicketRequest => CreateTicketResponse;
        delete_iam2_ticket_flow(uuid): DeleteIam2TicketFlowRequest => DeleteIam2TicketFlowResponse;
        delete_ticket_flow_collection(uuid): DeleteTicketFlowCollectionRequest => DeleteTicketFlowCollectionResponse;
        query_archive_ticket(): QueryArchiveTicketRequest => QueryArchiveTicketResponse;
        query_archive_ticket_history(): QueryArchiveTicketHistoryRequest => QueryArchiveTicketHistoryResponse;
        query_ticket_flow(): QueryTicketFlowRequest => QueryTicketFlowResponse;
        query_ticket_flow_collection(): QueryTicketFlowCollectionRequest => QueryTicketFlowCollectionResponse;
        query_ticket_history(): QueryTicketHistoryRequest => QueryTicketHistoryResponse;
        query_ticket_type(): QueryTicketTypeRequest => QueryTicketTypeResponse;
        remove_ticket_types_from_ticket_flow_collection(ticket_flow_collection_uuid): RemoveTicketTypesFromTicketFlowCollectionRequest => RemoveTicketTypesFromTicketFlowCollectionResponse;
        update_iam2_ticket_flow(uuid): UpdateIam2TicketFlowRequest => UpdateIam2TicketFlowResponse;
        update_iam2_ticket_flow_collection(uuid): UpdateIam2TicketFlowCollectionRequest => UpdateIam2TicketFlowCollectionResponse;
        update_ticket_request(uuid): UpdateTicketRequestRequest => UpdateTicketRequestResponse;
    }

    async fn change_ticket_status(
        &self,
        context: Context,
        uuid: String,
        request: ChangeTicketStatusRequest,
    ) -> Result<ChangeTicketStatusResponse, ServerError> {
        self.record(format!("change {uuid} {} {:?} {:?}", request.status_event, request.comment, context.session));
        self.act(MOCK.change_ticket_status(context, uuid, request)).await
    }

    async fn query_ticket(
        &self,
        context: Context,
        request: QueryTicketRequest,
    ) -> Result<QueryTicketResponse, ServerError> {
        let path = if context.path.is_empty() { String::new() } else { format!(" {:?}", context.path) };
        if self.mode == Mode::Paged {
            return Ok(self.page(&request));
        }
        self.record(format!("query {:?} {:?} {:?} {:?}{path}", request.q, request.limit, request.sort, request.fields));
        self.act(MOCK.query_ticket(context, request)).await
    }

    async fn delete_ticket(
        &self,
        context: Context,
        uuid: String,
        request: DeleteTicketRequest,
    ) -> Result<DeleteTicketResponse, ServerError> {
        self.record(format!("delete {uuid} {:?}", request.delete_mode));
        self.act(MOCK.delete_ticket(context, uuid, request)).await
    }
}

impl Recorder {
    /// A page of `PAGED` tickets as ZStack answers a query: from `start`, at most `limit`, and the
    /// total when `replyWithCount` asks for it.
    fn page(&self, request: &QueryTicketRequest) -> QueryTicketResponse {
        let (start, limit) = (request.start.unwrap_or(0), request.limit.unwrap_or(1000));
        self.record(format!("page {start} {limit} {:?}", request.reply_with_count));
        let (start, limit) = (usize::try_from(start).unwrap(), usize::try_from(limit).unwrap());
        let tickets = (start..PAGED.min(start + limit))
            .map(|i| TicketInventory { uuid: Some(format!("ticket-{i}")), ..TicketInventory::default() })
            .collect();
        let total = (request.reply_with_count == Some(true)).then_some(PAGED as i64);
        QueryTicketResponse { inventories: Some(tickets), total }
    }
}

/// Serves `service` on an ephemeral loopback port and returns the base URL.
async fn serve<T: TicketOperations>(service: T, config: ServerConfig) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, ticket_operations_router(service, config)).await });
    format!("http://{address}")
}

fn client(base: &str) -> Client {
    Client::new(base)
        .with_session(SESSION)
        .with_poll_interval(Duration::from_millis(5))
        .with_timeout(Duration::from_secs(10))
}

fn change(event: TicketStatusEvent) -> ChangeTicketStatusRequest {
    ChangeTicketStatusRequest { status_event: event, comment: Some("ok".into()), system_tags: None, user_tags: None }
}

#[tokio::test]
async fn every_ticket_operation_answers_through_the_client() {
    let base = serve(Recorder::default(), ServerConfig::default()).await;
    let c = client(&base);
    let u = "5b8a1c3e9d2f4e7a8b6c0d1e2f3a4b5c";
    let inventory = c.change_ticket_status(u, &change(TicketStatusEvent::Approve)).await.unwrap().inventory.unwrap();
    assert_eq!(inventory.status, Some(TicketStatus::IntermediateApproved));
    assert_eq!(inventory.request.unwrap()[0].execute_times, Some(1), "1.0 on the page is an integer");
    assert!(c.update_ticket_request(u, &Default::default()).await.unwrap().inventory.is_some());
    assert!(c.create_ticket(&Default::default()).await.unwrap().inventory.is_some());
    c.delete_ticket(u, &Default::default()).await.unwrap();
    let tickets = c.query_ticket(&Default::default()).await.unwrap();
    assert_eq!(tickets.inventories.unwrap().len(), 1);
    assert!(c.query_ticket_history(&Default::default()).await.unwrap().inventories.is_some());
    assert!(c.query_archive_ticket(&Default::default()).await.unwrap().inventories.is_some());
    assert!(c.query_archive_ticket_history(&Default::default()).await.unwrap().inventories.is_some());
    assert!(c.query_ticket_type(&Default::default()).await.unwrap().inventories.is_some());
    assert!(c.query_ticket_flow(&Default::default()).await.unwrap().inventories.is_some());
    assert!(c.query_ticket_flow_collection(&Default::default()).await.unwrap().inventories.is_some());
    assert!(c.create_iam2_tick_flow_collection(&Default::default()).await.unwrap().inventory.is_some());
    assert!(c.update_iam2_ticket_flow_collection(u, &Default::default()).await.unwrap().inventory.is_some());
    let state =
        ChangeTicketFlowCollectionStateRequest { state_event: StateEvent::Disable, system_tags: None, user_tags: None };
    assert!(c.change_ticket_flow_collection_state(u, &state).await.unwrap().inventory.is_some());
    c.delete_ticket_flow_collection(u, &Default::default()).await.unwrap();
    c.add_ticket_types_to_ticket_flow_collection(u, &Default::default()).await.unwrap();
    // A required list is a repeated query parameter: it must have an element to be sent at all.
    let types =
        RemoveTicketTypesFromTicketFlowCollectionRequest { ticket_type_uuids: vec!["t1".into()], ..Default::default() };
    c.remove_ticket_types_from_ticket_flow_collection(u, &types).await.unwrap();
    let empty = c.remove_ticket_types_from_ticket_flow_collection(u, &Default::default()).await;
    assert!(matches!(empty, Err(Error::Http { status: 400, .. })), "{empty:?}");
    assert!(c.add_iam2_ticket_flow(&Default::default()).await.unwrap().inventory.is_some());
    assert!(c.update_iam2_ticket_flow(u, &Default::default()).await.unwrap().inventory.is_some());
    c.delete_iam2_ticket_flow(u, &Default::default()).await.unwrap();
}

#[tokio::test]
async fn an_asynchronous_call_answers_202_and_the_client_polls_the_job() {
    let recorder = Recorder::default();
    let base = serve(recorder.clone(), ServerConfig::default()).await;
    // On the wire: 202 with the job's location in the body, then the job URL.
    let raw = reqwest::Client::new();
    let body = r#"{"changeTicketStatus":{"statusEvent":"approve"},"systemTags":["a"]}"#;
    let accepted = raw
        .put(format!("{base}/zstack/v1/tickets/t1/actions"))
        .header("Authorization", format!("OAuth {SESSION}"))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status().as_u16(), 202);
    let job: serde_json::Value = serde_json::from_slice(&accepted.bytes().await.unwrap()).unwrap();
    let location = job["location"].as_str().unwrap().to_owned();
    assert!(location.starts_with(&format!("{base}/zstack/v1/api-jobs/")), "{location}");
    assert!(job["apiTimeout"].is_i64());
    let mut status = 202;
    for _ in 0..200 {
        status = raw.get(&location).send().await.unwrap().status().as_u16();
        if status != 202 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(status, 200);
    // Through the client: the same, polled for us; the session reached the implementation.
    let done = client(&base).change_ticket_status("t2", &change(TicketStatusEvent::Reject)).await.unwrap();
    assert!(done.inventory.is_some());
    assert_eq!(recorder.seen()[1], format!("change t2 reject Some(\"ok\") Some(\"{SESSION}\")"));
}

#[tokio::test]
async fn a_failed_call_is_a_typed_error_with_the_whole_error_chain() {
    let base = serve(Recorder::with_mode(Mode::Fail), ServerConfig::default()).await;
    let c = client(&base);
    // Asynchronous: the failure arrives from the job. Synchronous: at once.
    for result in [
        c.change_ticket_status("t", &change(TicketStatusEvent::Cancel)).await.map(|_| ()),
        c.query_ticket(&Default::default()).await.map(|_| ()),
    ] {
        let Err(Error::Api { status, error }) = result else { panic!("expected an API error, got {result:?}") };
        assert_eq!(status, 503);
        let mut codes = vec![error.code.clone().unwrap()];
        let mut cause = error.cause.as_deref();
        while let Some(e) = cause {
            codes.push(e.code.clone().unwrap());
            cause = e.cause.as_deref();
        }
        assert_eq!(codes, ["SYS.1006", "TICKET.1001", "HOST.1001"]);
    }
}

#[tokio::test]
async fn plain_text_errors_keep_their_status_and_text() {
    let base = serve(Recorder::with_mode(Mode::BadRequest), ServerConfig::default()).await;
    let result = client(&base).query_ticket(&Default::default()).await;
    let Err(Error::Http { status: 400, body }) = result else { panic!("{result:?}") };
    assert_eq!(body, "the ticket is closed");
}

#[tokio::test]
async fn a_missing_or_malformed_session_is_a_400_from_the_server() {
    let base = serve(Recorder::default(), ServerConfig::default()).await;
    let no_session = Client::new(&base).with_poll_interval(Duration::from_millis(5));
    let result = no_session.query_ticket(&Default::default()).await;
    let Err(Error::Http { status: 400, body }) = result else { panic!("{result:?}") };
    assert_eq!(body, "missing header 'Authorization'");
    let raw = reqwest::Client::new();
    let wrong = raw.get(format!("{base}/zstack/v1/tickets")).header("Authorization", "Bearer x").send().await.unwrap();
    assert_eq!(wrong.status().as_u16(), 400);
    assert_eq!(wrong.text().await.unwrap(), "Authorization type must be 'OAuth'");
}

#[tokio::test]
async fn malformed_requests_are_rejected_with_plain_text() {
    let base = serve(Recorder::default(), ServerConfig::default()).await;
    let raw = reqwest::Client::new();
    let put = |body: &'static str| {
        raw.put(format!("{base}/zstack/v1/tickets/t/actions"))
            .header("Authorization", format!("OAuth {SESSION}"))
            .body(body)
    };
    // The Explorer's lower-cased key is not the action's key: the server cannot tell the action.
    let lower = put(r#"{"changeticketstatus":{"statusEvent":"approve"}}"#).send().await.unwrap();
    assert_eq!(lower.status().as_u16(), 400);
    assert!(lower.text().await.unwrap().contains("`changeTicketStatus`"));
    let broken = put("{not json").send().await.unwrap();
    assert_eq!(broken.status().as_u16(), 400);
    assert!(broken.text().await.unwrap().starts_with("the body is not valid JSON"));
    let wrong_type = put(r#"{"changeTicketStatus":{"statusEvent":7}}"#).send().await.unwrap();
    assert_eq!(wrong_type.status().as_u16(), 400);
    let query = raw
        .get(format!("{base}/zstack/v1/tickets?limit=ten"))
        .header("Authorization", format!("OAuth {SESSION}"))
        .send()
        .await
        .unwrap();
    assert_eq!(query.status().as_u16(), 400);
    assert_eq!(query.text().await.unwrap(), "the query parameter `limit` is `ten`, not an integer");
}

#[tokio::test]
async fn an_expired_job_is_its_own_error() {
    let config = ServerConfig { job_ttl: Some(Duration::ZERO), ..ServerConfig::default() };
    let base = serve(Recorder::default(), config).await;
    let result = client(&base).change_ticket_status("t", &change(TicketStatusEvent::Open)).await;
    let Err(Error::JobExpired { location }) = result else { panic!("{result:?}") };
    assert!(location.contains("/zstack/v1/api-jobs/"));
}

#[tokio::test]
async fn path_parameters_reach_the_server_as_one_segment() {
    let recorder = Recorder::default();
    let base = serve(recorder.clone(), ServerConfig::default()).await;
    let c = client(&base);
    for uuid in ["../x", "a/b", "?x=1#y", "ü é"] {
        c.delete_ticket(uuid, &DeleteTicketRequest { delete_mode: Some(DeleteMode::Enforcing), ..Default::default() })
            .await
            .unwrap();
    }
    let seen = recorder.seen();
    assert_eq!(
        seen,
        [
            "delete ../x Some(Enforcing)",
            "delete a/b Some(Enforcing)",
            "delete ?x=1#y Some(Enforcing)",
            "delete ü é Some(Enforcing)"
        ]
    );
    for bad in ["", ".", ".."] {
        let result = c.delete_ticket(bad, &Default::default()).await;
        assert!(matches!(result, Err(Error::InvalidParameter { .. })), "{bad:?}: {result:?}");
    }
    assert_eq!(recorder.seen().len(), 4, "refused values never reach the server");
}

#[tokio::test]
async fn query_parameters_are_encoded_and_repeated() {
    let recorder = Recorder::default();
    let base = serve(recorder.clone(), ServerConfig::default()).await;
    let request = QueryTicketRequest {
        q: Some(vec!["name=ticket".into(), "uuid?=a,b".into(), "description~=%50&x".into()]),
        limit: Some(5),
        sort: Some("-createDate".into()),
        fields: Some(vec!["uuid".into(), "name".into()]),
        ..Default::default()
    };
    client(&base).query_ticket(&request).await.unwrap();
    assert_eq!(
        recorder.seen(),
        [
            r#"query Some(["name=ticket", "uuid?=a,b", "description~=%50&x"]) Some(5) Some("-createDate") Some(["uuid", "name"])"#
        ]
    );
}

/// A server that answers a fixed status and body on every path.
async fn fixed(status: u16, body: &'static str) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = axum::Router::new().fallback(move || async move {
        (axum::http::StatusCode::from_u16(status).unwrap(), [("content-type", "application/json")], body)
    });
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{address}")
}

#[tokio::test]
async fn a_response_of_the_wrong_shape_is_an_error_value() {
    for (status, body) in [
        (200, r#"{"inventories": "not a list"}"#),
        (200, "<html>proxy error</html>"),
        (200, r#"{"inventories": [{"createDate": 5}]}"#),
        (202, r#"{"no": "location"}"#),
        (503, r#"{"error": "not an object"}"#),
    ] {
        let base = fixed(status, body).await;
        let result = client(&base).query_ticket(&Default::default()).await;
        match (status, result) {
            (503, Err(Error::Http { status: 503, body: b })) => assert_eq!(b, body),
            (_, Err(Error::Decode { status: s, body: b, .. })) => assert_eq!((s, b.as_str()), (status, body)),
            (_, other) => panic!("{status} {body}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn timeouts_and_connection_failures_are_their_own_errors() {
    let base = serve(Recorder::with_mode(Mode::Slow), ServerConfig::default()).await;
    let quick = client(&base).with_timeout(Duration::from_millis(200));
    assert!(matches!(quick.query_ticket(&Default::default()).await, Err(Error::Timeout { .. })));
    // An asynchronous call whose job does not finish in time.
    let result = quick.change_ticket_status("t", &change(TicketStatusEvent::Open)).await;
    assert!(matches!(result, Err(Error::Timeout { .. })), "{result:?}");
    // Nothing listens on this port.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let result = client(&closed).query_ticket(&Default::default()).await;
    assert!(matches!(result, Err(Error::Connection { .. })), "{result:?}");
}

#[test]
fn the_session_never_shows_in_debug_output() {
    let c = client("http://127.0.0.1:1");
    let shown = format!("{c:?}");
    assert!(!shown.contains(SESSION), "{shown}");
    assert!(shown.contains("<redacted>"));
}

/// A server that records the raw query string of each request and answers `{}`.
async fn recording() -> (String, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let store = seen.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = axum::Router::new().fallback(move |axum::extract::RawQuery(query): axum::extract::RawQuery| {
        let store = store.clone();
        async move {
            store.lock().unwrap().push(query.unwrap_or_default());
            ([("content-type", "application/json")], "{}")
        }
    });
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{address}"), seen)
}

#[tokio::test]
async fn lists_travel_as_the_server_reads_them() {
    let (base, seen) = recording().await;
    let request = QueryTicketRequest {
        q: Some(vec!["name=ticket".into(), "uuid?=a,b".into()]),
        fields: Some(vec!["uuid".into(), "name".into()]),
        ..Default::default()
    };
    client(&base).query_ticket(&request).await.unwrap();
    // `q` repeats its key; `fields` is one comma-separated value (the profile's list style).
    let raw = seen.lock().unwrap()[0].clone();
    let mut pairs: Vec<&str> = raw.split('&').collect();
    pairs.sort_unstable();
    assert_eq!(pairs, ["fields=uuid%2Cname", "q=name%3Dticket", "q=uuid%3F%3Da%2Cb"], "{raw}");
}

#[tokio::test]
async fn a_further_path_of_an_operation_is_a_method_of_its_own() {
    let recorder = Recorder::default();
    let base = serve(recorder.clone(), ServerConfig::default()).await;
    let request = QueryTicketRequest { limit: Some(1), ..Default::default() };
    let tickets = client(&base).query_ticket_by_uuid("a/b", &request).await.unwrap();
    assert!(tickets.inventories.is_some());
    assert_eq!(recorder.seen(), [r#"query None Some(1) None None {"uuid": "a/b"}"#]);
}

/// Serves a router on an ephemeral loopback port and returns the base URL.
async fn serve_router(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{address}")
}

/// The failure ZStack answers to a session it does not know (the zstack profile's
/// `unknown-session`): 503 with `ID.1001`.
async fn assert_unknown_session(client: &Client) {
    let result = client.query_ticket(&Default::default()).await;
    let Err(Error::Api { status: 503, error }) = result else { panic!("{result:?}") };
    assert_eq!((error.code.as_deref(), error.description.as_deref()), (Some("ID.1001"), Some("Session expired")));
}

#[tokio::test]
async fn the_login_helper_keeps_the_mocks_session_until_log_out() {
    let base = serve_router(mock_router(ServerConfig::default())).await;
    let client = Client::new(&base).with_poll_interval(Duration::from_millis(5));
    assert_unknown_session(&client.clone().with_session(SESSION)).await;
    let reply = client.log_in_by_account("admin", "password").await.unwrap();
    let session = client.session().expect("the client keeps the session");
    assert_eq!(reply.inventory.and_then(|i| i.uuid), Some(session.clone()));
    let clone = client.clone();
    assert_eq!(clone.query_ticket(&Default::default()).await.unwrap().inventories.map(|i| i.len()), Some(1));
    clone.log_out().await.unwrap();
    assert_eq!((client.session(), clone.session()), (None, None), "the clones forget it together");
    assert_unknown_session(&Client::new(&base).with_session(&session)).await;
    let result = client.log_out().await;
    assert!(matches!(result, Err(Error::InvalidParameter { .. })), "{result:?}");
}

#[tokio::test]
async fn the_mock_rejects_a_missing_header_and_another_scheme_and_accepts_given_sessions() {
    let config = ServerConfig { session_check: Some(Sessions::new([SESSION]).check()), ..ServerConfig::default() };
    let base = serve_router(mock_router(config)).await;
    client(&base).query_ticket(&Default::default()).await.unwrap();
    let raw = reqwest::Client::new();
    let url = format!("{base}/zstack/v1/tickets");
    let missing = raw.get(&url).send().await.unwrap();
    assert_eq!(
        (missing.status().as_u16(), missing.text().await.unwrap()),
        (400, "missing header 'Authorization'".into())
    );
    let wrong = raw.get(&url).header("Authorization", format!("Bearer {SESSION}")).send().await.unwrap();
    assert_eq!(
        (wrong.status().as_u16(), wrong.text().await.unwrap()),
        (400, "Authorization type must be 'OAuth'".into())
    );
}

/// A server's own accounts: one account, whose password arrives as its SHA-512 hex digest; the
/// sessions it opens go into the store the router's session check reads.
#[derive(Clone)]
struct Accounts {
    sessions: Sessions,
    passwords: Arc<Mutex<Vec<String>>>,
}

impl AccountOperations for Accounts {
    async fn log_in_by_account(
        &self,
        _: Context,
        request: LogInByAccountRequest,
    ) -> Result<LogInByAccountResponse, ServerError> {
        self.passwords.lock().unwrap().push(request.password);
        let inventory: SessionInventory =
            serde_json::from_value(serde_json::json!({"uuid": self.sessions.issue()})).unwrap();
        Ok(LogInByAccountResponse { inventory: Some(inventory) })
    }

    async fn log_out(&self, _: Context, session_uuid: String, _: LogOutRequest) -> Result<LogOutResponse, ServerError> {
        self.sessions.end(&session_uuid);
        Ok(serde_json::from_value(serde_json::json!({})).unwrap())
    }

    async fn validate_session(
        &self,
        _: Context,
        session_uuid: String,
        _: ValidateSessionRequest,
    ) -> Result<ValidateSessionResponse, ServerError> {
        Ok(ValidateSessionResponse { valid: Some(self.sessions.contains(&session_uuid)) })
    }
}

/// The ticket operations answer as the mock does.
impl TicketOperations for Accounts {
    delegate! {
        add_iam2_ticket_flow(): AddIam2TicketFlowRequest => AddIam2TicketFlowResponse;
        add_ticket_types_to_ticket_flow_collection(ticket_flow_collection_uuid): AddTicketTypesToTicketFlowCollectionRequest => AddTicketTypesToTicketFlowCollectionResponse;
        change_ticket_flow_collection_state(uuid): ChangeTicketFlowCollectionStateRequest => ChangeTicketFlowCollectionStateResponse;
        create_iam2_tick_flow_collection(): CreateIam2TickFlowCollectionRequest => CreateIam2TickFlowCollectionResponse;
        create_ticket(): CreateTicketRequest => CreateTicketResponse;
        delete_iam2_ticket_flow(uuid): DeleteIam2TicketFlowRequest => DeleteIam2TicketFlowResponse;
        delete_ticket_flow_collection(uuid): DeleteTicketFlowCollectionRequest => DeleteTicketFlowCollectionResponse;
        query_archive_ticket(): QueryArchiveTicketRequest => QueryArchiveTicketResponse;
        query_archive_ticket_history(): QueryArchiveTicketHistoryRequest => QueryArchiveTicketHistoryResponse;
        query_ticket_flow(): QueryTicketFlowRequest => QueryTicketFlowResponse;
        query_ticket_flow_collection(): QueryTicketFlowCollectionRequest => QueryTicketFlowCollectionResponse;
        query_ticket_history(): QueryTicketHistoryRequest => QueryTicketHistoryResponse;
        query_ticket_type(): QueryTicketTypeRequest => QueryTicketTypeResponse;
        remove_ticket_types_from_ticket_flow_collection(ticket_flow_collection_uuid): RemoveTicketTypesFromTicketFlowCollectionRequest => RemoveTicketTypesFromTicketFlowCollectionResponse;
        update_iam2_ticket_flow(uuid): UpdateIam2TicketFlowRequest => UpdateIam2TicketFlowResponse;
        update_iam2_ticket_flow_collection(uuid): UpdateIam2TicketFlowCollectionRequest => UpdateIam2TicketFlowCollectionResponse;
        update_ticket_request(uuid): UpdateTicketRequestRequest => UpdateTicketRequestResponse;
        change_ticket_status(uuid): ChangeTicketStatusRequest => ChangeTicketStatusResponse;
        query_ticket(): QueryTicketRequest => QueryTicketResponse;
        delete_ticket(uuid): DeleteTicketRequest => DeleteTicketResponse;
    }
}

#[tokio::test]
async fn a_servers_session_check_sees_its_logins_and_the_password_arrives_as_its_digest() {
    let sessions = Sessions::default();
    let accounts = Accounts { sessions: sessions.clone(), passwords: Arc::default() };
    let config = ServerConfig { session_check: Some(sessions.check()), ..ServerConfig::default() };
    let router = Routes::new().with_account_operations().with_ticket_operations().router(accounts.clone(), config);
    let base = serve_router(router).await;
    let client = Client::new(&base).with_poll_interval(Duration::from_millis(5));
    client.log_in_by_account("admin", "password").await.unwrap();
    let digest = "b109f3bbbc244eb82441917ed06d618b9008dd09b3befd1b5e07394c706a8bb980b1d7785e5976ec049b46df5f1326af5a2ea6d103fd07c95385ffab0cacbc86";
    client.log_in_by_account("admin", Password::Digest(digest.into())).await.unwrap();
    assert_eq!(*accounts.passwords.lock().unwrap(), [digest, digest], "hashed once, or passed through");
    let session = client.session().unwrap();
    let valid = client.validate_session(&session, &Default::default()).await.unwrap();
    assert_eq!(valid.valid, Some(true));
    client.add_iam2_ticket_flow(&Default::default()).await.unwrap();
    client.log_out().await.unwrap();
    assert_unknown_session(&Client::new(&base).with_session(&session)).await;
}

#[tokio::test]
async fn a_query_stream_walks_every_page() {
    let recorder = Recorder::with_mode(Mode::Paged);
    let base = serve(recorder.clone(), ServerConfig::default()).await;
    let c = client(&base);
    let tickets = c.query_ticket_stream(&QueryTicketRequest::new()).collect().await.unwrap();
    let uuids: Vec<String> = tickets.into_iter().map(|t| t.uuid.unwrap()).collect();
    assert_eq!(uuids, (0..PAGED).map(|i| format!("ticket-{i}")).collect::<Vec<_>>());
    let asked = ["page 0 100 Some(true)", "page 100 100 Some(false)", "page 200 100 Some(false)"];
    assert_eq!(recorder.seen(), asked, "the total is asked for once; the short page is the last");

    // As a `Stream`, from the request's own start, with a page size of its own.
    let mut pages = c.query_ticket_stream(&QueryTicketRequest::new().start(240)).page_size(4);
    let mut seen = Vec::new();
    while let Some(ticket) =
        std::future::poll_fn(|cx| futures_core::Stream::poll_next(std::pin::Pin::new(&mut pages), cx)).await
    {
        seen.push(ticket.unwrap().uuid.unwrap());
    }
    assert_eq!(seen.len(), 10);
    assert_eq!(pages.total(), Some(PAGED as u64));
    assert_eq!(recorder.seen().len(), 3 + 3, "240..244, 244..248, 248..250: the total ends it");
}

#[tokio::test]
async fn a_query_stream_ends_on_the_first_error() {
    let base = serve(Recorder::with_mode(Mode::Fail), ServerConfig::default()).await;
    let mut pages = client(&base).query_ticket_stream(&QueryTicketRequest::default());
    assert!(matches!(pages.next().await, Some(Err(Error::Api { .. }))));
    assert!(pages.next().await.is_none());
}

#[test]
fn request_builders_take_the_required_fields_and_set_the_optional_ones() {
    let built = ChangeTicketStatusRequest::new(TicketStatusEvent::Approve).comment("ok");
    assert_eq!(built, change(TicketStatusEvent::Approve));
    let tagged = ChangeTicketStatusRequest::new("reopen").system_tags(["a", "b"]).user_tags(vec![String::from("c")]);
    assert_eq!(tagged.status_event, TicketStatusEvent::Reopen);
    assert_eq!(tagged.system_tags, Some(vec!["a".to_owned(), "b".to_owned()]));
    assert_eq!(tagged.user_tags, Some(vec!["c".to_owned()]));
    let request = TicketRequest {
        api_name: Some("org.zstack.header.vm.APICreateVmInstanceMsg".into()),
        ..TicketRequest::default()
    };
    let create = CreateTicketRequest::new("vm", [request.clone()], "iam2", serde_json::json!({"projectUuid": "p"}))
        .description("a VM");
    assert_eq!(
        (create.name.as_str(), &create.requests[..], create.description.as_deref()),
        ("vm", &[request][..], Some("a VM"))
    );
    assert_eq!(create.flow_collection_uuid, None);
}

#[test]
fn ticket_statuses_are_the_five_of_the_sdk() {
    let all = ["Pending", "Cancelled", "IntermediateApproved", "FinalApproved", "Rejected"];
    for status in all {
        assert!(!matches!(TicketStatus::from(status), TicketStatus::Other(_)), "{status}");
        assert_eq!(TicketStatus::from(status).as_str(), status);
    }
    let ticket: TicketInventory =
        serde_json::from_str(r#"{"request": [{"requestName": "r", "executeTimes": 1, "apiBody": {}}]}"#).unwrap();
    assert_eq!(ticket.request.unwrap()[0].execute_times, Some(1));
}
