//! The generated crate's `client` module: an async client on reqwest with one method per operation.
//!
//! It handles what the server does: a success status with the result; the asynchronous protocol
//! (the accepted status with the job's location in the body, then polling the job until it
//! answers, fails, expires or the time allowed runs out); the failure body as a typed error with the
//! whole error chain; any other status as an error that keeps the status and the text.

use proc_macro2::TokenStream;
use quote::quote;

use super::names::ident;
use super::plan::{OpPlan, Plan};
use super::types::{doc_attrs, rust_type, wire_name};
use crate::model::{Method, PathTemplate};

pub fn client(plan: &Plan) -> TokenStream {
    let error = error_type(plan);
    let client = client_type(plan);
    let methods = plan.ops.iter().map(methods);
    quote! {
        #error
        #client
        impl Client {
            #(#methods)*
        }
    }
}

fn error_type(plan: &Plan) -> TokenStream {
    // Without a failure envelope every failing status is `Http`.
    let api = plan.failure.as_ref().map(|f| {
        let error = rust_type(&f.ty);
        let doc = format!(" The call ran and failed: the server answered {} with this error.", f.status);
        quote! {
            #[doc = #doc]
            Api { status: u16, error: ::std::boxed::Box<#error> },
        }
    });
    let api_display = plan
        .failure
        .as_ref()
        .map(|_| quote!(Error::Api { status, error } => ::std::write!(f, "the call failed ({status}): {error:?}"),));
    quote! {
        /// What can go wrong with a call.
        #[derive(Debug)]
        pub enum Error {
            #api
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
                    #api_display
                    Error::Http { status, body } => ::std::write!(f, "HTTP {status}: {body}"),
                    Error::Decode { status, message, .. } => ::std::write!(f, "the {status} response does not have the documented shape: {message}"),
                    Error::JobExpired { location } => ::std::write!(f, "the job at {location} has expired"),
                    Error::Timeout { after } => ::std::write!(f, "no result within {after:?}"),
                    Error::Connection { message } => ::std::write!(f, "connection failed: {message}"),
                    Error::InvalidParameter { message } => f.write_str(message),
                }
            }
        }

        impl ::std::error::Error for Error {}
    }
}

fn client_type(plan: &Plan) -> TokenStream {
    let header = &plan.auth.header;
    let scheme = &plan.auth.scheme;
    let media_type = &plan.request_media_type;
    let accepted = accepted_arm(plan);
    let failure = failure_fn(plan);
    // The server's job timeout bounds a call that polls; without jobs, a call is one exchange.
    let timeout_ms = plan.jobs.as_ref().map_or(DEFAULT_TIMEOUT_MS, |j| j.timeout_ms);
    let timeout_lit = proc_macro2::Literal::u64_unsuffixed(timeout_ms);
    let timeout_doc = format!(" The most a call may take, polling included (default {}).", duration_words(timeout_ms));
    quote! {
        /// A client for one server. Cloning is cheap: clones share the connection pool.
        #[derive(Clone)]
        pub struct Client {
            http: ::reqwest::Client,
            base: ::std::string::String,
            session: ::std::option::Option<::std::string::String>,
            poll_interval: ::std::time::Duration,
            timeout: ::std::time::Duration,
        }

        /// The session never appears in debug output.
        impl ::std::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Client")
                    .field("base", &self.base)
                    .field("session", &self.session.as_ref().map(|_| "<redacted>"))
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
                    session: ::std::option::Option::None,
                    poll_interval: ::std::time::Duration::from_secs(1),
                    timeout: ::std::time::Duration::from_millis(#timeout_lit),
                }
            }

            /// Sends `Authorization: <scheme> <session>` on operations that require it.
            pub fn with_session(mut self, session: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.session = ::std::option::Option::Some(session.into());
                self
            }

            /// How long to wait between two polls of an asynchronous call's job (default 1 s).
            pub fn with_poll_interval(mut self, interval: ::std::time::Duration) -> Self {
                self.poll_interval = interval;
                self
            }

            #[doc = #timeout_doc]
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
                let mut url = ::reqwest::Url::parse(url).map_err(|e| Error::InvalidParameter { message: ::std::format!("the URL {url} is not valid: {e}") })?;
                if !query.is_empty() {
                    url.query_pairs_mut().extend_pairs(query);
                }
                let mut request = self.http.request(method, url).timeout(remaining);
                if let (true, ::std::option::Option::Some(session)) = (auth, &self.session) {
                    request = request.header(#header, ::std::format!("{} {}", #scheme, session));
                }
                if let ::std::option::Option::Some(body) = body {
                    request = request
                        .header("Content-Type", #media_type)
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
                    #accepted
                    200..=299 => decode(status, &bytes),
                    _ => ::std::result::Result::Err(failure(status, &bytes)),
                }
            }
        }

        fn decode<T: ::serde::de::DeserializeOwned>(status: u16, bytes: &[u8]) -> ::std::result::Result<T, Error> {
            super::runtime::decode(bytes).map_err(|message| Error::Decode {
                status,
                message,
                body: ::std::string::String::from_utf8_lossy(bytes).into_owned(),
            })
        }

        #failure
    }
}

