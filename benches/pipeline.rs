//! The whole pipeline (read, layout, merge, resolve, emit) on generated page sets of growing size.
//!
//! Run with `cargo bench`. The design target is linear time: two thousand pages of the seed's size
//! well under a second on one core. Machines are noisy, so the numbers to compare are the ratios
//! printed within one run (time per page at each size), not absolute times across runs.

use std::time::{Duration, Instant};

use docs2api::diag::Diagnostics;
use docs2api::read::Syntax;
use docs2api::{Info, Version};

const SEED: &str = include_str!("../docs-input/tickets/explorer/ChangeTicketStatus.txt");

/// `n` distinct operations: the seed with its operation id, path and types renamed.
fn pages(n: usize) -> Vec<(String, String)> {
    (0..n)
        .map(|i| {
            let text = SEED
                .replace("ChangeTicketStatus", &format!("ChangeTicketStatus{i}"))
                .replace("/tickets/", &format!("/tickets{i}/"))
                .replace("TicketInventory", &format!("Ticket{i}Inventory"));
            (format!("pages/p{i}.txt"), text)
        })
        .collect()
}

fn pipeline(pages: &[(String, String)]) -> usize {
    let mut diags = Diagnostics::new();
    let facts: Vec<_> = pages
        .iter()
        .filter_map(|(name, text)| docs2api::pages::read_page_bytes(name, Syntax::Text, text.as_bytes(), &mut diags))
        .collect();
    let api = docs2api::build::build(facts, &mut diags);
    let doc = docs2api::emit::openapi::document(&api, &Info::default(), Version::V3_1);
    docs2api::emit::openapi::to_yaml(&doc).len()
}

/// The fastest of a few runs: the least disturbed by the rest of the machine.
fn best_of(runs: usize, pages: &[(String, String)]) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(pipeline(pages));
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let sizes = [20usize, 200, 2000];
    let mut per_page = Vec::new();
    for n in sizes {
        let set = pages(n);
        let runs = if n >= 2000 { 3 } else { 10 };
        let t = best_of(runs, &set);
        let us = t.as_secs_f64() * 1e6 / n as f64;
        per_page.push(us);
        println!("pipeline/{n:>5} pages: {:>9.2} ms total, {us:>7.1} µs per page", t.as_secs_f64() * 1e3);
    }
    println!("linearity: per-page time at 2000 pages is {:.2}× that at 200 (1.00 = linear)", per_page[2] / per_page[1]);
}
