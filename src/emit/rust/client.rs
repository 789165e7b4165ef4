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
use super::plan::{GroupPlan, OpPlan, Plan, SessionPlan, StreamPlan};
use super::types::{doc_attrs, gate, rust_type, wire_name};
use crate::model::PathTemplate;

/// The module's items, a group at a time (each made when the one before is printed).
pub fn client(plan: &Plan) -> Result<impl Iterator<Item = TokenStream> + '_, RustError> {
    let fixed = fixed::items(plan, "client")?;
    let sessions = plan.sessions.as_ref().filter(|_| plan.failure.is_some()).map(|s| sessions(plan, s));
    let groups = plan.groups.iter().map(|g| group(plan, g));
    Ok(std::iter::once(quote!(#(#fixed)* #sessions)).chain(groups))
}

/// The login helper, which keeps the session of the reply, and the logout helper, which ends
/// and forgets it: one call each of the fixed code's session exchange.
fn sessions(plan: &Plan, s: &SessionPlan) -> TokenStream {
    let (log_in, log_out) = (&plan.ops[s.log_in], &plan.ops[s.log_out]);
    let gate = if log_in.feature == log_out.feature {
        gate(plan, [log_in.feature.as_str()])
    } else {
        let both = [&log_in.feature, &log_out.feature];
        plan.gated.then(|| quote!(#[cfg(all(#(feature = #both),*))]))
    };
    let args = s.args.iter().map(|(_, rust, digest)| {
        let name = ident(rust);
        match digest {
            Some(_) => quote!(#name: impl ::std::convert::Into<Password>),
            None => quote!(#name: &str),
        }
    });
    let fields = s.args.iter().map(|(json, rust, digest)| {
        let name = ident(rust);
        match digest {
            Some(crate::model::Digest::Sha512Hex) => quote!(#json: #name.into().sha512_hex()),
            None => quote!(#json: #name),
        }
    });
    let (in_fn, out_fn) = (ident(&s.log_in_fn), ident(&s.log_out_fn));
    let (in_wire, out_wire) = (wire_name(log_in), wire_name(log_out));
    let (in_path, out_path) = (log_in.path.as_str(), log_out.path.as_str());
    let (in_response, out_response) = (ident(&log_in.response), ident(&log_out.response));
    let in_doc = session_doc(
        &format!(
            " Calls `{}` and keeps the session of its reply: every clone of the client sends it from now on.",
            log_in.id
        ),
        s,
    );
    let out_doc = format!(
        " Calls `{}` on the client's session and forgets it (every clone does). Without a session, an \
         `Error::InvalidParameter`; a failed call keeps the session.",
        log_out.id
    );
    let (in_raw, out_raw) = (
        format!(" The raw call: `Client::{}`.", log_in.fn_name),
        format!(" The raw call: `Client::{}`.", log_out.fn_name),
    );
    quote! {
        #gate
        impl Client {
            #(#[doc = #in_doc])*
            #[doc = ""]
            #[doc = #in_raw]
            pub async fn #in_fn(&self, #(#args),*) -> ::std::result::Result<super::types::#in_response, Error> {
                let request = ::serde_json::json!({ #(#fields),* });
                self.open_session(&super::types::#in_wire, #in_path, &request).await
            }
            #[doc = #out_doc]
            #[doc = ""]
            #[doc = #out_raw]
            pub async fn #out_fn(&self) -> ::std::result::Result<super::types::#out_response, Error> {
                self.end_session(&super::types::#out_wire, #out_path).await
            }
        }
    }
}

/// The login helper's documentation: what it does and how each digested argument is sent.
fn session_doc(first: &str, s: &SessionPlan) -> Vec<String> {
    let mut docs = vec![first.to_owned()];
    for (json, rust, digest) in &s.args {
        if digest.is_some() {
            docs.push(String::new());
            docs.push(format!(
                " `{rust}` is sent as the SHA-512 hex digest the server wants in `{json}`: pass the password \
                 (`\"secret\"`, a `Password::Plain`), or a digest already made as `Password::Digest(hex)`, sent as it is."
            ));
        }
    }
    docs
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
