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
    retry: RetryPolicy,
}

/// The session never appears in debug output.
impl ::std::fmt::Debug for Client {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base)
            .field("session", &self.session().map(|_| "<redacted>"))
            .field("poll_interval", &self.poll_interval)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
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
            retry: RetryPolicy::default(),
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

    /// How calls that failed on the connection, or with a server error, are tried again (default
    /// [`RetryPolicy::default`]; [`RetryPolicy::none`] turns it off).
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
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

    /// Sends one request and reads the whole response: once, and again as the retry policy says.
    async fn send(
        &self,
        method: ::reqwest::Method,
        url: &str,
        query: &[(::std::string::String, ::std::string::String)],
        body: ::std::option::Option<&::serde_json::Value>,
        auth: bool,
        deadline: ::std::time::Instant,
    ) -> ::std::result::Result<(u16, ::std::vec::Vec<u8>), Error> {
        let mut retries = 0;
        loop {
            let outcome = self.send_once(method.clone(), url, query, body, auth, deadline).await;
            let remaining = deadline.saturating_duration_since(::std::time::Instant::now());
            match self.retry.delay(&method, &outcome, retries) {
                ::std::option::Option::Some(delay) if delay < remaining => ::tokio::time::sleep(delay).await,
                _ => return outcome.map_err(|failed| failed.error),
            }
            retries += 1;
        }
    }

    /// Sends one request and reads the whole response, once.
    async fn send_once(
        &self,
        method: ::reqwest::Method,
        url: &str,
        query: &[(::std::string::String, ::std::string::String)],
        body: ::std::option::Option<&::serde_json::Value>,
        auth: bool,
        deadline: ::std::time::Instant,
    ) -> ::std::result::Result<(u16, ::std::vec::Vec<u8>), Failed> {
        let remaining = deadline.saturating_duration_since(::std::time::Instant::now());
        if remaining.is_zero() {
            return ::std::result::Result::Err(Failed::fatal(Error::Timeout { after: self.timeout }));
        }
        let mut url = ::reqwest::Url::parse(url).map_err(|e| {
            Failed::fatal(Error::InvalidParameter { message: ::std::format!("the URL {url} is not valid: {e}") })
        })?;
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
        let response = request.send().await.map_err(|e| Failed {
            unsent: e.is_connect(),
            retryable: !e.is_timeout(),
            error: self.transport(e),
        })?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(|e| Failed {
            unsent: false,
            retryable: !e.is_timeout(),
            error: self.transport(e),
        })?;
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

/// How a call that failed is tried again: up to `attempts` tries in all, waiting `first_delay`
/// before the second, each wait `factor` times the one before, at most `max_delay`, and never past
/// the call's timeout.
///
/// What is tried again: a connection refused (nothing was sent, so it is safe for every method);
/// and for GET and DELETE only, a connection that failed after the request went out, and a 5xx
/// other than the API's failure status (which says the call ran and failed: trying again would
/// not change that). A POST or PUT that reached the server is never sent twice: ZStack's POSTs
/// create and its PUTs are actions (`approve` twice moves a ticket on twice), and either may have
/// run although the answer was lost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Tries in all, the first included (1: no retry).
    pub attempts: u32,
    /// The wait before the second try.
    pub first_delay: ::std::time::Duration,
    /// What each wait is multiplied by for the next.
    pub factor: f64,
    /// The longest wait.
    pub max_delay: ::std::time::Duration,
}

/// On by default, because what it retries is safe: 3 tries, 200 ms then 400 ms apart, 5 s at
/// most.
impl ::std::default::Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 3,
            first_delay: ::std::time::Duration::from_millis(200),
            factor: 2.0,
            max_delay: ::std::time::Duration::from_secs(5),
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

impl RetryPolicy {
    /// One try, no retry.
    pub fn none() -> Self {
        RetryPolicy { attempts: 1, ..RetryPolicy::default() }
    }

    /// `attempts` tries in all, the first wait `first_delay`, doubling up to 5 s.
    pub fn new(attempts: u32, first_delay: ::std::time::Duration) -> Self {
        RetryPolicy { attempts, first_delay, ..RetryPolicy::default() }
    }

    /// Each wait `factor` times the one before.
    pub fn factor(mut self, factor: f64) -> Self {
        self.factor = factor;
        self
    }

