//! The `docs2api` command line: a thin caller of the library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use docs2api::{Generator, Run, Version};

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
        #[arg(long, default_value = "docs-input")]
        input: PathBuf,
        #[arg(long, default_value = "generated")]
        out: PathBuf,
    },
    /// Exits 1, naming the stale files, when --out differs from what `generate` would write.
    Check {
        #[arg(long, default_value = "docs-input")]
        input: PathBuf,
        #[arg(long, default_value = "generated")]
        out: PathBuf,
    },
    /// Prints the OpenAPI document for the pages at PATH (files or folders).
    Openapi {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Yaml)]
        format: Format,
        #[arg(long, value_enum, default_value_t = OpenApiVersion::V3_1)]
        openapi: OpenApiVersion,
    },
    /// Prints the model read from the pages at PATH as JSON.
    Inspect {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Yaml,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum OpenApiVersion {
    #[value(name = "3.1")]
    V3_1,
    #[value(name = "3.0")]
    V3_0,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<ExitCode, String> {
    match command {
        Command::Generate { input, out } => generate(&input, &out),
        Command::Check { input, out } => check(&input, &out),
        Command::Openapi { paths, format, openapi } => {
            let run = read(&paths)?;
            let version = match openapi {
                OpenApiVersion::V3_1 => Version::V3_1,
                OpenApiVersion::V3_0 => Version::V3_0,
            };
            print!(
                "{}",
                match format {
                    Format::Yaml => run.openapi_yaml(version),
                    Format::Json => run.openapi_json(version),
                }
            );
            Ok(status(&run))
        }
        Command::Inspect { paths } => {
            let run = read(&paths)?;
            print!("{}", run.model_json());
            Ok(status(&run))
        }
    }
}

/// Reads the pages and prints every diagnostic to stderr.
fn read(paths: &[PathBuf]) -> Result<Run, String> {
    let generator = paths.iter().fold(Generator::new(), |g, p| g.input(p));
    let run = generator.run().map_err(|e| e.to_string())?;
    for d in &run.diagnostics {
        eprintln!("{d}");
    }
    Ok(run)
}

fn status(run: &Run) -> ExitCode {
    if run.has_errors() { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

fn generate(input: &Path, out: &Path) -> Result<ExitCode, String> {
    let run = read(&[input.to_owned()])?;
    if run.has_errors() {
        eprintln!("docs2api: errors in the pages; nothing was written to {}", out.display());
        return Ok(ExitCode::FAILURE);
    }
    let files = run.files();
    docs2api::output::write_all(out, &files).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    eprintln!(
        "docs2api: wrote {} files to {} from {} operations",
        files.len(),
        out.display(),
        run.api.operations.len()
    );
    Ok(ExitCode::SUCCESS)
}

fn check(input: &Path, out: &Path) -> Result<ExitCode, String> {
    let run = read(&[input.to_owned()])?;
    if run.has_errors() {
        return Ok(ExitCode::FAILURE);
    }
    let stale = docs2api::output::stale(out, &run.files());
    for path in &stale {
        eprintln!("stale: {}", path.display());
    }
    if stale.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("docs2api: {} generated files are stale; run `cargo run -- generate` to update them", stale.len());
        Ok(ExitCode::FAILURE)
    }
}
