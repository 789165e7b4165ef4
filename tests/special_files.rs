//! Special files among the pages (issue 11, class 8): a FIFO blocks a reader forever, `/dev/zero`
//! never ends, a huge file takes all memory. Each is refused at its line 1, quickly, and the other
//! pages are still read. Every read runs under a timeout, so that a regression fails, not hangs.

#![cfg(unix)]

mod common;

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use common::SEED;
use docs2api::{Generator, Level};

/// Reads the folder in another thread; the errors as `NAME:LINE [rule]`, and the operations read.
fn read_folder(dir: &Path) -> (Vec<String>, usize) {
    let (send, receive) = mpsc::channel();
    let dir = dir.to_owned();
    std::thread::spawn(move || {
        let run = Generator::new().input(&dir).run().expect("the folder is listable");
        let errors: Vec<String> = run
            .diagnostics()
            .iter()
            .filter(|d| d.level == Level::Error)
            .map(|d| {
                let file = Path::new(&d.source.file).file_name().unwrap().to_string_lossy().into_owned();
                format!("{file}:{} [{}]", d.source.line, d.rule)
            })
            .collect();
        let _ = send.send((errors, run.api.operations.len()));
    });
    receive.recv_timeout(Duration::from_secs(20)).expect("reading the folder finished within 20 s")
}

/// How many operations the seed page alone gives.
fn seed_operations() -> usize {
    common::run(&[SEED]).api.operations.len()
}

/// A folder with the seed page and `special` beside it.
fn folder_with(special: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(SEED, dir.path().join("ChangeTicketStatus.txt")).unwrap();
    special(dir.path());
    dir
}

#[test]
fn a_fifo_is_refused_without_blocking() {
    let dir = folder_with(|d| {
        let status = std::process::Command::new("mkfifo").arg(d.join("pipe.txt")).status().unwrap();
        assert!(status.success());
    });
    assert_eq!(read_folder(dir.path()), (vec!["pipe.txt:1 [not-a-file]".to_owned()], seed_operations()));
}

#[test]
fn a_symlink_to_dev_zero_is_refused_without_reading() {
    let dir = folder_with(|d| std::os::unix::fs::symlink("/dev/zero", d.join("zero.txt")).unwrap());
    assert_eq!(read_folder(dir.path()), (vec!["zero.txt:1 [not-a-file]".to_owned()], seed_operations()));
}

#[test]
fn a_symlink_to_a_regular_page_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::canonicalize(SEED).unwrap();
    std::os::unix::fs::symlink(seed, dir.path().join("linked.txt")).unwrap();
    assert_eq!(read_folder(dir.path()), (vec![], seed_operations()));
}

#[test]
fn a_page_over_16_mib_is_refused_and_one_of_16_mib_is_read() {
    let limit = docs2api::MAX_PAGE_BYTES;
    assert_eq!(limit, 16 * 1024 * 1024, "the README states 16 MiB");
    // Sparse files: the size without the writing.
    let dir = folder_with(|d| std::fs::File::create(d.join("huge.txt")).unwrap().set_len(limit + 1).unwrap());
    assert_eq!(read_folder(dir.path()), (vec!["huge.txt:1 [page-too-large]".to_owned()], seed_operations()));
    let at_limit = folder_with(|d| std::fs::File::create(d.join("big.txt")).unwrap().set_len(limit).unwrap());
    let (errors, operations) = read_folder(at_limit.path());
    assert!(errors.iter().all(|e| !e.contains("page-too-large")), "{errors:?}");
    assert_eq!(operations, seed_operations());
}

#[test]
fn a_fifo_named_directly_is_refused_too() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("pipe.md");
    assert!(std::process::Command::new("mkfifo").arg(&pipe).status().unwrap().success());
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let run = Generator::new().input(&pipe).input(SEED).run().unwrap();
        let rules: Vec<&str> = run.diagnostics().iter().filter(|d| d.level == Level::Error).map(|d| d.rule).collect();
        let _ = send.send((rules, run.api.operations.len()));
    });
    assert_eq!(receive.recv_timeout(Duration::from_secs(20)).unwrap(), (vec!["not-a-file"], seed_operations()));
}

#[test]
fn an_overlay_that_is_a_fifo_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("fix.yaml");
    assert!(std::process::Command::new("mkfifo").arg(&pipe).status().unwrap().success());
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let run = Generator::new().input(SEED).overlay(&pipe).run().unwrap();
        let errors: Vec<String> =
            run.diagnostics().iter().filter(|d| d.level == Level::Error).map(|d| d.to_string()).collect();
        let _ = send.send(errors);
    });
    let errors = receive.recv_timeout(Duration::from_secs(20)).unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("cannot read the overlay: it is a FIFO, not a regular file"), "{errors:?}");
}
