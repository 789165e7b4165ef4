//! The generated crate's `types` module: a struct per object, an enum per set of valid values, an
//! alias per type that is only named. Serde attributes spell every wire name exactly.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::doc::{code, shown};
use super::names::{ident, shouty};
use super::plan::{EnumDef, FieldDef, Item, OpPlan, Plan, RustType, StructDef};

/// The module's items one by one, made as they are asked for: at platform scale the module is
/// megabytes of Rust, and its whole token stream was the largest thing a run held.
pub fn types<'p>(plan: &'p Plan, extra_derives: &'p [syn::Path]) -> impl Iterator<Item = TokenStream> + 'p {
    let requests: BTreeSet<&str> = plan.ops.iter().map(|op| op.request.as_str()).collect();
    let items = plan.items.iter().map(move |item| {
        let gate = plan.item_features.get(item.name()).and_then(|f| gate(plan, f.iter().map(String::as_str)));
        match item {
            Item::Struct(s) => {
                let builder = requests.contains(s.name.as_str()).then(|| builder(s, gate.as_ref())).flatten();
                let structure = structure(s, extra_derives, gate);
                quote!(#structure #builder)
            }
            Item::Enum(e) => enumeration(e, gate),
            Item::Alias { name, docs, target } => {
                let name = ident(name);
                let docs = doc_attrs(docs);
                let target = rust_type(target);
                quote! { #docs #gate pub type #name = #target; }
            }
        }
    });
    let (lists, shared) = query_lists(plan);
    let wires = plan.ops.iter().map(move |op| {
        let query = shared.get(&query_key(op)).map_or_else(|| query_list(op), |name| quote!(#name));
        wire_const(op, query, gate(plan, [op.feature.as_str()]))
    });
    items.chain(lists).chain(wires)
}

/// The query parameters of an operation as the `Wire` constant spells them.
fn query_list(op: &OpPlan) -> TokenStream {
    let query = op.query.iter().map(|q| {
        let json = &q.json;
        // The derived `Debug` of a variant is its name: the plan's kinds and shapes are the
        // runtime's own types (fixed/query.rs).
        let kind = ident(&format!("{:?}", q.kind));
        let shape = ident(&format!("{:?}", q.shape));
        quote!((#json, super::runtime::QueryKind::#kind, super::runtime::QueryShape::#shape))
    });
    quote!(&[#(#query),*])
}

/// An operation's query parameters as (name, kind, shape), to tell equal lists.
type QueryKey = Vec<(String, String, String)>;

fn query_key(op: &OpPlan) -> QueryKey {
    op.query.iter().map(|q| (q.json.clone(), format!("{:?}", q.kind), format!("{:?}", q.shape))).collect()
}

/// The lists of query parameters that several operations share (every query of a platform takes
/// the same ten), each a constant once (`QUERY_PARAMS_1`, in the order of the first operation that
/// has it), and by list the constant's name.
fn query_lists(plan: &Plan) -> (Vec<TokenStream>, BTreeMap<QueryKey, proc_macro2::Ident>) {
    let mut uses: BTreeMap<QueryKey, usize> = BTreeMap::new();
    for op in plan.ops.iter().filter(|op| !op.query.is_empty()) {
        *uses.entry(query_key(op)).or_default() += 1;
    }
    let mut names = BTreeMap::new();
    let mut lists = Vec::new();
    for op in &plan.ops {
        let key = query_key(op);
        if uses.get(&key).is_some_and(|&n| n > 1) && !names.contains_key(&key) {
            let name = ident(&format!("QUERY_PARAMS_{}", names.len() + 1));
            let list = query_list(op);
            lists.push(quote! {
                #[doc(hidden)]
                pub const #name: &[(&str, super::runtime::QueryKind, super::runtime::QueryShape)] = #list;
            });
            names.insert(key, name);
        }
    }
    (lists, names)
}

/// The `cfg` that compiles an item only with one of some group features, where the plan gates
/// groups.
pub fn gate<'a>(plan: &Plan, features: impl IntoIterator<Item = &'a str>) -> Option<TokenStream> {
    if !plan.gated {
        return None;
    }
    let features: Vec<&str> = features.into_iter().collect();
    match &features[..] {
        [] => None,
        [one] => Some(quote!(#[cfg(feature = #one)])),
        many => Some(quote!(#[cfg(any(#(feature = #many),*))])),
    }
}

/// A Rust type: the prelude's `String`, `Vec` and `Option` by their names (no generated item
/// takes them: `RESERVED`), anything else in full paths, so that generated code never depends on
/// the user's imports.
pub fn rust_type(ty: &RustType) -> TokenStream {
    match ty {
        RustType::String => quote!(String),
        RustType::I32 => quote!(i32),
        RustType::I64 => quote!(i64),
        RustType::F64 => quote!(f64),
        RustType::Bool => quote!(bool),
        RustType::Timestamp => quote!(super::runtime::Timestamp),
        RustType::Json => quote!(::serde_json::Value),
        RustType::Map(v) => {
            let v = rust_type(v);
            quote!(::std::collections::BTreeMap<String, #v>)
        }
        RustType::Vec(e) => {
            let e = rust_type(e);
            quote!(Vec<#e>)
        }
        RustType::Named(n) => {
            let n = ident(n);
            quote!(super::types::#n)
        }
    }
}

/// Doc attributes, one per line: every doc comment the emitters write from the plan goes out here,
/// each line [`shown`] (page text in the plan is already escaped Markdown, see `doc.rs`).
pub fn doc_attrs(docs: &[String]) -> TokenStream {
    let lines = docs.iter().map(|d| {
        let line = if d.is_empty() { String::new() } else { format!(" {}", shown(d)) };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

fn structure(s: &StructDef, extra_derives: &[syn::Path], gate: Option<TokenStream>) -> TokenStream {
    let name = ident(&s.name);
    let docs = doc_attrs(&s.docs);
    let default = s.default.then(|| quote!(::std::default::Default,));
    let fields = s.fields.iter().map(field);
    let deserialize = deserialize(s);
    quote! {
        #docs
        #gate
        #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize #(, #extra_derives)*)]
        pub struct #name {
            #(#fields)*
        }

        #gate
        #deserialize
    }
}

/// A struct's `Deserialize`, written out rather than derived: at platform scale serde's derive was
/// most of the crate's check time (a field enum with its own visitor, and a sequence visitor, per
/// struct). Here a struct says how it reads its fields from a map (the runtime's `Object`, which
/// the runtime's `object!` writes from each field's name, wire name and whether it is required),
/// and the runtime's one visitor does the rest. A struct is not read from a sequence: JSON has
/// none for objects, and optional fields are left out when serialized, so a sequence format
/// could not read them back anyway.
fn deserialize(s: &StructDef) -> TokenStream {
    let name = ident(&s.name);
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.rust);
        let json = &f.json;
        let kind = ident(if f.optional { "optional" } else { "required" });
        quote!(#field = #kind(#json))
    });
    quote! {
        super::runtime::object!(#name { #(#fields),* });
    }
}

/// A request struct's builder: one line of the runtime's `builder!`, the required fields (`new`'s
/// arguments) and the optional ones (a setter each), every field a `one(T)` or, for a list,
/// `list(Element)`. None for a struct with a field named `new`, whose setter would be the
/// constructor's name.
fn builder(s: &StructDef, gate: Option<&TokenStream>) -> Option<TokenStream> {
    if s.fields.iter().any(|f| f.rust == "new") {
        return None;
    }
    let name = ident(&s.name);
    let spec = |f: &FieldDef| {
        let field = ident(&f.rust);
        match (&f.ty, f.boxed) {
            (RustType::Vec(element), false) => {
                let element = rust_type(element);
                quote!(#field: list(#element))
            }
            _ => {
                let mut ty = rust_type(&f.ty);
                if f.boxed {
                    ty = quote!(Box<#ty>);
                }
                quote!(#field: one(#ty))
            }
        }
    };
    let required = s.fields.iter().filter(|f| !f.optional).map(spec);
    let optional = s.fields.iter().filter(|f| f.optional).map(spec);
    Some(quote! {
        #gate
        super::runtime::builder!(#name { #(#required),* } { #(#optional),* });
    })
}

/// A field's Rust type as the struct declares it.
fn field_type(f: &FieldDef) -> TokenStream {
    let mut ty = rust_type(&f.ty);
    if f.boxed {
        ty = quote!(Box<#ty>);
    }
    if f.optional { quote!(Option<#ty>) } else { ty }
}

fn field(f: &FieldDef) -> TokenStream {
    let name = ident(&f.rust);
    let json = &f.json;
    let docs = doc_attrs(&f.docs);
    let ty = field_type(f);
    // Serde names a field as its identifier (`r#type` is `type`) unless it is renamed; only
    // `Serialize` reads these attributes (`deserialize` spells the wire names itself).
    let rename = (name.to_string().trim_start_matches("r#") != json.as_str()).then(|| quote!(rename = #json));
    let skip = f.optional.then(|| quote!(skip_serializing_if = "Option::is_none"));
    let serde = match (rename, skip) {
        (None, None) => None,
        (Some(rename), None) => Some(quote!(#[serde(#rename)])),
        (None, Some(skip)) => Some(quote!(#[serde(#skip)])),
        (Some(rename), Some(skip)) => Some(quote!(#[serde(#rename, #skip)])),
    };
    quote! {
        #docs
        #serde
        pub #name: #ty,
    }
}

/// A string enum whose catch-all variant keeps a value the documentation did not list, so that it
/// still decodes (and encodes back unchanged). Its impls are in one block, so that one `cfg`
/// gates them.
fn enumeration(e: &EnumDef, gate: Option<TokenStream>) -> TokenStream {
    let name = ident(&e.name);
    let docs = doc_attrs(&e.docs);
    let variants: Vec<_> = e.variants.iter().map(|(v, _)| ident(v)).collect();
    let values: Vec<&String> = e.variants.iter().map(|(_, value)| value).collect();
    let variant_docs = values.iter().map(|v| doc_attrs(&[code(v)]));
    quote! {
        #docs
        #gate
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variant_docs #variants,)*
            /// A value the documentation does not list.
            Other(::std::string::String),
        }

        #gate
        const _: () = {
        impl #name {
            /// The value on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #values,)*
                    Self::Other(value) => value,
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#values => Self::#variants,)*
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value.as_str()))
            }
        }
        };
    }
}

/// The name of the constant that holds an operation's wire layout.
pub fn wire_name(op: &OpPlan) -> proc_macro2::Ident {
    ident(&format!("{}_WIRE", shouty(&op.id)))
}

/// How an operation travels (its method, auth, whether it runs as a job, where its request's
/// fields go), as a constant of the `types` module that the client and the server read.
pub fn wire_const(op: &OpPlan, query: TokenStream, gate: Option<TokenStream>) -> TokenStream {
    let name = wire_name(op);
    let (id, method, auth, asynchronous) = (&op.id, op.method.to_string(), op.auth, op.asynchronous);
    let body = op.body;
    let wrapper = match &op.wrapper {
        Some(w) => quote!(Some(#w)),
        None => quote!(None),
    };
    let wrapped = &op.wrapped;
    quote! {
        #gate
        pub const #name: super::runtime::Wire = super::runtime::Wire {
            id: #id,
            method: #method,
            auth: #auth,
            asynchronous: #asynchronous,
            body: #body,
            wrapper: #wrapper,
            wrapped: &[#(#wrapped),*],
            query: #query,
        };
    }
}
