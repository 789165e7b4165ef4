//! The code every generated crate holds word for word (`src/emit/rust/fixed/`), compiled, linted
//! and tested as ordinary Rust. This crate is laid out as a generated crate is: the fixed files are
//! its `runtime`, `client` and `server` modules, and a stand-in takes the place of what docs2api
//! generates per API (the protocol constants of `runtime`, the error type of `types`). The tests
//! themselves are the `tests` modules of the fixed files (docs2api leaves them out of what it
//! generates).
//!
//! As they are, the files hold every part that only some APIs have (jobs, the failure body,
//! actions sharing a route, operations without auth); docs2api drops a part an API lacks by its
//! `#[cfg(not(docs2api_omits = "…"))]` mark and keeps what `#[cfg(docs2api_omits = "…")]` marks for
//! it instead. Those `cfg`s are not known to the compiler: here they are simply unset.
#![allow(unexpected_cfgs)]

#[allow(dead_code)]
#[path = "../src/emit/rust/fixed/runtime.rs"]
mod fixed_runtime;

/// The generated `runtime` module: the fixed items and an API's protocol (a made-up one).
#[allow(dead_code)]
mod runtime {
    pub use super::fixed_runtime::*;

    pub const AUTH_HEADER: &str = "Authorization";
    pub const AUTH_SCHEME: &str = "OAuth";
    pub const REQUEST_MEDIA_TYPE: &str = "application/json;charset=UTF-8";
    pub const TIMEOUT_MS: u64 = 60_000;
    pub const MISSING_AUTH: &str = "no session header";
    pub const WRONG_AUTH_SCHEME: &str = "not an OAuth session";
    pub const NO_OPERATION_KEY: &str = "the body holds none of {keys}";
    pub const ACCEPTED: u16 = 202;
    pub const EXPIRED: u16 = 410;
    pub const JOB_LOCATION_FIELD: &str = "jobUrl";
    pub const JOB_TIMEOUT_FIELD: Option<&str> = Some("timeout");
    pub const JOB_PATH: &str = "/jobs/{id}";
    pub const JOB_PATH_PREFIX: &str = "/jobs/";
    pub const JOB_ID: &str = "id";
    pub const JOB_EXPIRED: &str = "the job has expired";
    pub const FAILURE_STATUS: u16 = 503;
    pub const FAILURE_FIELD: &str = "error";
    pub type ApiError = super::types::ErrorCode;
    pub const UNKNOWN_SESSION_CODE: &str = "ID.1001";
    pub const UNKNOWN_SESSION_DESCRIPTION: &str = "Session expired";
    pub const SESSION_AT: &[&str] = &["inventory", "uuid"];

    impl Timestamp {
        pub const FORMAT: Option<&'static str> = None;
    }
}

/// The generated `types` module: the API's error type.
mod types {
    #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
    pub struct ErrorCode {
        pub code: Option<String>,
    }
}

// The lints the generated module declarations allow (src/emit/rust/mod.rs `MODULES`), and dead
// code: an API's operations are what use most of these items.
#[allow(dead_code)]
#[path = "../src/emit/rust/fixed/client.rs"]
mod client;

#[allow(dead_code, clippy::too_many_arguments, clippy::result_large_err)]
#[path = "../src/emit/rust/fixed/server.rs"]
mod server;
