//! docs2api reads API documentation pages, as people actually have them (text copies, saved
//! HTML, Markdown), into one model of operations, parameters, fields and types, and emits from that
//! model an OpenAPI document (3.1 and 3.0.3) and Rust code: serde types, an async client and axum
//! server stubs.
//!
//! Data flows one way:
//!
//! ```text
//! page files ─► read (syntax) ─► Document ─► layout ─► PageFacts ─► resolve ─► Api ─► profile ─► check ─► emit
//! ```
//!
//! [`Generator`] is the one entry point, a settings builder that the CLI, build scripts and tests
//! all use:
//!
//! ```
//! use docs2api::{Generator, Level, Version};
//!
//! let run = Generator::new().input("docs-input").run()?;
//! // Every problem and correction, with its file and line.
//! assert!(run.diagnostics().iter().all(|d| d.level != Level::Error));
//! // The model, whatever the diagnostics say.
//! assert!(run.api.operations.contains_key("ChangeTicketStatus"));
//! // The OpenAPI document and the Rust code, only from pages without errors.
//! let outputs = run.outputs()?;
//! assert!(outputs.openapi_yaml(Version::V3_1).starts_with("openapi: 3.1.0"));
//! assert!(outputs.rust_modules()?.client.contains("pub async fn change_ticket_status("));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! In a build script, [`Generator::build_script`] writes the Rust modules into `OUT_DIR`:
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), docs2api::BuildError> {
//!     docs2api::Generator::new().input("docs").build_script().map(drop)
//! }
//! ```
//!
//! and the crate includes them with
//! `include!(concat!(env!("OUT_DIR"), "/docs2api.rs"));`. Depend on docs2api with
//! `default-features = false` there: the library alone compiles no CLI and no HTTP runtime.

// The public surface is what a build script, the CLI and a reader of the model need: the
// settings builder and its outcome, the model, diagnostics, profiles and the output files. The
// stages themselves are the crate's own; benches and integration tests reach the few they drive
// directly through the hidden `internals`.
mod build_script;
mod check;
pub mod coverage;
pub mod diag;
pub mod diff;
mod doctype;
mod emit;
mod example;
mod facts;
mod layout;
pub mod model;
mod nesting;
pub mod output;
mod pages;
pub mod profile;
mod read;
pub mod report;
mod resolve;

/// The pipeline's stages, for benches and integration tests that drive them one by one. Not part
/// of the API: it may change in any release.
#[doc(hidden)]
pub mod internals {
    pub use crate::emit::openapi::{document as openapi_document, to_yaml as openapi_yaml};
    pub use crate::emit::rust::modules as rust_modules;
    pub use crate::facts::{DocField, LineRole, PageFacts, PageFamily};
    pub use crate::pages::{discover, read_page, read_page_bytes};
    pub use crate::profile::apply as apply_profile;
    pub use crate::profile::overlay::{Format as OverlayFormat, Overlay};
    pub use crate::read::Syntax;
    pub use crate::resolve::resolve;
}

use std::path::{Path, PathBuf};

pub use build_script::{BuildError, BuildReport};
pub use coverage::PageCoverage;
pub use diag::{Diagnostic, Diagnostics, Level, Rule};
pub use emit::openapi::{Contact, Info, License, Version};
pub use emit::rust::{ModuleLayout, RustError, RustModules, RustSettings};
pub use model::Api;
pub use nesting::MAX_NESTING;
pub use output::OutputFile;
pub use pages::MAX_PAGE_BYTES;
pub use profile::Profile;

/// The README's Rust examples, compiled and run as doc tests so that they follow the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;

/// The file in an input folder that names the API as a whole (`info` of the OpenAPI document).
pub const MANIFEST: &str = "docs2api.yaml";

/// Errors that stop a run before any page is read.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read the input: {0}")]
    Io(#[from] std::io::Error),
}

/// The settings of a run: which pages to read, which corrections to apply, and what to emit.
///
/// ```
/// use docs2api::{Generator, Profile};
///
/// let verbatim = Generator::new()
///     .input("docs-input/tickets/explorer/ChangeTicketStatus.txt")
///     .profile(Profile::None)
///     .run()?;
/// let op = &verbatim.api.operations["ChangeTicketStatus"];
/// assert_eq!(op.body.as_ref().unwrap().wrapper.as_deref(), Some("changeticketstatus"));
/// # Ok::<(), docs2api::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Generator {
    inputs: Vec<PathBuf>,
    info: Option<Info>,
    rust: Option<RustSettings>,
    /// Changes to the Rust settings (whether from `rust()`, the manifest or the defaults).
    without_client: bool,
    without_server: bool,
    extra_derives: Vec<String>,
    layout: ModuleLayout,
    openapi_file: Option<Version>,
    generators_document: bool,
    profile: Profile,
    overlays: Vec<PathBuf>,
    line_detail: bool,
}

