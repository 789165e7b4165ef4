//! The fixed part of the generated `server` module: errors, the request context, incoming
//! requests, responses, the job store, the route table and the mock's examples. docs2api adds
//! the API's traits, per group the routes that call them (`Routes::with_…`) and its router, and
//! the `Mock` implementation of each trait.
//!
//! Each operation's route is data: its `Wire` (method, auth, job, where the fields travel) and a
//! closure that calls the trait's method; [`Routes::operation`] wraps it in the one generic
//! handler, and [`Routes::router`] merges the groups' routes by path and method, telling
//! operations that share a route apart by their body keys at run time. The router rejects
//! malformed requests with the REST layer's status codes and plain-text messages, checks the
//! session header where the API requires it, runs asynchronous operations as jobs (answering with
//! the job's location) and serves the job URL. The protocol's numbers, names and messages are the
//! constants of the `runtime` module.

/// What an implementation answers instead of a result.
#[derive(Debug, Clone)]
pub enum ServerError {
    /// The call ran and failed: answered with the failure status and the error body.
    #[cfg(not(docs2api_omits = "failure"))]
    Api(super::runtime::ApiError),
    /// 400, with the text as the body.
    BadRequest(::std::string::String),
    /// 404, with the text as the body.
    NotFound(::std::string::String),
    /// 500, with the text as the body.
    Internal(::std::string::String),
}

/// What the router knows of a request besides its parameters.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The session token of the `Authorization` header, if one was sent.
    pub session: ::std::option::Option<::std::string::String>,
    /// Every path parameter of the route the request came by, including those of an
    /// operation's further paths (`/tickets/{uuid}` for a query).
    pub path: ::std::collections::BTreeMap<::std::string::String, ::std::string::String>,
}

/// The router's settings.
#[derive(Debug, Clone)]
#[cfg_attr(docs2api_omits = "jobs", derive(Default))]
pub struct ServerConfig {
    /// How long a finished job's result stays readable; `None` keeps it while the server runs.
    pub job_ttl: ::std::option::Option<::std::time::Duration>,
    /// How long a job may run, in milliseconds, as the accepted answer announces it where the
    /// protocol names a field for it ([`JOB_TIMEOUT_FIELD`](super::runtime::JOB_TIMEOUT_FIELD)).
    #[cfg(not(docs2api_omits = "jobs"))]
    pub job_timeout_ms: u64,
    /// Whether a session is valid, asked on every operation that needs one; `None` accepts any.
    pub session_check: ::std::option::Option<SessionCheck>,
}

#[cfg(not(docs2api_omits = "jobs"))]
impl ::std::default::Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            job_ttl: ::std::option::Option::None,
            job_timeout_ms: super::runtime::TIMEOUT_MS,
            session_check: ::std::option::Option::None,
        }
    }
}

/// The state every handler shares.
pub struct ServerState<T> {
    pub service: T,
    pub jobs: Jobs,
    pub session_check: ::std::option::Option<SessionCheck>,
}

include!("sessions.rs");

