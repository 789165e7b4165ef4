//! Writing generated files so that a failed run never leaves `generated/` half-written, and
//! telling which checked-in files are stale.

use std::io;
use std::path::{Path, PathBuf};

/// One generated file: a path relative to the output folder, and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub contents: String,
}

/// Writes every file into `out`. All files are first written to a temporary folder inside `out`
/// (same file system, so renames are atomic); only when all of them are written are they renamed
/// into place. A failure before that point leaves `out` as it was.
pub fn write_all(out: &Path, files: &[OutputFile]) -> io::Result<()> {
    std::fs::create_dir_all(out)?;
    let staging = out.join(format!(".docs2api-staging-{}", std::process::id()));
    let result = stage(&staging, files).and_then(|()| publish(&staging, out, files));
    // The staging folder is empty after a successful publish; after a failure it holds the partial
    // output, which is of no use.
    let _ = std::fs::remove_dir_all(&staging);
    result
}

fn stage(staging: &Path, files: &[OutputFile]) -> io::Result<()> {
    for file in files {
        let path = staging.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &file.contents)?;
    }
    Ok(())
}

fn publish(staging: &Path, out: &Path, files: &[OutputFile]) -> io::Result<()> {
    for file in files {
        let target = out.join(&file.path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::rename(staging.join(&file.path), &target)?;
    }
    Ok(())
}

/// The files whose checked-in copy in `out` is missing or differs from what would be generated.
pub fn stale(out: &Path, files: &[OutputFile]) -> Vec<PathBuf> {
    files
        .iter()
        .filter(|f| std::fs::read(out.join(&f.path)).map_or(true, |on_disk| on_disk != f.contents.as_bytes()))
        .map(|f| out.join(&f.path))
        .collect()
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
        write_all(dir.path(), &files).unwrap();
        assert!(stale(dir.path(), &files).is_empty());
        assert_eq!(std::fs::read_to_string(dir.path().join("sub/b.json")).unwrap(), "b");
        let changed = [file("a.yaml", "a2"), file("sub/b.json", "b")];
        assert_eq!(stale(dir.path(), &changed), [dir.path().join("a.yaml")]);
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
}
