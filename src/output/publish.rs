//! Publishing a folder of generated files whole: after any kill or failure the folder holds
//! exactly the old files or exactly the new ones, and the next run cleans what a killed run left.
//!
//! The new folder is built beside `out` (same parent, so the same file system) in a work folder
//! `.<name>.docs2api-<pid>-<n>/new`, and swapped with `out` in one step by `renameat2(RENAME_EXCHANGE)`:
//! no moment exists at which `out` is missing or mixed, and `out` stays a real folder of the same
//! name (a symlink swap would turn a cargo workspace member, or a folder git tracks, into a
//! symlink). After the exchange the old folder sits in the work folder; what docs2api does not
//! generate (hidden entries, cargo's `target/` and `Cargo.lock`: what [`super::stale`] ignores) is
//! moved from it into the new `out`, and the work folder is removed.
//!
//! Before the exchange the work folder records the identity (device, inode) of the staged folder.
//! A later run finds leftover work folders not locked by a live run and reads the truth from the
//! file system: if `out` is the staged folder, the exchange happened, and the run finishes the
//! move of the kept entries; otherwise the exchange never happened, and the staged files are
//! dropped. Where the file system cannot exchange (not Linux, or a file system without
//! RENAME_EXCHANGE), two renames take its place, `out` → `work/old` and `work/new` → `out`; a kill
//! between them leaves `out` missing until the next run puts the old folder back.

#[cfg(test)]
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

#[cfg(test)]
use super::OutputFile;
use super::{Made, kept};

/// A point at which publishing can fail or be killed (for the tests that inject both).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Step {
    /// Before writing the staged file of this index.
    Stage(usize),
    /// Before recording the staged folder's identity.
    Record,
    /// Before the exchange; an injected `EINVAL` here stands for a file system that cannot.
    Exchange,
    /// The two renames that replace the exchange: `out` → `work/old`, then `work/new` → `out`.
    MoveOld,
    MoveNew,
    /// Before moving the entries docs2api does not generate into the new folder.
    Carry,
    /// Before removing the work folder.
    Clean,
}

/// What a hook makes of a step: go on, fail as an I/O error would, or stop dead as `kill -9`.
pub(super) enum Stop {
    Fail(io::Error),
    /// Only the tests stop so: a real kill needs no code.
    #[cfg_attr(not(test), allow(dead_code))]
    Kill,
}

impl From<io::Error> for Stop {
    fn from(e: io::Error) -> Self {
        Stop::Fail(e)
    }
}

pub(super) type Hook<'a> = &'a dyn Fn(Step) -> Result<(), Stop>;

/// Where the work folders of `out` live and what they are called.
struct Target {
    out: PathBuf,
    parent: PathBuf,
    prefix: String,
}

/// Publishes `files` as the whole content of `out` (what docs2api does not generate is kept).
#[cfg(test)]
pub(super) fn publish(out: &Path, files: &[OutputFile], hook: Hook) -> Result<(), Stop> {
    publish_each(out, &mut files.iter().map(|f| Ok(Made::File(Cow::Borrowed(f)))), hook)
}

/// The files of a publication, made one at a time (so that no more than one needs to be held):
/// an `Err` stops the publication as a failure to write would.
pub(super) type Files<'f> = dyn Iterator<Item = io::Result<Made<'f>>> + 'f;

/// Publishes the files `files` makes as the whole content of `out`, writing each into the staged
/// folder as it comes (what docs2api does not generate is kept).
pub(super) fn publish_each(out: &Path, files: &mut Files, hook: Hook) -> Result<(), Stop> {
    let target = target(out)?;
    recover(&target)?;
    let work = Work::create(&target)?;
    let new = work.path.join("new");
    if let Err(stop) = stage(&new, files, hook).and_then(|()| record(&work, &new, hook)) {
        return Err(work.abandon(stop));
    }
    copy_permissions(&target.out, &new);
    let old = match swap(&new, &target.out, &work, hook) {
        Ok(old) => old,
        Err(stop) => return Err(work.abandon(stop)),
    };
    sync_dir(&target.parent);
    // From here on `out` holds the new files. A failure leaves the kept entries in the work folder,
    // where the next run finds them and finishes the move.
    hook(Step::Carry)?;
    carry(&old, &target.out)?;
    // The new files are published; a work folder that cannot be removed is removed next run.
    match hook(Step::Clean) {
        Err(Stop::Kill) => return Err(Stop::Kill),
        Err(Stop::Fail(_)) => {}
        Ok(()) => {
            let _ = std::fs::remove_dir_all(&work.path);
        }
    }
    Ok(())
}

