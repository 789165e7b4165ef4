//! The Rust emitters: serde types, an async client (reqwest) and server stubs (axum), built as
//! token trees with `quote`, parsed into a `syn::File` (the proof that the code is valid Rust) and
//! printed with `prettyplease`.
//!
//! [`plan`] decides every name and type once; `types.rs`, `client.rs`, `server.rs` and `runtime.rs`
//! turn the plan into the modules of a crate. What is the same for every API is not built as
//! tokens: it is ordinary Rust in `fixed/` (compiled and tested as such), which `fixed.rs` parses
//! and splices into the modules, with what the API lacks left out; `runtime.rs` writes the few
//! values that vary (the protocol's statuses, fields, header and messages) as constants it reads.

mod client;
mod doc;
mod fixed;
pub(crate) mod names;
pub(crate) mod plan;
mod runtime;
mod server;
mod types;

use std::io;

use proc_macro2::TokenStream;
use quote::quote;
use serde::{Deserialize, Serialize};

use crate::model::Api;
use crate::output::OutputFile;

/// The settings of the Rust output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RustSettings {
    /// The generated crate's package name (`zstack-ticket-api`).
    #[serde(rename = "crate", default = "default_crate")]
    pub crate_name: String,
    /// Derives added to every generated struct, as Rust paths (`Eq`, `schemars::JsonSchema`).
    #[serde(default)]
    pub extra_derives: Vec<String>,
    /// Whether to emit the client module (build scripts; the crate has it behind a feature).
    #[serde(default = "yes")]
    pub client: bool,
    /// Whether to emit the server module (build scripts; the crate has it behind a feature).
    #[serde(default = "yes")]
    pub server: bool,
    /// The API groups on by default in the crate, by feature name (`[ticket]`; `full` for every
    /// group). Without it, the group of an API that has one group is on by default, and none of an
    /// API that has several.
    #[serde(default)]
    pub default_features: Option<Vec<String>>,
}

fn default_crate() -> String {
    "api".into()
}

fn yes() -> bool {
    true
}

impl Default for RustSettings {
    fn default() -> Self {
        RustSettings {
            crate_name: default_crate(),
            extra_derives: Vec::new(),
            client: true,
            server: true,
            default_features: None,
        }
    }
}

/// How a build script's output is laid out in `OUT_DIR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ModuleLayout {
    /// `docs2api.rs` declares the modules and includes one file per module; the module files are
    /// byte-identical to the `src/` files of the crate the CLI writes.
    #[default]
    FilePerModule,
    /// `docs2api.rs` holds every module inline: one file to read.
    SingleFile,
}

/// A module of the output: its name, its documentation, the lints it allows (generated code is
/// regular, not hand-tuned) and the crate feature it needs.
struct Module {
    name: &'static str,
    doc: &'static str,
    allow: &'static [&'static str],
    feature: Option<&'static str>,
}

const MODULES: [Module; 4] = [
    Module {
        name: "runtime",
        doc: "The API's protocol as constants, and support code shared by the generated types, client and server.",
        allow: &[],
        feature: None,
    },
    Module {
        name: "types",
        doc: "The API's types: named types, objects documented in place, and each operation's request and response, with where each request's fields travel.",
        allow: &["clippy::large_enum_variant", "clippy::derivable_impls"],
        feature: None,
    },
    Module {
        name: "client",
        doc: "An async client for the API: build a `Client` from the server's base URL, set the session once, and call one method per operation.",
        allow: &["clippy::too_many_arguments"],
        feature: Some("client"),
    },
    Module {
        // Handlers answer a rejection as the `Err` of a `Result` (the axum way), and the failure
        // error is as large as the API's error type.
        name: "server",
        doc: "Server stubs: implement the trait of an API group and serve its routes (`Routes`), or the `Mock`.",
        allow: &["clippy::too_many_arguments", "clippy::result_large_err"],
        feature: Some("server"),
    },
];

impl RustModules {
    /// The modules the settings select, by name, in declaration order.
    fn selected(&self, settings: &RustSettings) -> Vec<(&'static Module, &str)> {
        MODULES
            .iter()
            .filter_map(|m| {
                let text = match m.name {
                    "runtime" => &self.runtime,
                    "types" => &self.types,
                    "client" if settings.client => &self.client,
                    "server" if settings.server => &self.server,
                    _ => return None,
                };
                Some((m, text.as_str()))
            })
            .collect()
    }
}

