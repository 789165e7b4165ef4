//! The generated crate's `client` module: an async client on reqwest with one method per operation.
//! The `Client` itself, its error type and the exchange every method goes through (the
//! asynchronous protocol, the failure body) are fixed code (`fixed/client.rs`); here are the
//! operations' methods.

use proc_macro2::TokenStream;
use quote::quote;

use super::RustError;
use super::fixed;
use super::names::ident;
use super::plan::{OpPlan, Plan};
use super::types::{doc_attrs, wire_name};
use crate::model::{Method, PathTemplate};

pub fn client(plan: &Plan) -> Result<TokenStream, RustError> {
    let fixed = fixed::items(plan, "client")?;
    let methods = plan.ops.iter().map(methods);
    Ok(quote! {
        #(#fixed)*

        impl Client {
            #(#methods)*
        }
    })
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
