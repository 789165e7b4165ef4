//! The generated crate's `runtime` module: this API's protocol as constants, then the support code
//! shared by the types, the client and the server (`fixed/runtime.rs`, the same for every API),
//! which reads the constants.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::RustError;
use super::fixed;
use super::plan::{FailurePlan, MessagePlan, Plan};
use super::types::rust_type;
use crate::model::AsyncJobs;

pub fn runtime(plan: &Plan) -> Result<TokenStream, RustError> {
    let protocol = protocol(plan);
    let fixed = fixed::items(plan, "runtime")?;
    Ok(quote! {
        #protocol
        #(#fixed)*
    })
}

/// How long a call may take by default when the API has no job protocol to say: 5 minutes.
const DEFAULT_TIMEOUT_MS: u64 = 5 * 60 * 1000;

/// The values the fixed code reads that vary from API to API.
fn protocol(plan: &Plan) -> TokenStream {
    let (header, scheme, media_type) = (&plan.auth.header, &plan.auth.scheme, &plan.request_media_type);
    let MessagePlan { missing_auth, wrong_auth_scheme, no_operation_key, .. } = &plan.messages;
    // The server's job timeout bounds a call that polls; without jobs, a call is one exchange.
    let timeout_ms = plan.jobs.as_ref().map_or(DEFAULT_TIMEOUT_MS, |j| j.timeout_ms);
    let timeout_doc = match plan.jobs {
        Some(_) => format!(
            " How long a job may run, in milliseconds ({}): the default of a call, polling included, and of the server's jobs.",
            duration_words(timeout_ms)
        ),
        None => format!(" How long a call may take by default, in milliseconds ({}).", duration_words(timeout_ms)),
    };
    let timeout = Literal::u64_unsuffixed(timeout_ms);
    let jobs = plan.jobs.as_ref().map(|j| jobs(j, &plan.messages));
    let failure = plan.failure.as_ref().map(failure);
    let sessions = sessions(plan);
    let format = match &plan.timestamp_format {
        Some(f) => quote!(::std::option::Option::Some(#f)),
        None => quote!(::std::option::Option::None),
    };
    quote! {
        /// The request header that carries the session.
        pub const AUTH_HEADER: &str = #header;
        /// What comes before the session in [`AUTH_HEADER`]: `<AUTH_SCHEME> <session>`.
        pub const AUTH_SCHEME: &str = #scheme;
        /// The media type of request bodies.
        pub const REQUEST_MEDIA_TYPE: &str = #media_type;
        #[doc = #timeout_doc]
        pub const TIMEOUT_MS: u64 = #timeout;
        /// The 400 answer's text to a request without the session header.
        pub const MISSING_AUTH: &str = #missing_auth;
        /// The 400 answer's text to a session header without the scheme or the session.
        pub const WRONG_AUTH_SCHEME: &str = #wrong_auth_scheme;
        /// The 400 answer's text to a request on a route that several operations share, whose body
        /// holds none of their keys (`{keys}`, in the order of the operations' ids).
        pub const NO_OPERATION_KEY: &str = #no_operation_key;
        #jobs
        #failure
        #sessions

        impl Timestamp {
            /// The format of the server's text, if known.
            pub const FORMAT: ::std::option::Option<&'static str> = #format;
        }
    }
}

/// The asynchronous protocol: how a call is accepted as a job, and the job's URL.
fn jobs(j: &AsyncJobs, messages: &MessagePlan) -> TokenStream {
    let (accepted, expired) = (Literal::u16_unsuffixed(j.accepted), Literal::u16_unsuffixed(j.expired));
    let location = &j.location_field;
    let timeout_field = match &j.timeout_field {
        Some(t) => quote!(::std::option::Option::Some(#t)),
        None => quote!(::std::option::Option::None),
    };
    let (path, prefix, id) = (j.path.as_str(), j.path.literal_prefix(), j.id_variable().unwrap_or_default());
    let expired_text = &messages.job_expired;
    quote! {
        /// The status of a call accepted as a job; the job's URL answers it while the job runs.
        pub const ACCEPTED: u16 = #accepted;
        /// The status of the job's URL once the job has expired, or for a job it does not know.
        pub const EXPIRED: u16 = #expired;
        /// The field of the accepted answer that holds the job's URL.
        pub const JOB_LOCATION_FIELD: &str = #location;
        /// The field of the accepted answer that announces the job timeout, if there is one.
        pub const JOB_TIMEOUT_FIELD: ::std::option::Option<&str> = #timeout_field;
        /// The route of the job's URL.
        pub const JOB_PATH: &str = #path;
        /// The job's URL up to the job's id.
        pub const JOB_PATH_PREFIX: &str = #prefix;
        /// The path parameter of [`JOB_PATH`] that names the job.
        pub const JOB_ID: &str = #id;
        /// The text of the job URL's answer once the job has expired.
        pub const JOB_EXPIRED: &str = #expired_text;
    }
}

/// The failure body: the status of a call that ran and failed, and where its error is.
fn failure(f: &FailurePlan) -> TokenStream {
    let (status, field, error) = (Literal::u16_unsuffixed(f.status), &f.field, rust_type(&f.ty));
    quote! {
        /// The status of a call that ran and failed; the body holds the error under [`FAILURE_FIELD`].
        pub const FAILURE_STATUS: u16 = #status;
        /// The field of the failure body that holds the error.
        pub const FAILURE_FIELD: &str = #field;
        /// The error of a call that ran and failed.
        pub type ApiError = #error;
    }
}

/// The error a server answers to a session it does not know, and where a login's reply holds
/// the session; docs2api's generic words where the profile names no session operations.
fn sessions(plan: &Plan) -> TokenStream {
    let (code, description) = match &plan.sessions {
        Some(s) => (s.unknown.code.as_str(), s.unknown.description.as_str()),
        None => ("unknown-session", "the session is unknown or has ended"),
    };
    let at = plan.sessions.iter().flat_map(|s| &s.session_at);
    quote! {
        /// The code of the error answered to a session the server does not know.
        pub const UNKNOWN_SESSION_CODE: &str = #code;
        /// The description of that error.
        pub const UNKNOWN_SESSION_DESCRIPTION: &str = #description;
        /// Where a login's reply holds the session: the keys from the root.
        pub const SESSION_AT: &[&str] = &[#(#at),*];
    }
}

/// `3 h`, `5 min`, `90 s`, `1500 ms`: a duration in the largest unit that divides it.
fn duration_words(ms: u64) -> String {
    match ms {
        ms if ms >= 3_600_000 && ms % 3_600_000 == 0 => format!("{} h", ms / 3_600_000),
        ms if ms >= 60_000 && ms % 60_000 == 0 => format!("{} min", ms / 60_000),
        ms if ms >= 1000 && ms % 1000 == 0 => format!("{} s", ms / 1000),
        ms => format!("{ms} ms"),
    }
}