/// The manifest's contents.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    info: Info,
    #[serde(default)]
    openapi: OpenApiSettings,
    #[serde(default)]
    rust: Option<RustSettings>,
    /// Overlay files applied before those of the command line, by paths from the manifest's
    /// folder: facts the pages lack kept beside them as data (`overlays: [overlay.yaml]`).
    #[serde(default)]
    overlays: Vec<PathBuf>,
}

/// Which OpenAPI documents a run writes besides the 3.1 and the 3.0 one (the manifest's `openapi:`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OpenApiSettings {
    /// Also write [`GENERATORS_DOCUMENT`], the 3.0 document in the shape client generators take
    /// (README, "For client generators"). Off by default: most users read the full documents, and
    /// at platform scale a document is seconds and megabytes more.
    #[serde(default)]
    pub generators_document: bool,
}

/// The file of the generators document, beside the other documents.
pub const GENERATORS_DOCUMENT: &str = "openapi-3.0-generators.yaml";

impl Generator {
    /// No pages yet, the `auto` profile, every Rust module, one file per module.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a page file or a folder of pages (read recursively).
    pub fn input(mut self, path: impl Into<PathBuf>) -> Self {
        self.inputs.push(path.into());
        self
    }

    /// Sets the document's `info`, overriding any manifest.
    pub fn info(mut self, info: Info) -> Self {
        self.info = Some(info);
        self
    }

    /// Sets the Rust output's settings (crate name, extra derives), overriding any manifest.
    pub fn rust(mut self, settings: RustSettings) -> Self {
        self.rust = Some(settings);
        self
    }

    /// Leaves the client module out of a build script's output.
    pub fn without_client(mut self) -> Self {
        self.without_client = true;
        self
    }

    /// Leaves the server module out of a build script's output.
    pub fn without_server(mut self) -> Self {
        self.without_server = true;
        self
    }

    /// Adds a derive to every generated struct (`"Eq"`, `"schemars::JsonSchema"`).
    pub fn extra_derive(mut self, path: impl Into<String>) -> Self {
        self.extra_derives.push(path.into());
        self
    }

    /// How a build script lays its modules out in `OUT_DIR` (one file per module by default).
    pub fn module_layout(mut self, layout: ModuleLayout) -> Self {
        self.layout = layout;
        self
    }

    /// Makes a build script also write `OUT_DIR/openapi.yaml` in this OpenAPI version.
    pub fn openapi_file(mut self, version: Version) -> Self {
        self.openapi_file = Some(version);
        self
    }

    /// Makes `generate` (and [`Outputs::files`]) also write [`GENERATORS_DOCUMENT`], whatever the
    /// manifest says.
    pub fn generators_document(mut self) -> Self {
        self.generators_document = true;
        self
    }

    /// Chooses the profile: [`Profile::Auto`] (the default) applies a built-in profile when the
    /// pages' endpoints are under its path prefix; [`Profile::None`] keeps the pages verbatim.
    pub fn profile(mut self, profile: Profile) -> Self {
        self.profile = profile;
        self
    }

    /// Adds an overlay file (YAML or JSON) applied after the profile, in the order added.
    pub fn overlay(mut self, path: impl Into<PathBuf>) -> Self {
        self.overlays.push(path.into());
        self
    }

    /// Keeps, for each page, what each of its lines became ([`PageCoverage::detail`]), which
    /// [`report::report`] shows. Off by default: a run that only generates has no use for it, and
    /// at platform scale it is a tenth of the run.
    pub fn line_detail(mut self) -> Self {
        self.line_detail = true;
        self
    }

