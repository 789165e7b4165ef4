//! The generated crate's `server` module: axum server stubs.
//!
//! Per API group a trait with one async method per operation (the dropshot shape: the compiler
//! checks that an implementation matches the API), and a function that builds the `Router` from any
//! implementation. The router decodes requests, rejects malformed ones with the REST layer's status
//! codes and plain-text messages, checks the `Authorization` header where the API requires it, runs
//! asynchronous operations as jobs (answering with the job's location) and serves the job URL.
//! A `Mock` implementation answers from the pages' examples.
//!
//! What every API's server has (errors, the request context, incoming requests, responses, the job
//! store and the job route) is fixed code (`fixed/server.rs`); here is what follows the operations.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::RustError;
use super::client::http_method;
use super::fixed;
use super::names::{ident, snake};
use super::plan::{OpPlan, Plan};
use super::types::{doc_attrs, wire_name};

pub fn server(plan: &Plan) -> Result<TokenStream, RustError> {
    let fixed = fixed::items(plan, "server")?;
    let groups = groups(plan);
    let traits = groups.iter().map(|(name, ops)| group_trait(name, ops));
    let calls = plan.ops.iter().map(|op| call_fn(plan, op));
    let routers = groups.keys().map(|name| group_router(plan, name));
    let combined = (groups.len() > 1).then(|| combined_router(plan, &groups));
    let mock = mock(plan, &groups);
    Ok(quote! {
        #(#fixed)*
        #(#traits)*
        #(#calls)*
        #(#routers)*
        #combined
        #mock
    })
}

/// Operations by group (trait) name, in plan order.
fn groups(plan: &Plan) -> BTreeMap<String, Vec<&OpPlan>> {
    let mut groups: BTreeMap<String, Vec<&OpPlan>> = BTreeMap::new();
    for op in &plan.ops {
        groups.entry(op.group.clone()).or_default().push(op);
    }
    groups
}

/// Named after the client method, which is unique among the operations (`snake(id)` is not).
fn call_name(op: &OpPlan) -> proc_macro2::Ident {
    ident(&format!("{}_call", op.fn_name))
}

/// The router function of a group (`ticket_operations_router`).
fn router_name(group: &str) -> proc_macro2::Ident {
    ident(&format!("{}_router", snake(group)))
}

fn group_trait(name: &str, ops: &[&OpPlan]) -> TokenStream {
    let trait_name = ident(name);
    let router = router_name(name);
    let doc = format!(" The operations of the `{name}` group. Implement it and serve [`{router}`].");
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
fn call_fn(plan: &Plan, op: &OpPlan) -> TokenStream {
    let name = call_name(op);
    // The plan names the group's trait once (unique among the server's items).
    let bound = ident(&op.group);
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
        let handler = ident(&format!("{prefix}_handler_{i}"));
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
    let function = router_name(name);
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
            let args = op.path_params.iter().map(|(_, rust)| ident(&format!("_{}", snake(rust))));
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
