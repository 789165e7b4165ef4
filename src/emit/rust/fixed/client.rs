//! The fixed part of the generated `client` module: the error type, the `Client` and the exchange
//! every operation's method goes through. docs2api adds one method per operation to `Client`.
//!
//! It handles what the server does: a success status with the result; the asynchronous protocol
//! (the accepted status with the job's location in the body, then polling the job until it
//! answers, fails, expires or the time allowed runs out); the failure body as a typed error with
//! the whole error chain; any other status as an error that keeps the status and the text.
//! The protocol's numbers and names are the constants of the `runtime` module.

/// What can go wrong with a call.
#[derive(Debug)]
pub enum Error {
    /// The call ran and failed: the server answered with the failure status
    /// ([`FAILURE_STATUS`](super::runtime::FAILURE_STATUS)) and this error.
    #[cfg(not(docs2api_omits = "failure"))]
    Api { status: u16, error: ::std::boxed::Box<super::runtime::ApiError> },
    /// A status the API does not answer with a result: the REST layer's errors come as text.
    Http { status: u16, body: ::std::string::String },
    /// A response whose body does not have the documented shape.
    Decode { status: u16, message: ::std::string::String, body: ::std::string::String },
    /// The job of an asynchronous call expired, or is unknown, before its result was read.
    JobExpired { location: ::std::string::String },
    /// No result within the time allowed.
    Timeout { after: ::std::time::Duration },
    /// The server could not be reached, or the connection failed.
    Connection { message: ::std::string::String },
    /// A parameter the client will not send (a path segment that would change the path).
    InvalidParameter { message: ::std::string::String },
}

impl ::std::fmt::Display for Error {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            #[cfg(not(docs2api_omits = "failure"))]
            Error::Api { status, error } => ::std::write!(f, "the call failed ({status}): {error:?}"),
            Error::Http { status, body } => ::std::write!(f, "HTTP {status}: {body}"),
            Error::Decode { status, message, .. } => {
                ::std::write!(f, "the {status} response does not have the documented shape: {message}")
            }
            Error::JobExpired { location } => ::std::write!(f, "the job at {location} has expired"),
            Error::Timeout { after } => ::std::write!(f, "no result within {after:?}"),
            Error::Connection { message } => ::std::write!(f, "connection failed: {message}"),
            Error::InvalidParameter { message } => f.write_str(message),
        }
    }
}

impl ::std::error::Error for Error {}

/// A client for one server. Cloning is cheap: clones share the connection pool and the session
/// (a login or logout on one is seen by all).
#[derive(Clone)]
pub struct Client {
    http: ::reqwest::Client,
    base: ::std::string::String,
    session: SharedSession,
    poll_interval: ::std::time::Duration,
    timeout: ::std::time::Duration,
}

