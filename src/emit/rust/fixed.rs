//! The code every generated crate holds word for word, kept as ordinary Rust files in `fixed/`
//! (compiled, linted and tested as such by `tests/fixed_code.rs`) and spliced into the generated
//! modules here: a file is parsed, what its API lacks is dropped, and its items go out with the
//! generated ones. What varies per API reaches the fixed code as the protocol constants that
//! `runtime.rs` generates (`super::runtime::ACCEPTED`, `super::runtime::ApiError`).
//!
//! A part that only some APIs have is marked `#[cfg(not(docs2api_omits = "part"))]`, and what such
//! an API has instead `#[cfg(docs2api_omits = "part")]` (or `#[cfg_attr(docs2api_omits = "part",
//! …)]`): compiled as they are (the marks unset), the files are the whole of the fixed code, every
//! part included. Here the marks are evaluated for the API and removed; `cfg(test)` is false, so
//! the files' own tests stay out. A mark may stand on an item, an item of an `impl`, a variant, a
//! field, a field of a struct expression and a match arm; anywhere else, or with another
//! predicate, it is an error.

pub mod query;

use quote::ToTokens;
use syn::visit_mut::{self, VisitMut};

use super::RustError;
use super::plan::Plan;

/// The fixed files by name, as `include!("query.rs")` names them.
const FILES: [(&str, &str); 6] = [
    ("runtime.rs", include_str!("fixed/runtime.rs")),
    ("query.rs", include_str!("fixed/query.rs")),
    ("client.rs", include_str!("fixed/client.rs")),
    ("sha512.rs", include_str!("fixed/sha512.rs")),
    ("server.rs", include_str!("fixed/server.rs")),
    ("sessions.rs", include_str!("fixed/sessions.rs")),
];