    /// Reads every page and builds the model. Page problems are diagnostics in the result, never
    /// an `Err`: only an input that cannot be listed at all is.
    ///
    /// ```
    /// let run = docs2api::Generator::new().input("no/such/folder").run();
    /// assert!(run.is_err());
    /// let empty = tempfile::tempdir()?;
    /// let run = docs2api::Generator::new().input(empty.path()).run()?;
    /// assert!(run.has_errors(), "a folder without pages is an error diagnostic");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn run(&self) -> Result<Run, Error> {
        let mut diags = Diagnostics::new();
        let manifest = self.manifest(&mut diags);
        let info = self.info.clone().or_else(|| manifest.as_ref().map(|m| m.info.clone())).unwrap_or_default();
        let mut openapi = manifest.as_ref().map(|m| m.openapi.clone()).unwrap_or_default();
        openapi.generators_document |= self.generators_document;
        let mut overlay_paths: Vec<PathBuf> = manifest.as_ref().map(|m| m.overlays.clone()).unwrap_or_default();
        overlay_paths.extend(self.overlays.iter().cloned());
        let mut rust = self.rust.clone().or_else(|| manifest.and_then(|m| m.rust)).unwrap_or_default();
        rust.client &= !self.without_client;
        rust.server &= !self.without_server;
        rust.extra_derives.extend(self.extra_derives.iter().cloned());
        let files = pages::discover(&self.inputs, &mut diags)?;
        if files.is_empty() {
            let where_ = self.inputs.first().map_or_else(|| ".".to_owned(), |p| pages::display_name(p));
            diags.error(
                &model::Source::new(where_, 1),
                diag::rules::NO_PAGES,
                "no page files here: expected .txt, .html or .md pages",
            );
        }
        let facts = pages::read_pages(&files, &mut diags);
        let coverage = facts.iter().filter_map(|page| PageCoverage::of(page, self.line_detail)).collect();
        let mut api = resolve::resolve(facts, &mut diags);
        pages::release_free_memory();
        let overlays: Vec<_> = overlay_paths
            .iter()
            .filter_map(|p| profile::Overlay::load(p, pages::display_name(p), &mut diags))
            .collect();
        profile::apply(&mut api, &self.profile, &overlays, &mut diags);
        check::open_lists(&api, &mut diags);
        let mut read: Vec<PathBuf> = self.inputs.clone();
        read.extend(files.into_iter().map(|f| f.path));
        read.extend(overlay_paths);
        read.extend(self.inputs.iter().map(|i| i.join(MANIFEST)).filter(|p| p.is_file()));
        Ok(Run { api, info, openapi, rust, read, coverage, diagnostics: diags.into_sorted() })
    }

    /// The first input folder's manifest, if it has one.
    fn manifest(&self, diags: &mut Diagnostics) -> Option<Manifest> {
        let path = self.inputs.iter().map(|i| i.join(MANIFEST)).find(|p| p.is_file())?;
        match read_manifest(&path) {
            Ok(mut m) => {
                let folder = path.parent().unwrap_or(Path::new("."));
                m.overlays = m.overlays.iter().map(|o| folder.join(o)).collect();
                Some(m)
            }
            Err(why) => {
                diags.error(&model::Source::new(pages::display_name(&path), why.1), diag::rules::MANIFEST, why.0);
                None
            }
        }
    }
}

fn read_manifest(path: &Path) -> Result<Manifest, (String, u32)> {
    let text = pages::read_text(path).map_err(|e| (format!("cannot read the manifest: {e}"), 1))?;
    serde_norway::from_str(&text).map_err(|e| {
        let line = e.location().map_or(1, |l| u32::try_from(l.line()).unwrap_or(1));
        (format!("the manifest is not valid: {e}; expected `info: {{title: ..., version: ...}}`"), line)
    })
}

/// The outcome of reading pages: the model, the API's description and every diagnostic. The
/// model is always there (it is what explains the diagnostics); the documents, files and Rust
/// modules made from it are behind [`Run::outputs`], which a run with errors refuses.
#[derive(Debug, Clone)]
pub struct Run {
    pub api: Api,
    pub info: Info,
    /// Which further documents the outputs hold.
    pub openapi: OpenApiSettings,
    pub rust: RustSettings,
    /// Every file and folder the run read (inputs as given, each page, overlays, the manifest):
    /// what a build script must watch.
    pub read: Vec<PathBuf>,
    /// How much of each page that was read became facts, in reading order.
    pub coverage: Vec<PageCoverage>,
    /// Sorted by file, line and level; read through [`Run::diagnostics`], so that no caller can
    /// clear the errors that [`Run::outputs`] refuses on.
    diagnostics: Vec<Diagnostic>,
}

