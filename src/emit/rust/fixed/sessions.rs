// The servers' sessions (included by `server.rs`): the hook a server asks whether a session is
// valid ([`SessionCheck`], set in [`ServerConfig`]), a store of sessions that gives one
// ([`Sessions`]), the answer to a session the server does not know, and the mock's login and
// logout, which issue and end sessions in the mock's store.
//
// The hook is a `ServerConfig` setting, not a trait method: the traits are per API group, and
// whether a session is valid belongs to none of them (it is the REST layer's, asked before any
// operation runs); a setting also leaves every implementation of the traits as it was.

/// Whether a session is valid: asked on every operation that needs a session, after the header
/// has been read. Without one (`ServerConfig::session_check` is `None`), any session is accepted.
#[derive(Clone)]
pub struct SessionCheck(::std::sync::Arc<dyn Fn(&str) -> bool + ::std::marker::Send + ::std::marker::Sync>);

impl SessionCheck {
    pub fn new(check: impl Fn(&str) -> bool + ::std::marker::Send + ::std::marker::Sync + 'static) -> Self {
        SessionCheck(::std::sync::Arc::new(check))
    }

    pub fn accepts(&self, session: &str) -> bool {
        (self.0)(session)
    }
}

impl ::std::fmt::Debug for SessionCheck {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("SessionCheck(..)")
    }
}

/// A set of valid sessions, shared by its clones: a server's own store, or the mock's.
#[derive(Debug, Clone, Default)]
pub struct Sessions(::std::sync::Arc<::std::sync::Mutex<::std::collections::BTreeSet<::std::string::String>>>);

impl Sessions {
    /// A store that knows these sessions.
    pub fn new<S: ::std::convert::Into<::std::string::String>>(sessions: impl ::std::iter::IntoIterator<Item = S>) -> Self {
        let store = Sessions::default();
        sessions.into_iter().for_each(|s| store.open(s));
        store
    }

    fn set(&self) -> ::std::sync::MutexGuard<'_, ::std::collections::BTreeSet<::std::string::String>> {
        self.0.lock().unwrap_or_else(::std::sync::PoisonError::into_inner)
    }

    pub fn open(&self, session: impl ::std::convert::Into<::std::string::String>) {
        self.set().insert(session.into());
    }

    /// Ends a session; whether the store knew it.
    pub fn end(&self, session: &str) -> bool {
        self.set().remove(session)
    }

    pub fn contains(&self, session: &str) -> bool {
        self.set().contains(session)
    }

    /// A new session, kept: 32 hex digits, as ZStack's UUIDs without dashes.
    pub fn issue(&self) -> ::std::string::String {
        static NEXT: ::std::sync::atomic::AtomicU64 = ::std::sync::atomic::AtomicU64::new(1);
        let now = ::std::time::SystemTime::now().duration_since(::std::time::UNIX_EPOCH).unwrap_or_default();
        let count = NEXT.fetch_add(1, ::std::sync::atomic::Ordering::Relaxed);
        let session = ::std::format!("{:016x}{:016x}", now.as_nanos() as u64, count);
        self.open(session.clone());
        session
    }

    /// The check that accepts the sessions of this store, as it is at each call.
    pub fn check(&self) -> SessionCheck {
        let store = self.clone();
        SessionCheck::new(move |session| store.contains(session))
    }
}

/// The answer to a session the server does not know: a failed call, with the failure body.
#[cfg(not(docs2api_omits = "failure"))]
fn unknown_session() -> ::axum::response::Response {
    let error = ::serde_json::json!({
        "code": super::runtime::UNKNOWN_SESSION_CODE,
        "description": super::runtime::UNKNOWN_SESSION_DESCRIPTION,
        "details": "the session is unknown, or has expired or ended",
    });
    let mut body = ::serde_json::Map::new();
    body.insert(super::runtime::FAILURE_FIELD.to_owned(), error);
    json(super::runtime::FAILURE_STATUS, &::serde_json::Value::Object(body))
}

/// The answer to a session the server does not know, where the API has no failure body: 401.
#[cfg(docs2api_omits = "failure")]
fn unknown_session() -> ::axum::response::Response {
    text(401, super::runtime::UNKNOWN_SESSION_DESCRIPTION)
}

impl<T> ServerState<T> {
    /// The context of a request whose session the server knows; the answer to one it does not.
    fn known(&self, context: Context) -> ::std::result::Result<Context, ::axum::response::Response> {
        match (&self.session_check, &context.session) {
            (::std::option::Option::Some(check), ::std::option::Option::Some(session)) if !check.accepts(session) => {
                ::std::result::Result::Err(unknown_session())
            }
            _ => ::std::result::Result::Ok(context),
        }
    }
}

