//! The generated crate's `server` module: axum server stubs.
//!
//! Per API group a trait with one async method per operation (the dropshot shape: the compiler
//! checks that an implementation matches the API), and a function that builds the `Router` from any
//! implementation. The router decodes requests, rejects malformed ones with the REST layer's status
//! codes and plain-text messages, checks the `Authorization` header where the API requires it, runs
//! asynchronous operations as jobs (answering with the job's location) and serves the job URL.
//! A `Mock` implementation answers from the pages' examples.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::client::http_method;
use super::names::{ident, snake};
use super::plan::{OpPlan, Plan};
use super::types::{doc_attrs, rust_type, wire_name};

pub fn server(plan: &Plan) -> TokenStream {
    let support = support(plan);
    let groups = groups(plan);
    let traits = groups.iter().map(|(name, ops)| group_trait(name, ops));
    let calls = plan.ops.iter().map(|op| call_fn(plan, op, &groups));
    let routers = groups.keys().map(|name| group_router(plan, name));
    let combined = (groups.len() > 1).then(|| combined_router(plan, &groups));
    let mock = mock(plan, &groups);
    quote! {
        #support
        #(#traits)*
        #(#calls)*
        #(#routers)*
        #combined
        #mock
    }
}

/// Operations by group (trait) name, in plan order.
fn groups(plan: &Plan) -> BTreeMap<String, Vec<&OpPlan>> {
    let mut groups: BTreeMap<String, Vec<&OpPlan>> = BTreeMap::new();
    for op in &plan.ops {
        groups.entry(op.group.clone()).or_default().push(op);
    }
    groups
}

fn call_name(op: &OpPlan) -> proc_macro2::Ident {
    format_ident!("{}_call", snake(&op.id))
}

fn group_of<'a>(groups: &'a BTreeMap<String, Vec<&OpPlan>>, op: &OpPlan) -> &'a str {
    groups.keys().find(|g| **g == op.group).map_or("Operations", String::as_str)
}

