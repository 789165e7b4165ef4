//! The same input gives byte-identical output, whatever order the pages are named in.

mod common;

use common::run;

#[test]
fn two_runs_give_the_same_bytes() {
    let a = run(&["docs-input"]);
    let b = run(&["docs-input"]);
    let (a_out, b_out) = (a.outputs().unwrap(), b.outputs().unwrap());
    assert_eq!(a_out.files().unwrap(), b_out.files().unwrap());
    assert_eq!(a.model_json(), b.model_json());
}

#[test]
fn the_order_pages_are_named_in_does_not_matter() {
    let mut pages: Vec<String> = Vec::new();
    collect("docs-input/tickets", &mut pages);
    assert!(pages.len() > 1);
    let forward: Vec<&str> = pages.iter().map(String::as_str).collect();
    let backward: Vec<&str> = forward.iter().rev().copied().collect();
    let (a, b) = (run(&forward), run(&backward));
    let (a_out, b_out) = (a.outputs().unwrap(), b.outputs().unwrap());
    assert_eq!(a_out.openapi_yaml(docs2api::Version::V3_1), b_out.openapi_yaml(docs2api::Version::V3_1));
    assert_eq!(a.diagnostics(), b.diagnostics());
}

fn collect(dir: &str, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(path.to_str().unwrap(), out);
        } else if path.extension().is_some_and(|e| e == "txt") {
            out.push(path.to_str().unwrap().to_owned());
        }
    }
    out.sort();
}