/// `out` made absolute with its symlinks resolved (a symlink to a folder keeps pointing at the
/// published folder), its parent created, and the prefix of its work folders.
fn target(out: &Path) -> io::Result<Target> {
    let out = std::path::absolute(out)?;
    let name = out.file_name().ok_or_else(|| io::Error::other(format!("{}: not a folder name", out.display())))?;
    let name = name.to_string_lossy().into_owned();
    let parent = out.parent().ok_or_else(|| io::Error::other("the output folder has no parent"))?;
    std::fs::create_dir_all(parent)?;
    let parent = std::fs::canonicalize(parent)?;
    let out = match std::fs::canonicalize(parent.join(&name)) {
        Ok(real) => real,
        Err(e) if e.kind() == io::ErrorKind::NotFound => parent.join(&name),
        Err(e) => return Err(e),
    };
    if out.symlink_metadata().is_ok_and(|m| !m.is_dir()) {
        return Err(io::Error::other(format!("{} is not a folder", out.display())));
    }
    let parent = out.parent().map_or(parent, Path::to_path_buf);
    let name = out.file_name().map_or(name, |n| n.to_string_lossy().into_owned());
    Ok(Target { out, parent, prefix: format!(".{name}.docs2api-") })
}

/// A run's work folder, locked while the run lives (a killed run's lock goes with it).
struct Work {
    path: PathBuf,
    _lock: std::fs::File,
}

impl Work {
    fn create(target: &Target) -> io::Result<Work> {
        // The pid tells the runs apart, the count the calls of one process (tests publish in
        // threads); `recover` removed every unlocked folder, so a name in use is a live run's.
        static CALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = target.parent.join(format!("{}{}-{n}", target.prefix, std::process::id()));
        std::fs::create_dir(&path)?;
        let lock = std::fs::File::open(&path)?;
        if !try_lock(&lock)? {
            return Err(io::Error::other(format!("{} is locked by another run", path.display())));
        }
        Ok(Work { path, _lock: lock })
    }

    /// Removes the work folder after a failure before the swap (`out` is untouched); a kill leaves
    /// it as it is, for the next run.
    fn abandon(self, stop: Stop) -> Stop {
        if let Stop::Fail(_) = stop {
            let _ = std::fs::remove_dir_all(&self.path);
        }
        stop
    }
}

/// Writes every file under `new`, each synced, then the folders (a rename is only as durable as
/// what it renames).
fn stage(new: &Path, files: &mut Files, hook: Hook) -> Result<(), Stop> {
    std::fs::create_dir(new)?;
    let mut dirs = BTreeSet::from([new.to_path_buf()]);
    let mut create = |path: &Path| -> io::Result<std::fs::File> {
        let path = new.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
            dirs.extend(parent.ancestors().take_while(|d| d.starts_with(new)).map(Path::to_path_buf));
        }
        std::fs::File::create(&path)
    };
    for (i, made) in files.enumerate() {
        hook(Step::Stage(i))?;
        match made? {
            Made::File(file) => {
                let mut f = create(&file.path)?;
                f.write_all(file.contents.as_bytes())?;
                f.sync_all()?;
            }
            Made::Written(written) => {
                let mut staged = Vec::new();
                for path in &written.paths {
                    staged.push(io::BufWriter::with_capacity(1 << 16, create(path)?));
                }
                let mut writers: Vec<super::Writer> = staged.iter_mut().map(|f| f as super::Writer).collect();
                (written.write)(&mut writers)?;
                for f in staged {
                    f.into_inner().map_err(io::IntoInnerError::into_error)?.sync_all()?;
                }
            }
        }
    }
    dirs.iter().for_each(|d| sync_dir(d));
    Ok(())
}

