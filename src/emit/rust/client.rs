//! The generated crate's `client` module: an async client on reqwest with one method per operation.
//! The `Client` itself, its error type and the exchange every method goes through (the request
//! split by the operation's `Wire` constant, the asynchronous protocol, the failure body) are
//! fixed code (`fixed/client.rs`); here are the operations' methods, each one call of it, in one
//! `impl` block per API group (gated by the group's feature).

use proc_macro2::TokenStream;
use quote::quote;

use super::RustError;
use super::fixed;
use super::names::ident;
use super::plan::{GroupPlan, OpPlan, Plan, StreamPlan};
use super::types::{doc_attrs, gate, rust_type, wire_name};
use crate::model::PathTemplate;

/// The module's items, a group at a time (each made when the one before is printed).
pub fn client(plan: &Plan) -> Result<impl Iterator<Item = TokenStream> + '_, RustError> {
    let fixed = fixed::items(plan, "client")?;
    Ok(std::iter::once(quote!(#(#fixed)*)).chain(plan.groups.iter().map(|g| group(plan, g))))
}

fn group(plan: &Plan, g: &GroupPlan) -> TokenStream {
    let gate = gate(plan, [g.feature.as_str()]);
    let methods = g.ops.iter().map(|&i| methods(&plan.ops[i]));
    let doc = format!(" The operations of the `{}` group (feature `{}`).", g.trait_name, g.feature);
    quote! {
        #[doc = #doc]
        #gate
        impl Client {
            #(#methods)*
        }
    }
}

/// The operation's method, and one more per further path.
fn methods(op: &OpPlan) -> TokenStream {
    let mut docs = op.docs.clone();
    if op.asynchronous {
        docs.push(String::new());
        docs.push("The server runs it as a job: the client polls it until it completes.".into());
    }
    let main = method(op, &op.fn_name, &op.path, &op.path_params, docs);
    let alternates = op.alternates.iter().map(|alt| {
        let docs = vec![format!(
            "`{}` at `{}`: as [`Client::{}`], with the path's further parameters.",
            op.id, alt.path, op.fn_name
        )];
        method(op, &alt.fn_name, &alt.path, &alt.path_params, docs)
    });
    let stream = op.stream.as_ref().map(|stream| stream_method(op, stream));
    quote!(#main #(#alternates)* #stream)
}

/// A query's stream over all its pages: one call of the fixed `pages`.
fn stream_method(op: &OpPlan, stream: &StreamPlan) -> TokenStream {
    let name = ident(&stream.fn_name);
    let docs = doc_attrs(&[format!("Every item of [`Client::{}`], page after page (see [`Pages`]).", op.fn_name)]);
    let request = ident(&op.request);
    let item = rust_type(&stream.item);
    let wire = wire_name(op);
    let template = op.path.as_str();
    let items = &stream.items;
    quote! {
        #docs
        pub fn #name(&self, request: &super::types::#request) -> Pages<#item> {
            self.pages(&super::types::#wire, #template, request, #items)
        }
    }
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
    let args: Vec<_> = path_params.iter().map(|(_, rust)| ident(rust)).collect();
    // The values in the order of the path's variables.
    let values = path
        .variables()
        .map(|json| path_params.iter().find(|(j, _)| j == json).map_or_else(|| ident(json), |(_, r)| ident(r)));
    let template = path.as_str();
    quote! {
        #docs
        pub async fn #name(&self, #(#args: &str,)* request: &super::types::#request) -> ::std::result::Result<super::types::#response, Error> {
            self.call_operation(&super::types::#wire, #template, &[#(#values),*], request).await
        }
    }
}
