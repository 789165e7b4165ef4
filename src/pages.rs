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

/// The largest page file docs2api reads, 16 MiB (the README states it): the largest real page is
/// well under 1 MiB, and a bound keeps a runaway file from taking all memory.
pub const MAX_PAGE_BYTES: u64 = 16 * 1024 * 1024;

/// Why an input file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// It is not a regular file (after following symlinks): what it is instead, `a FIFO`.
    NotAFile(&'static str),
    /// It is larger than the limit: its size, or at least the bytes read before stopping.
    TooLarge(u64),
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotAFile(what) => write!(f, "it is {what}, not a regular file"),
            ReadError::TooLarge(size) => {
                write!(f, "it is {size} bytes, more than the limit of {MAX_PAGE_BYTES} bytes (16 MiB)")
            }
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Reads a regular file (a symlink to one is followed) of at most `limit` bytes. Anything else, a
/// FIFO, a device such as `/dev/zero`, a socket or a folder, is refused before a byte is read: a
/// FIFO blocks forever and a device can be endless. The file is opened without blocking (a FIFO
/// swapped in after the check must not block the open either) and checked again once open; the
/// read is bounded too, in case the file grows while it is read.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    check_regular(&std::fs::metadata(path).map_err(ReadError::Io)?, limit)?;
    let file = open_nonblocking(path).map_err(ReadError::Io)?;
    let size = check_regular(&file.metadata().map_err(ReadError::Io)?, limit)?;
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    let read = bytes.len() as u64;
    if read > limit {
        return Err(ReadError::TooLarge(read));
    }
    Ok(bytes)
}

/// An input file other than a page (an overlay, a profile, a manifest) as text, read as safely as
/// a page and with the same limit.
pub(crate) fn read_text(path: &Path) -> Result<String, String> {
    let bytes = read_regular(path, MAX_PAGE_BYTES).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_owned())
}

/// The file's size if it is a regular file within `limit`.
fn check_regular(meta: &std::fs::Metadata, limit: u64) -> Result<u64, ReadError> {
    if !meta.is_file() {
        return Err(ReadError::NotAFile(file_kind(&meta.file_type())));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(meta.len()));
    }
    Ok(meta.len())
}

fn file_kind(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        } else if t.is_char_device() {
            return "a character device";
        } else if t.is_block_device() {
            return "a block device";
        } else if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() { "a folder" } else { "not a file docs2api reads" }
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Reads one page file into facts; every problem becomes a diagnostic. Only regular files of at
/// most [`MAX_PAGE_BYTES`] are read (see `read_regular`).
pub fn read_page(page: &PageFile, diags: &mut Diagnostics) -> Option<PageFacts> {
    let bytes = match read_regular(&page.path, MAX_PAGE_BYTES) {
        Ok(b) => b,
        Err(e) => {
            let rule = match e {
                ReadError::NotAFile(_) => rules::NOT_A_FILE,
                ReadError::TooLarge(_) => rules::PAGE_TOO_LARGE,
                ReadError::Io(_) => rules::UNREADABLE,
            };
            diags.error(&Source::new(page.name.clone(), 1), rule, format!("cannot read the file: {e}"));
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
    let text_lines = doc.text_lines();
    facts.markup_lines = (1..)
        .zip(text.lines())
        .filter(|(n, l)| !l.trim().is_empty() && !text_lines.contains(n))
        .map(|(n, _)| n)
        .collect();
    Some(facts)
}

/// Fewer pages than this per thread are read on the calling thread alone: a thread costs more
/// than it saves on a handful of pages.
const PAGES_PER_THREAD: usize = 64;

/// The stack of a reading thread: as large as a main thread's, since the readers recurse (as
/// deep as [`crate::MAX_NESTING`]) and a hostile page must fail the same way on any thread.
const READER_STACK: usize = 8 << 20;

/// Reads every page (see [`read_page`]), on as many threads as the machine has cores: the facts
/// come in the order of `files` whatever the threads' timing, and the diagnostics are sorted
/// before anyone sees them ([`Diagnostics::into_sorted`]), so the outcome is the same as one
/// thread's. Each thread takes the next unread page, so that a run of slow pages (the API
/// Explorer's, which sort together) does not leave the other threads idle.
pub fn read_pages(files: &[PageFile], diags: &mut Diagnostics) -> Vec<PageFacts> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let threads = cores.min(files.len() / PAGES_PER_THREAD).max(1);
    if threads == 1 {
        return files.iter().filter_map(|f| read_page(f, diags)).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let read_some = || {
        let mut found = Vec::new();
        let mut said = Diagnostics::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(page) = files.get(i) else { break };
            if let Some(facts) = read_page(page, &mut said) {
                found.push((i, facts));
            }
        }
        (found, said)
    };
    let parts: Vec<(Vec<(usize, PageFacts)>, Diagnostics)> = std::thread::scope(|scope| {
        let spawned: Vec<_> = (1..threads)
            .filter_map(|_| std::thread::Builder::new().stack_size(READER_STACK).spawn_scoped(scope, read_some).ok())
            .collect();
        // This thread reads too; a thread that could not be spawned leaves its pages to the others.
        let mine = read_some();
        let theirs = spawned.into_iter().map(|t| t.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        std::iter::once(mine).chain(theirs).collect()
    });
    let mut facts = Vec::with_capacity(files.len());
    for (found, said) in parts {
        facts.extend(found);
        diags.extend(said);
    }
    facts.sort_unstable_by_key(|(i, _)| *i);
    facts.into_iter().map(|(_, f)| f).collect()
}

/// Hands the memory freed in the arenas of [`read_pages`]' threads back to the system, once the
/// facts they made are consumed. glibc gives each thread an arena of its own, and memory is freed
/// into the arena that allocated it, where no other thread reuses it: without this, the facts and
/// the reading's garbage stay resident through the whole run (a tenth of the peak at platform
/// scale).
pub(crate) fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages of the allocator's arenas to the system; it
    // takes the arenas' locks and touches no memory in use.
    unsafe {
        libc::malloc_trim(0);
    }
}