/// Records the staged folder's identity in `work/staged`, written whole by a rename: a killed run
/// has either no record (nothing was swapped) or a complete one.
fn record(work: &Work, new: &Path, hook: Hook) -> Result<(), Stop> {
    hook(Step::Record)?;
    let id = identity(new).ok_or_else(|| io::Error::other("the staged folder has no identity"))?;
    let tmp = work.path.join("staged.tmp");
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(format!("{} {}\n", id.0, id.1).as_bytes())?;
    f.sync_all()?;
    std::fs::rename(&tmp, work.path.join("staged"))?;
    sync_dir(&work.path);
    Ok(())
}

/// The new folder takes the old one's permissions, so that publishing does not change them.
fn copy_permissions(out: &Path, new: &Path) {
    if let Ok(meta) = std::fs::metadata(out) {
        let _ = std::fs::set_permissions(new, meta.permissions());
    }
}

/// Puts `new` in the place of `out`; returns where the old folder now is.
fn swap(new: &Path, out: &Path, work: &Work, hook: Hook) -> Result<PathBuf, Stop> {
    if std::fs::symlink_metadata(out).is_err_and(|e| e.kind() == io::ErrorKind::NotFound) {
        hook(Step::MoveNew)?;
        std::fs::rename(new, out)?;
        return Ok(new.to_path_buf());
    }
    match hook(Step::Exchange).and_then(|()| exchange(new, out).map_err(Stop::Fail)) {
        Ok(()) => return Ok(new.to_path_buf()),
        Err(Stop::Fail(e)) if cannot_exchange(&e) => {}
        Err(stop) => return Err(stop),
    }
    let old = work.path.join("old");
    hook(Step::MoveOld)?;
    std::fs::rename(out, &old)?;
    if let Err(stop) = hook(Step::MoveNew).and_then(|()| std::fs::rename(new, out).map_err(Stop::Fail)) {
        if let Stop::Fail(_) = stop {
            // Put the old folder back before the work folder, and it, is removed.
            std::fs::rename(&old, out)?;
        }
        return Err(stop);
    }
    Ok(old)
}

/// Whether the exchange failed because the system or file system does not do it.
fn cannot_exchange(e: &io::Error) -> bool {
    #[cfg(unix)]
    {
        matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP))
    }
    #[cfg(not(unix))]
    {
        e.kind() == io::ErrorKind::Unsupported
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let a = std::ffi::CString::new(a.as_os_str().as_bytes())?;
    let b = std::ffi::CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are NUL-terminated paths that live across the call; renameat2 only reads them.
    let r = unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    if r == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Moves what docs2api does not generate (see [`kept`]) from the old folder into the new one,
/// where the new one has no entry of that name and, for a nested entry, still has its folder.
fn carry(old: &Path, out: &Path) -> io::Result<()> {
    carry_in(old, out, Path::new(""))
}

fn carry_in(old: &Path, out: &Path, rel: &Path) -> io::Result<()> {
    let Ok(entries) = std::fs::read_dir(old.join(rel)) else { return Ok(()) };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let path = rel.join(&name);
        if kept(rel, &name) {
            if out.join(rel).is_dir() && std::fs::symlink_metadata(out.join(&path)).is_err() {
                std::fs::rename(entry.path(), out.join(&path))?;
            }
        } else if entry.file_type()?.is_dir() {
            carry_in(old, out, &path)?;
        }
    }
    Ok(())
}

/// Finishes or rolls back what killed runs left beside `out`, and removes the staging folders the
/// publishing of earlier versions left inside it.
fn recover(target: &Target) -> io::Result<()> {
    let mut leftovers: Vec<PathBuf> = std::fs::read_dir(&target.parent)?
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(&target.prefix))
        .map(|e| e.path())
        .collect();
    leftovers.sort();
    for work in leftovers {
        let Ok(lock) = std::fs::File::open(&work) else { continue };
        if !try_lock(&lock)? {
            continue; // a live run's
        }
        finish(&work, &target.out)?;
        std::fs::remove_dir_all(&work)?;
    }
    if let Ok(entries) = std::fs::read_dir(&target.out) {
        for e in entries.filter_map(Result::ok) {
            if e.file_name().to_string_lossy().starts_with(".docs2api-staging-") {
                std::fs::remove_dir_all(e.path())?;
            }
        }
    }
    Ok(())
}

