//! `docs2api generate` killed with SIGKILL at random moments (issue 11, class 7): after every kill
//! `--out` holds exactly the old set or exactly the new set of files, byte for byte, and the next
//! run leaves no work folder. Bounded and deterministic: a fixed number of runs and a fixed seed;
//! half the kills come at any moment of a run, half once its work folder appears (publishing has
//! begun), so that many land mid-publish and not only while the pages are read.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use docs2api::output::{self, OutputFile};

const ITERATIONS: u32 = 40;
const OVERLAY: &str = "tests/cases/seed-overlay/overlay.yaml";

/// A small deterministic generator (xorshift64), so that a failure reproduces.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// The two sets: docs-input as it is, and with an overlay (other contents in most files).
fn sets() -> [Vec<OutputFile>; 2] {
    let plain = docs2api::Generator::new().input("docs-input").run().unwrap();
    let overlaid = docs2api::Generator::new().input("docs-input").overlay(OVERLAY).run().unwrap();
    [plain, overlaid].map(|run| run.outputs().unwrap().files().unwrap())
}

fn generate(out: &Path, overlaid: bool) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_docs2api"));
    cmd.args(["generate", "--input", "docs-input", "--out"]).arg(out);
    if overlaid {
        cmd.args(["--overlay", OVERLAY]);
    }
    cmd.stdout(Stdio::null()).stderr(Stdio::null());
    cmd
}

/// The work folders beside `out`.
fn work_folders(parent: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(parent).unwrap().map(|e| e.unwrap().path());
    entries.filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(".out.docs2api-"))).collect()
}

/// Which set `out` holds exactly (0 or 1); panics on anything else.
fn holds(out: &Path, sets: &[Vec<OutputFile>; 2], context: &str) -> usize {
    let exact: Vec<usize> = (0..2).filter(|&i| output::stale(out, &sets[i]).is_empty()).collect();
    assert_eq!(exact.len(), 1, "{context}: out holds neither set whole: {:?}", output::stale(out, &sets[0]));
    exact[0]
}

#[test]
fn killed_at_random_moments_out_holds_one_whole_set_and_the_next_run_cleans_up() {
    let sets = sets();
    assert_ne!(sets[0], sets[1]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let start = Instant::now();
    assert!(generate(&out, false).status().unwrap().success());
    let run_time = start.elapsed();
    std::fs::write(out.join(".gitignore"), "target\n").unwrap();
    let mut rng = Rng(0x0d0c_2a91_5eed_0011);
    let (mut mid_publish, mut before, mut finished, mut swapped) = (0, 0, 0, 0);
    for i in 0..ITERATIONS {
        let current = holds(&out, &sets, "before the run");
        let mut child = generate(&out, current == 0).spawn().unwrap();
        if i % 2 == 0 {
            std::thread::sleep(run_time.mul_f64(rng.below(1000) as f64 / 900.0));
        } else {
            // Wait for publishing to begin, then let it run for up to 20 ms.
            let deadline = Instant::now() + run_time * 3;
            while work_folders(dir.path()).is_empty() && Instant::now() < deadline {
                std::thread::yield_now();
            }
            std::thread::sleep(Duration::from_micros(rng.below(20_000)));
        }
        let exited = child.try_wait().unwrap().is_some();
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let left = work_folders(dir.path());
        match (exited, left.is_empty()) {
            (true, _) => finished += 1,
            (false, false) => mid_publish += 1,
            (false, true) => before += 1,
        }
        let now = holds(&out, &sets, &format!("after kill {i}"));
        if now != current && !exited {
            swapped += 1; // killed after the swap: the kept entries were still to move
        }

        // The next run recovers, publishes, and leaves no work folder; the hidden file stays.
        assert!(generate(&out, now == 0).status().unwrap().success(), "the run after kill {i}");
        assert_eq!(holds(&out, &sets, &format!("after the run after kill {i}")), 1 - now);
        assert_eq!(work_folders(dir.path()), Vec::<PathBuf>::new(), "after the run after kill {i}");
        assert_eq!(std::fs::read_to_string(out.join(".gitignore")).unwrap(), "target\n", "after kill {i}");
    }
    eprintln!(
        "{ITERATIONS} runs: {mid_publish} killed mid-publish ({swapped} of them after the swap), {before} killed \
         before publishing, {finished} finished first"
    );
    assert!(mid_publish >= ITERATIONS / 8, "too few kills landed mid-publish ({mid_publish}) to test anything");
}
