//! The `docs2api` command line: a thin caller of the library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use docs2api::output::WriteError;
use docs2api::{Generator, Level, Profile, Refused, Run, Version};

/// The command line allocates and frees millions of small strings and trees (a platform run's
/// malloc and free were a quarter of its time with glibc's allocator, across two threads):
/// mimalloc does that faster. The library leaves the allocator to the program that uses it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "docs2api", version, about = "API documentation pages to OpenAPI documents")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Reads the pages in --input and writes every output into --out.
    Generate {
        #[command(flatten)]
        folders: Folders,
        #[command(flatten)]
        read: ReadArgs,
        /// Also writes the HTML report of what each page line became (as `docs2api report`) to
        /// this file; it is written even when the pages have errors, since it shows them.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
    },
    /// Exits 1, naming the stale files, when --out differs from what `generate` would write
    /// (including files that it no longer writes).
    Check {
        #[command(flatten)]
        folders: Folders,
        #[command(flatten)]
        read: ReadArgs,
        /// Also prints what changed in the pages since --out was generated: the diff between the
        /// surface kept in --out (docs2api-surface.json) and the pages' surface now.
        #[arg(long)]
        explain: bool,
    },
    /// Compares two versions of the pages (folders or files, read with the same profile and
    /// overlays) for a client: operations, parameters, fields, types, valid values, wrapper keys,
    /// sync/async and sessions, each change marked breaking or not, with its page lines. Exits 1
    /// under --fail-on when such a change exists, 2 when either side cannot be read.
    Diff {
        old: PathBuf,
        new: PathBuf,
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Exit status 1 when there is a breaking change (`breaking`) or any change (`any`).
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Prints every diagnostic for the pages at PATH, with a count by rule; exits 1 on errors.
    Lint {
        #[arg(required_unless_present = "rules")]
        paths: Vec<PathBuf>,
        /// Lists every rule a diagnostic can name, with its levels and what it reports, and reads
        /// no pages.
        #[arg(long, conflicts_with = "paths")]
        rules: bool,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Prints the OpenAPI document for the pages at PATH (files or folders).
    Openapi {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Yaml)]
        format: Format,
        #[arg(long, value_enum, default_value_t = OpenApiVersion::V3_1)]
        openapi: OpenApiVersion,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Shows every line of the pages at PATH beside what it became (a parameter, a field, a
    /// heading, an example, chrome, not understood), with the diagnostics and corrections at their
    /// lines: one self-contained HTML file, or the same data as JSON.
    Report {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The file to write (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
        format: ReportFormat,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Prints the model read from the pages at PATH as JSON.
    Inspect {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        read: ReadArgs,
    },
}

/// Where `generate` and `check` read and write.
#[derive(clap::Args)]
struct Folders {
    /// The folder of pages.
    #[arg(long, default_value = "docs-input")]
    input: PathBuf,
    /// The folder of generated files.
    #[arg(long, default_value = "generated")]
    out: PathBuf,
}

/// How pages are read: the profile and the overlays.
#[derive(clap::Args)]
struct ReadArgs {
    /// The corrections applied to the pages: `auto` applies the built-in profile whose endpoints
    /// the pages use (zstack for /zstack/v1/), `none` keeps the pages verbatim, a built-in
    /// profile's name (`zstack`) applies that one.
    #[arg(long, default_value = "auto", value_parser = Profile::parse)]
    profile: Profile,
    /// An overlay file (.yaml/.yml or .json) that sets facts per operation or type; repeatable.
    #[arg(long = "overlay", value_name = "FILE")]
    overlays: Vec<PathBuf>,
}

impl ReadArgs {
    fn generator(&self, paths: &[PathBuf]) -> Generator {
        let g = paths.iter().fold(Generator::new().profile(self.profile.clone()), |g, p| g.input(p));
        self.overlays.iter().fold(g, |g, o| g.overlay(o))
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Yaml,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Html,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Text,
    Json,
    Markdown,
}

impl From<DiffFormat> for docs2api::diff::Format {
    fn from(format: DiffFormat) -> Self {
        match format {
            DiffFormat::Text => docs2api::diff::Format::Text,
            DiffFormat::Json => docs2api::diff::Format::Json,
            DiffFormat::Markdown => docs2api::diff::Format::Markdown,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Breaking,
    Any,
}

#[derive(Clone, Copy, ValueEnum)]
enum OpenApiVersion {
    #[value(name = "3.1")]
    V3_1,
    #[value(name = "3.0")]
    V3_0,
    /// The 3.0 document in the shape client generators take.
    #[value(name = "3.0-generators")]
    V3_0Generators,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(failure) => {
            eprintln!("{failure}");
            ExitCode::FAILURE
        }
    }
}

/// Why a command failed (exit status 1).
enum Failure {
    /// The library's refusal to emit from pages with errors, printed as it is: it lists them.
    Refused(Refused),
    /// Anything else: input that cannot be listed, output that cannot be written.
    Other(String),
}

impl From<Refused> for Failure {
    fn from(refused: Refused) -> Self {
        Failure::Refused(refused)
    }
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Other(message)
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Refused(refused) => write!(f, "{refused}"),
            Failure::Other(message) => write!(f, "error: {message}"),
        }
    }
}

fn run(command: Command) -> Result<ExitCode, Failure> {
    match command {
        Command::Generate { folders: f, read: r, report } => {
            let generator = r.generator(&[f.input]);
            let generator = if report.is_some() { generator.line_detail() } else { generator };
            generate(&generator, &f.out, report.as_deref())
        }
        Command::Check { folders: f, read: r, explain } => check(&r.generator(&[f.input]), &f.out, explain),
        Command::Diff { old, new, format, fail_on, read: r } => diff(&r, &old, &new, format, fail_on),
        Command::Lint { rules: true, .. } => {
            print!("{}", rules_list());
            Ok(ExitCode::SUCCESS)
        }
        Command::Lint { paths, read: r, .. } => lint(&r.generator(&paths)),
        Command::Openapi { paths, format, openapi, read: r } => {
            let run = read(&r.generator(&paths))?;
            let outputs = run.outputs()?;
            let text = match (openapi, format) {
                (OpenApiVersion::V3_1, Format::Yaml) => outputs.openapi_yaml(Version::V3_1),
                (OpenApiVersion::V3_1, Format::Json) => outputs.openapi_json(Version::V3_1),
                (OpenApiVersion::V3_0, Format::Yaml) => outputs.openapi_yaml(Version::V3_0),
                (OpenApiVersion::V3_0, Format::Json) => outputs.openapi_json(Version::V3_0),
                (OpenApiVersion::V3_0Generators, Format::Yaml) => outputs.openapi_for_generators_yaml(),
                (OpenApiVersion::V3_0Generators, Format::Json) => outputs.openapi_for_generators_json(),
            };
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Report { paths, out, format, read: r } => {
            report(&r.generator(&paths).line_detail(), out.as_deref(), format)
        }
        Command::Inspect { paths, read: r } => {
            let run = read(&r.generator(&paths))?;
            print!("{}", run.model_json());
            // No refusal here: the model is what explains the errors, so it is printed, and so are
            // they, with exit status 1.
            run.diagnostics().iter().filter(|d| d.level == Level::Error).for_each(|d| eprintln!("{d}"));
            Ok(status(&run))
        }
    }
}

/// Reads the pages and prints the warnings to stderr, and how many notes there were (`docs2api
/// lint` lists them). The errors are printed by whoever stops on them: the refusal of
/// `Run::outputs` lists them all, `inspect` prints them after the model.
fn read(generator: &Generator) -> Result<Run, Failure> {
    let run = generator.run().map_err(|e| e.to_string())?;
    print_warnings(&run);
    Ok(run)
}

fn print_warnings(run: &Run) {
    for d in run.diagnostics().iter().filter(|d| d.level == Level::Warning) {
        eprintln!("{d}");
    }
    let notes = run.diagnostics().iter().filter(|d| d.level == Level::Note).count();
    if notes > 0 {
        eprintln!("docs2api: {notes} notes (corrections and resolved disagreements); `docs2api lint` lists them");
    }
}

/// `docs2api report`: made whether the pages have errors or not (it is what shows them), with exit
/// status 1 when they do, as `inspect`. The file is written whole or not at all: into a temporary
/// file beside it, then renamed over it.
fn report(generator: &Generator, out: Option<&Path>, format: ReportFormat) -> Result<ExitCode, Failure> {
    let run = read(generator)?;
    let report = line_report(&run)?;
    let text = match format {
        ReportFormat::Html => docs2api::report::html(&report),
        ReportFormat::Json => report.json(),
    };
    match out {
        None => print!("{text}"),
        Some(path) => {
            write_whole(path, text.as_bytes()).map_err(|e| format!("cannot write {}: {e}", path.display()))?
        }
    }
    Ok(status(&run))
}

/// The report of a run its caller made with `line_detail()`.
fn line_report(run: &Run) -> Result<docs2api::report::Report, Failure> {
    docs2api::report::report(run)
        .ok_or_else(|| Failure::Other("the pages were read without their line detail".to_owned()))
}

fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let staged = path.with_file_name(format!(".{name}.docs2api-{}", std::process::id()));
    std::fs::write(&staged, bytes).and_then(|()| std::fs::rename(&staged, path)).inspect_err(|_| {
        let _ = std::fs::remove_file(&staged);
    })
}

fn lint(generator: &Generator) -> Result<ExitCode, Failure> {
    let run = generator.run().map_err(|e| e.to_string())?;
    let mut by_rule: std::collections::BTreeMap<(&str, Level), usize> = std::collections::BTreeMap::new();
    for d in run.diagnostics() {
        println!("{d}");
        *by_rule.entry((d.rule, d.level)).or_default() += 1;
    }
    println!();
    for ((rule, level), n) in &by_rule {
        println!("{n:>5}  {level:<7}  {rule}");
    }
    // What each page became, so that a page read to fewer facts than it states stands out.
    println!();
    for page in &run.coverage {
        println!("{page}");
    }
    let count = |l: Level| run.diagnostics().iter().filter(|d| d.level == l).count();
    println!("{} errors, {} warnings, {} notes", count(Level::Error), count(Level::Warning), count(Level::Note));
    Ok(status(&run))
}

/// The registry of rules, a line each: name, levels, summary, in aligned columns.
fn rules_list() -> String {
    let rules = docs2api::diag::rules::ALL;
    let width = rules.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let levels: Vec<String> = rules.iter().map(|r| r.levels_text()).collect();
    let level_width = levels.iter().map(String::len).max().unwrap_or(0);
    rules.iter().zip(&levels).map(|(r, l)| format!("{:<width$}  {l:<level_width$}  {}\n", r.name, r.summary)).collect()
}

fn status(run: &Run) -> ExitCode {
    if run.has_errors() { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

fn generate(generator: &Generator, out: &Path, report: Option<&Path>) -> Result<ExitCode, Failure> {
    let run = read(generator)?;
    if let Some(path) = report {
        let html = docs2api::report::html(&line_report(&run)?);
        write_whole(path, html.as_bytes()).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        eprintln!("docs2api: wrote the report of {} pages to {}", run.coverage.len(), path.display());
    }
    let outputs = run
        .outputs()
        .inspect_err(|_| eprintln!("docs2api: errors in the pages; nothing was written to {}", out.display()))?;
    let written = outputs.write(out).map_err(|e| match e {
        WriteError::Make(e) => e.to_string(),
        WriteError::Write(e) => format!("cannot write {}: {e}", out.display()),
    })?;
    eprintln!("docs2api: wrote {written} files to {} from {} operations", out.display(), run.api.operations.len());
    // The process ends here: freeing the model piece by piece (a tenth of a second at platform
    // scale) would only hand back memory that exit hands back at once.
    std::mem::forget(run);
    Ok(ExitCode::SUCCESS)
}

fn check(generator: &Generator, out: &Path, explain: bool) -> Result<ExitCode, Failure> {
    let run = read(generator)?;
    let stale = docs2api::output::stale(out, &run.outputs()?.files().map_err(|e| e.to_string())?);
    for file in &stale {
        eprintln!("stale: {file}");
    }
    if stale.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("docs2api: {} generated files are stale; run `cargo run -- generate` to update them", stale.len());
    // `generate` publishes the folder whole: the files marked (no longer generated) go with it.
    if stale.iter().any(|s| s.why == docs2api::output::Why::NotGenerated) {
        eprintln!("docs2api: `generate` removes the files marked (no longer generated)");
    }
    if explain {
        explain_stale(&run, out);
    }
    Ok(ExitCode::FAILURE)
}

/// What changed in the pages since `out` was generated: the diff from the surface kept there to
/// the pages' surface now. A folder without one (or with one this version cannot read) is said
/// to be so; the check fails either way.
fn explain_stale(run: &Run, out: &Path) {
    let path = out.join(docs2api::diff::SURFACE_FILE);
    let kept = match std::fs::read_to_string(&path) {
        Ok(text) => docs2api::diff::Surface::from_json(&text).map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    match kept {
        Ok(kept) => {
            let changes = docs2api::diff::diff(&kept, &run.surface());
            if changes.is_empty() {
                println!(
                    "docs2api: the pages' operations, fields and types are as when {} was generated: what changed is elsewhere (descriptions, examples, or docs2api's own output)",
                    out.display()
                );
            } else {
                println!("what changed in the pages since {} was generated:", out.display());
                print!("{}", docs2api::diff::render(&changes, docs2api::diff::Format::Text));
            }
        }
        Err(e) => println!("docs2api: cannot explain: {} cannot be read ({e})", path.display()),
    }
}

/// `docs2api diff`: both sides read, then compared. A side with errors in its pages cannot be
/// compared (exit status 2, as for a usage error): its model is not what a client would be made
/// from. The sides are read at once, on two threads (reading is most of a diff's time), and their
/// warnings printed after, old side first.
fn diff(
    read_args: &ReadArgs,
    old: &Path,
    new: &Path,
    format: DiffFormat,
    fail_on: Option<FailOn>,
) -> Result<ExitCode, Failure> {
    let run = |path: &Path| read_args.generator(&[path.to_path_buf()]).run().map_err(|e| e.to_string());
    let (old, new) = std::thread::scope(|scope| {
        let new = scope.spawn(|| run(new));
        (run(old), new.join().unwrap_or_else(|_| Err("reading the new side failed".to_owned())))
    });
    let surface = |side: Result<Run, String>| -> Result<docs2api::diff::Surface, Failure> {
        let run = side?;
        print_warnings(&run);
        run.outputs()?;
        Ok(run.surface())
    };
    let (old, new) = match (surface(old), surface(new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}");
            return Ok(ExitCode::from(2));
        }
    };
    let changes = docs2api::diff::diff(&old, &new);
    print!("{}", docs2api::diff::render(&changes, format.into()));
    let fails = match fail_on {
        Some(FailOn::Breaking) => docs2api::diff::any_breaking(&changes),
        Some(FailOn::Any) => !changes.is_empty(),
        None => false,
    };
    Ok(if fails { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