    /// The longest wait.
    pub fn max_delay(mut self, max_delay: ::std::time::Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// The wait before trying again after `retries` retries, or `None` when the outcome is not to
    /// be tried again.
    fn delay(
        &self,
        method: &::reqwest::Method,
        outcome: &::std::result::Result<(u16, ::std::vec::Vec<u8>), Failed>,
        retries: u32,
    ) -> ::std::option::Option<::std::time::Duration> {
        let idempotent =
            matches!(*method, ::reqwest::Method::GET | ::reqwest::Method::HEAD | ::reqwest::Method::DELETE);
        let again = match outcome {
            ::std::result::Result::Err(failed) => failed.unsent || (idempotent && failed.retryable),
            ::std::result::Result::Ok((status, _)) => idempotent && retryable_status(*status),
        };
        if !again || retries.saturating_add(1) >= self.attempts {
            return ::std::option::Option::None;
        }
        let exponent = i32::try_from(retries).unwrap_or(i32::MAX);
        let delay = self.first_delay.as_secs_f64() * self.factor.max(1.0).powi(exponent);
        ::std::option::Option::Some(::std::time::Duration::from_secs_f64(delay.min(self.max_delay.as_secs_f64())))
    }
}

/// A try that failed, and whether trying again is safe: `unsent` when the connection was refused
/// (the request never left), `retryable` when the failure was not the time running out.
struct Failed {
    error: Error,
    unsent: bool,
    retryable: bool,
}

impl Failed {
    fn fatal(error: Error) -> Self {
        Failed { error, unsent: false, retryable: false }
    }
}

/// A server error worth another try: any 5xx but the failure status, whose body is the API's
/// answer.
#[cfg(not(docs2api_omits = "failure"))]
fn retryable_status(status: u16) -> bool {
    (500..=599).contains(&status) && status != super::runtime::FAILURE_STATUS
}

/// A server error worth another try: any 5xx (the API has no failure status).
#[cfg(docs2api_omits = "failure")]
fn retryable_status(status: u16) -> bool {
    (500..=599).contains(&status)
}

/// The query-string keys a query's pages are walked with (ZStack's `APIQueryMessage`): where a
/// page starts, how many items it holds, and whether the answer says how many there are in all.
#[cfg(not(docs2api_omits = "pages"))]
pub const PAGE_START: &str = "start";
#[cfg(not(docs2api_omits = "pages"))]
pub const PAGE_LIMIT: &str = "limit";
#[cfg(not(docs2api_omits = "pages"))]
pub const PAGE_COUNT: &str = "replyWithCount";
/// The field of a query's answer with the number of items in all, when asked for.
#[cfg(not(docs2api_omits = "pages"))]
pub const PAGE_TOTAL: &str = "total";
/// How many items a page asks for unless [`Pages::page_size`] says otherwise.
#[cfg(not(docs2api_omits = "pages"))]
pub const DEFAULT_PAGE_SIZE: u32 = 100;

/// Every item of a query, page after page: `start` moves on by the page size until a page comes
/// back short or the total (asked for with the first page) is reached. Read it with
/// [`Pages::next`], or as a `futures_core::Stream`; [`Pages::collect`] reads it all.
/// The request's own `start` is where the walk begins; its `limit` is replaced by the page size.
#[cfg(not(docs2api_omits = "pages"))]
pub struct Pages<T> {
    client: Client,
    wire: &'static super::runtime::Wire,
    path: ::std::string::String,
    request: ::std::result::Result<::serde_json::Value, ::std::option::Option<Error>>,
    items: &'static str,
    page_size: u32,
    start: u64,
    total: ::std::option::Option<u64>,
    buffer: ::std::collections::VecDeque<T>,
    done: bool,
    pending: ::std::option::Option<PageFuture<T>>,
}

#[cfg(not(docs2api_omits = "pages"))]
type PageFuture<T> = ::std::pin::Pin<
    ::std::boxed::Box<
        dyn ::std::future::Future<
                Output = ::std::result::Result<(::std::vec::Vec<T>, ::std::option::Option<u64>), Error>,
            > + ::std::marker::Send,
    >,
>;

// No field is pinned in place: the page in flight is boxed.
#[cfg(not(docs2api_omits = "pages"))]
impl<T> ::std::marker::Unpin for Pages<T> {}

#[cfg(not(docs2api_omits = "pages"))]
impl<T: ::serde::de::DeserializeOwned + ::std::marker::Send + 'static> Pages<T> {
    /// How many items each page asks for (default [`DEFAULT_PAGE_SIZE`]; at least 1).
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = size.max(1);
        self
    }

    /// The number of items in all, once the first page has said it.
    pub fn total(&self) -> ::std::option::Option<u64> {
        self.total
    }

    /// The next item; `None` after the last. An error ends the walk.
    pub async fn next(&mut self) -> ::std::option::Option<::std::result::Result<T, Error>> {
        ::std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    /// Every item left, or the first error.
    pub async fn collect(mut self) -> ::std::result::Result<::std::vec::Vec<T>, Error> {
        let mut all = ::std::vec::Vec::new();
        while let ::std::option::Option::Some(item) = self.next().await {
            all.push(item?);
        }
        ::std::result::Result::Ok(all)
    }

    fn poll_item(
        &mut self,
        cx: &mut ::std::task::Context<'_>,
    ) -> ::std::task::Poll<::std::option::Option<::std::result::Result<T, Error>>> {
        loop {
            if let ::std::option::Option::Some(item) = self.buffer.pop_front() {
                return ::std::task::Poll::Ready(::std::option::Option::Some(::std::result::Result::Ok(item)));
            }
            if self.done {
                return ::std::task::Poll::Ready(::std::option::Option::None);
            }
            let page = match self.pending.as_mut() {
                ::std::option::Option::Some(page) => page,
                ::std::option::Option::None => match self.fetch() {
                    ::std::result::Result::Ok(page) => self.pending.insert(page),
                    ::std::result::Result::Err(e) => return self.fail(e),
                },
            };
            let ::std::task::Poll::Ready(outcome) = ::std::future::Future::poll(page.as_mut(), cx) else {
                return ::std::task::Poll::Pending;
            };
            self.pending = ::std::option::Option::None;
            match outcome {
                ::std::result::Result::Ok((items, total)) => self.take_page(items, total),
                ::std::result::Result::Err(e) => return self.fail(e),
            }
        }
    }

    fn fail(&mut self, e: Error) -> ::std::task::Poll<::std::option::Option<::std::result::Result<T, Error>>> {
        self.done = true;
        ::std::task::Poll::Ready(::std::option::Option::Some(::std::result::Result::Err(e)))
    }

    /// The request of the next page, sent.
    fn fetch(&mut self) -> ::std::result::Result<PageFuture<T>, Error> {
        let mut request = match &mut self.request {
            ::std::result::Result::Ok(request) => request.clone(),
            ::std::result::Result::Err(e) => {
                return ::std::result::Result::Err(
                    e.take().unwrap_or(Error::InvalidParameter { message: "the request does not serialize".into() }),
                );
            }
        };
        if let ::serde_json::Value::Object(map) = &mut request {
            map.insert(PAGE_START.into(), self.start.into());
            map.insert(PAGE_LIMIT.into(), self.page_size.into());
            map.insert(PAGE_COUNT.into(), self.total.is_none().into());
        }
        let (client, wire, path, items) = (self.client.clone(), self.wire, self.path.clone(), self.items);
        ::std::result::Result::Ok(::std::boxed::Box::pin(async move {
            let mut page: ::serde_json::Value = client.call_operation(wire, &path, &[], &request).await?;
            let total = page.get(PAGE_TOTAL).and_then(::serde_json::Value::as_u64);
            let items = page.get_mut(items).map(::serde_json::Value::take).unwrap_or_default();
            let items = match items {
                ::serde_json::Value::Null => ::std::vec::Vec::new(),
                items => super::runtime::decode_value(items).map_err(|message| Error::Decode {
                    status: 200,
                    message,
                    body: ::std::string::String::new(),
                })?,
            };
            ::std::result::Result::Ok((items, total))
        }))
    }

    fn take_page(&mut self, items: ::std::vec::Vec<T>, total: ::std::option::Option<u64>) {
        let count = u64::try_from(items.len()).unwrap_or(u64::MAX);
        self.total = self.total.or(total);
        self.start = self.start.saturating_add(count);
        self.done = count < u64::from(self.page_size) || self.total.is_some_and(|t| self.start >= t);
        self.buffer.extend(items);
    }
}

