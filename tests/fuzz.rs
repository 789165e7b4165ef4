//! A fuzzing harness (issue 11): the docs-input pages in all three syntaxes, mutated by a seeded
//! xorshift generator (byte flips, line deletions and duplications, truncation, deep nesting, huge
//! lines, random Unicode, two pages spliced), each case run through the library. For every case:
//! no panic, on success outputs that parse (the OpenAPI JSON as JSON, the YAML as YAML), every
//! error diagnostic with a file and a line > 0, and a time bound.
//!
//! `cargo test --test fuzz` runs a short bounded run (CI runs it); the long run is
//! `FUZZ_CASES=20000 cargo test --release --test fuzz -- --ignored`. `FUZZ_SEED` picks another
//! seed. A failing case is written to `target/fuzz-failures/`; keep it in `tests/fuzz-regressions/`
//! (named `*.txt`, `*.md` or `*.html`), where `regressions_stay_fixed` reads every file.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use docs2api::{Level, Version};

/// Per case, far above what a page of docs-input takes even in a debug build.
const CASE_BOUND: Duration = Duration::from_secs(20);

/// xorshift64*: small, seeded, the same cases on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

/// Every page under docs-input/, with its extension.
fn seeds() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut dirs = vec![PathBuf::from("docs-input")];
    while let Some(dir) = dirs.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                dirs.push(path);
            } else if let Some(ext @ ("txt" | "md" | "html")) = path.extension().and_then(|e| e.to_str()) {
                out.push((ext.to_owned(), std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes.split_inclusive(|&b| b == b'\n').map(<[u8]>::to_vec).collect()
}

/// One mutation of `page`; `other` is a second page to splice with.
/// The longest line the short run inserts. Lines of 60 KB once made the fused-header split take
/// minutes (`tests/fuzz-regressions/long-fused-line.*`); the split is bounded now, so the short
/// run inserts them too.
const SHORT_RUN_LINE: usize = 100_000;

fn mutate(rng: &mut Rng, ext: &str, page: &[u8], other: &[u8], longest: usize) -> Vec<u8> {
    let mut bytes = page.to_vec();
    let mut ls = lines(&bytes);
    match rng.below(9) {
        0 => {
            for _ in 0..=rng.below(8) {
                let i = rng.below(bytes.len());
                if let Some(b) = bytes.get_mut(i) {
                    *b ^= 1 << rng.below(8);
                }
            }
            return bytes;
        }
        1 => {
            for _ in 0..=rng.below(5) {
                if !ls.is_empty() {
                    ls.remove(rng.below(ls.len()));
                }
            }
        }
        2 => {
            for _ in 0..=rng.below(5) {
                let i = rng.below(ls.len());
                if let Some(l) = ls.get(i).cloned() {
                    let times = 1 + rng.below(50);
                    for _ in 0..times {
                        ls.insert(i, l.clone());
                    }
                }
            }
        }
        3 => {
            bytes.truncate(rng.below(bytes.len() + 1));
            return bytes;
        }
        4 => {
            let depth = 1 + rng.below(3000);
            let nested = match ext {
                "md" => ["> - ", "- ", "> "][rng.below(3)].repeat(depth) + "x\n",
                "html" => "<ul><li>x".repeat(depth),
                _ => (0..depth).map(|l| format!("{}• f{l}Object\n", " ".repeat(l + 4))).collect(),
            };
            ls.insert(rng.below(ls.len() + 1), nested.into_bytes());
        }
        5 => {
            let i = rng.below(ls.len());
            let huge = "x".repeat(1 + rng.below(longest)) + "\n";
            ls.insert(i, huge.into_bytes());
        }
        6 => {
            for _ in 0..=rng.below(20) {
                let c = random_char(rng);
                let at = rng.below(ls.len());
                if let Some(l) = ls.get_mut(at) {
                    let pos = rng.below(l.len() + 1);
                    let mut buf = [0; 4];
                    l.splice(pos..pos, c.encode_utf8(&mut buf).bytes());
                }
            }
        }
        7 => {
            let theirs = lines(other);
            let cut = rng.below(ls.len() + 1);
            let from = rng.below(theirs.len() + 1);
            ls.truncate(cut);
            ls.extend(theirs.into_iter().skip(from));
        }
        _ => {
            let i = rng.below(ls.len());
            let j = rng.below(ls.len());
            if i < ls.len() && j < ls.len() {
                ls.swap(i, j);
            }
        }
    }
    ls.concat()
}

/// Unicode that tends to break things: controls, bidi, combining marks, digits of other scripts,
/// astral characters, and any scalar value.
fn random_char(rng: &mut Rng) -> char {
    const ODD: &[char] = &[
        '\u{202e}', '\u{2066}', '\u{0}', '\u{7}', '\r', '\t', '\u{a0}', '\u{feff}', '²', '①', '٣', '\u{301}', '𝔘', '{',
        '}', '|', '`', '<', '>', '#', '"',
    ];
    if rng.below(2) == 0 {
        ODD[rng.below(ODD.len())]
    } else {
        char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('\u{fffd}')
    }
}

/// Runs one page through the library and checks what the harness promises; `Err` says why not.
fn check_case(name: &str, bytes: &[u8]) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| run_case(&path)));
    let elapsed = started.elapsed();
    let outcome = outcome.map_err(|p| {
        let why = p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_owned()));
        format!("panic: {}", why.unwrap_or_default())
    })?;
    if elapsed > CASE_BOUND {
        return Err(format!("took {elapsed:?}"));
    }
    outcome
}

