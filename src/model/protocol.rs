//! How the server speaks beyond each operation's parameters and responses: the failure envelope,
//! the asynchronous job protocol, the session header, the request media type, the dates' text
//! format and the REST layer's own messages.
//!
//! These are facts about a vendor's server that pages rarely state; a profile sets them (the zstack
//! profile from `zstack.yaml`), the resolver reads what the pages show (the session header of the
//! request examples), and the emitters read them here and nowhere else. Without a profile they hold
//! docs2api's generic defaults, none of them a vendor's value.

use serde::Serialize;

use super::{PathTemplate, TypeRef};

/// The protocol of the API's server.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Protocol {
    /// How operations that do not complete at once are polled, if the server has such a protocol.
    pub jobs: Option<AsyncJobs>,
    /// The body a call that ran and failed answers with, if the server has one.
    pub failure: Option<Failure>,
    /// How a session travels.
    pub auth: Auth,
    /// The `Content-Type` a client sends with a JSON body.
    pub request_media_type: String,
    /// The text format of `Timestamp` values on the wire (a `java.text.SimpleDateFormat` pattern
    /// such as `MMM d, yyyy h:mm:ss a`), if known.
    pub timestamp_format: Option<String>,
    /// The plain-text messages the REST layer answers with.
    pub messages: Messages,
    /// The operations that open and end a session, if the profile names them.
    pub sessions: Option<Sessions>,
}

impl Default for Protocol {
    fn default() -> Self {
        Protocol {
            jobs: None,
            failure: None,
            auth: Auth::default(),
            request_media_type: "application/json".into(),
            timestamp_format: None,
            messages: Messages::default(),
            sessions: None,
        }
    }
}

/// The asynchronous job protocol: an operation that does not complete at once answers `accepted`
/// with the job's URL in the body field `location_field`; the job operation, polled at that URL,
/// answers `accepted` again while the job runs, `done` with the operation's result, the failure
/// envelope when it failed, and `expired` when the job is gone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AsyncJobs {
    /// The id of the polling operation in [`super::Api::operations`].
    pub operation_id: String,
    /// The job URL's template (the polling operation's path).
    pub path: PathTemplate,
    pub accepted: u16,
    pub done: u16,
    pub expired: u16,
    /// The accepted body's field that holds the job's URL.
    pub location_field: String,
    /// The accepted body's field that announces how long the job may run, in milliseconds.
    pub timeout_field: Option<String>,
    /// How long the server lets a job run, in milliseconds: what a client waits at most by default
    /// and what a server stub announces.
    pub timeout_ms: u64,
    /// The tag the documents list the polling operation under, and the tag's description: it
    /// belongs to no API group of the pages (it is the REST layer's).
    pub tag: Option<JobTag>,
}

/// The documents' tag of the polling operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobTag {
    pub name: String,
    pub description: String,
}

impl AsyncJobs {
    /// The job URL's variable that names the job (`uuid` of `/api-jobs/{uuid}`).
    pub fn id_variable(&self) -> Option<&str> {
        self.path.variables().next()
    }
}

/// The failure envelope: a call that ran and failed answers `status` with a JSON object whose
/// `field` holds the error.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failure {
    pub status: u16,
    pub field: String,
    /// The error's type (a named type of the pages, or any JSON when no page defines it).
    pub ty: TypeRef,
}

/// The header that carries a session and the scheme word before the token
/// (`Authorization: OAuth <session>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Auth {
    pub header: String,
    pub scheme: String,
}

impl Default for Auth {
    /// RFC 6750's bearer token, where the pages show nothing else.
    fn default() -> Self {
        Auth { header: "Authorization".into(), scheme: "Bearer".into() }
    }
}

/// The REST layer's plain-text messages, as templates: `{header}`, `{scheme}` and `{keys}` stand
/// for the session header, its scheme word and the body keys that select an operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Messages {
    pub missing_auth: String,
    pub wrong_auth_scheme: String,
    pub job_expired: String,
    pub no_operation_key: String,
}

impl Default for Messages {
    fn default() -> Self {
        Messages {
            missing_auth: "the {header} header is missing".into(),
            wrong_auth_scheme: "the {header} header must be `{scheme} <session>`".into(),
            job_expired: "the job has expired or is unknown".into(),
            no_operation_key: "the body holds none of {keys}, the keys that select an operation at this URL".into(),
        }
    }
}

impl Messages {
    /// A message with its placeholders filled.
    pub fn fill(template: &str, auth: &Auth, keys: &str) -> String {
        template.replace("{header}", &auth.header).replace("{scheme}", &auth.scheme).replace("{keys}", keys)
    }
}

/// The operations that open and end a session: the client's login helper calls them and keeps
/// the session; the servers know the sessions the first issued until the second ends them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sessions {
    /// The operation that opens a session.
    pub log_in: String,
    /// Where the session is in its reply: the keys from the root (`inventory`, `uuid`).
    pub session_at: Vec<String>,
    /// The request fields sent as a digest of what the user gives (`password`).
    pub digests: std::collections::BTreeMap<String, Digest>,
    /// The operation that ends a session; its one path parameter names the session.
    pub log_out: String,
    /// What a server answers, in its failure body, to a session it does not know.
    pub unknown: SessionError,
}

/// How a field's value is sent: the digest of what the user gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum Digest {
    /// SHA-512 (FIPS 180-4), in lower-case hex.
    #[serde(rename = "sha512-hex")]
    Sha512Hex,
}

/// The error of a failure body: its code and description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionError {
    pub code: String,
    pub description: String,
}
