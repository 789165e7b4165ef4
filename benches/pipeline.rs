//! The whole pipeline on generated page sets of growing size: pages to the OpenAPI document (read,
//! layout, merge, resolve, profile, emit), and the model to the Rust modules.
//!
//! Run with `cargo bench`. The design target is linear time: two thousand pages of the seed's size
//! well under a second on one core. Machines are noisy, so the numbers to compare are the ratios
//! printed within one run (time per page at each size), not absolute times across runs.

use std::time::{Duration, Instant};

use docs2api::diag::Diagnostics;
use docs2api::internals::Syntax;
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

/// Read, layout, merge, resolve, the zstack profile, and the OpenAPI document as YAML.
fn pipeline(pages: &[(String, String)]) -> usize {
    let api = model(pages);
    let doc = docs2api::internals::openapi_document(&api, &Info::default(), Version::V3_1);
    docs2api::internals::openapi_yaml(&doc).len()
}

fn model(pages: &[(String, String)]) -> docs2api::Api {
    let mut diags = Diagnostics::new();
    let facts: Vec<_> = pages
        .iter()
        .filter_map(|(name, text)| {
            docs2api::internals::read_page_bytes(name, Syntax::Text, text.as_bytes(), &mut diags)
        })
        .collect();
    let mut api = docs2api::internals::resolve(facts, &mut diags);
    docs2api::internals::apply_profile(&mut api, &docs2api::Profile::Auto, &[], &mut diags);
    api
}

/// The Rust modules (plan, tokens, syn, prettyplease) for a model.
fn rust(api: &docs2api::Api) -> usize {
    let modules = docs2api::internals::rust_modules(api, &docs2api::RustSettings::default()).expect("valid Rust");
    modules.types.len() + modules.client.len() + modules.server.len()
}

/// The fastest of a few runs: the least disturbed by the rest of the machine.
fn best_of(runs: usize, mut work: impl FnMut() -> usize) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(work());
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// Prints one measurement and returns the time per page in microseconds.
fn report(what: &str, n: usize, t: Duration) -> f64 {
    let us = t.as_secs_f64() * 1e6 / n as f64;
    println!("{what} {n:>5} pages: {:>9.2} ms total, {us:>7.1} µs per page", t.as_secs_f64() * 1e3);
    us
}

fn main() {
    let sizes = [20usize, 200, 2000];
    let (mut openapi, mut rusts) = (Vec::new(), Vec::new());
    for n in sizes {
        let set = pages(n);
        let runs = if n >= 2000 { 3 } else { 10 };
        openapi.push(report("pages → OpenAPI", n, best_of(runs, || pipeline(&set))));
        let api = model(&set);
        rusts.push(report("model → Rust   ", n, best_of(runs, || rust(&api))));
    }
    for (what, per_page) in [("pages → OpenAPI", &openapi), ("model → Rust", &rusts)] {
        let ratio = per_page[2] / per_page[1];
        println!("linearity of {what}: per-page time at 2000 pages is {ratio:.2}× that at 200 (1.00 = linear)");
    }
}