fn run_case(path: &Path) -> Result<(), String> {
    let run = docs2api::Generator::new().input(path).run().map_err(|e| format!("run: {e}"))?;
    for d in run.diagnostics().iter().filter(|d| d.level == Level::Error) {
        if d.source.file.is_empty() || d.source.line == 0 {
            return Err(format!("an error without file and line: {d}"));
        }
    }
    let Ok(outputs) = run.outputs() else { return Ok(()) };
    for version in [Version::V3_1, Version::V3_0] {
        serde_json::from_str::<serde_json::Value>(&outputs.openapi_json(version))
            .map_err(|e| format!("OpenAPI JSON does not parse: {e}"))?;
        serde_norway::from_str::<serde_norway::Value>(&outputs.openapi_yaml(version))
            .map_err(|e| format!("OpenAPI YAML does not parse: {e}"))?;
    }
    if let Ok(files) = outputs.files() {
        for f in files.iter().filter(|f| f.path.extension().is_some_and(|e| e == "rs")) {
            syn::parse_file(&f.contents).map_err(|e| format!("{} does not parse: {e}", f.path.display()))?;
        }
    }
    Ok(())
}

/// `cases` mutated pages from the seed; failures are kept under target/fuzz-failures/.
fn fuzz(cases: usize, longest: usize) {
    let seed = std::env::var("FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x0D0C_5A91_u64);
    let mut rng = Rng(seed | 1);
    let pages = seeds();
    assert!(pages.len() > 10, "docs-input has pages of every syntax");
    let mut failures = Vec::new();
    for case in 0..cases {
        let (ext, page) = &pages[rng.below(pages.len())];
        let (_, other) = &pages[rng.below(pages.len())];
        let bytes = mutate(&mut rng, ext, page, other, longest);
        let name = format!("case{case}.{ext}");
        if let Err(why) = check_case(&name, &bytes) {
            let kept = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures").join(&name);
            std::fs::create_dir_all(kept.parent().unwrap()).unwrap();
            std::fs::write(&kept, &bytes).unwrap();
            failures.push(format!("{}: {why}", kept.display()));
        }
    }
    assert!(failures.is_empty(), "{} of {cases} cases failed (seed {seed}):\n{}", failures.len(), failures.join("\n"));
}

fn cases(default: usize) -> usize {
    std::env::var("FUZZ_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(default)
}

/// The short run, in every `cargo test`.
#[test]
fn fuzz_short() {
    fuzz(cases(300).min(300), SHORT_RUN_LINE);
}

/// The long run: `FUZZ_CASES=20000 cargo test --release --test fuzz -- --ignored`.
#[test]
#[ignore = "the long run; FUZZ_CASES sets its size"]
fn fuzz_long() {
    fuzz(cases(5000), 200_000);
}

/// Every input a fuzz run found, kept so that it stays fixed.
#[test]
fn regressions_stay_fixed() {
    let dir = Path::new("tests/fuzz-regressions");
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    let mut failures = Vec::new();
    for path in entries.iter().filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md" || e == "html")) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if let Err(why) = check_case(&name, &std::fs::read(path).unwrap()) {
            failures.push(format!("{}: {why}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
