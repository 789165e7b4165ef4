//! The generated crate's `server` module: axum server stubs.
//!
//! Per API group a trait with one async method per operation (the dropshot shape: the compiler
//! checks that an implementation matches the API), the group's routes (`Routes::with_…`: per
//! operation its `Wire` constant, its paths and a closure that calls the trait's method) and its
//! router, and the `Mock`'s implementation of the trait, which answers from `examples.json`.
//! With the crate's features each group's part is compiled only with its feature.
//!
//! What every API's server has (errors, the request context, incoming requests, responses, the job
//! store, the route table that merges the groups' routes and dispatches them, the mock's example
//! lookup) is fixed code (`fixed/server.rs`); here is what follows the operations.

use proc_macro2::TokenStream;
use quote::quote;

use super::RustError;
use super::fixed;
use super::names::{ident, snake};
use super::plan::{GroupPlan, OpPlan, Plan};
use super::types::{doc_attrs, gate, wire_name};

/// The module's items, a group at a time (each made when the one before is printed).
pub fn server(plan: &Plan) -> Result<impl Iterator<Item = TokenStream> + '_, RustError> {
    let fixed = fixed::items(plan, "server")?;
    let head = quote! {
        #(#fixed)*

        /// The pages' success examples by operation id, which [`Mock`] answers with.
        const EXAMPLES: &str = include_str!("examples.json");
    };
    let groups = plan.groups.iter().map(|g| group(plan, g));
    Ok(std::iter::once(head).chain(groups).chain(std::iter::once_with(|| mock_router(plan))))
}

/// The operations' success examples, by operation id, one a line: the data of the `Mock`.
pub fn examples(plan: &Plan) -> String {
    let mut examples: std::collections::BTreeMap<&str, serde_json::Value> = std::collections::BTreeMap::new();
    for op in &plan.ops {
        let value = op.example.as_deref().and_then(|e| serde_json::from_str(e).ok());
        examples.insert(&op.id, value.unwrap_or_else(|| serde_json::json!({})));
    }
    let lines: Vec<String> =
        examples.iter().map(|(id, value)| format!("{}: {value}", serde_json::Value::from(*id))).collect();
    format!("{{\n{}\n}}\n", lines.join(",\n"))
}

/// Everything of one group: its trait, its routes, its router and the mock's implementation.
fn group(plan: &Plan, g: &GroupPlan) -> TokenStream {
    let ops: Vec<&OpPlan> = g.ops.iter().map(|&i| &plan.ops[i]).collect();
    let gate = gate(plan, [g.feature.as_str()]);
    let trait_def = group_trait(g, &ops);
    let (routes, router) = group_routes(g, &ops);
    let mock = mock(plan, g, &ops);
    quote! {
        #gate #trait_def
        #gate #routes
        #gate #router
        #gate #mock
    }
}

/// The method of `Routes` that adds a group's routes (`with_ticket_operations`).
fn routes_name(group: &str) -> proc_macro2::Ident {
    ident(&format!("with_{}", snake(group)))
}

