//! Snapshots of the Rust generated for the seed operation. Review changes with
//! `cargo insta review`; the crate generated from docs-input/ is compiled (and its client and server
//! exercised) by `client_server.rs`.

mod common;

use common::{SEED, run};

fn seed_modules() -> docs2api::RustModules {
    run(&[SEED]).outputs().unwrap().rust_modules().expect("the seed's Rust is valid")
}

#[test]
fn seed_rust_types() {
    insta::assert_snapshot!("seed-types.rs", seed_modules().types);
}

#[test]
fn seed_rust_client() {
    insta::assert_snapshot!("seed-client.rs", seed_modules().client);
}

#[test]
fn seed_rust_server() {
    insta::assert_snapshot!("seed-server.rs", seed_modules().server);
}

#[test]
fn the_generated_rust_is_the_same_on_every_run() {
    assert_eq!(seed_modules(), seed_modules());
}
