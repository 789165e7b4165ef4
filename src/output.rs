//! Writing generated files so that a failed or killed run never leaves `generated/` half-written, and
//! telling which checked-in files are stale (different, missing, or no longer generated).

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// One generated file: a path relative to the output folder, and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub contents: String,
}

mod publish;

/// A file, or files, as [`write_each`] takes them: made whole, or written straight into the
/// staged folder.
pub enum Made<'a> {
    File(Cow<'a, OutputFile>),
    Written(Written<'a>),
}

impl From<OutputFile> for Made<'_> {
    fn from(file: OutputFile) -> Self {
        Made::File(Cow::Owned(file))
    }
}

/// Files whose contents one pass writes, together and as they are made: an OpenAPI document's
/// YAML and JSON come from one walk of the model, a Rust module is written as it is printed, and
/// none is ever held whole (at platform scale each is megabytes of text, and several times that
/// as a tree).
pub struct Written<'a> {
    /// The files' paths, relative to the output folder.
    pub paths: Vec<PathBuf>,
    /// Writes the files' contents, one writer per path in the order of `paths`.
    pub write: WriteFiles<'a>,
}

/// What writes the files of a [`Written`].
pub type WriteFiles<'a> = Box<dyn FnOnce(&mut [Writer]) -> io::Result<()> + Send + 'a>;

/// A writer of one file of a [`Written`]; `Send`, so that a pass can write files on several
/// threads.
pub type Writer<'w> = &'w mut (dyn io::Write + Send);

impl<'a> Written<'a> {
    /// The files at `paths`, whose contents `write` writes, a writer per path.
    pub fn new<'p>(
        paths: impl IntoIterator<Item = &'p str>,
        write: impl FnOnce(&mut [Writer]) -> io::Result<()> + Send + 'a,
    ) -> Self {
        Written { paths: paths.into_iter().map(PathBuf::from).collect(), write: Box::new(write) }
    }

    /// The files, made whole in memory.
    pub fn into_files(self) -> io::Result<Vec<OutputFile>> {
        let mut texts: Vec<Vec<u8>> = self.paths.iter().map(|_| Vec::new()).collect();
        let mut writers: Vec<Writer> = texts.iter_mut().map(|t| t as Writer).collect();
        (self.write)(&mut writers)?;
        drop(writers);
        self.paths
            .into_iter()
            .zip(texts)
            .map(|(path, text)| {
                let contents = String::from_utf8(text).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
                Ok(OutputFile { path, contents })
            })
            .collect()
    }
}

/// Writes `files` as the whole content of `out`: files it held that are not among them are gone
/// afterwards, except what docs2api does not generate (hidden entries, cargo's `target/` and
/// `Cargo.lock`; see [`stale`]), which stays. After any failure or kill, `out` holds exactly the
/// old files or exactly the new ones, and the next call cleans what a killed one left (see
/// `output/publish.rs` for how).
pub fn write_all(out: &Path, files: &[OutputFile]) -> io::Result<()> {
    publish(out, &mut files.iter().map(|f| Ok(Made::File(Cow::Borrowed(f)))))
}

/// Why [`write_each`] stopped: a file could not be made, or the files could not be written.
#[derive(Debug)]
pub enum WriteError<E> {
    Make(E),
    Write(io::Error),
}

/// [`write_all`] for files made one at a time: each is written into the staged folder as it comes
/// and dropped, so that no more than one is held (the platform's documents and modules together
/// are tens of megabytes). The first `Err` of `files` stops the run before anything is
/// published, and is what it returns. Returns how many files were written.
pub fn write_each<'a, E>(
    out: &Path,
    files: impl IntoIterator<Item = Result<Made<'a>, E>>,
) -> Result<usize, WriteError<E>> {
    let mut made = None;
    let mut count = 0;
    let mut files = files.into_iter().map(|f| match f {
        Ok(f) => {
            count += match &f {
                Made::File(_) => 1,
                Made::Written(w) => w.paths.len(),
            };
            Ok(f)
        }
        Err(e) => {
            made = Some(e);
            // What stops the staging; the run returns the maker's error instead.
            Err(io::Error::other("a file could not be made"))
        }
    });
    let written = publish(out, &mut files);
    drop(files);
    match (made, written) {
        (Some(e), _) => Err(WriteError::Make(e)),
        (None, Err(e)) => Err(WriteError::Write(e)),
        (None, Ok(())) => Ok(count),
    }
}

fn publish(out: &Path, files: &mut publish::Files) -> io::Result<()> {
    publish::publish_each(out, files, &|_| Ok(())).map_err(|stop| match stop {
        publish::Stop::Fail(e) => e,
        publish::Stop::Kill => io::Error::other("publishing was stopped"),
    })
}

/// Whether an entry of an output folder is one docs2api does not generate and leaves alone:
/// hidden entries anywhere, and at the top (`rel` empty) what cargo writes when the crate is
/// built in place ([`BUILT_IN_PLACE`]). `stale` does not count them; `write_all` keeps them.
fn kept(rel: &Path, name: &std::ffi::OsStr) -> bool {
    let top_level_build = rel.as_os_str().is_empty() && BUILT_IN_PLACE.iter().any(|b| name == *b);
    name.to_string_lossy().starts_with('.') || top_level_build
}

/// Why a file in the output folder is stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// It would be generated but is not there.
    Missing,
    /// It is there with other contents than would be generated.
    Differs,
    /// It is there but no longer generated (left from an earlier generation).
    NotGenerated,
}

