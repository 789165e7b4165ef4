//! docs2api in a build script: read the pages, tell cargo what to watch, report the pages'
//! warnings, and write the generated modules into `OUT_DIR` (and nowhere else).

use std::fmt;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Level};
use crate::emit::rust::{self, RustError};
use crate::output::OutputFile;
use crate::{Generator, Refused};

/// Why a build script could not generate the code. Its `Debug` output is its readable message, so
/// that `fn main() -> Result<(), BuildError>` fails the build with every error's file and line.
#[derive(thiserror::Error)]
pub enum BuildError {
    #[error("docs2api: cannot read the pages: {0}")]
    Input(#[from] crate::Error),
    /// The pages have errors: the refusal every caller of [`crate::Run::outputs`] gets, which
    /// lists each error with its file and line.
    #[error(transparent)]
    Pages(#[from] Refused),
    #[error("docs2api: {0}")]
    Rust(#[from] RustError),
    #[error("docs2api: cannot write {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("docs2api: OUT_DIR is not set; `build_script()` runs inside a cargo build script")]
    NoOutDir,
}

impl fmt::Debug for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// What a build script wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildReport {
    /// The files written into `OUT_DIR`, `docs2api.rs` first.
    pub files: Vec<PathBuf>,
    /// How many warnings the pages gave (each printed as a `cargo:warning`).
    pub warnings: usize,
}

impl Generator {
    /// Runs docs2api inside a build script.
    ///
    /// Prints `cargo:rerun-if-changed` for every page, folder, overlay and manifest read (so that
    /// the script reruns only when the documentation changes), prints the pages' warnings as
    /// `cargo:warning` lines, and writes `OUT_DIR/docs2api.rs` with the generated modules, which
    /// the crate includes:
    ///
    /// ```text
    /// include!(concat!(env!("OUT_DIR"), "/docs2api.rs"));
    /// ```
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), docs2api::BuildError> {
    ///     let report = docs2api::Generator::new().input("docs").without_server().build_script()?;
    ///     assert!(report.files[0].ends_with("docs2api.rs"));
    ///     Ok(())
    /// }
    /// ```
    ///
    /// An error in the pages fails with every error's file and line. Files whose contents did not
    /// change are not rewritten, so an unchanged run does not make cargo recompile the crate.
    pub fn build_script(&self) -> Result<BuildReport, BuildError> {
        let out_dir = std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or(BuildError::NoOutDir)?;
        self.build_into(&out_dir, &mut std::io::stdout())
    }

    /// [`Generator::build_script`] with the output folder and the cargo instruction stream given
    /// (for tests, and for tools that drive cargo's protocol themselves).
    pub fn build_into(&self, out_dir: &Path, cargo: &mut impl std::io::Write) -> Result<BuildReport, BuildError> {
        let run = self.run()?;
        // Write errors on the instruction stream are not the pages' fault; cargo reads what it can.
        for path in &run.read {
            let _ = writeln!(cargo, "cargo:rerun-if-changed={}", path.display());
        }
        let warnings: Vec<&Diagnostic> = run.diagnostics().iter().filter(|d| d.level == Level::Warning).collect();
        for w in &warnings {
            let _ = writeln!(cargo, "cargo:warning={}", w.to_string().replace('\n', " "));
        }
        let outputs = run.outputs()?;
        let mut files = outputs.out_dir_files(self.layout)?;
        if let Some(version) = self.openapi_file {
            files.push(OutputFile { path: "openapi.yaml".into(), contents: outputs.openapi_yaml(version) });
        }
        let written = files.iter().map(|f| write_if_changed(out_dir, f)).collect::<Result<Vec<_>, _>>()?;
        Ok(BuildReport { files: written, warnings: warnings.len() })
    }
}

fn write_if_changed(dir: &Path, file: &OutputFile) -> Result<PathBuf, BuildError> {
    let path = dir.join(&file.path);
    if std::fs::read(&path).is_ok_and(|old| old == file.contents.as_bytes()) {
        return Ok(path);
    }
    std::fs::write(&path, &file.contents).map_err(|source| BuildError::Write { path: path.clone(), source })?;
    Ok(path)
}

impl crate::Outputs<'_> {
    /// The files a build script writes for this run: `docs2api.rs` and, in the file-per-module
    /// layout, the module files (byte-identical to the crate's `src/` files).
    pub fn out_dir_files(&self, layout: rust::ModuleLayout) -> Result<Vec<OutputFile>, RustError> {
        rust::out_dir_files(&self.rust_modules()?, &self.run.rust, layout)
    }
}