/// A module's declaration: its docs and allowed lints as outer attributes (so that the module's
/// own file has none and can be `include!`d), then what holds its items.
fn declaration(m: &Module, body: TokenStream) -> TokenStream {
    let name = names::ident(m.name);
    let doc = format!(" {}", m.doc);
    let allow: Vec<syn::Path> = m.allow.iter().filter_map(|a| syn::parse_str(a).ok()).collect();
    let allow = (!allow.is_empty()).then(|| quote!(#[allow(#(#allow),*)]));
    quote! {
        #[doc = #doc]
        #allow
        pub mod #name #body
    }
}

/// The generated Rust modules, each as formatted source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustModules {
    pub runtime: String,
    pub types: String,
    pub client: String,
    pub server: String,
    /// The operations' success examples by operation id, as JSON: the data of the server's `Mock`
    /// (`examples.json` beside the server module, which includes it).
    pub examples: String,
}

/// A failure to produce valid Rust: a bug in docs2api (or an extra derive that is not a path),
/// never a problem of the pages.
#[derive(Debug, thiserror::Error)]
#[error("the generated {module} module is not valid Rust: {message}")]
pub struct RustError {
    pub module: &'static str,
    pub message: String,
}

/// Emits the modules for a model, every group ungated (a build script's modules: the settings
/// select what they hold).
pub fn modules(api: &Api, settings: &RustSettings) -> Result<RustModules, RustError> {
    modules_of(&plan::plan(api), settings)
}

fn modules_of(plan: &plan::Plan, settings: &RustSettings) -> Result<RustModules, RustError> {
    let derives = derives(settings)?;
    Ok(RustModules {
        runtime: render("runtime", runtime::runtime(plan)?)?,
        types: render_each("types", types::types(plan, &derives))?,
        client: render_each("client", client::client(plan)?)?,
        server: render_each("server", server::server(plan)?)?,
        examples: server::examples(plan),
    })
}

/// The extra derives the settings name, as paths.
fn derives(settings: &RustSettings) -> Result<Vec<syn::Path>, RustError> {
    let path = |d: &String| {
        syn::parse_str::<syn::Path>(d).map_err(|e| RustError { module: "types", message: format!("`{d}`: {e}") })
    };
    settings.extra_derives.iter().map(path).collect()
}

/// The files of a crate holding the modules, relative to the crate's folder, in the order
/// [`write_crate`] takes their writers.
pub const CRATE_FILES: [&str; 9] = [
    "Cargo.toml",
    "rustfmt.toml",
    "src/lib.rs",
    "src/runtime.rs",
    "src/types.rs",
    "src/client.rs",
    "src/server.rs",
    "src/examples.json",
    "src/bin/mock_server.rs",
];

/// A writer of one generated file.
pub type Writer<'w> = &'w mut (dyn io::Write + Send);

/// Writes the crate's files ([`CRATE_FILES`]), each into its writer, a module piece by piece as it
/// is printed (a platform's modules are megabytes of text: none is held whole). A module that is
/// not valid Rust is an `io::Error` whose inner error is the [`RustError`].
pub fn write_crate(
    api: &Api,
    settings: &RustSettings,
    title: &str,
    version: &str,
    out: &mut [Writer; CRATE_FILES.len()],
) -> io::Result<()> {
    let mut plan = plan::plan(api);
    plan.gated = true;
    let [cargo, rustfmt, lib_rs, runtime_rs, types_rs, client_rs, server_rs, examples, bin] = out;
    let defaults = default_features(&plan, settings).map_err(io::Error::other)?;
    cargo.write_all(manifest(settings, &plan, &defaults, title, version).as_bytes())?;
    // The sources are printed by prettyplease as docs2api writes them; a `cargo fmt` over the
    // workspace must not change them, or `docs2api check` would call them stale.
    rustfmt.write_all(b"# Generated by docs2api: keep the files as generated.\ndisable_all_formatting = true\n")?;
    let plan = &plan;
    // The types module is half the crate's text: it is printed beside the rest.
    // (The derives are syntax, which stays on the thread that made it.)
    let types =
        move || render_into("types", types::types(plan, &derives(settings).map_err(io::Error::other)?), types_rs);
    let rest = move || -> io::Result<()> {
        render_into("lib", [lib(title, plan, &defaults)], lib_rs)?;
        render_into("runtime", [runtime::runtime(plan).map_err(io::Error::other)?], runtime_rs)?;
        render_into("client", client::client(plan).map_err(io::Error::other)?, client_rs)?;
        render_into("server", server::server(plan).map_err(io::Error::other)?, server_rs)?;
        examples.write_all(server::examples(plan).as_bytes())?;
        render_into("mock-server", [mock_server(&settings.crate_name)], bin)
    };
    super::beside(types, rest)
}

/// The group features on by default: those the settings name, else the one group of an API that
/// has one (so that a small crate works out of the box), else none.
fn default_features(plan: &plan::Plan, settings: &RustSettings) -> Result<Vec<String>, RustError> {
    let features: Vec<&str> = plan.groups.iter().map(|g| g.feature.as_str()).collect();
    let Some(listed) = &settings.default_features else {
        return Ok(if let [one] = features[..] { vec![one.to_owned()] } else { Vec::new() });
    };
    for feature in listed {
        if feature != "full" && !features.contains(&feature.as_str()) {
            return Err(RustError {
                module: "Cargo.toml",
                message: format!(
                    "`rust.default-features` names `{feature}`, which is no group's feature; the groups' features are {}",
                    features.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
                ),
            });
        }
    }
    Ok(listed.clone())
}

/// Parses tokens as a file (so that invalid code is caught here) and prints them.
///
/// The file is parsed and printed an item (or a few) at a time: a platform's server module is
/// millions of tokens, and its whole syntax tree, and syn's buffer of its tokens, were the largest
/// things a run held. The tokens are cut after a top-level `;` or `{...}` that is followed by what
/// starts an item (see [`starts_item`]); in valid Rust such a place is always between items, and a
/// cut anywhere else would leave a piece that does not parse. Each piece is parsed as `syn::File`
/// parses a file (the first with the file's inner attributes) and printed as a file of its own:
/// prettyplease prints a file as its inner attributes then each item, each ending in a hard break
/// at the file's level, so the pieces' texts together are the whole file's.
fn render(module: &'static str, tokens: TokenStream) -> Result<String, RustError> {
    render_each(module, std::iter::once(tokens))
}

/// [`render`] of a module given as streams of whole items, each made only when the one before
/// is printed (so that the module's whole token stream is never held).
fn render_each(module: &'static str, streams: impl IntoIterator<Item = TokenStream>) -> Result<String, RustError> {
    let mut text = Vec::new();
    render_into(module, streams, &mut text).map_err(|e| match e.downcast::<RustError>() {
        Ok(invalid) => invalid,
        // Writing into memory does not fail otherwise.
        Err(e) => RustError { module, message: e.to_string() },
    })?;
    Ok(String::from_utf8(text).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// [`render_each`] into a writer, each piece written as it is printed.
fn render_into(
    module: &'static str,
    streams: impl IntoIterator<Item = TokenStream>,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    out.write_all(b"// Generated by docs2api from API documentation pages. Do not edit: regenerate.\n")?;
    let mut piece = Vec::new();
    let mut first = true;
    for tokens in streams {
        let mut trees = tokens.into_iter().peekable();
        while let Some(tree) = trees.next() {
            let ends = ends_item(&tree);
            piece.push(tree);
            if ends && trees.peek().is_none_or(starts_item) {
                out.write_all(print_piece(module, std::mem::take(&mut piece), first)?.as_bytes())?;
                first = false;
            }
        }
    }
    if first || !piece.is_empty() {
        out.write_all(print_piece(module, piece, first)?.as_bytes())?;
    }
    Ok(())
}

/// Whether a top-level token can end an item: its `;`, or the braces of its body.
fn ends_item(tree: &proc_macro2::TokenTree) -> bool {
    match tree {
        proc_macro2::TokenTree::Punct(p) => p.as_char() == ';',
        proc_macro2::TokenTree::Group(g) => g.delimiter() == proc_macro2::Delimiter::Brace,
        _ => false,
    }
}

/// Whether a top-level token starts an item (an attribute, a visibility, or an item's keyword),
/// and can follow a `;` or `{...}` nowhere else. Items that start otherwise (a macro call) are
/// simply not cut before.
fn starts_item(tree: &proc_macro2::TokenTree) -> bool {
    const KEYWORDS: [&str; 14] = [
        "pub", "fn", "struct", "enum", "impl", "use", "mod", "const", "static", "type", "trait", "async", "unsafe",
        "extern",
    ];
    match tree {
        proc_macro2::TokenTree::Punct(p) => p.as_char() == '#',
        proc_macro2::TokenTree::Ident(i) => KEYWORDS.iter().any(|k| i == k),
        _ => false,
    }
}

/// Parses a piece of a file's tokens (its inner attributes, if `first`, then whole items) and
/// prints it as a file.
fn print_piece(module: &'static str, trees: Vec<proc_macro2::TokenTree>, first: bool) -> io::Result<String> {
    let parse = |input: syn::parse::ParseStream| -> syn::Result<syn::File> {
        let attrs = if first { input.call(syn::Attribute::parse_inner)? } else { Vec::new() };
        let mut items = Vec::new();
        while !input.is_empty() {
            items.push(input.parse()?);
        }
        Ok(syn::File { shebang: None, frontmatter: None, attrs, items })
    };
    let file = syn::parse::Parser::parse2(parse, trees.into_iter().collect())
        .map_err(|e| io::Error::other(RustError { module, message: e.to_string() }))?;
    Ok(prettyplease::unparse(&file))
}

fn lib(title: &str, plan: &plan::Plan, defaults: &[String]) -> TokenStream {
    let title: Vec<String> = title.lines().map(doc::prose).collect();
    let doc =
        doc::shown(&format!(" {}: types, an async client and server stubs, generated by docs2api.", title.join(" ")));
    let defaults: Vec<String> = defaults.iter().map(|f| format!("`{f}`")).collect();
    let defaults = match defaults.len() {
        0 => " No group is on by default.".to_owned(),
        _ => format!(" On by default: {}.", defaults.join(", ")),
    };
    // With no group on, the support code of the client and the server has no caller.
    let features = plan.groups.iter().map(|g| g.feature.as_str());
    let unused = quote!(#[cfg_attr(not(any(#(feature = #features),*)), allow(dead_code))]);
    let declarations = MODULES.iter().map(|module| {
        let cfg = module.feature.map(|f| quote!(#[cfg(feature = #f)] #unused));
        let declaration = declaration(module, quote!(;));
        quote!(#cfg #declaration)
    });
    quote! {
        #![doc = #doc]
        //!
        //! Features: `client` (reqwest) and `server` (axum), both on by default; one per API group
        //! (see `Cargo.toml`), which gates the group's client methods, server trait and routes, and
        //! the types only its operations use; `full` turns every group on.
        #![doc = #defaults]
        #![forbid(unsafe_code)]

        #(#declarations)*
    }
}

/// The files a build script writes into `OUT_DIR`: `docs2api.rs`, which declares the modules,
/// and, in the file-per-module layout, one file per module.
pub fn out_dir_files(
    m: &RustModules,
    settings: &RustSettings,
    layout: ModuleLayout,
) -> Result<Vec<OutputFile>, RustError> {
    let selected = m.selected(settings);
    let mut files = Vec::new();
    let mut declarations = Vec::new();
    for (module, text) in &selected {
        let body = match layout {
            ModuleLayout::FilePerModule => {
                let file = format!("{}.rs", module.name);
                let path = format!("/{file}");
                files.push(OutputFile { path: file.into(), contents: (*text).to_owned() });
                quote!({
                    include!(concat!(env!("OUT_DIR"), #path));
                })
            }
            ModuleLayout::SingleFile => {
                let items: syn::File =
                    syn::parse_str(text).map_err(|e| RustError { module: module.name, message: e.to_string() })?;
                let items = items.items;
                quote!({ #(#items)* })
            }
        };
        declarations.push(declaration(module, body));
    }
    if settings.server {
        // Beside the file that holds the server module, which includes it.
        files.push(OutputFile { path: "examples.json".into(), contents: m.examples.clone() });
    }
    let wrapper = render("docs2api", quote!(#(#declarations)*))?;
    files.insert(0, OutputFile { path: "docs2api.rs".into(), contents: wrapper });
    Ok(files)
}

fn mock_server(crate_name: &str) -> TokenStream {
    let krate = names::ident(&crate_name.replace('-', "_"));
    quote! {
        //! Serves the mock implementation (each operation of the groups built in answers with its
        //! page's example): `mock-server [ADDRESS] [SESSION...]`, by default `127.0.0.1:8080`. The
        //! sessions given are accepted besides those the mock's login issues.

        #[tokio::main]
        async fn main() -> ::std::process::ExitCode {
            let address = ::std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:8080".to_owned());
            let listener = match ::tokio::net::TcpListener::bind(&address).await {
                ::std::result::Result::Ok(listener) => listener,
                ::std::result::Result::Err(e) => {
                    ::std::eprintln!("mock-server: cannot listen on {address}: {e}");
                    return ::std::process::ExitCode::FAILURE;
                }
            };
            let sessions = ::#krate::server::Sessions::new(::std::env::args().skip(2));
            let config = ::#krate::server::ServerConfig {
                session_check: ::std::option::Option::Some(sessions.check()),
                ..::std::default::Default::default()
            };
            let router = ::#krate::server::mock_router(config);
            match listener.local_addr() {
                ::std::result::Result::Ok(a) => ::std::println!("mock-server: serving on http://{a}"),
                ::std::result::Result::Err(_) => ::std::println!("mock-server: serving on {address}"),
            }
            if let ::std::result::Result::Err(e) = ::axum::serve(listener, router).await {
                ::std::eprintln!("mock-server: {e}");
                return ::std::process::ExitCode::FAILURE;
            }
            ::std::process::ExitCode::SUCCESS
        }
    }
}

/// The generated crate's manifest (TOML, not Rust: written as data).
fn manifest(settings: &RustSettings, plan: &plan::Plan, defaults: &[String], title: &str, version: &str) -> String {
    let version = if version.split('.').count() == 3 && version.split('.').all(|p| p.parse::<u64>().is_ok()) {
        version
    } else {
        "0.1.0"
    };
    let toml_string = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let list = |items: &mut dyn Iterator<Item = &str>| items.map(toml_string).collect::<Vec<_>>().join(", ");
    let defaults = list(&mut ["client", "server"].into_iter().chain(defaults.iter().map(String::as_str)));
    let full = list(&mut plan.groups.iter().map(|g| g.feature.as_str()));
    let groups: Vec<String> = plan
        .groups
        .iter()
        .map(|g| format!("# The operations of `{}` ({}).\n{} = []", g.trait_name, g.ops.len(), g.feature))
        .collect();
    [
        "# Generated by docs2api from API documentation pages. Do not edit: regenerate.",
        "[package]",
        &format!("name = {}", toml_string(&settings.crate_name)),
        &format!("version = {}", toml_string(version)),
        "edition = \"2024\"",
        "publish = false",
        &format!("description = {}", toml_string(&format!("{title}: types, client and server stubs"))),
        "",
        "[features]",
        &format!("default = [{defaults}]"),
        "client = [\"dep:reqwest\", \"dep:tokio\", \"dep:futures-core\"]",
        "server = [\"dep:axum\", \"dep:tokio\", \"dep:form_urlencoded\"]",
        "# Every API group.",
        &format!("full = [{full}]"),
        &groups.join("\n"),
        "",
        "[dependencies]",
        "serde = { version = \"1\", features = [\"derive\"] }",
        "serde_json = \"1\"",
        "reqwest = { version = \"0.13\", default-features = false, optional = true }",
        "tokio = { version = \"1\", features = [\"macros\", \"net\", \"rt-multi-thread\", \"time\"], optional = true }",
        "axum = { version = \"0.8\", optional = true }",
        "form_urlencoded = { version = \"1\", optional = true }",
        "# The `Stream` a query's pages are read as.",
        "futures-core = { version = \"0.3\", default-features = false, optional = true }",
        "",
        "[[bin]]",
        "name = \"mock-server\"",
        "path = \"src/bin/mock_server.rs\"",
        "required-features = [\"server\"]",
        "",
    ]
    .join("\n")
}