impl Run {
    /// Every diagnostic, sorted by file, line and level.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.level == Level::Error)
    }

    /// What a client of the API depends on, as `docs2api diff` compares it.
    pub fn surface(&self) -> diff::Surface {
        diff::Surface::of(&self.api)
    }

    /// The model as pretty JSON (what `docs2api inspect` prints), errors or not.
    pub fn model_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.api).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The gate before anything is emitted (serde_derive's `ctxt.check()?`): the outputs of a run
    /// without errors, or the refusal that lists every error with its file and line. Every caller
    /// (the CLI, build scripts, tests) gets its documents, files and Rust through here.
    ///
    /// ```
    /// let empty = tempfile::tempdir()?;
    /// let run = docs2api::Generator::new().input(empty.path()).run()?;
    /// let refused = run.outputs().map(drop).unwrap_err();
    /// assert!(refused.to_string().contains(": error: no page files here"), "{refused}");
    /// assert_eq!(refused.errors().len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn outputs(&self) -> Result<Outputs<'_>, Refused> {
        let errors: Vec<Diagnostic> = self.diagnostics.iter().filter(|d| d.level == Level::Error).cloned().collect();
        if errors.is_empty() { Ok(Outputs { run: self }) } else { Err(Refused { errors }) }
    }
}

/// What a run without errors emits. Only [`Run::outputs`] makes one, so holding one means the
/// pages had no error. A [`Run`] itself has no way to emit, for any caller:
///
/// ```compile_fail,E0599
/// # let run = docs2api::Generator::new().input("docs-input").run()?;
/// let document = run.openapi_yaml(docs2api::Version::V3_1);
/// # Ok::<(), docs2api::Error>(())
/// ```
///
/// ```compile_fail,E0599
/// # let run = docs2api::Generator::new().input("docs-input").run()?;
/// let modules = run.rust_modules();
/// # Ok::<(), docs2api::Error>(())
/// ```
///
/// ```compile_fail,E0599
/// # let run = docs2api::Generator::new().input("docs-input").run()?;
/// let files = run.files();
/// # Ok::<(), docs2api::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Outputs<'r> {
    run: &'r Run,
}

impl<'r> Outputs<'r> {
    pub fn openapi(&self, version: Version) -> serde_json::Value {
        emit::openapi::document(&self.run.api, &self.run.info, version)
    }

    pub fn openapi_yaml(&self, version: Version) -> String {
        self.text(|out| emit::openapi::write_yaml(&self.run.api, &self.run.info, version, out))
    }

    pub fn openapi_json(&self, version: Version) -> String {
        self.text(|out| emit::openapi::write_json(&self.run.api, &self.run.info, version, out))
    }

    /// The generators document ([`GENERATORS_DOCUMENT`]), whether or not the settings ask
    /// `generate` to write it.
    pub fn openapi_for_generators(&self) -> serde_json::Value {
        emit::openapi::generators_document(&self.run.api, &self.run.info)
    }

    /// The generators document as YAML.
    pub fn openapi_for_generators_yaml(&self) -> String {
        self.text(|out| emit::openapi::write_generators_yaml(&self.run.api, &self.run.info, out))
    }

    /// The generators document as pretty JSON.
    pub fn openapi_for_generators_json(&self) -> String {
        self.text(|out| emit::openapi::write_generators_json(&self.run.api, &self.run.info, out))
    }

    /// What `write` writes, as text: the emitters write UTF-8, and into memory they cannot fail.
    fn text(&self, write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
        let mut text = Vec::new();
        let written = write(&mut text);
        debug_assert!(written.is_ok(), "{written:?}");
        String::from_utf8(text).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// The Rust modules (runtime, types, client, server) as source text.
    pub fn rust_modules(&self) -> Result<RustModules, RustError> {
        emit::rust::modules(&self.run.api, &self.run.rust)
    }

    /// Every file `docs2api generate` writes, relative to the output folder: the OpenAPI documents,
    /// the API's surface (`docs2api-surface.json`, what `check --explain` compares the pages
    /// with) and the Rust crate (`Cargo.toml`, `src/`).
    pub fn files(&self) -> Result<Vec<OutputFile>, RustError> {
        self.everything().into_files().map_err(|e| rust_error(e, "the files could not be made"))
    }

    /// Writes the files of [`Outputs::files`] as the whole content of `out`, as
    /// [`output::write_all`] does, but each straight into its staged file as it is made: at
    /// platform scale the documents and modules are megabytes each, and holding them (and the
    /// documents as trees) was most of a run's peak memory. The documents and the crate read the
    /// model and nothing else, so where there is a second core the crate is written on it while
    /// the documents are; the files are the same either way. Returns how many files were written.
    pub fn write(&self, out: &Path) -> Result<usize, output::WriteError<RustError>> {
        let files = [Ok::<_, RustError>(output::Made::Written(self.everything()))];
        output::write_each(out, files).map_err(|e| match e {
            output::WriteError::Write(e) => match e.downcast::<RustError>() {
                Ok(invalid) => output::WriteError::Make(invalid),
                Err(e) => output::WriteError::Write(e),
            },
            made => made,
        })
    }

    /// Every file, as one pass that writes them: the OpenAPI documents, then the crate.
    fn everything(self) -> output::Written<'r> {
        let documents = self.documents();
        let count = documents.len();
        let paths = documents.into_iter().chain(emit::rust::CRATE_FILES);
        output::Written::new(paths, move |writers| {
            let (documents, krate) = writers.split_at_mut(count);
            let krate = krate.try_into().map_err(|_| std::io::Error::other("a writer per file expected"))?;
            self.write_everything(documents, krate)
        })
    }