/// Brings one killed run's work folder to an end: the move of the kept entries finished if `out`
/// is its staged folder, the old folder put back if the run was killed between the two renames.
fn finish(work: &Path, out: &Path) -> io::Result<()> {
    let staged = std::fs::read_to_string(work.join("staged")).ok().and_then(|s| parse_identity(&s));
    let old = work.join("old");
    let swapped = staged.is_some() && identity(out) == staged;
    if swapped {
        // After an exchange the old folder is where the staged one was; after two renames, `old`.
        carry(&if old.is_dir() { old } else { work.join("new") }, out)?;
    } else if old.is_dir() && std::fs::symlink_metadata(out).is_err() {
        std::fs::rename(&old, out)?;
    }
    Ok(())
}

fn parse_identity(s: &str) -> Option<(u64, u64)> {
    let (dev, ino) = s.trim().split_once(' ')?;
    Some((dev.parse().ok()?, ino.parse().ok()?))
}

/// The device and inode of a folder: what tells, after a kill, which folder `out` is.
#[cfg(unix)]
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::symlink_metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(_: &Path) -> Option<(u64, u64)> {
    None
}

/// Takes the lock of a work folder without waiting; false if a live run holds it.
#[cfg(unix)]
fn try_lock(file: &std::fs::File) -> io::Result<bool> {
    use std::os::fd::AsRawFd;
    // SAFETY: flock on a descriptor this process owns, for as long as `file` lives.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    if e.raw_os_error() == Some(libc::EWOULDBLOCK) { Ok(false) } else { Err(e) }
}

#[cfg(not(unix))]
fn try_lock(_: &std::fs::File) -> io::Result<bool> {
    Ok(true)
}