/// The parts of the fixed code that only some APIs have, by the names the marks use, and whether
/// the API has each.
struct Parts([(&'static str, bool); 4]);

impl Parts {
    fn of(plan: &Plan) -> Self {
        Parts([
            // The job store, the job route and the client's polling.
            ("jobs", plan.jobs.is_some()),
            // `Error::Api` and `ServerError::Api`, with the failure body.
            ("failure", plan.failure.is_some()),
            // The login helper, its password digest, and the mock's sessions: the profile names
            // the session operations, and the unknown session is answered in the failure body.
            ("sessions", plan.sessions.is_some() && plan.failure.is_some()),
            // The client's `Pages`, which a query's stream method returns.
            ("pages", plan.ops.iter().any(|op| op.stream.is_some())),
        ])
    }

    fn has(&self, part: &str) -> Option<bool> {
        self.0.iter().find(|(name, _)| *name == part).map(|(_, has)| *has)
    }
}

/// The items of the fixed file of `module` (`client` → `fixed/client.rs`) for the plan's API.
pub fn items(plan: &Plan, module: &'static str) -> Result<Vec<syn::Item>, RustError> {
    let fail = |message: String| RustError { module, message };
    let mut file = parse(&format!("{module}.rs")).map_err(fail)?;
    let mut pruner = Pruner { parts: Parts::of(plan), errors: Vec::new() };
    pruner.visit_file_mut(&mut file);
    if !pruner.errors.is_empty() {
        return Err(fail(format!("fixed/{module}.rs: {}", pruner.errors.join("; "))));
    }
    Ok(file.items)
}

/// The names of the methods the fixed code gives `Client`, which no operation's method may take.
pub fn client_methods() -> Vec<String> {
    let items = parse("client.rs").map(|file| file.items).unwrap_or_default();
    let impls = items.iter().filter_map(|item| match item {
        syn::Item::Impl(i) if i.trait_.is_none() && i.self_ty.to_token_stream().to_string() == "Client" => Some(i),
        _ => None,
    });
    let methods = impls.flat_map(|i| &i.items).filter_map(|item| match item {
        syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
        _ => None,
    });
    methods.collect()
}

/// Every name the fixed server code spells (its items, the types it names, its generic
/// parameters), which no API group's trait may take: the traits live in the same module.
pub fn server_names() -> Vec<String> {
    fn walk(tokens: proc_macro2::TokenStream, names: &mut Vec<String>) {
        for token in tokens {
            match token {
                proc_macro2::TokenTree::Ident(i) => names.push(i.to_string()),
                proc_macro2::TokenTree::Group(g) => walk(g.stream(), names),
                _ => {}
            }
        }
    }
    let mut names = Vec::new();
    if let Ok(file) = parse("server.rs") {
        walk(file.to_token_stream(), &mut names);
    }
    names
}

/// A fixed file, its `include!`s of other fixed files replaced by their items. The file's inner
/// attributes (its `//!` documentation, for docs2api's readers) stay behind.
fn parse(name: &str) -> Result<syn::File, String> {
    let text = FILES.iter().find(|(n, _)| *n == name).map(|(_, text)| *text).ok_or(format!("no fixed file {name}"))?;
    let mut file = syn::parse_file(text).map_err(|e| format!("fixed/{name}: {e}"))?;
    file.attrs.clear();
    let mut items = Vec::new();
    for item in std::mem::take(&mut file.items) {
        match item {
            syn::Item::Macro(m) if m.mac.path.is_ident("include") => {
                let included: syn::LitStr = m.mac.parse_body().map_err(|e| format!("fixed/{name}: {e}"))?;
                items.extend(parse(&included.value())?.items);
            }
            item => items.push(item),
        }
    }
    file.items = items;
    Ok(file)
}

/// Drops what the API lacks, by the marks, and removes the marks.
struct Pruner {
    parts: Parts,
    errors: Vec<String>,
}

/// What an attribute is to the pruner.
enum Mark {
    /// Not a mark: it stays.
    None,
    /// `cfg(predicate)`: whether the predicate holds.
    Cfg(bool),
    /// `cfg_attr(predicate, attributes)`: the attributes, if the predicate holds.
    CfgAttr(Vec<syn::Attribute>),
}

impl Pruner {
    /// Whether a node stays; its marks are removed either way (a `cfg_attr` that holds leaves its
    /// attributes in its place).
    fn keep(&mut self, attrs: &mut Vec<syn::Attribute>) -> bool {
        let mut keep = true;
        for attr in std::mem::take(attrs) {
            match mark(&self.parts, &attr) {
                Ok(Mark::None) => attrs.push(attr),
                Ok(Mark::Cfg(holds)) => keep &= holds,
                Ok(Mark::CfgAttr(inner)) => attrs.extend(inner),
                Err(e) => self.errors.push(e),
            }
        }
        keep
    }
}

fn mark(parts: &Parts, attr: &syn::Attribute) -> Result<Mark, String> {
    if attr.path().is_ident("cfg") {
        let predicate: syn::Meta = attr.parse_args().map_err(|e| e.to_string())?;
        return holds(parts, &predicate).map(Mark::Cfg);
    }
    if !attr.path().is_ident("cfg_attr") {
        return Ok(Mark::None);
    }
    let (predicate, inner) = attr
        .parse_args_with(|input: syn::parse::ParseStream| {
            let predicate: syn::Meta = input.parse()?;
            input.parse::<syn::Token![,]>()?;
            let inner = syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated(input)?;
            Ok((predicate, inner))
        })
        .map_err(|e| e.to_string())?;
    let inner = inner.into_iter().map(|meta| syn::parse_quote!(#[#meta])).collect();
    Ok(Mark::CfgAttr(if holds(parts, &predicate)? { inner } else { Vec::new() }))
}

/// Whether a mark's predicate holds for the API.
fn holds(parts: &Parts, meta: &syn::Meta) -> Result<bool, String> {
    match meta {
        syn::Meta::Path(p) if p.is_ident("test") => Ok(false),
        syn::Meta::NameValue(nv) if nv.path.is_ident("docs2api_omits") => {
            let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(part), .. }) = &nv.value else {
                return Err(format!("`{}` does not name a part as a string", nv.to_token_stream()));
            };
            let part = part.value();
            parts.has(&part).map(|has| !has).ok_or(format!("no part is called `{part}`"))
        }
        syn::Meta::List(l) if l.path.is_ident("not") => {
            let inner: syn::Meta = l.parse_args().map_err(|e| e.to_string())?;
            holds(parts, &inner).map(|h| !h)
        }
        other => Err(format!("docs2api does not evaluate `cfg({})`", other.to_token_stream())),
    }
}

/// The attributes of an item, where it can have any.
fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    use syn::Item as I;
    match item {
        I::Const(i) => Some(&mut i.attrs),
        I::Enum(i) => Some(&mut i.attrs),
        I::ExternCrate(i) => Some(&mut i.attrs),
        I::Fn(i) => Some(&mut i.attrs),
        I::ForeignMod(i) => Some(&mut i.attrs),
        I::Impl(i) => Some(&mut i.attrs),
        I::Macro(i) => Some(&mut i.attrs),
        I::Mod(i) => Some(&mut i.attrs),
        I::Static(i) => Some(&mut i.attrs),
        I::Struct(i) => Some(&mut i.attrs),
        I::Trait(i) => Some(&mut i.attrs),
        I::TraitAlias(i) => Some(&mut i.attrs),
        I::Type(i) => Some(&mut i.attrs),
        I::Union(i) => Some(&mut i.attrs),
        I::Use(i) => Some(&mut i.attrs),
        _ => None,
    }
}

fn impl_item_attrs(item: &mut syn::ImplItem) -> Option<&mut Vec<syn::Attribute>> {
    match item {
        syn::ImplItem::Const(i) => Some(&mut i.attrs),
        syn::ImplItem::Fn(i) => Some(&mut i.attrs),
        syn::ImplItem::Type(i) => Some(&mut i.attrs),
        syn::ImplItem::Macro(i) => Some(&mut i.attrs),
        _ => None,
    }
}

impl VisitMut for Pruner {
    fn visit_file_mut(&mut self, file: &mut syn::File) {
        file.items.retain_mut(|item| item_attrs(item).is_none_or(|attrs| self.keep(attrs)));
        visit_mut::visit_file_mut(self, file);
    }

    fn visit_item_mod_mut(&mut self, module: &mut syn::ItemMod) {
        if let Some((_, items)) = &mut module.content {
            items.retain_mut(|item| item_attrs(item).is_none_or(|attrs| self.keep(attrs)));
        }
        visit_mut::visit_item_mod_mut(self, module);
    }

    fn visit_item_impl_mut(&mut self, block: &mut syn::ItemImpl) {
        block.items.retain_mut(|item| impl_item_attrs(item).is_none_or(|attrs| self.keep(attrs)));
        visit_mut::visit_item_impl_mut(self, block);
    }

    fn visit_item_enum_mut(&mut self, e: &mut syn::ItemEnum) {
        e.variants.retain(|v| self.keep(&mut v.attrs));
        visit_mut::visit_item_enum_mut(self, e);
    }

    fn visit_fields_named_mut(&mut self, fields: &mut syn::FieldsNamed) {
        fields.named.retain(|f| self.keep(&mut f.attrs));
        visit_mut::visit_fields_named_mut(self, fields);
    }

    fn visit_expr_struct_mut(&mut self, e: &mut syn::ExprStruct) {
        e.fields.retain(|f| self.keep(&mut f.attrs));
        visit_mut::visit_expr_struct_mut(self, e);
    }

    fn visit_expr_match_mut(&mut self, e: &mut syn::ExprMatch) {
        e.arms.retain_mut(|arm| self.keep(&mut arm.attrs));
        visit_mut::visit_expr_match_mut(self, e);
    }

    /// Every mark left is one no rule above took away: one that docs2api cannot evaluate there.
    fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
        if attr.path().is_ident("cfg") || attr.path().is_ident("cfg_attr") {
            self.errors.push(format!("a mark where docs2api cannot drop what it marks: {}", attr.to_token_stream()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pruned(parts: [(&'static str, bool); 4], source: &str) -> Result<String, Vec<String>> {
        let mut file = syn::parse_file(source).map_err(|e| vec![e.to_string()])?;
        let mut pruner = Pruner { parts: Parts(parts), errors: Vec::new() };
        pruner.visit_file_mut(&mut file);
        if pruner.errors.is_empty() { Ok(file.to_token_stream().to_string()) } else { Err(pruner.errors) }
    }

    const NONE: [(&str, bool); 4] = [("jobs", false), ("failure", false), ("sessions", false), ("pages", false)];
    const JOBS: [(&str, bool); 4] = [("jobs", true), ("failure", false), ("sessions", false), ("pages", false)];

    #[test]
    fn marks_keep_what_the_api_has_and_nothing_else() {
        let source = r#"
            enum E { #[cfg(not(docs2api_omits = "jobs"))] A, B }
            #[cfg(docs2api_omits = "jobs")] struct Stub;
            #[cfg_attr(docs2api_omits = "jobs", derive(Default), allow(dead_code))] struct Config;
            #[cfg(test)] mod tests {}
            fn f(x: u8) -> u8 { match x { #[cfg(not(docs2api_omits = "jobs"))] 1 => 2, _ => 0 } }
        "#;
        let with = pruned(JOBS, source).unwrap();
        assert!(with.contains("A ,") && with.contains("1 => 2") && !with.contains("Stub"), "{with}");
        let without = pruned(NONE, source).unwrap();
        assert!(!without.contains("A ,") && !without.contains("1 => 2") && without.contains("Stub"), "{without}");
        assert!(without.contains("# [derive (Default)] # [allow (dead_code)] struct Config"), "{without}");
        assert!(with.contains("} struct Config"), "{with}");
        assert!(!with.contains("cfg") && !without.contains("cfg") && !without.contains("tests"));
    }

    #[test]
    fn unknown_parts_and_marks_that_cannot_be_dropped_are_errors() {
        let errors = pruned(NONE, r#"#[cfg(docs2api_omits = "nope")] fn f() {}"#).unwrap_err();
        assert_eq!(errors, ["no part is called `nope`"]);
        let errors = pruned(NONE, r#"#[cfg(unix)] fn f() {}"#).unwrap_err();
        assert!(errors[0].contains("does not evaluate"), "{errors:?}");
        let errors = pruned(NONE, r#"fn f() { #[cfg(docs2api_omits = "jobs")] g(); }"#).unwrap_err();
        assert!(errors[0].contains("cannot drop"), "{errors:?}");
    }

    #[test]
    fn every_fixed_file_parses_and_client_methods_are_found() {
        for (name, _) in FILES {
            assert!(parse(name).is_ok(), "{name}: {:?}", parse(name).err());
        }
        let methods = client_methods();
        for method in ["new", "with_session", "send", "call", "transport", "follow_job"] {
            assert!(methods.iter().any(|m| m == method), "{method} in {methods:?}");
        }
    }
}