/// The fixed part: errors, the request context, incoming requests, responses and the job store.
fn support(plan: &Plan) -> TokenStream {
    // Without a failure envelope an implementation fails with the REST layer's statuses only.
    let api_variant = plan.failure.as_ref().map(|f| {
        let error_ty = rust_type(&f.ty);
        quote! {
            /// The call ran and failed: answered with the failure status and the error body.
            Api(#error_ty),
        }
    });
    let api_arm = plan.failure.as_ref().map(|f| {
        let (status, field) = (f.status, &f.field);
        quote! {
            ::std::result::Result::Err(ServerError::Api(error)) => {
                let error = ::serde_json::to_value(&error).unwrap_or(::serde_json::Value::Null);
                json(#status, &::serde_json::json!({ #field: error }))
            }
        }
    });
    let header = &plan.auth.header;
    let scheme = &plan.auth.scheme;
    let missing_auth = &plan.messages.missing_auth;
    let wrong_auth_scheme = &plan.messages.wrong_auth_scheme;
    let job_timeout = plan.jobs.as_ref().map(|j| {
        let doc = match &j.timeout_field {
            Some(field) => format!(" The `{field}` announced with each accepted job, in milliseconds."),
            None => " How long a job may run, in milliseconds.".to_owned(),
        };
        (quote!(#[doc = #doc] pub job_timeout_ms: u64,), proc_macro2::Literal::u64_unsuffixed(j.timeout_ms))
    });
    let (timeout_field, timeout_default) = match &job_timeout {
        Some((field, ms)) => (field.clone(), quote!(job_timeout_ms: #ms,)),
        None => (quote!(), quote!()),
    };
    let jobs = jobs(plan);
    // The job's location names the host the request came to.
    let host = plan.jobs.as_ref().map(|_| {
        quote! {
            fn host(&self) -> ::std::string::String {
                self.headers.get(::axum::http::header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost").to_owned()
            }
        }
    });
    // Only where actions share a URL does the router look at the body's keys.
    let has_key = plan.has_shared_routes().then(|| {
        quote! {
            /// Whether the body holds `key` at its root (how actions sharing a URL are told apart).
            fn has_key(&self, key: &str) -> bool {
                self.body.as_ref().and_then(|b| b.get(key)).is_some()
            }
        }
    });
    // Operations without auth still read the session when one is sent.
    let context = plan.ops.iter().any(|op| !op.auth).then(|| {
        quote! {
            fn context(&self) -> Context {
                self.authorize().unwrap_or_else(|_| Context { session: ::std::option::Option::None, path: self.path.clone() })
            }
        }
    });
    quote! {
        /// What an implementation answers instead of a result.
        #[derive(Debug, Clone)]
        pub enum ServerError {
            #api_variant
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
        pub struct ServerConfig {
            /// How long a finished job's result stays readable; `None` keeps it while the server runs.
            pub job_ttl: ::std::option::Option<::std::time::Duration>,
            #timeout_field
        }

        impl ::std::default::Default for ServerConfig {
            fn default() -> Self {
                ServerConfig { job_ttl: ::std::option::Option::None, #timeout_default }
            }
        }

        /// The state every handler shares.
        pub struct ServerState<T> {
            pub service: T,
            pub jobs: Jobs,
        }

        fn text(status: u16, message: impl ::std::convert::Into<::std::string::String>) -> ::axum::response::Response {
            let status = ::axum::http::StatusCode::from_u16(status).unwrap_or(::axum::http::StatusCode::INTERNAL_SERVER_ERROR);
            let mut response = ::axum::response::IntoResponse::into_response((status, message.into()));
            response.headers_mut().insert(::axum::http::header::CONTENT_TYPE, ::axum::http::HeaderValue::from_static("text/plain; charset=utf-8"));
            response
        }

        fn json(status: u16, value: &::serde_json::Value) -> ::axum::response::Response {
            let status = ::axum::http::StatusCode::from_u16(status).unwrap_or(::axum::http::StatusCode::OK);
            let mut response = ::axum::response::IntoResponse::into_response((status, value.to_string()));
            response.headers_mut().insert(::axum::http::header::CONTENT_TYPE, ::axum::http::HeaderValue::from_static("application/json; charset=utf-8"));
            response
        }

        /// The response for a result or an error.
        fn respond(result: ::std::result::Result<::serde_json::Value, ServerError>) -> ::axum::response::Response {
            match result {
                ::std::result::Result::Ok(value) => json(200, &value),
                #api_arm
                ::std::result::Result::Err(ServerError::BadRequest(message)) => text(400, message),
                ::std::result::Result::Err(ServerError::NotFound(message)) => text(404, message),
                ::std::result::Result::Err(ServerError::Internal(message)) => text(500, message),
            }
        }

        fn result<R: ::serde::Serialize>(result: ::std::result::Result<R, ServerError>) -> ::std::result::Result<::serde_json::Value, ServerError> {
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
                let query = query
                    .map(|q| ::form_urlencoded::parse(q.as_bytes()).into_owned().collect())
                    .unwrap_or_default();
                let body = if bytes.iter().all(u8::is_ascii_whitespace) {
                    ::std::option::Option::None
                } else {
                    ::std::option::Option::Some(
                        ::serde_json::from_slice(bytes).map_err(|e| text(400, ::std::format!("the body is not valid JSON: {e}")))?,
                    )
                };
                ::std::result::Result::Ok(Incoming { path, query, headers, body })
            }

            #has_key

            /// The session of the `Authorization` header; a missing or malformed header is a 400.
            fn authorize(&self) -> ::std::result::Result<Context, ::axum::response::Response> {
                let ::std::option::Option::Some(value) = self.headers.get(#header) else {
                    return ::std::result::Result::Err(text(400, #missing_auth));
                };
                let value = value.to_str().unwrap_or_default();
                match value.split_once(' ') {
                    ::std::option::Option::Some((scheme, token)) if scheme == #scheme && !token.trim().is_empty() => {
                        ::std::result::Result::Ok(Context { session: ::std::option::Option::Some(token.trim().to_owned()), path: self.path.clone() })
                    }
                    _ => ::std::result::Result::Err(text(400, #wrong_auth_scheme)),
                }
            }

            #context

            fn path_param(&self, name: &str) -> ::std::string::String {
                self.path.get(name).cloned().unwrap_or_default()
            }

            /// The operation's request, from the body and the query string; a malformed one is a 400.
            fn request<R: ::serde::de::DeserializeOwned>(&self, wire: &super::runtime::Wire) -> ::std::result::Result<R, ::axum::response::Response> {
                let body = if wire.body { ::std::option::Option::Some(self.body.clone().unwrap_or_else(|| ::serde_json::json!({}))) } else { ::std::option::Option::None };
                let value = wire.join(body, &self.query).map_err(|m| text(400, m))?;
                super::runtime::decode_value(value).map_err(|m| text(400, ::std::format!("the request does not match the API: {m}")))
            }

            #host
        }

        #jobs
    }
}

/// The job store and the job route, when the API has an asynchronous protocol.
fn jobs(plan: &Plan) -> TokenStream {
    let Some(j) = &plan.jobs else {
        return quote! {
            /// The API has no asynchronous jobs; every call answers at once.
            #[derive(Clone, Default)]
            pub struct Jobs;

            impl Jobs {
                pub fn new(_config: ServerConfig) -> Self {
                    Jobs
                }
            }
        };
    };
    let accepted = j.accepted;
    let expired = j.expired;
    let field = &j.location_field;
    let prefix = j.path.literal_prefix();
    let route = j.path.as_str();
    let param = j.id_variable().unwrap_or_default();
    let expired_text = &plan.messages.job_expired;
    let timeout = j.timeout_field.as_ref().map(|t| quote!(#t: self.config.job_timeout_ms));
    let accepted_body = match timeout {
        Some(timeout) => quote!(::serde_json::json!({ #field: location, #timeout })),
        None => quote!(::serde_json::json!({ #field: location })),
    };
    quote! {
        enum JobState {
            Running,
            Done(::std::result::Result<::serde_json::Value, ServerError>, ::std::time::Instant),
        }

        /// The jobs of asynchronous calls: running, or done with a result, until they expire.
        #[derive(Clone)]
        pub struct Jobs {
            jobs: ::std::sync::Arc<::std::sync::Mutex<::std::collections::HashMap<::std::string::String, JobState>>>,
            next: ::std::sync::Arc<::std::sync::atomic::AtomicU64>,
            config: ServerConfig,
        }

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

            /// Starts `work` as a job and answers with its location.
            fn start<F>(&self, incoming: &Incoming, work: F) -> ::axum::response::Response
            where
                F: ::std::future::Future<Output = ::std::result::Result<::serde_json::Value, ServerError>> + ::std::marker::Send + 'static,
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
                let location = ::std::format!("http://{}{}{}", incoming.host(), #prefix, id);
                json(#accepted, &#accepted_body)
            }

            /// What the job URL answers.
            fn poll(&self, id: &str) -> ::axum::response::Response {
                let ::std::result::Result::Ok(mut jobs) = self.jobs.lock() else {
                    return text(500, "the job store is unavailable");
                };
                let expired = match jobs.get(id) {
                    ::std::option::Option::Some(JobState::Done(_, at)) => self.config.job_ttl.is_some_and(|ttl| at.elapsed() >= ttl),
                    ::std::option::Option::Some(JobState::Running) => false,
                    ::std::option::Option::None => true,
                };
                if expired {
                    jobs.remove(id);
                    return text(#expired, #expired_text);
                }
                match jobs.get(id) {
                    ::std::option::Option::Some(JobState::Done(result, _)) => respond(result.clone()),
                    _ => json(#accepted, &::serde_json::json!({})),
                }
            }
        }

        async fn poll_job<T>(
            ::axum::extract::State(state): ::axum::extract::State<::std::sync::Arc<ServerState<T>>>,
            ::axum::extract::Path(params): ::axum::extract::Path<::std::collections::BTreeMap<::std::string::String, ::std::string::String>>,
        ) -> ::axum::response::Response {
            state.jobs.poll(params.get(#param).map_or("", ::std::string::String::as_str))
        }

        /// The route of the job URL.
        fn job_route<T: ::std::marker::Send + ::std::marker::Sync + 'static>(router: ::axum::Router<::std::sync::Arc<ServerState<T>>>) -> ::axum::Router<::std::sync::Arc<ServerState<T>>> {
            router.route(#route, ::axum::routing::get(poll_job::<T>))
        }
    }
}

fn group_trait(name: &str, ops: &[&OpPlan]) -> TokenStream {
    let trait_name = ident(name);
    let doc = format!(" The operations of the `{name}` group. Implement it and serve [`{}_router`].", snake(name));
    let methods = ops.iter().map(|op| {
        let method = ident(&op.fn_name);
        let docs = doc_attrs(&op.docs);
        let args = op.path_params.iter().map(|(_, rust)| ident(rust));
        let request = ident(&op.request);
        let response = ident(&op.response);
        quote! {
            #docs
            fn #method(
                &self,
                context: Context,
                #(#args: ::std::string::String,)*
                request: super::types::#request,
            ) -> impl ::std::future::Future<Output = ::std::result::Result<super::types::#response, ServerError>> + ::std::marker::Send;
        }
    });
    quote! {
        #[doc = #doc]
        pub trait #trait_name: ::std::marker::Send + ::std::marker::Sync + 'static {
            #(#methods)*
        }
    }
}

/// Decodes the request of one operation, calls the implementation and answers.
fn call_fn(plan: &Plan, op: &OpPlan, groups: &BTreeMap<String, Vec<&OpPlan>>) -> TokenStream {
    let name = call_name(op);
    let bound = ident(group_of(groups, op));
    let method = ident(&op.fn_name);
    let wire = wire_name(op);
    let request = ident(&op.request);
    let context = if op.auth {
        quote! {
            let context = match incoming.authorize() {
                ::std::result::Result::Ok(context) => context,
                ::std::result::Result::Err(response) => return response,
            };
        }
    } else {
        quote!(let context = incoming.context();)
    };
    let (names, values): (Vec<_>, Vec<_>) =
        op.path_params.iter().map(|(json, rust)| (ident(rust), json.clone())).unzip();
    let answer = if op.asynchronous && plan.jobs.is_some() {
        quote! {
            let jobs = state.jobs.clone();
            jobs.start(&incoming, async move { result(state.service.#method(context, #(#names,)* request).await) })
        }
    } else {
        quote!(respond(result(state.service.#method(context, #(#names,)* request).await)))
    };
    quote! {
        async fn #name<T: #bound>(state: ::std::sync::Arc<ServerState<T>>, incoming: Incoming) -> ::axum::response::Response {
            #context
            let request: super::types::#request = match incoming.request(&super::types::#wire) {
                ::std::result::Result::Ok(request) => request,
                ::std::result::Result::Err(response) => return response,
            };
            #(let #names = incoming.path_param(#values);)*
            #answer
        }
    }
}

/// The routes of some operations: one handler per path and method, which reads the request and
/// passes it to the operation, or, where operations share a path and method, to the one whose
/// wrapper key the body holds.
fn routes(
    plan: &Plan,
    in_router: impl Fn(&OpPlan) -> bool,
    bound: &TokenStream,
    prefix: &str,
) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let by_route = plan.routes.iter().filter_map(|route| {
        let ops: Vec<&OpPlan> = route.ops.iter().map(|&i| &plan.ops[i]).filter(|op| in_router(op)).collect();
        (!ops.is_empty()).then_some((route, ops))
    });
    let mut handlers = Vec::new();
    let mut registrations = Vec::new();
    for (i, (route, shared)) in by_route.enumerate() {
        let handler = format_ident!("{}_handler_{}", prefix, i);
        let path = route.path.as_str();
        let has_params = route.path.variables().next().is_some();
        let path_arg = if has_params {
            quote!(::axum::extract::Path(path): ::axum::extract::Path<::std::collections::BTreeMap<::std::string::String, ::std::string::String>>,)
        } else {
            quote!()
        };
        let path_value = if has_params { quote!(path) } else { quote!(::std::default::Default::default()) };
        let dispatch = dispatch(plan, &shared);
        handlers.push(quote! {
            async fn #handler<T: #bound>(
                ::axum::extract::State(state): ::axum::extract::State<::std::sync::Arc<ServerState<T>>>,
                #path_arg
                ::axum::extract::RawQuery(query): ::axum::extract::RawQuery,
                headers: ::axum::http::HeaderMap,
                body: ::axum::body::Bytes,
            ) -> ::axum::response::Response {
                let incoming = match Incoming::read(#path_value, query, headers, &body) {
                    ::std::result::Result::Ok(incoming) => incoming,
                    ::std::result::Result::Err(response) => return response,
                };
                #dispatch
            }
        });
        let filter = http_method(route.method);
        registrations.push(quote! {
            .route(#path, ::axum::routing::on(::axum::routing::MethodFilter::#filter, #handler::<T>))
        });
    }
    (handlers, registrations)
}

fn dispatch(plan: &Plan, shared: &[&OpPlan]) -> TokenStream {
    if let [op] = shared {
        let call = call_name(op);
        return quote!(#call(state, incoming).await);
    }
    let arms = shared.iter().filter_map(|op| {
        let key = op.wrapper.as_ref()?;
        let call = call_name(op);
        Some(quote!(if incoming.has_key(#key) { return #call(state, incoming).await; }))
    });
    let keys: Vec<String> = shared.iter().filter_map(|op| op.wrapper.as_ref().map(|w| format!("`{w}`"))).collect();
    let message = plan.messages.no_operation_key.replace("{keys}", &keys.join(", "));
    quote! {
        #(#arms)*
        text(400, #message)
    }
}

fn group_router(plan: &Plan, name: &str) -> TokenStream {
    let trait_name = ident(name);
    let function = format_ident!("{}_router", snake(name));
    let bound = quote!(#trait_name);
    let (handlers, registrations) = routes(plan, |op| op.group == name, &bound, &snake(name));
    let job_route = plan.jobs.as_ref().map(|_| quote!(let router = job_route(router);));
    let doc = format!(" The router of the `{name}` operations (and the job URL), served by `service`.");
    quote! {
        #(#handlers)*

        #[doc = #doc]
        pub fn #function<T: #trait_name>(service: T, config: ServerConfig) -> ::axum::Router {
            let state = ::std::sync::Arc::new(ServerState { service, jobs: Jobs::new(config) });
            let router = ::axum::Router::new() #(#registrations)*;
            #job_route
            router.with_state(state)
        }
    }
}

/// One router for every group, for an implementation of all the traits (routes that groups share
/// are registered once).
fn combined_router(plan: &Plan, groups: &BTreeMap<String, Vec<&OpPlan>>) -> TokenStream {
    let traits: Vec<_> = groups.keys().map(|g| ident(g)).collect();
    let bound = quote!(#(#traits)+*);
    let (handlers, registrations) = routes(plan, |_| true, &bound, "api");
    let job_route = plan.jobs.as_ref().map(|_| quote!(let router = job_route(router);));
    quote! {
        #(#handlers)*

        /// The router of every operation (and the job URL), served by `service`.
        pub fn router<T: #bound>(service: T, config: ServerConfig) -> ::axum::Router {
            let state = ::std::sync::Arc::new(ServerState { service, jobs: Jobs::new(config) });
            let router = ::axum::Router::new() #(#registrations)*;
            #job_route
            router.with_state(state)
        }
    }
}

/// `Mock`: answers every operation with its page's success example.
fn mock(_plan: &Plan, groups: &BTreeMap<String, Vec<&OpPlan>>) -> TokenStream {
    let impls = groups.iter().map(|(name, ops)| {
        let trait_name = ident(name);
        let methods = ops.iter().map(|op| {
            let method = ident(&op.fn_name);
            let args = op.path_params.iter().map(|(_, rust)| format_ident!("_{}", snake(rust)));
            let request = ident(&op.request);
            let response = ident(&op.response);
            let example = op.example.clone().unwrap_or_else(|| "{}".to_owned());
            quote! {
                async fn #method(
                    &self,
                    _context: Context,
                    #(#args: ::std::string::String,)*
                    _request: super::types::#request,
                ) -> ::std::result::Result<super::types::#response, ServerError> {
                    super::runtime::decode(#example.as_bytes()).map_err(ServerError::Internal)
                }
            }
        });
        quote! {
            impl #trait_name for Mock {
                #(#methods)*
            }
        }
    });
    quote! {
        /// An implementation that answers each operation with the success example of its page, so
        /// that the server runs out of the box.
        #[derive(Debug, Clone, Copy, Default)]
        pub struct Mock;

        #(#impls)*
    }
}