/// The session never appears in debug output.
impl ::std::fmt::Debug for Client {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base)
            .field("session", &self.session().map(|_| "<redacted>"))
            .field("poll_interval", &self.poll_interval)
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl Client {
    /// A client for the server at `base_url` (`http://host:port`), without a session.
    pub fn new(base_url: impl ::std::convert::Into<::std::string::String>) -> Self {
        let base: ::std::string::String = base_url.into();
        Client {
            http: ::reqwest::Client::new(),
            base: base.trim_end_matches('/').to_owned(),
            session: ::std::default::Default::default(),
            poll_interval: ::std::time::Duration::from_secs(1),
            timeout: ::std::time::Duration::from_millis(super::runtime::TIMEOUT_MS),
        }
    }

    /// Sends `<AUTH_HEADER>: <AUTH_SCHEME> <session>` on operations that require it (see
    /// [`AUTH_HEADER`](super::runtime::AUTH_HEADER) and [`AUTH_SCHEME`](super::runtime::AUTH_SCHEME)).
    /// The session is this client's and its later clones': clones made before keep theirs.
    pub fn with_session(mut self, session: impl ::std::convert::Into<::std::string::String>) -> Self {
        self.session = ::std::sync::Arc::new(::std::sync::RwLock::new(::std::option::Option::Some(session.into())));
        self
    }

    /// The session the client sends, if it has one.
    pub fn session(&self) -> ::std::option::Option<::std::string::String> {
        self.session.read().unwrap_or_else(::std::sync::PoisonError::into_inner).clone()
    }

    /// Replaces the session every clone sends. (Only the session helpers call it, which the
    /// crate's features may leave out.)
    #[cfg(not(docs2api_omits = "sessions"))]
    #[allow(dead_code)]
    fn set_session(&self, session: ::std::option::Option<::std::string::String>) {
        *self.session.write().unwrap_or_else(::std::sync::PoisonError::into_inner) = session;
    }

    /// How long to wait between two polls of an asynchronous call's job (default 1 s).
    pub fn with_poll_interval(mut self, interval: ::std::time::Duration) -> Self {
        self.poll_interval = interval;
        self
    }

    /// The most a call may take, polling included (default
    /// [`TIMEOUT_MS`](super::runtime::TIMEOUT_MS)).
    pub fn with_timeout(mut self, timeout: ::std::time::Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Uses a `reqwest::Client` of your own (proxies, TLS, connection limits).
    pub fn with_http_client(mut self, http: ::reqwest::Client) -> Self {
        self.http = http;
        self
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// Sends one request and reads the whole response.
    async fn send(
        &self,
        method: ::reqwest::Method,
        url: &str,
        query: &[(::std::string::String, ::std::string::String)],
        body: ::std::option::Option<&::serde_json::Value>,
        auth: bool,
        deadline: ::std::time::Instant,
    ) -> ::std::result::Result<(u16, ::std::vec::Vec<u8>), Error> {
        let remaining = deadline.saturating_duration_since(::std::time::Instant::now());
        if remaining.is_zero() {
            return ::std::result::Result::Err(Error::Timeout { after: self.timeout });
        }
        let mut url = ::reqwest::Url::parse(url)
            .map_err(|e| Error::InvalidParameter { message: ::std::format!("the URL {url} is not valid: {e}") })?;
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        let mut request = self.http.request(method, url).timeout(remaining);
        if let (true, ::std::option::Option::Some(session)) = (auth, self.session()) {
            request = request
                .header(super::runtime::AUTH_HEADER, ::std::format!("{} {}", super::runtime::AUTH_SCHEME, session));
        }
        if let ::std::option::Option::Some(body) = body {
            request = request
                .header("Content-Type", super::runtime::REQUEST_MEDIA_TYPE)
                .body(::serde_json::to_vec(body).unwrap_or_default());
        }
        let response = request.send().await.map_err(|e| self.transport(e))?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(|e| self.transport(e))?;
        ::std::result::Result::Ok((status, bytes.to_vec()))
    }

    fn transport(&self, e: ::reqwest::Error) -> Error {
        if e.is_timeout() {
            Error::Timeout { after: self.timeout }
        } else {
            Error::Connection { message: e.without_url().to_string() }
        }
    }

    /// One operation's call: `request` goes where `wire` says, to `path` (a template) with the
    /// values of its parameters in order.
    async fn call_operation<R: ::serde::Serialize, T: ::serde::de::DeserializeOwned>(
        &self,
        wire: &super::runtime::Wire,
        path: &str,
        params: &[&str],
        request: &R,
    ) -> ::std::result::Result<T, Error> {
        let path = fill(path, params)?;
        let value = ::serde_json::to_value(request).map_err(|e| Error::InvalidParameter { message: e.to_string() })?;
        let (body, query) = wire.split(value);
        let method = ::reqwest::Method::from_bytes(wire.method.as_bytes())
            .map_err(|e| Error::InvalidParameter { message: e.to_string() })?;
        self.call(method, &path, &query, body.as_ref(), wire.auth).await
    }

    /// One call: the request, then whatever the server's answer needs.
    async fn call<T: ::serde::de::DeserializeOwned>(
        &self,
        method: ::reqwest::Method,
        path: &str,
        query: &[(::std::string::String, ::std::string::String)],
        body: ::std::option::Option<&::serde_json::Value>,
        auth: bool,
    ) -> ::std::result::Result<T, Error> {
        let deadline = ::std::time::Instant::now() + self.timeout;
        let url = ::std::format!("{}{}", self.base, path);
        let (status, bytes) = self.send(method, &url, query, body, auth, deadline).await?;
        match status {
            #[cfg(not(docs2api_omits = "jobs"))]
            super::runtime::ACCEPTED => self.follow_job(status, &bytes, auth, deadline).await,
            200..=299 => decode(status, &bytes),
            _ => ::std::result::Result::Err(failure(status, &bytes)),
        }
    }

    /// The accepted status: reads the job's location and polls it until the job answers.
    #[cfg(not(docs2api_omits = "jobs"))]
    async fn follow_job<T: ::serde::de::DeserializeOwned>(
        &self,
        status: u16,
        bytes: &[u8],
        auth: bool,
        deadline: ::std::time::Instant,
    ) -> ::std::result::Result<T, Error> {
        let field = super::runtime::JOB_LOCATION_FIELD;
        let location = super::runtime::decode::<::serde_json::Value>(bytes)
            .ok()
            .and_then(|body| body.get(field).and_then(|l| l.as_str()).map(str::to_owned))
            .ok_or_else(|| Error::Decode {
                status,
                message: ::std::format!("no `{field}` in the accepted response"),
                body: ::std::string::String::from_utf8_lossy(bytes).into_owned(),
            })?;
        // The job URL is rebuilt on this client's base: the server's own idea of its address
        // may not be reachable from here (a proxy, a container).
        let url = match location.find(super::runtime::JOB_PATH_PREFIX) {
            ::std::option::Option::Some(at) => ::std::format!("{}{}", self.base, &location[at..]),
            ::std::option::Option::None => location.clone(),
        };
        loop {
            let remaining = deadline.saturating_duration_since(::std::time::Instant::now());
            ::tokio::time::sleep(self.poll_interval.min(remaining)).await;
            let (status, bytes) =
                self.send(::reqwest::Method::GET, &url, &[], ::std::option::Option::None, auth, deadline).await?;
            match status {
                super::runtime::ACCEPTED => continue,
                super::runtime::EXPIRED => return ::std::result::Result::Err(Error::JobExpired { location }),
                200..=299 => return decode(status, &bytes),
                _ => return ::std::result::Result::Err(failure(status, &bytes)),
            }
        }
    }
}

/// The session the clones of a client share.
type SharedSession = ::std::sync::Arc<::std::sync::RwLock<::std::option::Option<::std::string::String>>>;

/// A password for the login helper: as the user knows it, which the helper sends as the digest
/// the server wants, or that digest already made (`Password::Digest`), sent as it is. A `&str` or
/// `String` is a plain password.
#[cfg(not(docs2api_omits = "sessions"))]
#[derive(Clone)]
pub enum Password {
    Plain(::std::string::String),
    Digest(::std::string::String),
}

#[cfg(not(docs2api_omits = "sessions"))]
impl Password {
    /// What is sent: the SHA-512 hex digest of a plain password, a digest as it is.
    pub fn sha512_hex(&self) -> ::std::string::String {
        match self {
            Password::Plain(plain) => sha512_hex(plain.as_bytes()),
            Password::Digest(digest) => digest.clone(),
        }
    }
}

/// A password never appears in debug output.
#[cfg(not(docs2api_omits = "sessions"))]
impl ::std::fmt::Debug for Password {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str(match self {
            Password::Plain(_) => "Password::Plain(<redacted>)",
            Password::Digest(_) => "Password::Digest(<redacted>)",
        })
    }
}

#[cfg(not(docs2api_omits = "sessions"))]
impl ::std::convert::From<&str> for Password {
    fn from(plain: &str) -> Self {
        Password::Plain(plain.to_owned())
    }
}

#[cfg(not(docs2api_omits = "sessions"))]
impl ::std::convert::From<::std::string::String> for Password {
    fn from(plain: ::std::string::String) -> Self {
        Password::Plain(plain)
    }
}

include!("sha512.rs");

/// The login helper's exchange: the session operations' methods (generated) call these. They
/// are compiled even when the crate's features leave the session operations out.
#[cfg(not(docs2api_omits = "sessions"))]
#[allow(dead_code)]
impl Client {
    /// Calls the operation that opens a session and keeps the session of its reply (at
    /// [`SESSION_AT`](super::runtime::SESSION_AT)) for every clone.
    async fn open_session<T: ::serde::de::DeserializeOwned>(
        &self,
        wire: &super::runtime::Wire,
        path: &str,
        request: &::serde_json::Value,
    ) -> ::std::result::Result<T, Error> {
        let reply: ::serde_json::Value = self.call_operation(wire, path, &[], request).await?;
        let at = super::runtime::SESSION_AT;
        let session = at.iter().try_fold(&reply, |value, key| value.get(*key)).and_then(::serde_json::Value::as_str);
        let ::std::option::Option::Some(session) = session else {
            let message = ::std::format!("no session at `{}` in the reply", at.join("."));
            return ::std::result::Result::Err(Error::Decode { status: 200, message, body: reply.to_string() });
        };
        self.set_session(::std::option::Option::Some(session.to_owned()));
        decode(200, reply.to_string().as_bytes())
    }

    /// Calls the operation that ends a session, on the client's session (the path's one
    /// parameter), and forgets the session once the server has ended it.
    async fn end_session<T: ::serde::de::DeserializeOwned>(
        &self,
        wire: &super::runtime::Wire,
        path: &str,
    ) -> ::std::result::Result<T, Error> {
        let ::std::option::Option::Some(session) = self.session() else {
            let message = "the client has no session to end".to_owned();
            return ::std::result::Result::Err(Error::InvalidParameter { message });
        };
        let request = ::serde_json::Value::Object(::serde_json::Map::new());
        let reply = self.call_operation(wire, path, &[&session], &request).await?;
        // A clone may have logged in again meanwhile: that session stays.
        if self.session().as_deref() == ::std::option::Option::Some(session.as_str()) {
            self.set_session(::std::option::Option::None);
        }
        ::std::result::Result::Ok(reply)
    }
}

/// A path template with each `{parameter}` replaced by the next value, encoded as one segment.
fn fill(template: &str, values: &[&str]) -> ::std::result::Result<::std::string::String, Error> {
    let mut path = ::std::string::String::with_capacity(template.len());
    let mut values = values.iter();
    let mut rest = template;
    while let ::std::option::Option::Some((before, after)) = rest.split_once('{') {
        let ::std::option::Option::Some((name, after)) = after.split_once('}') else { break };
        path.push_str(before);
        let value = values.next().copied().unwrap_or_default();
        let segment =
            super::runtime::encode_segment(name, value).map_err(|message| Error::InvalidParameter { message })?;
        path.push_str(&segment);
        rest = after;
    }
    path.push_str(rest);
    ::std::result::Result::Ok(path)
}

fn decode<T: ::serde::de::DeserializeOwned>(status: u16, bytes: &[u8]) -> ::std::result::Result<T, Error> {
    super::runtime::decode(bytes).map_err(|message| Error::Decode {
        status,
        message,
        body: ::std::string::String::from_utf8_lossy(bytes).into_owned(),
    })
}

/// The failure status with its error body, or any other status as text.
#[cfg(not(docs2api_omits = "failure"))]
fn failure(status: u16, bytes: &[u8]) -> Error {
    if status == super::runtime::FAILURE_STATUS
        && let ::std::result::Result::Ok(::serde_json::Value::Object(mut body)) =
            ::serde_json::from_slice::<::serde_json::Value>(bytes)
        && let ::std::option::Option::Some(error) = body.remove(super::runtime::FAILURE_FIELD)
        && let ::std::result::Result::Ok(error) = super::runtime::decode_value(error)
    {
        return Error::Api { status, error: ::std::boxed::Box::new(error) };
    }
    Error::Http { status, body: ::std::string::String::from_utf8_lossy(bytes).into_owned() }
}

/// Any failing status as text: the API has no failure body.
#[cfg(docs2api_omits = "failure")]
fn failure(status: u16, bytes: &[u8]) -> Error {
    Error::Http { status, body: ::std::string::String::from_utf8_lossy(bytes).into_owned() }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use axum::Router;
    use axum::extract::{Path, RawQuery, State};
    use axum::http::{HeaderMap, StatusCode};
    use axum::routing::{get, post};
    use serde_json::{Value, json};

    use super::*;
    use crate::runtime::{ACCEPTED, AUTH_HEADER, EXPIRED, FAILURE_STATUS, JOB_LOCATION_FIELD, JOB_PATH};

    type Answer = (StatusCode, String);

    fn status(code: u16) -> StatusCode {
        StatusCode::from_u16(code).unwrap()
    }

    /// The request as the server saw it: the session header, the content type, query and body.
    async fn echo(headers: HeaderMap, RawQuery(query): RawQuery, body: String) -> Answer {
        let header = |name: &str| headers.get(name).map(|v| v.to_str().unwrap().to_owned());
        let seen = json!({"auth": header(AUTH_HEADER), "type": header("content-type"), "query": query, "body": body});
        (StatusCode::OK, seen.to_string())
    }

    /// A job that answers `accepted` once, then its result; `gone` has expired; `forever` runs on.
    async fn job(State(polls): State<Arc<AtomicUsize>>, Path(id): Path<String>) -> Answer {
        match id.as_str() {
            "7" if polls.fetch_add(1, Ordering::Relaxed) == 0 => (status(ACCEPTED), "{}".into()),
            "7" => (StatusCode::OK, r#"{"n": 2.0}"#.into()),
            "forever" => (status(ACCEPTED), "{}".into()),
            _ => (status(EXPIRED), "expired".into()),
        }
    }

    fn accepted(id: &str) -> Answer {
        // Another host than the client's: the client rebuilds the URL on its base.
        (status(ACCEPTED), json!({ JOB_LOCATION_FIELD: format!("http://elsewhere.invalid/jobs/{id}") }).to_string())
    }

    fn server() -> Router {
        Router::new()
            .route("/echo", post(echo))
            .route("/decimal", get(|| async { (StatusCode::OK, r#"{"n": 1.0}"#) }))
            .route("/failure", get(|| async { (status(FAILURE_STATUS), r#"{"error": {"code": "E1"}}"#) }))
            .route("/busy", get(|| async { (status(FAILURE_STATUS), "busy") }))
            .route("/refused", get(|| async { (StatusCode::BAD_REQUEST, "bad") }))
            .route("/job", post(|| async { accepted("7") }))
            .route("/gone", post(|| async { accepted("gone") }))
            .route("/forever", post(|| async { accepted("forever") }))
            .route("/nowhere", post(|| async { (status(ACCEPTED), "{}") }))
            .route(JOB_PATH, get(job))
            .with_state(Arc::new(AtomicUsize::new(0)))
    }

    async fn serve() -> Client {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}/", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, server()).await });
        Client::new(base).with_session("s3cret").with_poll_interval(Duration::from_millis(5))
    }

    #[derive(Debug, serde::Deserialize)]
    struct Count {
        n: i64,
    }

    async fn get_count(client: &Client, path: &str) -> Result<Count, Error> {
        client.call(reqwest::Method::GET, path, &[], None, true).await
    }

    async fn post_count(client: &Client, path: &str) -> Result<Count, Error> {
        client.call(reqwest::Method::POST, path, &[], Some(&json!({})), true).await
    }

    #[tokio::test]
    async fn a_call_sends_the_session_the_media_type_the_query_and_the_body() {
        let client = serve().await;
        let query = [("a".to_owned(), "x y".to_owned())];
        let body = json!({"k": 1});
        let seen: Value = client.call(reqwest::Method::POST, "/echo", &query, Some(&body), true).await.unwrap();
        assert_eq!(seen["auth"], "OAuth s3cret");
        assert_eq!(seen["type"], crate::runtime::REQUEST_MEDIA_TYPE);
        assert_eq!(seen["query"], "a=x+y");
        assert_eq!(seen["body"], r#"{"k":1}"#);
        let seen: Value = client.call(reqwest::Method::POST, "/echo", &[], None, false).await.unwrap();
        assert_eq!((&seen["auth"], &seen["type"], &seen["body"]), (&Value::Null, &Value::Null, &json!("")));
    }

    #[tokio::test]
    async fn answers_become_results_or_errors() {
        let client = serve().await;
        assert_eq!(get_count(&client, "/decimal").await.unwrap().n, 1);
        match get_count(&client, "/failure").await {
            Err(Error::Api { status, error }) => assert_eq!((status, error.code.as_deref()), (503, Some("E1"))),
            other => panic!("{other:?}"),
        }
        match get_count(&client, "/busy").await {
            Err(Error::Http { status: 503, body }) => assert_eq!(body, "busy"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(get_count(&client, "/refused").await, Err(Error::Http { status: 400, .. })));
        let result: Result<Vec<i64>, Error> = client.call(reqwest::Method::GET, "/decimal", &[], None, true).await;
        assert!(matches!(result, Err(Error::Decode { status: 200, .. })), "{result:?}");
    }

    #[tokio::test]
    async fn accepted_calls_poll_their_job_on_the_clients_base() {
        let client = serve().await;
        assert_eq!(post_count(&client, "/job").await.unwrap().n, 2);
        assert!(matches!(post_count(&client, "/gone").await, Err(Error::JobExpired { .. })));
        let client = client.with_timeout(Duration::from_millis(50));
        assert!(matches!(post_count(&client, "/forever").await, Err(Error::Timeout { .. })));
        match post_count(&client, "/nowhere").await {
            Err(Error::Decode { message, .. }) => assert_eq!(message, "no `jobUrl` in the accepted response"),
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn unreachable_servers_and_bad_urls_are_errors() {
        let result = get_count(&Client::new("http://127.0.0.1:1"), "/").await;
        assert!(matches!(result, Err(Error::Connection { .. })), "{result:?}");
        let result = get_count(&Client::new("not a url"), "/").await;
        assert!(matches!(result, Err(Error::InvalidParameter { .. })), "{result:?}");
    }

    /// A login route that issues `s9` and a logout route that echoes the session it ends.
    fn session_server() -> Router {
        Router::new()
            .route(
                "/login",
                axum::routing::put(|body: String| async move {
                    (StatusCode::OK, json!({"inventory": {"uuid": "s9"}, "sent": body}).to_string())
                }),
            )
            .route("/nologin", axum::routing::put(|| async { (StatusCode::OK, "{}") }))
            .route(
                "/sessions/{id}",
                axum::routing::delete(|Path(id): Path<String>| async move {
                    (StatusCode::OK, json!({"ended": id}).to_string())
                }),
            )
    }

    const LOG_IN: crate::runtime::Wire = crate::runtime::Wire {
        id: "LogIn",
        method: "PUT",
        auth: false,
        asynchronous: false,
        body: true,
        wrapper: Some("logIn"),
        wrapped: &["name"],
        query: &[],
    };
    const LOG_OUT: crate::runtime::Wire =
        crate::runtime::Wire { id: "LogOut", method: "DELETE", body: false, wrapper: None, wrapped: &[], ..LOG_IN };

    #[tokio::test]
    async fn log_in_keeps_the_session_for_every_clone_and_log_out_forgets_it() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let client = Client::new(format!("http://{}", listener.local_addr().unwrap()));
        tokio::spawn(async move { axum::serve(listener, session_server()).await });
        let clone = client.clone();
        let ended: Result<Value, Error> = client.end_session(&LOG_OUT, "/sessions/{id}").await;
        assert!(matches!(ended, Err(Error::InvalidParameter { .. })), "{ended:?}");
        let reply: Value = client.open_session(&LOG_IN, "/login", &json!({"name": "n"})).await.unwrap();
        assert_eq!(reply["sent"], r#"{"logIn":{"name":"n"}}"#);
        assert_eq!(clone.session().as_deref(), Some("s9"), "clones share the session");
        let reply: Value = clone.end_session(&LOG_OUT, "/sessions/{id}").await.unwrap();
        assert_eq!((reply["ended"].as_str(), client.session()), (Some("s9"), None));
        let missing: Result<Value, Error> = client.open_session(&LOG_IN, "/nologin", &json!({})).await;
        assert!(
            matches!(&missing, Err(Error::Decode { message, .. }) if message.contains("inventory.uuid")),
            "{missing:?}"
        );
        assert_eq!(Password::from("password").sha512_hex()[..16], *"b109f3bbbc244eb8");
        assert_eq!(Password::Digest("abc".into()).sha512_hex(), "abc");
        assert!(!format!("{:?}", Password::from("secret")).contains("secret"));
    }

    #[test]
    fn the_session_is_redacted_and_errors_read_well() {
        let client = Client::new("http://host/").with_session("s3cret");
        assert_eq!(client.base_url(), "http://host");
        assert!(!format!("{client:?}").contains("s3cret"));
        assert_eq!(Error::Http { status: 400, body: "bad".into() }.to_string(), "HTTP 400: bad");
        let expired = Error::JobExpired { location: "http://host/jobs/1".into() };
        assert_eq!(expired.to_string(), "the job at http://host/jobs/1 has expired");
    }
}
