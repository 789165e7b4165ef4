//! The whole pipeline on generated page sets of growing size: pages to the OpenAPI document (read,
//! layout, merge, resolve, profile, emit), and the model to the Rust modules.
//!
//! Then the sizes of issue 11's quadratic inputs (one page with 50,000 body fields of one name, one
//! with 30,000 names that snake-case alike, an overlay with 20,000 unknown field names, 100,000
//! nested `<div>`s), each beside a tenth of its size: linear growth shows as a ratio near 10.
//!
//! Run with `cargo bench`; `DOCS2API_BENCH_QUICK=1 cargo bench` is the short run (one pass, the
//! page sets up to 200 pages, every hostile size divided by ten). The design target is linear time: two thousand pages of the seed's size
//! well under a second on one core. Machines are noisy, so the numbers to compare are the ratios
//! printed within one run (time per page at each size), not absolute times across runs.

use std::time::{Duration, Instant};

use docs2api::diag::Diagnostics;
use docs2api::internals::{Overlay, OverlayFormat, Syntax};
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

/// The short run, for CI and for timing old code: `DOCS2API_BENCH_QUICK` set to anything but `0`.
fn quick() -> bool {
    std::env::var("DOCS2API_BENCH_QUICK").is_ok_and(|v| v != "0")
}

fn main() {
    page_sets();
    hostile();
}

fn page_sets() {
    let sizes: &[usize] = if quick() { &[2, 20, 200] } else { &[20, 200, 2000] };
    let (mut openapi, mut rusts) = (Vec::new(), Vec::new());
    for &n in sizes {
        let set = pages(n);
        let runs = if quick() {
            1
        } else if n >= 2000 {
            3
        } else {
            10
        };
        openapi.push(report("pages → OpenAPI", n, best_of(runs, || pipeline(&set))));
        let api = model(&set);
        rusts.push(report("model → Rust   ", n, best_of(runs, || rust(&api))));
    }
    for (what, per_page) in [("pages → OpenAPI", &openapi), ("model → Rust", &rusts)] {
        let ratio = per_page[2] / per_page[1];
        let (small, large) = (sizes[1], sizes[2]);
        println!("linearity of {what}: per-page time at {large} pages is {ratio:.2}× that at {small} (1.00 = linear)");
    }
}

/// One page of the seed with its body fields replaced by `fields`, each `String`, `Optional.`.
fn page_with_body_fields(fields: impl Iterator<Item = String>) -> String {
    let (head, rest) = SEED.split_once("Body Fields\n\n").expect("the seed has body fields");
    let tail = &rest[rest.find("Responses\n").expect("the seed has responses")..];
    let mut page = format!("{head}Body Fields\n\n");
    for name in fields {
        page.push_str(&format!("  \u{2022} {name}String\n\n    Optional.\n\n"));
    }
    page + tail
}

/// `n` names that all snake-case to `al_be_ga_…`: each word after the first is joined by `_` or
/// by a capital (`alBe`, `al_be`, `Al_be`, `AlBe`, …), chosen by the bits of the name's number.
fn snake_alike(n: usize) -> impl Iterator<Item = String> {
    const WORDS: [&str; 16] =
        ["al", "be", "ga", "de", "ep", "ze", "et", "th", "io", "ka", "la", "mu", "nu", "xi", "om", "pi"];
    assert!(n <= 1 << WORDS.len(), "{n} names need more words");
    (0..n).map(|i| {
        let mut name = String::new();
        for (bit, word) in WORDS.iter().enumerate() {
            let capital = i >> bit & 1 == 1;
            if bit > 0 && !capital {
                name.push('_');
            }
            let mut chars = word.chars();
            if capital {
                name.extend(chars.next().map(|c| c.to_ascii_uppercase()));
            }
            name.push_str(chars.as_str());
        }
        name
    })
}

/// An overlay naming `n` body fields the seed does not have.
fn unknown_fields_overlay(n: usize) -> String {
    let mut text = String::from("operations:\n  ChangeTicketStatus:\n    fields:\n");
    for i in 0..n {
        text.push_str(&format!("      body.changeticketstatus.missing{i}:\n        required: true\n"));
    }
    text
}

/// An HTML page with the seed's text inside `n` nested `<div>`s.
fn nested_divs(n: usize) -> String {
    let body: String = SEED.lines().map(|l| format!("<p>{l}</p>\n")).collect();
    format!("<html><body>{}{body}{}</body></html>", "<div>".repeat(n), "</div>".repeat(n))
}

/// One page through the whole pipeline: read, model, OpenAPI YAML and the Rust modules.
fn one_page(syntax: Syntax, text: &str) -> usize {
    let mut diags = Diagnostics::new();
    let facts = docs2api::internals::read_page_bytes("pages/p.txt", syntax, text.as_bytes(), &mut diags);
    let mut api = docs2api::internals::resolve(facts.into_iter().collect(), &mut diags);
    docs2api::internals::apply_profile(&mut api, &docs2api::Profile::Auto, &[], &mut diags);
    let doc = docs2api::internals::openapi_document(&api, &Info::default(), Version::V3_1);
    docs2api::internals::openapi_yaml(&doc).len() + rust(&api) + diags.len()
}

/// The seed's model with one overlay applied: the diagnostics it gave.
fn overlay(api: &docs2api::Api, text: &str) -> usize {
    let mut diags = Diagnostics::new();
    let overlay = Overlay::parse("overlay.yaml".into(), OverlayFormat::Yaml, text.to_owned(), &mut diags);
    let mut api = api.clone();
    docs2api::internals::apply_profile(&mut api, &docs2api::Profile::Auto, overlay.as_slice(), &mut diags);
    diags.len()
}

/// Times `work` on the input `make` builds at `n` and at a tenth of `n` (building it is not
/// timed), and prints both and their ratio (10 = linear).
fn grows<T>(what: &str, n: usize, make: impl Fn(usize) -> T, work: impl Fn(&T) -> usize) {
    let n = if quick() { n / 10 } else { n };
    let runs = if quick() { 1 } else { 3 };
    let (small_input, large_input) = (make(n / 10), make(n));
    let small = best_of(runs, || work(&small_input));
    let large = best_of(runs, || work(&large_input));
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-9);
    println!(
        "{what:<34} {:>7}: {:>9.2} ms; at {:>6}: {:>8.2} ms; ratio {ratio:>5.1} (10 = linear)",
        n,
        large.as_secs_f64() * 1e3,
        n / 10,
        small.as_secs_f64() * 1e3
    );
}

fn hostile() {
    let text = |page: &String| one_page(Syntax::Text, page);
    grows("body fields of one name", 50_000, |n| page_with_body_fields((0..n).map(|_| "name".to_owned())), text);
    grows("names that snake-case alike", 30_000, |n| page_with_body_fields(snake_alike(n)), text);
    let seed = model(&pages(1));
    grows("overlay with unknown field names", 20_000, unknown_fields_overlay, |o| overlay(&seed, o));
    grows("nested <div>s", 100_000, nested_divs, |page| one_page(Syntax::Html, page));
}