/// A stale file: its path (the output folder joined with the file's path) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    pub path: PathBuf,
    pub why: Why,
}

impl fmt::Display for Stale {
    /// The path, and the reason unless the file merely differs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = match self.why {
            Why::Missing => " (missing)",
            Why::Differs => "",
            Why::NotGenerated => " (no longer generated)",
        };
        write!(f, "{}{why}", self.path.display())
    }
}

/// The files that make `out` differ from what would be generated: the generated files that are
/// missing or differ, in the order of `files`, then the files of `out` that are not generated,
/// sorted. Not counted as files of `out`: hidden entries (`.gitignore`, editor files) and what cargo writes when the crate is built in place,
/// `target/` and `Cargo.lock` at the top of `out`.
pub fn stale(out: &Path, files: &[OutputFile]) -> Vec<Stale> {
    let mut found = changed(out, files);
    found.extend(not_generated(out, files));
    found
}

fn changed(out: &Path, files: &[OutputFile]) -> Vec<Stale> {
    let why = |f: &OutputFile| match std::fs::read(out.join(&f.path)) {
        Err(_) => Some(Why::Missing),
        Ok(on_disk) if on_disk != f.contents.as_bytes() => Some(Why::Differs),
        Ok(_) => None,
    };
    files.iter().filter_map(|f| Some(Stale { path: out.join(&f.path), why: why(f)? })).collect()
}

fn not_generated(out: &Path, files: &[OutputFile]) -> Vec<Stale> {
    let generated: BTreeSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    let mut on_disk = Vec::new();
    list_files(out, Path::new(""), &mut on_disk);
    on_disk
        .into_iter()
        .filter(|p| !generated.contains(p.as_path()))
        .map(|p| Stale { path: out.join(p), why: Why::NotGenerated })
        .collect()
}

/// Top-level entries of an output folder that cargo writes when the crate is built inside it.
const BUILT_IN_PLACE: [&str; 2] = ["target", "Cargo.lock"];

/// Every file under `dir.join(rel)`, as paths relative to `dir`, sorted; hidden entries and
/// [`BUILT_IN_PLACE`] left out. A folder that cannot be read has no files (the generated files
/// in it are then reported missing).
fn list_files(dir: &Path, rel: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir.join(rel)) else { return };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let name = entry.file_name();
        if kept(rel, &name) {
            continue;
        }
        let path = rel.join(&name);
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            list_files(dir, &path, found);
        } else {
            found.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> OutputFile {
        OutputFile { path: path.into(), contents: contents.into() }
    }

    #[test]
    fn writes_files_and_reports_staleness() {
        let dir = tempfile::tempdir().unwrap();
        let files = [file("a.yaml", "a"), file("sub/b.json", "b")];
        assert_eq!(stale(dir.path(), &files).len(), 2);
        assert!(stale(dir.path(), &files).iter().all(|s| s.why == Why::Missing));
        write_all(dir.path(), &files).unwrap();
        assert!(stale(dir.path(), &files).is_empty());
        assert_eq!(std::fs::read_to_string(dir.path().join("sub/b.json")).unwrap(), "b");
        let changed = [file("a.yaml", "a2"), file("sub/b.json", "b")];
        let differs = Stale { path: dir.path().join("a.yaml"), why: Why::Differs };
        assert_eq!(stale(dir.path(), &changed), [differs]);
        // no staging folder is left behind
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_failed_write_leaves_existing_files_untouched() {
        let dir = tempfile::tempdir().unwrap();
        write_all(dir.path(), &[file("a.yaml", "old")]).unwrap();
        // A file whose parent is a regular file cannot be staged: the run fails before publishing.
        let files = [file("a.yaml", "new"), file("a.yaml/x", "y")];
        assert!(write_all(dir.path(), &files).is_err());
        assert_eq!(std::fs::read_to_string(dir.path().join("a.yaml")).unwrap(), "old");
    }

    #[test]
    fn files_no_longer_generated_are_stale_but_hidden_and_build_files_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let files = [file("Cargo.toml", "[package]"), file("src/lib.rs", "")];
        write_all(dir.path(), &files).unwrap();
        for (path, contents) in [
            ("src/old.rs", "left from an earlier generation"),
            ("src/target/x.rs", "only the top-level target is cargo's"),
            ("zzz.yaml", "a file docs2api never wrote"),
            ("target/debug/build.log", "cargo build inside the folder"),
            ("Cargo.lock", "the same"),
            (".gitignore", "target"),
            ("src/.lib.rs.swp", "an editor's"),
            (".docs2api-staging-1/src/lib.rs", "a write in progress"),
        ] {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, contents).unwrap();
        }
        let shown: Vec<String> = stale(dir.path(), &files)
            .iter()
            .map(|s| s.to_string().replace(&dir.path().display().to_string(), "OUT"))
            .collect();
        assert_eq!(
            shown,
            [
                "OUT/src/old.rs (no longer generated)",
                "OUT/src/target/x.rs (no longer generated)",
                "OUT/zzz.yaml (no longer generated)"
            ]
        );
        std::fs::remove_file(dir.path().join("src/lib.rs")).unwrap();
        let missing = stale(dir.path(), &files)[0].to_string().replace(&dir.path().display().to_string(), "OUT");
        assert_eq!(missing, "OUT/src/lib.rs (missing)", "the generated files come first");
    }
}