/// Syncs a folder's entries to disk; for the power loss a kill is not, so failures are ignored.
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::super::stale;
    use super::*;

    fn files(set: &[(&str, &str)]) -> Vec<OutputFile> {
        set.iter().map(|(p, c)| OutputFile { path: p.into(), contents: (*c).into() }).collect()
    }

    fn old_set() -> Vec<OutputFile> {
        files(&[("a.yaml", "old a"), ("sub/b.json", "old b"), ("gone.txt", "only in the old set")])
    }

    fn new_set() -> Vec<OutputFile> {
        files(&[("a.yaml", "new a"), ("sub/b.json", "new b"), ("added/c.rs", "only in the new set")])
    }

    /// What docs2api does not generate, put in `out` beside the old set.
    const KEPT: [&str; 4] = [".gitignore", "target/debug/x", "Cargo.lock", "sub/.b.json.swp"];

    /// A folder `out` in a fresh parent, holding the old set and the kept entries.
    fn setup() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        publish(&out, &old_set(), &|_| Ok(())).map_err(|_| "the setup publishes").unwrap();
        for kept in KEPT {
            let path = out.join(kept);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, kept).unwrap();
        }
        (dir, out)
    }

    /// Which whole set `out` holds, byte for byte: "old", "new" or "missing"; anything else fails.
    fn holds(out: &Path) -> &'static str {
        if !out.exists() {
            "missing"
        } else if stale(out, &old_set()).is_empty() {
            "old"
        } else if stale(out, &new_set()).is_empty() {
            "new"
        } else {
            panic!("a mixed folder: {:?} against the new set", stale(out, &new_set()))
        }
    }

    /// The work folders beside `out`.
    fn leftovers(dir: &Path) -> Vec<String> {
        let names = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned());
        names.filter(|n| n != "out").collect()
    }

    fn assert_kept(out: &Path) {
        for kept in KEPT {
            assert_eq!(std::fs::read_to_string(out.join(kept)).unwrap_or_default(), kept, "{kept} is kept");
        }
    }

    fn fail_at(at: Step) -> impl Fn(Step) -> Result<(), Stop> {
        move |step| if step == at { Err(Stop::Fail(io::Error::other("injected"))) } else { Ok(()) }
    }

    fn kill_at(at: Step, fallback: bool) -> impl Fn(Step) -> Result<(), Stop> {
        move |step| match step {
            s if s == at => Err(Stop::Kill),
            Step::Exchange if fallback => Err(Stop::Fail(io::Error::from_raw_os_error(libc::EINVAL))),
            _ => Ok(()),
        }
    }

    /// Every step of a publish that replaces an existing folder, with or without the exchange.
    fn steps(fallback: bool) -> Vec<Step> {
        let mut steps = vec![Step::Stage(0), Step::Stage(2), Step::Record];
        steps.extend(if fallback { vec![Step::MoveOld, Step::MoveNew] } else { vec![Step::Exchange] });
        steps.extend([Step::Carry, Step::Clean]);
        steps
    }

    #[test]
    fn a_failure_before_the_swap_leaves_the_old_set_and_no_work_folder() {
        for at in [Step::Stage(0), Step::Stage(2), Step::Record, Step::Exchange, Step::MoveOld, Step::MoveNew] {
            let (dir, out) = setup();
            // The two renames happen only where the exchange cannot: make it so for their steps.
            let fallback = matches!(at, Step::MoveOld | Step::MoveNew);
            let hook = move |step| match step {
                s if s == at => Err(Stop::Fail(io::Error::other("injected"))),
                Step::Exchange if fallback => Err(Stop::Fail(io::Error::from_raw_os_error(libc::EINVAL))),
                _ => Ok(()),
            };
            assert!(publish(&out, &new_set(), &hook).is_err(), "{at:?}");
            assert_eq!(holds(&out), "old", "{at:?}");
            assert_kept(&out);
            assert_eq!(leftovers(dir.path()), Vec::<String>::new(), "{at:?}");
        }
    }

    #[test]
    fn a_failure_after_the_swap_leaves_the_new_set_and_the_next_run_finishes() {
        let (dir, out) = setup();
        assert!(publish(&out, &new_set(), &fail_at(Step::Carry)).is_err());
        assert_eq!(holds(&out), "new");
        assert_eq!(leftovers(dir.path()).len(), 1, "the kept entries wait in the work folder");
        recover(&target(&out).unwrap()).unwrap();
        assert_kept(&out);
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());

        let (dir, out) = setup();
        assert!(publish(&out, &new_set(), &fail_at(Step::Clean)).is_ok(), "the new set is published");
        assert_eq!(holds(&out), "new");
        assert_kept(&out);
        recover(&target(&out).unwrap()).unwrap();
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn a_kill_at_any_step_leaves_one_whole_set_and_the_next_run_cleans_up() {
        for fallback in [false, true] {
            for at in steps(fallback) {
                let (dir, out) = setup();
                assert!(matches!(publish(&out, &new_set(), &kill_at(at, fallback)), Err(Stop::Kill)));
                let now = holds(&out);
                // Only between the two renames is `out` missing; the exchange has no such moment.
                let expected: &[&str] = match at {
                    Step::Carry | Step::Clean => &["new"],
                    Step::MoveNew => &["missing"],
                    _ => &["old"],
                };
                assert!(expected.contains(&now), "{at:?} (fallback {fallback}): {now}");
                recover(&target(&out).unwrap()).unwrap();
                assert_eq!(holds(&out), if now == "new" { "new" } else { "old" }, "{at:?} (fallback {fallback})");
                assert_kept(&out);
                assert_eq!(leftovers(dir.path()), Vec::<String>::new(), "{at:?} (fallback {fallback})");
                publish(&out, &new_set(), &|_| Ok(())).map_err(|_| "the next run publishes").unwrap();
                assert_eq!(holds(&out), "new");
                assert_kept(&out);
            }
        }
    }

    #[test]
    fn the_first_publish_renames_the_staged_folder_into_place() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        assert!(matches!(publish(&out, &new_set(), &kill_at(Step::MoveNew, false)), Err(Stop::Kill)));
        assert_eq!(holds(&out), "missing", "the old set of a first run is no folder");
        publish(&out, &new_set(), &|_| Ok(())).map_err(|_| "publishes").unwrap();
        assert_eq!(holds(&out), "new");
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn a_live_runs_work_folder_is_left_alone() {
        let (dir, out) = setup();
        let target = target(&out).unwrap();
        let live = Work::create(&target).unwrap();
        recover(&target).unwrap();
        assert!(live.path.is_dir());
        drop(live);
        recover(&target).unwrap();
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn a_symlink_to_the_folder_stays_a_symlink_and_earlier_staging_folders_go() {
        let (dir, out) = setup();
        std::fs::create_dir_all(out.join(".docs2api-staging-123/src")).unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&out, &link).unwrap();
        publish(&link, &new_set(), &|_| Ok(())).map_err(|_| "publishes").unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(holds(&out), "new");
        assert!(!out.join(".docs2api-staging-123").exists());
    }
}