fn group_trait(g: &GroupPlan, ops: &[&OpPlan]) -> TokenStream {
    let trait_name = ident(&g.trait_name);
    let routes = routes_name(&g.trait_name);
    let doc = format!(
        " The operations of the `{}` group (feature `{}`). Implement it and serve it with [`Routes::{routes}`].",
        g.trait_name, g.feature
    );
    let methods = ops.iter().map(|op| {
        let method = ident(&op.trait_fn);
        // The client method has the page's text; here its first line.
        let docs = doc_attrs(&op.docs[..1]);
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

/// The group's routes (one `operation` per operation: data and a call of the trait's method) and
/// its router.
fn group_routes(g: &GroupPlan, ops: &[&OpPlan]) -> (TokenStream, TokenStream) {
    let trait_name = ident(&g.trait_name);
    let routes = routes_name(&g.trait_name);
    let router = ident(&format!("{}_router", snake(&g.trait_name)));
    let doc = format!(" Adds the routes of the `{}` operations.", g.trait_name);
    let router_doc =
        format!(" The router of the `{}` operations (and the job URL), served by `service`.", g.trait_name);
    let operations = ops.iter().map(|op| {
        let wire = wire_name(op);
        let paths = std::iter::once(op.path.as_str()).chain(op.alternates.iter().map(|a| a.path.as_str()));
        let (names, args): (Vec<&str>, Vec<_>) =
            op.path_params.iter().map(|(json, rust)| (json.as_str(), ident(rust))).unzip();
        let method = ident(&op.trait_fn);
        quote! {
            .operation(&super::types::#wire, &[#(#paths),*], [#(#names),*], |s, c, [#(#args),*], r| async move {
                s.service.#method(c, #(#args,)* r).await
            })
        }
    });
    let routes_impl = quote! {
        impl<T: #trait_name> Routes<T> {
            #[doc = #doc]
            pub fn #routes(self) -> Self {
                self #(#operations)*
            }
        }
    };
    let router_fn = quote! {
        #[doc = #router_doc]
        pub fn #router<T: #trait_name>(service: T, config: ServerConfig) -> ::axum::Router {
            Routes::new().#routes().router(service, config)
        }
    };
    (routes_impl, router_fn)
}

/// `Mock`'s implementation of a group: each operation answers with its page's example.
fn mock(plan: &Plan, g: &GroupPlan, ops: &[&OpPlan]) -> TokenStream {
    let trait_name = ident(&g.trait_name);
    let methods = ops.iter().map(|op| {
        let method = ident(&op.trait_fn);
        let args = op.path_params.iter().map(|(_, rust)| ident(rust));
        let request = ident(&op.request);
        let response = ident(&op.response);
        let answer = mock_answer(plan, op);
        quote! {
            async fn #method(&self, _: Context, #(#args: ::std::string::String,)* _: super::types::#request) -> ::std::result::Result<super::types::#response, ServerError> {
                #answer
            }
        }
    });
    quote! {
        impl #trait_name for Mock {
            #(#methods)*
        }
    }
}

/// What the mock answers: the example, with a new session for the login; the logout ends the
/// session of its path.
fn mock_answer(plan: &Plan, op: &OpPlan) -> TokenStream {
    let id = &op.id;
    let ops = plan
        .sessions
        .as_ref()
        .filter(|_| plan.failure.is_some())
        .map(|s| (&plan.ops[s.log_in].id, &plan.ops[s.log_out].id));
    match (ops, op.path_params.first()) {
        (Some((log_in, _)), _) if log_in == id => quote!(self.log_in(#id)),
        (Some((_, log_out)), Some((_, session))) if log_out == id => {
            let session = ident(session);
            quote!(self.log_out(#id, &#session))
        }
        _ => {
            let unused = op.path_params.iter().map(|(_, rust)| ident(rust));
            quote!(#(let _ = #unused;)* example(#id))
        }
    }
}

/// The router of the `Mock`, with the routes of every group built in.
fn mock_router(plan: &Plan) -> TokenStream {
    let groups = plan.groups.iter().map(|g| {
        let gate = gate(plan, [g.feature.as_str()]);
        let routes = routes_name(&g.trait_name);
        quote!(#gate let routes = routes.#routes();)
    });
    // The mock holds its sessions where the API has session operations; otherwise it is a unit.
    let mock = if plan.sessions.is_some() && plan.failure.is_some() { quote!(Mock::default()) } else { quote!(Mock) };
    quote! {
        /// The router of [`Mock`] for every group built in (and the job URL).
        pub fn mock_router(config: ServerConfig) -> ::axum::Router {
            let routes: Routes<Mock> = Routes::new();
            #(#groups)*
            let mock = #mock;
            let config = mock.serve_config(config);
            routes.router(mock, config)
        }
    }
}
