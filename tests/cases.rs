//! Golden cases: every folder of `tests/cases/` is one run of docs2api, its input, its settings
//! and everything the run produces, checked in (typify's `tests/schemas/`, progenitor's
//! `tests/output/`). Adding a case is adding a folder:
//!
//! ```text
//! tests/cases/<case>/
//!   case.yaml        the settings (see `Settings`); every path in it is relative to the repository
//!   pages/           the input pages, unless case.yaml names `inputs` elsewhere in the repository
//!   expected/        what the run produces: openapi.yaml (3.1), openapi-3.0.yaml (and
//!                    openapi-3.0-generators.yaml, with `generators-document: true`), diagnostics.txt,
//!                    and the Rust: the crate's files (layout `crate`, what `docs2api generate`
//!                    writes) or `out_dir/` (a build script's OUT_DIR in the other layouts)
//! ```
//!
//! Every case is compared whole, and every differing file of every case is reported. Outside CI
//! (`CI` unset) the expected files are rewritten (and those no longer produced deleted), so
//! `cargo test --test cases` is how expected files are made and updated: review `git diff
//! tests/cases`, then rerun.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use docs2api::output::{self, OutputFile, Stale, Why};
use docs2api::{Generator, ModuleLayout, Profile, Version};
use serde::Deserialize;

const CASES: &str = "tests/cases";

/// `case.yaml`: the `Generator` settings of the case.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Settings {
    /// What the case shows, in a sentence (the report names it).
    about: String,
    /// Page files or folders elsewhere in the repository, read instead of the case's `pages/`
    /// (for inputs that other tests use as well, so that there is one copy).
    #[serde(default)]
    inputs: Vec<PathBuf>,
    /// `auto` (the default), `none`, a built-in profile's name or a profile file, as `--profile`.
    #[serde(default = "auto")]
    profile: String,
    #[serde(default)]
    overlays: Vec<PathBuf>,
    #[serde(default)]
    without_client: bool,
    #[serde(default)]
    without_server: bool,
    #[serde(default)]
    extra_derives: Vec<String>,
    #[serde(default)]
    layout: Layout,
    /// The version of the build script's `OUT_DIR/openapi.yaml` (`3.1` or `3.0`); none by default.
    openapi_file: Option<OpenApiVersion>,
    /// Also write the generators document (`openapi-3.0-generators.yaml`), as the manifest's
    /// `openapi: {generators-document: true}` asks.
    #[serde(default)]
    generators_document: bool,
}

fn auto() -> String {
    "auto".into()
}

/// Which Rust files the case produces.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Layout {
    /// The crate `docs2api generate` writes (`Run::files`).
    #[default]
    Crate,
    /// A build script's `OUT_DIR`, one file per module.
    FilePerModule,
    /// A build script's `OUT_DIR`, every module in `docs2api.rs`.
    SingleFile,
}

#[derive(Debug, Clone, Copy, Deserialize)]
enum OpenApiVersion {
    #[serde(rename = "3.1")]
    V3_1,
    #[serde(rename = "3.0")]
    V3_0,
}

/// Files of `Run::files` that a case leaves out: `openapi.json` is `openapi.yaml` in JSON, and
/// `rustfmt.toml` is the same two lines for every input.
const NOISE: [&str; 2] = ["openapi.json", "rustfmt.toml"];

/// Where the build-script layouts' files go in `expected/`.
const OUT_DIR: &str = "out_dir";

#[test]
fn every_case_produces_its_expected_files() {
    let cases = case_folders();
    assert!(!cases.is_empty(), "no case folders in {CASES}");
    let report: String = cases.iter().filter_map(|case| check(case).err()).collect();
    assert!(report.is_empty(), "{report}");
}