    /// The documents, in the order [`Outputs::write_documents`] takes their writers: the
    /// [`DOCUMENTS`], the generators document when the settings ask for it, and the surface.
    fn documents(self) -> Vec<&'static str> {
        let generators = self.run.openapi.generators_document.then_some(GENERATORS_DOCUMENT);
        DOCUMENTS.into_iter().chain(generators).chain([diff::SURFACE_FILE]).collect()
    }

    /// The documents on this thread and the crate, where there is a second core, on another.
    fn write_everything(
        self,
        documents: &mut [output::Writer],
        krate: &mut [output::Writer; emit::rust::CRATE_FILES.len()],
    ) -> std::io::Result<()> {
        let run = self.run;
        let write_crate =
            move || emit::rust::write_crate(&run.api, &run.rust, &run.info.title, &run.info.version, krate);
        emit::beside(write_crate, || self.write_documents(documents))
    }

    /// The documents ([`Outputs::documents`]); one walk of the 3.1 document writes its YAML and
    /// its JSON.
    fn write_documents(self, writers: &mut [output::Writer]) -> std::io::Result<()> {
        let (api, info) = (&self.run.api, &self.run.info);
        let [yaml, json, yaml_3_0, rest @ ..] = writers else {
            return Err(std::io::Error::other("a writer per document expected"));
        };
        let Some((surface, generators)) = rest.split_last_mut() else {
            return Err(std::io::Error::other("a writer per document expected"));
        };
        emit::openapi::write_yaml_and_json(api, info, Version::V3_1, yaml, json)?;
        emit::openapi::write_yaml(api, info, Version::V3_0, yaml_3_0)?;
        diff::Surface::of(api).write(*surface)?;
        match generators {
            [] => Ok(()),
            [generators] => emit::openapi::write_generators_yaml(api, info, generators),
            _ => Err(std::io::Error::other("a writer per document expected")),
        }
    }
}

/// The OpenAPI files every run writes, in the order [`Outputs::write_documents`] takes their
/// writers.
const DOCUMENTS: [&str; 3] = ["openapi.yaml", "openapi.json", "openapi-3.0.yaml"];

/// The [`RustError`] inside an error of writing the outputs, or one that says what failed.
fn rust_error(e: std::io::Error, what: &str) -> RustError {
    e.downcast::<RustError>().unwrap_or_else(|e| RustError { module: "files", message: format!("{what}: {e}") })
}

/// Why a run hands out no outputs: its pages have errors. The message lists every one, in the
/// compiler's `FILE:LINE: error: MESSAGE [rule]` shape, so that it is enough on its own (in a
/// failed build script, on the CLI's stderr).
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", refusal_message(&self.errors))]
pub struct Refused {
    errors: Vec<Diagnostic>,
}

/// The readable message, as [`BuildError`]'s: what `fn main() -> Result<(), Box<dyn Error>>` and
/// `expect` print.
impl std::fmt::Debug for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl Refused {
    /// The error diagnostics, sorted by file and line; never empty.
    pub fn errors(&self) -> &[Diagnostic] {
        &self.errors
    }
}

fn refusal_message(errors: &[Diagnostic]) -> String {
    let mut message = format!("docs2api: {} error(s) in the documentation pages:", errors.len());
    for e in errors {
        message.push_str("\n  ");
        message.push_str(&e.to_string());
    }
    message
}