#[cfg(not(docs2api_omits = "pages"))]
impl<T: ::serde::de::DeserializeOwned + ::std::marker::Send + 'static> ::futures_core::Stream for Pages<T> {
    type Item = ::std::result::Result<T, Error>;

    fn poll_next(
        self: ::std::pin::Pin<&mut Self>,
        cx: &mut ::std::task::Context<'_>,
    ) -> ::std::task::Poll<::std::option::Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

#[cfg(not(docs2api_omits = "pages"))]
impl Client {
    /// The items of a query operation's answer (its field `items`), every page of them.
    fn pages<R: ::serde::Serialize, T: ::serde::de::DeserializeOwned + ::std::marker::Send + 'static>(
        &self,
        wire: &'static super::runtime::Wire,
        path: &str,
        request: &R,
        items: &'static str,
    ) -> Pages<T> {
        let request = ::serde_json::to_value(request)
            .map_err(|e| ::std::option::Option::Some(Error::InvalidParameter { message: e.to_string() }));
        let start = request.as_ref().ok().and_then(|r| r.get(PAGE_START)).and_then(::serde_json::Value::as_u64);
        Pages {
            client: self.clone(),
            wire,
            path: path.to_owned(),
            request,
            items,
            page_size: DEFAULT_PAGE_SIZE,
            start: start.unwrap_or(0),
            total: ::std::option::Option::None,
            buffer: ::std::collections::VecDeque::new(),
            done: false,
            pending: ::std::option::Option::None,
        }
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

    /// A server whose every route fails `fails` times with a 500 before it answers, counting the
    /// requests that reached it.
    async fn flaky(fails: usize) -> (String, Arc<AtomicUsize>) {
        async fn answer(State((fails, seen)): State<(usize, Arc<AtomicUsize>)>) -> Answer {
            if seen.fetch_add(1, Ordering::Relaxed) < fails {
                (StatusCode::INTERNAL_SERVER_ERROR, "try again".into())
            } else {
                (StatusCode::OK, r#"{"n": 1}"#.into())
            }
        }
        let seen = Arc::new(AtomicUsize::new(0));
        let router = Router::new()
            .route("/flaky", get(answer).put(answer).post(answer).delete(answer))
            .with_state((fails, seen.clone()));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await });
        (base, seen)
    }

    fn quick(attempts: u32) -> RetryPolicy {
        RetryPolicy::new(attempts, Duration::from_millis(2)).factor(1.5).max_delay(Duration::from_millis(10))
    }

    async fn flaky_call(method: reqwest::Method, fails: usize, retry: RetryPolicy) -> (Result<Count, Error>, usize) {
        let (base, seen) = flaky(fails).await;
        let client = Client::new(base).with_retry(retry);
        let result = client.call(method, "/flaky", &[], None, true).await;
        (result, seen.load(Ordering::Relaxed))
    }

    #[tokio::test]
    async fn idempotent_calls_are_retried_on_server_errors_as_the_policy_says() {
        let (result, seen) = flaky_call(reqwest::Method::GET, 2, quick(3)).await;
        assert_eq!((result.unwrap().n, seen), (1, 3));
        let (result, seen) = flaky_call(reqwest::Method::DELETE, 2, quick(3)).await;
        assert_eq!((result.unwrap().n, seen), (1, 3));
        let (result, seen) = flaky_call(reqwest::Method::GET, 3, quick(3)).await;
        assert!(matches!(result, Err(Error::Http { status: 500, .. })), "{result:?}");
        assert_eq!(seen, 3, "three tries in all");
        let (result, seen) = flaky_call(reqwest::Method::GET, 1, RetryPolicy::none()).await;
        assert!(matches!(result, Err(Error::Http { status: 500, .. })), "{result:?}");
        assert_eq!(seen, 1);
    }

    #[tokio::test]
    async fn posts_puts_and_the_failure_status_are_not_retried() {
        for method in [reqwest::Method::POST, reqwest::Method::PUT] {
            let (result, seen) = flaky_call(method.clone(), 1, quick(5)).await;
            assert!(matches!(result, Err(Error::Http { status: 500, .. })), "{method}: {result:?}");
            assert_eq!(seen, 1, "{method} reached the server once");
        }
        let client = serve().await.with_retry(quick(5));
        assert!(matches!(get_count(&client, "/failure").await, Err(Error::Api { status: 503, .. })));
    }

    #[tokio::test]
    async fn a_refused_connection_is_retried_for_every_method() {
        // A port that refuses until the server comes up on it, a little later.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        drop(listener);
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(60)).await;
            let listener = tokio::net::TcpListener::bind(address).await.unwrap();
            axum::serve(listener, Router::new().route("/", post(|| async { r#"{"n": 5}"#.to_owned() }))).await
        });
        let retry = RetryPolicy::new(50, Duration::from_millis(5)).factor(1.0);
        let client = Client::new(format!("http://{address}")).with_retry(retry);
        assert_eq!(post_count(&client, "/").await.unwrap().n, 5);
    }

    #[test]
    fn waits_grow_by_the_factor_up_to_the_longest() {
        let policy = RetryPolicy::new(10, Duration::from_millis(100)).factor(2.0).max_delay(Duration::from_millis(350));
        let refused =
            Err(Failed { error: Error::Connection { message: String::new() }, unsent: true, retryable: true });
        let waits: Vec<_> = (0..5).map(|n| policy.delay(&reqwest::Method::POST, &refused, n)).collect();
        let ms = |n: u64| Some(Duration::from_millis(n));
        assert_eq!(waits, [ms(100), ms(200), ms(350), ms(350), ms(350)]);
        assert_eq!(policy.delay(&reqwest::Method::POST, &refused, 9), None, "the tenth try is the last");
        let sent = Err(Failed { error: Error::Connection { message: String::new() }, unsent: false, retryable: true });
        assert_eq!(policy.delay(&reqwest::Method::POST, &sent, 0), None);
        assert_eq!(policy.delay(&reqwest::Method::GET, &sent, 0), ms(100));
        assert_eq!(RetryPolicy::none().delay(&reqwest::Method::GET, &refused, 0), None);
        assert_eq!(RetryPolicy::default().attempts, 3);
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
