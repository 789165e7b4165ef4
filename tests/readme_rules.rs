//! The README's table of rules is the registry's (`docs2api::diag::rules`), rendered: a rule added,
//! renamed or re-levelled shows in the README in the same commit. Outside CI (`CI` unset) a stale
//! table is rewritten, so the failure is fixed by rerunning the test.

mod common;

const README: &str = "README.md";
const BEGIN: &str = "<!-- rules:begin -->\n";
const END: &str = "<!-- rules:end -->";

#[test]
fn the_readme_rules_table_is_the_registry() {
    let text = std::fs::read_to_string(README).expect("the README is readable");
    let start = text.find(BEGIN).expect("the README has a `<!-- rules:begin -->` line") + BEGIN.len();
    let end =
        start + text[start..].find(END).expect("the README has a `<!-- rules:end -->` marker after the begin one");
    let table = docs2api::diag::rules::markdown_table();
    if text[start..end] == table {
        return;
    }
    if common::in_ci() {
        panic!("the README's rules table differs from src/diag/rules.rs; run `cargo test --test readme_rules`");
    }
    std::fs::write(README, format!("{}{table}{}", &text[..start], &text[end..])).expect("the README is writable");
    panic!("README rules table updated; rerun");
}