fn text(status: u16, message: impl ::std::convert::Into<::std::string::String>) -> ::axum::response::Response {
    let status = ::axum::http::StatusCode::from_u16(status).unwrap_or(::axum::http::StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = ::axum::response::IntoResponse::into_response((status, message.into()));
    response.headers_mut().insert(
        ::axum::http::header::CONTENT_TYPE,
        ::axum::http::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

fn json(status: u16, value: &::serde_json::Value) -> ::axum::response::Response {
    let status = ::axum::http::StatusCode::from_u16(status).unwrap_or(::axum::http::StatusCode::OK);
    let mut response = ::axum::response::IntoResponse::into_response((status, value.to_string()));
    response.headers_mut().insert(
        ::axum::http::header::CONTENT_TYPE,
        ::axum::http::HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

/// The response for a result or an error.
fn respond(result: ::std::result::Result<::serde_json::Value, ServerError>) -> ::axum::response::Response {
    match result {
        ::std::result::Result::Ok(value) => json(200, &value),
        #[cfg(not(docs2api_omits = "failure"))]
        ::std::result::Result::Err(ServerError::Api(error)) => {
            let error = ::serde_json::to_value(&error).unwrap_or(::serde_json::Value::Null);
            let mut body = ::serde_json::Map::new();
            body.insert(super::runtime::FAILURE_FIELD.to_owned(), error);
            json(super::runtime::FAILURE_STATUS, &::serde_json::Value::Object(body))
        }
        ::std::result::Result::Err(ServerError::BadRequest(message)) => text(400, message),
        ::std::result::Result::Err(ServerError::NotFound(message)) => text(404, message),
        ::std::result::Result::Err(ServerError::Internal(message)) => text(500, message),
    }
}

fn result<R: ::serde::Serialize>(
    result: ::std::result::Result<R, ServerError>,
) -> ::std::result::Result<::serde_json::Value, ServerError> {
    result.and_then(|r| ::serde_json::to_value(r).map_err(|e| ServerError::Internal(e.to_string())))
}

/// A request as the router received it, before it is decoded for an operation.
pub struct Incoming {
    path: ::std::collections::BTreeMap<::std::string::String, ::std::string::String>,
    query: ::std::vec::Vec<(::std::string::String, ::std::string::String)>,
    headers: ::axum::http::HeaderMap,
    body: ::std::option::Option<::serde_json::Value>,
}

impl Incoming {
    /// Reads the query string and the JSON body; a body that is not JSON is a 400.
    fn read(
        path: ::std::collections::BTreeMap<::std::string::String, ::std::string::String>,
        query: ::std::option::Option<::std::string::String>,
        headers: ::axum::http::HeaderMap,
        bytes: &[u8],
    ) -> ::std::result::Result<Self, ::axum::response::Response> {
        let query = query.map(|q| ::form_urlencoded::parse(q.as_bytes()).into_owned().collect()).unwrap_or_default();
        let body = if bytes.iter().all(u8::is_ascii_whitespace) {
            ::std::option::Option::None
        } else {
            ::std::option::Option::Some(
                ::serde_json::from_slice(bytes)
                    .map_err(|e| text(400, ::std::format!("the body is not valid JSON: {e}")))?,
            )
        };
        ::std::result::Result::Ok(Incoming { path, query, headers, body })
    }

    /// Whether the body holds `key` at its root (how actions sharing a URL are told apart).
    fn has_key(&self, key: &str) -> bool {
        self.body.as_ref().and_then(|b| b.get(key)).is_some()
    }

    /// The session of the session header ([`AUTH_HEADER`](super::runtime::AUTH_HEADER)); a missing or
    /// malformed header is a 400.
    fn authorize(&self) -> ::std::result::Result<Context, ::axum::response::Response> {
        let ::std::option::Option::Some(value) = self.headers.get(super::runtime::AUTH_HEADER) else {
            return ::std::result::Result::Err(text(400, super::runtime::MISSING_AUTH));
        };
        let value = value.to_str().unwrap_or_default();
        match value.split_once(' ') {
            ::std::option::Option::Some((scheme, token))
                if scheme == super::runtime::AUTH_SCHEME && !token.trim().is_empty() =>
            {
                ::std::result::Result::Ok(Context {
                    session: ::std::option::Option::Some(token.trim().to_owned()),
                    path: self.path.clone(),
                })
            }
            _ => ::std::result::Result::Err(text(400, super::runtime::WRONG_AUTH_SCHEME)),
        }
    }

    /// The context of an operation without auth: the session, when one is sent anyway.
    fn context(&self) -> Context {
        self.authorize().unwrap_or_else(|_| Context { session: ::std::option::Option::None, path: self.path.clone() })
    }

    fn path_param(&self, name: &str) -> ::std::string::String {
        self.path.get(name).cloned().unwrap_or_default()
    }

    /// The operation's request, from the body and the query string; a malformed one is a 400.
    fn request<R: ::serde::de::DeserializeOwned>(
        &self,
        wire: &super::runtime::Wire,
    ) -> ::std::result::Result<R, ::axum::response::Response> {
        let body = if wire.body {
            ::std::option::Option::Some(self.body.clone().unwrap_or_else(|| ::serde_json::json!({})))
        } else {
            ::std::option::Option::None
        };
        let value = wire.join(body, &self.query).map_err(|m| text(400, m))?;
        super::runtime::decode_value(value)
            .map_err(|m| text(400, ::std::format!("the request does not match the API: {m}")))
    }

    /// The host the request came to, which the job's location names.
    #[cfg(not(docs2api_omits = "jobs"))]
    fn host(&self) -> ::std::string::String {
        self.headers.get(::axum::http::header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost").to_owned()
    }
}

/// A response to come.
type Answer = ::std::pin::Pin<
    ::std::boxed::Box<dyn ::std::future::Future<Output = ::axum::response::Response> + ::std::marker::Send>,
>;

/// An operation behind its route: decodes the request and answers.
type Call<T> = ::std::sync::Arc<
    dyn Fn(::std::sync::Arc<ServerState<T>>, Incoming) -> Answer + ::std::marker::Send + ::std::marker::Sync,
>;

struct Route<T> {
    path: &'static str,
    wire: &'static super::runtime::Wire,
    call: Call<T>,
}

/// The routes of some API groups, served by one implementation `T` of their traits: start from
/// [`Routes::new`], add each group's routes (`with_…`, one method per group) and build the
/// [`router`](Routes::router).
pub struct Routes<T> {
    routes: ::std::vec::Vec<Route<T>>,
}

impl<T: ::std::marker::Send + ::std::marker::Sync + 'static> ::std::default::Default for Routes<T> {
    fn default() -> Self {
        Routes { routes: ::std::vec::Vec::new() }
    }
}

impl<T: ::std::marker::Send + ::std::marker::Sync + 'static> Routes<T> {
    /// No route yet.
    pub fn new() -> Self {
        ::std::default::Default::default()
    }

    /// Adds an operation at each of its `paths`: its request is authorized as `wire` says,
    /// decoded from the body and the query string, and handed to `call` with the values of the
    /// path parameters `params`, in order; its result answers the request, or the job's.
    pub fn operation<R, S, F, Fut, const N: usize>(
        mut self,
        wire: &'static super::runtime::Wire,
        paths: &[&'static str],
        params: [&'static str; N],
        call: F,
    ) -> Self
    where
        R: ::serde::de::DeserializeOwned,
        S: ::serde::Serialize,
        F: Fn(::std::sync::Arc<ServerState<T>>, Context, [::std::string::String; N], R) -> Fut
            + ::std::marker::Send
            + ::std::marker::Sync
            + 'static,
        Fut: ::std::future::Future<Output = ::std::result::Result<S, ServerError>> + ::std::marker::Send + 'static,
    {
        let call: Call<T> =
            ::std::sync::Arc::new(move |state: ::std::sync::Arc<ServerState<T>>, incoming: Incoming| {
                let context = if wire.auth {
                    incoming.authorize().and_then(|context| state.known(context))
                } else {
                    ::std::result::Result::Ok(incoming.context())
                };
                let request = context.and_then(|context| incoming.request::<R>(wire).map(|request| (context, request)));
                let (context, request) = match request {
                    ::std::result::Result::Ok(decoded) => decoded,
                    ::std::result::Result::Err(response) => return ready(response),
                };
                let work = call(state.clone(), context, params.map(|name| incoming.path_param(name)), request);
                state.jobs.answer(wire.asynchronous, &incoming, async move { result(work.await) })
            });
        for path in paths {
            self.routes.push(Route { path, wire, call: call.clone() });
        }
        self
    }

    /// The router of the routes (and the job URL), served by `service`.
    pub fn router(self, service: T, config: ServerConfig) -> ::axum::Router {
        let session_check = config.session_check.clone();
        let state = ::std::sync::Arc::new(ServerState { service, jobs: Jobs::new(config), session_check });
        let mut table: ::std::collections::BTreeMap<(&str, &str), ::std::vec::Vec<Route<T>>> =
            ::std::collections::BTreeMap::new();
        for route in self.routes {
            table.entry((route.path, route.wire.method)).or_default().push(route);
        }
        let mut router = ::axum::Router::new();
        for ((path, method), mut shared) in table {
            // In the order of the operations' ids, as the 400 answer names their keys.
            shared.sort_by_key(|route| route.wire.id);
            let filter = ::axum::http::Method::from_bytes(method.as_bytes())
                .ok()
                .and_then(|m| ::axum::routing::MethodFilter::try_from(m).ok());
            let ::std::option::Option::Some(filter) = filter else { continue };
            let shared: ::std::sync::Arc<[Route<T>]> = shared.into();
            let route = if path.contains('{') {
                ::axum::routing::on(
                    filter,
                    move |::axum::extract::State(state): ::axum::extract::State<::std::sync::Arc<ServerState<T>>>,
                          ::axum::extract::Path(params): ::axum::extract::Path<
                        ::std::collections::BTreeMap<::std::string::String, ::std::string::String>,
                    >,
                          ::axum::extract::RawQuery(query): ::axum::extract::RawQuery,
                          headers: ::axum::http::HeaderMap,
                          body: ::axum::body::Bytes| {
                        serve(&shared, state, params, query, headers, &body)
                    },
                )
            } else {
                ::axum::routing::on(
                    filter,
                    move |::axum::extract::State(state): ::axum::extract::State<::std::sync::Arc<ServerState<T>>>,
                          ::axum::extract::RawQuery(query): ::axum::extract::RawQuery,
                          headers: ::axum::http::HeaderMap,
                          body: ::axum::body::Bytes| {
                        serve(&shared, state, ::std::default::Default::default(), query, headers, &body)
                    },
                )
            };
            router = router.route(path, route);
        }
        job_route(router).with_state(state)
    }
}

/// Reads a request and hands it to the operation of its route: the only one, or the one whose
/// body key the body holds.
fn serve<T>(
    shared: &[Route<T>],
    state: ::std::sync::Arc<ServerState<T>>,
    params: ::std::collections::BTreeMap<::std::string::String, ::std::string::String>,
    query: ::std::option::Option<::std::string::String>,
    headers: ::axum::http::HeaderMap,
    body: &[u8],
) -> Answer {
    let incoming = match Incoming::read(params, query, headers, body) {
        ::std::result::Result::Ok(incoming) => incoming,
        ::std::result::Result::Err(response) => return ready(response),
    };
    if let [route] = shared {
        return (route.call)(state, incoming);
    }
    let keyed = shared.iter().find(|r| r.wire.wrapper.is_some_and(|key| incoming.has_key(key)));
    if let ::std::option::Option::Some(route) = keyed {
        return (route.call)(state, incoming);
    }
    let keys: ::std::vec::Vec<::std::string::String> =
        shared.iter().filter_map(|r| r.wire.wrapper).map(|key| ::std::format!("`{key}`")).collect();
    ready(text(400, super::runtime::NO_OPERATION_KEY.replace("{keys}", &keys.join(", "))))
}

fn ready(response: ::axum::response::Response) -> Answer {
    ::std::boxed::Box::pin(::std::future::ready(response))
}

/// An implementation of every group's trait that answers each operation with the success
/// example of its page, so that the server runs out of the box.
#[cfg(docs2api_omits = "sessions")]
#[derive(Debug, Clone, Copy, Default)]
pub struct Mock;

/// An implementation of every group's trait that answers each operation with the success
/// example of its page, so that the server runs out of the box.
/// With session operations, it issues a session at each login and ends it at logout, and
/// accepts only the sessions it issued and those of its settings ([`Mock::serve_config`]).
#[cfg(not(docs2api_omits = "sessions"))]
#[derive(Debug, Clone, Default)]
pub struct Mock {
    #[cfg(not(docs2api_omits = "sessions"))]
    sessions: Sessions,
}

/// The answer of [`Mock`] to an operation: its page's success example (`examples.json`, read
/// once), or `{}` where the page has none.
fn example<R: ::serde::de::DeserializeOwned>(id: &str) -> ::std::result::Result<R, ServerError> {
    static PARSED: ::std::sync::OnceLock<::serde_json::Map<::std::string::String, ::serde_json::Value>> =
        ::std::sync::OnceLock::new();
    let examples = PARSED.get_or_init(|| ::serde_json::from_str(EXAMPLES).unwrap_or_default());
    let value = examples.get(id).cloned().unwrap_or_else(|| ::serde_json::Value::Object(::serde_json::Map::new()));
    super::runtime::decode_value(value).map_err(ServerError::Internal)
}

// docs2api generates `EXAMPLES` (`include_str!("examples.json")`).
#[cfg(test)]
const EXAMPLES: &str = r#"{"Count": {"n": 2.0}}"#;

#[cfg(not(docs2api_omits = "jobs"))]
enum JobState {
    Running,
    Done(::std::result::Result<::serde_json::Value, ServerError>, ::std::time::Instant),
}

/// The jobs of asynchronous calls: running, or done with a result, until they expire.
#[cfg(not(docs2api_omits = "jobs"))]
#[derive(Clone)]
pub struct Jobs {
    jobs: ::std::sync::Arc<::std::sync::Mutex<::std::collections::HashMap<::std::string::String, JobState>>>,
    next: ::std::sync::Arc<::std::sync::atomic::AtomicU64>,
    config: ServerConfig,
}

#[cfg(not(docs2api_omits = "jobs"))]
impl Jobs {
    pub fn new(config: ServerConfig) -> Self {
        Jobs { jobs: ::std::default::Default::default(), next: ::std::default::Default::default(), config }
    }

    /// Forgets every job, as a server does when they expire.
    pub fn expire_all(&self) {
        if let ::std::result::Result::Ok(mut jobs) = self.jobs.lock() {
            jobs.clear();
        }
    }

    /// Runs `work` as a job if the operation is asynchronous, else at once.
    fn answer<F>(&self, asynchronous: bool, incoming: &Incoming, work: F) -> Answer
    where
        F: ::std::future::Future<Output = ::std::result::Result<::serde_json::Value, ServerError>>
            + ::std::marker::Send
            + 'static,
    {
        if asynchronous {
            return ready(self.start(incoming, work));
        }
        ::std::boxed::Box::pin(async move { respond(work.await) })
    }

    /// Starts `work` as a job and answers with its location.
    fn start<F>(&self, incoming: &Incoming, work: F) -> ::axum::response::Response
    where
        F: ::std::future::Future<Output = ::std::result::Result<::serde_json::Value, ServerError>>
            + ::std::marker::Send
            + 'static,
    {
        let n = self.next.fetch_add(1, ::std::sync::atomic::Ordering::Relaxed);
        let nanos = ::std::time::SystemTime::now().duration_since(::std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let id = ::std::format!("{:016x}{:016x}", nanos as u64, n);
        if let ::std::result::Result::Ok(mut jobs) = self.jobs.lock() {
            jobs.insert(id.clone(), JobState::Running);
        }
        let jobs = self.clone();
        let job = id.clone();
        ::tokio::spawn(async move {
            let result = work.await;
            if let ::std::result::Result::Ok(mut all) = jobs.jobs.lock() {
                all.insert(job, JobState::Done(result, ::std::time::Instant::now()));
            }
        });
        let location = ::std::format!("http://{}{}{}", incoming.host(), super::runtime::JOB_PATH_PREFIX, id);
        json(super::runtime::ACCEPTED, &self.accepted(location))
    }

    /// The accepted answer's body: the job's location, and the job timeout where the protocol
    /// announces it.
    fn accepted(&self, location: ::std::string::String) -> ::serde_json::Value {
        let mut body = ::serde_json::Map::new();
        body.insert(super::runtime::JOB_LOCATION_FIELD.to_owned(), ::serde_json::Value::String(location));
        if let ::std::option::Option::Some(field) = super::runtime::JOB_TIMEOUT_FIELD {
            body.insert(field.to_owned(), ::serde_json::Value::from(self.config.job_timeout_ms));
        }
        ::serde_json::Value::Object(body)
    }

    /// What the job URL answers.
    fn poll(&self, id: &str) -> ::axum::response::Response {
        let ::std::result::Result::Ok(mut jobs) = self.jobs.lock() else {
            return text(500, "the job store is unavailable");
        };
        let expired = match jobs.get(id) {
            ::std::option::Option::Some(JobState::Done(_, at)) => {
                self.config.job_ttl.is_some_and(|ttl| at.elapsed() >= ttl)
            }
            ::std::option::Option::Some(JobState::Running) => false,
            ::std::option::Option::None => true,
        };
        if expired {
            jobs.remove(id);
            return text(super::runtime::EXPIRED, super::runtime::JOB_EXPIRED);
        }
        match jobs.get(id) {
            ::std::option::Option::Some(JobState::Done(result, _)) => respond(result.clone()),
            _ => json(super::runtime::ACCEPTED, &::serde_json::json!({})),
        }
    }
}

#[cfg(not(docs2api_omits = "jobs"))]
async fn poll_job<T>(
    ::axum::extract::State(state): ::axum::extract::State<::std::sync::Arc<ServerState<T>>>,
    ::axum::extract::Path(params): ::axum::extract::Path<
        ::std::collections::BTreeMap<::std::string::String, ::std::string::String>,
    >,
) -> ::axum::response::Response {
    state.jobs.poll(params.get(super::runtime::JOB_ID).map_or("", ::std::string::String::as_str))
}

/// The route of the job URL.
#[cfg(not(docs2api_omits = "jobs"))]
fn job_route<T: ::std::marker::Send + ::std::marker::Sync + 'static>(
    router: ::axum::Router<::std::sync::Arc<ServerState<T>>>,
) -> ::axum::Router<::std::sync::Arc<ServerState<T>>> {
    router.route(super::runtime::JOB_PATH, ::axum::routing::get(poll_job::<T>))
}

/// The API has no asynchronous jobs; every call answers at once.
#[cfg(docs2api_omits = "jobs")]
#[derive(Clone, Default)]
pub struct Jobs;

#[cfg(docs2api_omits = "jobs")]
impl Jobs {
    pub fn new(_config: ServerConfig) -> Self {
        Jobs
    }

    /// Runs `work` at once: every call answers at once.
    fn answer<F>(&self, _asynchronous: bool, _incoming: &Incoming, work: F) -> Answer
    where
        F: ::std::future::Future<Output = ::std::result::Result<::serde_json::Value, ServerError>>
            + ::std::marker::Send
            + 'static,
    {
        ::std::boxed::Box::pin(async move { respond(work.await) })
    }
}

/// No job URL to serve.
#[cfg(docs2api_omits = "jobs")]
fn job_route<S>(router: ::axum::Router<S>) -> ::axum::Router<S> {
    router
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Arc;
    use std::time::Duration;

    use axum::http::{HeaderMap, HeaderValue, header};
    use axum::response::Response;
    use serde_json::{Value, json};

    use super::*;
    use crate::runtime::{self, QueryKind, QueryShape, Wire};
    use crate::types::ErrorCode;

    /// A response's status, content type and body.
    async fn parts(response: Response) -> (u16, String, String) {
        let status = response.status().as_u16();
        let kind = response.headers().get(header::CONTENT_TYPE).map_or("", |v| v.to_str().unwrap()).to_owned();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        (status, kind, String::from_utf8(bytes.to_vec()).unwrap())
    }

    fn incoming(headers: &[(&str, &str)], query: Option<&str>, body: &str) -> Result<Incoming, Response> {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.insert(header::HeaderName::from_bytes(name.as_bytes()).unwrap(), HeaderValue::from_str(value).unwrap());
        }
        let path = BTreeMap::from([("uuid".to_owned(), "t1".to_owned())]);
        Incoming::read(path, query.map(str::to_owned), map, body.as_bytes())
    }

    #[tokio::test]
    async fn results_and_errors_answer_with_their_status_and_media_type() {
        let ok = parts(respond(result(Ok(json!({"a": 1}))))).await;
        assert_eq!(ok, (200, "application/json; charset=utf-8".into(), r#"{"a":1}"#.into()));
        let api = parts(respond(Err(ServerError::Api(ErrorCode { code: Some("E1".into()) })))).await;
        assert_eq!(
            api,
            (runtime::FAILURE_STATUS, "application/json; charset=utf-8".into(), r#"{"error":{"code":"E1"}}"#.into())
        );
        for (error, status) in [
            (ServerError::BadRequest("b".into()), 400),
            (ServerError::NotFound("n".into()), 404),
            (ServerError::Internal("i".into()), 500),
        ] {
            let (got, kind, _) = parts(respond(Err(error))).await;
            assert_eq!((got, kind.as_str()), (status, "text/plain; charset=utf-8"));
        }
    }

    #[tokio::test]
    async fn a_body_that_is_not_json_is_a_400() {
        let Err(response) = incoming(&[], None, "{") else { panic!("accepted") };
        let (status, _, text) = parts(response).await;
        assert_eq!(status, 400);
        assert!(text.starts_with("the body is not valid JSON"), "{text}");
        assert!(incoming(&[], None, " \n").unwrap().body.is_none(), "whitespace is no body");
    }

    #[tokio::test]
    async fn the_session_header_is_checked() {
        let ok = incoming(&[(runtime::AUTH_HEADER, "OAuth  s1 ")], None, "").unwrap();
        let context = ok.authorize().unwrap();
        assert_eq!(context.session.as_deref(), Some("s1"));
        assert_eq!(context.path["uuid"], "t1");
        for (headers, message) in [
            (&[][..], runtime::MISSING_AUTH),
            (&[(runtime::AUTH_HEADER, "Basic s1")][..], runtime::WRONG_AUTH_SCHEME),
            (&[(runtime::AUTH_HEADER, "OAuth ")][..], runtime::WRONG_AUTH_SCHEME),
        ] {
            let Err(response) = incoming(headers, None, "").unwrap().authorize() else { panic!("{headers:?}") };
            assert_eq!(parts(response).await.2, message);
        }
        let open = incoming(&[(runtime::AUTH_HEADER, "Basic s1")], None, "").unwrap().context();
        assert_eq!((open.session, open.path.len()), (None, 1), "an open operation runs without a session");
    }

    #[tokio::test]
    async fn requests_join_the_body_and_the_query() {
        const WIRE: Wire = Wire {
            id: "Op",
            method: "POST",
            auth: true,
            asynchronous: false,
            body: true,
            wrapper: Some("params"),
            wrapped: &["name"],
            query: &[("limit", QueryKind::Integer, QueryShape::One)],
        };
        let request = incoming(&[], Some("limit=3&other=1"), r#"{"params": {"name": "n"}}"#).unwrap();
        assert!(request.has_key("params") && !request.has_key("name"));
        assert_eq!(request.path_param("uuid"), "t1");
        assert_eq!(request.path_param("nope"), "");
        let value: Value = request.request(&WIRE).unwrap();
        assert_eq!(value, json!({"name": "n", "limit": 3}));
        let Err(response) = incoming(&[], None, "{}").unwrap().request::<Value>(&WIRE) else { panic!() };
        assert!(parts(response).await.2.contains("`params`"));
        let Err(response) = incoming(&[], None, r#"{"params": {}}"#).unwrap().request::<i64>(&WIRE) else { panic!() };
        let (status, _, text) = parts(response).await;
        assert_eq!(status, 400);
        assert!(text.starts_with("the request does not match the API"), "{text}");
    }

    #[tokio::test]
    async fn jobs_answer_accepted_then_their_result_until_they_expire() {
        let jobs = Jobs::new(ServerConfig { job_ttl: Some(Duration::from_millis(30)), ..ServerConfig::default() });
        let request = incoming(&[("host", "api.test:8080")], None, "").unwrap();
        let (status, _, body) = parts(jobs.start(&request, async { Ok(json!({"done": true})) })).await;
        assert_eq!(status, runtime::ACCEPTED);
        let body: Value = serde_json::from_str(&body).unwrap();
        let location = body[runtime::JOB_LOCATION_FIELD].as_str().unwrap();
        assert!(location.starts_with("http://api.test:8080/jobs/"), "{location}");
        assert_eq!(body[runtime::JOB_TIMEOUT_FIELD.unwrap()], runtime::TIMEOUT_MS);
        let id = location.rsplit('/').next().unwrap();
        let mut answer = parts(jobs.poll(id)).await;
        while answer.0 == runtime::ACCEPTED {
            tokio::time::sleep(Duration::from_millis(1)).await;
            answer = parts(jobs.poll(id)).await;
        }
        assert_eq!((answer.0, answer.2.as_str()), (200, r#"{"done":true}"#));
        tokio::time::sleep(Duration::from_millis(40)).await;
        assert_eq!(
            parts(jobs.poll(id)).await,
            (runtime::EXPIRED, "text/plain; charset=utf-8".into(), runtime::JOB_EXPIRED.into())
        );
        assert_eq!(parts(jobs.poll("unknown")).await.0, runtime::EXPIRED);
    }

    /// Two operations on one route, told apart by their body keys; a body with neither is a 400
    /// that names both keys, in the order of the operations' ids.
    #[tokio::test]
    async fn routes_that_operations_share_dispatch_by_body_key() {
        const A: Wire = Wire {
            id: "A",
            method: "PUT",
            auth: false,
            asynchronous: false,
            body: true,
            wrapper: Some("a"),
            wrapped: &[],
            query: &[],
        };
        const B: Wire = Wire { id: "B", wrapper: Some("b"), auth: true, ..A };
        let routes = Routes::<()>::new()
            .operation(&B, &["/x/{uuid}"], ["uuid"], |_, c, [uuid], _: Value| async move {
                Ok::<_, ServerError>(json!({ "b": uuid, "session": c.session }))
            })
            .operation(&A, &["/x/{uuid}", "/y"], [], |_, _, [], _: Value| async { Ok::<_, ServerError>(json!("a")) });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let router = routes.router((), ServerConfig::default());
        tokio::spawn(async move { axum::serve(listener, router).await });
        let put = |path: &str, body: &str| {
            let request = reqwest::Client::new().put(format!("{base}{path}")).body(body.to_owned());
            async move {
                let response = request.header(runtime::AUTH_HEADER, "OAuth s").send().await.unwrap();
                (response.status().as_u16(), response.text().await.unwrap())
            }
        };
        assert_eq!(put("/x/u1", r#"{"b": {}}"#).await, (200, r#"{"b":"u1","session":"s"}"#.into()));
        assert_eq!(put("/x/u1", r#"{"a": {}}"#).await, (200, r#""a""#.into()));
        assert_eq!(put("/y", r#"{"a": {}}"#).await, (200, r#""a""#.into()), "a further path");
        assert_eq!(put("/x/u1", "{}").await, (400, "the body holds none of `a`, `b`".into()));
    }

    #[test]
    fn the_mock_answers_with_the_example_of_the_operation() {
        assert_eq!(example::<Value>("Count").unwrap(), json!({"n": 2}), "decimals read as integers");
        assert_eq!(example::<Value>("Unknown").unwrap(), json!({}));
    }

    #[tokio::test]
    async fn the_job_route_serves_the_job_url() {
        let state =
            Arc::new(ServerState { service: (), jobs: Jobs::new(ServerConfig::default()), session_check: None });
        let request = incoming(&[], None, "").unwrap();
        let started = parts(state.jobs.start(&request, async { Err(ServerError::NotFound("gone".into())) })).await;
        let location: Value = serde_json::from_str(&started.2).unwrap();
        let path = location[runtime::JOB_LOCATION_FIELD].as_str().unwrap().trim_start_matches("http://localhost");
        let path = path.to_owned();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let router = job_route(axum::Router::new()).with_state(state.clone());
        tokio::spawn(async move { axum::serve(listener, router).await });
        let mut status = runtime::ACCEPTED;
        while status == runtime::ACCEPTED {
            status = reqwest::get(format!("{base}{path}")).await.unwrap().status().as_u16();
        }
        assert_eq!(status, 404, "the job's error is the poll's answer");
        state.jobs.expire_all();
        assert_eq!(reqwest::get(format!("{base}{path}")).await.unwrap().status().as_u16(), runtime::EXPIRED);
    }
}
