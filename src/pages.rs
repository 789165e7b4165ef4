//! Finding page files and reading each into facts.

use std::path::{Component, Path, PathBuf};

use crate::diag::{Diagnostics, rules};
use crate::facts::PageFacts;
use crate::layout;
use crate::model::Source;
use crate::read::{self, Syntax};

/// A page file to read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PageFile {
    /// The name used in diagnostics and recorded as the source of every fact: the path as given,
    /// `/`-separated, relative to the current directory where possible.
    pub name: String,
    pub path: PathBuf,
    pub syntax: Syntax,
}

/// The page files under `inputs`: files as given, folders walked recursively. Files in a folder
/// with an extension no reader knows are passed over; a file named directly must be readable.
/// The result is sorted by name, so that reading order never depends on the file system.
pub fn discover(inputs: &[PathBuf], diags: &mut Diagnostics) -> std::io::Result<Vec<PageFile>> {
    let mut pages = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| with_path(e, input))?;
        if meta.is_dir() {
            walk(input, &mut pages)?;
        } else if let Some(syntax) = Syntax::from_path(input) {
            pages.push(page_file(input, syntax));
        } else {
            diags.error(
                &Source::new(display_name(input), 1),
                rules::UNKNOWN_SYNTAX,
                "no reader for this file: expected a page ending in .txt, .text, .md, .markdown, .html or .htm",
            );
        }
    }
    pages.sort();
    pages.dedup();
    Ok(pages)
}

fn walk(dir: &Path, pages: &mut Vec<PageFile>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| with_path(e, dir))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| with_path(e, dir))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if hidden {
            continue;
        }
        if entry.file_type().map_err(|e| with_path(e, &path))?.is_dir() {
            walk(&path, pages)?;
        } else if let Some(syntax) = Syntax::from_path(&path) {
            pages.push(page_file(&path, syntax));
        }
    }
    Ok(())
}

fn page_file(path: &Path, syntax: Syntax) -> PageFile {
    PageFile { name: display_name(path), path: path.to_owned(), syntax }
}

/// `./docs-input//x.txt` → `docs-input/x.txt`; an absolute path under the current directory
/// becomes relative to it. The same file gets the same name however it was named on the command
/// line, so recorded sources do not depend on how the tool was called.
pub fn display_name(path: &Path) -> String {
    let relative = std::env::current_dir().ok().and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    let path = relative.as_deref().unwrap_or(path);
    let parts: Vec<String> = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| match c {
            Component::RootDir => String::new(),
            other => other.as_os_str().to_string_lossy().into_owned(),
        })
        .collect();
    parts.join("/")
}

fn with_path(e: std::io::Error, path: &Path) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// Reads one page file into facts; every problem becomes a diagnostic.
pub fn read_page(page: &PageFile, diags: &mut Diagnostics) -> Option<PageFacts> {
    let bytes = match std::fs::read(&page.path) {
        Ok(b) => b,
        Err(e) => {
            diags.error(&Source::new(page.name.clone(), 1), rules::UNREADABLE, format!("cannot read the file: {e}"));
            return None;
        }
    };
    read_page_bytes(&page.name, page.syntax, &bytes, diags)
}

/// Reads page content that is already in memory (for tests and build scripts).
pub fn read_page_bytes(name: &str, syntax: Syntax, bytes: &[u8], diags: &mut Diagnostics) -> Option<PageFacts> {
    let before = diags.len();
    let doc = read::read_document(syntax, name, bytes, diags);
    if doc.blocks.is_empty() {
        if diags.len() == before {
            diags.error(&Source::new(name, 1), rules::EMPTY_PAGE, "the page has no content");
        }
        return None;
    }
    let mut facts = layout::interpret(&doc, name, diags)?;
    let text = String::from_utf8_lossy(bytes);
    facts.page_lines = u32::try_from(text.lines().filter(|l| !l.trim().is_empty()).count()).unwrap_or(u32::MAX);
    Some(facts)
}