/// The case folders, sorted.
fn case_folders() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(CASES)
        .unwrap_or_else(|e| panic!("{CASES}: {e}"))
        .map(|e| e.unwrap_or_else(|e| panic!("{CASES}: {e}")).path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

/// Compares the case's outputs with its expected files; on a difference, the report (and,
/// outside CI, the files rewritten).
fn check(case: &Path) -> Result<(), String> {
    let fail = |why: String| format!("{}: {why}\n", case.display());
    let settings = settings(case).map_err(fail)?;
    let files = outputs(case, &settings).map_err(fail)?;
    let expected = case.join("expected");
    let stale = output::stale(&expected, &files);
    if stale.is_empty() {
        return Ok(());
    }
    let mut report = format!("{} ({}):\n", case.display(), settings.about);
    for s in &stale {
        report.push_str(&describe(s, &expected, &files));
    }
    if common::in_ci() {
        return Err(format!(
            "{report}  (CI is set: nothing rewritten; `cargo test --test cases` outside CI updates)\n"
        ));
    }
    update(&expected, &files).map_err(fail)?;
    Err(format!("{report}  updated {}/ (the files above); review the diff and rerun\n", expected.display()))
}

/// Rewrites `expected/` with the case's outputs; `write_all` publishes the folder whole, so what
/// the case no longer produces goes too.
fn update(expected: &Path, files: &[OutputFile]) -> Result<(), String> {
    output::write_all(expected, files).map_err(|e| format!("cannot write {}: {e}", expected.display()))
}

/// One stale expected file, with a short diff when it differs.
fn describe(stale: &Stale, expected: &Path, files: &[OutputFile]) -> String {
    let path = stale.path.display();
    match stale.why {
        Why::Missing => format!("  {path}: missing\n"),
        Why::NotGenerated => format!("  {path}: no longer produced by the case\n"),
        Why::Differs => {
            let produced = files.iter().find(|f| expected.join(&f.path) == stale.path).map(|f| f.contents.as_str());
            let old = std::fs::read_to_string(&stale.path).unwrap_or_default();
            format!("  {path}: differs\n{}", short_diff(&old, produced.unwrap_or_default()))
        }
    }
}

/// The lines between the first and the last difference, as `-` (expected) and `+` (produced)
/// lines with two lines of context, at most `SHOWN` of each: enough to see what changed; `git
/// diff` after an update shows the rest.
fn short_diff(old: &str, new: &str) -> String {
    const SHOWN: usize = 12;
    let (a, b): (Vec<&str>, Vec<&str>) = (old.lines().collect(), new.lines().collect());
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (gone, came) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut out = format!("    @@ line {} @@\n", prefix + 1);
    let context = |lines: &[&str], out: &mut String| lines.iter().for_each(|l| _ = writeln!(out, "      {l}"));
    context(&a[prefix.saturating_sub(2)..prefix], &mut out);
    for (sign, lines) in [('-', gone), ('+', came)] {
        lines.iter().take(SHOWN).for_each(|l| _ = writeln!(out, "    {sign} {l}"));
        if lines.len() > SHOWN {
            _ = writeln!(out, "    {sign} … {} more lines", lines.len() - SHOWN);
        }
    }
    if gone.is_empty() && came.is_empty() {
        out.push_str("    (only the line endings or the final newline differ)\n");
    }
    context(&a[a.len() - suffix..][..suffix.min(2)], &mut out);
    out
}

/// What the case's run produces, as paths relative to `expected/`.
fn outputs(case: &Path, settings: &Settings) -> Result<Vec<OutputFile>, String> {
    let generator = generator(case, settings)?;
    let run = generator.run().map_err(|e| e.to_string())?;
    let file = |path: &str, contents: String| OutputFile { path: path.into(), contents };
    let diagnostics: String = run.diagnostics().iter().map(|d| format!("{d}\n")).collect();
    let mut files = BTreeMap::new();
    files.insert("diagnostics.txt".into(), file("diagnostics.txt", diagnostics));
    match run.outputs() {
        Ok(outputs) => {
            for version in [Version::V3_1, Version::V3_0] {
                let document = outputs.openapi(version);
                let texts = (outputs.openapi_yaml(version), outputs.openapi_json(version));
                check_document(&format!("the {version:?} document"), &document, texts)?;
            }
            let generators = outputs.openapi_for_generators();
            let texts = (outputs.openapi_for_generators_yaml(), outputs.openapi_for_generators_json());
            check_document("the generators document", &generators, texts)?;
            let documents = [
                file("openapi.yaml", outputs.openapi_yaml(Version::V3_1)),
                file("openapi-3.0.yaml", outputs.openapi_yaml(Version::V3_0)),
            ];
            let rust = match settings.layout {
                Layout::Crate => crate_files(outputs)?,
                Layout::FilePerModule | Layout::SingleFile => out_dir_files(&generator)?,
            };
            files.extend(documents.into_iter().chain(rust).map(|f| (f.path.clone(), f)));
        }
        // With errors in the pages nothing is made (`docs2api generate` and a build script write
        // nothing): the case pins the refusal and the model the pages were read into, which
        // stays available whatever the diagnostics say.
        Err(refused) => {
            files.insert("refusal.txt".into(), file("refusal.txt", format!("{refused}\n")));
            files.insert("model.json".into(), file("model.json", run.model_json()));
        }
    }
    Ok(files.into_values().collect())
}

/// A document's `$ref`s all resolve, its examples write integers as integers, and its texts
/// (YAML, JSON), written as the document is walked, say what its tree built from the same walk says.
fn check_document(name: &str, document: &serde_json::Value, (yaml, json): (String, String)) -> Result<(), String> {
    let dangling = common::dangling_refs(document);
    if !dangling.is_empty() {
        return Err(format!("{name} has dangling $refs: {dangling:#?}"));
    }
    let decimals = common::decimal_integers(document);
    if !decimals.is_empty() {
        return Err(format!("{name}'s examples write integers as decimals: {decimals:#?}"));
    }
    if yaml != docs2api::internals::openapi_yaml(document)
        || json != serde_json::to_string_pretty(document).unwrap() + "\n"
    {
        return Err(format!("{name}'s text is not its tree's"));
    }
    Ok(())
}

fn crate_files(outputs: docs2api::Outputs<'_>) -> Result<Vec<OutputFile>, String> {
    let files = outputs.files().map_err(|e| e.to_string())?;
    Ok(files.into_iter().filter(|f| !NOISE.iter().any(|n| f.path == Path::new(n))).collect())
}

/// What the build script writes into `OUT_DIR` (the modules and the OpenAPI file), under `out_dir/`.
fn out_dir_files(generator: &Generator) -> Result<Vec<OutputFile>, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let report = generator.build_into(dir.path(), &mut std::io::sink()).map_err(|e| e.to_string())?;
    report
        .files
        .iter()
        .map(|path| {
            let contents = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let name = path.strip_prefix(dir.path()).map_err(|e| e.to_string())?;
            Ok(OutputFile { path: Path::new(OUT_DIR).join(name), contents })
        })
        .collect()
}