// `log_in` and `log_out` serve the session operations, which the crate's features may leave out.
#[cfg(not(docs2api_omits = "sessions"))]
#[allow(dead_code)]
impl Mock {
    /// The settings the mock serves with: it accepts the sessions its login issued, and those the
    /// given settings' check accepts.
    pub fn serve_config(&self, mut config: ServerConfig) -> ServerConfig {
        let (own, given) = (self.sessions.clone(), config.session_check.take());
        let check = move |s: &str| own.contains(s) || given.as_ref().is_some_and(|g| g.accepts(s));
        config.session_check = ::std::option::Option::Some(SessionCheck::new(check));
        config
    }

    /// The login's example, with a new session where the login's reply holds it
    /// ([`SESSION_AT`](super::runtime::SESSION_AT)).
    fn log_in<R: ::serde::de::DeserializeOwned>(&self, id: &str) -> ::std::result::Result<R, ServerError> {
        let mut reply = example::<::serde_json::Value>(id)?;
        let mut at = &mut reply;
        for key in super::runtime::SESSION_AT {
            if !at.is_object() {
                *at = ::serde_json::Value::Object(::serde_json::Map::new());
            }
            at = at.as_object_mut().map(|o| o.entry(*key).or_insert(::serde_json::Value::Null)).ok_or_else(|| {
                ServerError::Internal("the login's example is not an object".to_owned())
            })?;
        }
        *at = ::serde_json::Value::String(self.sessions.issue());
        super::runtime::decode_value(reply).map_err(ServerError::Internal)
    }

    /// The logout's example, the session ended.
    fn log_out<R: ::serde::de::DeserializeOwned>(&self, id: &str, session: &str) -> ::std::result::Result<R, ServerError> {
        self.sessions.end(session);
        example(id)
    }
}

/// Without session operations the mock keeps the settings: any session is accepted unless they
/// say otherwise.
#[cfg(docs2api_omits = "sessions")]
impl Mock {
    pub fn serve_config(&self, config: ServerConfig) -> ServerConfig {
        config
    }
}

#[cfg(test)]
mod sessions_tests {
    use super::*;

    async fn status_and_body(response: ::axum::response::Response) -> (u16, ::serde_json::Value) {
        let status = response.status().as_u16();
        let bytes = ::axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        (status, ::serde_json::from_slice(&bytes).unwrap())
    }

    #[tokio::test]
    async fn an_unknown_session_is_a_failed_call_and_a_known_one_passes() {
        let sessions = Sessions::new(["s1"]);
        let state = ServerState { service: (), jobs: Jobs::new(ServerConfig::default()), session_check: Some(sessions.check()) };
        let context = |s: &str| Context { session: Some(s.to_owned()), path: Default::default() };
        assert!(state.known(context("s1")).is_ok());
        let (status, body) = status_and_body(state.known(context("s2")).unwrap_err()).await;
        assert_eq!(status, crate::runtime::FAILURE_STATUS);
        assert_eq!(body["error"]["code"], crate::runtime::UNKNOWN_SESSION_CODE);
        assert_eq!(body["error"]["description"], crate::runtime::UNKNOWN_SESSION_DESCRIPTION);
        assert!(sessions.end("s1") && !sessions.end("s1"));
        assert!(state.known(context("s1")).is_err(), "an ended session is unknown");
        let open = ServerState { service: (), jobs: Jobs::new(ServerConfig::default()), session_check: None };
        assert!(open.known(context("anything")).is_ok(), "without a check any session passes");
    }

    #[test]
    fn the_mock_issues_ends_and_accepts_sessions() {
        let mock = Mock::default();
        let given = Sessions::new(["given"]).check();
        let config = mock.serve_config(ServerConfig { session_check: Some(given), ..ServerConfig::default() });
        let check = config.session_check.unwrap();
        let reply: ::serde_json::Value = mock.log_in("Count").unwrap();
        let session = reply["inventory"]["uuid"].as_str().unwrap().to_owned();
        assert_eq!((session.len(), reply["n"].as_f64()), (32, Some(2.0)), "{reply}");
        assert!(check.accepts(&session) && check.accepts("given") && !check.accepts("other"));
        let _: ::serde_json::Value = mock.log_out("Count", &session).unwrap();
        assert!(!check.accepts(&session));
        assert_ne!(Sessions::default().issue(), Sessions::default().issue());
    }
}