/// The failure status with its error body, or any other status as text.
fn failure_fn(plan: &Plan) -> TokenStream {
    let Some(f) = &plan.failure else {
        return quote! {
            fn failure(status: u16, bytes: &[u8]) -> Error {
                Error::Http { status, body: ::std::string::String::from_utf8_lossy(bytes).into_owned() }
            }
        };
    };
    let (status, field) = (f.status, &f.field);
    quote! {
        fn failure(status: u16, bytes: &[u8]) -> Error {
            if status == #status
                && let ::std::result::Result::Ok(::serde_json::Value::Object(mut body)) = ::serde_json::from_slice::<::serde_json::Value>(bytes)
                && let ::std::option::Option::Some(error) = body.remove(#field)
                && let ::std::result::Result::Ok(error) = super::runtime::decode_value(error)
            {
                return Error::Api { status, error: ::std::boxed::Box::new(error) };
            }
            Error::Http { status, body: ::std::string::String::from_utf8_lossy(bytes).into_owned() }
        }
    }
}

/// The accepted status: read the job's location and poll it.
fn accepted_arm(plan: &Plan) -> TokenStream {
    let Some(jobs) = &plan.jobs else { return quote!() };
    let accepted = jobs.accepted;
    let expired = jobs.expired;
    let field = &jobs.location_field;
    let prefix = jobs.path.literal_prefix();
    quote! {
        #accepted => {
            let location = super::runtime::decode::<::serde_json::Value>(&bytes)
                .ok()
                .and_then(|body| body.get(#field).and_then(|l| l.as_str()).map(str::to_owned))
                .ok_or_else(|| Error::Decode {
                    status,
                    message: ::std::format!("no `{}` in the accepted response", #field),
                    body: ::std::string::String::from_utf8_lossy(&bytes).into_owned(),
                })?;
            // The job URL is rebuilt on this client's base: the server's own idea of its address
            // may not be reachable from here (a proxy, a container).
            let url = match location.find(#prefix) {
                ::std::option::Option::Some(at) => ::std::format!("{}{}", self.base, &location[at..]),
                ::std::option::Option::None => location.clone(),
            };
            loop {
                let remaining = deadline.saturating_duration_since(::std::time::Instant::now());
                ::tokio::time::sleep(self.poll_interval.min(remaining)).await;
                let (status, bytes) = self.send(::reqwest::Method::GET, &url, &[], ::std::option::Option::None, auth, deadline).await?;
                match status {
                    #accepted => continue,
                    #expired => return ::std::result::Result::Err(Error::JobExpired { location }),
                    200..=299 => return decode(status, &bytes),
                    _ => return ::std::result::Result::Err(failure(status, &bytes)),
                }
            }
        }
    }
}

pub fn http_method(method: Method) -> TokenStream {
    match method {
        Method::Get => quote!(GET),
        Method::Post => quote!(POST),
        Method::Put => quote!(PUT),
        Method::Delete => quote!(DELETE),
        Method::Patch => quote!(PATCH),
        Method::Head => quote!(HEAD),
        Method::Options => quote!(OPTIONS),
    }
}

/// How long a call may take by default when the API has no job protocol to say: 5 minutes.
const DEFAULT_TIMEOUT_MS: u64 = 5 * 60 * 1000;

/// `3 h`, `5 min`, `90 s`, `1500 ms`: a duration in the largest unit that divides it.
fn duration_words(ms: u64) -> String {
    match ms {
        ms if ms >= 3_600_000 && ms % 3_600_000 == 0 => format!("{} h", ms / 3_600_000),
        ms if ms >= 60_000 && ms % 60_000 == 0 => format!("{} min", ms / 60_000),
        ms if ms >= 1000 && ms % 1000 == 0 => format!("{} s", ms / 1000),
        ms => format!("{ms} ms"),
    }
}

/// The operation's method, and one more per further path.
fn methods(op: &OpPlan) -> TokenStream {
    let main = method(op, &op.fn_name, &op.path, &op.path_params, op.docs.clone());
    let alternates = op.alternates.iter().map(|alt| {
        let docs = vec![format!(
            "`{}` at `{}`: as [`Client::{}`], with the path's further parameters.",
            op.id, alt.path, op.fn_name
        )];
        method(op, &alt.fn_name, &alt.path, &alt.path_params, docs)
    });
    quote!(#main #(#alternates)*)
}

fn method(
    op: &OpPlan,
    fn_name: &str,
    path: &PathTemplate,
    path_params: &[(String, String)],
    docs: Vec<String>,
) -> TokenStream {
    let name = ident(fn_name);
    let docs = doc_attrs(&docs);
    let request = ident(&op.request);
    let response = ident(&op.response);
    let wire = wire_name(op);
    let format = path.format_string();
    let names: Vec<&str> = path.variables().collect();
    let args: Vec<_> = path_params.iter().map(|(_, rust)| ident(rust)).collect();
    let encoded = names.iter().map(|&json| {
        let rust = path_params.iter().find(|(j, _)| j == json).map_or_else(|| ident(json), |(_, r)| ident(r));
        quote! {
            super::runtime::encode_segment(#json, #rust).map_err(|message| Error::InvalidParameter { message })?
        }
    });
    let path = if names.is_empty() {
        quote!(::std::string::String::from(#format))
    } else {
        quote!(::std::format!(#format, #(#encoded),*))
    };
    let http = http_method(op.method);
    let auth = op.auth;
    let completion =
        if op.asynchronous { " The server runs it as a job: the client polls it until it completes." } else { "" };
    quote! {
        #docs
        #[doc = #completion]
        pub async fn #name(&self, #(#args: &str,)* request: &super::types::#request) -> ::std::result::Result<super::types::#response, Error> {
            let path = #path;
            let value = ::serde_json::to_value(request).map_err(|e| Error::InvalidParameter { message: e.to_string() })?;
            let (body, query) = super::types::#wire.split(value);
            self.call(::reqwest::Method::#http, &path, &query, body.as_ref(), #auth).await
        }
    }
}