fn settings(case: &Path) -> Result<Settings, String> {
    let path = case.join("case.yaml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let settings: Settings = serde_norway::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let build_script_only = [
        ("without-client", settings.without_client),
        ("without-server", settings.without_server),
        ("openapi-file", settings.openapi_file.is_some()),
    ];
    if let Some((name, _)) = build_script_only.iter().find(|(_, set)| *set).filter(|_| settings.layout == Layout::Crate)
    {
        return Err(format!("{}: `{name}` is a build-script setting: set `layout` too", path.display()));
    }
    Ok(settings)
}

/// The case's settings on the builder, as a build script or the CLI would set them.
fn generator(case: &Path, s: &Settings) -> Result<Generator, String> {
    let pages = case.join("pages");
    let inputs = match (pages.is_dir(), s.inputs.is_empty()) {
        (true, true) => vec![pages],
        (false, false) => s.inputs.clone(),
        (true, false) => return Err("both a pages/ folder and `inputs`: keep one".into()),
        (false, true) => return Err("no input: add a pages/ folder or `inputs` in case.yaml".into()),
    };
    let profile = Profile::parse(&s.profile)?;
    let mut g = inputs.into_iter().fold(Generator::new().profile(profile), Generator::input);
    g = s.overlays.iter().fold(g, |g, o| g.overlay(o));
    g = s.extra_derives.iter().fold(g, |g, d| g.extra_derive(d));
    if s.without_client {
        g = g.without_client();
    }
    if s.without_server {
        g = g.without_server();
    }
    if s.generators_document {
        g = g.generators_document();
    }
    g = match s.layout {
        Layout::Crate | Layout::FilePerModule => g.module_layout(ModuleLayout::FilePerModule),
        Layout::SingleFile => g.module_layout(ModuleLayout::SingleFile),
    };
    Ok(match s.openapi_file {
        Some(OpenApiVersion::V3_1) => g.openapi_file(Version::V3_1),
        Some(OpenApiVersion::V3_0) => g.openapi_file(Version::V3_0),
        None => g,
    })
}

#[test]
fn the_short_diff_shows_the_changed_lines_with_two_lines_of_context() {
    let old = "a\nb\nc\nd\ne\nf\ng\n";
    let new = "a\nb\nc\nD\nE2\ne\nf\ng\n";
    assert_eq!(
        short_diff(old, new),
        "    @@ line 4 @@\n      b\n      c\n    - d\n    + D\n    + E2\n      e\n      f\n"
    );
    assert!(short_diff("a\n", "a").contains("only the line endings or the final newline differ"));
    let long: String = (0..20).map(|i| format!("{i}\n")).collect();
    assert!(short_diff("", &long).ends_with("    + … 8 more lines\n"), "{}", short_diff("", &long));
}
